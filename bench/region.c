/*
 * region.c - synthetic regions for the benchmarks (region.h).
 *
 * The random numbers come from a small xorshift generator seeded by the
 * caller, so a size and a seed always give the same region.
 */
#include "region.h"

#include "geo/crs.h"
#include "masseflyt/validate.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct region_size region_sizes[] = {
    {"XS", 500, 500, 50, 12},
    {"S", 1000, 1000, 100, 24},
    {"M", 2000, 2000, 200, 24},
    {"L", 5000, 5000, 500, 52},
    {"XL", 10000, 10000, 1000, 52},
    {"national", 20000, 20000, 2000, 104},
    {NULL, 0, 0, 0, 0},
};

const struct region_size *region_size(const char *name)
{
    int i;

    for (i = 0; region_sizes[i].name; i++)
        if (!strcmp(region_sizes[i].name, name))
            return &region_sizes[i];
    return NULL;
}

/* Towns by population, largest first (approximate centres). */
static const struct {
    const char *name;
    double lat, lon;
} towns[] = {
    {"Oslo", 59.91, 10.75},        {"Bergen", 60.39, 5.32},
    {"Trondheim", 63.43, 10.39},   {"Stavanger", 58.97, 5.73},
    {"Drammen", 59.74, 10.20},     {"Fredrikstad", 59.22, 10.93},
    {"Kristiansand", 58.15, 8.00}, {"Sandnes", 58.85, 5.74},
    {"Tromsø", 69.65, 18.96},      {"Lillestrøm", 59.96, 11.05},
    {"Sarpsborg", 59.28, 11.11},   {"Skien", 59.21, 9.61},
    {"Ålesund", 62.47, 6.15},      {"Sandvika", 59.89, 10.52},
    {"Asker", 59.83, 10.43},       {"Sandefjord", 59.13, 10.22},
    {"Haugesund", 59.41, 5.27},    {"Tønsberg", 59.27, 10.41},
    {"Bodø", 67.28, 14.40},        {"Moss", 59.43, 10.66},
    {"Ski", 59.72, 10.84},         {"Porsgrunn", 59.14, 9.66},
    {"Arendal", 58.46, 8.77},      {"Hamar", 60.79, 11.07},
    {"Larvik", 59.05, 10.03},      {"Halden", 59.12, 11.39},
    {"Jessheim", 60.14, 11.17},    {"Lillehammer", 61.12, 10.47},
    {"Hønefoss", 60.17, 10.26},    {"Molde", 62.74, 7.16},
    {"Kongsberg", 59.67, 9.65},    {"Gjøvik", 60.80, 10.69},
    {"Harstad", 68.80, 16.54},     {"Kristiansund", 63.11, 7.73},
    {"Steinkjer", 64.01, 11.50},   {"Narvik", 68.44, 17.43},
    {"Mo i Rana", 66.31, 14.14},   {"Elverum", 60.88, 11.56},
    {"Alta", 69.97, 23.27},        {"Førde", 61.45, 5.86},
};
#define N_TOWNS (int)(sizeof towns / sizeof towns[0])

struct rng {
    uint64_t s;
};

static uint64_t next(struct rng *r)
{
    r->s ^= r->s << 13;
    r->s ^= r->s >> 7;
    r->s ^= r->s << 17;
    return r->s;
}

static double uniform(struct rng *r)
{
    return (double)(next(r) >> 11) / 9007199254740992.0;
}

static double normal(struct rng *r)
{
    double u = uniform(r), v = uniform(r);

    return sqrt(-2 * log(u + 1e-300)) * cos(2 * M_PI * v);
}

static double lognormal(struct rng *r, double median, double sigma)
{
    return median * exp(sigma * normal(r));
}

