/*
 * geo.c - the registry's read routes over the use-case layer (src/app/):
 * sites and lots as GeoJSON (WGS84) with bbox, material, kind and
 * municipality filters and pagination; one lot or site; the mass balance;
 * a stored plan document. Lots and sites are read from the read model
 * below (built once through the app session, shared by the worker
 * threads, dropped by srv_cache_invalidate()); the balance and plans go
 * to the app session, serialised by srv->app_lock (the accounts keep
 * their own store under srv->lock).
 *
 * Who sees a lot: everyone sees lots marked public; an editor also sees
 * its own organisation's (the lot's project's organisation); authority
 * and administrator see every lot. A lot the caller may not see is
 * answered as if it did not exist (404), and never counted in a total.
 */
#include "srv_int.h"

#include "app.h"

#include <errno.h>
#include <math.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define LIST_DEFAULT 1000
#define LIST_MAX 100000

struct filters {
    int has_bbox;
    double bbox[4]; /* minlon, minlat, maxlon, maxlat */
    char material[160];
    char kind[160];
    char municipality[160];
    long limit, offset;
};

static void app_lock(struct req *r)
{
    pthread_mutex_lock(&r->srv->app_lock);
}

static void app_unlock(struct req *r)
{
    pthread_mutex_unlock(&r->srv->app_lock);
}

static void bad(struct req *r, const char *where, const char *detail)
{
    req_problem(r, 400, "invalid", "Invalid input", detail, where);
}

/* The query value of name, percent-decoded into buf; NULL when absent.
 * Answers 400 and sets *fail for a bad escape or an over-long value. */
static const char *arg(struct req *r, const char *name, char *buf, size_t len,
                       int *fail)
{
    const char *raw = req_get_arg(r, name);

    if (!raw || *fail)
        return NULL;
    if (route_decode(raw, buf, len) < 0) {
        bad(r, name, "a bad percent escape, or a value too long");
        *fail = 1;
        return NULL;
    }
    return buf;
}

static int parse_long(const char *s, long lo, long hi, long *out)
{
    char *end;
    long v;

    errno = 0;
    v = strtol(s, &end, 10);
    if (!*s || errno || *end || v < lo || v > hi)
        return -1;
    *out = v;
    return 0;
}

static int parse_bbox(const char *s, double b[4])
{
    const char *p = s;
    char *end;
    int i;

    for (i = 0; i < 4; i++) {
        errno = 0;
        b[i] = strtod(p, &end);
        if (end == p || errno || !isfinite(b[i]))
            return -1;
        if (i < 3 && *end != ',')
            return -1;
        p = end + (i < 3);
    }
    if (*end)
        return -1;
    if (b[0] < -180 || b[2] > 180 || b[1] < -90 || b[3] > 90 || b[0] > b[2] ||
        b[1] > b[3])
        return -1;
    return 0;
}

/* Reads the list filters; 0, or -1 after answering 400. kinds is
 * "supply|demand" for lots, NULL for sites (a site kind). */
static int read_filters(struct req *r, const struct mf_catalog *cat, int lots,
                        struct filters *f)
{
    char buf[160];
    const char *v;
    int fail = 0;

    memset(f, 0, sizeof *f);
    f->limit = LIST_DEFAULT;
    if ((v = arg(r, "bbox", buf, sizeof buf, &fail))) {
        if (parse_bbox(v, f->bbox)) {
            bad(r, "bbox",
                "must be minlon,minlat,maxlon,maxlat in WGS84 degrees, "
                "min before max");
            return -1;
        }
        f->has_bbox = 1;
    }
    if (!fail && (v = arg(r, "material", buf, sizeof buf, &fail))) {
        if (mf_catalog_find_material(cat, v) < 0) {
            bad(r, "material", "not a material code of the catalogue");
            return -1;
        }
        snprintf(f->material, sizeof f->material, "%s", v);
    }
    if (!fail && (v = arg(r, "kind", buf, sizeof buf, &fail))) {
        if (lots ? strcmp(v, "supply") && strcmp(v, "demand")
                 : mf_site_kind_parse(v) < 0) {
            bad(r, "kind",
                lots ? "must be supply or demand"
                     : "must be a site kind (project, storage, processing, "
                       "receiving, quarry)");
            return -1;
        }
        snprintf(f->kind, sizeof f->kind, "%s", v);
    }
    if (!fail && (v = arg(r, "municipality", buf, sizeof buf, &fail))) {
        if (strlen(v) != 4 || strspn(v, "0123456789") != 4) {
            bad(r, "municipality", "must be a 4-digit kommunenummer");
            return -1;
        }
        snprintf(f->municipality, sizeof f->municipality, "%s", v);
    }
    if (!fail && (v = arg(r, "limit", buf, sizeof buf, &fail)) &&
        parse_long(v, 1, LIST_MAX, &f->limit)) {
        bad(r, "limit", "must be a whole number from 1 to 100000");
        return -1;
    }
    if (!fail && (v = arg(r, "offset", buf, sizeof buf, &fail)) &&
        parse_long(v, 0, 0x7fffffffL, &f->offset)) {
        bad(r, "offset", "must be a whole number from 0");
        return -1;
    }
    return fail ? -1 : 0;
}

