/*
 * testutil.h - fixtures shared by the unit tests of the domain, the
 * planner and the scenarios: the real catalogue and factors from
 * $MASSEFLYT_DATA, and small registries built record by record.
 *
 * Header-only (static functions) so that each test binary stays one file;
 * tests include it after cmocka.h.
 */
#ifndef MF_TESTUTIL_H
#define MF_TESTUTIL_H

#include "masseflyt/impact.h"
#include "masseflyt/model.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* a and b within eps, in double precision. (cmocka's assert_float_equal
 * compares floats, about seven digits, and casts only its first operand
 * of an expression such as x - y.) */
#define tu_near(a, b, eps) tu_near_((a), (b), (eps), #a, __FILE__, __LINE__)

static inline void tu_near_(double a, double b, double eps, const char *what,
                            const char *file, int line)
{
    if (!(fabs(a - b) <= eps))
        fail_msg("%s:%d: %s = %.17g, want %.17g within %g", file, line, what, a,
                 b, eps);
}

static inline struct mf_catalog *tu_catalog(void)
{
    struct mf_catalog *cat = NULL;
    struct mf_error err = {0};

    /* The library reads no environment: the folder is passed. */
    if (mf_catalog_load(&cat, getenv("MASSEFLYT_DATA"), &err))
        fail_msg("catalogue: %s: %s", err.where, err.message);
    return cat;
}

static inline struct mf_factors *tu_factors(void)
{
    struct mf_factors *f = NULL;
    struct mf_error err = {0};

    if (mf_factors_load(&f, getenv("MASSEFLYT_DATA"), &err))
        fail_msg("factors: %s: %s", err.where, err.message);
    return f;
}

static inline struct mf_registry *tu_registry(const struct mf_catalog *cat)
{
    struct mf_registry *reg = NULL;
    struct mf_error err = {0};

    if (mf_registry_new(&reg, cat, &err))
        fail_msg("registry: %s", err.message);
    return reg;
}

static inline int32_t tu_date(const char *s)
{
    int32_t d = MF_DATE_NONE;

    assert_int_equal(mf_date_parse(s, &d, NULL), MF_OK);
    return d;
}

static inline int tu_material(const struct mf_registry *reg, const char *code)
{
    int m = mf_catalog_find_material(mf_registry_catalog(reg), code);

    if (m < 0)
        fail_msg("no material %s", code);
    return m;
}

static inline int tu_use(const struct mf_registry *reg, const char *code)
{
    int u = mf_catalog_find_use(mf_registry_catalog(reg), code);

    if (u < 0)
        fail_msg("no use %s", code);
    return u;
}

static inline struct mf_location tu_place(double lat, double lon)
{
    struct mf_location l;

    l.x = lon;
    l.y = lat;
    l.epsg = 4326;
    l.lon = lon;
    l.lat = lat;
    return l;
}

static inline void tu_org(struct mf_registry *reg, const char *id,
                          int is_public)
{
    struct mf_org o;

    memset(&o, 0, sizeof o);
    o.id = id;
    o.name = id;
    o.is_public = is_public;
    assert_int_equal(mf_registry_put_org(reg, &o), MF_OK);
}

static inline void tu_project(struct mf_registry *reg, const char *id,
                              const char *org, const char *municipality)
{
    struct mf_project p;

    memset(&p, 0, sizeof p);
    p.id = id;
    p.name = id;
    p.org = org;
    p.municipality = municipality;
    p.start = MF_DATE_NONE;
    p.end = MF_DATE_NONE;
    assert_int_equal(mf_registry_put_project(reg, &p), MF_OK);
}

/* A site; materials is a ';'-separated list of codes (may be ""). */
static inline void tu_site(struct mf_registry *reg, const char *id,
                           enum mf_site_kind kind, double lat, double lon,
                           const char *materials, const char *product,
                           double capacity_t, double fee)
{
    struct mf_site s;
    int mats[16], n = 0;
    char buf[256], *p, *save = NULL;

    memset(&s, 0, sizeof s);
    strncpy(buf, materials, sizeof buf - 1);
    buf[sizeof buf - 1] = '\0';
    for (p = strtok_r(buf, ";", &save); p && n < 16;
         p = strtok_r(NULL, ";", &save))
        mats[n++] = tu_material(reg, p);
    s.id = id;
    s.name = id;
    s.kind = kind;
    s.loc = tu_place(lat, lon);
    s.open_from = MF_DATE_NONE;
    s.open_to = MF_DATE_NONE;
    s.materials = mats;
    s.n_materials = n;
    s.product = product ? tu_material(reg, product) : -1;
    s.capacity = capacity_t;
    s.capacity_state = capacity_t >= 0 ? MF_STATE_T : MF_STATE_NONE;
    s.capacity_t = capacity_t;
    s.fee = fee;
    assert_int_equal(mf_registry_put_site(reg, &s), MF_OK);
}