/* A town drawn with Zipf weights 1/rank. */
static int town(struct rng *r)
{
    double total = 0, x;
    int i;

    for (i = 0; i < N_TOWNS; i++)
        total += 1.0 / (i + 1);
    x = uniform(r) * total;
    for (i = 0; i < N_TOWNS; i++) {
        x -= 1.0 / (i + 1);
        if (x <= 0)
            return i;
    }
    return N_TOWNS - 1;
}

/* A place about sigma_km around a town, drawn again until it lies in
 * Norway (towns near the border or the open sea would otherwise spill
 * over, and the rules refuse such places). */
static void place(struct rng *r, const struct mf_catalog *cat, int t,
                  double sigma_km, double *lat, double *lon)
{
    int tries = 0;

    do {
        *lat = towns[t].lat + normal(r) * sigma_km / 111.2;
        *lon = towns[t].lon +
               normal(r) * sigma_km / (111.2 * cos(towns[t].lat * M_PI / 180));
    } while (!mf_inside_norway(cat, *lon, *lat) && ++tries < 100);
}

static const char *pick(struct rng *r, const char *const *items,
                        const double *weights, int n)
{
    double x = uniform(r);
    int i;

    for (i = 0; i < n - 1; i++) {
        x -= weights[i];
        if (x <= 0)
            return items[i];
    }
    return items[n - 1];
}

static const char *const supply_mats[] = {
    "sprengstein", "tunnelstein", "morene",  "leire",
    "sand",        "grus",        "matjord", "blandet"};
static const double supply_w[] = {0.35, 0.15, 0.20, 0.13,
                                  0.05, 0.03, 0.05, 0.04};
static const char *const demand_uses[] = {
    "fyllmasse",      "forsterkningslag", "baerelag", "landskap",
    "tilslag_betong", "tilslag_asfalt",   "massetak", "sjofylling"};
static const double demand_w[] = {0.35, 0.20, 0.12, 0.10,
                                  0.08, 0.07, 0.05, 0.03};

static int mat(const struct mf_registry *reg, const char *code)
{
    return mf_catalog_find_material(mf_registry_catalog(reg), code);
}

static int add_site(struct mf_registry *reg, struct rng *r, int i,
                    enum mf_site_kind kind)
{
    struct mf_site s;
    int mats[8], n = 0, t = town(r);
    char id[32];
    double lat, lon;

    memset(&s, 0, sizeof s);
    place(r, mf_registry_catalog(reg), t, 8, &lat, &lon);
    snprintf(id, sizeof id, "site%d", i);
    s.id = id;
    s.name = id;
    s.kind = kind;
    s.loc.lon = s.loc.x = lon;
    s.loc.lat = s.loc.y = lat;
    s.loc.epsg = 4326;
    s.open_from = s.open_to = MF_DATE_NONE;
    s.product = -1;
    s.capacity_state = MF_STATE_T;
    switch (kind) {
    case MF_SITE_STORAGE:
        mats[n++] = mat(reg, "sprengstein");
        mats[n++] = mat(reg, "tunnelstein");
        mats[n++] = mat(reg, "morene");
        s.capacity_t = lognormal(r, 100000, 0.6);
        s.fee = 8 + 12 * uniform(r);
        s.holding = 0.3 + 0.7 * uniform(r);
        break;
    case MF_SITE_PROCESSING:
        if (uniform(r) < 0.75) {
            mats[n++] = mat(reg, "sprengstein");
            mats[n++] = mat(reg, "tunnelstein");
            s.product = mat(reg, "pukk");
        } else {
            mats[n++] = mat(reg, "morene");
            mats[n++] = mat(reg, "blandet");
            s.product = mat(reg, "sand");
        }
        s.capacity_t = lognormal(r, 300000, 0.5);
        s.fee = 25 + 20 * uniform(r);
        break;
    case MF_SITE_RECEIVING:
        mats[n++] = mat(reg, "sprengstein");
        mats[n++] = mat(reg, "tunnelstein");
        mats[n++] = mat(reg, "morene");
        mats[n++] = mat(reg, "leire");
        mats[n++] = mat(reg, "blandet");
        if (uniform(r) < 0.5) {
            mats[n++] = mat(reg, "sand");
            mats[n++] = mat(reg, "grus");
            mats[n++] = mat(reg, "matjord");
        }
        s.capacity_t = lognormal(r, 800000, 0.8);
        s.fee = 60 + 140 * uniform(r);
        s.fill_height_m = 8 + 20 * uniform(r);
        break;
    default:
        if (uniform(r) < 0.7) {
            mats[n++] = mat(reg, "pukk");
        } else {
            mats[n++] = mat(reg, "sand");
            mats[n++] = mat(reg, "grus");
        }
        s.capacity_t = lognormal(r, 500000, 0.6);
        s.fee = 70 + 40 * uniform(r);
        break;
    }
    s.materials = mats;
    s.n_materials = n;
    s.capacity = s.capacity_t;
    return mf_registry_put_site(reg, &s);
}

