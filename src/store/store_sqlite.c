/*
 * store_sqlite.c - the embedded SQLite backend.
 *
 * WAL journal, foreign keys on, synchronous=FULL (a committed import
 * survives a power cut; a crash mid-import leaves the database as before,
 * since an import is one transaction). The schema is the numbered
 * migrations in src/store/migrations, embedded at build time; the number of
 * the last one applied is kept in PRAGMA user_version.
 */
#include "store.h"

#include "util/atomic_file.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

struct migration {
    int version;
    const char *name;
    const char *sql;
};

#include "migrations.h"

#define N_MIGRATIONS ((int)(sizeof migrations / sizeof migrations[0]))

enum { ST_ORG, ST_PROJECT, ST_SITE, ST_LOT, ST_COUNT };

/* How long a writer waits for another writer (an import, a plan being
 * stored) before it gives up with "the database is busy": long enough
 * for an import of a million lots; readers never wait (WAL). */
#define WRITE_WAIT_MS (10 * 60 * 1000)

struct sqlite_store {
    struct store base;
    sqlite3 *db;
    char *path;
    sqlite3_stmt *put[ST_COUNT];
};

/* Turns SQLite's result code into what the user can act on: a damaged
 * file (restore it), a full disk, a database another program is writing,
 * a read-only file; anything else keeps SQLite's own message. */
static int sqlite_fail(struct sqlite_store *s, int code, const char *what,
                       const char *msg, struct mf_error *err)
{
    switch (code & 0xff) {
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
        return mf_error_at(err, MF_EDAMAGED, s->path,
                           "the database is damaged (%s: %s); restore it "
                           "from a backup ('masseflyt check-db' tells more)",
                           what, msg);
    case SQLITE_FULL:
        return mf_error_at(err, MF_EIO, s->path,
                           "the disk is full; nothing was written");
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return mf_error_at(err, MF_ESTORE, s->path,
                           "%s: the database is busy: another masseflyt is "
                           "writing to it (an import?); try again when it "
                           "has finished",
                           what);
    case SQLITE_READONLY:
        return mf_error_at(err, MF_EIO, s->path,
                           "%s: the database is read-only for this user", what);
    case SQLITE_IOERR:
        return mf_error_at(err, MF_EIO, s->path, "%s: %s", what, msg);
    default:
        return mf_error_at(err, MF_ESTORE, s->path, "%s: %s", what, msg);
    }
}

static int db_error(struct sqlite_store *s, struct mf_error *err,
                    const char *what)
{
    return sqlite_fail(s, sqlite3_extended_errcode(s->db), what,
                       sqlite3_errmsg(s->db), err);
}

static int exec(struct sqlite_store *s, const char *sql, struct mf_error *err)
{
    char *msg = NULL;
    int rc = sqlite3_exec(s->db, sql, NULL, NULL, &msg);

    if (rc != SQLITE_OK) {
        rc = sqlite_fail(s, sqlite3_extended_errcode(s->db), "SQL failed",
                         msg ? msg : sqlite3_errstr(rc), err);
        sqlite3_free(msg);
        return rc;
    }
    return MF_OK;
}

static int user_version(struct sqlite_store *s, int *v, struct mf_error *err)
{
    sqlite3_stmt *st;

    if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL))
        return db_error(s, err, "reading the schema version");
    *v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
    sqlite3_finalize(st);
    return MF_OK;
}

static int migrate(struct sqlite_store *s, struct mf_error *err)
{
    int v = 0, i, rc;
    char sql[64];

    if ((rc = user_version(s, &v, err)))
        return rc;
    if (v > N_MIGRATIONS)
        return mf_error_at(err, MF_ESTORE, s->path,
                           "the database has schema version %d, newer than "
                           "this program (%d); upgrade masseflyt",
                           v, N_MIGRATIONS);
    for (i = 0; i < N_MIGRATIONS; i++) {
        if (migrations[i].version <= v)
            continue;
        if ((rc = exec(s, "BEGIN IMMEDIATE", err)))
            return rc;
        snprintf(sql, sizeof sql, "PRAGMA user_version = %d",
                 migrations[i].version);
        if ((rc = exec(s, migrations[i].sql, err)) ||
            (rc = exec(s, sql, err)) || (rc = exec(s, "COMMIT", err))) {
            exec(s, "ROLLBACK", NULL);
            if (rc != MF_ESTORE)
                return rc; /* damaged, disk full, busy: as said */
            return mf_error_at(err, MF_ESTORE, s->path,
                               "migration %s failed: %s", migrations[i].name,
                               err ? err->message : "");
        }
    }
    return MF_OK;
}

