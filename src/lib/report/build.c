/*
 * build.c - the report's document model: every table the report shows,
 * computed once from struct mf_report_input, and the ordered blocks
 * (headings, paragraphs, tables, charts) of the three stages and the
 * appendix. html.c, cairo.c, xlsx.c and csv.c only render what is here.
 *
 * All strings and arrays live in one arena that report_close() frees.
 */
#include "report/report_int.h"

#include "masseflyt/indicators.h"
#include "masseflyt/validate.h"
#include "masseflyt/weighbridge.h"

#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The flows table (and the flow map) shows at most this many rows. */
#define MAX_FLOW_ROWS 300
/* The storage chart and table show at most this many sites; the rest
 * are summed as "others". */
#define MAX_STORAGE_SERIES 8

/* ------------------------------------------------------------------ */
/* Arena helpers                                                        */
/* ------------------------------------------------------------------ */

static void *zalloc(struct report *r, size_t n)
{
    void *p = arena_alloc(&r->arena, n ? n : 1);

    if (!p) {
        r->oom = 1;
        return NULL;
    }
    memset(p, 0, n ? n : 1);
    return p;
}

char *report_strdup(struct report *r, const char *s)
{
    char *p = arena_strdup(&r->arena, s ? s : "");

    if (!p)
        r->oom = 1;
    return p;
}

char *report_printf(struct report *r, const char *fmt, ...)
{
    va_list ap;
    int n;
    char *p;

    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return report_strdup(r, "");
    p = arena_alloc(&r->arena, (size_t)n + 1);
    if (!p) {
        r->oom = 1;
        return NULL;
    }
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}

/* ------------------------------------------------------------------ */
/* Tables                                                               */
/* ------------------------------------------------------------------ */

struct rcell *rt_cell(const struct rtable *t, int i, int j)
{
    return &t->cells[(size_t)i * (size_t)t->n_cols + (size_t)j];
}

int rt_col(const struct rtable *t, const char *key)
{
    int j;

    for (j = 0; t && j < t->n_cols; j++)
        if (t->cols[j].key && !strcmp(t->cols[j].key, key))
            return j;
    return -1;
}

const char *rt_text(const struct report *r, const struct rtable *t, int i,
                    int j, char *buf, size_t len)
{
    const struct rcell *c = rt_cell(t, i, j);
    const struct rcol *col = &t->cols[j];
    int fmt = c->fmt >= 0 ? c->fmt : (int)col->fmt;
    int dec = c->dec >= 0 ? c->dec : col->dec;

    if (fmt == CF_TEXT)
        return c->text ? c->text : "";
    if (isnan(c->v))
        return "";
    if (fmt == CF_PCT)
        return fmt_pct(r, c->v, dec, buf, len);
    if (fmt == CF_PP)
        return fmt_pp(r, c->v, dec, buf, len);
    if (col->flags & COL_SIGNED)
        return fmt_signed(r, c->v, dec, buf, len);
    return fmt_num(r, c->v, dec, buf, len);
}

int rt_shown(const struct rtable *t, int i)
{
    if (t->print_step <= 1 || i == t->n_rows - 1)
        return 1;
    return (i + t->print_phase) % t->print_step == 0;
}

int rt_sub_rows(const struct rtable *t)
{
    int j, n = 0, wide = 0;

    for (j = 0; j < t->n_cols; j++) {
        if (t->cols[j].flags & COL_DATA)
            continue;
        n++;
        wide |= (t->cols[j].flags & COL_WIDE) != 0;
    }
    return wide && n > 6;
}

struct rtable *report_table(const struct report *r, const char *key)
{
    int i;

    for (i = 0; i < r->n_tables; i++)
        if (!strcmp(r->tables[i]->key, key))
            return r->tables[i];
    return NULL;
}

static struct rtable *table_new(struct report *r, const char *key,
                                const char *sheet, const char *caption,
                                int n_cols, int max_rows)
{
    struct rtable *t;
    char *id;
    size_t i, n;

    if (r->n_tables >= (int)(sizeof r->tables / sizeof r->tables[0]))
        return NULL;
    if (max_rows < 1)
        max_rows = 1;
    t = zalloc(r, sizeof *t);
    id = report_printf(r, "table-%s", key);
    if (!t || !id)
        return NULL;
    for (i = 0; id[i]; i++)
        if (id[i] == '_')
            id[i] = '-';
    t->key = key;
    t->id = id;
    t->sheet = sheet;
    t->caption = caption;
    t->n_cols = n_cols;
    t->max_rows = max_rows;
    n = (size_t)max_rows * (size_t)n_cols;
    t->cols = zalloc(r, (size_t)n_cols * sizeof *t->cols);
    t->cells = zalloc(r, n * sizeof *t->cells);
    t->flags = zalloc(r, (size_t)max_rows);
    if (!t->cols || !t->cells || !t->flags)
        return NULL;
    for (i = 0; i < n; i++) {
        t->cells[i].v = NAN;
        t->cells[i].fmt = -1;
        t->cells[i].dec = -1;
    }
    r->tables[r->n_tables++] = t;
    return t;
}

static void col(struct rtable *t, int j, const char *key, const char *head,
                enum col_fmt fmt, int dec, unsigned flags)
{
    t->cols[j].key = key;
    t->cols[j].head = head;
    t->cols[j].fmt = fmt;
    t->cols[j].dec = dec;
    t->cols[j].flags = flags;
}

/* A new row, or -1 when the table is full (its size is known in advance,
 * so that only happens on a bug). */
static int row(struct rtable *t)
{
    if (t->n_rows >= t->max_rows)
        return -1;
    return t->n_rows++;
}

static void set_text(struct report *r, struct rtable *t, int i, int j,
                     const char *s)
{
    if (i >= 0 && j >= 0)
        rt_cell(t, i, j)->text = report_strdup(r, s ? s : "");
}

/* Text that already lives as long as the report (strings of the
 * registry, catalogue or factors, or of this arena). */
static void set_ref(struct rtable *t, int i, int j, const char *s)
{
    if (i >= 0 && j >= 0)
        rt_cell(t, i, j)->text = s ? s : "";
}

static void set_num(struct rtable *t, int i, int j, double v)
{
    if (i >= 0 && j >= 0)
        rt_cell(t, i, j)->v = v;
}

static void set_numf(struct rtable *t, int i, int j, double v, enum col_fmt fmt,
                     int dec)
{
    if (i >= 0 && j >= 0) {
        rt_cell(t, i, j)->v = v;
        rt_cell(t, i, j)->fmt = (signed char)fmt;
        rt_cell(t, i, j)->dec = (signed char)dec;
    }
}

/* Decimals that show a factor value as written (1.3, 0.16, 20). */
static int decimals_of(double v)
{
    int d;

    for (d = 0; d < 4; d++)
        if (fabs(v * pow(10, d) - round(v * pow(10, d))) < 1e-9)
            return d;
    return 4;
}

/* ------------------------------------------------------------------ */
/* Document blocks                                                      */
/* ------------------------------------------------------------------ */

static struct block *blk(struct report *r, enum block_kind k, const char *text)
{
    struct block *b;

    if (r->n_blocks >= r->max_blocks)
        return NULL;
    b = &r->blocks[r->n_blocks++];
    memset(b, 0, sizeof *b);
    b->kind = k;
    b->text = text;
    return b;
}

static void blk_table(struct report *r, struct rtable *t)
{
    struct block *b;

    if (!t)
        return;
    b = blk(r, B_TABLE, t->caption);
    if (b) {
        b->table = t;
        b->id = t->id;
    }
}

static void blk_chart_text(struct report *r, enum chart_kind k,
                           const char *caption)
{
    struct block *b = blk(r, B_CHART, caption);

    if (b) {
        b->chart = k;
        b->id = chart_id(k);
    }
}

static void blk_chart(struct report *r, enum chart_kind k, enum rstr caption)
{
    struct block *b = blk(r, B_CHART, tr(r, caption));

    if (b) {
        b->chart = k;
        b->id = chart_id(k);
    }
}

/* ------------------------------------------------------------------ */
/* Indicators                                                           */
/* ------------------------------------------------------------------ */

#define F_IND(field) offsetof(struct mf_indicators, field)

/* The label of an indicator (its field, F_IND) in the report's language. */
static const char *ind_label(const struct report *r, size_t field)
{
    const struct mf_indicator *d = mf_indicator_of(field);

    return d ? (r->en ? d->label_en : d->label_nb) : "";
}

/* A cell of an indicator in the row's display unit: shares as per cent
 * (differences in points), the rest with the row's decimals. */
static void ind_cell(struct rtable *t, int i, int j, double v,
                     const struct mf_indicator *d, int diff)
{
    if (d->share)
        set_numf(t, i, j, v, diff ? CF_PP : CF_PCT, d->decimals);
    else
        set_numf(t, i, j, v, CF_NUM, d->decimals);
}

static void build_indicators(struct report *r, const char *key,
                             int key_figures_only, const char *sheet,
                             const char *caption)
{
    /* The difference is the plan against today's practice; no reuse at
     * all is the last column, a reference line. */
    const struct mf_plan *plan = r->in->plan, *bau = r->in->practice,
                         *none = r->in->baseline;
    struct rtable *t;
    int k, i;

    if (!plan)
        return;
    t = table_new(r, key, sheet, caption, 6, mf_indicators_count());
    if (!t)
        return;
    col(t, 0, "indicator", tr(r, S_C_KEY), CF_TEXT, 0, COL_DATA);
    col(t, 1, "label", tr(r, S_C_INDICATOR), CF_TEXT, 0, 0);
    col(t, 2, "business_as_usual", tr(r, S_C_BAU), CF_NUM, 0, 0);
    col(t, 3, "plan", tr(r, S_C_PLAN), CF_NUM, 0, 0);
    col(t, 4, "difference", tr(r, S_C_DIFF), CF_NUM, 0, COL_SIGNED);
    col(t, 5, "no_reuse", tr(r, S_C_NOREUSE), CF_NUM, 0, 0);
    for (k = 0; k < mf_indicators_count(); k++) {
        const struct mf_indicator *d = mf_indicator_at(k);
        double p = mf_indicator_value(&plan->ind, d);
        if (!(d->flags & MF_IND_TABLE) ||
            (key_figures_only && !(d->flags & MF_IND_KEY_FIGURE)))
            continue;
        i = row(t);
        set_ref(t, i, 0, d->key);
        set_ref(t, i, 1, ind_label(r, d->offset));
        ind_cell(t, i, 3, p, d, 0);
        if (bau) {
            double b = mf_indicator_value(&bau->ind, d);
            ind_cell(t, i, 2, b, d, 0);
            ind_cell(t, i, 4, p - b, d, 1);
        }
        if (none)
            ind_cell(t, i, 5, mf_indicator_value(&none->ind, d), d, 0);
    }
}

/* ------------------------------------------------------------------ */
/* Stage 1: sites, lots, balance, refused lots                          */
/* ------------------------------------------------------------------ */

static const char *site_kind_key(enum mf_site_kind k)
{
    return mf_site_kind_name(k);
}

/* Sites a scenario adds that the registry lacks: scenario k's site s
 * when no site of reg (nor of an earlier scenario) has its id. */
static int added_site(const struct report *r, int k, size_t s)
{
    const struct mf_report_input *in = r->in;
    const struct mf_site *x;
    int j;

    if (!in->scenarios[k].reg ||
        s >= mf_registry_count(in->scenarios[k].reg, MF_ENT_SITE))
        return 0;
    x = mf_registry_site_at(in->scenarios[k].reg, s);
    if (mf_registry_site(in->reg, x->id))
        return 0;
    for (j = 0; j < k; j++)
        if (in->scenarios[j].reg &&
            mf_registry_site(in->scenarios[j].reg, x->id))
            return 0;
    return 1;
}

static void set_site(struct report *r, struct rtable *t, int i,
                     const struct mf_site *x, const char *name)
{
    set_ref(t, i, 0, x->id);
    set_ref(t, i, 1, name);
    set_ref(t, i, 2, site_kind_label(r, x->kind));
    set_ref(t, i, 3, x->municipality);
    if (x->capacity_t >= 0 && x->kind != MF_SITE_PROJECT)
        set_num(t, i, 4, x->capacity_t);
    if (x->loc.epsg) {
        set_num(t, i, 5, x->loc.lon);
        set_num(t, i, 6, x->loc.lat);
    }
    set_ref(t, i, 7, site_kind_key(x->kind));
}

static void build_sites(struct report *r)
{
    const struct mf_registry *reg = r->in->reg;
    size_t n = mf_registry_count(reg, MF_ENT_SITE), s, added = 0;
    struct rtable *t;
    int k;

    for (k = 0; k < r->in->n_scenarios; k++)
        for (s = 0; r->in->scenarios[k].reg &&
                    s < mf_registry_count(r->in->scenarios[k].reg, MF_ENT_SITE);
             s++)
            added += (size_t)added_site(r, k, s);
    t = table_new(r, "sites", tr(r, S_SITES), tr(r, S_CAP_SITES), 8,
                  (int)(n + added));
    if (!t)
        return;
    col(t, 0, "id", tr(r, S_C_ID), CF_TEXT, 0, COL_DATA);
    col(t, 1, "name", tr(r, S_C_NAME), CF_TEXT, 0, 0);
    col(t, 2, "kind", tr(r, S_C_KIND), CF_TEXT, 0, 0);
    col(t, 3, "municipality", tr(r, S_C_MUNI), CF_TEXT, 0, 0);
    col(t, 4, "capacity_t", tr(r, S_C_CAPACITY_T), CF_NUM, 0, 0);
    col(t, 5, "lon", "lon", CF_NUM, 5, COL_DATA);
    col(t, 6, "lat", "lat", CF_NUM, 5, COL_DATA);
    col(t, 7, "kind_key", "kind_key", CF_TEXT, 0, COL_DATA);
    for (s = 0; s < n; s++) {
        const struct mf_site *x = mf_registry_site_at(reg, s);
        set_site(r, t, row(t), x, x->name ? x->name : x->id);
    }
    /* Sites a scenario adds, drawn and listed with the scenario's name. */
    for (k = 0; k < r->in->n_scenarios; k++)
        for (s = 0; r->in->scenarios[k].reg &&
                    s < mf_registry_count(r->in->scenarios[k].reg, MF_ENT_SITE);
             s++) {
            const struct mf_site *x;
            if (!added_site(r, k, s))
                continue;
            x = mf_registry_site_at(r->in->scenarios[k].reg, s);
            set_site(r, t, row(t), x,
                     report_printf(r, tr(r, S_ADDED_BY),
                                   x->name ? x->name : x->id,
                                   r->in->scenarios[k].name));
        }
}

static const char *lot_what(const struct report *r, const struct mf_lot *l)
{
    if (l->material >= 0)
        return material_label(r, l->material);
    return use_label(r, l->use);
}

static const char *project_name(const struct report *r, const char *id)
{
    const struct mf_project *p =
        id ? mf_registry_project(r->in->reg, id) : NULL;

    return p && p->name ? p->name : (id ? id : "");
}

/* Tonnes of lot x as the volume the user gave it in ("600 000 pfm3"),
 * or "" for a lot given in tonnes. */
static void set_given(struct report *r, struct rtable *t, int i, int j,
                      const struct mf_lot *x, double tonnes)
{
    double m3;
    char b[64];

    if (mf_lot_volume(x, tonnes, &m3))
        set_text(r, t, i, j,
                 report_printf(r, "%s %s", fmt_num(r, m3, 0, b, sizeof b),
                               mf_state_name(x->state)));
    else
        set_ref(t, i, j, "");
}

