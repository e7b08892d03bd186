/*
 * custody_test.c - chain of custody: verification codes and hashes, the
 * parameters of data/custody.csv, well-formedness and corrections, the
 * closed balance, every check with a record it must flag and one it must
 * pass, plan against actual, and the seeded generator whose injected
 * faults the checks must find exactly.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "testutil.h"

#include "masseflyt/custody.h"
#include "masseflyt/io.h"
#include "masseflyt/plan.h"
#include "masseflyt/validate.h"

#include <stdio.h>
#include <unistd.h>

/* ------------------------------------------------------------------ */
/* Fixture: two projects, a source and a need, sites of every kind      */
/* ------------------------------------------------------------------ */

#define ORGNR "971032081"

static void site_at(struct mf_registry *reg, const char *id,
                    enum mf_site_kind kind, double lat, double lon,
                    const char *mats, double cap, unsigned restr,
                    const char *open_to)
{
    struct mf_site s;
    const struct mf_site *old;

    tu_site(reg, id, kind, lat, lon, mats, NULL, cap, 100);
    old = mf_registry_site(reg, id);
    s = *old;
    s.project = kind == MF_SITE_PROJECT ? "p1" : NULL;
    s.municipality = "3201";
    s.restrictions = restr;
    s.open_to = open_to ? tu_date(open_to) : MF_DATE_NONE;
    assert_int_equal(mf_registry_put_site(reg, &s), MF_OK);
}

static void lot_at(struct mf_registry *reg, const char *id,
                   enum mf_lot_kind kind, const char *site,
                   const char *material, const char *use, double t, int cls,
                   enum mf_plant_health ph)
{
    struct mf_lot l = tu_lot_base(reg, id, kind, "p1", material, use, t,
                                  "2026-01-01", "2026-06-30", 59.90, 10.60);

    l.site = site;
    l.condition_class = cls;
    l.plant_health = ph;
    tu_put_lot(reg, &l);
}

static struct mf_registry *fixture(struct mf_catalog *cat)
{
    struct mf_registry *reg = tu_registry(cat);

    tu_org(reg, "o", 1);
    tu_project(reg, "p1", "o", "3201");
    site_at(reg, "src", MF_SITE_PROJECT, 59.90, 10.60, "", -1, 0, NULL);
    site_at(reg, "dst", MF_SITE_PROJECT, 59.95, 10.70, "", -1, 0, NULL);
    site_at(reg, "rcv", MF_SITE_RECEIVING, 59.80, 10.80, "sprengstein", 100, 0,
            NULL);
    site_at(reg, "sto", MF_SITE_STORAGE, 59.85, 10.65, "sprengstein;morene", -1,
            0, NULL);
    site_at(reg, "far", MF_SITE_RECEIVING, 63.43, 10.40, "sprengstein", -1, 0,
            NULL);
    site_at(reg, "haz", MF_SITE_RECEIVING, 59.70, 10.90, "sprengstein", -1,
            MF_RESTR_QUICK_CLAY, NULL);
    site_at(reg, "shut", MF_SITE_RECEIVING, 59.75, 10.85, "sprengstein", -1, 0,
            "2025-12-31");
    lot_at(reg, "L1", MF_LOT_SUPPLY, "src", "sprengstein", NULL, 1000, 1,
           MF_PH_NONE);
    lot_at(reg, "L2", MF_LOT_SUPPLY, "src", "morene", NULL, 500, 1, MF_PH_NONE);
    lot_at(reg, "BAD", MF_LOT_SUPPLY, "src", "sprengstein", NULL, 100, 4,
           MF_PH_NONE);
    lot_at(reg, "PCN", MF_LOT_SUPPLY, "src", "morene", NULL, 100, 1, MF_PH_PCN);
    lot_at(reg, "D1", MF_LOT_DEMAND, "dst", NULL, "fyllmasse", 1000, 1,
           MF_PH_NONE);
    return reg;
}

/* 2026-03-02 at hh:mm, UTC. */
static int64_t at(const char *day, int hh, int mm)
{
    return (int64_t)tu_date(day) * 86400 + hh * 3600 + mm * 60;
}

#define MAXR 32

struct set {
    struct mf_ticket t[MAXR];
    struct mf_receipt r[MAXR];
    struct mf_quality_doc q[4];
    size_t nt, nr, nq;
    struct mf_custody_data d;
    struct mf_registry *reg;
};

static struct mf_ticket *tk(struct set *s, const char *id, const char *lot,
                            const char *from, const char *to, const char *veh,
                            double t, int64_t dep)
{
    struct mf_ticket *x = &s->t[s->nt++];

    memset(x, 0, sizeof *x);
    x->id = id;
    x->lot = lot;
    x->origin = from;
    x->destination = to;
    x->haulier = ORGNR;
    x->vehicle = veh;
    x->material = mf_registry_lot(s->reg, lot)
                      ? mf_registry_lot(s->reg, lot)->material
                      : 0;
    x->quantity = t;
    x->state = MF_STATE_T;
    x->departed = dep;
    return x;
}

static struct mf_receipt *rc(struct set *s, const char *id, const char *ticket,
                             int64_t arr, double w, int rejected)
{
    struct mf_receipt *x = &s->r[s->nr++];

    memset(x, 0, sizeof *x);
    x->id = id;
    x->ticket = ticket;
    x->arrived = arr;
    x->weighed_t = w;
    x->status = rejected ? MF_RECEIPT_REJECTED : MF_RECEIPT_ACCEPTED;
    x->reason = rejected ? "wet clay in the load" : NULL;
    return x;
}

static const struct mf_custody_data *data_of(struct set *s)
{
    s->d.tickets = s->t;
    s->d.n_tickets = s->nt;
    s->d.receipts = s->r;
    s->d.n_receipts = s->nr;
    s->d.docs = s->q;
    s->d.n_docs = s->nq;
    return &s->d;
}

/* Runs one check at as_of and returns its findings. */
static struct mf_custody_findings *run(struct set *s, int64_t as_of,
                                       enum mf_custody_check chk)
{
    struct mf_custody_opts o = MF_CUSTODY_OPTS_INIT;
    struct mf_custody_findings *f = NULL;
    struct mf_error err = {0};

    o.as_of = as_of;
    if (mf_custody_check(s->reg, data_of(s), &o, 1u << chk, &f, &err))
        fail_msg("check: %s", err.message);
    return f;
}

/* The ids the findings name, joined by spaces, in their order. */
static const char *ids(const struct mf_custody_findings *f)
{
    static char buf[512];
    size_t i, n = 0;

    buf[0] = '\0';
    for (i = 0; i < f->n && n < sizeof buf - 1; i++)
        n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%s", i ? " " : "",
                              f->items[i].id);
    return buf;
}