static const char *const put_sql[ST_COUNT] = {
    "INSERT INTO org (id, orgnr, name, is_public, note) VALUES (?,?,?,?,?) "
    "ON CONFLICT(id) DO UPDATE SET orgnr=excluded.orgnr, name=excluded.name, "
    "is_public=excluded.is_public, note=excluded.note",

    "INSERT INTO project (id, name, org, municipality, kind, start_date, "
    "end_date, source, note) VALUES (?,?,?,?,?,?,?,?,?) "
    "ON CONFLICT(id) DO UPDATE SET name=excluded.name, org=excluded.org, "
    "municipality=excluded.municipality, kind=excluded.kind, "
    "start_date=excluded.start_date, end_date=excluded.end_date, "
    "source=excluded.source, note=excluded.note",

    "INSERT INTO site (id, name, kind, org, project, municipality, x, y, "
    "epsg, lon, lat, restrictions, open_from, open_to, materials, product, "
    "capacity, capacity_unit, capacity_t, fee, holding, fill_height_m, "
    "source, note) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) "
    "ON CONFLICT(id) DO UPDATE SET name=excluded.name, kind=excluded.kind, "
    "org=excluded.org, project=excluded.project, "
    "municipality=excluded.municipality, x=excluded.x, y=excluded.y, "
    "epsg=excluded.epsg, lon=excluded.lon, lat=excluded.lat, "
    "restrictions=excluded.restrictions, open_from=excluded.open_from, "
    "open_to=excluded.open_to, materials=excluded.materials, "
    "product=excluded.product, capacity=excluded.capacity, "
    "capacity_unit=excluded.capacity_unit, capacity_t=excluded.capacity_t, "
    "fee=excluded.fee, holding=excluded.holding, "
    "fill_height_m=excluded.fill_height_m, source=excluded.source, "
    "note=excluded.note",

    "INSERT INTO lot (id, kind, project, site, material, use, quantity, "
    "unit, tonnes, from_date, to_date, flexible, stockpile_t, "
    "condition_class, natural_background, acid_test, plant_health, "
    "restrictions, planned_independently, is_public, x, y, epsg, lon, lat, "
    "source, note) VALUES "
    "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) "
    "ON CONFLICT(id) DO UPDATE SET kind=excluded.kind, "
    "project=excluded.project, site=excluded.site, "
    "material=excluded.material, use=excluded.use, "
    "quantity=excluded.quantity, unit=excluded.unit, "
    "tonnes=excluded.tonnes, from_date=excluded.from_date, "
    "to_date=excluded.to_date, flexible=excluded.flexible, "
    "stockpile_t=excluded.stockpile_t, "
    "condition_class=excluded.condition_class, "
    "natural_background=excluded.natural_background, "
    "acid_test=excluded.acid_test, plant_health=excluded.plant_health, "
    "restrictions=excluded.restrictions, "
    "planned_independently=excluded.planned_independently, "
    "is_public=excluded.is_public, x=excluded.x, y=excluded.y, "
    "epsg=excluded.epsg, lon=excluded.lon, lat=excluded.lat, "
    "source=excluded.source, note=excluded.note",
};

static void s_close(struct store *base)
{
    struct sqlite_store *s = (struct sqlite_store *)base;
    int i;

    for (i = 0; i < ST_COUNT; i++)
        sqlite3_finalize(s->put[i]);
    sqlite3_close(s->db);
    free(s->path);
    free(s);
}

/* A new database needs its folder: say so instead of SQLite's "unable to
 * open database file". */
static int folder_exists(const char *path, struct mf_error *err)
{
    const char *slash = strrchr(path, '/');
    char dir[4096];
    struct stat sb;

    if (!slash)
        return MF_OK;
    snprintf(dir, sizeof dir, "%.*s", (int)(slash - path), path);
    if (!dir[0] || (stat(dir, &sb) == 0 && S_ISDIR(sb.st_mode)))
        return MF_OK;
    return mf_error_at(err, MF_ENOTFOUND, path,
                       "cannot create the database: the folder '%s' does not "
                       "exist",
                       dir);
}