static void build_lots(struct report *r)
{
    const struct mf_registry *reg = r->in->reg;
    size_t n = mf_registry_count(reg, MF_ENT_LOT), l;
    struct rtable *t =
        table_new(r, "lots", tr(r, S_LOTS), tr(r, S_LOTS), 10, (int)n);
    char a[16], b[16];

    if (!t)
        return;
    col(t, 0, "id", tr(r, S_C_ID), CF_TEXT, 0, 0);
    col(t, 1, "project", tr(r, S_C_PROJECT), CF_TEXT, 0, 0);
    col(t, 2, "kind", tr(r, S_C_KIND), CF_TEXT, 0, 0);
    col(t, 3, "material_or_use", tr(r, S_C_MATUSE), CF_TEXT, 0, 0);
    col(t, 4, "tonnes", tr(r, S_C_TONNES), CF_NUM, 0, 0);
    col(t, 5, "given", tr(r, S_C_GIVEN), CF_TEXT, 0, 0);
    col(t, 6, "window", tr(r, S_C_WINDOW), CF_TEXT, 0, 0);
    col(t, 7, "lon", "lon", CF_NUM, 5, COL_DATA);
    col(t, 8, "lat", "lat", CF_NUM, 5, COL_DATA);
    col(t, 9, "kind_key", "kind_key", CF_TEXT, 0, COL_DATA);
    for (l = 0; l < n; l++) {
        const struct mf_lot *x = mf_registry_lot_at(reg, l);
        int i;
        if (r->lot_refused[l])
            continue;
        i = row(t);
        set_ref(t, i, 0, x->id);
        set_ref(t, i, 1, project_name(r, x->project));
        set_ref(t, i, 2, tr(r, x->kind == MF_LOT_SUPPLY ? S_SUPPLY : S_DEMAND));
        set_ref(t, i, 3, lot_what(r, x));
        set_num(t, i, 4, x->tonnes);
        set_given(r, t, i, 5, x, x->tonnes);
        set_text(r, t, i, 6,
                 report_printf(r, "%s \xe2\x80\x93 %s",
                               fmt_date(x->from, a, sizeof a),
                               fmt_date(x->to, b, sizeof b)));
        if (x->loc.epsg) {
            set_num(t, i, 7, x->loc.lon);
            set_num(t, i, 8, x->loc.lat);
        }
        set_ref(t, i, 9, x->kind == MF_LOT_SUPPLY ? "supply" : "demand");
    }
}

/* The balance's periods as the report shows them: as given when there
 * are at most 12, else whole calendar years. */
struct bperiods {
    int n;
    int *of;      /* balance period -> shown period */
    char **label; /* per shown period */
};

static int shown_periods(struct report *r, const struct mf_balance *b,
                         struct bperiods *bp)
{
    const struct mf_periods *p = &b->periods;
    int i, y, m, d, last_year = 0;
    char buf[32];

    bp->of = zalloc(r, (size_t)(p->n + 1) * sizeof *bp->of);
    bp->label = zalloc(r, (size_t)(p->n + 1) * sizeof *bp->label);
    bp->n = 0;
    if (!bp->of || !bp->label)
        return -1;
    for (i = 0; i < p->n; i++) {
        if (p->n <= 12) {
            bp->of[i] = bp->n;
            bp->label[bp->n++] =
                report_strdup(r, mf_period_label(p, i, buf, sizeof buf));
            continue;
        }
        mf_date_ymd(p->start[i], &y, &m, &d);
        if (bp->n == 0 || y != last_year) {
            bp->label[bp->n++] = report_printf(r, "%d", y);
            last_year = y;
        }
        bp->of[i] = bp->n - 1;
    }
    return 0;
}

static void build_balance(struct report *r)
{
    const struct mf_balance *b = r->in->balance;
    struct bperiods bp;
    struct rtable *t, *tp;
    double *net, *sup, *dem, cum = 0;
    int i, k, p, nc;

    if (!b || shown_periods(r, b, &bp))
        return;
    nc = 5 + bp.n;
    t = table_new(r, "balance", tr(r, S_BALANCE), tr(r, S_CAP_BALANCE), nc,
                  b->n_rows + 1);
    net = zalloc(r, (size_t)(bp.n + 1) * sizeof *net);
    if (!t || !net)
        return;
    col(t, 0, "material_or_use", tr(r, S_C_MATUSE), CF_TEXT, 0, 0);
    col(t, 1, "code", tr(r, S_C_CODE), CF_TEXT, 0, COL_DATA);
    col(t, 2, "supply_kt", tr(r, S_C_SUPPLY_KT), CF_NUM, 0, 0);
    col(t, 3, "demand_kt", tr(r, S_C_DEMAND_KT), CF_NUM, 0, 0);
    col(t, 4, "net_kt", tr(r, S_C_NET_KT), CF_NUM, 0, 0);
    for (p = 0; p < bp.n; p++)
        col(t, 5 + p, report_printf(r, "net_kt_%s", bp.label[p]), bp.label[p],
            CF_NUM, 0, 0);
    for (k = 0; k < b->n_rows; k++) {
        const struct mf_balance_row *x = &b->rows[k];
        i = row(t);
        if (x->material >= 0) {
            set_ref(t, i, 0, material_label(r, x->material));
            set_ref(t, i, 1, mf_catalog_material(r->cat, x->material)->code);
        } else {
            set_text(r, t, i, 0,
                     report_printf(r, "%s %s", use_label(r, x->use),
                                   tr(r, S_USE_SUFFIX)));
            if (x->use >= 0 && x->use < mf_catalog_n_uses(r->cat))
                set_ref(t, i, 1, mf_catalog_use(r->cat, x->use)->code);
        }
        set_num(t, i, 2, x->supply_total / 1000);
        set_num(t, i, 3, x->demand_total / 1000);
        set_num(t, i, 4, (x->supply_total - x->demand_total) / 1000);
        memset(net, 0, (size_t)(bp.n + 1) * sizeof *net);
        for (p = 0; p < b->periods.n; p++)
            net[bp.of[p]] += x->supply[p] - x->demand[p];
        for (p = 0; p < bp.n; p++)
            set_num(t, i, 5 + p, net[p] / 1000);
    }
    /* The total row. */
    i = row(t);
    t->flags[i] |= ROW_TOTAL;
    set_ref(t, i, 0, tr(r, S_TOTAL));
    {
        double st = 0, dt = 0;
        for (k = 0; k < b->n_rows; k++) {
            st += b->rows[k].supply_total;
            dt += b->rows[k].demand_total;
        }
        set_num(t, i, 2, st / 1000);
        set_num(t, i, 3, dt / 1000);
        set_num(t, i, 4, (st - dt) / 1000);
    }
    memset(net, 0, (size_t)(bp.n + 1) * sizeof *net);
    for (p = 0; p < b->periods.n; p++)
        net[bp.of[p]] += b->supply_total[p] - b->demand_total[p];
    for (p = 0; p < bp.n; p++)
        set_num(t, i, 5 + p, net[p] / 1000);

    /* Per period, all materials. */
    tp = table_new(r, "balance_periods", tr(r, S_SH_BALANCE_P),
                   tr(r, S_CAP_BALANCE_P), 5, bp.n + 1);
    sup = zalloc(r, (size_t)(bp.n + 1) * sizeof *sup);
    dem = zalloc(r, (size_t)(bp.n + 1) * sizeof *dem);
    if (!tp || !sup || !dem)
        return;
    col(tp, 0, "period", tr(r, S_C_PERIOD), CF_TEXT, 0, 0);
    col(tp, 1, "supply_kt", tr(r, S_C_SUPPLY_KT), CF_NUM, 0, 0);
    col(tp, 2, "demand_kt", tr(r, S_C_DEMAND_KT), CF_NUM, 0, 0);
    col(tp, 3, "net_kt", tr(r, S_C_NET_KT), CF_NUM, 0, 0);
    col(tp, 4, "cumulative_kt", tr(r, S_C_CUMUL_KT), CF_NUM, 0, 0);
    for (p = 0; p < b->periods.n; p++) {
        sup[bp.of[p]] += b->supply_total[p];
        dem[bp.of[p]] += b->demand_total[p];
    }
    for (p = 0; p < bp.n; p++) {
        i = row(tp);
        cum += sup[p] - dem[p];
        set_ref(tp, i, 0, bp.label[p]);
        set_num(tp, i, 1, sup[p] / 1000);
        set_num(tp, i, 2, dem[p] / 1000);
        set_num(tp, i, 3, (sup[p] - dem[p]) / 1000);
        set_num(tp, i, 4, cum / 1000);
    }
    i = row(tp);
    tp->flags[i] |= ROW_TOTAL;
    set_ref(tp, i, 0, tr(r, S_TOTAL));
    {
        double st = 0, dt = 0;
        for (p = 0; p < bp.n; p++) {
            st += sup[p];
            dt += dem[p];
        }
        set_num(tp, i, 1, st / 1000);
        set_num(tp, i, 2, dt / 1000);
        set_num(tp, i, 3, (st - dt) / 1000);
    }
}

static void build_refused(struct report *r)
{
    const struct mf_registry *reg = r->in->reg;
    size_t n = mf_registry_count(reg, MF_ENT_LOT), l, count = 0;
    struct rtable *t;

    for (l = 0; l < n; l++)
        if (r->lot_refused[l])
            count++;
    t = table_new(r, "refused", tr(r, S_REFUSED), tr(r, S_CAP_REFUSED), 7,
                  (int)count);
    if (!t)
        return;
    col(t, 0, "lot", tr(r, S_C_ID), CF_TEXT, 0, 0);
    col(t, 1, "project", tr(r, S_C_PROJECT), CF_TEXT, 0, 0);
    col(t, 2, "material_or_use", tr(r, S_C_MATUSE), CF_TEXT, 0, 0);
    col(t, 3, "tonnes", tr(r, S_C_TONNES), CF_NUM, 0, 0);
    col(t, 4, "given", tr(r, S_C_GIVEN), CF_TEXT, 0, 0);
    col(t, 5, "rule", tr(r, S_C_RULE), CF_TEXT, 0, 0);
    col(t, 6, "reason", tr(r, S_C_REASON), CF_TEXT, 0, COL_WIDE);
    for (l = 0; l < n; l++) {
        const struct mf_lot *x = mf_registry_lot_at(reg, l);
        const struct mf_rule *rule = r->lot_refused[l];
        int i;
        if (!rule)
            continue;
        i = row(t);
        set_ref(t, i, 0, x->id);
        set_ref(t, i, 1, project_name(r, x->project));
        set_ref(t, i, 2, lot_what(r, x));
        set_num(t, i, 3, x->tonnes);
        set_given(r, t, i, 4, x, x->tonnes);
        set_ref(t, i, 5, rule->id);
        set_ref(t, i, 6, r->en ? rule->message_en : rule->message_no);
    }
}

/* ------------------------------------------------------------------ */
/* Stage 2: flows, Sankey, storage, what was not placed                 */
/* ------------------------------------------------------------------ */

/* What kind of flow a haul is, for the map and the flows table. */
enum route {
    RT_DIRECT = 0,
    RT_STORAGE,
    RT_PROCESSING,
    RT_RECEIVING,
    RT_QUARRY,
    RT_COUNT
};

static const char *const route_keys[RT_COUNT] = {
    "direct", "storage", "processing", "receiving", "quarry"};

static enum route route_of(const struct mf_flow *f)
{
    if (f->to_kind == MF_END_RECEIVING)
        return RT_RECEIVING;
    if (f->from_kind == MF_END_QUARRY)
        return RT_QUARRY;
    if (f->from_kind == MF_END_PROCESSING || f->to_kind == MF_END_PROCESSING)
        return RT_PROCESSING;
    if (f->from_kind == MF_END_STORAGE || f->to_kind == MF_END_STORAGE)
        return RT_STORAGE;
    return RT_DIRECT;
}

/* A barge's or conveyor's name in the report's language. */
static const char *mode_label(const struct report *r, enum mf_mode m)
{
    return tr(r, m == MF_MODE_BARGE ? S_MODE_BARGE : S_MODE_CONVEYOR);
}

static const char *route_label(const struct report *r, enum route k)
{
    static const enum rstr s[RT_COUNT] = {
        S_F_DIRECT, S_F_STORAGE, S_F_PROCESSING, S_F_RECEIVING, S_F_QUARRY};
    return tr(r, s[k]);
}

static int is_lot_end(enum mf_end_kind k)
{
    return k == MF_END_SUPPLY || k == MF_END_DEMAND;
}

/* Name and place of a flow end. */
static const char *end_name(const struct report *r, enum mf_end_kind k, int idx,
                            const struct mf_location **loc)
{
    const struct mf_registry *reg = r->in->reg;

    *loc = NULL;
    if (idx < 0)
        return "";
    if (is_lot_end(k)) {
        const struct mf_lot *l = mf_registry_lot_at(reg, (size_t)idx);
        const struct mf_site *s =
            l->site ? mf_registry_site(reg, l->site) : NULL;
        *loc = &l->loc;
        if (s && s->name)
            return s->name;
        return project_name(r, l->project);
    } else {
        const struct mf_site *s = mf_registry_site_at(reg, (size_t)idx);
        *loc = &s->loc;
        return s->name ? s->name : s->id;
    }
}

static const char *end_id(const struct report *r, enum mf_end_kind k, int idx)
{
    if (idx < 0)
        return "";
    if (is_lot_end(k))
        return mf_registry_lot_at(r->in->reg, (size_t)idx)->id;
    return mf_registry_site_at(r->in->reg, (size_t)idx)->id;
}

struct fkey {
    int fk, f, tk, t, material;
    size_t idx;
};

static int fkey_cmp(const void *pa, const void *pb)
{
    const struct fkey *a = pa, *b = pb;
    const int x[5] = {a->fk, a->f, a->tk, a->t, a->material};
    const int y[5] = {b->fk, b->f, b->tk, b->t, b->material};
    int i;

    for (i = 0; i < 5; i++)
        if (x[i] != y[i])
            return (x[i] > y[i]) - (x[i] < y[i]);
    return (a->idx > b->idx) - (a->idx < b->idx);
}

struct fagg {
    const struct mf_flow *first;
    double tonnes, trips, co2e_t, tonne_km;
    char *materials;
};

static int fagg_cmp(const void *pa, const void *pb)
{
    const struct fagg *a = pa, *b = pb;

    if (a->tonnes != b->tonnes)
        return a->tonnes < b->tonnes ? 1 : -1;
    return (a->first > b->first) - (a->first < b->first);
}

