/*
 * template.c - an example file of each kind that imports cleanly, to
 * start from: the organisations, projects, sites and lots of one made-up
 * school project, written as a Norwegian spreadsheet saves it (';',
 * decimal comma, dd.mm.yyyy, Norwegian column names of data/aliases.csv)
 * or in English (',', ISO dates), and a guide to its columns from the
 * same field table the importer reads (schema.h).
 */
#include "masseflyt/io.h"

#include "masseflyt/schema.h"

#include <string.h>

/* One example cell: the field, its value in English and in Norwegian
 * form (NULL: the same). */
struct cell {
    const char *field;
    const char *en, *nb;
};

#define END                                                                    \
    {                                                                          \
        NULL, NULL, NULL                                                       \
    }

static const struct cell org_rows[][8] = {
    {{"id", "example-municipality", "eksempel-kommune"},
     {"orgnr", "924817356", "924 817 356"},
     {"name", "Example municipality", "Eksempel kommune"},
     {"public", "1", "ja"},
     {"note", "an example: replace with your organisation",
      "et eksempel: bytt ut med din virksomhet"},
     END},
};

static const struct cell project_rows[][10] = {
    {{"id", "example-school", "eksempel-skole"},
     {"name", "New school (example)", "Ny skole (eksempel)"},
     {"org", "example-municipality", "eksempel-kommune"},
     {"municipality", "3301", NULL},
     {"kind", "building", NULL},
     {"start", "2027-03-01", "01.03.2027"},
     {"end", "2028-12-31", "31.12.2028"},
     {"note", "an example: replace with your project",
      "et eksempel: bytt ut med ditt prosjekt"},
     END},
};

static const struct cell site_rows[][16] = {
    {{"id", "example-receiving", "eksempel-mottak"},
     {"name", "Receiving site (example)", "Massemottak (eksempel)"},
     {"kind", "receiving", "massemottak"},
     {"org", "example-municipality", "eksempel-kommune"},
     {"municipality", "3301", NULL},
     {"x", "568100.0", "568 100,0"},
     {"y", "6623900.0", "6 623 900,0"},
     {"epsg", "25832", NULL},
     {"materials", "leire morene", NULL},
     {"capacity", "200000", "200 000"},
     {"capacity_unit", "pam3", NULL},
     {"fee", "45", NULL},
     {"open_from", "2027-01-01", "01.01.2027"},
     {"open_to", "2029-12-31", "31.12.2029"},
     {"note", "an example: a site that takes clay and moraine",
      "et eksempel: et mottak for leire og morene"},
     END},
};

static const struct cell lot_rows[][16] = {
    {{"id", "example-clay", "eksempel-leire"},
     {"kind", "supply", "overskudd"},
     {"project", "example-school", "eksempel-skole"},
     {"material", "leire", NULL},
     {"quantity", "40000", "40 000"},
     {"unit", "pfm3", NULL},
     {"from", "2027-03-01", "01.03.2027"},
     {"to", "2027-06-30", "30.06.2027"},
     {"condition_class", "1", NULL},
     {"x", "566059.9", "566 059,9"},
     {"y", "6622484.4", "6 622 484,4"},
     {"epsg", "25832", NULL},
     {"note", "surplus: 40 000 m3 of clay in situ (pfm3)",
      "overskudd: 40 000 m3 leire i fast masse (pfm3)"},
     END},
    {{"id", "example-base-course", "eksempel-baerelag"},
     {"kind", "demand", "behov"},
     {"project", "example-school", "eksempel-skole"},
     {"use", "baerelag", NULL},
     {"quantity", "15000", "15 000"},
     {"unit", "t", NULL},
     {"from", "2027-08-01", "01.08.2027"},
     {"to", "2027-10-31", "31.10.2027"},
     {"x", "566059.9", "566 059,9"},
     {"y", "6622484.4", "6 622 484,4"},
     {"epsg", "25832", NULL},
     {"note", "need: 15 000 t of crushed rock for the base course",
      "behov: 15 000 t pukk til bærelag"},
     END},
};