static int in_bbox(const struct filters *f, const struct mf_location *loc)
{
    if (!f->has_bbox)
        return 1;
    return loc->epsg != 0 && loc->lon >= f->bbox[0] && loc->lon <= f->bbox[2] &&
           loc->lat >= f->bbox[1] && loc->lat <= f->bbox[3];
}

static const char *lot_org(const struct mf_registry *reg,
                           const struct mf_lot *l)
{
    const struct mf_project *p =
        l->project ? mf_registry_project(reg, l->project) : NULL;
    return p ? p->org : NULL;
}

static json_t *str_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

static json_t *date_json(int32_t d)
{
    char buf[16];

    if (d == MF_DATE_NONE)
        return json_null();
    return json_string(mf_date_format(d, buf, sizeof buf));
}

static json_t *point(const struct mf_location *loc)
{
    if (!loc->epsg)
        return json_null();
    return json_pack("{s:s, s:[f, f]}", "type", "Point", "coordinates",
                     round(loc->lon * 1e6) / 1e6, round(loc->lat * 1e6) / 1e6);
}

static json_t *feature(json_t *geometry, const char *id, json_t *props)
{
    return json_pack("{s:s, s:s, s:o, s:o}", "type", "Feature", "id", id,
                     "geometry", geometry, "properties", props);
}

static json_t *material_json(const struct mf_catalog *cat, int m)
{
    const struct mf_material *x = m >= 0 ? mf_catalog_material(cat, m) : NULL;

    if (!x)
        return json_null();
    return json_pack("{s:s, s:s, s:s, s:s}", "code", x->code, "name_nb",
                     x->name_no, "name_en", x->name_en, "category",
                     x->category);
}

static json_t *lot_json(const struct mf_registry *reg, const struct mf_lot *l,
                        int refused)
{
    const struct mf_catalog *cat = mf_registry_catalog(reg);
    const struct mf_project *p =
        l->project ? mf_registry_project(reg, l->project) : NULL;
    const struct mf_use *u = l->use >= 0 ? mf_catalog_use(cat, l->use) : NULL;
    json_t *props = json_pack(
        "{s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:f, s:f, s:s, s:o, "
        "s:o, s:b, s:b}",
        "id", l->id, "kind", l->kind == MF_LOT_DEMAND ? "demand" : "supply",
        "material", material_json(cat, l->material), "use",
        u ? json_pack("{s:s, s:s, s:s}", "code", u->code, "name_nb", u->name_no,
                      "name_en", u->name_en)
          : json_null(),
        "project", str_or_null(l->project), "project_name",
        str_or_null(p ? p->name : NULL), "org", str_or_null(lot_org(reg, l)),
        "site", str_or_null(l->site), "municipality",
        str_or_null(mf_lot_municipality(reg, l)), "tonnes",
        round(l->tonnes * 10) / 10, "quantity", l->quantity, "unit",
        mf_state_name(l->state), "from", date_json(l->from), "to",
        date_json(l->to), "public", l->is_public, "refused", refused);

    return feature(point(&l->loc), l->id, props);
}