static void build_flows(struct report *r)
{
    const struct mf_plan *plan = r->in->plan;
    struct fkey *keys = NULL;
    struct fagg *agg = NULL;
    struct rtable *t;
    size_t i, n = 0, na = 0, shown;

    if (!plan)
        return;
    keys = malloc((plan->n_flows + 1) * sizeof *keys);
    agg = malloc((plan->n_flows + 1) * sizeof *agg);
    if (!keys || !agg) {
        r->oom = 1;
        goto done;
    }
    for (i = 0; i < plan->n_flows; i++) {
        const struct mf_flow *f = &plan->flows[i];
        if (f->from < 0 || f->to < 0 || f->from_kind >= MF_END_UNPLACED ||
            f->to_kind >= MF_END_UNPLACED || f->tonnes <= 0)
            continue;
        keys[n].fk = (int)f->from_kind;
        keys[n].f = f->from;
        keys[n].tk = (int)f->to_kind;
        keys[n].t = f->to;
        keys[n].material = f->material;
        keys[n].idx = i;
        n++;
    }
    qsort(keys, n, sizeof *keys, fkey_cmp);
    for (i = 0; i < n; i++) {
        const struct mf_flow *f = &plan->flows[keys[i].idx];
        struct fagg *a;
        if (na == 0 || keys[i].fk != keys[i - 1].fk ||
            keys[i].f != keys[i - 1].f || keys[i].tk != keys[i - 1].tk ||
            keys[i].t != keys[i - 1].t) {
            a = &agg[na++];
            memset(a, 0, sizeof *a);
            a->first = f;
            a->materials = report_strdup(r, material_label(r, f->material));
        } else {
            a = &agg[na - 1];
            if (keys[i].material != keys[i - 1].material)
                a->materials =
                    report_printf(r, "%s, %s", a->materials ? a->materials : "",
                                  material_label(r, f->material));
        }
        a->tonnes += f->tonnes;
        a->trips += f->trips;
        /* By truck, or by barge or conveyor (data/modes.csv). */
        a->tonne_km += f->tonne_km + f->mode_tonne_km;
        a->co2e_t += (f->co2e_transport_kg + f->co2e_other_kg) / 1000;
    }
    qsort(agg, na, sizeof *agg, fagg_cmp);
    shown = na < MAX_FLOW_ROWS ? na : MAX_FLOW_ROWS;
    t = table_new(r, "flows", tr(r, S_FLOWS), tr(r, S_CAP_FLOWS), 15,
                  (int)shown);
    if (!t)
        goto done;
    col(t, 0, "from_id", "from_id", CF_TEXT, 0, COL_DATA);
    col(t, 1, "from", tr(r, S_C_FROM), CF_TEXT, 0, 0);
    col(t, 2, "to_id", "to_id", CF_TEXT, 0, COL_DATA);
    col(t, 3, "to", tr(r, S_C_TO), CF_TEXT, 0, 0);
    col(t, 4, "route", tr(r, S_C_ROUTE), CF_TEXT, 0, 0);
    col(t, 5, "materials", tr(r, S_C_MATERIAL), CF_TEXT, 0, 0);
    col(t, 6, "tonnes", tr(r, S_C_TONNES), CF_NUM, 0, 0);
    col(t, 7, "km", tr(r, S_C_KM), CF_NUM, 1, 0);
    col(t, 8, "trips", tr(r, S_C_TRIPS), CF_NUM, 0, 0);
    col(t, 9, "co2e_t", tr(r, S_C_CO2_T), CF_NUM, 1, 0);
    col(t, 10, "from_lon", "from_lon", CF_NUM, 5, COL_DATA);
    col(t, 11, "from_lat", "from_lat", CF_NUM, 5, COL_DATA);
    col(t, 12, "to_lon", "to_lon", CF_NUM, 5, COL_DATA);
    col(t, 13, "to_lat", "to_lat", CF_NUM, 5, COL_DATA);
    col(t, 14, "route_key", "route_key", CF_TEXT, 0, COL_DATA);
    for (i = 0; i < shown; i++) {
        const struct fagg *a = &agg[i];
        const struct mf_flow *f = a->first;
        const struct mf_location *fl, *tl;
        enum route k = route_of(f);
        int j = row(t);
        set_ref(t, j, 0, end_id(r, f->from_kind, f->from));
        set_ref(t, j, 1, end_name(r, f->from_kind, f->from, &fl));
        set_ref(t, j, 2, end_id(r, f->to_kind, f->to));
        set_ref(t, j, 3, end_name(r, f->to_kind, f->to, &tl));
        if (f->mode == MF_MODE_TRUCK)
            set_ref(t, j, 4, route_label(r, k));
        else /* the mode where a barge or conveyor carries it */
            set_ref(t, j, 4,
                    report_printf(r, "%s (%s)", route_label(r, k),
                                  mode_label(r, f->mode)));
        set_ref(t, j, 5, a->materials);
        set_num(t, j, 6, a->tonnes);
        set_num(t, j, 7, a->tonnes > 0 ? a->tonne_km / a->tonnes : f->km);
        set_num(t, j, 8, a->trips);
        set_num(t, j, 9, a->co2e_t);
        if (fl && fl->epsg) {
            set_num(t, j, 10, fl->lon);
            set_num(t, j, 11, fl->lat);
        }
        if (tl && tl->epsg) {
            set_num(t, j, 12, tl->lon);
            set_num(t, j, 13, tl->lat);
        }
        set_ref(t, j, 14, route_keys[k]);
    }
done:
    free(keys);
    free(agg);
}

/* The Sankey graph: nodes in a fixed order, links summed from the flows
 * (docs/REPORT.md says what each group means). */
static int sk_node(struct report *r, struct sankey *g, enum sk_node_kind k,
                   int material)
{
    int i;

    for (i = 0; i < g->n_nodes; i++)
        if (g->nodes[i].kind == k &&
            (k != SK_MATERIAL || g->nodes[i].material == material))
            return i;
    (void)r;
    i = g->n_nodes++;
    g->nodes[i].kind = k;
    g->nodes[i].material = k == SK_MATERIAL ? material : -1;
    return i;
}

static void sk_add(struct report *r, struct sankey *g, enum sk_node_kind a,
                   int ma, enum sk_node_kind b, int mb, double t)
{
    int from, to, i;

    if (t <= 0)
        return;
    from = sk_node(r, g, a, ma);
    to = sk_node(r, g, b, mb);
    for (i = 0; i < g->n_links; i++)
        if (g->links[i].from == from && g->links[i].to == to) {
            g->links[i].tonnes += t;
            return;
        }
    g->links[g->n_links].from = from;
    g->links[g->n_links].to = to;
    g->links[g->n_links].tonnes = t;
    g->n_links++;
}

static double sk_supply_of(const struct mf_plan *plan, int m)
{
    double t = 0;
    size_t i;

    for (i = 0; i < plan->n_flows; i++)
        if (plan->flows[i].from_kind == MF_END_SUPPLY &&
            plan->flows[i].material == m)
            t += plan->flows[i].tonnes;
    return t;
}

struct mat_order {
    int m;
    double t;
};

static int mat_order_cmp(const void *pa, const void *pb)
{
    const struct mat_order *a = pa, *b = pb;

    if (a->t != b->t)
        return a->t < b->t ? 1 : -1;
    return (a->m > b->m) - (a->m < b->m);
}

static void build_sankey(struct report *r)
{
    const struct mf_plan *plan = r->in->plan;
    struct sankey *g = &r->sankey;
    int nm = mf_catalog_n_materials(r->cat), i, k, n_mat = 0;
    struct mat_order *mo;
    struct rtable *t;
    size_t f;
    /* Links between groups, summed over the materials that flow. */
    static const struct {
        enum mf_end_kind from, to;
        enum sk_node_kind a, b;
    } hops[] = {
        {MF_END_SUPPLY, MF_END_DEMAND, SK_DIRECT, SK_NEED},
        {MF_END_STORAGE, MF_END_DEMAND, SK_STORAGE, SK_NEED},
        {MF_END_STORAGE, MF_END_PROCESSING, SK_STORAGE, SK_PROCESSING},
        {MF_END_STORAGE, MF_END_RECEIVING, SK_STORAGE, SK_RECEIVING},
        {MF_END_PROCESSING, MF_END_DEMAND, SK_PROCESSING, SK_NEED},
        {MF_END_PROCESSING, MF_END_STORAGE, SK_PROCESSING, SK_STORAGE},
        {MF_END_QUARRY, MF_END_DEMAND, SK_QUARRY, SK_NEED},
    };

    if (!plan)
        return;
    /* At most every material, the quarry and six groups as nodes, and one
     * link per material and first hop plus the hops above. */
    g->nodes = zalloc(r, (size_t)(nm + 8) * sizeof *g->nodes);
    g->links = zalloc(r, (size_t)(nm * 5 + 16) * sizeof *g->links);
    mo = zalloc(r, (size_t)(nm + 1) * sizeof *mo);
    if (!g->nodes || !g->links || !mo)
        return;
    /* Materials first, largest surplus on top. */
    for (i = 0; i < nm; i++) {
        double s = sk_supply_of(plan, i);
        if (s > 0) {
            mo[n_mat].m = i;
            mo[n_mat].t = s;
            n_mat++;
        }
    }
    qsort(mo, (size_t)n_mat, sizeof *mo, mat_order_cmp);
    for (i = 0; i < n_mat; i++)
        sk_node(r, g, SK_MATERIAL, mo[i].m);
    for (i = 0; i < n_mat; i++) {
        int m = mo[i].m;
        double to[MF_END_UNMET + 1] = {0};
        for (f = 0; f < plan->n_flows; f++) {
            const struct mf_flow *x = &plan->flows[f];
            if (x->from_kind == MF_END_SUPPLY && x->material == m &&
                x->to_kind <= MF_END_UNMET)
                to[x->to_kind] += x->tonnes;
        }
        sk_add(r, g, SK_MATERIAL, m, SK_DIRECT, -1, to[MF_END_DEMAND]);
        sk_add(r, g, SK_MATERIAL, m, SK_STORAGE, -1, to[MF_END_STORAGE]);
        sk_add(r, g, SK_MATERIAL, m, SK_PROCESSING, -1, to[MF_END_PROCESSING]);
        sk_add(r, g, SK_MATERIAL, m, SK_RECEIVING, -1, to[MF_END_RECEIVING]);
        sk_add(r, g, SK_MATERIAL, m, SK_UNPLACED, -1, to[MF_END_UNPLACED]);
    }
    for (k = 0; k < (int)(sizeof hops / sizeof hops[0]); k++) {
        double s = 0;
        for (f = 0; f < plan->n_flows; f++)
            if (plan->flows[f].from_kind == hops[k].from &&
                plan->flows[f].to_kind == hops[k].to)
                s += plan->flows[f].tonnes;
        sk_add(r, g, hops[k].a, -1, hops[k].b, -1, s);
    }
    /* Labels, values and layers: materials and quarries on the left, the
     * routes in the middle (processing after storage when storage feeds
     * it), where the masses end on the right. */
    {
        int proc_after = 0, last;
        for (k = 0; k < g->n_links; k++)
            if (g->nodes[g->links[k].from].kind == SK_STORAGE &&
                g->nodes[g->links[k].to].kind == SK_PROCESSING)
                proc_after = 1;
        last = proc_after ? 3 : 2;
        g->n_layers = last + 1;
        for (i = 0; i < g->n_nodes; i++) {
            struct sk_node *x = &g->nodes[i];
            switch (x->kind) {
            case SK_MATERIAL:
                x->label = material_label(r, x->material);
                x->layer = 0;
                break;
            case SK_QUARRY:
                x->label = tr(r, S_R_QUARRY);
                x->layer = 0;
                break;
            case SK_DIRECT:
                x->label = tr(r, S_R_DIRECT);
                x->layer = 1;
                break;
            case SK_STORAGE:
                x->label = tr(r, S_R_STORAGE);
                x->layer = 1;
                break;
            case SK_PROCESSING:
                x->label = tr(r, S_R_PROCESSING);
                x->layer = proc_after ? 2 : 1;
                break;
            case SK_NEED:
                x->label = tr(r, S_R_NEED);
                x->layer = last;
                break;
            case SK_RECEIVING:
                x->label = tr(r, S_R_RECEIVING);
                x->layer = last;
                break;
            case SK_UNPLACED:
                x->label = tr(r, S_R_UNPLACED);
                x->layer = last;
                break;
            }
        }
        for (k = 0; k < g->n_links; k++) {
            g->nodes[g->links[k].from].out += g->links[k].tonnes;
            g->nodes[g->links[k].to].in += g->links[k].tonnes;
        }
    }
    t = table_new(r, "sankey", tr(r, S_SANKEY), tr(r, S_CAP_SANKEY), 3,
                  g->n_links);
    if (!t)
        return;
    col(t, 0, "from", tr(r, S_C_FROM), CF_TEXT, 0, 0);
    col(t, 1, "to", tr(r, S_C_TO), CF_TEXT, 0, 0);
    col(t, 2, "tonnes", tr(r, S_C_TONNES), CF_NUM, 0, 0);
    for (k = 0; k < g->n_links; k++) {
        int j = row(t);
        set_ref(t, j, 0, g->nodes[g->links[k].from].label);
        set_ref(t, j, 1, g->nodes[g->links[k].to].label);
        set_num(t, j, 2, g->links[k].tonnes);
    }
}

struct peak {
    int slot;
    double peak;
};

static int peak_cmp(const void *pa, const void *pb)
{
    const struct peak *a = pa, *b = pb;

    if (a->peak != b->peak)
        return a->peak < b->peak ? 1 : -1;
    return (a->slot > b->slot) - (a->slot < b->slot);
}

static void build_storage(struct report *r)
{
    const struct mf_plan *plan = r->in->plan;
    int np, ns, i, p, first = -1, last = -1, shown, others, nc;
    struct peak *pk;
    struct rtable *t;

    if (!plan || plan->n_storage == 0)
        return;
    np = plan->periods.n;
    ns = plan->n_storage;
    pk = zalloc(r, (size_t)ns * sizeof *pk);
    if (!pk)
        return;
    for (i = 0; i < ns; i++) {
        pk[i].slot = i;
        for (p = 0; p < np; p++) {
            double v = plan->storage[(size_t)i * (size_t)np + (size_t)p];
            if (v > pk[i].peak)
                pk[i].peak = v;
            if (v > 0.5) {
                if (first < 0 || p < first)
                    first = p;
                if (p > last)
                    last = p;
            }
        }
    }
    qsort(pk, (size_t)ns, sizeof *pk, peak_cmp);
    /* Sites that never hold anything are left out. */
    shown = 0;
    for (i = 0; i < ns && pk[i].peak > 0.5; i++)
        shown++;
    others = shown > MAX_STORAGE_SERIES;
    if (others)
        shown = MAX_STORAGE_SERIES - 1;
    if (first < 0)
        return;
    /* One period of empty storage on either side shows it fill and
     * empty. */
    if (first > 0)
        first--;
    if (last < np - 1)
        last++;
    nc = 1 + shown + (others ? 1 : 0);
    t = table_new(r, "storage", tr(r, S_SH_STORAGE), tr(r, S_CAP_STORAGE), nc,
                  last - first + 1);
    if (!t)
        return;
    /* A long horizon prints at most about two dozen rows (the files keep
     * all): months at quarter, half-year or year ends. */
    {
        static const int steps[] = {1, 2, 3, 6, 12, 24, 48};
        int n = last - first + 1, k = 0, y, m, d;
        while (k < 6 && (n + steps[k] - 1) / steps[k] > 24)
            k++;
        t->print_step = steps[k];
        t->print_phase = 1;
        if (plan->periods.kind == MF_PERIOD_MONTH) {
            /* Row i ends month m + i, shown when that is a multiple of
             * the step. */
            mf_date_ymd(plan->periods.start[first], &y, &m, &d);
            t->print_phase = m;
        }
    }
    col(t, 0, "period", tr(r, S_C_PERIOD), CF_TEXT, 0, 0);
    for (i = 0; i < shown; i++) {
        const struct mf_site *s = mf_registry_site_at(
            r->in->reg, (size_t)plan->storage_site[pk[i].slot]);
        col(t, 1 + i, s->id, s->name ? s->name : s->id, CF_NUM, 0, 0);
    }
    if (others)
        col(t, nc - 1, "others", r->en ? "Others" : "Andre", CF_NUM, 0, 0);
    for (p = first; p <= last; p++) {
        char buf[32];
        int j = row(t);
        double rest = 0;
        set_text(r, t, j, 0,
                 mf_period_label(&plan->periods, p, buf, sizeof buf));
        for (i = 0; i < ns; i++) {
            double v =
                plan->storage[(size_t)pk[i].slot * (size_t)np + (size_t)p];
            if (i < shown)
                set_num(t, j, 1 + i, v);
            else
                rest += v;
        }
        if (others)
            set_num(t, j, nc - 1, rest);
    }
}

