/*
 * export.c - the registry out again, as CSV (plain or for Norwegian Excel)
 * or as GeoJSON, with the columns import.c reads, so that an export can be
 * imported unchanged.
 *
 * Each record is first laid out as a list of named fields (one function
 * per kind); the two writers then only format fields.
 */
#include "masseflyt/io.h"

#include "util/buf.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#define MAX_FIELDS 32

struct field {
    const char *name;
    const char *text; /* NULL = empty */
    int number;       /* text is a number (or a 0/1 flag) */
};

struct fields {
    struct field f[MAX_FIELDS];
    int n;
    char store[MAX_FIELDS][64]; /* formatted numbers */
    double lon, lat;
    int has_place;
};

static void add_text(struct fields *fs, const char *name, const char *text)
{
    struct field *f = &fs->f[fs->n++];

    f->name = name;
    f->text = text && *text ? text : NULL;
    f->number = 0;
}

static void add_num(struct fields *fs, const char *name, double v, int keep)
{
    struct field *f = &fs->f[fs->n];

    f->name = name;
    f->number = 1;
    f->text = NULL;
    if (keep && isfinite(v)) {
        snprintf(fs->store[fs->n], sizeof fs->store[fs->n], "%.10g", v);
        f->text = fs->store[fs->n];
    }
    fs->n++;
}

static void add_date(struct fields *fs, const char *name, int32_t d)
{
    struct field *f = &fs->f[fs->n];

    f->name = name;
    f->number = 0;
    f->text = d == MF_DATE_NONE ? NULL
                                : mf_date_format(d, fs->store[fs->n],
                                                 sizeof fs->store[fs->n]);
    fs->n++;
}

static void add_flag(struct fields *fs, const char *name, int v)
{
    add_num(fs, name, v, 1);
}

static void add_place(struct fields *fs, const struct mf_location *l, int own)
{
    add_num(fs, "x", l->x, own && l->epsg);
    add_num(fs, "y", l->y, own && l->epsg);
    add_num(fs, "epsg", l->epsg, own && l->epsg);
    fs->lon = l->lon;
    fs->lat = l->lat;
    fs->has_place = l->epsg != 0;
}

static void add_restr(struct fields *fs, unsigned r, int site)
{
    add_flag(fs, "quick_clay", !!(r & MF_RESTR_QUICK_CLAY));
    add_flag(fs, "flood_zone", !!(r & MF_RESTR_FLOOD));
    add_flag(fs, "heritage", !!(r & MF_RESTR_HERITAGE));
    add_flag(fs, "sea", !!(r & MF_RESTR_SEA));
    add_flag(fs, "farmland", !!(r & MF_RESTR_FARMLAND));
    add_flag(fs, "alien_species", !!(r & MF_RESTR_ALIEN));
    (void)site;
}

static const char *mat_code(const struct mf_catalog *cat, int m)
{
    const struct mf_material *mm = mf_catalog_material(cat, m);

    return mm ? mm->code : NULL;
}

static const void *record_at(const struct mf_registry *reg, enum mf_entity kind,
                             size_t i)
{
    switch (kind) {
    case MF_ENT_ORG:
        return mf_registry_org_at(reg, i);
    case MF_ENT_PROJECT:
        return mf_registry_project_at(reg, i);
    case MF_ENT_SITE:
        return mf_registry_site_at(reg, i);
    default:
        return mf_registry_lot_at(reg, i);
    }
}