static int s_open(struct store **out, const char *path, int create,
                  struct mf_error *err)
{
    struct sqlite_store *s;
    struct stat sb;
    /* One thread uses a connection at a time, so SQLite's own mutexes
     * are not needed (they cost several per cent of a large import). */
    int rc, flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;

    *out = NULL;
    /* SQLite's memory statistics take a global mutex on every allocation;
     * nothing here reads them. This only works before SQLite starts, so
     * its answer is ignored when another user (PROJ) started it first. */
    (void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    if (stat(path, &sb) != 0) {
        if (!create)
            return mf_error_at(err, MF_ENOTFOUND, path,
                               "no database here; create one with "
                               "'masseflyt init' (or pass --db)");
        if ((rc = folder_exists(path, err)))
            return rc;
        flags |= SQLITE_OPEN_CREATE;
    }
    s = calloc(1, sizeof *s);
    if (!s || !(s->path = strdup(path))) {
        free(s);
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    }
    s->base.ops = &store_sqlite_ops;
    if (sqlite3_open_v2(path, &s->db, flags, NULL) != SQLITE_OK) {
        rc = s->db ? db_error(s, err, "cannot open")
                   : mf_error_set(err, MF_ENOMEM, "out of memory");
        s_close(&s->base);
        return rc;
    }
    /* A plan computed while an import runs waits to be stored rather than
     * being thrown away after all that work, and a second import waits
     * for the first. */
    sqlite3_busy_timeout(s->db, WRITE_WAIT_MS);
    /* A page cache of 64 MiB keeps a large import's B-trees in memory
     * until the commit writes them. */
    if ((rc = exec(s, "PRAGMA journal_mode=WAL", err)) ||
        (rc = exec(s, "PRAGMA cache_size=-65536", err)) ||
        (rc = exec(s, "PRAGMA foreign_keys=ON", err)) ||
        (rc = exec(s, "PRAGMA synchronous=FULL", err)) ||
        (rc = migrate(s, err))) {
        s_close(&s->base);
        return rc;
    }
    *out = &s->base;
    return MF_OK;
}

static int s_begin(struct store *base, struct mf_error *err)
{
    return exec((struct sqlite_store *)base, "BEGIN IMMEDIATE", err);
}

static int s_commit(struct store *base, struct mf_error *err)
{
    return exec((struct sqlite_store *)base, "COMMIT", err);
}

static void s_rollback(struct store *base)
{
    struct sqlite_store *s = (struct sqlite_store *)base;

    if (!sqlite3_get_autocommit(s->db))
        exec(s, "ROLLBACK", NULL);
}

/* ------------------------------------------------------------------ */
/* Writing                                                              */
/* ------------------------------------------------------------------ */

static void bind_text(sqlite3_stmt *st, int i, const char *v)
{
    if (v && *v)
        sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, i);
}

/* Binds a date formatted into buf, which must live until the step. */
static void bind_date(sqlite3_stmt *st, int i, int32_t d, char *buf, size_t len)
{
    if (d == MF_DATE_NONE)
        sqlite3_bind_null(st, i);
    else
        sqlite3_bind_text(st, i, mf_date_format(d, buf, len), -1,
                          SQLITE_STATIC);
}

static void bind_place(sqlite3_stmt *st, int i, const struct mf_location *l,
                       int own)
{
    if (own && l->epsg) {
        sqlite3_bind_double(st, i, l->x);
        sqlite3_bind_double(st, i + 1, l->y);
        sqlite3_bind_int(st, i + 2, l->epsg);
    } else {
        sqlite3_bind_null(st, i);
        sqlite3_bind_null(st, i + 1);
        sqlite3_bind_null(st, i + 2);
    }
    if (l->epsg) {
        sqlite3_bind_double(st, i + 3, l->lon);
        sqlite3_bind_double(st, i + 4, l->lat);
    } else {
        sqlite3_bind_null(st, i + 3);
        sqlite3_bind_null(st, i + 4);
    }
}

static const char *mat_code(const struct mf_catalog *cat, int m)
{
    const struct mf_material *mm = mf_catalog_material(cat, m);

    return mm ? mm->code : NULL;
}

static int s_put(struct store *base, const struct mf_catalog *cat,
                 enum mf_entity e, const void *rec, struct mf_error *err)
{
    struct sqlite_store *s = (struct sqlite_store *)base;
    sqlite3_stmt *st;
    char mats[1024], d1[16], d2[16];
    int rc;