static json_t *site_json(const struct mf_registry *reg, const struct mf_site *s)
{
    const struct mf_catalog *cat = mf_registry_catalog(reg);
    json_t *mats = json_array();
    int i;

    for (i = 0; mats && i < s->n_materials; i++) {
        const struct mf_material *m = mf_catalog_material(cat, s->materials[i]);
        if (m)
            json_array_append_new(mats, json_string(m->code));
    }
    return feature(
        point(&s->loc), s->id,
        json_pack("{s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}",
                  "id", s->id, "name", s->name ? s->name : s->id, "kind",
                  mf_site_kind_name(s->kind), "org", str_or_null(s->org),
                  "project", str_or_null(s->project), "municipality",
                  str_or_null(s->municipality), "materials", mats, "capacity_t",
                  s->capacity_t < 0 ? json_null() : json_real(s->capacity_t),
                  "fee_nok_per_t", json_real(s->fee), "open_from",
                  date_json(s->open_from), "open_to", date_json(s->open_to)));
}

static int site_has_material(const struct mf_site *s, int m)
{
    int i;

    for (i = 0; i < s->n_materials; i++)
        if (s->materials[i] == m)
            return 1;
    return 0;
}

static struct app_session *session(struct req *r)
{
    return r->srv->sess;
}

/* ------------------------------------------------------------------ */
/* The read model                                                       */
/* ------------------------------------------------------------------ */

/*
 * One model is the registry as of one moment with what every read needs
 * worked out once: each lot's status under the rules (refused or not),
 * organisation and municipality, the placed lots in order of longitude
 * (a bbox read scans only its strip), and each lot's and site's GeoJSON
 * Feature text, made on its first read and kept. Nothing in it depends on
 * who asks: can_see() runs on every lot of every answer.
 *
 * Readers hold a reference; srv_cache_invalidate() marks the current
 * model stale and the next read builds a new one (under the cache's lock,
 * so one thread builds while the others wait for it); the old one is
 * freed when its last reader lets go.
 */
struct place {
    double lon, lat;
    uint32_t k; /* the lot's index in the registry */
};

/* What a list tests of each lot, packed: the registry's records are large,
 * and a dense bbox tests tens of thousands of lots per request. */
struct brief {
    int32_t org;      /* index of its organisation; -1: none */
    int16_t material; /* -1: none */
    unsigned char demand, is_public;
};

struct model {
    atomic_int refs;
    unsigned gen; /* the cache's generation it was built at */
    struct mf_registry *reg;
    size_t n_lots, n_sites;
    unsigned char *refused;
    struct brief *brief;       /* per lot: what the filters test */
    const char **org;          /* per lot; NULL: none */
    const char **municipality; /* per lot; NULL: none */
    struct place *by_lon;      /* placed lots, by longitude */
    size_t n_by_lon;
    char **lot_text;  /* per lot: the Feature of a list, made on first use */
    char **lot_one;   /* per lot: the body of GET /lots/{id} */
    char **site_text; /* per site */
};

struct geo_cache {
    pthread_mutex_t lock;
    struct model *cur;
    atomic_uint gen;         /* bumped by srv_cache_invalidate */
    atomic_llong checked_us; /* when the import log was last looked at */
    long long import_mark;   /* its last rowid then (under lock) */
};

static void text_array_free(char **a, size_t n)
{
    size_t i;

    for (i = 0; a && i < n; i++)
        free(a[i]);
    free(a);
}

static void model_free(struct model *m)
{
    if (!m)
        return;
    text_array_free(m->lot_text, m->n_lots);
    text_array_free(m->lot_one, m->n_lots);
    text_array_free(m->site_text, m->n_sites);
    free(m->refused);
    free(m->brief);
    free(m->org);
    free(m->municipality);
    free(m->by_lon);
    mf_registry_free(m->reg);
    free(m);
}

static void model_put(struct model *m)
{
    if (m && atomic_fetch_sub(&m->refs, 1) == 1)
        model_free(m);
}

int geo_cache_new(struct srv *srv)
{
    struct geo_cache *c = calloc(1, sizeof *c);

    if (!c)
        return -1;
    pthread_mutex_init(&c->lock, NULL);
    atomic_init(&c->gen, 1);
    atomic_init(&c->checked_us, 0);
    c->import_mark = -1;
    srv->cache = c;
    return 0;
}

void geo_cache_free(struct srv *srv)
{
    struct geo_cache *c = srv->cache;

    if (!c)
        return;
    model_put(c->cur);
    pthread_mutex_destroy(&c->lock);
    free(c);
    srv->cache = NULL;
}