static void lay_out(const struct mf_registry *reg, enum mf_entity kind,
                    const void *rec, struct fields *fs, struct buf *scratch)
{
    const struct mf_catalog *cat = mf_registry_catalog(reg);

    memset(fs, 0, sizeof *fs);
    if (kind == MF_ENT_ORG) {
        const struct mf_org *o = rec;
        add_text(fs, "id", o->id);
        add_text(fs, "orgnr", o->orgnr);
        add_text(fs, "name", o->name);
        add_flag(fs, "public", o->is_public);
        add_text(fs, "note", o->note);
    } else if (kind == MF_ENT_PROJECT) {
        const struct mf_project *p = rec;
        add_text(fs, "id", p->id);
        add_text(fs, "name", p->name);
        add_text(fs, "org", p->org);
        add_text(fs, "municipality", p->municipality);
        add_text(fs, "kind", p->kind);
        add_date(fs, "start", p->start);
        add_date(fs, "end", p->end);
        add_text(fs, "source", p->source);
        add_text(fs, "note", p->note);
    } else if (kind == MF_ENT_SITE) {
        const struct mf_site *s = rec;
        int k;
        buf_reset(scratch);
        for (k = 0; k < s->n_materials; k++)
            buf_printf(scratch, "%s%s", k ? ";" : "",
                       mat_code(cat, s->materials[k]));
        add_text(fs, "id", s->id);
        add_text(fs, "name", s->name);
        add_text(fs, "kind", mf_site_kind_name(s->kind));
        add_text(fs, "org", s->org);
        add_text(fs, "project", s->project);
        add_text(fs, "municipality", s->municipality);
        add_place(fs, &s->loc, 1);
        add_text(fs, "materials", buf_str(scratch));
        add_text(fs, "product", mat_code(cat, s->product));
        add_num(fs, "capacity", s->capacity,
                s->capacity_state != MF_STATE_NONE);
        add_text(fs, "capacity_unit", mf_state_name(s->capacity_state));
        add_num(fs, "fee", s->fee, 1);
        add_num(fs, "holding", s->holding, 1);
        add_num(fs, "fill_height_m", s->fill_height_m, 1);
        add_date(fs, "open_from", s->open_from);
        add_date(fs, "open_to", s->open_to);
        add_restr(fs, s->restrictions, 1);
        add_text(fs, "source", s->source);
        add_text(fs, "note", s->note);
    } else {
        const struct mf_lot *l = rec;
        const struct mf_use *u = mf_catalog_use(cat, l->use);
        const struct mf_site *site = mf_registry_site(reg, l->site);
        int own =
            !site || site->loc.lon != l->loc.lon || site->loc.lat != l->loc.lat;
        add_text(fs, "id", l->id);
        add_text(fs, "kind", l->kind == MF_LOT_DEMAND ? "demand" : "supply");
        add_text(fs, "project", l->project);
        add_text(fs, "site", l->site);
        add_text(fs, "material", mat_code(cat, l->material));
        add_text(fs, "use", u ? u->code : NULL);
        add_num(fs, "quantity", l->quantity, 1);
        add_text(fs, "unit", mf_state_name(l->state));
        add_date(fs, "from", l->from);
        add_date(fs, "to", l->to);
        add_flag(fs, "flexible", l->flexible);
        add_num(fs, "stockpile_t", l->stockpile_t, 1);
        add_num(fs, "condition_class", l->condition_class,
                l->condition_class > 0);
        add_flag(fs, "natural_background", l->natural_background);
        add_text(fs, "acid_test", mf_acid_name(l->acid));
        add_text(fs, "plant_health", mf_plant_health_name(l->plant_health));
        add_restr(fs, l->restrictions, 0);
        add_num(fs, "planned_independently", l->planned_independently,
                l->planned_independently >= 0);
        add_flag(fs, "public", l->is_public);
        add_place(fs, &l->loc, own);
        fs->has_place = l->loc.epsg != 0 || site;
        add_text(fs, "source", l->source);
        add_text(fs, "note", l->note);
    }
}

/* ------------------------------------------------------------------ */
/* Writers                                                              */
/* ------------------------------------------------------------------ */