static void build_unplaced(struct report *r)
{
    const struct mf_plan *plan = r->in->plan;
    const struct mf_registry *reg = r->in->reg;
    size_t n_lots = mf_registry_count(reg, MF_ENT_LOT), f, l;
    double *left;
    int count = 0;
    struct rtable *t;

    if (!plan)
        return;
    left = zalloc(r, (n_lots + 1) * sizeof *left);
    if (!left)
        return;
    for (f = 0; f < plan->n_flows; f++) {
        const struct mf_flow *x = &plan->flows[f];
        if (x->to_kind == MF_END_UNPLACED && x->from_kind == MF_END_SUPPLY &&
            x->from >= 0 && (size_t)x->from < n_lots)
            left[x->from] += x->tonnes;
        else if (x->from_kind == MF_END_UNMET && x->to >= 0 &&
                 (size_t)x->to < n_lots)
            left[x->to] += x->tonnes;
    }
    for (l = 0; l < n_lots; l++)
        if (left[l] > 0)
            count++;
    if (count == 0)
        return;
    t = table_new(r, "unplaced", tr(r, S_SH_UNPLACED), tr(r, S_CAP_UNPLACED), 6,
                  count);
    if (!t)
        return;
    col(t, 0, "lot", tr(r, S_C_ID), CF_TEXT, 0, 0);
    col(t, 1, "project", tr(r, S_C_PROJECT), CF_TEXT, 0, 0);
    col(t, 2, "what", tr(r, S_C_WHAT), CF_TEXT, 0, 0);
    col(t, 3, "tonnes", tr(r, S_C_TONNES), CF_NUM, 0, 0);
    col(t, 4, "given", tr(r, S_C_GIVEN), CF_TEXT, 0, 0);
    col(t, 5, "reason", tr(r, S_C_REASON), CF_TEXT, 0, COL_WIDE);
    for (l = 0; l < n_lots; l++) {
        const struct mf_lot *x = mf_registry_lot_at(reg, l);
        char why[512];
        int i;
        if (left[l] <= 0)
            continue;
        i = row(t);
        set_ref(t, i, 0, x->id);
        set_ref(t, i, 1, project_name(r, x->project));
        set_ref(
            t, i, 2,
            tr(r, x->kind == MF_LOT_SUPPLY ? S_UNPLACED_WORD : S_UNMET_WORD));
        set_num(t, i, 3, left[l]);
        set_given(r, t, i, 4, x, left[l]);
        set_text(r, t, i, 5,
                 mf_plan_why_short(plan, reg, (int)l, r->en ? "en" : "nb", why,
                                   sizeof why));
    }
}

/* ------------------------------------------------------------------ */
/* The scope the report leads with                                      */
/* ------------------------------------------------------------------ */

#define SCOPE_ALLOWED 8  /* alternatives shown per lot: allowed */
#define SCOPE_EXCLUDED 5 /* ... and excluded */

static const char *how_label(const struct report *r, const char *how)
{
    static const char *const keys[] = {"reuse", "storage", "processing",
                                       "receiving", "quarry"};
    static const enum rstr names[] = {S_R_DIRECT, S_F_STORAGE, S_F_PROCESSING,
                                      S_F_RECEIVING, S_F_QUARRY};
    size_t k;

    for (k = 0; how && k < sizeof keys / sizeof keys[0]; k++)
        if (!strcmp(how, keys[k]))
            return tr(r, names[k]);
    return how ? how : "";
}

/* 1 when flow f touches a lot of the scope at its surplus end (side 0)
 * or its need end (side 1), with the lot in *lot. A flow between two
 * lots of the scope (a project's own reuse) counts on both sides. */
static int scope_flow_of(const struct mf_flow *f, size_t n_lots,
                         const unsigned char *in, int side, int *lot)
{
    if (side == 0 && f->from_kind == MF_END_SUPPLY && f->from >= 0 &&
        (size_t)f->from < n_lots && in[f->from]) {
        *lot = f->from;
        return f->to_kind != MF_END_UNPLACED;
    }
    if (side == 1 && f->to_kind == MF_END_DEMAND && f->to >= 0 &&
        (size_t)f->to < n_lots && in[f->to]) {
        *lot = f->to;
        return f->from_kind != MF_END_UNMET;
    }
    return 0;
}

static double flow_cost(const struct mf_flow *f)
{
    return f->cost_transport + f->cost_fee + f->cost_tax + f->cost_purchase +
           f->cost_handling + f->cost_processing;
}

static void build_scope_lots(struct report *r, const double *placed,
                             const double *cost, const double *left)
{
    const struct mf_report_scope *sc = r->in->scope;
    const struct mf_registry *reg = r->in->reg;
    size_t n = mf_registry_count(reg, MF_ENT_LOT), l;
    int count = 0;
    struct rtable *t;
    char a[16], b[16], why[512];

    for (l = 0; l < n; l++)
        count += sc->lot[l] != 0;
    t = table_new(r, "scope_lots", tr(r, S_SH_SCOPE_LOTS),
                  tr(r, S_CAP_SCOPE_LOTS), 10, count);
    if (!t)
        return;
    col(t, 0, "lot", tr(r, S_C_LOT), CF_TEXT, 0, 0);
    col(t, 1, "project", tr(r, S_C_PROJECT), CF_TEXT, 0, 0);
    col(t, 2, "kind", tr(r, S_C_KIND), CF_TEXT, 0, 0);
    col(t, 3, "material_or_use", tr(r, S_C_MATUSE), CF_TEXT, 0, 0);
    col(t, 4, "window", tr(r, S_C_WINDOW), CF_TEXT, 0, 0);
    col(t, 5, "tonnes", tr(r, S_C_TONNES), CF_NUM, 0, 0);
    col(t, 6, "planned_t", tr(r, S_C_PLACED_T), CF_NUM, 0, 0);
    col(t, 7, "short_t", tr(r, S_C_SHORT_T), CF_NUM, 0, 0);
    col(t, 8, "cost_nok", tr(r, S_C_COST_NOK), CF_NUM, 0, 0);
    col(t, 9, "reason", tr(r, S_C_REASON), CF_TEXT, 0, COL_WIDE);
    for (l = 0; l < n; l++) {
        const struct mf_lot *x = mf_registry_lot_at(reg, l);
        int i;
        if (!sc->lot[l])
            continue;
        i = row(t);
        set_ref(t, i, 0, x->id);
        set_ref(t, i, 1, project_name(r, x->project));
        set_ref(t, i, 2, tr(r, x->kind == MF_LOT_SUPPLY ? S_SUPPLY : S_DEMAND));
        set_ref(t, i, 3, lot_what(r, x));
        set_text(r, t, i, 4,
                 report_printf(r, "%s \xe2\x80\x93 %s",
                               fmt_date(x->from, a, sizeof a),
                               fmt_date(x->to, b, sizeof b)));
        set_num(t, i, 5, x->tonnes);
        set_num(t, i, 6, placed[l]);
        set_num(t, i, 7, left[l]);
        set_num(t, i, 8, cost[l]);
        if (r->lot_refused[l])
            set_ref(t, i, 9,
                    r->en ? r->lot_refused[l]->message_en
                          : r->lot_refused[l]->message_no);
        else if (left[l] > 0 && r->in->plan)
            set_text(r, t, i, 9,
                     mf_plan_why_short(r->in->plan, reg, (int)l,
                                       r->en ? "en" : "nb", why, sizeof why));
        else
            set_ref(t, i, 9, "");
    }
}

static void build_scope_flows(struct report *r)
{
    const struct mf_report_scope *sc = r->in->scope;
    const struct mf_plan *plan = r->in->plan;
    const struct mf_registry *reg = r->in->reg;
    size_t n_lots = mf_registry_count(reg, MF_ENT_LOT), f, k;
    struct rtable *t;
    int lot, count = 0, i, side;

    for (f = 0; plan && f < plan->n_flows; f++)
        for (side = 0; side < 2; side++)
            count +=
                scope_flow_of(&plan->flows[f], n_lots, sc->lot, side, &lot);
    t = table_new(r, "scope_flows", tr(r, S_SH_SCOPE_FLOWS),
                  tr(r, S_CAP_SCOPE_FLOWS), 9, count);
    if (!t)
        return;
    col(t, 0, "lot", tr(r, S_C_LOT), CF_TEXT, 0, 0);
    col(t, 1, "route", tr(r, S_C_ROUTE), CF_TEXT, 0, 0);
    col(t, 2, "place", tr(r, S_C_PLACE), CF_TEXT, 0, 0);
    col(t, 3, "place_id", "place_id", CF_TEXT, 0, COL_DATA);
    col(t, 4, "material", tr(r, S_C_MATERIAL), CF_TEXT, 0, 0);
    col(t, 5, "tonnes", tr(r, S_C_TONNES), CF_NUM, 0, 0);
    col(t, 6, "km", tr(r, S_C_KM), CF_NUM, 1, 0);
    col(t, 7, "cost_nok", tr(r, S_C_COST_NOK), CF_NUM, 0, 0);
    col(t, 8, "nok_t", tr(r, S_C_NOK_T), CF_NUM, 2, 0);
    /* Summed by lot and far end, in the order they first appear. */
    for (f = 0; plan && f < 2 * plan->n_flows; f++) {
        const struct mf_flow *x = &plan->flows[f / 2];
        const struct mf_location *loc;
        enum mf_end_kind fk;
        int far;
        const char *lot_id, *far_id;
        side = (int)(f % 2);
        if (!scope_flow_of(x, n_lots, sc->lot, side, &lot) || !(x->tonnes > 0))
            continue;
        fk = side == 0 ? x->to_kind : x->from_kind;
        far = side == 0 ? x->to : x->from;
        lot_id = mf_registry_lot_at(reg, (size_t)lot)->id;
        far_id = end_id(r, fk, far);
        for (i = 0; i < t->n_rows; i++)
            if (!strcmp(rt_cell(t, i, 0)->text, lot_id) &&
                !strcmp(rt_cell(t, i, 3)->text, far_id))
                break;
        if (i == t->n_rows) {
            i = row(t);
            set_ref(t, i, 0, lot_id);
            set_ref(t, i, 1, route_label(r, route_of(x)));
            set_ref(t, i, 2, end_name(r, fk, far, &loc));
            set_ref(t, i, 3, far_id);
            set_ref(t, i, 4, material_label(r, x->material));
            set_num(t, i, 5, 0);
            set_num(t, i, 6, x->km);
            set_num(t, i, 7, 0);
        }
        if (i < 0)
            continue;
        rt_cell(t, i, 5)->v += x->tonnes;
        rt_cell(t, i, 7)->v += flow_cost(x);
    }
    for (k = 0; k < (size_t)t->n_rows; k++)
        set_num(t, (int)k, 8,
                rt_cell(t, (int)k, 5)->v > 0
                    ? rt_cell(t, (int)k, 7)->v / rt_cell(t, (int)k, 5)->v
                    : NAN);
}

/* 1 when option k repeats option k - 1 (the same place, route and
 * material, as a plant with two inputs gives it). */
static int same_option(const struct mf_options *x, size_t k)
{
    const struct mf_option *a, *b;

    if (k == 0)
        return 0;
    a = &x->items[k - 1];
    b = &x->items[k];
    return a->allowed == b->allowed && a->material == b->material &&
           !strcmp(a->id, b->id) &&
           !strcmp(a->how ? a->how : "", b->how ? b->how : "");
}

static void build_scope_options(struct report *r)
{
    const struct mf_report_scope *sc = r->in->scope;
    struct rtable *t;
    int count = 0, o;
    size_t k;

    for (o = 0; o < sc->n_options; o++) {
        const struct mf_options *x = &sc->options[o];
        int na = 0, ne = 0;
        for (k = 0; k < x->n; k++) {
            if (same_option(x, k))
                continue;
            if (x->items[k].allowed)
                na += na < SCOPE_ALLOWED;
            else
                ne += ne < SCOPE_EXCLUDED;
        }
        count += na + ne;
    }
    if (count == 0)
        return;
    t = table_new(r, "scope_options", tr(r, S_SH_SCOPE_OPTIONS),
                  tr(r, S_CAP_SCOPE_OPTIONS), 10, count);
    if (!t)
        return;
    col(t, 0, "lot", tr(r, S_C_LOT), CF_TEXT, 0, 0);
    col(t, 1, "place", tr(r, S_C_PLACE), CF_TEXT, 0, 0);
    col(t, 2, "how", tr(r, S_C_ROUTE), CF_TEXT, 0, 0);
    col(t, 3, "material", tr(r, S_C_MATERIAL), CF_TEXT, 0, 0);
    col(t, 4, "km", tr(r, S_C_KM), CF_NUM, 1, 0);
    col(t, 5, "nok_t", tr(r, S_C_NOK_T), CF_NUM, 2, 0);
    col(t, 6, "room_t", tr(r, S_C_ROOM_T), CF_NUM, 0, 0);
    col(t, 7, "planned_t", tr(r, S_C_PLACED_T), CF_NUM, 0, 0);
    col(t, 8, "allowed", tr(r, S_C_ALLOWED), CF_TEXT, 0, 0);
    col(t, 9, "excluded_because", tr(r, S_C_EXCLUDED), CF_TEXT, 0, COL_WIDE);
    for (o = 0; o < sc->n_options; o++) {
        const struct mf_options *x = &sc->options[o];
        int na = 0, ne = 0;
        for (k = 0; k < x->n; k++) {
            const struct mf_option *y = &x->items[k];
            int i;
            if (same_option(x, k))
                continue;
            if (y->allowed ? na++ >= SCOPE_ALLOWED : ne++ >= SCOPE_EXCLUDED)
                continue;
            i = row(t);
            set_ref(t, i, 0, x->lot);
            set_ref(t, i, 1, y->id);
            set_ref(t, i, 2, how_label(r, y->how));
            set_ref(t, i, 3, material_label(r, y->material));
            set_num(t, i, 4, y->km);
            if (y->allowed && isfinite(y->nok_t))
                set_num(t, i, 5, y->nok_t);
            if (y->room_t >= 0)
                set_num(t, i, 6, y->room_t);
            set_num(t, i, 7, y->planned_t);
            set_ref(t, i, 8, tr(r, y->allowed ? S_YES : S_NO));
            set_text(r, t, i, 9, y->why);
        }
    }
}