    if (!s->put[e] &&
        sqlite3_prepare_v2(s->db, put_sql[e], -1, &s->put[e], NULL))
        return db_error(s, err, "preparing an insert");
    st = s->put[e];
    if (e == MF_ENT_ORG) {
        const struct mf_org *o = rec;
        bind_text(st, 1, o->id);
        bind_text(st, 2, o->orgnr);
        bind_text(st, 3, o->name);
        sqlite3_bind_int(st, 4, o->is_public);
        bind_text(st, 5, o->note);
    } else if (e == MF_ENT_PROJECT) {
        const struct mf_project *p = rec;
        bind_text(st, 1, p->id);
        bind_text(st, 2, p->name);
        bind_text(st, 3, p->org);
        bind_text(st, 4, p->municipality);
        bind_text(st, 5, p->kind);
        bind_date(st, 6, p->start, d1, sizeof d1);
        bind_date(st, 7, p->end, d2, sizeof d2);
        bind_text(st, 8, p->source);
        bind_text(st, 9, p->note);
    } else if (e == MF_ENT_SITE) {
        const struct mf_site *x = rec;
        size_t len = 0;
        int k;
        mats[0] = '\0';
        for (k = 0; k < x->n_materials; k++) {
            int n = snprintf(mats + len, sizeof mats - len, "%s%s",
                             k ? ";" : "", mat_code(cat, x->materials[k]));
            if (n < 0 || (size_t)n >= sizeof mats - len)
                break;
            len += (size_t)n;
        }
        bind_text(st, 1, x->id);
        bind_text(st, 2, x->name);
        bind_text(st, 3, mf_site_kind_name(x->kind));
        bind_text(st, 4, x->org);
        bind_text(st, 5, x->project);
        bind_text(st, 6, x->municipality);
        bind_place(st, 7, &x->loc, 1);
        sqlite3_bind_int(st, 12, (int)x->restrictions);
        bind_date(st, 13, x->open_from, d1, sizeof d1);
        bind_date(st, 14, x->open_to, d2, sizeof d2);
        sqlite3_bind_text(st, 15, mats, -1, SQLITE_STATIC);
        bind_text(st, 16, mat_code(cat, x->product));
        if (x->capacity_state != MF_STATE_NONE) {
            sqlite3_bind_double(st, 17, x->capacity);
            bind_text(st, 18, mf_state_name(x->capacity_state));
            sqlite3_bind_double(st, 19, x->capacity_t);
        } else {
            sqlite3_bind_null(st, 17);
            sqlite3_bind_null(st, 18);
            sqlite3_bind_null(st, 19);
        }
        sqlite3_bind_double(st, 20, x->fee);
        sqlite3_bind_double(st, 21, x->holding);
        sqlite3_bind_double(st, 22, x->fill_height_m);
        bind_text(st, 23, x->source);
        bind_text(st, 24, x->note);
    } else {
        const struct mf_lot *l = rec;
        const struct mf_use *u = mf_catalog_use(cat, l->use);
        bind_text(st, 1, l->id);
        bind_text(st, 2, l->kind == MF_LOT_DEMAND ? "demand" : "supply");
        bind_text(st, 3, l->project);
        bind_text(st, 4, l->site);
        bind_text(st, 5, mat_code(cat, l->material));
        bind_text(st, 6, u ? u->code : NULL);
        sqlite3_bind_double(st, 7, l->quantity);
        bind_text(st, 8, mf_state_name(l->state));
        sqlite3_bind_double(st, 9, l->tonnes);
        bind_date(st, 10, l->from, d1, sizeof d1);
        bind_date(st, 11, l->to, d2, sizeof d2);
        sqlite3_bind_int(st, 12, l->flexible);
        sqlite3_bind_double(st, 13, l->stockpile_t);
        sqlite3_bind_int(st, 14, l->condition_class);
        sqlite3_bind_int(st, 15, l->natural_background);
        sqlite3_bind_text(st, 16, mf_acid_name(l->acid), -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 17, mf_plant_health_name(l->plant_health), -1,
                          SQLITE_STATIC);
        sqlite3_bind_int(st, 18, (int)l->restrictions);
        sqlite3_bind_int(st, 19, l->planned_independently);
        sqlite3_bind_int(st, 20, l->is_public);
        bind_place(st, 21, &l->loc, 1);
        bind_text(st, 26, l->source);
        bind_text(st, 27, l->note);
    }
    rc = sqlite3_step(st);
    /* Every parameter is bound on each put, so no clearing is needed. */
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return db_error(s, err, "writing a record");
    return MF_OK;
}

