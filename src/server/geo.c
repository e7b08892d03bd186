/*
 * geo.c - the registry's read routes over the use-case layer (src/app/):
 * sites and lots as GeoJSON (WGS84) with bbox, material, kind and
 * municipality filters and pagination; one lot or site; the mass balance;
 * a stored plan document. Lots and sites are read from the read model
 * below (built once through the app session, shared by the worker
 * threads, updated in place by a lot's write, replaced by one built
 * aside after srv_cache_invalidate()); the balance and plans go
 * to the app session, serialised by srv->app_lock (the accounts keep
 * their own store under srv->lock).
 *
 * Who sees a lot: everyone sees lots marked public; an editor also sees
 * its own organisation's (the lot's project's organisation); authority
 * and administrator see every lot. A lot the caller may not see is
 * answered as if it did not exist (404), and never counted in a total.
 */
#define _GNU_SOURCE /* pthread_rwlockattr_setkind_np */
#include "srv_int.h"

#include "app.h"
#include "masseflyt/io.h"

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
    /* For a bbox page of lots (list_lots): the material's index (-1: any)
     * and the kind (1 demand, 0 supply, -1 any). */
    int mat, demand;
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
    f->mat = f->demand = -1;
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
 * organisation and municipality, the placed lots on a grid of cells (a
 * bbox read scans only the cells it touches), and each lot's and site's
 * GeoJSON Feature text, made on its first read and kept. Nothing in it
 * depends on who asks: may_see() runs on every lot of every answer.
 *
 * Readers hold a reference and the model's read lock for the request.
 * A lot written through the API is updated in place (srv_cache_lot_
 * written: the lot read back from the store, then put into the model
 * under the write lock, which waits for the readers under way and holds
 * new ones back). Any other change, srv_cache_invalidate(), marks the
 * model stale and the next read builds a new one aside, without the
 * cache's lock: one thread builds while the others keep reading the old
 * model (a lot written meanwhile goes into both), then the new one is
 * swapped in; the old one is freed when its last reader lets go. Only
 * when there is no model at all do readers wait for the build.
 */

/* A placed lot in its cell. */
struct gent {
    double lon, lat;
    uint32_t k;  /* the lot's index in the registry */
    int32_t org; /* its brief's org, for may_see without a look-up */
    unsigned char is_public;
    unsigned char demand; /* its brief's, for the kind and material */
    int16_t material;     /* filters without a look-up */
};

/* A part of a dense cell, for counting the lots of a bbox (its page's
 * `total`): the part's lots, how many of them are public, and the box
 * their places span (it grows with a lot put in and never shrinks, so
 * it always holds every place in the part). A part inside the bbox is
 * counted from n and n_pub; only the parts the bbox's edge crosses are
 * tested lot by lot. A page is merged from the parts' runs in index
 * order, so a part the bbox covers gives its lots without a test each. */
struct part {
    struct gent *e; /* by index, as a cell's */
    uint32_t n, cap, n_pub;
    double x0, y0, x1, y1;
    /* The n lots' longitudes and latitudes, each list sorted: a part that
     * only the box's left or right edges cross (or only its top or
     * bottom) is counted by two binary searches, not lot by lot. */
    double *lons, *lats;
};

/* The placed lots whose place falls in one cell, by index; a cell with
 * many lots (PART_MIN, as built) also has them in np x np parts. */
struct cell {
    struct gent *e;
    uint32_t n, cap;
    struct part *part; /* NULL, or np * np parts, row by row */
    uint32_t np;
    /* With parts: the parts' lots summed from the cell's corner, two
     * tables of (np + 1) x (np + 1), row by row: sum[y * (np + 1) + x]
     * counts the lots of the parts left of column x and below row y, the
     * second table its public ones. A bbox's total takes the parts well
     * inside the box from four entries each (cell_sums). */
    uint32_t *sum;
};

/* What a list tests of each lot, packed: the registry's records are large,
 * and a dense bbox tests tens of thousands of lots per request. */
struct brief {
    int32_t org;      /* index of its organisation; -1: none */
    int16_t material; /* -1: none */
    unsigned char demand, is_public;
    unsigned char gone; /* deleted since the model was built */
};

/* A lot's place as the grid holds it, packed beside its brief for the walk
 * of a bbox page in id order (the registry's records are large: a look at
 * each one's place was most of that walk). NaN when the lot is in no cell
 * (not placed, or taken off its cell). */
struct place {
    double lon, lat;
};

/* After this many lot writes in place the model is built afresh: a
 * replaced lot's old strings stay in the registry's arena until then. */
#define GEO_REBUILD_WRITES(n) ((n) / 4 + 4096)

struct model {
    atomic_int refs;
    unsigned gen;          /* the cache's generation it was built at */
    pthread_rwlock_t rw;   /* readers share it; a lot write takes it alone */
    pthread_mutex_t wlock; /* one lot write at a time */
    struct mf_registry *reg;
    size_t n_lots, cap_lots, n_sites;
    size_t n_base;    /* lots as built, in id order; later ones follow */
    size_t n_gone;    /* lots deleted in place (brief.gone) */
    size_t n_written; /* lot writes applied in place */
    unsigned char *refused;
    struct brief *brief;       /* per lot: what the filters test */
    struct place *place;       /* per lot: where it is, for the walk */
    const char **org;          /* per lot; NULL: none */
    const char **municipality; /* per lot; NULL: none */
    struct cell *grid;         /* gx * gy cells, row by row */
    int gx, gy;
    double x0, y0, dx, dy; /* the grid's corner and cell size, degrees */
    char **lot_text;   /* per lot: the Feature of a list, made on first use */
    uint32_t *lot_len; /* per lot: its length, set before it is published */
    char **lot_one;    /* per lot: ETag, NUL, body of GET /lots/{id} */
    char **site_text;  /* per site */
};

/* A lot written while a new model is being built, put into that model
 * once it is in place. */
struct pending {
    struct pending *next;
    char id[];
};

struct geo_cache {
    pthread_mutex_t lock;
    pthread_cond_t built; /* a build ended (under lock) */
    struct model *cur;
    int building;            /* a thread is building a new model */
    struct pending *pending; /* lots written meanwhile */
    atomic_uint gen;         /* bumped by srv_cache_invalidate */
    /* Bumped by every change the server makes or notices, lot writes
     * included (srv_registry_version). */
    atomic_ullong version;
    /* The options' solved plan (views.c), kept between requests. */
    pthread_mutex_t memo_lock;
    struct opt_memo *memo;
    atomic_llong checked_us; /* when the import log was last looked at */
    long long import_mark;   /* its last rowid then (under lock) */
    /* With srv->bumps: the serve's bumps as they were when the change
     * counter was read after them, and the mark the newest look gave
     * (-1: none yet; written under lock). */
    atomic_ullong bumps_seen;
    atomic_llong mark_seen;
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
    int i;

    if (!m)
        return;
    text_array_free(m->lot_text, m->n_lots);
    free(m->lot_len);
    text_array_free(m->lot_one, m->n_lots);
    text_array_free(m->site_text, m->n_sites);
    free(m->refused);
    free(m->brief);
    free(m->place);
    free(m->org);
    free(m->municipality);
    for (i = 0; m->grid && i < m->gx * m->gy; i++) {
        uint32_t j;
        for (j = 0; m->grid[i].part && j < m->grid[i].np * m->grid[i].np; j++) {
            free(m->grid[i].part[j].e);
            free(m->grid[i].part[j].lons);
            free(m->grid[i].part[j].lats);
        }
        free(m->grid[i].part);
        free(m->grid[i].sum);
        free(m->grid[i].e);
    }
    free(m->grid);
    mf_registry_free(m->reg);
    pthread_rwlock_destroy(&m->rw);
    pthread_mutex_destroy(&m->wlock);
    free(m);
}