/* The example rows of a kind: n rows of up to `width` cells. */
static const struct cell *rows_of(enum mf_entity kind, int *n, int *width)
{
#define ROWS(a)                                                                \
    (*n = (int)(sizeof(a) / sizeof((a)[0])),                                   \
     *width = (int)(sizeof((a)[0]) / sizeof((a)[0][0])), &(a)[0][0])
    switch (kind) {
    case MF_ENT_ORG:
        return ROWS(org_rows);
    case MF_ENT_PROJECT:
        return ROWS(project_rows);
    case MF_ENT_SITE:
        return ROWS(site_rows);
    default:
        return ROWS(lot_rows);
    }
#undef ROWS
}

/* Whether the kind's examples give a value for the field. */
static int used(const struct cell *rows, int n, int width, const char *field)
{
    int r, c;

    for (r = 0; r < n; r++)
        for (c = 0; c < width && rows[r * width + c].field; c++)
            if (!strcmp(rows[r * width + c].field, field))
                return 1;
    return 0;
}

/* The Norwegian name of a column: the first alias of data/aliases.csv
 * for it; else its English name. */
static const struct mf_alias *nb_alias(const struct mf_catalog *cat,
                                       const char *field)
{
    int i;

    for (i = 0; i < mf_catalog_n_aliases(cat); i++) {
        const struct mf_alias *a = mf_catalog_alias(cat, i);
        if (a->kind == MF_CODE_COLUMN && !strcmp(a->code, field))
            return a;
    }
    return NULL;
}

/* A cell, quoted when it holds the separator or a quote. */
static void put_cell(FILE *out, const char *v, char sep)
{
    if (!strchr(v, sep) && !strchr(v, '"')) {
        fputs(v, out);
        return;
    }
    fputc('"', out);
    for (; *v; v++) {
        if (*v == '"')
            fputc('"', out);
        fputc(*v, out);
    }
    fputc('"', out);
}

/* Spaces after a column name to fill `width` letters (UTF-8 aware). */
static int pad(const char *s, int width)
{
    int n = 0;

    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80)
            n++;
    return n < width ? width - n : 0;
}

int mf_template_write(const struct mf_catalog *cat, enum mf_entity kind, int nb,
                      FILE *out, FILE *guide)
{
    const struct mf_entity_schema *s = mf_schema(kind);
    char sep = nb ? ';' : ',';
    const struct cell *rows;
    int n, width, i, r, first = 1;

    if (!s || !out)
        return MF_EINVAL;
    rows = rows_of(kind, &n, &width);
    for (i = 0; i < s->n_fields; i++) {
        const struct mf_field *f = &s->fields[i];
        const struct mf_alias *a = nb ? nb_alias(cat, f->name) : NULL;
        const char *name = a ? a->alias : f->name;

        if (!used(rows, n, width, f->name))
            continue;
        if (!first)
            fputc(sep, out);
        first = 0;
        put_cell(out, name, sep);
        if (guide)
            fprintf(guide, "%s%*s %s%s\n", name, pad(name, 16), "",
                    a && *a->doc_nb ? a->doc_nb : f->doc,
                    f->need == MF_REQUIRED ? (nb ? " (påkrevd)" : " (required)")
                                           : "");
    }
    fputs("\r\n", out);
    for (r = 0; r < n; r++) {
        first = 1;
        for (i = 0; i < s->n_fields; i++) {
            const struct mf_field *f = &s->fields[i];
            const char *v = "";
            int c;

            if (!used(rows, n, width, f->name))
                continue;
            for (c = 0; c < width && rows[r * width + c].field; c++) {
                const struct cell *x = &rows[r * width + c];
                if (!strcmp(x->field, f->name))
                    v = nb && x->nb ? x->nb : x->en;
            }
            if (!first)
                fputc(sep, out);
            first = 0;
            put_cell(out, v, sep);
        }
        fputs("\r\n", out);
    }
    return ferror(out) ? MF_EIO : MF_OK;
}