static void expect(struct set *s, int64_t as_of, enum mf_custody_check chk,
                   const char *want)
{
    struct mf_custody_findings *f = run(s, as_of, chk);
    size_t i;

    assert_string_equal(ids(f), want);
    for (i = 0; i < f->n; i++) {
        assert_int_equal(f->items[i].check, chk);
        assert_true(f->items[i].evidence[0] != '\0');
    }
    mf_custody_findings_free(f);
}

#define SETUP()                                                                \
    struct mf_catalog *cat = tu_catalog();                                     \
    struct set *s = calloc(1, sizeof *s);                                      \
    (void)state;                                                               \
    s->reg = fixture(cat)

#define TEARDOWN()                                                             \
    mf_registry_free(s->reg);                                                  \
    free(s);                                                                   \
    mf_catalog_free(cat)

/* ------------------------------------------------------------------ */
/* Codes, hashes, parameters                                            */
/* ------------------------------------------------------------------ */

static void test_custody__sha256(void **state)
{
    char h[65];

    (void)state;
    mf_sha256_hex("abc", 3, h);
    assert_string_equal(
        h, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    mf_sha256_hex("", 0, h);
    assert_string_equal(
        h, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    mf_sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
                  56, h);
    assert_string_equal(
        h, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

static void test_custody__code(void **state)
{
    char a[MF_CUSTODY_CODE_SIZE], b[MF_CUSTODY_CODE_SIZE], low[16];
    int i;

    (void)state;
    mf_custody_code("T-1", "site-secret", a);
    mf_custody_code("T-1", "site-secret", b);
    assert_string_equal(a, b);
    assert_int_equal(strlen(a), MF_CUSTODY_CODE_LEN);
    assert_int_equal(a[4], '-');
    for (i = 0; i < MF_CUSTODY_CODE_LEN; i++)
        assert_true(i == 4 || strchr("0123456789ABCDEFGHJKMNPQRSTVWXYZ", a[i]));
    mf_custody_code("T-2", "site-secret", b);
    assert_string_not_equal(a, b);
    mf_custody_code("T-1", "other-secret", b);
    assert_string_not_equal(a, b);
    assert_true(mf_custody_code_check("T-1", "site-secret", a));
    /* Lower case, no dash, O for 0 and I or L for 1 are read alike. */
    for (i = 0; a[i]; i++)
        low[i] = a[i] == '0'                  ? 'o'
                 : a[i] == '1'                ? 'l'
                 : a[i] >= 'A' && a[i] <= 'Z' ? (char)(a[i] - 'A' + 'a')
                                              : a[i];
    low[i] = '\0';
    assert_true(mf_custody_code_check("T-1", "site-secret", low));
    assert_false(mf_custody_code_check("T-2", "site-secret", a));
    assert_false(mf_custody_code_check("T-1", "site-secret", "0000-0000"));
    assert_false(mf_custody_code_check("T-1", "site-secret", "ABC"));
}

/*
 * The codes as libcrypto's HMAC-SHA-256 gives them: the first 40 bits of
 * the digests of RFC 4231's test cases 1, 2, 4 and 6 (a key longer than
 * a block), and codes the hand-written SHA-256 this library had before
 * gave, so that a ticket's printed code stays valid.
 */
static void test_custody__code_known(void **state)
{
    char k1[21], k4[26], d4[51], k6[132], out[MF_CUSTODY_CODE_SIZE];
    char keyed[MF_CUSTODY_CODE_SIZE];
    const char *ids[] = {
        "T-1", "T00000001", "",
        "Test Using Larger Than Block-Size Key - Hash Key First"};
    struct mf_custody_key ck;
    int i;

    (void)state;
    memset(k1, 0x0b, 20);
    k1[20] = '\0';
    for (i = 0; i < 25; i++)
        k4[i] = (char)(i + 1);
    k4[25] = '\0';
    memset(d4, 0xcd, 50);
    d4[50] = '\0';
    memset(k6, 0xaa, 131);
    k6[131] = '\0';
    /* b0344c61d8..., 5bdcc146bf..., 82558a389a..., 60e431591e... */
    assert_int_equal(mf_custody_code("Hi There", k1, out), MF_OK);
    assert_string_equal(out, "P0T4-RRER");
    assert_int_equal(
        mf_custody_code("what do ya want for nothing?", "Jefe", out), MF_OK);
    assert_string_equal(out, "BFEC-2HNZ");
    assert_int_equal(mf_custody_code(d4, k4, out), MF_OK);
    assert_string_equal(out, "G9AR-ME4T");
    assert_int_equal(mf_custody_code(ids[3], k6, out), MF_OK);
    assert_string_equal(out, "C3J3-2P8Y");
    /* Codes of the SHA-256 written here before. */
    mf_custody_code("T-1", "site-secret", out);
    assert_string_equal(out, "X2KW-QJTH");
    mf_custody_code("T00000001",
                    "0123456789abcdef0123456789abcdef0123456789abcdef"
                    "0123456789abcdef0",
                    out);
    assert_string_equal(out, "MKSC-J6MP");
    /* A prepared key gives the same codes, one after another. */
    assert_int_equal(mf_custody_key_init(&ck, "site-secret"), MF_OK);
    for (i = 0; i < 4; i++) {
        assert_int_equal(mf_custody_code_keyed(&ck, ids[i], keyed), MF_OK);
        mf_custody_code(ids[i], "site-secret", out);
        assert_string_equal(keyed, out);
    }
    mf_custody_key_free(&ck);
}

static void test_custody__params(void **state)
{
    struct mf_custody_params p, d;
    struct mf_error err = {0};
    char dir[] = "/tmp/mf_custody_XXXXXX", path[256];
    FILE *f;

    (void)state;
    assert_int_equal(mf_custody_params_load(&p, getenv("MASSEFLYT_DATA"), &err),
                     MF_OK);
    mf_custody_params_default(&d);
    assert_memory_equal(&p, &d, sizeof p);
    assert_true(p.max_speed_kmh == 80);
    /* A missing key and a bad value are errors naming file and key. */
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/custody.csv", dir);
    f = fopen(path, "w");
    fputs("key,value,unit,estimate,source\nweigh_rel,0.02,share,1,x\n", f);
    fclose(f);
    assert_int_equal(mf_custody_params_load(&p, dir, &err), MF_EINVAL);
    assert_non_null(strstr(err.message, "is missing"));
    f = fopen(path, "w");
    fputs("key,value,unit,estimate,source\nmax_speed_kmh,-3,km/h,0,x\n", f);
    fclose(f);
    assert_int_equal(mf_custody_params_load(&p, dir, &err), MF_EINVAL);
    assert_non_null(strstr(err.where, "custody.csv:2"));
    remove(path);
    rmdir(dir);
}

/* ------------------------------------------------------------------ */
/* Well-formedness and corrections                                      */
/* ------------------------------------------------------------------ */

static void test_custody__validate(void **state)
{
    struct mf_issues is;
    struct mf_ticket *t;

    SETUP();
    tk(s, "T1", "L1", "src", "dst", "EK1", 20, at("2026-03-02", 8, 0));
    t = tk(s, "T1", "L9", "nowhere", "dst", "EK1", -2, at("2026-03-02", 9, 0));
    t->haulier = "123456789";
    rc(s, "R1", "T1", at("2026-03-02", 9, 0), 20, 1)->reason = NULL;
    mf_issues_init(&is, 100);
    assert_int_equal(mf_custody_validate(s->reg, data_of(s), &is),
                     MF_SEV_ERROR);
    /* The second ticket: its id, lot, origin, quantity and haulier; the
     * receipt: a rejection without a reason. */
    assert_int_equal(is.count[MF_SEV_ERROR], 6);
    assert_non_null(strstr(is.items[0].where, "ticket T1: id"));
    assert_non_null(strstr(is.items[5].where, "receipt R1: reason"));
    mf_issues_free(&is);
    /* The first ticket alone is clean. */
    s->nt = 1;
    s->nr = 0;
    mf_issues_init(&is, 100);
    assert_int_equal(mf_custody_validate(s->reg, data_of(s), &is), MF_SEV_NONE);
    mf_issues_free(&is);
    TEARDOWN();
}

static void test_custody__corrections(void **state)
{
    struct mf_ticket *t;
    size_t *et = NULL, *er = NULL, net, ner;
    int64_t dep = at("2026-03-02", 8, 0);

    SETUP();
    tk(s, "T1", "L1", "src", "dst", "EK1", 20, dep);
    t = tk(s, "T1b", "L1", "src", "dst", "EK1", 22, dep);
    t->corrects = "T1";
    t->reason = "wrong weight";
    tk(s, "T2", "L1", "src", "dst", "EK2", 20, dep);
    t = tk(s, "T2x", "L1", "src", "dst", "EK2", 20, dep);
    t->corrects = "T2";
    t->reason = "never left";
    t->voids = 1;
    /* A receipt for the corrected ticket names the original id; one for
     * the voided ticket has none. */
    rc(s, "R1", "T1", at("2026-03-02", 9, 0), 22, 0);
    rc(s, "R2", "T2", at("2026-03-02", 9, 0), 20, 0);
    assert_int_equal(
        mf_custody_effective(data_of(s), &et, &net, &er, &ner, NULL), MF_OK);
    assert_int_equal(net, 1);
    assert_int_equal(et[0], 1);
    assert_int_equal(ner, 2);
    free(et);
    free(er);
    expect(s, at("2026-03-05", 0, 0), MF_CHK_NO_TICKET, "R2");
    expect(s, at("2026-03-05", 0, 0), MF_CHK_WEIGHT, "");
    expect(s, at("2026-03-05", 0, 0), MF_CHK_UNRECEIVED, "");
    TEARDOWN();
}

/* ------------------------------------------------------------------ */
/* The checks, each with a record to flag and one to pass               */
/* ------------------------------------------------------------------ */

static void test_custody__unreceived(void **state)
{
    SETUP();
    tk(s, "OLD", "L1", "src", "dst", "EK1", 20, at("2026-03-01", 8, 0));
    tk(s, "NEW", "L1", "src", "dst", "EK2", 20, at("2026-03-02", 8, 0));
    tk(s, "DONE", "L1", "src", "dst", "EK3", 20, at("2026-03-01", 8, 0));
    rc(s, "R", "DONE", at("2026-03-01", 9, 0), 20, 0);
    expect(s, at("2026-03-02", 10, 0), MF_CHK_UNRECEIVED, "OLD");
    /* A receipt after as_of does not count yet. */
    expect(s, at("2026-03-01", 8, 30), MF_CHK_UNRECEIVED, "");
    TEARDOWN();
}

static void test_custody__no_ticket(void **state)
{
    SETUP();
    tk(s, "T1", "L1", "src", "dst", "EK1", 20, at("2026-03-01", 8, 0));
    rc(s, "R1", "T1", at("2026-03-01", 9, 0), 20, 0);
    rc(s, "R2", "T404", at("2026-03-01", 9, 0), 20, 0);
    rc(s, "R3", "T1", at("2026-03-01", 9, 5), 20, 0); /* twice */
    expect(s, at("2026-03-02", 0, 0), MF_CHK_NO_TICKET, "R2 R3");
    TEARDOWN();
}

static void test_custody__wrong_site(void **state)
{
    SETUP();
    tk(s, "T1", "L1", "src", "rcv", "EK1", 20, at("2026-03-01", 8, 0));
    tk(s, "T2", "L1", "src", "rcv", "EK2", 20, at("2026-03-01", 8, 0));
    tk(s, "T3", "L1", "src", "rcv", "EK3", 20, at("2026-03-01", 8, 0));
    rc(s, "R1", "T1", at("2026-03-01", 9, 0), 20, 0)->site = "far";
    rc(s, "R2", "T2", at("2026-03-01", 9, 0), 20, 0)->site = "rcv";
    rc(s, "R3", "T3", at("2026-03-01", 9, 0), 20, 0);
    expect(s, at("2026-03-02", 0, 0), MF_CHK_WRONG_SITE, "R1");
    TEARDOWN();
}

static void test_custody__dest_material(void **state)
{
    SETUP();
    tk(s, "ROCK", "L1", "src", "rcv", "EK1", 20, at("2026-03-01", 8, 0));
    tk(s, "MOR", "L2", "src", "rcv", "EK2", 20, at("2026-03-01", 8, 0));
    tk(s, "NEED", "L1", "src", "dst", "EK3", 20, at("2026-03-01", 8, 0));
    tk(s, "STO", "L2", "src", "sto", "EK4", 20, at("2026-03-01", 8, 0));
    tk(s, "NONE", "L1", "dst", "src", "EK5", 20, at("2026-03-01", 8, 0));
    /* rcv takes rock, not moraine; src registers no need at all. */
    expect(s, at("2026-03-02", 0, 0), MF_CHK_DEST_MATERIAL, "MOR NONE");
    TEARDOWN();
}

static void test_custody__dest_permit(void **state)
{
    SETUP();
    tk(s, "OK", "L1", "src", "rcv", "EK1", 20, at("2026-03-01", 8, 0));
    tk(s, "GONE", "L1", "src", "nowhere", "EK2", 20, at("2026-03-01", 8, 0));
    tk(s, "SHUT", "L1", "src", "shut", "EK3", 20, at("2026-03-01", 8, 0));
    tk(s, "PCN", "PCN", "src", "sto", "EK4", 20, at("2026-03-01", 8, 0));
    tk(s, "MOR", "L2", "src", "sto", "EK5", 20, at("2026-03-01", 8, 0));
    expect(s, at("2026-03-02", 0, 0), MF_CHK_DEST_PERMIT, "GONE PCN SHUT");
    TEARDOWN();
}

static void test_custody__dest_hazard(void **state)
{
    SETUP();
    tk(s, "HAZ", "L1", "src", "haz", "EK1", 20, at("2026-03-01", 8, 0));
    tk(s, "OK", "L1", "src", "rcv", "EK2", 20, at("2026-03-01", 8, 0));
    expect(s, at("2026-03-02", 0, 0), MF_CHK_DEST_HAZARD, "HAZ");
    TEARDOWN();
}

static void test_custody__dest_capacity(void **state)
{
    struct mf_custody_findings *f;

    SETUP();
    /* rcv can take 100 t: the third load of 40 t crosses it. */
    tk(s, "A", "L1", "src", "rcv", "EK1", 40, at("2026-03-01", 8, 0));
    tk(s, "B", "L1", "src", "rcv", "EK2", 40, at("2026-03-02", 8, 0));
    tk(s, "C", "L1", "src", "rcv", "EK3", 40, at("2026-03-03", 8, 0));
    tk(s, "D", "L1", "src", "far", "EK4", 400, at("2026-03-03", 8, 0));
    rc(s, "RA", "A", at("2026-03-01", 9, 0), 40, 0);
    rc(s, "RB", "B", at("2026-03-02", 9, 0), 40, 0);
    rc(s, "RC", "C", at("2026-03-03", 9, 0), 40, 0);
    rc(s, "RD", "D", at("2026-03-03", 20, 0), 400, 0);
    f = run(s, at("2026-03-04", 0, 0), MF_CHK_DEST_CAPACITY);
    assert_string_equal(ids(f), "rcv");
    assert_string_equal(f->items[0].other, "C");
    tu_near(f->items[0].value, 120, 1e-9);
    mf_custody_findings_free(f);
    /* Before the third receipt, nothing. */
    expect(s, at("2026-03-02", 23, 0), MF_CHK_DEST_CAPACITY, "");
    TEARDOWN();
}

static void test_custody__lot_refused(void **state)
{
    struct mf_custody_findings *f;

    SETUP();
    tk(s, "T1", "BAD", "src", "rcv", "EK1", 20, at("2026-03-02", 8, 0));
    tk(s, "T0", "BAD", "src", "rcv", "EK2", 20, at("2026-03-01", 8, 0));
    tk(s, "T2", "L1", "src", "rcv", "EK3", 20, at("2026-03-01", 8, 0));
    f = run(s, at("2026-03-03", 0, 0), MF_CHK_LOT_REFUSED);
    assert_string_equal(ids(f), "BAD");
    assert_string_equal(f->items[0].other, "T0"); /* the first load */
    tu_near(f->items[0].value, 40, 1e-9);
    assert_non_null(strstr(f->items[0].evidence, "R07"));
    mf_custody_findings_free(f);
    TEARDOWN();
}

static void test_custody__doc_overuse(void **state)
{
    static const char *const l1[] = {"L1"};
    static const char *const l2[] = {"L2"};

    SETUP();
    s->q[0] = (struct mf_quality_doc){
        .id = "Q1", .lots = l1, .n_lots = 1, .tonnes = 50};
    s->q[1] = (struct mf_quality_doc){
        .id = "Q2", .lots = l2, .n_lots = 1, .tonnes = 500};
    s->q[2] = (struct mf_quality_doc){
        .id = "Q3", .lots = l1, .n_lots = 1, .tonnes = 100};
    s->nq = 3;
    tk(s, "A", "L1", "src", "rcv", "EK1", 30, at("2026-03-01", 8, 0))
        ->quality_doc = "Q1";
    tk(s, "B", "L1", "src", "rcv", "EK2", 30, at("2026-03-01", 8, 0))
        ->quality_doc = "Q1";
    /* Q2 covers L2 only: a load of L1 under it. */
    tk(s, "C", "L1", "src", "rcv", "EK3", 30, at("2026-03-01", 8, 0))
        ->quality_doc = "Q2";
    tk(s, "D", "L1", "src", "rcv", "EK4", 30, at("2026-03-01", 8, 0))
        ->quality_doc = "Q9";
    /* Within what Q3 covers. */
    tk(s, "E", "L1", "src", "rcv", "EK5", 90, at("2026-03-01", 8, 0))
        ->quality_doc = "Q3";
    expect(s, at("2026-03-02", 0, 0), MF_CHK_DOC_OVERUSE, "D Q1 Q2");
    TEARDOWN();
}

static void test_custody__vehicle_clash(void **state)
{
    SETUP();
    /* EK1 is on its way to dst until 09:00 yet leaves src at 08:30. */
    tk(s, "A", "L1", "src", "dst", "EK1", 20, at("2026-03-01", 8, 0));
    tk(s, "B", "L1", "src", "dst", "EK1", 20, at("2026-03-01", 8, 30));
    rc(s, "RA", "A", at("2026-03-01", 9, 0), 20, 0);
    /* EK2 arrives 09:00 and leaves again 09:40: fine. */
    tk(s, "C", "L1", "src", "dst", "EK2", 20, at("2026-03-01", 8, 0));
    tk(s, "D", "L1", "src", "dst", "EK2", 20, at("2026-03-01", 9, 40));
    rc(s, "RC", "C", at("2026-03-01", 9, 0), 20, 0);
    expect(s, at("2026-03-02", 0, 0), MF_CHK_VEHICLE_CLASH, "B");
    TEARDOWN();
}

static void test_custody__vehicle_speed(void **state)
{
    SETUP();
    /* src to far is about 390 km: not in one hour. */
    tk(s, "FAST", "L1", "src", "far", "EK1", 20, at("2026-03-01", 8, 0));
    rc(s, "RF", "FAST", at("2026-03-01", 9, 0), 20, 0);
    /* EK2 ends at dst at 09:00, then leaves far at 10:00. */
    tk(s, "A", "L1", "src", "dst", "EK2", 20, at("2026-03-01", 8, 0));
    rc(s, "RA", "A", at("2026-03-01", 9, 0), 20, 0);
    tk(s, "JUMP", "L1", "far", "rcv", "EK2", 20, at("2026-03-01", 10, 0));
    /* EK3 does the same with a day between: fine. */
    tk(s, "B", "L1", "src", "dst", "EK3", 20, at("2026-03-01", 8, 0));
    rc(s, "RB", "B", at("2026-03-01", 9, 0), 20, 0);
    tk(s, "SLOW", "L1", "far", "rcv", "EK3", 20, at("2026-03-02", 10, 0));
    tk(s, "OK", "L1", "src", "far", "EK4", 20, at("2026-03-01", 8, 0));
    rc(s, "RO", "OK", at("2026-03-01", 14, 0), 20, 0);
    expect(s, at("2026-03-03", 0, 0), MF_CHK_VEHICLE_SPEED, "FAST JUMP");
    TEARDOWN();
}

static void test_custody__window(void **state)
{
    SETUP();
    tk(s, "EARLY", "L1", "src", "rcv", "EK1", 20, at("2025-12-31", 23, 0));
    tk(s, "IN", "L1", "src", "rcv", "EK2", 20, at("2026-06-30", 23, 0));
    tk(s, "LATE", "L1", "src", "rcv", "EK3", 20, at("2026-07-01", 0, 0));
    /* Leaving storage later is what storage is for. */
    tk(s, "ONWARD", "L1", "sto", "rcv", "EK4", 20, at("2026-09-01", 8, 0));
    expect(s, at("2026-12-01", 0, 0), MF_CHK_WINDOW, "EARLY LATE");
    TEARDOWN();
}

static void test_custody__weight(void **state)
{
    struct mf_ticket *t;
    double per_m3 = 0;

    SETUP();
    assert_int_equal(mf_to_tonnes(cat, tu_material(s->reg, "sprengstein"), 1,
                                  MF_STATE_PFM3, &per_m3, NULL),
                     MF_OK);
    tk(s, "HEAVY", "L1", "src", "rcv", "EK1", 20, at("2026-03-01", 8, 0));
    rc(s, "R1", "HEAVY", at("2026-03-01", 9, 0), 25, 0);
    tk(s, "FINE", "L1", "src", "rcv", "EK2", 20, at("2026-03-01", 8, 0));
    rc(s, "R2", "FINE", at("2026-03-01", 9, 0), 20.5, 0);
    /* 10 pfm3 declared: within 17 % (2 % + 15 %) plus 0.2 t passes. */
    t = tk(s, "VOL", "L1", "src", "rcv", "EK3", 10, at("2026-03-01", 8, 0));
    t->state = MF_STATE_PFM3;
    rc(s, "R3", "VOL", at("2026-03-01", 9, 0), 10 * per_m3 * 1.15, 0);
    t = tk(s, "VOLX", "L1", "src", "rcv", "EK4", 10, at("2026-03-01", 8, 0));
    t->state = MF_STATE_PFM3;
    rc(s, "R4", "VOLX", at("2026-03-01", 9, 0), 10 * per_m3 * 0.6, 0);
    /* Not weighed: nothing to compare. */
    tk(s, "NOW", "L1", "src", "rcv", "EK5", 20, at("2026-03-01", 8, 0));
    rc(s, "R5", "NOW", at("2026-03-01", 9, 0), -1, 0);
    expect(s, at("2026-03-02", 0, 0), MF_CHK_WEIGHT, "HEAVY VOLX");
    TEARDOWN();
}

/* ------------------------------------------------------------------ */
/* The closed balance                                                   */
/* ------------------------------------------------------------------ */

static void test_custody__balance_closes(void **state)
{
    struct mf_custody_opts o = MF_CUSTODY_OPTS_INIT;
    struct mf_custody_balance *b = NULL;
    const struct mf_custody_row *r;
    struct mf_error err = {0};
    size_t i;
    int unrec = 0, weigh = 0;

    SETUP();
    /* L1: 100 t out; 20 received at dst (weighed 21), 20 rejected, 20 in
     * transit (overdue), 40 into storage of which 15 left again for rcv. */
    tk(s, "A", "L1", "src", "dst", "EK1", 20, at("2026-03-01", 8, 0));
    rc(s, "RA", "A", at("2026-03-01", 9, 0), 21, 0);
    tk(s, "B", "L1", "src", "rcv", "EK2", 20, at("2026-03-01", 8, 0));
    rc(s, "RB", "B", at("2026-03-01", 9, 0), 20, 1);
    tk(s, "C", "L1", "src", "rcv", "EK3", 20, at("2026-03-01", 8, 0));
    tk(s, "D", "L1", "src", "sto", "EK4", 40, at("2026-03-01", 8, 0));
    rc(s, "RD", "D", at("2026-03-01", 9, 0), 40, 0);
    tk(s, "E", "L1", "sto", "rcv", "EK4", 15, at("2026-04-01", 8, 0));
    rc(s, "RE", "E", at("2026-04-01", 9, 0), 15, 0);
    o.as_of = at("2026-05-01", 0, 0);
    assert_int_equal(mf_custody_balance(s->reg, data_of(s), &o, &b, &err),
                     MF_OK);
    assert_int_equal(b->periods.n, 2); /* March and April */
    r = mf_custody_balance_row(b, MF_CDIM_LOT, "L1", -1);
    assert_non_null(r);
    tu_near(r->surplus_t, 1000, 1e-9);
    tu_near(r->dispatched_t, 100, 1e-9);
    tu_near(r->received_t, 21 + 15, 1e-9);
    tu_near(r->rejected_t, 20, 1e-9);
    tu_near(r->transit_t, 20, 1e-9);
    tu_near(r->stored_t, 25, 1e-9);
    tu_near(r->in_place_t, 900, 1e-9);
    tu_near(r->difference_t, -1, 1e-9);
    assert_true(r->tolerance_t > 1);
    /* March holds the first legs, April the storage's onward leg. */
    r = mf_custody_balance_row(b, MF_CDIM_LOT, "L1", 1);
    tu_near(r->dispatched_t, 0, 1e-9);
    tu_near(r->stored_t, -15, 1e-9);
    tu_near(r->received_t, 15, 1e-9);
    /* Sites: the storage holds 25 t; src dispatched 100. */
    r = mf_custody_balance_row(b, MF_CDIM_SITE, "sto", -1);
    tu_near(r->stored_t, 25, 1e-9);
    r = mf_custody_balance_row(b, MF_CDIM_SITE, "src", -1);
    tu_near(r->dispatched_t, 100, 1e-9);
    /* The project, the municipality and the total agree with the lot. */
    tu_near(mf_custody_balance_row(b, MF_CDIM_PROJECT, "p1", -1)->received_t,
            36, 1e-9);
    tu_near(
        mf_custody_balance_row(b, MF_CDIM_MUNICIPALITY, "3201", -1)->transit_t,
        20, 1e-9);
    tu_near(mf_custody_balance_row(b, MF_CDIM_TOTAL, "", -1)->rejected_t, 20,
            1e-9);
    for (i = 0; i < b->n_diffs; i++) {
        const struct mf_custody_row *dr = &b->rows[b->diffs[i].row];

        if (dr->dim == MF_CDIM_LOT && !strcmp(dr->key, "L1") &&
            b->diffs[i].cause == MF_CAUSE_UNRECEIVED)
            unrec++;
        if (b->diffs[i].cause == MF_CAUSE_WEIGHING)
            weigh++;
    }
    assert_int_equal(unrec, 1);
    assert_int_equal(weigh, 0); /* 1 t on 20 t is within tolerance */
    mf_custody_balance_free(b);

    /* 10 t too much on one weighing is a difference with its cause, and
     * more dispatched than the lot holds is another. */
    s->r[0].weighed_t = 31;
    tk(s, "F", "L2", "src", "sto", "EK5", 600, at("2026-03-01", 8, 0));
    rc(s, "RF", "F", at("2026-03-01", 9, 0), 600, 0);
    assert_int_equal(mf_custody_balance(s->reg, data_of(s), &o, &b, &err),
                     MF_OK);
    weigh = 0;
    unrec = 0;
    for (i = 0; i < b->n_diffs; i++) {
        const struct mf_custody_row *dr = &b->rows[b->diffs[i].row];

        if (dr->dim == MF_CDIM_LOT && !strcmp(dr->key, "L1") &&
            dr->period == -1 && b->diffs[i].cause == MF_CAUSE_WEIGHING)
            weigh++;
        if (dr->dim == MF_CDIM_LOT && !strcmp(dr->key, "L2") &&
            b->diffs[i].cause == MF_CAUSE_OVER_SURPLUS)
            unrec++;
    }
    assert_int_equal(weigh, 1);
    assert_int_equal(unrec, 1);
    mf_custody_balance_free(b);
    TEARDOWN();
}

/* ------------------------------------------------------------------ */
/* The generator on the demo region: the exact injected set             */
/* ------------------------------------------------------------------ */

static int keep_lot(void *ctx, enum mf_entity e, const void *rec,
                    struct mf_error *err)
{
    (void)err;
    return e == MF_ENT_LOT ? mf_registry_put_lot(ctx, rec) : 0;
}

/* The demo region (data/demo), planned, with the generator's fixtures
 * added after the plan. */
static struct mf_registry *demo(struct mf_catalog *cat, struct mf_factors *fx,
                                struct mf_plan **plan)
{
    static const char *const files[] = {"orgs.csv", "projects.csv", "sites.csv",
                                        "lots.csv"};
    static const enum mf_entity kinds[] = {MF_ENT_ORG, MF_ENT_PROJECT,
                                           MF_ENT_SITE, MF_ENT_LOT};
    struct mf_registry *reg = tu_registry(cat);
    struct mf_import_opts opts = MF_IMPORT_OPTS_INIT;
    struct mf_plan_opts po = MF_PLAN_OPTS_INIT;
    struct mf_import *imp = NULL;
    struct mf_import_sink sink;
    struct mf_issues is;
    struct mf_import_stats st;
    struct mf_error err = {0};
    char path[1024];
    int i;

    if (mf_import_new(&imp, reg, &opts, &err))
        fail_msg("import: %s", err.message);
    sink.ctx = reg;
    sink.put = keep_lot;
    mf_issues_init(&is, 100);
    for (i = 0; i < 4; i++) {
        memset(&st, 0, sizeof st);
        snprintf(path, sizeof path, "%s/demo/%s", getenv("MASSEFLYT_DATA"),
                 files[i]);
        if (mf_import_file(imp, path, kinds[i], &sink, &is, &st, &err))
            fail_msg("%s: %s: %s", path, err.where, err.message);
    }
    mf_issues_free(&is);
    mf_import_free(imp);
    if (mf_plan_solve(reg, fx, &po, plan, &err))
        fail_msg("plan: %s", err.message);
    if (mf_custody_gen_fixtures(reg, &err))
        fail_msg("fixtures: %s", err.message);
    return reg;
}

static struct mf_custody_gen *generate_at(struct mf_registry *reg,
                                          struct mf_plan *plan, int faults,
                                          int64_t as_of)
{
    struct mf_custody_gen_opts go = MF_CUSTODY_GEN_OPTS_INIT;
    struct mf_custody_gen *g = NULL;
    struct mf_error err = {0};

    go.as_of = as_of;
    go.seed = 11;
    go.n_tickets = 4000;
    go.faults_per_check = faults;
    go.secret = "demo-secret";
    if (mf_custody_generate(reg, plan, &go, &g, &err))
        fail_msg("generate: %s", err.message);
    return g;
}

static struct mf_custody_gen *generate(struct mf_registry *reg,
                                       struct mf_plan *plan, int faults)
{
    return generate_at(reg, plan, faults, MF_TIME_NONE);
}

/* The checks at g->as_of find exactly the injected set. */
static void expect_injected(const struct mf_registry *reg,
                            const struct mf_custody_gen *g)
{
    struct mf_custody_opts o = MF_CUSTODY_OPTS_INIT;
    struct mf_custody_findings *f = NULL;
    size_t i;

    o.as_of = g->as_of;
    assert_int_equal(mf_custody_check(reg, &g->data, &o, 0, &f, NULL), MF_OK);
    for (i = 0; i < f->n && i < g->n_injected; i++)
        if (f->items[i].check != g->injected[i].check ||
            strcmp(f->items[i].id, g->injected[i].id))
            break;
    if (i < f->n || i < g->n_injected)
        fail_msg("finding %zu: found %s %s (%s), injected %s %s", i,
                 i < f->n ? mf_custody_check_name(f->items[i].check) : "-",
                 i < f->n ? f->items[i].id : "-",
                 i < f->n ? f->items[i].evidence : "",
                 i < g->n_injected ? mf_custody_check_name(g->injected[i].check)
                                   : "-",
                 i < g->n_injected ? g->injected[i].id : "-");
    assert_int_equal(f->n, g->n_injected);
    /* Every finding's evidence has its bokmål line too (the catalogue
     * lists each English format). */
    for (i = 0; i < f->n; i++)
        if (!f->items[i].evidence_nb[0] ||
            !strcmp(f->items[i].evidence_nb, f->items[i].evidence))
            fail_msg("%s %s: no bokmål for '%s'",
                     mf_custody_check_name(f->items[i].check), f->items[i].id,
                     f->items[i].evidence);
    mf_custody_findings_free(f);
}

static int cmp_time(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

    return (x > y) - (x < y);
}

/* With the data stopping halfway through the horizon (tickets after
 * as_of exist but the checks leave them out), the checks still find
 * exactly the injected faults, every kind included: the quality
 * documents' faults are made on the loads that left by as_of. */
static void
test_custody__generated_faults_found_at_an_earlier_as_of(void **state)
{
    struct mf_catalog *cat = tu_catalog();
    struct mf_factors *fx = tu_factors();
    struct mf_plan *plan = NULL;
    struct mf_registry *reg = demo(cat, fx, &plan);
    struct mf_custody_gen *g = generate(reg, plan, 0);
    int64_t *dep = malloc(g->data.n_tickets * sizeof *dep), mid;
    size_t i, per[MF_CHK_COUNT] = {0}, later = 0;
    int c;

    (void)state;
    assert_non_null(dep);
    for (i = 0; i < g->data.n_tickets; i++)
        dep[i] = g->data.tickets[i].departed;
    qsort(dep, g->data.n_tickets, sizeof *dep, cmp_time);
    mid = dep[g->data.n_tickets / 2];
    free(dep);
    mf_custody_gen_free(g);

    g = generate_at(reg, plan, 2, mid);
    assert_true(g->as_of == mid);
    for (i = 0; i < g->data.n_tickets; i++)
        later += g->data.tickets[i].departed > mid;
    assert_true(later > g->data.n_tickets / 4);
    for (i = 0; i < g->n_injected; i++)
        per[g->injected[i].check]++;
    for (c = 0; c < MF_CHK_COUNT; c++)
        if (per[c] == 0)
            fail_msg("no fault of kind %s injected", mf_custody_check_name(c));
    /* Both document faults (over its tonnes, another lot's load) and the
     * forged number, twice each. */
    assert_int_equal(per[MF_CHK_DOC_OVERUSE], 6);
    expect_injected(reg, g);
    mf_custody_gen_free(g);
    mf_plan_free(plan);
    mf_registry_free(reg);
    mf_factors_free(fx);
    mf_catalog_free(cat);
}

static void test_custody__generated_faults_found_exactly(void **state)
{
    struct mf_catalog *cat = tu_catalog();
    struct mf_factors *fx = tu_factors();
    struct mf_plan *plan = NULL;
    struct mf_registry *reg = demo(cat, fx, &plan);
    struct mf_custody_gen *g = generate(reg, plan, 2);
    struct mf_custody_opts o = MF_CUSTODY_OPTS_INIT;
    struct mf_custody_findings *f = NULL;
    struct mf_issues is;
    size_t i, per[MF_CHK_COUNT] = {0};
    int c;

    (void)state;
    /* The generated records are well formed. */
    mf_issues_init(&is, 20);
    assert_int_equal(mf_custody_validate(reg, &g->data, &is), MF_SEV_NONE);
    mf_issues_free(&is);
    assert_true(g->data.n_tickets >= 3900);
    assert_true(mf_custody_code_check(g->tickets[0].id, "demo-secret",
                                      g->tickets[0].code));
    /* Every kind is injected, twice where the registry allows. */
    for (i = 0; i < g->n_injected; i++)
        per[g->injected[i].check]++;
    for (c = 0; c < MF_CHK_COUNT; c++)
        if (per[c] == 0)
            fail_msg("no fault of kind %s injected", mf_custody_check_name(c));
    o.as_of = g->as_of;
    assert_int_equal(mf_custody_check(reg, &g->data, &o, 0, &f, NULL), MF_OK);
    for (i = 0; i < f->n && i < g->n_injected; i++)
        if (f->items[i].check != g->injected[i].check ||
            strcmp(f->items[i].id, g->injected[i].id))
            break;
    if (i < f->n || i < g->n_injected)
        fail_msg("finding %zu: found %s %s (%s), injected %s %s", i,
                 i < f->n ? mf_custody_check_name(f->items[i].check) : "-",
                 i < f->n ? f->items[i].id : "-",
                 i < f->n ? f->items[i].evidence : "",
                 i < g->n_injected ? mf_custody_check_name(g->injected[i].check)
                                   : "-",
                 i < g->n_injected ? g->injected[i].id : "-");
    assert_int_equal(f->n, g->n_injected);
    mf_custody_findings_free(f);
    mf_custody_gen_free(g);

    /* The clean part alone raises no alarm, and its balance closes within
     * tolerance. */
    g = generate(reg, plan, 0);
    o.as_of = g->as_of;
    assert_int_equal(g->n_injected, 0);
    assert_int_equal(mf_custody_check(reg, &g->data, &o, 0, &f, NULL), MF_OK);
    if (f->n)
        fail_msg("false alarm: %s %s: %s",
                 mf_custody_check_name(f->items[0].check), f->items[0].id,
                 f->items[0].evidence);
    mf_custody_findings_free(f);
    {
        struct mf_custody_balance *b = NULL;
        const struct mf_custody_row *t;

        o.plan = plan;
        assert_int_equal(mf_custody_balance(reg, &g->data, &o, &b, NULL),
                         MF_OK);
        t = mf_custody_balance_row(b, MF_CDIM_TOTAL, "", -1);
        assert_true(t->dispatched_t > 0.5 * 4000 * 24);
        assert_true(fabs(t->difference_t) <= t->tolerance_t);
        for (i = 0; i < b->n_diffs; i++)
            assert_int_not_equal(b->diffs[i].cause, MF_CAUSE_WEIGHING);
        mf_custody_balance_free(b);
    }
    mf_custody_gen_free(g);
    mf_plan_free(plan);
    mf_registry_free(reg);
    mf_factors_free(fx);
    mf_catalog_free(cat);
}

static void test_custody__plan_vs_actual(void **state)
{
    struct mf_catalog *cat = tu_catalog();
    struct mf_factors *fx = tu_factors();
    struct mf_plan *plan = NULL;
    struct mf_registry *reg = demo(cat, fx, &plan);
    struct mf_custody_gen *g = generate(reg, plan, 0);
    struct mf_custody_opts o = MF_CUSTODY_OPTS_INIT;
    struct mf_custody_pva *p = NULL;
    double planned = 0, moved = 0;
    size_t i;
    int k;

    (void)state;
    o.as_of = g->as_of;
    o.plan = plan;
    o.factors = fx;
    assert_int_equal(mf_custody_plan_vs_actual(reg, &g->data, &o, &p, NULL),
                     MF_OK);
    assert_int_equal(p->periods.n, plan->periods.n);
    for (i = 0; i < p->n_flows; i++) {
        planned += p->flows[i].planned_t;
        moved += p->flows[i].moved_t;
    }
    /* The horizon row is the sum of the periods. */
    for (k = 1; k <= p->periods.n; k++)
        moved -= p->kpi[k].moved_t;
    tu_near(moved, 0, 1e-3 * p->kpi[0].moved_t);
    tu_near(planned, p->kpi[0].planned_t, 1e-6 * planned);
    assert_true(p->kpi[0].moved_t > 0.9 * 4000 * 24);
    assert_true(p->kpi[0].truck_km_actual > 0 && p->kpi[0].co2e_actual_kg > 0);
    assert_true(p->kpi[0].reuse_rate_actual > 0 &&
                p->kpi[0].reuse_rate_actual <= 1);
    assert_true(p->kpi[0].reuse_rate_planned > 0);
    mf_custody_pva_free(p);
    mf_custody_gen_free(g);
    mf_plan_free(plan);
    mf_registry_free(reg);
    mf_factors_free(fx);
    mf_catalog_free(cat);
}

/* What moved by as_of (accepted receipts only, weighed or declared
 * tonnes), and the registry left to plan: the lot and the need less what
 * moved, the receiving site's capacity less what it took (not below 0), a
 * lot moved in full dropped, every window from that day; the plan of the
 * rest starts that month and meets 29 t less need. */
static void test_custody__moved_and_remaining(void **state)
{
    struct mf_catalog *cat = tu_catalog();
    struct mf_factors *fx = tu_factors();
    struct set s;
    struct mf_custody_opts o = MF_CUSTODY_OPTS_INIT;
    struct mf_custody_moved mv;
    struct mf_registry *left = NULL;
    struct mf_plan_opts po = MF_PLAN_OPTS_INIT;
    struct mf_plan *before = NULL, *after = NULL;
    struct mf_error err = {0};
    int32_t today = tu_date("2026-03-31");
    int l1, d1, rcv, dst;

    (void)state;
    memset(&s, 0, sizeof s);
    s.reg = fixture(cat);
    tk(&s, "T1", "L1", "src", "dst", "EK1", 30, at("2026-03-02", 7, 0));
    rc(&s, "R1", "T1", at("2026-03-02", 7, 40), 29, 0);
    tk(&s, "T2", "L1", "src", "rcv", "EK1", 20, at("2026-03-03", 7, 0));
    rc(&s, "R2", "T2", at("2026-03-03", 7, 40), -1, 0);
    tk(&s, "T3", "L1", "src", "dst", "EK1", 10, at("2026-03-04", 7, 0));
    rc(&s, "R3", "T3", at("2026-03-04", 7, 40), 10, 1);
    tk(&s, "T4", "L1", "src", "dst", "EK1", 15, at("2026-03-31", 15, 0));
    tk(&s, "T5", "L1", "src", "dst", "EK1", 40, at("2026-04-02", 7, 0));
    rc(&s, "R5", "T5", at("2026-04-02", 7, 40), 40, 0);
    tk(&s, "T6", "BAD", "src", "rcv", "EK2", 100, at("2026-03-05", 7, 0));
    rc(&s, "R6", "T6", at("2026-03-05", 7, 40), 100, 0);
    o.as_of = ((int64_t)today + 1) * 86400 - 1;
    assert_int_equal(mf_custody_moved(s.reg, data_of(&s), &o, &mv, &err),
                     MF_OK);
    l1 = mf_registry_index(s.reg, MF_ENT_LOT, "L1");
    d1 = mf_registry_index(s.reg, MF_ENT_LOT, "D1");
    rcv = mf_registry_index(s.reg, MF_ENT_SITE, "rcv");
    dst = mf_registry_index(s.reg, MF_ENT_SITE, "dst");
    assert_int_equal(mv.today, today);
    assert_int_equal(mv.n_loads, 3);
    tu_near(mv.moved_t, 149, 1e-9);
    tu_near(mv.lot_t[l1], 49, 1e-9);
    tu_near(mv.lot_t[d1], 29, 1e-9);
    tu_near(mv.site_t[rcv], 120, 1e-9);
    tu_near(mv.site_t[dst], 29, 1e-9);

    assert_int_equal(mf_custody_remaining(s.reg, &mv, &left, &err), MF_OK);
    assert_int_equal(mf_registry_count(left, MF_ENT_LOT),
                     mf_registry_count(s.reg, MF_ENT_LOT) - 1);
    assert_null(mf_registry_lot(left, "BAD"));
    tu_near(mf_registry_lot(left, "L1")->tonnes, 951, 1e-9);
    tu_near(mf_registry_lot(left, "L1")->quantity, 951, 1e-9);
    tu_near(mf_registry_lot(left, "D1")->tonnes, 971, 1e-9);
    tu_near(mf_registry_lot(left, "L2")->tonnes, 500, 1e-9);
    assert_int_equal(mf_registry_lot(left, "L1")->from, today);
    assert_int_equal(mf_registry_lot(left, "L1")->to, tu_date("2026-06-30"));
    tu_near(mf_registry_site(left, "rcv")->capacity_t, 0, 1e-9);
    tu_near(mf_registry_site(left, "far")->capacity_t, -1, 1e-9);

    /* The whole need planned before; what is left of it, all of it
     * from today on, after. */
    if (mf_plan_solve(s.reg, fx, &po, &before, &err))
        fail_msg("plan: %s", err.message);
    po.from = today;
    if (mf_plan_solve(left, fx, &po, &after, &err))
        fail_msg("plan: %s", err.message);
    assert_int_equal(after->periods.start[0], tu_date("2026-03-01"));
    tu_near(before->ind.demand_t - after->ind.demand_t, 29, 1e-9);
    mf_plan_free(before);
    mf_plan_free(after);
    mf_registry_free(left);
    mf_custody_moved_free(&mv);
    mf_registry_free(s.reg);
    mf_factors_free(fx);
    mf_catalog_free(cat);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_custody__sha256),
        cmocka_unit_test(
            test_custody__generated_faults_found_at_an_earlier_as_of),
        cmocka_unit_test(test_custody__moved_and_remaining),
        cmocka_unit_test(test_custody__code),
        cmocka_unit_test(test_custody__code_known),
        cmocka_unit_test(test_custody__params),
        cmocka_unit_test(test_custody__validate),
        cmocka_unit_test(test_custody__corrections),
        cmocka_unit_test(test_custody__unreceived),
        cmocka_unit_test(test_custody__no_ticket),
        cmocka_unit_test(test_custody__wrong_site),
        cmocka_unit_test(test_custody__dest_material),
        cmocka_unit_test(test_custody__dest_permit),
        cmocka_unit_test(test_custody__dest_hazard),
        cmocka_unit_test(test_custody__dest_capacity),
        cmocka_unit_test(test_custody__lot_refused),
        cmocka_unit_test(test_custody__doc_overuse),
        cmocka_unit_test(test_custody__vehicle_clash),
        cmocka_unit_test(test_custody__vehicle_speed),
        cmocka_unit_test(test_custody__window),
        cmocka_unit_test(test_custody__weight),
        cmocka_unit_test(test_custody__balance_closes),
        cmocka_unit_test(test_custody__generated_faults_found_exactly),
        cmocka_unit_test(test_custody__plan_vs_actual),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