static void model_put(struct model *m)
{
    if (m && atomic_fetch_sub(&m->refs, 1) == 1)
        model_free(m);
}

/* A reader is done with the model model_get() gave it. */
static void model_done(struct model *m)
{
    pthread_rwlock_unlock(&m->rw);
    model_put(m);
}

static void pending_free(struct pending *p)
{
    while (p) {
        struct pending *next = p->next;
        free(p);
        p = next;
    }
}

int geo_cache_new(struct srv *srv)
{
    struct geo_cache *c = calloc(1, sizeof *c);

    if (!c)
        return -1;
    pthread_mutex_init(&c->lock, NULL);
    pthread_cond_init(&c->built, NULL);
    pthread_mutex_init(&c->memo_lock, NULL);
    atomic_init(&c->version, 1);
    atomic_init(&c->gen, 1);
    atomic_init(&c->checked_us, 0);
    atomic_init(&c->bumps_seen, 0);
    atomic_init(&c->mark_seen, -1);
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
    pending_free(c->pending);
    opt_memo_put(c->memo);
    pthread_mutex_destroy(&c->memo_lock);
    pthread_cond_destroy(&c->built);
    pthread_mutex_destroy(&c->lock);
    free(c);
    srv->cache = NULL;
}

/* After a write of the registry committed, before its answer: the other
 * workers of the serve read the change counter at their next read. */
static void bump_siblings(struct srv *srv)
{
    if (srv->bumps)
        atomic_fetch_add(&srv->bumps->registry, 1);
}

void srv_cache_invalidate(struct srv *srv)
{
    if (srv && srv->cache) {
        bump_siblings(srv);
        atomic_fetch_add(&srv->cache->version, 1);
        atomic_fetch_add(&srv->cache->gen, 1);
    }
}

const char *srv_cache_state(struct srv *srv)
{
    struct geo_cache *c = srv ? srv->cache : NULL;
    const char *state;

    if (!c)
        return "none";
    pthread_mutex_lock(&c->lock);
    state = c->building                           ? "building"
            : !c->cur                             ? "none"
            : c->cur->gen != atomic_load(&c->gen) ? "stale"
                                                  : "ready";
    pthread_mutex_unlock(&c->lock);
    return state;
}

/* The registry's change mark (srv_registry_mark, http.c): the newest row
 * of the import log, so a `masseflyt import` run beside the server is
 * noticed, or with other server processes on the database the registry's
 * change counter. -1 when it cannot be read (then the check is skipped). */
static long long import_mark(struct srv *srv)
{
    return srv_registry_mark(srv);
}