static void build_scope(struct report *r)
{
    const struct mf_report_scope *sc = r->in->scope;
    const struct mf_plan *plan = r->in->plan;
    size_t n = mf_registry_count(r->in->reg, MF_ENT_LOT), f;
    double *placed, *cost, *left;
    int lot;

    if (!sc || !sc->lot)
        return;
    placed = zalloc(r, (n + 1) * sizeof *placed);
    cost = zalloc(r, (n + 1) * sizeof *cost);
    left = zalloc(r, (n + 1) * sizeof *left);
    if (!placed || !cost || !left)
        return;
    for (f = 0; plan && f < plan->n_flows; f++) {
        const struct mf_flow *x = &plan->flows[f];
        int hit = 0, side;
        for (side = 0; side < 2; side++)
            if (scope_flow_of(x, n, sc->lot, side, &lot)) {
                placed[lot] += x->tonnes;
                cost[lot] += flow_cost(x);
                hit = 1;
            }
        if (hit)
            continue;
        if (x->to_kind == MF_END_UNPLACED && x->from_kind == MF_END_SUPPLY &&
            x->from >= 0 && (size_t)x->from < n) {
            left[x->from] += x->tonnes;
        } else if (x->from_kind == MF_END_UNMET && x->to >= 0 &&
                   (size_t)x->to < n) {
            left[x->to] += x->tonnes;
        }
    }
    build_scope_lots(r, placed, cost, left);
    build_scope_flows(r);
    build_scope_options(r);
}

/* ------------------------------------------------------------------ */
/* Stage 3: scenarios and the tornado                                   */
/* ------------------------------------------------------------------ */

static void build_scenarios(struct report *r)
{
    const struct mf_report_input *in = r->in;
    struct rtable *t;
    int s, any_req = 0, nc;

    if (!in->scenarios || in->n_scenarios <= 0)
        return;
    for (s = 0; s < in->n_scenarios; s++)
        if (in->scenarios[s].requirement > 0)
            any_req = 1;
    nc = 14 + any_req;
    t = table_new(r, "scenarios", tr(r, S_SCENARIOS), tr(r, S_CAP_SCENARIOS),
                  nc, in->n_scenarios);
    if (!t)
        return;
    col(t, 0, "no", "#", CF_NUM, 0, 0);
    col(t, 1, "name", tr(r, S_C_ID), CF_TEXT, 0, COL_DATA);
    col(t, 2, "title", tr(r, S_C_SCENARIO), CF_TEXT, 0, 0);
    col(t, 3, "reuse_rate", tr(r, S_C_REUSE), CF_PCT, 1, 0);
    col(t, 4, "landfilled_kt", tr(r, S_C_LANDFILLED_KT), CF_NUM, 0, 0);
    col(t, 5, "virgin_kt", tr(r, S_C_VIRGIN_KT), CF_NUM, 0, 0);
    col(t, 6, "truck_km_k", tr(r, S_C_TRUCKKM_K), CF_NUM, 0, 0);
    col(t, 7, "co2e_kt", tr(r, S_C_CO2_KT), CF_NUM, 1, 0);
    /* The cost the charts and the ranking use is the cost to society,
     * with the priced shortfall: a measure that leaves masses behind is
     * not cheaper for it. */
    col(t, 8, "cost_mnok", tr(r, S_C_COST_SOC), CF_NUM, 0, 0);
    col(t, 9, "land_daa", tr(r, S_C_LAND_DAA), CF_NUM, 0, 0);
    col(t, 10, "unmet_kt", tr(r, S_C_UNMET_KT), CF_NUM, 0, 0);
    col(t, 11, "unplaced_kt", tr(r, S_C_UNPLACED_KT), CF_NUM, 0, 0);
    col(t, 12, "shortfall_mnok", tr(r, S_C_SHORTFALL), CF_NUM, 0, 0);
    col(t, 13, "cost_projects_mnok", tr(r, S_C_COST_PROJ), CF_NUM, 0, 0);
    if (any_req)
        col(t, 14, "public_reuse_rate", tr(r, S_C_PUBLIC), CF_PCT, 1, 0);
    for (s = 0; s < in->n_scenarios; s++) {
        const struct mf_scenario_result *x = &in->scenarios[s];
        const struct mf_indicators *ind = x->plan ? &x->plan->ind : NULL;
        int i = row(t);
        set_num(t, i, 0, s + 1);
        set_text(r, t, i, 1, x->name);
        set_text(r, t, i, 2, x->title[0] ? x->title : x->name);
        if (ind) {
            set_num(t, i, 3, ind->reuse_rate);
            set_num(t, i, 4, ind->landfilled_t / 1000);
            set_num(t, i, 5, ind->virgin_t / 1000);
            set_num(t, i, 6, ind->truck_km / 1000);
            set_num(t, i, 7, ind->co2e_total_kg / 1e6);
            set_num(t, i, 8, ind->cost_society / 1e6);
            set_num(t, i, 9, ind->land_m2 / 1000);
            set_num(t, i, 10, ind->unmet_t / 1000);
            set_num(t, i, 11, ind->unplaced_t / 1000);
            set_num(t, i, 12, ind->cost_shortfall / 1e6);
            set_num(t, i, 13, ind->cost_total / 1e6);
        }
        if (any_req && x->requirement > 0)
            set_num(t, i, 14, x->public_reuse_rate);
    }
}

/* The measures (scenarios 2..n) ranked against scenario 1 by cost to
 * society per tonne CO2e avoided and by tonnes reused. */
static void build_ranking(struct report *r)
{
    const struct mf_report_input *in = r->in;
    const struct mf_indicators *ind[32];
    const char *names[32];
    struct mf_measure m[32];
    struct rtable *t;
    int s, n = in->scenarios ? in->n_scenarios - 1 : 0, k;

    if (n < 1 || n > 32 || !in->scenarios[0].plan)
        return;
    for (s = 0; s < n; s++) {
        const struct mf_scenario_result *x = &in->scenarios[s + 1];
        if (!x->plan)
            return;
        ind[s] = &x->plan->ind;
        names[s] = x->title[0] ? x->title : x->name;
    }
    if (mf_measures_rank(&in->scenarios[0].plan->ind, ind, n, m))
        return;
    t = table_new(r, "ranking", tr(r, S_RANKING), tr(r, S_CAP_RANKING), 7, n);
    if (!t)
        return;
    col(t, 0, "rank", tr(r, S_C_RANK), CF_NUM, 0, 0);
    col(t, 1, "title", tr(r, S_C_SCENARIO), CF_TEXT, 0, 0);
    col(t, 2, "d_cost_society_mnok", tr(r, S_C_D_COST_SOC), CF_NUM, 1, 0);
    col(t, 3, "co2e_avoided_t", tr(r, S_C_CO2_AVOIDED), CF_NUM, 0, 0);
    col(t, 4, "nok_per_t_co2e", tr(r, S_C_NOK_T_CO2), CF_NUM, 0, 0);
    col(t, 5, "rank_reuse", tr(r, S_C_RANK_REUSE), CF_NUM, 0, 0);
    col(t, 6, "reused_t", tr(r, S_C_REUSED_T), CF_NUM, 0, 0);
    for (k = 1; k <= n; k++)
        for (s = 0; s < n; s++) {
            int i;
            if (m[s].rank_abatement != k)
                continue;
            i = row(t);
            set_num(t, i, 0, k);
            set_text(r, t, i, 1, names[s]);
            set_num(t, i, 2, m[s].d_cost_society / 1e6);
            set_num(t, i, 3, m[s].co2e_avoided_kg / 1000);
            /* No fall in CO2e: no cost per tonne avoided (left empty). */
            if (m[s].abates)
                set_num(t, i, 4, m[s].nok_per_t_co2e);
            set_num(t, i, 5, m[s].rank_reuse);
            set_num(t, i, 6, m[s].reused_t);
        }
    {
        char text[2048];
        const struct mf_scenario_result *ref = &in->scenarios[0];
        if (mf_measures_conclusion(m, n, names,
                                   ref->title[0] ? ref->title : ref->name,
                                   r->en ? "en" : "nb", text, sizeof text))
            r->conclusion = report_strdup(r, text);
    }
}

static void build_tornado(struct report *r)
{
    const struct mf_tornado *tn = r->in->tornado;
    struct rtable *t;
    int b;

    if (!tn || tn->n_bars <= 0)
        return;
    t = table_new(r, "tornado", tr(r, S_TORNADO), tr(r, S_TORNADO), 14,
                  tn->n_bars);
    if (!t)
        return;
    /* The caption names the base values (the centre of the chart). */
    {
        char c[64], e[64];
        t->caption = report_printf(
            r, "%s. %s: %s MNOK, %s t CO2e.", tr(r, S_TORNADO),
            tr(r, S_C_BASEV),
            fmt_num(r, tn->base[MF_HL_COST] / 1e6, 0, c, sizeof c),
            fmt_num(r, tn->base[MF_HL_CO2E] / 1e3, 0, e, sizeof e));
    }
    col(t, 0, "param", tr(r, S_C_KEY), CF_TEXT, 0, COL_DATA);
    col(t, 1, "label", tr(r, S_C_PARAM), CF_TEXT, 0, 0);
    col(t, 2, "low_value", tr(r, S_C_LOW), CF_NUM, 2, 0);
    col(t, 3, "base_value", tr(r, S_C_BASEV), CF_NUM, 2, 0);
    col(t, 4, "high_value", tr(r, S_C_HIGH), CF_NUM, 2, 0);
    col(t, 5, "cost_low_mnok", tr(r, S_C_COST_LOW), CF_NUM, 0, 0);
    col(t, 6, "cost_high_mnok", tr(r, S_C_COST_HIGH), CF_NUM, 0, 0);
    col(t, 7, "co2e_low_kt", tr(r, S_C_CO2_LOW), CF_NUM, 1, 0);
    col(t, 8, "co2e_high_kt", tr(r, S_C_CO2_HIGH), CF_NUM, 1, 0);
    col(t, 9, "reuse_low", tr(r, S_C_REUSE_LOW), CF_PCT, 1, 0);
    col(t, 10, "reuse_high", tr(r, S_C_REUSE_HIGH), CF_PCT, 1, 0);
    col(t, 11, "source", tr(r, S_C_SOURCE), CF_TEXT, 0, COL_DATA);
    /* Against the base, for the XLSX tornado chart. */
    col(t, 12, "cost_low_diff_mnok", "cost_low_diff_mnok", CF_NUM, 1, COL_DATA);
    col(t, 13, "cost_high_diff_mnok", "cost_high_diff_mnok", CF_NUM, 1,
        COL_DATA);
    for (b = 0; b < tn->n_bars; b++) {
        const struct mf_tornado_bar *x = &tn->bars[b];
        int i = row(t), d = decimals_of(x->base_value);
        if (decimals_of(x->low_value) > d)
            d = decimals_of(x->low_value);
        if (decimals_of(x->high_value) > d)
            d = decimals_of(x->high_value);
        set_text(r, t, i, 0, x->param);
        set_text(r, t, i, 1,
                 r->en ? (x->label_en[0] ? x->label_en : x->param)
                       : (x->label_no[0] ? x->label_no : x->param));
        set_numf(t, i, 2, x->low_value, CF_NUM, d);
        set_numf(t, i, 3, x->base_value, CF_NUM, d);
        set_numf(t, i, 4, x->high_value, CF_NUM, d);
        set_num(t, i, 5, x->low[MF_HL_COST] / 1e6);
        set_num(t, i, 6, x->high[MF_HL_COST] / 1e6);
        set_num(t, i, 7, x->low[MF_HL_CO2E] / 1e6);
        set_num(t, i, 8, x->high[MF_HL_CO2E] / 1e6);
        set_num(t, i, 9, x->low[MF_HL_REUSE_RATE]);
        set_num(t, i, 10, x->high[MF_HL_REUSE_RATE]);
        set_text(r, t, i, 11, x->source);
        set_num(t, i, 12, (x->low[MF_HL_COST] - tn->base[MF_HL_COST]) / 1e6);
        set_num(t, i, 13, (x->high[MF_HL_COST] - tn->base[MF_HL_COST]) / 1e6);
    }
}

/* ------------------------------------------------------------------ */
/* Appendix                                                             */
/* ------------------------------------------------------------------ */

static void mark_estimate(struct report *r, struct rtable *t, int i, int j,
                          int estimate)
{
    if (estimate) {
        t->flags[i] |= ROW_ESTIMATE;
        set_ref(t, i, j, tr(r, S_ESTIMATE_BADGE));
    }
}