/* ------------------------------------------------------------------ */
/* Reading                                                              */
/* ------------------------------------------------------------------ */

static const char *col_text(sqlite3_stmt *st, int i)
{
    return (const char *)sqlite3_column_text(st, i);
}

static int32_t col_date(sqlite3_stmt *st, int i)
{
    const char *t = col_text(st, i);
    int32_t d;

    if (!t || mf_date_parse(t, &d, NULL))
        return MF_DATE_NONE;
    return d;
}

static void col_place(sqlite3_stmt *st, int i, struct mf_location *l)
{
    memset(l, 0, sizeof *l);
    if (sqlite3_column_type(st, i + 3) == SQLITE_NULL)
        return;
    l->lon = sqlite3_column_double(st, i + 3);
    l->lat = sqlite3_column_double(st, i + 4);
    if (sqlite3_column_type(st, i + 2) != SQLITE_NULL) {
        l->x = sqlite3_column_double(st, i);
        l->y = sqlite3_column_double(st, i + 1);
        l->epsg = sqlite3_column_int(st, i + 2);
    } else {
        l->x = l->lon;
        l->y = l->lat;
        l->epsg = 4326;
    }
}

static int unknown_code(struct sqlite_store *s, struct mf_error *err,
                        const char *what, const char *id, const char *code)
{
    return mf_error_at(err, MF_EINVAL, s->path,
                       "%s %s refers to '%s', which the catalogue (data/) "
                       "does not know",
                       what, id, code ? code : "");
}

static int load_orgs(struct sqlite_store *s, struct mf_registry *reg,
                     struct mf_error *err)
{
    sqlite3_stmt *st;
    int rc = MF_OK, step = SQLITE_DONE;

    if (sqlite3_prepare_v2(s->db,
                           "SELECT id, orgnr, name, is_public, note FROM org "
                           "ORDER BY id",
                           -1, &st, NULL))
        return db_error(s, err, "reading organisations");
    while (rc == MF_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
        struct mf_org o;
        o.id = col_text(st, 0);
        o.orgnr = col_text(st, 1);
        o.name = col_text(st, 2);
        o.is_public = sqlite3_column_int(st, 3);
        o.note = col_text(st, 4);
        if (mf_registry_put_org(reg, &o))
            rc = mf_error_set(err, MF_ENOMEM, "out of memory");
    }
    /* A damaged page ends the rows early: never hand on part of the
     * registry as if it were the whole. */
    if (rc == MF_OK && step != SQLITE_DONE)
        rc = db_error(s, err, "reading organisations");
    sqlite3_finalize(st);
    return rc;
}

static int load_projects(struct sqlite_store *s, struct mf_registry *reg,
                         struct mf_error *err)
{
    sqlite3_stmt *st;
    int rc = MF_OK, step = SQLITE_DONE;

    if (sqlite3_prepare_v2(s->db,
                           "SELECT id, name, org, municipality, kind, "
                           "start_date, end_date, source, note FROM project "
                           "ORDER BY id",
                           -1, &st, NULL))
        return db_error(s, err, "reading projects");
    while (rc == MF_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
        struct mf_project p;
        p.id = col_text(st, 0);
        p.name = col_text(st, 1);
        p.org = col_text(st, 2);
        p.municipality = col_text(st, 3);
        p.kind = col_text(st, 4);
        p.start = col_date(st, 5);
        p.end = col_date(st, 6);
        p.source = col_text(st, 7);
        p.note = col_text(st, 8);
        if (mf_registry_put_project(reg, &p))
            rc = mf_error_set(err, MF_ENOMEM, "out of memory");
    }
    /* A damaged page ends the rows early: never hand on part of the
     * registry as if it were the whole. */
    if (rc == MF_OK && step != SQLITE_DONE)
        rc = db_error(s, err, "reading projects");
    sqlite3_finalize(st);
    return rc;
}

static int load_sites(struct sqlite_store *s, struct mf_registry *reg,
                      struct mf_error *err)
{
    const struct mf_catalog *cat = mf_registry_catalog(reg);
    sqlite3_stmt *st;
    int rc = MF_OK, step = SQLITE_DONE;

