/*
 * validate.c - the checks behind data/rules.csv, and the flow rules the
 * planner applies to every arc it considers.
 *
 * A check is a C function that looks at one record; which checks run, how
 * severe they are, with which parameter and on which dates, is data. A
 * check named in rules.csv that this file does not implement is refused
 * when the catalogue loads, so a typo never switches a rule off silently.
 */
#include "masseflyt/validate.h"

#include "catalog_int.h"
#include "util/vec.h"

#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* Issues                                                               */
/* ------------------------------------------------------------------ */

void mf_issues_init(struct mf_issues *is, size_t max)
{
    memset(is, 0, sizeof *is);
    is->max = max;
}

void mf_issues_free(struct mf_issues *is)
{
    free(is->items);
    memset(is, 0, sizeof *is);
}

const char *mf_severity_name(enum mf_severity s)
{
    switch (s) {
    case MF_SEV_FLAG:
        return "flag";
    case MF_SEV_REFUSE:
        return "refused";
    case MF_SEV_ERROR:
        return "error";
    default:
        return "ok";
    }
}

int mf_issues_addv(struct mf_issues *is, enum mf_severity sev, const char *rule,
                   enum mf_entity entity, const char *id, const char *where,
                   const char *fmt, va_list ap)
{
    struct mf_issue *it;
    const char *nb = mf_msg_translate(MF_LANG_NB, fmt);
    va_list ap2;

    if ((unsigned)sev < 4)
        is->count[sev]++;
    if (is->max && is->n >= is->max) {
        is->dropped++;
        return MF_OK;
    }
    if (vec_reserve(is->items, is->cap, is->n + 1))
        return MF_ENOMEM;
    it = &is->items[is->n++];
    it->severity = sev;
    it->entity = entity;
    snprintf(it->rule, sizeof it->rule, "%s", rule ? rule : "");
    snprintf(it->id, sizeof it->id, "%s", id ? id : "");
    snprintf(it->where, sizeof it->where, "%s", where ? where : "");
    /* Both texts of a catalogue message take the same arguments. */
    va_copy(ap2, ap);
    vsnprintf(it->message, sizeof it->message, fmt, ap);
    it->message_nb[0] = '\0';
    if (nb)
        vsnprintf(it->message_nb, sizeof it->message_nb, nb, ap2);
    va_end(ap2);
    return MF_OK;
}

int mf_issues_add(struct mf_issues *is, enum mf_severity sev, const char *rule,
                  enum mf_entity entity, const char *id, const char *where,
                  const char *fmt, ...)
{
    va_list ap;
    int rc;

    va_start(ap, fmt);
    rc = mf_issues_addv(is, sev, rule, entity, id, where, fmt, ap);
    va_end(ap);
    return rc;
}

int mf_issues_add_error(struct mf_issues *is, enum mf_severity sev,
                        const char *rule, enum mf_entity entity, const char *id,
                        const char *where, const struct mf_error *e)
{
    size_t n = is->n;
    int rc = mf_issues_add(is, sev, rule, entity, id, where, "%s", e->message);

    if (rc == MF_OK && is->n > n)
        snprintf(is->items[n].message_nb, sizeof is->items[n].message_nb, "%s",
                 e->message_nb);
    return rc;
}

const char *mf_issue_text(const struct mf_issue *it, enum mf_lang lang)
{
    if (lang == MF_LANG_NB && it->message_nb[0])
        return it->message_nb;
    return it->message;
}

/* ------------------------------------------------------------------ */
/* Organisation numbers                                                 */
/* ------------------------------------------------------------------ */