void srv_cache_invalidate(struct srv *srv)
{
    if (srv && srv->cache)
        atomic_fetch_add(&srv->cache->gen, 1);
}

/* The newest row of the import log, through the server's own store
 * connection (store_ops.import_mark, either backend): every import writes
 * a row there, so a `masseflyt import` run beside the server changes it.
 * -1 when it cannot be read (then the check is skipped). */
static long long import_mark(struct srv *srv)
{
    const struct store_ops *ops = srv->st->ops;
    struct mf_error err = {0};
    long long v = -1;

    if (ops->version < STORE_OPS_MARK_VERSION || !ops->import_mark)
        return -1;
    pthread_mutex_lock(&srv->lock);
    if (ops->import_mark(srv->st, &v, &err))
        v = -1;
    pthread_mutex_unlock(&srv->lock);
    return v;
}

static int64_t mono_us(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* At most every GEO_CACHE_CHECK_MS: whether an import ran outside the
 * server since the model was built. */
static void check_outside(struct srv *srv)
{
    struct geo_cache *c = srv->cache;
    long long last = atomic_load(&c->checked_us), now = mono_us(), mark;

    if (now - last < GEO_CACHE_CHECK_MS * 1000LL ||
        !atomic_compare_exchange_strong(&c->checked_us, &last, now))
        return;
    mark = import_mark(srv);
    pthread_mutex_lock(&c->lock);
    if (mark >= 0 && c->import_mark >= 0 && mark != c->import_mark)
        atomic_fetch_add(&c->gen, 1);
    pthread_mutex_unlock(&c->lock);
}

static int place_cmp(const void *a, const void *b)
{
    const struct place *x = a, *y = b;

    return (x->lon > y->lon) - (x->lon < y->lon);
}

/* Builds the model from the store through the app session. */
static int model_build(struct req *r, unsigned gen, struct model **out,
                       long long *mark, struct mf_error *err)
{
    struct app_list_opts o = APP_LIST_OPTS_INIT;
    struct app_list_result res;
    struct model *m;
    size_t i, n;
    int rc;

    *out = NULL;
    *mark = import_mark(r->srv);
    o.what = MF_ENT_LOT;
    app_lock(r);
    rc = app_list(session(r), &o, &res, err);
    app_unlock(r);
    if (rc) {
        app_list_result_free(&res);
        return rc;
    }
    if (!(m = calloc(1, sizeof *m))) {
        app_list_result_free(&res);
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    }
    atomic_init(&m->refs, 1);
    m->gen = gen;
    m->reg = res.reg;
    res.reg = NULL;
    n = m->n_lots = mf_registry_count(m->reg, MF_ENT_LOT);
    m->n_sites = mf_registry_count(m->reg, MF_ENT_SITE);
    m->refused = calloc(n + 1, 1);
    m->org = calloc(n + 1, sizeof *m->org);
    m->brief = calloc(n + 1, sizeof *m->brief);
    m->municipality = calloc(n + 1, sizeof *m->municipality);
    m->by_lon = calloc(n + 1, sizeof *m->by_lon);
    m->lot_text = calloc(n + 1, sizeof *m->lot_text);
    m->lot_one = calloc(n + 1, sizeof *m->lot_one);
    m->site_text = calloc(m->n_sites + 1, sizeof *m->site_text);
    if (!m->refused || !m->org || !m->brief || !m->municipality || !m->by_lon ||
        !m->lot_text || !m->lot_one || !m->site_text || n > UINT32_MAX) {
        app_list_result_free(&res);
        model_free(m);
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    }
    /* No filter was given: items lists every lot, in registry order. */
    for (i = 0; i < res.n; i++)
        if (res.status && res.status[i] >= MF_SEV_REFUSE)
            m->refused[res.items[i]] = 1;
    app_list_result_free(&res);
    for (i = 0; i < n; i++) {
        const struct mf_lot *l = mf_registry_lot_at(m->reg, i);
        m->org[i] = lot_org(m->reg, l);
        m->brief[i].org = mf_registry_index(m->reg, MF_ENT_ORG, m->org[i]);
        m->brief[i].material =
            (int16_t)(l->material >= 0 && l->material < 32767 ? l->material
                                                              : -1);
        m->brief[i].demand = l->kind == MF_LOT_DEMAND;
        m->brief[i].is_public = l->is_public != 0;
        m->municipality[i] = mf_lot_municipality(m->reg, l);
        if (l->loc.epsg != 0)
            m->by_lon[m->n_by_lon++] =
                (struct place){l->loc.lon, l->loc.lat, (uint32_t)i};
    }
    qsort(m->by_lon, m->n_by_lon, sizeof *m->by_lon, place_cmp);
    *out = m;
    return MF_OK;
}

/* The current model, with a reference the caller gives back with
 * model_put(); built first when there is none or it is stale. */
static struct model *model_get(struct req *r, struct mf_error *err)
{
    struct geo_cache *c = r->srv->cache;
    struct model *m;
    unsigned gen;
    long long mark;

    check_outside(r->srv);
    pthread_mutex_lock(&c->lock);
    gen = atomic_load(&c->gen);
    if (!c->cur || c->cur->gen != gen) {
        if (model_build(r, gen, &m, &mark, err)) {
            pthread_mutex_unlock(&c->lock);
            return NULL;
        }
        model_put(c->cur);
        c->cur = m;
        c->import_mark = mark;
    }
    m = c->cur;
    atomic_fetch_add(&m->refs, 1);
    pthread_mutex_unlock(&c->lock);
    return m;
}

/* *slot, or make() stored there when it is empty; two threads may both
 * make it, and the second one's is dropped. NULL when out of memory. */
static const char *text_of(char **slot, char *made)
{
    char *old = __atomic_load_n(slot, __ATOMIC_ACQUIRE);
    char *expected = NULL;

    if (old) {
        free(made);
        return old;
    }
    if (!made)
        return NULL;
    if (__atomic_compare_exchange_n(slot, &expected, made, 0, __ATOMIC_ACQ_REL,
                                    __ATOMIC_ACQUIRE))
        return made;
    free(made);
    return expected;
}

static char *dump(json_t *j)
{
    char *s = j ? json_dumps(j, JSON_COMPACT | JSON_REAL_PRECISION(12)) : NULL;

    json_decref(j);
    return s;
}

static const char *lot_text(const struct model *m, size_t k)
{
    char *t = __atomic_load_n(&m->lot_text[k], __ATOMIC_ACQUIRE);

    if (t)
        return t;
    return text_of(
        &m->lot_text[k],
        dump(lot_json(m->reg, mf_registry_lot_at(m->reg, k), m->refused[k])));
}

static const char *site_text(const struct model *m, size_t k)
{
    char *t = __atomic_load_n(&m->site_text[k], __ATOMIC_ACQUIRE);

    if (t)
        return t;
    return text_of(&m->site_text[k],
                   dump(site_json(m->reg, mf_registry_site_at(m->reg, k))));
}

/* Who the caller is, for may_see(): worked out once per request. */
struct viewer {
    int all;     /* authority or administrator: every lot */
    int32_t org; /* an editor's organisation (its index); -1: none */
};

static struct viewer viewer_of(const struct req *r, const struct model *m)
{
    struct viewer v = {0, -1};

    if (r->auth == AUTH_NONE)
        return v;
    if (!strcmp(r->user.role, "administrator") ||
        !strcmp(r->user.role, "authority"))
        v.all = 1;
    else if (r->user.org[0])
        v.org = mf_registry_index(m->reg, MF_ENT_ORG, r->user.org);
    return v;
}

/* 1 when the viewer may see lot k of the model: a public lot, every lot
 * for the authorities, the lots of an editor's organisation. */
static int may_see(const struct viewer *v, const struct model *m, size_t k)
{
    const struct brief *b = &m->brief[k];

    return b->is_public || v->all || (v->org >= 0 && b->org == v->org);
}

static int u32_cmp(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

    return (x > y) - (x < y);
}

/* The lots of a bbox, in registry (id) order, into *out (malloc'ed):
 * the strip of longitudes by binary search, then latitude; put back in
 * order through a bitmap of the lots when there are many (a sort of tens
 * of thousands was most of a dense map read). */
static int lots_in_bbox(const struct model *m, const struct filters *f,
                        uint32_t **out, size_t *n)
{
    size_t lo = 0, hi = m->n_by_lon, i, w, words;
    uint64_t *bits;
    uint32_t *v;

    *n = 0;
    while (lo < hi) { /* the first lot with lon >= west */
        size_t mid = lo + (hi - lo) / 2;
        if (m->by_lon[mid].lon < f->bbox[0])
            lo = mid + 1;
        else
            hi = mid;
    }
    for (hi = lo; hi < m->n_by_lon && m->by_lon[hi].lon <= f->bbox[2]; hi++)
        ;
    if (!(v = malloc((hi - lo + 1) * sizeof *v)))
        return -1;
    for (i = lo; i < hi; i++)
        if (m->by_lon[i].lat >= f->bbox[1] && m->by_lon[i].lat <= f->bbox[3])
            v[(*n)++] = m->by_lon[i].k;
    *out = v;
    if (*n < 2048) {
        qsort(v, *n, sizeof *v, u32_cmp);
        return 0;
    }
    words = m->n_lots / 64 + 1;
    if (!(bits = calloc(words, sizeof *bits))) {
        free(v);
        *out = NULL;
        return -1;
    }
    for (i = 0; i < *n; i++)
        bits[v[i] / 64] |= (uint64_t)1 << (v[i] % 64);
    *n = 0;
    for (w = 0; w < words; w++) {
        uint64_t b = bits[w];
        while (b) {
            v[(*n)++] = (uint32_t)(w * 64 + (size_t)__builtin_ctzll(b));
            b &= b - 1;
        }
    }
    free(bits);
    return 0;
}

/* Writes one Feature text into the page, after a comma unless first. */
static int put_feature(FILE *body, size_t *shown, const char *t)
{
    if (!t || ((*shown)++ && fputc(',', body) == EOF))
        return -1;
    return fputs(t, body) == EOF ? -1 : 0;
}

/* Adds the page's Feature texts of the lots the caller may see and the
 * filters select to body; *total counts them all. */
static int list_lots(struct req *r, const struct model *m,
                     const struct filters *f, int mat, FILE *body,
                     size_t *total)
{
    struct viewer v = viewer_of(r, m);
    uint32_t *cand = NULL;
    size_t i, n, shown = 0;
    int rc = 0, want_demand = -1;

    if (f->kind[0])
        want_demand = !strcmp(f->kind, "demand");
    if (f->has_bbox && lots_in_bbox(m, f, &cand, &n))
        return -1;
    if (!f->has_bbox)
        n = m->n_lots;
    if (v.all && want_demand < 0 && mat < 0 && !f->municipality[0]) {
        /* Every lot selected is shown: count them without a look at each. */
        *total = n;
        for (i = (size_t)f->offset; i < n && shown < (size_t)f->limit && !rc;
             i++) {
            rc = put_feature(body, &shown, lot_text(m, cand ? cand[i] : i));
        }
        free(cand);
        return rc ? -1 : 0;
    }
    for (i = 0; i < n && rc == 0; i++) {
        size_t k = cand ? cand[i] : i;
        const struct brief *b = &m->brief[k];
        if ((want_demand >= 0 && b->demand != want_demand) ||
            (mat >= 0 && b->material != mat) ||
            (f->municipality[0] &&
             (!m->municipality[k] ||
              strcmp(m->municipality[k], f->municipality))) ||
            !may_see(&v, m, k))
            continue;
        if ((*total)++ < (size_t)f->offset || shown >= (size_t)f->limit)
            continue;
        rc = put_feature(body, &shown, lot_text(m, k));
    }
    free(cand);
    return rc ? -1 : 0;
}

static int list_sites(const struct model *m, const struct filters *f, int mat,
                      FILE *body, size_t *total)
{
    size_t k, shown = 0;
    int rc = 0;

    for (k = 0; k < m->n_sites && rc == 0; k++) {
        const struct mf_site *s = mf_registry_site_at(m->reg, k);
        if (!in_bbox(f, &s->loc) || (mat >= 0 && !site_has_material(s, mat)) ||
            (f->kind[0] && strcmp(f->kind, mf_site_kind_name(s->kind))) ||
            (f->municipality[0] &&
             (!s->municipality || strcmp(s->municipality, f->municipality))))
            continue;
        if ((*total)++ < (size_t)f->offset || shown >= (size_t)f->limit)
            continue;
        rc = put_feature(body, &shown, site_text(m, k));
    }
    return rc ? -1 : 0;
}

static void out_of_memory(struct req *r)
{
    req_problem(r, 500, "out_of_memory", "Out of memory",
                "the response could not be built", NULL);
}

/* GET /api/v1/lots and /api/v1/sites. */
void geo_list(struct req *r, int lots)
{
    const struct mf_catalog *cat;
    struct mf_error err = {0};
    char *text = NULL;
    size_t len = 0;
    FILE *body;
    struct filters f;
    struct model *m;
    size_t total = 0;
    int rc, mat = -1;

    if ((rc = app_catalog(r->srv->app, &cat, &err))) {
        req_error(r, &err);
        return;
    }
    if (read_filters(r, cat, lots, &f))
        return;
    if (f.material[0])
        mat = mf_catalog_find_material(cat, f.material);
    if (!(m = model_get(r, &err))) {
        req_error(r, &err);
        return;
    }
    /* The page is written into memory as it is walked (open_memstream). */
    if (!(body = open_memstream(&text, &len))) {
        model_put(m);
        out_of_memory(r);
        return;
    }
    rc = fputs("{\"type\":\"FeatureCollection\",\"features\":[", body) == EOF;
    rc = rc     ? rc
         : lots ? list_lots(r, m, &f, mat, body, &total)
                : list_sites(m, &f, mat, body, &total);
    model_put(m);
    if (!rc && fprintf(body, "],\"total\":%zu,\"limit\":%ld,\"offset\":%ld}",
                       total, f.limit, f.offset) < 0)
        rc = -1;
    if (fclose(body) != 0 || rc) {
        free(text);
        out_of_memory(r);
        return;
    }
    req_json_text(r, 200, text);
}

static json_t *issues_json(const struct mf_issues *is)
{
    json_t *a = json_array();
    size_t i;

    for (i = 0; a && i < is->n; i++) {
        const struct mf_issue *x = &is->items[i];
        json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:s}", "severity",
                                           mf_severity_name(x->severity),
                                           "rule", x->rule, "where", x->where,
                                           "message", x->message));
    }
    return a;
}