static int64_t mono_us(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* Whether the registry was written outside this process since the model
 * was built; if so, the model is marked stale. When it looks:
 * - shared with other server processes, --fresh=db (srv->bumps NULL): at
 *   every read, as any server on any machine may have written;
 * - --fresh=shared: when a worker of this serve has bumped the page since
 *   the last look (it did so after its commit and before its answer, so a
 *   read sent after that answer, to any worker, sees the write), and else
 *   every --fresh-ms (GEO_CACHE_CHECK_MS by default) at most, for
 *   writers outside the serve;
 * - not shared (one process on SQLite): every GEO_CACHE_CHECK_MS at most.
 * *mark: what the look read, or -1 (none made, or it failed). */
static void check_outside(struct srv *srv, long long *mark)
{
    struct geo_cache *c = srv->cache;
    long long last = atomic_load(&c->checked_us), now = mono_us();
    unsigned long long bumps = 0, seen = 0;
    long long every_ms = srv->bumps && srv->cfg->fresh_ms
                             ? (long long)srv->cfg->fresh_ms
                             : GEO_CACHE_CHECK_MS;
    int moved = 0;

    *mark = -1;
    if (srv->bumps) {
        /* Seen before the counter is read: a bump that comes later is
         * looked at again at the next read. */
        seen = atomic_load(&c->bumps_seen);
        bumps = atomic_load(&srv->bumps->registry);
        moved = bumps != seen;
    }
    if ((!srv->shared || srv->bumps) && !moved &&
        (now - last < every_ms * 1000LL ||
         !atomic_compare_exchange_strong(&c->checked_us, &last, now)))
        return;
    *mark = import_mark(srv);
    pthread_mutex_lock(&c->lock);
    if (*mark >= 0 && c->import_mark >= 0 && *mark != c->import_mark) {
        atomic_fetch_add(&c->version, 1);
        atomic_fetch_add(&c->gen, 1);
    }
    if (srv->bumps && *mark >= 0 && *mark != atomic_load(&c->mark_seen)) {
        /* For srv_registry_version: a new mark is a new version too, so
         * two looks that end out of order never give an old pair. */
        atomic_store(&c->mark_seen, *mark);
        atomic_fetch_add(&c->version, 1);
    }
    pthread_mutex_unlock(&c->lock);
    /* After the model was marked: a thread that finds the bumps seen
     * finds the model stale too. */
    if (moved && *mark >= 0)
        atomic_compare_exchange_strong(&c->bumps_seen, &seen, bumps);
}

void srv_registry_version(struct srv *srv, unsigned long long *version,
                          long long *mark)
{
    struct geo_cache *c = srv->cache;

    if (srv->bumps) {
        /* The counter as of the last look, which check_outside makes
         * when the page moved or --fresh-ms passed. */
        check_outside(srv, mark);
        *mark = atomic_load(&c->mark_seen);
    } else {
        *mark = import_mark(srv);
    }
    *version = atomic_load(&c->version);
}

struct opt_memo *srv_options_memo_get(struct srv *srv)
{
    struct geo_cache *c = srv->cache;
    struct opt_memo *m;

    pthread_mutex_lock(&c->memo_lock);
    if ((m = c->memo))
        opt_memo_ref(m);
    pthread_mutex_unlock(&c->memo_lock);
    return m;
}

void srv_options_memo_set(struct srv *srv, struct opt_memo *m)
{
    struct geo_cache *c = srv->cache;
    struct opt_memo *old;

    if (m)
        opt_memo_ref(m);
    pthread_mutex_lock(&c->memo_lock);
    old = c->memo;
    c->memo = m;
    pthread_mutex_unlock(&c->memo_lock);
    opt_memo_put(old);
}

/* ---- the grid ---- */

static int grid_col(const struct model *m, double lon)
{
    double f = (lon - m->x0) / m->dx;

    if (!(f >= 0)) /* also NaN */
        return 0;
    return f >= m->gx ? m->gx - 1 : (int)f;
}

static int grid_row(const struct model *m, double lat)
{
    double f = (lat - m->y0) / m->dy;

    if (!(f >= 0))
        return 0;
    return f >= m->gy ? m->gy - 1 : (int)f;
}

static struct cell *cell_of(const struct model *m, double lon, double lat)
{
    return &m->grid[(size_t)grid_row(m, lat) * (size_t)m->gx +
                    (size_t)grid_col(m, lon)];
}

/* The column and row of the part of cell c (of model m) that a place
 * falls in: by the place within the cell's bounds, clamped to the edge
 * parts (an edge cell also takes the places outside the grid). Both
 * grow with lon and lat, so the parts a box's lots fall in lie between
 * its corners' parts. */
static void part_xy(const struct model *m, const struct cell *c, double lon,
                    double lat, uint32_t *px, uint32_t *py)
{
    size_t i = (size_t)(c - m->grid);
    double fx = (lon - (m->x0 + (double)(i % (size_t)m->gx) * m->dx)) / m->dx;
    double fy = (lat - (m->y0 + (double)(i / (size_t)m->gx) * m->dy)) / m->dy;

    fx *= c->np;
    fy *= c->np;
    *px = !(fx >= 0) ? 0 : fx >= c->np ? c->np - 1 : (uint32_t)fx;
    *py = !(fy >= 0) ? 0 : fy >= c->np ? c->np - 1 : (uint32_t)fy;
}

static struct part *part_of(const struct model *m, const struct cell *c,
                            double lon, double lat)
{
    uint32_t px, py;

    part_xy(m, c, lon, lat, &px, &py);
    return &c->part[py * c->np + px];
}

/* The first of the n entries e with index >= k. */
static uint32_t gent_find(const struct gent *e, uint32_t n, uint32_t k)
{
    uint32_t lo = 0, hi = n;

    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (e[mid].k < k)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* The first of the n sorted values v that is >= x (after 0: > x). */
static uint32_t dbl_find(const double *v, uint32_t n, double x, int after)
{
    uint32_t lo = 0, hi = n;

    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (v[mid] < x || (after && v[mid] == x))
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Puts x into the n sorted values v (room for one more). */
static void dbl_put(double *v, uint32_t n, double x)
{
    uint32_t at = dbl_find(v, n, x, 1);

    memmove(v + at + 1, v + at, (n - at) * sizeof *v);
    v[at] = x;
}

/* Takes one value x out of the n sorted values v. */
static void dbl_del(double *v, uint32_t n, double x)
{
    uint32_t at = dbl_find(v, n, x, 0);

    if (at < n && v[at] == x)
        memmove(v + at, v + at + 1, (n - at - 1) * sizeof *v);
}

static int part_add(struct part *p, const struct gent *g)
{
    uint32_t at;

    if (p->n == p->cap) {
        uint32_t nc = p->cap ? p->cap * 2 : 8;
        struct gent *e = realloc(p->e, nc * sizeof *e);
        double *lons, *lats;
        if (!e || nc < p->cap)
            return -1;
        p->e = e;
        if (!(lons = realloc(p->lons, nc * sizeof *lons)))
            return -1;
        p->lons = lons;
        if (!(lats = realloc(p->lats, nc * sizeof *lats)))
            return -1;
        p->lats = lats;
        p->cap = nc;
    }
    if (!p->n) {
        p->x0 = p->x1 = g->lon;
        p->y0 = p->y1 = g->lat;
    }
    p->x0 = g->lon < p->x0 ? g->lon : p->x0;
    p->x1 = g->lon > p->x1 ? g->lon : p->x1;
    p->y0 = g->lat < p->y0 ? g->lat : p->y0;
    p->y1 = g->lat > p->y1 ? g->lat : p->y1;
    at = gent_find(p->e, p->n, g->k);
    memmove(p->e + at + 1, p->e + at, (p->n - at) * sizeof *p->e);
    p->e[at] = *g;
    dbl_put(p->lons, p->n, g->lon);
    dbl_put(p->lats, p->n, g->lat);
    p->n++;
    p->n_pub += g->is_public != 0;
    return 0;
}

static void part_del(struct part *p, uint32_t k)
{
    uint32_t at = gent_find(p->e, p->n, k);

    if (at < p->n && p->e[at].k == k) {
        p->n_pub -= p->e[at].is_public != 0;
        dbl_del(p->lons, p->n, p->e[at].lon);
        dbl_del(p->lats, p->n, p->e[at].lat);
        memmove(p->e + at, p->e + at + 1, (p->n - at - 1) * sizeof *p->e);
        p->n--;
    }
}

/* Works out cell c's tables of sums from its parts (after any change). */
static void cell_sums(struct cell *c)
{
    uint32_t w = c->np + 1, x, y, *s = c->sum, *p = c->sum + w * w;

    if (!s)
        return;
    for (x = 0; x < w; x++)
        s[x] = p[x] = 0;
    for (y = 1; y < w; y++) {
        uint32_t row = 0, rowp = 0;
        s[y * w] = p[y * w] = 0;
        for (x = 1; x < w; x++) {
            const struct part *q = &c->part[(y - 1) * c->np + (x - 1)];
            row += q->n;
            rowp += q->n_pub;
            s[y * w + x] = s[(y - 1) * w + x] + row;
            p[y * w + x] = p[(y - 1) * w + x] + rowp;
        }
    }
}

/* The lots (pub 0) or public lots (pub 1) of cell c's parts in columns
 * x0 .. x1 - 1 and rows y0 .. y1 - 1. */
static uint32_t cell_sum(const struct cell *c, int pub, uint32_t x0,
                         uint32_t y0, uint32_t x1, uint32_t y1)
{
    uint32_t w = c->np + 1;
    const uint32_t *s = c->sum + (pub ? w * w : 0);

    return s[y1 * w + x1] - s[y0 * w + x1] - s[y1 * w + x0] + s[y0 * w + x0];
}

static int cell_add(const struct model *m, struct cell *c, double lon,
                    double lat, uint32_t k, const struct brief *b)
{
    uint32_t at;

    if (c->n == c->cap) {
        uint32_t nc = c->cap ? c->cap * 2 : 4;
        struct gent *p = realloc(c->e, nc * sizeof *p);
        if (!p || nc < c->cap)
            return -1;
        c->e = p;
        c->cap = nc;
    }
    at = gent_find(c->e, c->n, k);
    memmove(c->e + at + 1, c->e + at, (c->n - at) * sizeof *c->e);
    c->e[at] = (struct gent){lon,          lat,       k,          b->org,
                             b->is_public, b->demand, b->material};
    c->n++;
    if (c->part && part_add(part_of(m, c, lon, lat), &c->e[at])) {
        memmove(c->e + at, c->e + at + 1, (c->n - at - 1) * sizeof *c->e);
        c->n--;
        return -1;
    }
    cell_sums(c);
    return 0;
}

static void cell_del(const struct model *m, struct cell *c, uint32_t k)
{
    uint32_t at = gent_find(c->e, c->n, k);

    if (at < c->n && c->e[at].k == k) {
        if (c->part)
            part_del(part_of(m, c, c->e[at].lon, c->e[at].lat), k);
        memmove(c->e + at, c->e + at + 1, (c->n - at - 1) * sizeof *c->e);
        c->n--;
        cell_sums(c);
    }
}

/* A cell with this many lots as built is split into parts of about
 * PART_LOTS lots for counting a bbox. */
#define PART_MIN 128
#define PART_LOTS 16.0

/* Lays a grid over the placed lots: about 8 lots a cell on average, cells
 * as square as the lots' extent allows; a place outside it (a later
 * write) goes to the nearest edge cell, which a bbox read always tests
 * lot by lot. */
static int grid_build(struct model *m)
{
    double w, h, x1 = -180, y1 = -90;
    size_t i, placed = 0, target;
    int gx, gy;

    m->x0 = 180;
    m->y0 = 90;
    for (i = 0; i < m->n_lots; i++) {
        const struct mf_lot *l = mf_registry_lot_at(m->reg, i);
        if (!l->loc.epsg)
            continue;
        placed++;
        m->x0 = l->loc.lon < m->x0 ? l->loc.lon : m->x0;
        m->y0 = l->loc.lat < m->y0 ? l->loc.lat : m->y0;
        x1 = l->loc.lon > x1 ? l->loc.lon : x1;
        y1 = l->loc.lat > y1 ? l->loc.lat : y1;
    }
    if (!placed) {
        m->x0 = -180;
        m->y0 = -90;
        x1 = 180;
        y1 = 90;
    }
    w = x1 - m->x0 > 1e-6 ? x1 - m->x0 : 1e-6;
    h = y1 - m->y0 > 1e-6 ? y1 - m->y0 : 1e-6;
    target = placed / 8;
    target = target < 1 ? 1 : target > (1u << 18) ? (1u << 18) : target;
    gx = (int)ceil(sqrt((double)target * w / h));
    gx = gx < 1 ? 1 : gx > 4096 ? 4096 : gx;
    gy = (int)ceil((double)target / gx);
    gy = gy < 1 ? 1 : gy > 4096 ? 4096 : gy;
    m->gx = gx;
    m->gy = gy;
    m->dx = w / gx;
    m->dy = h / gy;
    if (!(m->grid = calloc((size_t)gx * (size_t)gy, sizeof *m->grid)))
        return -1;
    for (i = 0; i < m->n_lots; i++) { /* by index: each cell stays sorted */
        const struct mf_lot *l = mf_registry_lot_at(m->reg, i);
        if (l->loc.epsg &&
            cell_add(m, cell_of(m, l->loc.lon, l->loc.lat), l->loc.lon,
                     l->loc.lat, (uint32_t)i, &m->brief[i]))
            return -1;
    }
    /* The dense cells' parts: about PART_LOTS lots a part. */
    for (i = 0; i < (size_t)gx * (size_t)gy; i++) {
        struct cell *c = &m->grid[i];
        uint32_t j, np;
        if (c->n < PART_MIN)
            continue;
        np = (uint32_t)ceil(sqrt((double)c->n / PART_LOTS));
        np = np > 256 ? 256 : np;
        if (!(c->part = calloc((size_t)np * np, sizeof *c->part)) ||
            !(c->sum =
                  malloc(2 * (size_t)(np + 1) * (np + 1) * sizeof *c->sum)))
            return -1;
        c->np = np;
        for (j = 0; j < c->n; j++)
            if (part_add(part_of(m, c, c->e[j].lon, c->e[j].lat), &c->e[j]))
                return -1;
        cell_sums(c);
    }
    return 0;
}

/* ---- building, and one lot written ---- */

/* Fills lot k's entries from the registry; refused is its status. */
static void lot_brief(struct model *m, size_t k, int refused)
{
    const struct mf_lot *l = mf_registry_lot_at(m->reg, k);

    m->refused[k] = (unsigned char)(refused != 0);
    m->org[k] = lot_org(m->reg, l);
    m->brief[k].org = mf_registry_index(m->reg, MF_ENT_ORG, m->org[k]);
    m->brief[k].material =
        (int16_t)(l->material >= 0 && l->material < 32767 ? l->material : -1);
    m->brief[k].demand = l->kind == MF_LOT_DEMAND;
    m->brief[k].is_public = l->is_public != 0;
    m->brief[k].gone = 0;
    m->place[k].lon = l->loc.epsg ? l->loc.lon : NAN;
    m->place[k].lat = l->loc.epsg ? l->loc.lat : NAN;
    m->municipality[k] = mf_lot_municipality(m->reg, l);
}

/* Room for cap lots in every per-lot array, the new part zeroed. */
static int lots_reserve(struct model *m, size_t cap)
{
    size_t old = m->cap_lots;
    void *p;

#define GROW(field)                                                            \
    do {                                                                       \
        if (!(p = realloc(m->field, (cap + 1) * sizeof *m->field)))            \
            return -1;                                                         \
        m->field = p;                                                          \
        memset(m->field + old, 0, (cap + 1 - old) * sizeof *m->field);         \
    } while (0)

    if (cap <= old)
        return 0;
    GROW(refused);
    GROW(brief);
    GROW(place);
    GROW(org);
    GROW(municipality);
    GROW(lot_text);
    GROW(lot_len);
    GROW(lot_one);
#undef GROW
    m->cap_lots = cap;
    return 0;
}

static struct model *model_new(unsigned gen, struct mf_registry *reg)
{
    struct model *m = calloc(1, sizeof *m);
    pthread_rwlockattr_t at;

    if (!m)
        return NULL;
    atomic_init(&m->refs, 1);
    m->gen = gen;
    m->reg = reg;
    /* A writer waits only for the readers under way: new readers queue
     * behind it, so a stream of reads never starves a write. */
    pthread_rwlockattr_init(&at);
    pthread_rwlockattr_setkind_np(&at,
                                  PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
    pthread_rwlock_init(&m->rw, &at);
    pthread_rwlockattr_destroy(&at);
    pthread_mutex_init(&m->wlock, NULL);
    return m;
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
    if (!(m = model_new(gen, res.reg))) {
        app_list_result_free(&res);
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    }
    res.reg = NULL;
    n = m->n_lots = m->n_base = mf_registry_count(m->reg, MF_ENT_LOT);
    m->n_sites = mf_registry_count(m->reg, MF_ENT_SITE);
    m->site_text = calloc(m->n_sites + 1, sizeof *m->site_text);
    if (n > UINT32_MAX / 2 || lots_reserve(m, n + n / 16 + 16) ||
        !m->site_text) {
        app_list_result_free(&res);
        model_free(m);
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    }
    /* No filter was given: items lists every lot, in registry order. */
    for (i = 0; i < res.n; i++)
        if (res.status && res.status[i] >= MF_SEV_REFUSE)
            m->refused[res.items[i]] = 1;
    app_list_result_free(&res);
    for (i = 0; i < n; i++)
        lot_brief(m, i, m->refused[i]);
    if (grid_build(m)) {
        model_free(m);
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    }
    *out = m;
    return MF_OK;
}

/* Takes lot k off the model's lists (before it is replaced or deleted):
 * its cell and its kept texts. */
static void lot_unlist(struct model *m, size_t k)
{
    const struct mf_lot *l = mf_registry_lot_at(m->reg, k);

    if (!m->brief[k].gone && l->loc.epsg)
        cell_del(m, cell_of(m, l->loc.lon, l->loc.lat), (uint32_t)k);
    m->place[k].lon = m->place[k].lat = NAN;
    free(m->lot_text[k]);
    free(m->lot_one[k]);
    m->lot_text[k] = m->lot_one[k] = NULL;
}

/* 1 when the rules refuse lot l (as mf_registry_status decides it: its
 * own checks, or a refused site it lies at); -1 out of memory. */
static int lot_refused(const struct model *m, int32_t as_of,
                       const struct mf_lot *l)
{
    int rc = mf_validate_lot(m->reg, l, NULL, as_of, NULL);
    int s = l->site ? mf_registry_index(m->reg, MF_ENT_SITE, l->site) : -1;

    if (rc < 0)
        return -1;
    if (rc < MF_SEV_REFUSE && s >= 0) {
        int ss = mf_validate_site(
            m->reg, mf_registry_site_at(m->reg, (size_t)s), NULL, as_of, NULL);
        if (ss < 0)
            return -1;
        if (ss >= MF_SEV_REFUSE)
            rc = MF_SEV_REFUSE;
    }
    return rc >= MF_SEV_REFUSE;
}

/* Puts lot l (as stored now) into the model, or takes lot id out when l
 * is NULL (deleted). Under the model's write lock. 0, or -1 when the
 * model could not be updated (then it must be built again). */
static int model_apply_lot(struct model *m, int32_t as_of, const char *id,
                           const struct mf_lot *l)
{
    int at = mf_registry_index(m->reg, MF_ENT_LOT, id), refused;
    size_t k;

    if (at >= 0)
        lot_unlist(m, (size_t)at);
    if (!l) {
        if (at >= 0 && !m->brief[at].gone) {
            m->brief[at].gone = 1;
            m->n_gone++;
        }
        return 0;
    }
    if (at < 0 && m->n_lots + 1 > m->cap_lots &&
        lots_reserve(m, m->cap_lots + m->cap_lots / 2 + 16))
        return -1;
    if (mf_registry_put(m->reg, MF_ENT_LOT, l))
        return -1;
    k = at >= 0 ? (size_t)at : m->n_lots;
    if (at < 0 && mf_registry_count(m->reg, MF_ENT_LOT) != ++m->n_lots)
        return -1;
    if (at >= 0 && m->brief[k].gone)
        m->n_gone--;
    l = mf_registry_lot_at(m->reg, k);
    if ((refused = lot_refused(m, as_of, l)) < 0)
        return -1;
    lot_brief(m, k, refused);
    if (l->loc.epsg &&
        cell_add(m, cell_of(m, l->loc.lon, l->loc.lat), l->loc.lon, l->loc.lat,
                 (uint32_t)k, &m->brief[k]))
        return -1;
    return 0;
}

struct lot_update {
    struct model *m;
    int32_t as_of;
    int applied, failed;
};

/* The store's get hands the lot as stored: put it in under the lock. */
static int lot_update_each(void *ctx, enum mf_entity e, const void *rec,
                           struct mf_error *err)
{
    struct lot_update *u = ctx;
    const struct mf_lot *l = rec;

    (void)err;
    if (e != MF_ENT_LOT)
        return MF_OK;
    pthread_rwlock_wrlock(&u->m->rw);
    u->failed = model_apply_lot(u->m, u->as_of, l->id, l) != 0;
    pthread_rwlock_unlock(&u->m->rw);
    u->applied = 1;
    return MF_OK;
}

void srv_cache_lot_written(struct srv *srv, const char *id)
{
    struct geo_cache *c = srv ? srv->cache : NULL;
    const struct store_ops *ops;
    struct lot_update u = {0};
    struct mf_error err = {0};
    struct model *m;
    int rc;

    if (!c)
        return;
    atomic_fetch_add(&c->version, 1);
    atomic_fetch_add(&srv->own_lot_writes, 1); /* srv_registry_mark */
    bump_siblings(srv);
    ops = srv->st->ops;
    pthread_mutex_lock(&c->lock);
    if (c->building) {
        /* The model being built may have read the store before this
         * write: put the lot in once it is in place (model_get). */
        size_t len = strlen(id) + 1;
        struct pending *p = malloc(sizeof *p + len);
        if (p) {
            memcpy(p->id, id, len);
            p->next = c->pending;
            c->pending = p;
        } else {
            srv_cache_invalidate(srv);
        }
    }
    m = c->cur;
    /* While a new one is built, the model read meanwhile takes the write
     * too, so that its writer reads it back at once. */
    if (!m || (!c->building && m->gen != atomic_load(&c->gen))) {
        /* No model yet, or a stale one: the next read builds it. */
        pthread_mutex_unlock(&c->lock);
        return;
    }
    atomic_fetch_add(&m->refs, 1);
    pthread_mutex_unlock(&c->lock);
    u.m = m;
    u.as_of = srv->as_of;
    /* Writers one at a time, each reading the lot as stored now: two
     * writes of one lot leave the later one in the model, whatever order
     * their updates run in. */
    pthread_mutex_lock(&m->wlock);
    if (ops->version < STORE_OPS_QUERY_VERSION || !ops->get ||
        m->n_written >= GEO_REBUILD_WRITES(m->n_lots)) {
        rc = MF_ERR;
    } else {
        pthread_mutex_lock(&srv->lock);
        rc = ops->get(srv->st, mf_registry_catalog(m->reg), MF_ENT_LOT, id,
                      lot_update_each, &u, &err);
        pthread_mutex_unlock(&srv->lock);
        if (rc == MF_ENOTFOUND) { /* deleted */
            pthread_rwlock_wrlock(&m->rw);
            u.failed = model_apply_lot(m, u.as_of, id, NULL) != 0;
            pthread_rwlock_unlock(&m->rw);
            rc = MF_OK;
        } else if (rc == MF_OK && !u.applied) {
            rc = MF_ERR;
        }
    }
    m->n_written++;
    pthread_mutex_unlock(&m->wlock);
    if (rc || u.failed)
        srv_cache_invalidate(srv);
    model_put(m);
}

/* The current model, with a reference and its read lock, both given back
 * with model_done(). When there is none or it is stale, the caller builds
 * a new one aside, without the cache's lock, and swaps it in; meanwhile
 * other readers keep reading the old one (they wait only when there is
 * none), and lots written meanwhile are put into the new one once it is
 * in place. */
static struct model *model_get(struct req *r, struct mf_error *err)
{
    struct geo_cache *c = r->srv->cache;
    struct pending *p, *todo;
    struct model *m;
    unsigned gen;
    long long mark;
    int rc;

    check_outside(r->srv, &mark);
    pthread_mutex_lock(&c->lock);
    for (;;) {
        gen = atomic_load(&c->gen);
        if (c->cur && (c->cur->gen == gen || c->building))
            break; /* fresh, or being replaced: read this one */
        if (!c->building)
            break;                              /* stale or none: build */
        pthread_cond_wait(&c->built, &c->lock); /* none yet */
    }
    if (c->cur && (c->cur->gen == gen || c->building)) {
        m = c->cur;
        atomic_fetch_add(&m->refs, 1);
        pthread_mutex_unlock(&c->lock);
        pthread_rwlock_rdlock(&m->rw);
        return m;
    }
    c->building = 1;
    pthread_mutex_unlock(&c->lock);
    rc = model_build(r, gen, &m, &mark, err);
    pthread_mutex_lock(&c->lock);
    c->building = 0;
    todo = c->pending;
    c->pending = NULL;
    if (rc == MF_OK) {
        model_put(c->cur);
        c->cur = m;
        c->import_mark = mark;
        atomic_fetch_add(&m->refs, 1);
    } else if (todo) {
        atomic_fetch_add(&c->gen, 1); /* the next build reads them */
    }
    pthread_cond_broadcast(&c->built);
    pthread_mutex_unlock(&c->lock);
    for (p = todo; rc == MF_OK && p; p = p->next)
        srv_cache_lot_written(r->srv, p->id);
    pending_free(todo);
    if (rc)
        return NULL;
    pthread_rwlock_rdlock(&m->rw);
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

/* Lot k's Feature text, its length in *len. Two threads that make it at
 * once make the same text: either's length is right for the one kept. */
static const char *lot_text(const struct model *m, size_t k, size_t *len)
{
    char *t = __atomic_load_n(&m->lot_text[k], __ATOMIC_ACQUIRE);
    size_t n;

    if (!t) {
        t = dump(
            lot_json(m->reg, mf_registry_lot_at(m->reg, k), m->refused[k]));
        n = t ? strlen(t) : 0;
        if (n >= UINT32_MAX) {
            free(t);
            t = NULL;
        } else if (t) {
            __atomic_store_n(&m->lot_len[k], (uint32_t)n, __ATOMIC_RELAXED);
        }
        t = (char *)text_of(&m->lot_text[k], t);
    }
    *len = t ? __atomic_load_n(&m->lot_len[k], __ATOMIC_RELAXED) : 0;
    return t;
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

static int id_cmp(const void *a, const void *b, void *ctx)
{
    const struct mf_registry *reg = ctx;

    return strcmp(mf_registry_lot_at(reg, *(const uint32_t *)a)->id,
                  mf_registry_lot_at(reg, *(const uint32_t *)b)->id);
}

/* Puts the lots of *cand (by index; NULL: every lot) in id order. The
 * lots the model was built with are in id order by index; lots created
 * since come after them, so those are sorted by id and merged in. */
static int by_id(const struct model *m, uint32_t **cand, size_t *n)
{
    size_t t, i = 0, j, o = 0, base;
    uint32_t *v = *cand, *out;

    if (v) { /* the first lot created since the build */
        size_t lo = 0, hi = *n;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (v[mid] < m->n_base)
                lo = mid + 1;
            else
                hi = mid;
        }
        t = lo;
    } else {
        t = m->n_base;
    }
    if (t == *n)
        return 0;
    if (!(out = malloc((*n + 1) * sizeof *out)))
        return -1;
    if (!v) {
        for (j = t; j < *n; j++)
            out[j] = (uint32_t)j;
        v = out;
    }
    qsort_r(v + t, *n - t, sizeof *v, id_cmp, m->reg);
    if (v == out) { /* the lots built: 0 .. t-1, in order */
        uint32_t *tail = malloc((*n - t + 1) * sizeof *tail);
        if (!tail) {
            free(out);
            return -1;
        }
        memcpy(tail, out + t, (*n - t) * sizeof *tail);
        for (j = 0; o < *n;) {
            if (j < *n - t &&
                (i >= t || strcmp(mf_registry_lot_at(m->reg, tail[j])->id,
                                  mf_registry_lot_at(m->reg, i)->id) < 0))
                out[o++] = tail[j++];
            else
                out[o++] = (uint32_t)i++;
        }
        free(tail);
        *cand = out;
        return 0;
    }
    base = t;
    for (j = t; o < *n;) {
        if (j < *n && (i >= base || id_cmp(&v[j], &v[i], m->reg) < 0))
            out[o++] = v[j++];
        else
            out[o++] = v[i++];
    }
    free(v);
    *cand = out;
    return 0;
}

/* A page's text as it is written: one buffer, grown by doubling (a
 * bbox page of 100 lots is about 46 kB; its size is guessed from the
 * limit up front, so it is most often allocated once). */
struct page {
    char *p;
    size_t n, cap;
};

static int page_put(struct page *pg, const char *s, size_t len)
{
    if (pg->n + len + 1 > pg->cap) {
        size_t cap = pg->cap ? pg->cap : 4096;
        char *p;
        while (cap < pg->n + len + 1)
            cap *= 2;
        if (!(p = realloc(pg->p, cap)))
            return -1;
        pg->p = p;
        pg->cap = cap;
    }
    memcpy(pg->p + pg->n, s, len);
    pg->n += len;
    pg->p[pg->n] = '\0';
    return 0;
}

/* Writes one Feature text t of len bytes into the page, after a comma
 * unless first. */
static int put_feature(struct page *body, size_t *shown, const char *t,
                       size_t len)
{
    if (!t || ((*shown)++ && page_put(body, ",", 1)))
        return -1;
    return page_put(body, t, len);
}

/* Writes lot k's Feature text into the page. */
static int put_lot(struct page *body, size_t *shown, const struct model *m,
                   size_t k)
{
    size_t len;
    const char *t = lot_text(m, k, &len);

    return put_feature(body, shown, t, len);
}

/* ---- one page of a bbox, by merging the cells ---- */

/* A bbox page is walked in id order when that walk is expected to look at
 * no more lots than this (else the cells' lists are merged). */
#define WALK_MAX 20000

/* 1 when f filters the lots by anything besides the box. */
static int filtered(const struct filters *f)
{
    return f->mat >= 0 || f->demand >= 0 || f->municipality[0];
}

/* 1 when lot k of model m has the kind, material and municipality the
 * filters ask for (as list_lots tests them). */
static int lot_selected(const struct model *m, size_t k,
                        const struct filters *f)
{
    const struct brief *b = &m->brief[k];

    return (f->demand < 0 || b->demand == f->demand) &&
           (f->mat < 0 || b->material == f->mat) &&
           (!f->municipality[0] ||
            (m->municipality[k] &&
             !strcmp(m->municipality[k], f->municipality)));
}

/* 1 when entry e lies in the box, the viewer may see it and the filters
 * select it. */
static int gent_shown(const struct model *m, const struct gent *e,
                      const struct filters *f, const struct viewer *vw)
{
    return e->lon >= f->bbox[0] && e->lon <= f->bbox[2] &&
           e->lat >= f->bbox[1] && e->lat <= f->bbox[3] &&
           (e->is_public || vw->all || (vw->org >= 0 && e->org == vw->org)) &&
           (f->demand < 0 || e->demand == f->demand) &&
           (f->mat < 0 || e->material == f->mat) &&
           (!f->municipality[0] || lot_selected(m, e->k, f));
}

/* A list of entries in the merge (a cell's, or a part's of a dense
 * cell): its next entry shown, among the lots the model was built with
 * (whose indexes are in id order). */
struct run {
    const struct gent *e;
    uint32_t n, at;
    uint32_t key; /* e[at].k, kept here: the heap compares runs without
                     a look into each run's entries (a cache miss each) */
};

/* Moves r to its next entry shown at or after r->at; 0 when none. */
static int run_next(struct run *r, const struct model *m,
                    const struct filters *f, const struct viewer *vw)
{
    while (r->at < r->n && r->e[r->at].k < m->n_base) {
        if (gent_shown(m, &r->e[r->at], f, vw)) {
            r->key = r->e[r->at].k;
            return 1;
        }
        r->at++;
    }
    return 0;
}

static uint32_t run_key(const struct run *r)
{
    return r->key;
}

static void heap_down(struct run *h, size_t n, size_t i)
{
    for (;;) {
        size_t l = 2 * i + 1, s = i;
        struct run t;
        if (l < n && run_key(&h[l]) < run_key(&h[s]))
            s = l;
        if (l + 1 < n && run_key(&h[l + 1]) < run_key(&h[s]))
            s = l + 1;
        if (s == i)
            return;
        t = h[i];
        h[i] = h[s];
        h[s] = t;
        i = s;
    }
}

/* What a bbox's page is merged from, gathered cell by cell. */
struct merge {
    struct run *h; /* the runs with a lot shown, a heap once gathered */
    size_t nh, caph;
    uint32_t *late; /* lots created since the build, shown */
    size_t nl, capl;
    size_t total; /* every lot shown */
};

/* Adds a run of the n entries e to the merge when it has a lot shown. */
static int merge_run(struct merge *g, const struct model *m,
                     const struct filters *f, const struct viewer *vw,
                     const struct gent *e, uint32_t n)
{
    struct run r = {e, n, 0, 0};

    if (!run_next(&r, m, f, vw))
        return 0;
    if (g->nh == g->caph) {
        size_t nc = g->caph ? g->caph * 2 : 64;
        struct run *p = realloc(g->h, nc * sizeof *p);
        if (!p)
            return -1;
        g->h = p;
        g->caph = nc;
    }
    g->h[g->nh++] = r;
    return 0;
}

/* Counts (when count) the lots shown among the n entries e from `from`
 * on, and notes those created since the build (index n_base on). */
static int merge_scan(struct merge *g, const struct model *m,
                      const struct filters *f, const struct viewer *vw,
                      const struct gent *e, uint32_t n, uint32_t from,
                      int count)
{
    uint32_t i;

    for (i = from; i < n; i++) {
        if (!gent_shown(m, &e[i], f, vw))
            continue;
        g->total += (size_t)count;
        if (e[i].k < m->n_base)
            continue;
        if (g->nl == g->capl) {
            size_t nc = g->capl ? g->capl * 2 : 64;
            uint32_t *p = realloc(g->late, nc * sizeof *p);
            if (!p)
                return -1;
            g->late = p;
            g->capl = nc;
        }
        g->late[g->nl++] = e[i].k;
    }
    return 0;
}

/* 1 when the box covers part p and its numbers say how many of its lots
 * the viewer may see. */
static int part_counted(const struct part *p, const struct filters *f,
                        const struct viewer *vw)
{
    return p->x0 >= f->bbox[0] && p->x1 <= f->bbox[2] && p->y0 >= f->bbox[1] &&
           p->y1 <= f->bbox[3] && (vw->all || vw->org < 0 || p->n_pub == p->n);
}

/* A dense cell's parts the box may hold lots of. With runs 0, each is
 * counted (from the sums for the parts well inside the box, from its
 * numbers when part_counted, from its sorted places when the box's edges
 * cross it one way only, else lot by lot) and the
 * lots created since the build are taken from the cell's own list; with
 * runs 1, each is added as a run (nothing counted). */
static int merge_parts(struct merge *g, const struct model *m,
                       const struct cell *c, const struct filters *f,
                       const struct viewer *vw, int runs)
{
    uint32_t x0, y0, x1, y1, x, y;
    size_t counted = 0;
    int inner = 0, each = filtered(f); /* each: every lot tested */

    part_xy(m, c, f->bbox[0], f->bbox[1], &x0, &y0);
    part_xy(m, c, f->bbox[2], f->bbox[3], &x1, &y1);
    if (!runs && !each && x1 > x0 + 1 && y1 > y0 + 1) {
        /* The parts strictly between the corners' parts hold places in
         * the box only (part_xy grows with lon and lat): counted from the
         * sums, unless an editor may see some of their lots and not
         * others. Only the ring of parts around them is looked at. */
        uint32_t all = cell_sum(c, 0, x0 + 1, y0 + 1, x1, y1);
        uint32_t pub = cell_sum(c, 1, x0 + 1, y0 + 1, x1, y1);
        if (vw->all || vw->org < 0 || pub == all) {
            counted = vw->all ? all : pub;
            inner = 1;
        }
    }
    for (y = y0; y <= y1; y++) {
        int ring = !inner || y == y0 || y == y1;
        for (x = x0; x <= x1; x = ring || x != x0 ? x + 1 : x1) {
            const struct part *p = &c->part[y * c->np + x];
            if (!p->n || p->x1 < f->bbox[0] || p->x0 > f->bbox[2] ||
                p->y1 < f->bbox[1] || p->y0 > f->bbox[3])
                continue;
            if (runs) {
                if (merge_run(g, m, f, vw, p->e, p->n))
                    return -1;
            } else if (!each && part_counted(p, f, vw)) {
                counted += vw->all ? p->n : p->n_pub;
            } else if (!each && (vw->all || p->n_pub == p->n) &&
                       p->y0 >= f->bbox[1] && p->y1 <= f->bbox[3]) {
                /* Every lot shown that lies in the box's columns. */
                counted += dbl_find(p->lons, p->n, f->bbox[2], 1) -
                           dbl_find(p->lons, p->n, f->bbox[0], 0);
            } else if (!each && (vw->all || p->n_pub == p->n) &&
                       p->x0 >= f->bbox[0] && p->x1 <= f->bbox[2]) {
                counted += dbl_find(p->lats, p->n, f->bbox[3], 1) -
                           dbl_find(p->lats, p->n, f->bbox[1], 0);
            } else {
                for (uint32_t i = 0; i < p->n; i++)
                    counted += (size_t)gent_shown(m, &p->e[i], f, vw);
            }
        }
    }
    if (runs)
        return 0;
    g->total += counted;
    return merge_scan(g, m, f, vw, c->e, c->n,
                      gent_find(c->e, c->n, (uint32_t)m->n_base), 0);
}

/* The first `want` lots as built (index below n_base) that the box holds
 * and the viewer may see, in index (id) order, found by walking the lots
 * in that order, at most `cap` of them: into out, their number in *n.
 * 1 when that is the whole answer (`want` found, or every lot walked),
 * 0 when the cap ended the walk first. A lot is shown here exactly when
 * its entry in the grid is (gent_shown): the grid holds every placed lot
 * not deleted, with its place and its brief's org, publicity, kind and
 * material. */
static int walk_in_order(const struct model *m, const struct filters *f,
                         const struct viewer *vw, size_t want, size_t cap,
                         uint32_t *out, size_t *n)
{
    size_t k, end = m->n_base < cap ? m->n_base : cap;

    *n = 0;
    for (k = 0; k < end && *n < want; k++) {
        const struct place *p = &m->place[k];
        if (p->lon >= f->bbox[0] && p->lon <= f->bbox[2] &&
            p->lat >= f->bbox[1] && p->lat <= f->bbox[3] && !m->brief[k].gone &&
            may_see(vw, m, k) && lot_selected(m, k, f))
            out[(*n)++] = (uint32_t)k;
    }
    return *n == want || k == m->n_base;
}

/* The page of a bbox read, in id order. One pass counts the lots shown
 * (the total; without other filters, a part of a dense cell the box
 * covers is counted from its numbers or sums; with a kind, material or
 * municipality, each lot in the box is tested from its entry) and notes
 * the lots created since the build. The page's lots as built then come from one
 * of two sources:
 * - when the box holds many of them, a walk of the lots in id order
 *   (walk_in_order), expected to stop after about offset + limit times
 *   (lots as built / lots shown) lots, and cut off at four times that;
 * - else, or when the walk was cut off, a merge of the lists that hold
 *   any (cells, or parts of a dense cell), each in id order, through a
 *   heap, stopping at offset + limit.
 * The lots created since the build, few, are sorted by id and merged in.
 * Both sources give the same lots in the same order. */
static int page_in_bbox(const struct model *m, const struct filters *f,
                        const struct viewer *vw, struct page *body,
                        size_t *total)
{
    int c0 = grid_col(m, f->bbox[0]), c1 = grid_col(m, f->bbox[2]);
    int r0 = grid_row(m, f->bbox[1]), r1 = grid_row(m, f->bbox[3]), x, y;
    size_t j = 0, seen = 0, shown = 0, nw = 0, iw = 0, base;
    size_t end = (size_t)f->offset + (size_t)f->limit;
    struct merge g = {0};
    uint32_t *walk = NULL;
    int rc = 0, walked = 0;

    for (y = r0; y <= r1 && !rc; y++) {
        for (x = c0; x <= c1 && !rc; x++) {
            const struct cell *c =
                &m->grid[(size_t)y * (size_t)m->gx + (size_t)x];
            if (c->part)
                rc = merge_parts(&g, m, c, f, vw, 0);
            else
                rc = merge_scan(&g, m, f, vw, c->e, c->n, 0, 1);
        }
    }
    *total = g.total;
    base = g.total - g.nl; /* the lots as built that are shown */
    if (!rc && base > 0 && end > 0) {
        /* How far a walk in id order is expected to go. */
        double expect = (double)end * (double)m->n_base / (double)base;
        if (expect <= (double)WALK_MAX) {
            size_t want = end < base ? end : base;
            if (!(walk = malloc(want * sizeof *walk)))
                rc = -1;
            else
                walked = walk_in_order(
                    m, f, vw, want, (size_t)(4.0 * expect) + 1024, walk, &nw);
        }
    }
    for (y = r0; !rc && !walked && y <= r1; y++) {
        for (x = c0; x <= c1 && !rc; x++) {
            const struct cell *c =
                &m->grid[(size_t)y * (size_t)m->gx + (size_t)x];
            if (c->part)
                rc = merge_parts(&g, m, c, f, vw, 1);
            else
                rc = merge_run(&g, m, f, vw, c->e, c->n);
        }
    }
    if (!rc && g.nl > 1)
        qsort_r(g.late, g.nl, sizeof *g.late, id_cmp, m->reg);
    for (x = (int)(g.nh / 2); !rc && !walked && x-- > 0;)
        heap_down(g.h, g.nh, (size_t)x);
    while (!rc && seen < end && ((walked ? iw < nw : g.nh > 0) || j < g.nl)) {
        size_t k;
        int from_base = walked ? iw < nw : g.nh > 0;
        uint32_t bk = !from_base ? 0 : walked ? walk[iw] : run_key(g.h);
        if (from_base &&
            (j >= g.nl ||
             strcmp(mf_registry_lot_at(m->reg, bk)->id,
                    mf_registry_lot_at(m->reg, g.late[j])->id) < 0)) {
            k = bk;
            if (walked) {
                iw++;
            } else {
                g.h->at++;
                if (!run_next(g.h, m, f, vw))
                    g.h[0] = g.h[--g.nh];
                heap_down(g.h, g.nh, 0);
            }
        } else {
            k = g.late[j++];
        }
        if (seen++ >= (size_t)f->offset)
            rc = put_lot(body, &shown, m, k);
    }
    free(walk);
    free(g.h);
    free(g.late);
    return rc ? -1 : 0;
}

/* Adds the page's Feature texts of the lots the caller may see and the
 * filters select to body; *total counts them all. */
static int list_lots(struct req *r, const struct model *m,
                     const struct filters *f, int mat, struct page *body,
                     size_t *total)
{
    struct viewer v = viewer_of(r, m);
    uint32_t *cand = NULL;
    size_t i, n, shown = 0;
    int rc = 0, want_demand = -1;

    if (f->kind[0])
        want_demand = !strcmp(f->kind, "demand");
    if (f->has_bbox) {
        struct filters g = *f;
        g.mat = mat;
        g.demand = want_demand;
        return page_in_bbox(m, &g, &v, body, total);
    }
    n = m->n_lots;
    if (m->n_lots > m->n_base && by_id(m, &cand, &n)) {
        free(cand);
        return -1;
    }
    if (want_demand < 0 && mat < 0 && !f->municipality[0] && v.all &&
        !m->n_gone) {
        /* Every lot is shown: count them without a look at each. */
        *total = n;
        for (i = (size_t)f->offset; i < n && shown < (size_t)f->limit && !rc;
             i++) {
            rc = put_lot(body, &shown, m, cand ? cand[i] : i);
        }
        free(cand);
        return rc ? -1 : 0;
    }
    for (i = 0; i < n && rc == 0; i++) {
        size_t k = cand ? cand[i] : i;
        const struct brief *b = &m->brief[k];
        if (b->gone || (want_demand >= 0 && b->demand != want_demand) ||
            (mat >= 0 && b->material != mat) ||
            (f->municipality[0] &&
             (!m->municipality[k] ||
              strcmp(m->municipality[k], f->municipality))) ||
            !may_see(&v, m, k))
            continue;
        if ((*total)++ < (size_t)f->offset || shown >= (size_t)f->limit)
            continue;
        rc = put_lot(body, &shown, m, k);
    }
    free(cand);
    return rc ? -1 : 0;
}

static int list_sites(const struct model *m, const struct filters *f, int mat,
                      struct page *body, size_t *total)
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
        const char *t = site_text(m, k);
        rc = put_feature(body, &shown, t, t ? strlen(t) : 0);
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
    struct page body = {0};
    char tail[96];
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
    /* The page is written into one buffer as it is walked, sized for the
     * limit's features (about 500 bytes a lot) up to 1 MB. */
    body.cap = (size_t)(f.limit < 2000 ? f.limit : 2000) * 512 + 256;
    if (!(body.p = malloc(body.cap))) {
        model_done(m);
        out_of_memory(r);
        return;
    }
    rc = page_put(&body, "{\"type\":\"FeatureCollection\",\"features\":[", 40);
    rc = rc     ? rc
         : lots ? list_lots(r, m, &f, mat, &body, &total)
                : list_sites(m, &f, mat, &body, &total);
    model_done(m);
    if (!rc) {
        int t = snprintf(tail, sizeof tail,
                         "],\"total\":%zu,\"limit\":%ld,\"offset\":%ld}", total,
                         f.limit, f.offset);
        rc = t < 0 || (size_t)t >= sizeof tail ||
             page_put(&body, tail, (size_t)t);
    }
    if (rc) {
        free(body.p);
        out_of_memory(r);
        return;
    }
    req_json_text_n(r, 200, body.p, body.n);
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

/* What a lot's read keeps: its ETag (as rec_etag of the record as
 * mf_export_json writes it, what a write's If-Match is compared with),
 * a NUL, then the body; so a lot read asks the store nothing. */
static char *lot_one_text(const struct srv *srv, const struct model *m,
                          size_t k)
{
    struct mf_error err = {0};
    char *json = NULL, *body, *out = NULL, tag[40];
    size_t tl, bl;

    if (mf_export_json(mf_registry_catalog(m->reg), MF_ENT_LOT,
                       mf_registry_lot_at(m->reg, k), &json, &err))
        return NULL;
    rec_etag(json, tag);
    free(json);
    if (!(body = one_text(srv, m, 1, k)))
        return NULL;
    tl = strlen(tag);
    bl = strlen(body);
    if ((out = malloc(tl + 1 + bl + 1))) {
        memcpy(out, tag, tl + 1);
        memcpy(out + tl + 1, body, bl + 1);
    }
    free(body);
    return out;
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
    if (k < 0 || (lot && (m->brief[k].gone || !may_see(&v, m, (size_t)k)))) {
        model_done(m);
        req_problem(r, 404, "not_found", "Not found",
                    lot ? "no lot with this id that you may see"
                        : "no site with this id",
                    "id");
        return;
    }
    if (lot) {
        if (!(t = __atomic_load_n(&m->lot_one[k], __ATOMIC_ACQUIRE)))
            t = text_of(&m->lot_one[k], lot_one_text(r->srv, m, (size_t)k));
        made = t ? strdup(t + strlen(t) + 1) : NULL;
        if (made)
            req_header(r, "ETag", t);
    } else if ((made = one_text(r->srv, m, 0, (size_t)k))) {
        /* The ETag of the site as the model has it: a read asks the
         * store nothing, so it never waits for a rebuild's load (which
         * holds the app's lock). */
        struct mf_error e2 = {0};
        char *json = NULL, tag[40];
        if (!mf_export_json(mf_registry_catalog(m->reg), MF_ENT_SITE,
                            mf_registry_site_at(m->reg, (size_t)k), &json,
                            &e2)) {
            rec_etag(json, tag);
            req_header(r, "ETag", tag);
        }
        free(json);
    }
    model_done(m);
    if (!made) {
        out_of_memory(r);
        return;
    }
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