static void build_appendix(struct report *r)
{
    const struct mf_factors *fx = r->in->factors;
    struct rtable *t;
    int i, n;

    if (fx) {
        n = mf_factors_n(fx);
        t = table_new(r, "factors", tr(r, S_FACTORS), tr(r, S_CAP_FACTORS), 5,
                      n);
        if (t) {
            col(t, 0, "key", tr(r, S_C_KEY), CF_TEXT, 0, 0);
            col(t, 1, "value", tr(r, S_C_VALUE), CF_TEXT, 0, 0);
            col(t, 2, "unit", tr(r, S_C_UNIT), CF_TEXT, 0, 0);
            col(t, 3, "estimate", tr(r, S_C_ESTIMATE), CF_TEXT, 0, 0);
            col(t, 4, "source", tr(r, S_C_SOURCE), CF_TEXT, 0, COL_WIDE);
            for (i = 0; i < n; i++) {
                const struct mf_factor *f = mf_factor_at(fx, i);
                int j = row(t);
                char v[64];
                set_ref(t, j, 0, f->key);
                if (!isnan(f->value))
                    set_text(r, t, j, 1,
                             fmt_num(r, f->value, decimals_of(f->value), v,
                                     sizeof v));
                else
                    set_ref(t, j, 1, f->text);
                set_ref(t, j, 2, f->unit);
                mark_estimate(r, t, j, 3, f->estimate);
                set_ref(t, j, 4, f->source);
            }
        }
        n = mf_factors_n_trucks(fx);
        t = table_new(r, "trucks", tr(r, S_TRUCKS), tr(r, S_CAP_TRUCKS), 11, n);
        if (t) {
            col(t, 0, "code", tr(r, S_C_CODE), CF_TEXT, 0, COL_DATA);
            col(t, 1, "name", tr(r, S_C_NAME), CF_TEXT, 0, 0);
            col(t, 2, "payload_t", tr(r, S_C_PAYLOAD), CF_NUM, 1, 0);
            col(t, 3, "body_m3", tr(r, S_C_BODY_M3), CF_NUM, 0, 0);
            col(t, 4, "energy", tr(r, S_C_ENERGY), CF_TEXT, 0, 0);
            col(t, 5, "use_loaded_per_km", tr(r, S_C_USE_LOADED), CF_NUM, 2, 0);
            col(t, 6, "use_empty_per_km", tr(r, S_C_USE_EMPTY), CF_NUM, 2, 0);
            col(t, 7, "cost_nok_per_hour", tr(r, S_C_NOK_H), CF_NUM, 0, 0);
            col(t, 8, "speed_kmh", tr(r, S_C_SPEED), CF_NUM, 0, 0);
            col(t, 9, "estimate", tr(r, S_C_ESTIMATE), CF_TEXT, 0, 0);
            col(t, 10, "source", tr(r, S_C_SOURCE), CF_TEXT, 0, COL_WIDE);
            for (i = 0; i < n; i++) {
                const struct mf_truck *x = mf_truck_at(fx, i);
                const struct mf_fuel *e =
                    x->energy >= 0 && x->energy < mf_factors_n_fuels(fx)
                        ? mf_fuel_at(fx, x->energy)
                        : NULL;
                int j = row(t);
                set_ref(t, j, 0, x->code);
                set_ref(t, j, 1, r->en ? x->name_en : x->name_no);
                set_num(t, j, 2, x->payload_t);
                set_num(t, j, 3, x->body_m3);
                set_text(r, t, j, 4,
                         e ? report_printf(r, "%s (%s)",
                                           r->en ? e->name_en : e->name_no,
                                           e->unit)
                           : "");
                set_num(t, j, 5, x->use_loaded_per_km);
                set_num(t, j, 6, x->use_empty_per_km);
                set_num(t, j, 7, x->cost_nok_per_hour);
                set_num(t, j, 8, x->speed_kmh);
                mark_estimate(r, t, j, 9, x->estimate);
                set_ref(t, j, 10, x->source);
            }
        }
        n = mf_factors_n_fee_classes(fx);
        t = table_new(r, "gate_fees", tr(r, S_GATE_FEES),
                      tr(r, S_CAP_GATE_FEES), 4, n);
        if (t) {
            col(t, 0, "class", tr(r, S_C_CLASS), CF_TEXT, 0, 0);
            col(t, 1, "fee_factor", tr(r, S_C_FEE_FACTOR), CF_NUM, 2, 0);
            col(t, 2, "estimate", tr(r, S_C_ESTIMATE), CF_TEXT, 0, 0);
            col(t, 3, "source", tr(r, S_C_SOURCE), CF_TEXT, 0, COL_WIDE);
            for (i = 0; i < n; i++) {
                const struct mf_fee_class *x = mf_fee_class_at(fx, i);
                int j = row(t);
                set_ref(t, j, 0, x->cls);
                set_num(t, j, 1, x->factor);
                mark_estimate(r, t, j, 2, x->estimate);
                set_ref(t, j, 3, x->source);
            }
        }
        n = mf_factors_n_detours(fx);
        t = table_new(r, "detours", tr(r, S_DETOURS), tr(r, S_CAP_DETOURS), 4,
                      n);
        if (t) {
            col(t, 0, "municipalities", tr(r, S_C_MUNI_PAIR), CF_TEXT, 0, 0);
            col(t, 1, "factor", tr(r, S_C_DETOUR), CF_NUM, 2, 0);
            col(t, 2, "estimate", tr(r, S_C_ESTIMATE), CF_TEXT, 0, 0);
            col(t, 3, "source", tr(r, S_C_SOURCE), CF_TEXT, 0, COL_WIDE);
            for (i = 0; i < n; i++) {
                const struct mf_detour *x = mf_detour_at(fx, i);
                int j = row(t);
                set_text(
                    r, t, j, 0,
                    report_printf(r, "%s \xe2\x80\x93 %s", x->from, x->to));
                set_num(t, j, 1, x->factor);
                mark_estimate(r, t, j, 2, x->estimate);
                set_ref(t, j, 3, x->source);
            }
        }
        n = mf_factors_n_links(fx);
        t = table_new(r, "modes", tr(r, S_MODES), tr(r, S_CAP_MODES), 8, n);
        if (t) {
            col(t, 0, "sites", tr(r, S_C_SITE_PAIR), CF_TEXT, 0, 0);
            col(t, 1, "mode", tr(r, S_C_MODE), CF_TEXT, 0, 0);
            col(t, 2, "km", tr(r, S_C_KM_MODE), CF_NUM, 1, 0);
            col(t, 3, "nok_t", tr(r, S_C_NOK_T), CF_NUM, 2, 0);
            col(t, 4, "nok_tkm", tr(r, S_C_NOK_TKM), CF_NUM, 2, 0);
            col(t, 5, "co2e_kg_tkm", tr(r, S_C_CO2_KG_TKM), CF_NUM, 3, 0);
            col(t, 6, "estimate", tr(r, S_C_ESTIMATE), CF_TEXT, 0, 0);
            col(t, 7, "source", tr(r, S_C_SOURCE), CF_TEXT, 0, COL_WIDE);
            for (i = 0; i < n; i++) {
                const struct mf_link *x = mf_link_at(fx, i);
                int j = row(t);
                set_text(
                    r, t, j, 0,
                    report_printf(r, "%s \xe2\x80\x93 %s", x->from, x->to));
                set_ref(t, j, 1, mode_label(r, x->mode));
                set_num(t, j, 2, x->km);
                set_num(t, j, 3, x->nok_t);
                set_num(t, j, 4, x->nok_tkm);
                set_num(t, j, 5, x->co2e_kg_tkm);
                mark_estimate(r, t, j, 6, x->estimate);
                set_ref(t, j, 7, x->source);
            }
        }
        n = mf_factors_n_fuels(fx);
        t = table_new(r, "fuels", tr(r, S_FUELS), tr(r, S_CAP_FUELS), 8, n);
        if (t) {
            col(t, 0, "code", tr(r, S_C_CODE), CF_TEXT, 0, COL_DATA);
            col(t, 1, "name", tr(r, S_C_NAME), CF_TEXT, 0, 0);
            col(t, 2, "unit", tr(r, S_C_UNIT), CF_TEXT, 0, 0);
            col(t, 3, "co2e_ttw_kg", tr(r, S_C_CO2_TTW), CF_NUM, 2, 0);
            col(t, 4, "co2e_wtw_kg", tr(r, S_C_CO2_WTW), CF_NUM, 2, 0);
            col(t, 5, "price_nok", tr(r, S_C_PRICE), CF_NUM, 2, 0);
            col(t, 6, "estimate", tr(r, S_C_ESTIMATE), CF_TEXT, 0, 0);
            col(t, 7, "source", tr(r, S_C_SOURCE), CF_TEXT, 0, COL_WIDE);
            for (i = 0; i < n; i++) {
                const struct mf_fuel *x = mf_fuel_at(fx, i);
                int j = row(t);
                set_ref(t, j, 0, x->code);
                set_ref(t, j, 1, r->en ? x->name_en : x->name_no);
                set_ref(t, j, 2, x->unit);
                set_num(t, j, 3, x->co2e_ttw_kg);
                set_num(t, j, 4, x->co2e_wtw_kg);
                set_num(t, j, 5, x->price_nok);
                mark_estimate(r, t, j, 6, x->estimate);
                set_ref(t, j, 7, x->source);
            }
        }
    }
    n = mf_catalog_n_materials(r->cat);
    t = table_new(r, "materials", tr(r, S_MATERIALS), tr(r, S_CAP_MATERIALS), 8,
                  n);
    if (t) {
        col(t, 0, "code", tr(r, S_C_CODE), CF_TEXT, 0, 0);
        col(t, 1, "name", tr(r, S_C_NAME), CF_TEXT, 0, 0);
        col(t, 2, "category", tr(r, S_C_CATEGORY), CF_TEXT, 0, COL_DATA);
        col(t, 3, "t_per_pfm3", tr(r, S_C_D_PFM3), CF_NUM, 2, 0);
        col(t, 4, "t_per_ulm3", tr(r, S_C_D_ULM3), CF_NUM, 2, 0);
        col(t, 5, "t_per_pam3", tr(r, S_C_D_PAM3), CF_NUM, 2, 0);
        col(t, 6, "estimate", tr(r, S_C_ESTIMATE), CF_TEXT, 0, 0);
        col(t, 7, "source", tr(r, S_C_SOURCE), CF_TEXT, 0, COL_WIDE);
        for (i = 0; i < n; i++) {
            const struct mf_material *x = mf_catalog_material(r->cat, i);
            int j = row(t);
            set_ref(t, j, 0, x->code);
            set_ref(t, j, 1, material_label(r, i));
            set_ref(t, j, 2, x->category);
            if (x->density[MF_STATE_PFM3] > 0)
                set_num(t, j, 3, x->density[MF_STATE_PFM3]);
            if (x->density[MF_STATE_ULM3] > 0)
                set_num(t, j, 4, x->density[MF_STATE_ULM3]);
            if (x->density[MF_STATE_PAM3] > 0)
                set_num(t, j, 5, x->density[MF_STATE_PAM3]);
            mark_estimate(r, t, j, 6, x->estimate);
            set_ref(t, j, 7, x->source);
        }
    }
    n = mf_catalog_n_rules(r->cat);
    t = table_new(r, "rules", tr(r, S_RULES), tr(r, S_CAP_RULES), 7, n);
    if (t) {
        col(t, 0, "id", tr(r, S_C_ID), CF_TEXT, 0, 0);
        col(t, 1, "check", tr(r, S_C_CHECK), CF_TEXT, 0, 0);
        col(t, 2, "severity", tr(r, S_C_SEVERITY), CF_TEXT, 0, 0);
        col(t, 3, "param", tr(r, S_C_PARAMV), CF_TEXT, 0, 0);
        col(t, 4, "in_force", tr(r, S_C_VALID), CF_TEXT, 0, 0);
        col(t, 5, "message", tr(r, S_C_MESSAGE), CF_TEXT, 0, COL_WIDE);
        col(t, 6, "source", tr(r, S_C_SOURCE), CF_TEXT, 0, COL_WIDE);
        for (i = 0; i < n; i++) {
            const struct mf_rule *x = mf_catalog_rule(r->cat, i);
            char a[16], b[16];
            int j = row(t);
            set_ref(t, j, 0, x->id);
            set_ref(t, j, 1, x->check);
            set_ref(t, j, 2, mf_severity_name(x->severity));
            set_ref(t, j, 3, x->param);
            if (x->valid_from != MF_DATE_NONE || x->valid_to != MF_DATE_NONE)
                set_text(r, t, j, 4,
                         report_printf(r, "%s \xe2\x80\x93 %s",
                                       fmt_date(x->valid_from, a, sizeof a),
                                       fmt_date(x->valid_to, b, sizeof b)));
            set_ref(t, j, 5, r->en ? x->message_en : x->message_no);
            set_ref(t, j, 6, x->source);
        }
    }
}

/* ------------------------------------------------------------------ */
/* The document                                                         */
/* ------------------------------------------------------------------ */

static int count_lots(const struct report *r, enum mf_lot_kind k, int refused)
{
    size_t n = mf_registry_count(r->in->reg, MF_ENT_LOT), l;
    int c = 0;

    for (l = 0; l < n; l++) {
        const struct mf_lot *x = mf_registry_lot_at(r->in->reg, l);
        if (refused ? r->lot_refused[l] != NULL
                    : (r->lot_refused[l] == NULL && x->kind == k))
            c++;
    }
    return c;
}

static void doc_stage1(struct report *r)
{
    const struct mf_registry *reg = r->in->reg;
    struct block *b;
    struct rtable *t;

    b = blk(r, B_SECTION, tr(r, S_STAGE1));
    if (b)
        b->id = "stage-1";
    {
        int refused = count_lots(r, MF_LOT_SUPPLY, 1);
        const char *first = report_printf(
            r, tr(r, S_TXT_STAGE1), (int)mf_registry_count(reg, MF_ENT_PROJECT),
            (int)mf_registry_count(reg, MF_ENT_SITE),
            (int)mf_registry_count(reg, MF_ENT_LOT),
            count_lots(r, MF_LOT_SUPPLY, 0), count_lots(r, MF_LOT_DEMAND, 0));
        const char *second =
            refused == 0   ? tr(r, S_TXT_NONE_REFUSED)
            : refused == 1 ? tr(r, S_TXT_REFUSED_ONE)
                           : report_printf(r, tr(r, S_TXT_REFUSED_N), refused);
        blk(r, B_P, report_printf(r, "%s %s", first, second));
    }
    blk(r, B_H2, tr(r, S_MAP));
    blk_chart(r, CH_MAP_STATUS, S_CH_MAP_STATUS);
    blk_table(r, report_table(r, "sites"));
    blk_table(r, report_table(r, "lots"));
    blk(r, B_H2, tr(r, S_BALANCE));
    t = report_table(r, "balance_periods");
    if (r->in->balance && t && t->n_rows > 1) {
        const struct mf_balance *bal = r->in->balance;
        char s[64], d[64];
        double st = 0, dt = 0;
        int k;
        for (k = 0; k < bal->n_rows; k++) {
            st += bal->rows[k].supply_total;
            dt += bal->rows[k].demand_total;
        }
        blk(r, B_P,
            report_printf(r, tr(r, S_TXT_BALANCE), fmt_num(r, st, 0, s, 64),
                          fmt_num(r, dt, 0, d, 64), rt_cell(t, 0, 0)->text,
                          rt_cell(t, t->n_rows - 2, 0)->text));
        blk(r, B_NOTE, tr(r, S_TXT_BALANCE_USE));
        blk_chart(r, CH_BALANCE, S_CH_BALANCE);
        blk_table(r, report_table(r, "balance"));
        blk_chart(r, CH_BALANCE_PERIODS, S_CH_BALANCE_P);
        blk_table(r, t);
    }
    blk(r, B_H2, tr(r, S_REFUSED));
    t = report_table(r, "refused");
    if (t && t->n_rows > 0)
        blk_table(r, t);
    else
        blk(r, B_P, tr(r, S_TXT_NONE_REFUSED));
    blk(r, B_SECTION_END, NULL);
}

/* The potential (today's practice less the plan) of headline h: at the
 * base values, and its least and greatest over the sensitivity runs. 0
 * without a tornado. */
static int potential_range(const struct report *r, enum mf_headline h,
                           double *lo, double *hi)
{
    const struct mf_tornado *tn = r->in->tornado;
    int b;

    if (!tn || !r->in->practice)
        return 0;
    *lo = *hi = tn->base_practice[h] - tn->base[h];
    for (b = 0; b < tn->n_bars; b++) {
        const struct mf_tornado_bar *x = &tn->bars[b];
        double v[2];
        int k;
        v[0] = x->low_practice[h] - x->low[h];
        v[1] = x->high_practice[h] - x->high[h];
        for (k = 0; k < 2; k++) {
            if (v[k] < *lo)
                *lo = v[k];
            if (v[k] > *hi)
                *hi = v[k];
        }
    }
    return 1;
}

/* The headline's range and the practice baseline's calibration check:
 * in the summary and in stage 2. */
static void doc_potential(struct report *r)
{
    const struct mf_plan *plan = r->in->plan, *bau = r->in->practice;
    const struct mf_practice *pr = r->in->practice_params;
    char a[9][64];
    double lo[3], hi[3];
    static const enum mf_headline hl[3] = {MF_HL_LANDFILLED, MF_HL_CO2E,
                                           MF_HL_COST};
    static const double div[3] = {1, 1e3, 1e6};
    int k;

    if (!plan || !bau)
        return;
    if (potential_range(r, hl[0], &lo[0], &hi[0]) &&
        potential_range(r, hl[1], &lo[1], &hi[1]) &&
        potential_range(r, hl[2], &lo[2], &hi[2])) {
        for (k = 0; k < 3; k++) {
            double p =
                mf_headline(&bau->ind, hl[k]) - mf_headline(&plan->ind, hl[k]);
            /* The point lies within its range by construction when the
             * base scenario is solved alike; widen to it if not. */
            if (p < lo[k])
                lo[k] = p;
            if (p > hi[k])
                hi[k] = p;
            fmt_num(r, p / div[k], 0, a[3 * k], sizeof a[0]);
            fmt_num(r, lo[k] / div[k], 0, a[3 * k + 1], sizeof a[0]);
            fmt_num(r, hi[k] / div[k], 0, a[3 * k + 2], sizeof a[0]);
        }
        blk(r, B_P,
            report_printf(r, tr(r, S_TXT_RANGE), a[0], a[1], a[2], a[3], a[4],
                          a[5], a[6], a[7], a[8]));
    }
    if (pr)
        blk(r, B_NOTE,
            report_printf(r, tr(r, S_TXT_CALIB),
                          fmt_pct(r, bau->ind.reuse_rate, 1, a[0], sizeof a[0]),
                          fmt_pct(r, pr->reuse_low, 0, a[1], sizeof a[1]),
                          fmt_pct(r, pr->reuse_high, 0, a[2], sizeof a[2]),
                          tr(r, mf_practice_calibrated(pr, bau)
                                    ? S_CALIB_IN
                                    : S_CALIB_OUT)));
}