/* The body of GET /lots/{id} or /sites/{id}: the Feature, its issues under
 * the rules among its properties. */
static char *one_text(const struct srv *srv, const struct model *m, int lot,
                      size_t k)
{
    struct mf_issues is;
    json_t *j;
    size_t i;
    int refused = 0, rc;

    mf_issues_init(&is, 100);
    if (lot)
        rc = mf_validate_lot(m->reg, mf_registry_lot_at(m->reg, k), NULL,
                             srv->as_of, &is);
    else
        rc = mf_validate_site(m->reg, mf_registry_site_at(m->reg, k), NULL,
                              srv->as_of, &is);
    if (rc < 0) {
        mf_issues_free(&is);
        return NULL;
    }
    for (i = 0; i < is.n; i++)
        if (is.items[i].severity >= MF_SEV_REFUSE)
            refused = 1;
    j = lot ? lot_json(m->reg, mf_registry_lot_at(m->reg, k), refused)
            : site_json(m->reg, mf_registry_site_at(m->reg, k));
    if (j)
        json_object_set_new(json_object_get(j, "properties"), "issues",
                            issues_json(&is));
    mf_issues_free(&is);
    return dump(j);
}

/* GET /api/v1/lots/{id} and /api/v1/sites/{id}. */
void geo_one(struct req *r, int lot, const char *id)
{
    struct mf_error err = {0};
    struct model *m;
    struct viewer v;
    const char *t = NULL;
    char *made;
    int k;

    if (!(m = model_get(r, &err))) {
        req_error(r, &err);
        return;
    }
    k = mf_registry_index(m->reg, lot ? MF_ENT_LOT : MF_ENT_SITE, id);
    v = viewer_of(r, m);
    if (k < 0 || (lot && !may_see(&v, m, (size_t)k))) {
        model_put(m);
        req_problem(r, 404, "not_found", "Not found",
                    lot ? "no lot with this id that you may see"
                        : "no site with this id",
                    "id");
        return;
    }
    if (lot) {
        if (!(t = __atomic_load_n(&m->lot_one[k], __ATOMIC_ACQUIRE)))
            t = text_of(&m->lot_one[k], one_text(r->srv, m, 1, (size_t)k));
        made = t ? strdup(t) : NULL;
    } else {
        made = one_text(r->srv, m, 0, (size_t)k);
    }
    model_put(m);
    if (!made) {
        out_of_memory(r);
        return;
    }
    rec_etag_header(r, lot ? MF_ENT_LOT : MF_ENT_SITE, id); /* records.c */
    req_json_text(r, 200, made);
}