int mf_orgnr_valid(const char *s)
{
    static const int w[8] = {3, 2, 7, 6, 5, 4, 3, 2};
    int sum = 0, i, check;

    if (!s || strlen(s) != 9)
        return 0;
    for (i = 0; i < 9; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    for (i = 0; i < 8; i++)
        sum += (s[i] - '0') * w[i];
    check = 11 - sum % 11;
    if (check == 11)
        check = 0;
    if (check == 10)
        return 0; /* no valid number has this remainder */
    return check == s[8] - '0';
}

/* ------------------------------------------------------------------ */
/* The checks                                                           */
/* ------------------------------------------------------------------ */

struct vctx {
    const struct mf_registry *reg;
    const struct mf_catalog *cat;
    enum mf_entity ent;
    const char *id;
    const char *where; /* prefix given by the caller, or NULL */
    struct mf_issues *is;
    int worst;
    int oom;
    const struct mf_rule *refusal; /* first refusing rule */
    /* The record, one of these. */
    const struct mf_org *org;
    const struct mf_project *project;
    const struct mf_site *site;
    const struct mf_lot *lot;
    const struct mf_site *lot_site; /* the lot's site, if any */
};

static const char *const entity_names[MF_ENT_COUNT] = {
    "organisation", "project", "site", "lot"};

static void report(struct vctx *c, const struct mf_rule *r, const char *field,
                   const char *fmt, ...)
{
    char where[160];
    char detail[200], detail_nb[200];
    const char *fmt_nb = mf_msg_translate(MF_LANG_NB, fmt);
    size_t n = c->is ? c->is->n : 0;
    va_list ap;

    if (c->where)
        snprintf(where, sizeof where, "%s: %s", c->where, field);
    else
        snprintf(where, sizeof where, "%s %s: %s", entity_names[c->ent],
                 c->id ? c->id : "?", field);
    va_start(ap, fmt);
    vsnprintf(detail, sizeof detail, fmt, ap);
    va_end(ap);
    /* The same in bokmål: the detail when the catalogue has its format
     * (same arguments), the rule's own message_no from data/rules.csv. */
    va_start(ap, fmt);
    vsnprintf(detail_nb, sizeof detail_nb, fmt_nb ? fmt_nb : fmt, ap);
    va_end(ap);
    if (c->is &&
        mf_issues_add(c->is, r->severity, r->id, c->ent, c->id, where,
                      "%s: %s (rule %s)", detail, r->message_en, r->id))
        c->oom = 1;
    if (c->is && c->is->n > n) {
        struct mf_issue *it = &c->is->items[n];
        MF_SNPRINTF_IN(MF_LANG_NB, it->message_nb, sizeof it->message_nb,
                       MSG_P_RULE_ISSUE, detail_nb,
                       r->message_no && *r->message_no ? r->message_no
                                                       : r->message_en,
                       r->id);
    }
    if ((int)r->severity > c->worst)
        c->worst = (int)r->severity;
    if (r->severity == MF_SEV_REFUSE && !c->refusal)
        c->refusal = r;
}

static unsigned lot_restrictions(const struct vctx *c)
{
    return c->lot->restrictions |
           (c->lot_site ? c->lot_site->restrictions : 0u);
}

static const struct mf_location *place(const struct vctx *c)
{
    if (c->lot)
        return &c->lot->loc;
    if (c->site)
        return &c->site->loc;
    return NULL;
}

static void check_quantity_state(struct vctx *c, const struct mf_rule *r)
{
    if (c->lot && c->lot->state == MF_STATE_NONE)
        report(c, r, "unit", "no volume state given");
}

static void check_quantity_positive(struct vctx *c, const struct mf_rule *r)
{
    if (c->lot && !(c->lot->quantity > 0 && isfinite(c->lot->quantity)))
        report(c, r, "quantity", "quantity %g", c->lot->quantity);
}

static void window(struct vctx *c, const struct mf_rule *r, int32_t from,
                   int32_t to, const char *field)
{
    char a[16], b[16];

    if (from != MF_DATE_NONE && to != MF_DATE_NONE && to < from)
        report(c, r, field, "%s ends before %s",
               mf_date_format(to, b, sizeof b),
               mf_date_format(from, a, sizeof a));
}

static void check_window_order(struct vctx *c, const struct mf_rule *r)
{
    if (c->lot)
        window(c, r, c->lot->from, c->lot->to, "to");
    else if (c->project)
        window(c, r, c->project->start, c->project->end, "end");
    else if (c->site)
        window(c, r, c->site->open_from, c->site->open_to, "open_to");
}

static void check_inside_norway(struct vctx *c, const struct mf_rule *r)
{
    const struct mf_location *l = place(c);

    if (!l || l->epsg == 0)
        return;
    /* A lot placed at its site was checked with the site. */
    if (c->lot && c->lot_site && l->lon == c->lot_site->loc.lon &&
        l->lat == c->lot_site->loc.lat)
        return;
    if (!mf_inside_norway(c->cat, l->lon, l->lat))
        report(c, r, "x", "(%.5f, %.5f) in EPSG:%d is %.4f E %.4f N", l->x,
               l->y, l->epsg, l->lon, l->lat);
}

static void check_orgnr(struct vctx *c, const struct mf_rule *r)
{
    static const int w[8] = {3, 2, 7, 6, 5, 4, 3, 2};
    const char *s = c->org ? c->org->orgnr : NULL;
    size_t n, i;
    int sum = 0, check;

    if (!s || !*s || mf_orgnr_valid(s))
        return;
    n = strlen(s);
    for (i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            break;
    if (i < n || n != 9) {
        report(c, r, "orgnr", "'%s' is not 9 digits", s);
        return;
    }
    for (i = 0; i < 8; i++)
        sum += (s[i] - '0') * w[i];
    check = 11 - sum % 11;
    if (check == 10)
        report(c, r, "orgnr",
               "'%s': no check digit fits its first 8 digits (mod 11 gives "
               "10), so it is no organisation number",
               s);
    else
        report(c, r, "orgnr",
               "'%s': the check digit is %c, but mod 11 of the first 8 "
               "digits gives %d",
               s, s[8], check == 11 ? 0 : check);
}

static void check_municipality_code(struct vctx *c, const struct mf_rule *r)
{
    const char *m = c->project ? c->project->municipality
                    : c->site  ? c->site->municipality
                               : NULL;
    char why[200];

    if (!m || !*m)
        return;
    /* In force (data/municipalities.csv), else why not and what to use. */
    if (mf_municipality_check(c->cat, m, why, sizeof why))
        report(c, r, "municipality", "%s", why);
}

static void check_condition_class(struct vctx *c, const struct mf_rule *r)
{
    int max = r->param && *r->param ? (int)strtol(r->param, NULL, 10) : 1;

    if (c->lot && c->lot->kind == MF_LOT_SUPPLY &&
        c->lot->condition_class > max && !c->lot->natural_background)
        report(c, r, "condition_class", "condition class %d is above %d",
               c->lot->condition_class, max);
}

static void check_condition_stated(struct vctx *c, const struct mf_rule *r)
{
    if (c->lot && c->lot->kind == MF_LOT_SUPPLY &&
        c->lot->condition_class == 0 && !c->lot->natural_background)
        report(c, r, "condition_class", "condition class not stated");
}

static const struct mf_material *lot_material(const struct vctx *c)
{
    return c->lot ? mf_catalog_material(c->cat, c->lot->material) : NULL;
}

static void check_acid_forming(struct vctx *c, const struct mf_rule *r)
{
    const struct mf_material *m = lot_material(c);

    if (!c->lot || c->lot->kind != MF_LOT_SUPPLY)
        return;
    if (m && m->acid_forming)
        report(c, r, "material", "%s (%s) is acid-forming", m->code,
               m->name_en);
    else if (c->lot->acid == MF_ACID_POSITIVE)
        report(c, r, "acid_test", "the acid-forming test is positive");
}

static void check_acid_test_rock(struct vctx *c, const struct mf_rule *r)
{
    const struct mf_material *m = lot_material(c);

    if (c->lot && c->lot->kind == MF_LOT_SUPPLY && m &&
        !strcmp(m->category, "rock") && !m->acid_forming &&
        c->lot->acid != MF_ACID_NEGATIVE && c->lot->acid != MF_ACID_POSITIVE)
        report(c, r, "acid_test", "%s with acid test '%s'", m->code,
               c->lot->acid == MF_ACID_NOT_TESTED ? "not tested"
                                                  : "not stated");
}

/* Does the parameter list ("quick_clay;flood") name this zone? */
static int param_has(const struct mf_rule *r, const char *word)
{
    const char *p = r->param ? r->param : "";
    size_t n = strlen(word);

    if (!*p)
        return 1; /* no parameter: all zones */
    while (*p) {
        const char *end = strchr(p, ';');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len == n && !strncmp(p, word, n))
            return 1;
        p += len + (end ? 1 : 0);
    }
    return 0;
}

static void check_hazard_zone(struct vctx *c, const struct mf_rule *r)
{
    if (!c->site || c->site->kind == MF_SITE_PROJECT ||
        c->site->kind == MF_SITE_QUARRY)
        return;
    if ((c->site->restrictions & MF_RESTR_QUICK_CLAY) &&
        param_has(r, "quick_clay"))
        report(c, r, "quick_clay", "%s site in a quick-clay hazard zone",
               mf_site_kind_name(c->site->kind));
    else if ((c->site->restrictions & MF_RESTR_FLOOD) && param_has(r, "flood"))
        report(c, r, "flood_zone", "%s site in a flood hazard zone",
               mf_site_kind_name(c->site->kind));
}

static void check_sea_fill(struct vctx *c, const struct mf_rule *r)
{
    if (c->lot && c->lot->kind == MF_LOT_DEMAND) {
        const struct mf_use *u = mf_catalog_use(c->cat, c->lot->use);
        if (u && u->sea)
            report(c, r, "use", "use %s", u->code);
        else if (lot_restrictions(c) & MF_RESTR_SEA)
            report(c, r, "sea", "%s is in the sea",
                   c->lot_site ? c->lot_site->id : "the place");
    } else if (c->site && c->site->kind != MF_SITE_PROJECT &&
               (c->site->restrictions & MF_RESTR_SEA)) {
        report(c, r, "sea", "a %s site in the sea",
               mf_site_kind_name(c->site->kind));
    }
}

static void check_heritage(struct vctx *c, const struct mf_rule *r)
{
    if ((c->lot && (lot_restrictions(c) & MF_RESTR_HERITAGE)) ||
        (c->site && (c->site->restrictions & MF_RESTR_HERITAGE)))
        report(c, r, "heritage", "cultural heritage");
}

static void check_topsoil_use(struct vctx *c, const struct mf_rule *r)
{
    const struct mf_material *m = lot_material(c);
    const struct mf_use *u;

    if (!c->lot || c->lot->kind != MF_LOT_DEMAND || !m || !m->topsoil)
        return;
    u = mf_catalog_use(c->cat, c->lot->use);
    if (u && !u->topsoil_use)
        report(c, r, "use", "topsoil asked for %s", u->code);
}

static void check_capacity_state(struct vctx *c, const struct mf_rule *r)
{
    if (c->site && c->site->capacity > 0 &&
        c->site->capacity_state == MF_STATE_NONE)
        report(c, r, "capacity_unit", "capacity %g without a volume state",
               c->site->capacity);
}

/* The fields data/limits.csv may bound, and where they are. */
static const struct {
    const char *key;
    enum mf_entity ent;
    const char *field; /* the column a user wrote it in */
    size_t offset;     /* of a double in the record */
} limited[] = {
    {"lot.tonnes", MF_ENT_LOT, "quantity", offsetof(struct mf_lot, tonnes)},
    {"lot.stockpile_t", MF_ENT_LOT, "stockpile_t",
     offsetof(struct mf_lot, stockpile_t)},
    {"site.capacity_t", MF_ENT_SITE, "capacity",
     offsetof(struct mf_site, capacity_t)},
    {"site.fee", MF_ENT_SITE, "fee", offsetof(struct mf_site, fee)},
    {"site.holding", MF_ENT_SITE, "holding", offsetof(struct mf_site, holding)},
    {"site.fill_height_m", MF_ENT_SITE, "fill_height_m",
     offsetof(struct mf_site, fill_height_m)},
};
#define N_LIMITED (sizeof limited / sizeof limited[0])
_Static_assert(N_LIMITED < CATALOG_MAX_LIMITED,
               "catalog_int.h: CATALOG_MAX_LIMITED is too small");

int validate_limit_known(const char *key)
{
    size_t i;

    /* Scenario settings are checked by scenario.c, which knows its keys. */
    if (!strncmp(key, "scenario.", 9))
        return (int)N_LIMITED;
    for (i = 0; i < N_LIMITED; i++)
        if (!strcmp(limited[i].key, key))
            return (int)i;
    return -1;
}

/* Values past their plausible range (data/limits.csv): param "soft" checks
 * the soft bound (a flag: check the unit), "hard" the hard one (refused).
 * A value over the hard bound is reported by the hard rule only. */
static void check_plausible(struct vctx *c, const struct mf_rule *r)
{
    int hard = r->param && !strcmp(r->param, "hard");
    const void *rec = c->lot ? (const void *)c->lot : (const void *)c->site;
    size_t i;

    if (!rec)
        return;
    for (i = 0; i < N_LIMITED; i++) {
        const struct limit *l;
        double v;

        if (limited[i].ent != c->ent || c->cat->limit_of[i] < 0)
            continue;
        l = &c->cat->limits[c->cat->limit_of[i]];
        memcpy(&v, (const char *)rec + limited[i].offset, sizeof v);
        if (!isfinite(v)) {
            if (hard)
                report(c, r, limited[i].field, "%s is not a finite number",
                       limited[i].key);
            continue;
        }
        if (hard && v > l->hard_max)
            report(c, r, limited[i].field,
                   "%.6g %s is more than the hard limit of %.6g %s for %s "
                   "(data/limits.csv)",
                   v, l->unit, l->hard_max, l->unit, limited[i].key);
        else if (!hard && v > l->soft_max && v <= l->hard_max)
            report(c, r, limited[i].field,
                   "%.6g %s is more than %.6g %s, more than is plausible for "
                   "%s (data/limits.csv)",
                   v, l->unit, l->soft_max, l->unit, limited[i].key);
    }
}

/* Flow rules have nothing to check on a single record. */
static void check_flow_only(struct vctx *c, const struct mf_rule *r)
{
    (void)c;
    (void)r;
}

static const struct {
    const char *name;
    void (*fn)(struct vctx *c, const struct mf_rule *r);
} checks[] = {
    {"quantity_state", check_quantity_state},
    {"quantity_positive", check_quantity_positive},
    {"window_order", check_window_order},
    {"inside_norway", check_inside_norway},
    {"orgnr", check_orgnr},
    {"municipality_code", check_municipality_code},
    {"condition_class", check_condition_class},
    {"condition_stated", check_condition_stated},
    {"acid_forming", check_acid_forming},
    {"acid_test_rock", check_acid_test_rock},
    {"hazard_zone", check_hazard_zone},
    {"sea_fill", check_sea_fill},
    {"heritage", check_heritage},
    {"topsoil_use", check_topsoil_use},
    {"capacity_state", check_capacity_state},
    {"plausible", check_plausible},
    {"plant_health", check_flow_only},
    {"alien_species", check_flow_only},
};
#define N_CHECKS (sizeof checks / sizeof checks[0])

int validate_check_index(const char *check)
{
    size_t i;

    for (i = 0; i < N_CHECKS; i++)
        if (!strcmp(checks[i].name, check))
            return (int)i;
    return -1;
}

static int rule_applies(const struct mf_rule *r, int32_t on)
{
    if (on == MF_DATE_NONE)
        return 1;
    if (r->valid_from != MF_DATE_NONE && on < r->valid_from)
        return 0;
    if (r->valid_to != MF_DATE_NONE && on > r->valid_to)
        return 0;
    return 1;
}

static int run_checks(struct vctx *c, int32_t on)
{
    int i;

    for (i = 0; i < c->cat->n_rules; i++) {
        const struct mf_rule *r = &c->cat->rules[i];

        if (rule_applies(r, on))
            checks[c->cat->rule_check[i]].fn(c, r);
    }
    return c->oom ? MF_ENOMEM : c->worst;
}

static void ctx_init(struct vctx *c, const struct mf_registry *reg,
                     enum mf_entity ent, const char *id, const char *where,
                     struct mf_issues *is)
{
    memset(c, 0, sizeof *c);
    c->reg = reg;
    c->cat = mf_registry_catalog(reg);
    c->ent = ent;
    c->id = id;
    c->where = where;
    c->is = is;
}

int mf_validate_org(const struct mf_registry *reg, const struct mf_org *org,
                    const char *where, int32_t as_of, struct mf_issues *is)
{
    struct vctx c;

    ctx_init(&c, reg, MF_ENT_ORG, org->id, where, is);
    c.org = org;
    return run_checks(&c,
                      as_of == MF_DATE_NONE ? mf_catalog_today(c.cat) : as_of);
}

int mf_validate_project(const struct mf_registry *reg,
                        const struct mf_project *p, const char *where,
                        int32_t as_of, struct mf_issues *is)
{
    struct vctx c;

    ctx_init(&c, reg, MF_ENT_PROJECT, p->id, where, is);
    c.project = p;
    return run_checks(&c,
                      as_of == MF_DATE_NONE ? mf_catalog_today(c.cat) : as_of);
}

int mf_validate_site(const struct mf_registry *reg, const struct mf_site *s,
                     const char *where, int32_t as_of, struct mf_issues *is)
{
    struct vctx c;

    ctx_init(&c, reg, MF_ENT_SITE, s->id, where, is);
    c.site = s;
    return run_checks(&c,
                      as_of == MF_DATE_NONE ? mf_catalog_today(c.cat) : as_of);
}

static int validate_lot(const struct mf_registry *reg, const struct mf_lot *lot,
                        const char *where, int32_t as_of, struct mf_issues *is,
                        const struct mf_rule **refusal)
{
    struct vctx c;
    int rc;

    ctx_init(&c, reg, MF_ENT_LOT, lot->id, where, is);
    c.lot = lot;
    c.lot_site = mf_registry_site(reg, lot->site);
    if (as_of == MF_DATE_NONE)
        as_of = lot->from != MF_DATE_NONE ? lot->from : mf_catalog_today(c.cat);
    rc = run_checks(&c, as_of);
    if (refusal)
        *refusal = c.refusal;
    return rc;
}

int mf_validate_lot(const struct mf_registry *reg, const struct mf_lot *lot,
                    const char *where, int32_t as_of, struct mf_issues *is)
{
    return validate_lot(reg, lot, where, as_of, is, NULL);
}

static int worse(int a, int b)
{
    if (a < 0 || b < 0)
        return a < b ? a : b;
    return a > b ? a : b;
}

int mf_validate_registry(const struct mf_registry *reg, int32_t as_of,
                         struct mf_issues *is)
{
    int worst = MF_SEV_NONE;
    size_t i;

    for (i = 0; i < mf_registry_count(reg, MF_ENT_ORG) && worst >= 0; i++)
        worst = worse(worst, mf_validate_org(reg, mf_registry_org_at(reg, i),
                                             NULL, as_of, is));
    for (i = 0; i < mf_registry_count(reg, MF_ENT_PROJECT) && worst >= 0; i++)
        worst = worse(worst,
                      mf_validate_project(reg, mf_registry_project_at(reg, i),
                                          NULL, as_of, is));
    for (i = 0; i < mf_registry_count(reg, MF_ENT_SITE) && worst >= 0; i++)
        worst = worse(worst, mf_validate_site(reg, mf_registry_site_at(reg, i),
                                              NULL, as_of, is));
    for (i = 0; i < mf_registry_count(reg, MF_ENT_LOT) && worst >= 0; i++)
        worst = worse(worst, mf_validate_lot(reg, mf_registry_lot_at(reg, i),
                                             NULL, as_of, is));
    return worst;
}

int mf_registry_status(const struct mf_registry *reg, int32_t as_of,
                       unsigned char **lot_status,
                       const struct mf_rule ***lot_reason,
                       unsigned char **site_status, struct mf_error *err)
{
    size_t n_lots = mf_registry_count(reg, MF_ENT_LOT);
    size_t n_sites = mf_registry_count(reg, MF_ENT_SITE);
    unsigned char *ls = calloc(n_lots + 1, 1);
    const struct mf_rule **lr = calloc(n_lots + 1, sizeof *lr);
    unsigned char *ss = calloc(n_sites + 1, 1);
    size_t i;

    *lot_status = NULL;
    *lot_reason = NULL;
    *site_status = NULL;
    if (!ls || !lr || !ss)
        goto oom;
    for (i = 0; i < n_sites; i++) {
        int rc = mf_validate_site(reg, mf_registry_site_at(reg, i), NULL, as_of,
                                  NULL);
        if (rc < 0)
            goto oom;
        ss[i] = (unsigned char)rc;
    }
    for (i = 0; i < n_lots; i++) {
        const struct mf_lot *lot = mf_registry_lot_at(reg, i);
        int rc = validate_lot(reg, lot, NULL, as_of, NULL, &lr[i]);
        int s = mf_registry_index(reg, MF_ENT_SITE, lot->site);

        if (rc < 0)
            goto oom;
        /* A lot at a refused site cannot move either. */
        if (s >= 0 && ss[s] >= MF_SEV_REFUSE && rc < MF_SEV_REFUSE)
            rc = MF_SEV_REFUSE;
        ls[i] = (unsigned char)rc;
    }
    *lot_status = ls;
    *lot_reason = lr;
    *site_status = ss;
    return MF_OK;
oom:
    free(ls);
    free(lr);
    free(ss);
    return mf_error_set(err, MF_ENOMEM, "out of memory");
}

/* ------------------------------------------------------------------ */
/* Flow rules                                                           */
/* ------------------------------------------------------------------ */

static const struct mf_rule *find_rule(const struct mf_catalog *cat,
                                       const char *check, int32_t on)
{
    int i;

    for (i = 0; i < cat->n_rules; i++)
        if (!strcmp(cat->rules[i].check, check) &&
            cat->rules[i].severity >= MF_SEV_REFUSE &&
            rule_applies(&cat->rules[i], on))
            return &cat->rules[i];
    return NULL;
}

int mf_flow_allowed(const struct mf_registry *reg, const struct mf_lot *from,
                    const struct mf_lot *dest_lot,
                    const struct mf_site *dest_site, int32_t on,
                    const struct mf_rule **rule)
{
    const struct mf_catalog *cat = mf_registry_catalog(reg);
    const struct mf_material *m = mf_catalog_material(cat, from->material);
    const struct mf_site *from_site = mf_registry_site(reg, from->site);
    unsigned from_restr =
        from->restrictions | (from_site ? from_site->restrictions : 0u);
    const struct mf_use *u =
        dest_lot ? mf_catalog_use(cat, dest_lot->use) : NULL;
    const struct mf_site *dsite =
        dest_lot ? mf_registry_site(reg, dest_lot->site) : dest_site;
    unsigned dest_restr = (dest_lot ? dest_lot->restrictions : 0u) |
                          (dsite ? dsite->restrictions : 0u);
    const struct mf_rule *r;

    if (rule)
        *rule = NULL;
    /* Topsoil only to topsoil uses (storage and receiving sites take it
     * only when they list the material, which the caller checks). */
    if (m && m->topsoil && dest_lot && (!u || !u->topsoil_use) &&
        (r = find_rule(cat, "topsoil_use", on))) {
        if (rule)
            *rule = r;
        return 0;
    }
    /* Soil from a plant-health restriction area: never to farmland, and
     * not through storage or processing, where its origin would be lost. */
    if (from->plant_health != MF_PH_NONE &&
        (r = find_rule(cat, "plant_health", on))) {
        int farmland = (u && u->farmland) || (dest_restr & MF_RESTR_FARMLAND);
        int mixing = !dest_lot && dest_site &&
                     (dest_site->kind == MF_SITE_STORAGE ||
                      dest_site->kind == MF_SITE_PROCESSING);
        if (farmland || mixing) {
            if (rule)
                *rule = r;
            return 0;
        }
    }
    /* Alien species: contained, so only to a receiving site or within the
     * lot's own project. */
    if ((from_restr & MF_RESTR_ALIEN) &&
        (r = find_rule(cat, "alien_species", on))) {
        int ok =
            (!dest_lot && dest_site && dest_site->kind == MF_SITE_RECEIVING) ||
            (dest_lot && from->project && dest_lot->project &&
             !strcmp(from->project, dest_lot->project));
        if (!ok) {
            if (rule)
                *rule = r;
            return 0;
        }
    }
    return 1;
}