static int add_lot(struct mf_registry *reg, struct rng *r, int i,
                   enum mf_lot_kind kind, int32_t start, int weeks)
{
    struct mf_lot l;
    char id[32];
    double lat, lon;
    int t = town(r), w0, len;

    memset(&l, 0, sizeof l);
    place(r, mf_registry_catalog(reg), t, 6, &lat, &lon);
    snprintf(id, sizeof id, "%c%d", kind == MF_LOT_SUPPLY ? 's' : 'd', i);
    l.id = id;
    l.kind = kind;
    l.project = "p";
    l.material = -1;
    l.use = -1;
    if (kind == MF_LOT_SUPPLY)
        l.material = mat(reg, pick(r, supply_mats, supply_w, 8));
    else
        l.use = mf_catalog_find_use(mf_registry_catalog(reg),
                                    pick(r, demand_uses, demand_w, 8));
    l.tonnes = l.quantity = floor(lognormal(r, 2000, 1.2)) + 1;
    l.state = MF_STATE_T;
    w0 = (int)(uniform(r) * weeks);
    len = (int)lognormal(r, 10, 0.7) + 1;
    if (w0 + len > weeks)
        len = weeks - w0;
    l.from = start + 7 * w0;
    l.to = start + 7 * (w0 + len) - 1;
    l.flexible = kind == MF_LOT_DEMAND && uniform(r) < 0.2;
    l.stockpile_t =
        kind == MF_LOT_SUPPLY && uniform(r) < 0.1 ? floor(l.tonnes / 10) : 0;
    l.condition_class = 1;
    l.acid = MF_ACID_NEGATIVE;
    l.planned_independently = 1;
    l.is_public = 1;
    l.loc.lon = l.loc.x = lon;
    l.loc.lat = l.loc.y = lat;
    l.loc.epsg = 4326;
    return mf_registry_put_lot(reg, &l);
}

int region_generate(struct mf_registry *reg, const struct region_size *z,
                    unsigned long seed, struct mf_error *err)
{
    struct rng r = {0x9E3779B97F4A7C15ULL ^ (uint64_t)seed};
    struct mf_org o = {"org", NULL, "Synthetic", 1, NULL};
    struct mf_project p;
    int32_t start = mf_date_from_ymd(2026, 1, 5);
    int i, rc = MF_OK;

    next(&r);
    memset(&p, 0, sizeof p);
    p.id = "p";
    p.name = "Synthetic";
    p.org = "org";
    p.start = p.end = MF_DATE_NONE;
    if (mf_registry_put_org(reg, &o) || mf_registry_put_project(reg, &p))
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    for (i = 0; i < z->sites && !rc; i++) {
        double x = uniform(&r);
        enum mf_site_kind k = x < 0.15   ? MF_SITE_STORAGE
                              : x < 0.25 ? MF_SITE_PROCESSING
                              : x < 0.70 ? MF_SITE_RECEIVING
                                         : MF_SITE_QUARRY;
        rc = add_site(reg, &r, i, k);
    }
    for (i = 0; i < z->supply && !rc; i++)
        rc = add_lot(reg, &r, i, MF_LOT_SUPPLY, start, z->weeks);
    for (i = 0; i < z->demand && !rc; i++)
        rc = add_lot(reg, &r, i, MF_LOT_DEMAND, start, z->weeks);
    return rc ? mf_error_set(err, MF_ENOMEM, "out of memory") : MF_OK;
}