    if (sqlite3_prepare_v2(
            s->db,
            "SELECT id, name, kind, org, project, municipality, x, y, epsg, "
            "lon, lat, restrictions, open_from, open_to, materials, product, "
            "capacity, capacity_unit, capacity_t, fee, holding, "
            "fill_height_m, source, note FROM site ORDER BY id",
            -1, &st, NULL))
        return db_error(s, err, "reading sites");
    while (rc == MF_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
        struct mf_site x;
        int mats[64];
        const char *m = col_text(st, 14);
        char code[64];

        memset(&x, 0, sizeof x);
        x.id = col_text(st, 0);
        x.name = col_text(st, 1);
        x.kind = (enum mf_site_kind)mf_site_kind_parse(col_text(st, 2));
        x.org = col_text(st, 3);
        x.project = col_text(st, 4);
        x.municipality = col_text(st, 5);
        col_place(st, 6, &x.loc);
        x.restrictions = (unsigned)sqlite3_column_int(st, 11);
        x.open_from = col_date(st, 12);
        x.open_to = col_date(st, 13);
        x.materials = mats;
        while (m && *m && x.n_materials < 64) {
            size_t len = strcspn(m, ";");
            int idx;
            snprintf(code, sizeof code, "%.*s", (int)len, m);
            idx = mf_catalog_find_material(cat, code);
            if (idx < 0) {
                rc = unknown_code(s, err, "site", x.id, code);
                break;
            }
            mats[x.n_materials++] = idx;
            m += len + (m[len] ? 1 : 0);
        }
        x.product = -1;
        if (col_text(st, 15)) {
            x.product = mf_catalog_find_material(cat, col_text(st, 15));
            if (x.product < 0)
                rc = unknown_code(s, err, "site", x.id, col_text(st, 15));
        }
        x.capacity_state = MF_STATE_NONE;
        x.capacity_t = -1;
        if (sqlite3_column_type(st, 16) != SQLITE_NULL) {
            x.capacity = sqlite3_column_double(st, 16);
            x.capacity_state = mf_state_parse(col_text(st, 17));
            x.capacity_t = sqlite3_column_double(st, 18);
        }
        x.fee = sqlite3_column_double(st, 19);
        x.holding = sqlite3_column_double(st, 20);
        x.fill_height_m = sqlite3_column_double(st, 21);
        x.source = col_text(st, 22);
        x.note = col_text(st, 23);
        if (rc == MF_OK && mf_registry_put_site(reg, &x))
            rc = mf_error_set(err, MF_ENOMEM, "out of memory");
    }
    /* A damaged page ends the rows early: never hand on part of the
     * registry as if it were the whole. */
    if (rc == MF_OK && step != SQLITE_DONE)
        rc = db_error(s, err, "reading sites");
    sqlite3_finalize(st);
    return rc;
}

static int load_lots(struct sqlite_store *s, struct mf_registry *reg,
                     struct mf_error *err)
{
    const struct mf_catalog *cat = mf_registry_catalog(reg);
    sqlite3_stmt *st;
    int rc = MF_OK, step = SQLITE_DONE;

    if (sqlite3_prepare_v2(
            s->db,
            "SELECT id, kind, project, site, material, use, quantity, unit, "
            "tonnes, from_date, to_date, flexible, stockpile_t, "
            "condition_class, natural_background, acid_test, plant_health, "
            "restrictions, planned_independently, is_public, x, y, epsg, "
            "lon, lat, source, note FROM lot ORDER BY id",
            -1, &st, NULL))
        return db_error(s, err, "reading lots");
    while (rc == MF_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
        struct mf_lot l;
        const char *mat = col_text(st, 4), *use = col_text(st, 5);

        memset(&l, 0, sizeof l);
        l.id = col_text(st, 0);
        l.kind =
            !strcmp(col_text(st, 1), "demand") ? MF_LOT_DEMAND : MF_LOT_SUPPLY;
        l.project = col_text(st, 2);
        l.site = col_text(st, 3);
        l.material = mat ? mf_catalog_find_material(cat, mat) : -1;
        l.use = use ? mf_catalog_find_use(cat, use) : -1;
        if ((mat && l.material < 0) || (use && l.use < 0)) {
            rc = unknown_code(s, err, "lot", l.id,
                              mat && l.material < 0 ? mat : use);
            break;
        }
        l.quantity = sqlite3_column_double(st, 6);
        l.state = mf_state_parse(col_text(st, 7));
        l.tonnes = sqlite3_column_double(st, 8);
        l.from = col_date(st, 9);
        l.to = col_date(st, 10);
        l.flexible = sqlite3_column_int(st, 11);
        l.stockpile_t = sqlite3_column_double(st, 12);
        l.condition_class = sqlite3_column_int(st, 13);
        l.natural_background = sqlite3_column_int(st, 14);
        l.acid = (enum mf_acid)mf_acid_parse(col_text(st, 15));
        l.plant_health =
            (enum mf_plant_health)mf_plant_health_parse(col_text(st, 16));
        l.restrictions = (unsigned)sqlite3_column_int(st, 17);
        l.planned_independently = sqlite3_column_int(st, 18);
        l.is_public = sqlite3_column_int(st, 19);
        col_place(st, 20, &l.loc);
        l.source = col_text(st, 25);
        l.note = col_text(st, 26);
        if (mf_registry_put_lot(reg, &l))
            rc = mf_error_set(err, MF_ENOMEM, "out of memory");
    }
    /* A damaged page ends the rows early: never hand on part of the
     * registry as if it were the whole. */
    if (rc == MF_OK && step != SQLITE_DONE)
        rc = db_error(s, err, "reading lots");
    sqlite3_finalize(st);
    return rc;
}