static void csv_cell(FILE *out, const struct field *f, char sep, int excel)
{
    const char *t = f->text;
    const char *p;

    if (!t)
        return;
    if (f->number && excel) {
        for (p = t; *p; p++)
            fputc(*p == '.' ? ',' : *p, out);
        return;
    }
    if (strpbrk(t, "\"\r\n") || strchr(t, sep)) {
        fputc('"', out);
        for (p = t; *p; p++) {
            if (*p == '"')
                fputc('"', out);
            fputc(*p, out);
        }
        fputc('"', out);
        return;
    }
    fputs(t, out);
}

static json_t *json_field(const struct field *f)
{
    if (!f->text)
        return json_null();
    if (f->number) {
        double v = strtod(f->text, NULL);
        if (v == (double)(json_int_t)v && fabs(v) < 9e15)
            return json_integer((json_int_t)v);
        return json_real(v);
    }
    return json_string(f->text);
}

int mf_export(const struct mf_registry *reg, enum mf_entity kind,
              enum mf_format fmt, const unsigned char *keep, FILE *out,
              struct mf_error *err)
{
    size_t i, n = mf_registry_count(reg, kind);
    struct fields fs;
    struct buf scratch = BUF_INIT;
    int first = 1, k;
    int excel = fmt == MF_FMT_CSV_EXCEL;
    char sep = excel ? ';' : ',';

    if (fmt == MF_FMT_GEOJSON) {
        fputs("{\"type\":\"FeatureCollection\",\"features\":[\n", out);
    } else {
        /* The header comes from laying out an empty record, so it is
         * written even when no record is. */
        static const struct mf_org eo;
        static const struct mf_project ep;
        struct mf_site es;
        struct mf_lot el;
        const void *empty[MF_ENT_COUNT] = {&eo, &ep, &es, &el};

        memset(&es, 0, sizeof es);
        memset(&el, 0, sizeof el);
        es.product = -1;
        el.material = -1;
        el.use = -1;
        lay_out(reg, kind, empty[kind], &fs, &scratch);
        if (excel)
            fputs("\xEF\xBB\xBF", out);
        for (k = 0; k < fs.n; k++)
            fprintf(out, "%s%s", k ? (excel ? ";" : ",") : "", fs.f[k].name);
        fputs(excel ? "\r\n" : "\n", out);
    }
    for (i = 0; i < n; i++) {
        if (keep && !keep[i])
            continue;
        lay_out(reg, kind, record_at(reg, kind, i), &fs, &scratch);
        if (fmt == MF_FMT_GEOJSON) {
            json_t *props = json_object(), *feat;
            char *text;
            for (k = 0; k < fs.n; k++) {
                if (!strcmp(fs.f[k].name, "x") || !strcmp(fs.f[k].name, "y") ||
                    !strcmp(fs.f[k].name, "epsg"))
                    continue;
                json_object_set_new(props, fs.f[k].name, json_field(&fs.f[k]));
            }
            feat = json_pack("{s:s,s:o,s:o}", "type", "Feature", "properties",
                             props, "geometry",
                             fs.has_place
                                 ? json_pack("{s:s,s:[f,f]}", "type", "Point",
                                             "coordinates", fs.lon, fs.lat)
                                 : json_null());
            text =
                feat ? json_dumps(feat, JSON_COMPACT | JSON_REAL_PRECISION(10))
                     : NULL;
            json_decref(feat);
            if (!text) {
                buf_free(&scratch);
                return mf_error_set(err, MF_ENOMEM, "out of memory");
            }
            fprintf(out, "%s%s", first ? "" : ",\n", text);
            free(text);
        } else {
            for (k = 0; k < fs.n; k++) {
                if (k)
                    fputc(sep, out);
                csv_cell(out, &fs.f[k], sep, excel);
            }
            fputs(excel ? "\r\n" : "\n", out);
        }
        first = 0;
    }
    if (fmt == MF_FMT_GEOJSON)
        fputs("\n]}\n", out);
    buf_free(&scratch);
    if (ferror(out))
        return mf_error_set(err, MF_EIO, "writing the export failed");
    return MF_OK;
}