/* A lot in tonnes; material or use may be NULL. */
static inline struct mf_lot tu_lot_base(struct mf_registry *reg, const char *id,
                                        enum mf_lot_kind kind,
                                        const char *project,
                                        const char *material, const char *use,
                                        double tonnes, const char *from,
                                        const char *to, double lat, double lon)
{
    struct mf_lot l;

    memset(&l, 0, sizeof l);
    l.id = id;
    l.kind = kind;
    l.project = project;
    l.material = material ? tu_material(reg, material) : -1;
    l.use = use ? tu_use(reg, use) : -1;
    l.quantity = tonnes;
    l.state = MF_STATE_T;
    l.tonnes = tonnes;
    l.from = tu_date(from);
    l.to = tu_date(to);
    l.condition_class = 1;
    l.acid = MF_ACID_NEGATIVE;
    l.planned_independently = 1;
    l.is_public = 1;
    l.loc = tu_place(lat, lon);
    return l;
}

static inline void tu_put_lot(struct mf_registry *reg, const struct mf_lot *l)
{
    assert_int_equal(mf_registry_put_lot(reg, l), MF_OK);
}

static inline void tu_supply(struct mf_registry *reg, const char *id,
                             const char *project, const char *material,
                             double tonnes, const char *from, const char *to,
                             double lat, double lon)
{
    struct mf_lot l = tu_lot_base(reg, id, MF_LOT_SUPPLY, project, material,
                                  NULL, tonnes, from, to, lat, lon);

    tu_put_lot(reg, &l);
}

static inline void tu_demand(struct mf_registry *reg, const char *id,
                             const char *project, const char *use,
                             double tonnes, const char *from, const char *to,
                             double lat, double lon)
{
    struct mf_lot l = tu_lot_base(reg, id, MF_LOT_DEMAND, project, NULL, use,
                                  tonnes, from, to, lat, lon);

    tu_put_lot(reg, &l);
}

#ifdef LIBPQ_FE_H
#include <stdio.h>
#include <unistd.h>

/* ---- The store a test runs on (store_test.c, jobs_store_test.c) ----
 * Only for a test that includes <libpq-fe.h> before this file. By
 * default every test gets a new SQLite file under /tmp; with
 * MF_TEST_STORE=pg (ctest's pg.* store tests, inside tests/pg-cluster.sh,
 * whose PG* variables name the cluster) a new database of the throwaway
 * PostgreSQL cluster instead, copied from template_db when one is given.
 * tu_store_setup and tu_store_teardown are the tests' setup and
 * teardown. */
struct tu_store {
    char path[512];          /* the SQLite file or the PostgreSQL URL */
    int pg;                  /* MF_TEST_STORE=pg */
    const char *name;        /* the databases' prefix ("mft") */
    const char *file;        /* the files' prefix ("mf-store") */
    const char *template_db; /* NULL: a database made from scratch */
    char db[64];             /* this test's PostgreSQL database */
    unsigned n_created;      /* databases made so far */
};

/* The cluster's maintenance database. */
static inline PGconn *tu_pg_admin(void)
{
    PGconn *c = PQconnectdb("dbname=postgres");

    if (PQstatus(c) != CONNECTION_OK)
        fail_msg("cannot reach the test cluster: %s", PQerrorMessage(c));
    return c;
}

static inline void tu_pg_do(PGconn *c, const char *sql)
{
    PGresult *r = PQexec(c, sql);

    if (PQresultStatus(r) != PGRES_COMMAND_OK &&
        PQresultStatus(r) != PGRES_TUPLES_OK)
        fail_msg("%s: %s", sql, PQerrorMessage(c));
    PQclear(r);
}

/* MF_TEST_STORE says which backend; call once from main. */
static inline void tu_store_init(struct tu_store *s)
{
    const char *which = getenv("MF_TEST_STORE");

    s->pg = which && !strcmp(which, "pg");
}

static inline void tu_store_setup(struct tu_store *s)
{
    char sql[200];
    int fd;

    if (s->pg) {
        PGconn *c = tu_pg_admin();
        snprintf(s->db, sizeof s->db, "%s_%ld_%u", s->name, (long)getpid(),
                 s->n_created++);
        if (s->template_db)
            snprintf(sql, sizeof sql, "CREATE DATABASE %s TEMPLATE %s", s->db,
                     s->template_db);
        else
            snprintf(sql, sizeof sql, "CREATE DATABASE %s", s->db);
        tu_pg_do(c, sql);
        PQfinish(c);
        snprintf(s->path, sizeof s->path, "postgresql://postgres@/%s?host=%s",
                 s->db, getenv("PGHOST"));
        return;
    }
    snprintf(s->path, sizeof s->path, "/tmp/%s-XXXXXX", s->file);
    fd = mkstemp(s->path);
    if (fd < 0)
        fail_msg("mkstemp %s failed", s->path);
    close(fd);
    unlink(s->path);
}

static inline void tu_store_teardown(struct tu_store *s)
{
    char p[600];

    if (s->pg) {
        PGconn *c = tu_pg_admin();
        snprintf(p, sizeof p, "DROP DATABASE %s WITH (FORCE)", s->db);
        tu_pg_do(c, p);
        PQfinish(c);
        return;
    }
    unlink(s->path);
    snprintf(p, sizeof p, "%s-wal", s->path);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", s->path);
    unlink(p);
}
#endif /* LIBPQ_FE_H */

#endif