static void doc_stage2(struct report *r)
{
    const struct mf_plan *plan = r->in->plan, *bau = r->in->practice,
                         *none = r->in->baseline;
    struct block *b;
    struct rtable *t;

    b = blk(r, B_SECTION, tr(r, S_STAGE2));
    if (b)
        b->id = "stage-2";
    if (!plan) {
        blk(r, B_P, tr(r, S_TXT_NO_PLAN));
        blk(r, B_SECTION_END, NULL);
        return;
    }
    {
        char a[64], c[64], d[64], e[64], f[64], g[64];
        const struct mf_indicators *x = &plan->ind;
        double reached = x->reused_t + x->disposal_fill_t;
        double bs = bau ? bau->ind.cost_society : x->cost_society;
        double br = bau ? bau->ind.reuse_rate : 0;
        double bl = bau ? bau->ind.landfilled_t : plan->ind.landfilled_t;
        double bc = bau ? bau->ind.co2e_total_kg : plan->ind.co2e_total_kg;
        double bk = bau ? bau->ind.cost_total : plan->ind.cost_total;
        blk(r, B_P,
            report_printf(
                r, tr(r, S_TXT_STAGE2),
                fmt_pct(r, plan->ind.reuse_rate, 1, a, sizeof a),
                fmt_pct(r, br, 1, c, sizeof c),
                fmt_num(r, bl - plan->ind.landfilled_t, 0, d, sizeof d),
                fmt_num(r, (bc - plan->ind.co2e_total_kg) / 1000, 0, e,
                        sizeof e),
                fmt_num(r, (bk - plan->ind.cost_total) / 1e6, 0, f, sizeof f),
                fmt_num(r, (bs - x->cost_society) / 1e6, 0, g, sizeof g)));
        /* The recovery test: the share that is reuse in law. */
        blk(r, B_P,
            report_printf(r, tr(r, S_TXT_RECOVERY),
                          fmt_num(r, reached, 0, a, sizeof a),
                          fmt_pct(r, x->recovered_share, 1, c, sizeof c),
                          fmt_num(r, x->disposal_fill_t, 0, d, sizeof d),
                          fmt_num(r, x->recovery_unknown_t, 0, e, sizeof e)));
    }
    if (none) {
        char a[64], c[64];
        blk(r, B_P,
            report_printf(
                r, tr(r, S_TXT_NOREUSE),
                fmt_num(r, none->ind.landfilled_t - plan->ind.landfilled_t, 0,
                        a, sizeof a),
                fmt_num(r,
                        (none->ind.co2e_total_kg - plan->ind.co2e_total_kg) /
                            1000,
                        0, c, sizeof c)));
    }
    doc_potential(r);
    blk(r, B_NOTE, tr(r, S_TXT_BAU));
    blk(r, B_H2, tr(r, S_PLANVS));
    blk_table(r, report_table(r, "indicators"));
    blk_chart(r, CH_INDICATORS, S_CH_INDICATORS);
    blk(r, B_H2, tr(r, S_FLOWS));
    blk_chart(r, CH_MAP_FLOWS, S_CH_FLOWS);
    blk_table(r, report_table(r, "flows"));
    blk(r, B_H2, tr(r, S_SANKEY));
    t = report_table(r, "sankey");
    if (t && t->n_rows > 0) {
        blk_chart(r, CH_SANKEY, S_CH_SANKEY);
        blk_table(r, t);
    }
    blk(r, B_H2, tr(r, S_STORAGE));
    t = report_table(r, "storage");
    if (t) {
        blk_chart(r, CH_STORAGE, S_CH_STORAGE);
        if (t->print_step > 1)
            blk(r, B_NOTE,
                report_printf(r, tr(r, S_TXT_STORAGE_STEP), t->print_step));
        else
            blk(r, B_NOTE, tr(r, S_TXT_STORAGE_ROWS));
        blk_table(r, t);
    } else {
        blk(r, B_P, tr(r, S_TXT_NO_STORAGE));
    }
    t = report_table(r, "unplaced");
    if (t) {
        blk(r, B_H2, tr(r, S_UNPLACED));
        blk_table(r, t);
    }
    blk(r, B_SECTION_END, NULL);
}

static void doc_stage3(struct report *r)
{
    const struct mf_report_input *in = r->in;
    struct block *b;
    struct rtable *t;
    int s;

    b = blk(r, B_SECTION, tr(r, S_STAGE3));
    if (b)
        b->id = "stage-3";
    t = report_table(r, "scenarios");
    if (!t) {
        blk(r, B_P, tr(r, S_TXT_NO_SCEN));
    } else {
        blk(r, B_P, tr(r, S_TXT_STAGE3));
        blk(r, B_H2, tr(r, S_SCENARIOS));
        blk_table(r, t);
        t = report_table(r, "ranking");
        if (t) {
            blk(r, B_H2, tr(r, S_RANKING));
            blk(r, B_P, tr(r, S_TXT_RANKING));
            blk_table(r, t);
            if (r->conclusion)
                blk(r, B_P, r->conclusion);
        }
        blk(r, B_H2, tr(r, S_BYIND));
        static const struct {
            enum chart_kind k;
            enum rstr title;
        } sc[] = {{CH_SCEN_COST, S_P_COST},
                  {CH_SCEN_CO2, S_P_CO2},
                  {CH_SCEN_REUSE, S_P_REUSE},
                  {CH_SCEN_LANDFILLED, S_P_LANDFILLED}};
        size_t k;
        for (k = 0; k < sizeof sc / sizeof sc[0]; k++)
            blk_chart_text(r, sc[k].k,
                           report_printf(r, "%s. %s", tr(r, sc[k].title),
                                         tr(r, S_CH_SCEN)));
    }
    blk(r, B_H2, tr(r, S_TORNADO));
    t = report_table(r, "tornado");
    if (!t) {
        blk(r, B_P, tr(r, S_TXT_NO_TORNADO));
    } else {
        int i, c = rt_col(t, "source"), l = rt_col(t, "label");
        blk(r, B_P,
            report_printf(r, tr(r, S_TXT_TORNADO),
                          in->tornado->scenario[0] ? in->tornado->scenario
                                                   : "1"));
        blk_chart(r, CH_TORNADO, S_CH_TORNADO);
        blk_chart(r, CH_TORNADO_CO2, S_CH_TORNADO_CO2);
        blk_table(r, t);
        b = blk(r, B_LIST, tr(r, S_C_SOURCE));
        if (b) {
            b->id = "tornado-sources";
            b->items = zalloc(r, (size_t)t->n_rows * sizeof *b->items);
            for (i = 0; b->items && i < t->n_rows; i++) {
                const char *src = rt_cell(t, i, c)->text;
                if (!src || !*src)
                    continue;
                b->items[b->n_items++] =
                    report_printf(r, "%s: %s", rt_cell(t, i, l)->text, src);
            }
        }
    }
    if (t || report_table(r, "scenarios"))
        blk(r, B_H2, tr(r, S_DIFFS));
    for (s = 1; in->scenarios && s < in->n_scenarios; s++) {
        const struct mf_scenario_result *x = &in->scenarios[s];
        int n = in->n_notes ? in->n_notes[s] : 0, k;
        blk(r, B_H3,
            report_printf(r, "%d %s", s + 1, x->title[0] ? x->title : x->name));
        if (x->description[0])
            blk(r, B_P, report_strdup(r, x->description));
        if (n <= 0 || !in->notes || !in->notes[s]) {
            blk(r, B_P, tr(r, S_TXT_NO_NOTES));
            continue;
        }
        b = blk(r, B_LIST, NULL);
        if (!b)
            continue;
        b->id = report_printf(r, "notes-%d", s + 1);
        b->items = zalloc(r, (size_t)n * sizeof *b->items);
        for (k = 0; b->items && k < n; k++)
            if (in->notes[s][k])
                b->items[b->n_items++] = report_strdup(r, in->notes[s][k]);
    }
    blk(r, B_SECTION_END, NULL);
}

static void doc_appendix(struct report *r)
{
    static const char *const keys[] = {"factors",   "trucks", "gate_fees",
                                       "detours",   "modes",  "fuels",
                                       "materials", "rules"};
    struct block *b = blk(r, B_SECTION, tr(r, S_APPENDIX));
    size_t k;

    if (b)
        b->id = "appendix";
    blk(r, B_P, tr(r, S_TXT_APPENDIX));
    for (k = 0; k < sizeof keys / sizeof keys[0]; k++) {
        struct rtable *t = report_table(r, keys[k]);
        if (!t)
            continue;
        blk(r, B_H2, t->sheet);
        blk_table(r, t);
    }
    blk(r, B_SECTION_END, NULL);
}

/* The scope first: its lots, their flows, their alternatives; the
 * region follows as context. */
static void doc_scope(struct report *r)
{
    const struct mf_report_scope *sc = r->in->scope;
    struct rtable *t = report_table(r, "scope_lots");
    struct block *b;

    if (!sc || !sc->lot)
        return;
    b = blk(r, B_SECTION,
            report_printf(r, tr(r, S_SCOPE), sc->title ? sc->title : ""));
    if (b)
        b->id = "scope";
    blk(r, B_P,
        report_printf(r, tr(r, S_TXT_SCOPE), sc->title ? sc->title : "",
                      t ? t->n_rows : 0));
    if (!t || t->n_rows == 0) {
        blk(r, B_P, tr(r, S_TXT_SCOPE_NONE));
        blk(r, B_SECTION_END, NULL);
        return;
    }
    blk(r, B_H2, tr(r, S_SCOPE_LOTS));
    blk_table(r, t);
    t = report_table(r, "scope_flows");
    if (t && t->n_rows > 0) {
        blk(r, B_H2, tr(r, S_SCOPE_FLOWS));
        blk_table(r, t);
    }
    t = report_table(r, "scope_options");
    if (t && t->n_rows > 0) {
        blk(r, B_H2, tr(r, S_SCOPE_OPTIONS));
        blk(r, B_NOTE,
            report_printf(r, tr(r, S_TXT_OPTIONS_CUT), SCOPE_ALLOWED,
                          SCOPE_EXCLUDED));
        blk_table(r, t);
    }
    blk(r, B_SECTION_END, NULL);
}

static void pva_sum(const struct report *r, struct mf_custody_kpi *sum);

/* The section on actual flows, when there are tickets. */
static void doc_actual(struct report *r)
{
    const struct mf_custody_pva *p = r->pva;
    const struct mf_custody_data *d = r->in->custody;
    struct block *b;
    char nt[32], nr[32], mv[48], pl[48], ra[32], rp[32], when[32], nf[32];
    size_t total = 0;
    int c;

    if (!p || !d)
        return;
    b = blk(r, B_SECTION, tr(r, S_ACTUAL));
    if (b)
        b->id = "actual";
    {
        struct mf_custody_kpi sum;
        int64_t at = r->in->custody_as_of;

        pva_sum(r, &sum);
        if (at == MF_TIME_NONE)
            fmt_date(mf_catalog_today(r->cat), when, sizeof when);
        else
            mf_time_format(at, when, sizeof when);
        blk(r, B_P,
            report_printf(
                r, tr(r, S_TXT_ACTUAL),
                fmt_num(r, (double)r->tickets_in, 0, nt, sizeof nt),
                fmt_num(r, (double)r->receipts_in, 0, nr, sizeof nr), when,
                fmt_num(r, sum.moved_t, 0, mv, sizeof mv),
                fmt_num(r, sum.planned_t, 0, pl, sizeof pl),
                sum.reused_actual_t + sum.landfilled_actual_t > 0
                    ? fmt_pct(r, sum.reuse_rate_actual, 1, ra, sizeof ra)
                    : "\xe2\x80\x93",
                sum.reused_planned_t + sum.landfilled_planned_t > 0
                    ? fmt_pct(r, sum.reuse_rate_planned, 1, rp, sizeof rp)
                    : "\xe2\x80\x93"));
    }
    blk(r, B_H2, tr(r, S_ACTUAL_REUSE));
    blk(r, B_P, tr(r, S_TXT_ACTUAL_REUSE));
    blk_table(r, report_table(r, "actual_reuse"));
    blk(r, B_H2, tr(r, S_ACTUAL_PVA));
    blk_table(r, report_table(r, "actual_periods"));
    blk(r, B_NOTE, tr(r, S_TXT_ACTUAL_PVA));
    blk(r, B_H2, tr(r, S_ACTUAL_CHECKS));
    for (c = 0; r->findings && c < MF_CHK_COUNT; c++)
        total += r->findings->count[c];
    blk(r, B_P,
        report_printf(r, tr(r, S_TXT_ACTUAL_CHECKS),
                      fmt_num(r, (double)total, 0, nf, sizeof nf)));
    blk_table(r, report_table(r, "actual_findings"));
    blk(r, B_SECTION_END, NULL);
}

static void build_doc(struct report *r)
{
    const struct mf_report_input *in = r->in;
    struct block *b;

    r->max_blocks = 192 + 4 * (in->n_scenarios > 0 ? in->n_scenarios : 0);
    r->blocks = zalloc(r, (size_t)r->max_blocks * sizeof *r->blocks);
    if (!r->blocks)
        return;
    b = blk(r, B_TITLE, in->title && *in->title ? in->title : tr(r, S_REPORT));
    if (b)
        b->text2 = tr(r, S_SUBTITLE);
    blk(r, B_P,
        report_printf(r, "%s %s %s.", tr(r, S_GENERATED),
                      in->generated ? in->generated : "", tr(r, S_BY)));
    doc_scope(r);
    blk_table(r, report_table(r, "summary"));
    doc_potential(r);
    blk(r, B_TOC, tr(r, S_CONTENTS));
    doc_stage1(r);
    doc_stage2(r);
    doc_stage3(r);
    doc_actual(r);
    doc_appendix(r);
}

/* ------------------------------------------------------------------ */
/* Actual flows: the load tickets                                       */
/* ------------------------------------------------------------------ */

/* The custody results the section reads; nothing without tickets. */
static int actual_compute(struct report *r, struct mf_error *err)
{
    const struct mf_report_input *in = r->in;
    struct mf_custody_opts o = MF_CUSTODY_OPTS_INIT;
    int rc;

    if (!in->custody || in->custody->n_tickets == 0)
        return MF_OK;
    o.as_of = in->custody_as_of;
    o.params = in->custody_params;
    o.factors = in->factors;
    o.plan = in->plan;
    if ((rc = mf_custody_plan_vs_actual(in->reg, in->custody, &o, &r->pva,
                                        err)) ||
        (rc = mf_custody_check(in->reg, in->custody, &o, 0, &r->findings, err)))
        return rc;
    {
        /* The records in force by the moment the state is taken at. */
        int64_t at = o.as_of != MF_TIME_NONE
                         ? o.as_of
                         : ((int64_t)mf_catalog_today(r->cat) + 1) * 86400 - 1;
        size_t *et = NULL, *er = NULL, nt = 0, nr = 0, i;

        if ((rc = mf_custody_effective(in->custody, &et, &nt, &er, &nr, err)))
            return rc;
        for (i = 0; i < nt; i++)
            r->tickets_in += in->custody->tickets[et[i]].departed <= at;
        for (i = 0; i < nr; i++)
            r->receipts_in += in->custody->receipts[er[i]].arrived <= at;
        free(et);
        free(er);
    }
    /* The statistics by calendar year, whatever the plan's periods. */
    o.plan = NULL;
    o.period = MF_PERIOD_YEAR;
    return mf_custody_plan_vs_actual(in->reg, in->custody, &o, &r->pva_year,
                                     err);
}