int region_write_lots_csv(const char *dir, long n, unsigned long seed,
                          struct mf_error *err)
{
    struct rng r = {0x2545F4914F6CDD1DULL ^ (uint64_t)seed};
    struct crs *crs = NULL;
    struct mf_catalog *cat = NULL;
    char path[1024];
    FILE *f;
    long i;
    int rc;

    snprintf(path, sizeof path, "%s/orgs.csv", dir);
    if (!(f = fopen(path, "w")))
        return mf_error_at(err, MF_EIO, path, "cannot write");
    fputs("id,orgnr,name,public\norg,971032081,Synthetic,1\n", f);
    fclose(f);
    snprintf(path, sizeof path, "%s/projects.csv", dir);
    if (!(f = fopen(path, "w")))
        return mf_error_at(err, MF_EIO, path, "cannot write");
    fputs("id,name,org,municipality\n", f);
    for (i = 0; i < N_TOWNS; i++)
        fprintf(f, "p%ld,Synthetic %s,org,0301\n", i, towns[i].name);
    fclose(f);
    snprintf(path, sizeof path, "%s/lots.csv", dir);
    if ((rc = crs_new(&crs, err)))
        return rc;
    if ((rc = mf_catalog_load(&cat, NULL, err))) {
        crs_free(crs);
        return rc;
    }
    if (!(f = fopen(path, "w"))) {
        crs_free(crs);
        mf_catalog_free(cat);
        return mf_error_at(err, MF_EIO, path, "cannot write");
    }
    /* A register as a project exports it: semicolons, decimal commas,
     * UTM zone 33 coordinates, Norwegian dates. */
    fputs("id;kind;project;material;use;quantity;unit;from;to;"
          "condition_class;acid_test;x;y;epsg\n",
          f);
    next(&r);
    for (i = 0; i < n; i++) {
        int t = town(&r), supply = uniform(&r) < 0.5, d0, d1;
        double lat, lon, e, nn;
        /* UTM 33 by the textbook series is overkill here: a planar
         * approximation around the zone's meridian keeps the places in
         * Norway, and PROJ does the exact inverse on import. */
        place(&r, cat, t, 6, &lat, &lon);
        e = lon;
        nn = lat;
        if (crs_from_wgs84(crs, 25833, 1, &e, &nn, err)) {
            fclose(f);
            crs_free(crs);
            mf_catalog_free(cat);
            return err->code;
        }
        d0 = 1 + (int)(uniform(&r) * 27);
        d1 = d0 + 1 + (int)(uniform(&r) * 27);
        if (d1 > 28)
            d1 = 28;
        fprintf(f,
                "L%ld;%s;p%d;%s;%s;%ld,%d;%s;%02d.%02d.2026;%02d.%02d.2027;"
                "%s;%s;%.1f;%.1f;25833\n",
                i, supply ? "supply" : "demand", t,
                supply ? pick(&r, supply_mats, supply_w, 8) : "",
                supply ? "" : pick(&r, demand_uses, demand_w, 8),
                (long)lognormal(&r, 2000, 1.2) + 1, (int)(uniform(&r) * 10),
                supply ? "pfm3" : "t", d0, 1 + (int)(uniform(&r) * 12), d1,
                1 + (int)(uniform(&r) * 12), supply ? "1" : "",
                supply && uniform(&r) < 0.9 ? "negative" : "", e, nn);
    }
    crs_free(crs);
    mf_catalog_free(cat);
    if (fclose(f) != 0)
        return mf_error_at(err, MF_EIO, path, "writing failed");
    return MF_OK;
}