/* GET /api/v1/balance (authority and administrator). */
void geo_balance(struct req *r)
{
    struct mf_balance_opts o = MF_BALANCE_OPTS_INIT;
    struct app_balance_result res;
    const struct mf_catalog *cat;
    struct mf_error err = {0};
    char mun[16], per[16], label[32];
    const char *v;
    json_t *periods, *rows, *st, *dt;
    int rc, fail = 0, i, k;

    if ((v = arg(r, "municipality", mun, sizeof mun, &fail))) {
        if (strlen(v) != 4 || strspn(v, "0123456789") != 4) {
            bad(r, "municipality", "must be a 4-digit kommunenummer");
            return;
        }
        o.municipality = v;
    }
    if (!fail && (v = arg(r, "period", per, sizeof per, &fail))) {
        if ((k = mf_period_kind_parse(v)) < 0) {
            bad(r, "period", "must be week, month, quarter or year");
            return;
        }
        o.period = (enum mf_period_kind)k;
    }
    if (fail)
        return;
    if ((rc = app_catalog(r->srv->app, &cat, &err))) {
        req_error(r, &err);
        return;
    }
    app_lock(r);
    rc = app_balance(session(r), &o, &res, &err);
    app_unlock(r);
    if (rc) {
        app_balance_result_free(&res);
        req_error(r, &err);
        return;
    }
    periods = json_array();
    st = json_array();
    dt = json_array();
    for (i = 0; i < res.balance->periods.n; i++) {
        json_array_append_new(
            periods, json_string(mf_period_label(&res.balance->periods, i,
                                                 label, sizeof label)));
        json_array_append_new(st, json_real(res.balance->supply_total[i]));
        json_array_append_new(dt, json_real(res.balance->demand_total[i]));
    }
    rows = json_array();
    for (k = 0; k < res.balance->n_rows; k++) {
        const struct mf_balance_row *row = &res.balance->rows[k];
        const struct mf_use *u =
            row->material < 0 ? mf_catalog_use(cat, row->use) : NULL;
        json_t *s = json_array(), *d = json_array();
        for (i = 0; i < res.balance->periods.n; i++) {
            json_array_append_new(s, json_real(round(row->supply[i])));
            json_array_append_new(d, json_real(round(row->demand[i])));
        }
        json_array_append_new(
            rows, json_pack("{s:o, s:o, s:o, s:o, s:f, s:f}", "material",
                            material_json(cat, row->material), "use",
                            u ? json_pack("{s:s, s:s, s:s}", "code", u->code,
                                          "name_nb", u->name_no, "name_en",
                                          u->name_en)
                              : json_null(),
                            "supply", s, "demand", d, "supply_total",
                            round(row->supply_total), "demand_total",
                            round(row->demand_total)));
    }
    req_json(r, 200,
             json_pack("{s:s, s:o, s:o, s:o, s:o, s:o, s:I, s:I}", "period",
                       mf_period_kind_name(res.balance->periods.kind),
                       "municipality", str_or_null(o.municipality), "periods",
                       periods, "rows", rows, "supply_total", st,
                       "demand_total", dt, "lots_in",
                       (json_int_t)res.balance->lots_in, "lots_refused",
                       (json_int_t)res.balance->n_refused));
    app_balance_result_free(&res);
}

/* GET /api/v1/plans/{name} (authority and administrator). */
void geo_plan(struct req *r, const char *name)
{
    struct mf_error err = {0};
    char *text = NULL;
    json_t *j;
    int rc;

    app_lock(r);
    rc = app_document(session(r), "plan", name, &text, &err);
    app_unlock(r);
    if (rc) {
        req_error(r, &err);
        return;
    }
    if (!text) {
        req_problem(r, 404, "not_found", "Not found",
                    "no stored plan has this name (run `masseflyt plan` or "
                    "`plan --name NAME`)",
                    "name");
        return;
    }
    j = json_loads(text, 0, NULL);
    free(text);
    if (!j) {
        req_problem(r, 500, "internal", "Internal error",
                    "the stored plan is not valid JSON", "name");
        return;
    }
    req_json(r, 200, j);
}