/* One line of the statistics: tonnes of a material from a municipality
 * in a year. */
struct reuse_key {
    int period;
    const char *municipality;
    int material;
    double reused_t, landfilled_t;
};

static int reuse_cmp(const void *pa, const void *pb)
{
    const struct reuse_key *a = pa, *b = pb;
    int c;

    if (a->period != b->period)
        return a->period < b->period ? -1 : 1;
    if ((c = strcmp(a->municipality, b->municipality)))
        return c;
    return (a->material > b->material) - (a->material < b->material);
}

/* The reuse rate by year, municipality of origin and material, from the
 * tickets: tonnes reaching a project site over those reaching a project
 * or a receiving site, as mf_custody_plan_vs_actual counts reuse. */
static void build_actual_reuse(struct report *r)
{
    const struct mf_custody_pva *p = r->pva_year;
    const struct mf_registry *reg = r->in->reg;
    struct reuse_key *k;
    size_t i, j, n = 0;
    struct rtable *t;
    double tot_re = 0, tot_lf = 0;
    int row_i;

    if (!p)
        return;
    k = zalloc(r, (p->n_flows + 1) * sizeof *k);
    if (!k)
        return;
    for (i = 0; i < p->n_flows; i++) {
        const struct mf_custody_flow *f = &p->flows[i];
        const struct mf_site *from = mf_registry_site(reg, f->from);
        const struct mf_site *to = mf_registry_site(reg, f->to);
        int reuse;

        if (!from || !to || from->kind == MF_SITE_QUARRY || f->period < 0 ||
            !(f->moved_t > 0))
            continue;
        if (to->kind == MF_SITE_PROJECT)
            reuse = 1;
        else if (to->kind == MF_SITE_RECEIVING)
            reuse = 0;
        else
            continue;
        for (j = 0; j < n; j++)
            if (k[j].period == f->period && k[j].material == f->material &&
                !strcmp(k[j].municipality, from->municipality))
                break;
        if (j == n) {
            k[n].period = f->period;
            k[n].municipality = from->municipality;
            k[n].material = f->material;
            n++;
        }
        if (reuse)
            k[j].reused_t += f->moved_t;
        else
            k[j].landfilled_t += f->moved_t;
    }
    if (n > 1)
        qsort(k, n, sizeof *k, reuse_cmp);
    t = table_new(r, "actual_reuse", tr(r, S_SH_ACTUAL_REUSE),
                  tr(r, S_CAP_ACTUAL_REUSE), 6, (int)n + 1);
    if (!t) {
        r->oom = 1;
        return;
    }
    col(t, 0, "year", tr(r, S_C_YEAR), CF_TEXT, 0, 0);
    col(t, 1, "municipality", tr(r, S_C_MUNI), CF_TEXT, 0, 0);
    col(t, 2, "material", tr(r, S_C_MATERIAL), CF_TEXT, 0, 0);
    col(t, 3, "reused_t", tr(r, S_C_REUSED_T), CF_NUM, 0, 0);
    col(t, 4, "landfilled_t", tr(r, S_C_LANDFILLED), CF_NUM, 0, 0);
    col(t, 5, "reuse_rate", tr(r, S_C_REUSE), CF_PCT, 1, 0);
    for (i = 0; i < n; i++) {
        char y[32];

        row_i = row(t);
        set_text(r, t, row_i, 0,
                 mf_period_label(&p->periods, k[i].period, y, sizeof y));
        set_ref(t, row_i, 1, k[i].municipality);
        set_ref(t, row_i, 2, material_label(r, k[i].material));
        set_num(t, row_i, 3, k[i].reused_t);
        set_num(t, row_i, 4, k[i].landfilled_t);
        set_num(t, row_i, 5,
                k[i].reused_t / (k[i].reused_t + k[i].landfilled_t));
        tot_re += k[i].reused_t;
        tot_lf += k[i].landfilled_t;
    }
    row_i = row(t);
    if (row_i >= 0) {
        t->flags[row_i] |= ROW_TOTAL;
        set_ref(t, row_i, 0, tr(r, S_TOTAL));
        set_num(t, row_i, 3, tot_re);
        set_num(t, row_i, 4, tot_lf);
        set_num(t, row_i, 5,
                tot_re + tot_lf > 0 ? tot_re / (tot_re + tot_lf) : NAN);
    }
}

/* The day the tickets are taken at (UTC, as the custody library counts
 * days). */
static int32_t actual_day(const struct report *r)
{
    int64_t t = r->in->custody_as_of;

    if (t == MF_TIME_NONE)
        return mf_catalog_today(r->cat);
    return (int32_t)(t >= 0 ? t / 86400 : -((-t + 86399) / 86400));
}

/* The plan's periods that began by the tickets' day, summed: what was
 * planned for the time the tickets cover, beside what moved. */
static void pva_sum(const struct report *r, struct mf_custody_kpi *sum)
{
    const struct mf_custody_pva *p = r->pva;
    int32_t day = actual_day(r);
    int k;

    memset(sum, 0, sizeof *sum);
    sum->period = -1;
    for (k = 1; k <= p->periods.n; k++) {
        const struct mf_custody_kpi *x = &p->kpi[k];

        if (p->periods.start[k - 1] > day)
            break;
        sum->planned_t += x->planned_t;
        sum->moved_t += x->moved_t;
        sum->reused_planned_t += x->reused_planned_t;
        sum->reused_actual_t += x->reused_actual_t;
        sum->landfilled_planned_t += x->landfilled_planned_t;
        sum->landfilled_actual_t += x->landfilled_actual_t;
        sum->truck_km_planned += x->truck_km_planned;
        sum->truck_km_actual += x->truck_km_actual;
        sum->co2e_planned_kg += x->co2e_planned_kg;
        sum->co2e_actual_kg += x->co2e_actual_kg;
    }
    if (sum->reused_planned_t + sum->landfilled_planned_t > 0)
        sum->reuse_rate_planned =
            sum->reused_planned_t /
            (sum->reused_planned_t + sum->landfilled_planned_t);
    if (sum->reused_actual_t + sum->landfilled_actual_t > 0)
        sum->reuse_rate_actual =
            sum->reused_actual_t /
            (sum->reused_actual_t + sum->landfilled_actual_t);
}

static void pva_cells(struct rtable *t, int i, const struct mf_custody_kpi *k)
{
    set_num(t, i, 1, k->planned_t);
    set_num(t, i, 2, k->moved_t);
    set_num(t, i, 3,
            k->reused_planned_t + k->landfilled_planned_t > 0
                ? k->reuse_rate_planned
                : NAN);
    set_num(t, i, 4,
            k->reused_actual_t + k->landfilled_actual_t > 0
                ? k->reuse_rate_actual
                : NAN);
    set_num(t, i, 5, k->truck_km_planned);
    set_num(t, i, 6, k->truck_km_actual);
    set_num(t, i, 7, k->co2e_planned_kg / 1000);
    set_num(t, i, 8, k->co2e_actual_kg / 1000);
}

/* Planned against actual per period of the plan, the periods that began
 * by the tickets' day and where either moved anything, and their sum. */
static void build_actual_pva(struct report *r)
{
    const struct mf_custody_pva *p = r->pva;
    struct mf_custody_kpi sum;
    struct rtable *t;
    int32_t day;
    int k, i;

    if (!p)
        return;
    day = actual_day(r);
    pva_sum(r, &sum);
    t = table_new(r, "actual_periods", tr(r, S_SH_ACTUAL_PVA),
                  tr(r, S_CAP_ACTUAL_PVA), 9, p->periods.n + 1);
    if (!t) {
        r->oom = 1;
        return;
    }
    col(t, 0, "period", tr(r, S_C_PERIOD), CF_TEXT, 0, 0);
    col(t, 1, "planned_t", tr(r, S_C_PLANNED_T), CF_NUM, 0, 0);
    col(t, 2, "actual_t", tr(r, S_C_MOVED_T), CF_NUM, 0, 0);
    col(t, 3, "reuse_planned", tr(r, S_C_REUSE_PLANNED), CF_PCT, 1, 0);
    col(t, 4, "reuse_actual", tr(r, S_C_REUSE_ACTUAL), CF_PCT, 1, 0);
    col(t, 5, "truck_km_planned", tr(r, S_C_TKM_PLANNED), CF_NUM, 0, 0);
    col(t, 6, "truck_km_actual", tr(r, S_C_TKM_ACTUAL), CF_NUM, 0, 0);
    col(t, 7, "co2e_planned_t", tr(r, S_C_CO2_PLANNED), CF_NUM, 1, 0);
    col(t, 8, "co2e_actual_t", tr(r, S_C_CO2_ACTUAL), CF_NUM, 1, 0);
    for (k = 1; k <= p->periods.n; k++) {
        const struct mf_custody_kpi *x = &p->kpi[k];
        char lab[32];

        if (p->periods.start[k - 1] > day)
            break;
        if (!(x->planned_t > 0) && !(x->moved_t > 0))
            continue;
        i = row(t);
        set_text(r, t, i, 0,
                 mf_period_label(&p->periods, k - 1, lab, sizeof lab));
        pva_cells(t, i, x);
    }
    i = row(t);
    if (i >= 0) {
        t->flags[i] |= ROW_TOTAL;
        set_ref(t, i, 0, tr(r, S_TOTAL));
        pva_cells(t, i, &sum);
    }
}

/* The checks' texts follow enum mf_custody_check. */
_Static_assert(S_CHK_WEIGHT - S_CHK_UNRECEIVED == MF_CHK_WEIGHT,
               "MSG_R_CHK_* follow enum mf_custody_check");

/* The checks' findings by kind, every kind listed. */
static void build_actual_checks(struct report *r)
{
    const struct mf_custody_findings *f = r->findings;
    struct rtable *t;
    size_t total = 0;
    int c, i;

    if (!f)
        return;
    t = table_new(r, "actual_findings", tr(r, S_SH_ACTUAL_CHECKS),
                  tr(r, S_CAP_ACTUAL_CHECKS), 3, MF_CHK_COUNT + 1);
    if (!t) {
        r->oom = 1;
        return;
    }
    col(t, 0, "check", tr(r, S_C_CHECK), CF_TEXT, 0, 0);
    col(t, 1, "finds", tr(r, S_C_FINDS), CF_TEXT, 0, COL_WIDE);
    col(t, 2, "findings", tr(r, S_C_FINDINGS), CF_NUM, 0, 0);
    for (c = 0; c < MF_CHK_COUNT; c++) {
        i = row(t);
        set_ref(t, i, 0, mf_custody_check_name((enum mf_custody_check)c));
        set_ref(t, i, 1, tr(r, (enum rstr)(S_CHK_UNRECEIVED + c)));
        set_num(t, i, 2, (double)f->count[c]);
        total += f->count[c];
    }
    i = row(t);
    if (i >= 0) {
        t->flags[i] |= ROW_TOTAL;
        set_ref(t, i, 0, tr(r, S_TOTAL));
        set_num(t, i, 2, (double)total);
    }
}

static void build_actual(struct report *r)
{
    build_actual_pva(r);
    build_actual_reuse(r);
    build_actual_checks(r);
}

/* ------------------------------------------------------------------ */
/* Entry points                                                         */
/* ------------------------------------------------------------------ */

static int find_refused(struct report *r, struct mf_error *err)
{
    const struct mf_registry *reg = r->in->reg;
    size_t n = mf_registry_count(reg, MF_ENT_LOT), i;

    r->lot_refused = zalloc(r, (n + 1) * sizeof *r->lot_refused);
    if (!r->lot_refused)
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    if (r->in->balance) {
        const struct mf_balance *b = r->in->balance;
        for (i = 0; i < b->n_refused; i++)
            if (b->refused[i] < n)
                r->lot_refused[b->refused[i]] = b->refused_rule[i];
    } else {
        unsigned char *st = NULL, *sst = NULL;
        const struct mf_rule **why = NULL;
        int rc = mf_registry_status(reg, MF_DATE_NONE, &st, &why, &sst, err);
        if (rc)
            return rc;
        for (i = 0; i < n; i++)
            if (st[i] == MF_SEV_REFUSE)
                r->lot_refused[i] = why[i];
        free(st);
        free(sst);
        free((void *)why);
    }
    return MF_OK;
}

static int map_points(struct report *r, struct mf_error *err)
{
    const struct rtable *ts = report_table(r, "sites");
    const struct rtable *tl = report_table(r, "lots");
    size_t n = 0,
           cap = (size_t)(ts ? ts->n_rows : 0) + (size_t)(tl ? tl->n_rows : 0);
    double *ll = malloc((cap + 1) * 2 * sizeof *ll);
    const struct rtable *both[2];
    int k, i, rc;

    both[0] = ts;
    both[1] = tl;
    if (!ll)
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    for (k = 0; k < 2; k++) {
        const struct rtable *t = both[k];
        int lon = rt_col(t, "lon"), lat = rt_col(t, "lat");
        for (i = 0; t && i < t->n_rows; i++) {
            double x = rt_cell(t, i, lon)->v, y = rt_cell(t, i, lat)->v;
            if (isnan(x) || isnan(y))
                continue;
            ll[2 * n] = x;
            ll[2 * n + 1] = y;
            n++;
        }
    }
    rc = map_view_new(&r->map, r->in->data_dir, ll, n, err);
    free(ll);
    return rc;
}

int report_open(struct report *r, const struct mf_report_input *in,
                int with_map, struct mf_error *err)
{
    int rc;

    memset(r, 0, sizeof *r);
    arena_init(&r->arena, 64 * 1024);
    if (!in || !in->reg)
        return mf_error_set(err, MF_EINVAL,
                            "a report needs at least a registry");
    r->in = in;
    r->en = in->lang && !strncmp(in->lang, "en", 2);
    r->cat = mf_registry_catalog(in->reg);
    r->plan = in->plan;
    rc = find_refused(r, err);
    if (rc)
        return rc;
    if ((rc = actual_compute(r, err)))
        return rc;
    build_indicators(r, "summary", 1, tr(r, S_KEYFIGS), tr(r, S_KEYFIGS));
    build_sites(r);
    build_lots(r);
    build_balance(r);
    build_refused(r);
    build_indicators(r, "indicators", 0, tr(r, S_PLANVS),
                     tr(r, S_CAP_INDICATORS));
    build_flows(r);
    build_sankey(r);
    build_storage(r);
    build_unplaced(r);
    build_scope(r);
    build_scenarios(r);
    build_ranking(r);
    build_tornado(r);
    build_actual(r);
    build_appendix(r);
    build_doc(r);
    if (r->oom)
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    if (with_map)
        return map_points(r, err);
    return MF_OK;
}

void report_close(struct report *r)
{
    mf_custody_pva_free(r->pva);
    mf_custody_pva_free(r->pva_year);
    mf_custody_findings_free(r->findings);
    r->pva = r->pva_year = NULL;
    r->findings = NULL;
    map_view_free(r->map);
    r->map = NULL;
    arena_free(&r->arena);
}