static int s_load(struct store *base, struct mf_registry *reg, unsigned what,
                  struct mf_error *err)
{
    struct sqlite_store *s = (struct sqlite_store *)base;
    int rc = MF_OK;

    if ((what & (1u << MF_ENT_ORG)) && (rc = load_orgs(s, reg, err)))
        return rc;
    if ((what & (1u << MF_ENT_PROJECT)) && (rc = load_projects(s, reg, err)))
        return rc;
    if ((what & (1u << MF_ENT_SITE)) && (rc = load_sites(s, reg, err)))
        return rc;
    if ((what & (1u << MF_ENT_LOT)) && (rc = load_lots(s, reg, err)))
        return rc;
    return MF_OK;
}

static void now_iso(char *buf, size_t len)
{
    time_t t = time(NULL);
    struct tm tm;

    gmtime_r(&t, &tm);
    strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static int s_log_import(struct store *base, const char *file, enum mf_entity e,
                        long records, const char *encoding,
                        struct mf_error *err)
{
    static const char *const kinds[] = {"organisations", "projects", "sites",
                                        "lots"};
    struct sqlite_store *s = (struct sqlite_store *)base;
    sqlite3_stmt *st;
    char at[32];
    int rc;

    now_iso(at, sizeof at);
    if (sqlite3_prepare_v2(s->db,
                           "INSERT INTO import_log (at, file, kind, records, "
                           "encoding) VALUES (?,?,?,?,?)",
                           -1, &st, NULL))
        return db_error(s, err, "logging the import");
    sqlite3_bind_text(st, 1, at, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, file, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, kinds[e], -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 4, records);
    bind_text(st, 5, encoding);
    rc = sqlite3_step(st);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? MF_OK : db_error(s, err, "logging the import");
}

static int s_version(struct store *base, int *version, struct mf_error *err)
{
    return user_version((struct sqlite_store *)base, version, err);
}

static int s_put_doc(struct store *base, const char *kind, const char *name,
                     const char *json, struct mf_error *err)
{
    struct sqlite_store *s = (struct sqlite_store *)base;
    sqlite3_stmt *st;
    char at[32];
    int rc;

    now_iso(at, sizeof at);
    if (sqlite3_prepare_v2(s->db,
                           "INSERT INTO document (kind, name, created, json) "
                           "VALUES (?,?,?,?) ON CONFLICT(kind, name) DO "
                           "UPDATE SET created=excluded.created, "
                           "json=excluded.json",
                           -1, &st, NULL))
        return db_error(s, err, "storing a document");
    sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, at, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 4, json, -1, SQLITE_STATIC);
    rc = sqlite3_step(st);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? MF_OK : db_error(s, err, "storing a document");
}

static int s_get_doc(struct store *base, const char *kind, const char *name,
                     char **json, struct mf_error *err)
{
    struct sqlite_store *s = (struct sqlite_store *)base;
    sqlite3_stmt *st;
    int rc = MF_OK;

    *json = NULL;
    if (sqlite3_prepare_v2(s->db,
                           "SELECT json FROM document WHERE kind=? AND name=?",
                           -1, &st, NULL))
        return db_error(s, err, "reading a document");
    sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW) {
        *json = strdup(col_text(st, 0));
        if (!*json)
            rc = mf_error_set(err, MF_ENOMEM, "out of memory");
    }
    sqlite3_finalize(st);
    return rc;
}

/* ------------------------------------------------------------------ */
/* Damage and backups                                                   */
/* ------------------------------------------------------------------ */

/* Runs a check pragma on db; collects up to a few of its complaints into
 * buf. Returns the number of complaints, or -1 when the pragma itself
 * fails (itself a sign of damage). */
static int check_pragma(sqlite3 *db, const char *sql, char *buf, size_t len)
{
    sqlite3_stmt *st;
    int n = 0, rc;
    size_t o = strlen(buf);

    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
        snprintf(buf + o, len - o, "%s%s", o ? "; " : "", sqlite3_errmsg(db));
        return -1;
    }
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *t = (const char *)sqlite3_column_text(st, 0);
        if (t && !strcmp(t, "ok"))
            continue;
        /* foreign_key_check gives table, rowid, parent: name the table. */
        if (n < 3 && o + 8 < len) {
            snprintf(buf + o, len - o, "%s%s%s", o ? "; " : "", t ? t : "a row",
                     sqlite3_column_count(st) > 2
                         ? " refers to a missing record"
                         : "");
            o = strlen(buf);
        }
        n++;
    }
    if (rc != SQLITE_DONE) {
        if (o + 8 < len)
            snprintf(buf + o, len - o, "%s%s", o ? "; " : "",
                     sqlite3_errmsg(db));
        n = n ? n : -1;
    }
    sqlite3_finalize(st);
    return n;
}

static int check_db(struct sqlite_store *s, sqlite3 *db, int full,
                    struct mf_error *err)
{
    char found[256] = "";
    int n;

    n = check_pragma(
        db, full ? "PRAGMA integrity_check(20)" : "PRAGMA quick_check(20)",
        found, sizeof found);
    if (n == 0 && full)
        n = check_pragma(db, "PRAGMA foreign_key_check", found, sizeof found);
    if (n == 0)
        return MF_OK;
    return mf_error_at(err, MF_EDAMAGED, s->path,
                       "the database is damaged (%s); restore it from a "
                       "backup",
                       found);
}

static int s_check(struct store *base, int full, struct mf_error *err)
{
    struct sqlite_store *s = (struct sqlite_store *)base;

    return check_db(s, s->db, full, err);
}

static int s_backup(struct store *base, const char *path, struct mf_error *err)
{
    struct sqlite_store *s = (struct sqlite_store *)base;
    struct atomic_file af;
    sqlite3 *dest = NULL;
    sqlite3_backup *b;
    int rc;

    if ((rc = check_db(s, s->db, 0, err)))
        return rc;
    if ((rc = atomic_file_begin(&af, path, ATOMIC_PATH, err)))
        return rc;
    if (sqlite3_open_v2(af.tmp, &dest, SQLITE_OPEN_READWRITE, NULL) !=
        SQLITE_OK) {
        rc = mf_error_at(err, MF_EIO, path, "cannot write the backup: %s",
                         dest ? sqlite3_errmsg(dest) : "out of memory");
        goto fail;
    }
    /* One step copies every page under one read transaction: the copy is
     * the database as of one moment, even while others write (WAL). */
    b = sqlite3_backup_init(dest, "main", s->db, "main");
    if (!b) {
        rc = mf_error_at(err, MF_EIO, path, "cannot start the backup: %s",
                         sqlite3_errmsg(dest));
        goto fail;
    }
    rc = sqlite3_backup_step(b, -1);
    sqlite3_backup_finish(b);
    if (rc != SQLITE_DONE) {
        rc = sqlite_fail(s, rc, "backing up", sqlite3_errstr(rc), err);
        goto fail;
    }
    if ((rc = check_db(s, dest, 0, err)))
        goto fail;
    sqlite3_close(dest);
    return atomic_file_commit(&af, err);
fail:
    sqlite3_close(dest);
    atomic_file_abort(&af);
    return rc;
}

const struct store_ops store_sqlite_ops = {
    .version = STORE_OPS_VERSION,
    .scheme = "sqlite",
    .open = s_open,
    .close = s_close,
    .begin = s_begin,
    .commit = s_commit,
    .rollback = s_rollback,
    .put = s_put,
    .load = s_load,
    .log_import = s_log_import,
    .schema_version = s_version,
    .put_doc = s_put_doc,
    .get_doc = s_get_doc,
    .check = s_check,
    .backup = s_backup,
};
