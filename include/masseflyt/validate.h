/*
 * validate.h - the rules of clean-mass handling, as data-driven checks.
 *
 * The rules live in data/rules.csv: each row names a check implemented in
 * src/lib/validate.c, its severity, its parameter, the dates it applies
 * from and to, its legal source, and its message. The law is changing, so
 * a check can appear in several rows with different parameters and dates;
 * a row applies to a lot on the date its masses start to move (the start of
 * its window), or on a date the caller fixes.
 *
 * Severities:
 *   error  - the input is malformed (no volume state, a window that ends
 *            before it starts, a place outside Norway, a bad organisation
 *            number). An import with one error writes nothing.
 *   refuse - the record is well formed but out of scope (not clean masses,
 *            acid-forming rock, a receiving site in a hazard zone). It is
 *            registered, and the balance and the planner leave it out and
 *            say why.
 *   flag   - something an authority must look at (a fill in the sea, an
 *            undocumented condition class). The record takes part.
 */
#ifndef MF_VALIDATE_H
#define MF_VALIDATE_H

#include "masseflyt/error.h"
#include "masseflyt/model.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

enum mf_severity {
    MF_SEV_NONE = 0,
    MF_SEV_FLAG = 1,
    MF_SEV_REFUSE = 2,
    MF_SEV_ERROR = 3
};

struct mf_issue {
    enum mf_severity severity;
    char rule[24]; /* rule id from data/rules.csv, or "schema" */
    enum mf_entity entity;
    char id[64];          /* the record's id ("" when it has none yet) */
    char where[160];      /* "lots.csv:12: quantity" or "lot FB-1: quantity" */
    char message[400];    /* what is wrong and which rule says so */
    char message_nb[400]; /* the same in bokmål, or "" (see mf_issue_text) */
};

/* The issue's message in lang: bokmål when the message catalogue has the
 * format (MF_MSG_PROBLEMS in masseflyt/msg_catalog.h), else English. */
const char *mf_issue_text(const struct mf_issue *it, enum mf_lang lang);

/* A list of problems, capped like SQLite's integrity_check: beyond `max`
 * items only the counts grow. */
struct mf_issues {
    struct mf_issue *items;
    size_t n;
    size_t cap;
    size_t max;
    size_t dropped;
    size_t count[4]; /* by severity, including dropped ones */
};

void mf_issues_init(struct mf_issues *is, size_t max);
void mf_issues_free(struct mf_issues *is);
/* Adds one problem; returns 0 or MF_ENOMEM. */
int mf_issues_add(struct mf_issues *is, enum mf_severity sev, const char *rule,
                  enum mf_entity entity, const char *id, const char *where,
                  const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 7, 8)))
#endif
    ;
/* The same with a va_list: a format the message catalogue lists among its
 * problems keeps its bokmål rendering (mf_issue_text), so a helper that
 * takes a format should pass it on here rather than format it first. */
int mf_issues_addv(struct mf_issues *is, enum mf_severity sev, const char *rule,
                   enum mf_entity entity, const char *id, const char *where,
                   const char *fmt, va_list ap)
#if defined(__GNUC__)
    __attribute__((format(printf, 7, 0)))
#endif
    ;
/* Adds a problem told by an error record, in both its languages. */
int mf_issues_add_error(struct mf_issues *is, enum mf_severity sev,
                        const char *rule, enum mf_entity entity, const char *id,
                        const char *where, const struct mf_error *e);
const char *mf_severity_name(enum mf_severity s);

/* The rule rows loaded with the catalogue. */
struct mf_rule {
    const char *id;
    const char *check;
    enum mf_severity severity;
    const char *param;
    int32_t valid_from, valid_to; /* MF_DATE_NONE = open */
    const char *source;
    const char *message_en;
    const char *message_no;
};
int mf_catalog_n_rules(const struct mf_catalog *cat);
const struct mf_rule *mf_catalog_rule(const struct mf_catalog *cat, int i);

/* Checks one record. `where` prefixes the places in the issues (for an
 * import "lots.csv:12", else NULL for "lot <id>"). `as_of` is the date the
 * rules are taken at (MF_DATE_NONE: the lot's window start; for other
 * records, today). The worst severity found is returned (MF_SEV_NONE when
 * clean); a negative status only for MF_ENOMEM. */
int mf_validate_org(const struct mf_registry *reg, const struct mf_org *org,
                    const char *where, int32_t as_of, struct mf_issues *is);
int mf_validate_project(const struct mf_registry *reg,
                        const struct mf_project *p, const char *where,
                        int32_t as_of, struct mf_issues *is);
int mf_validate_site(const struct mf_registry *reg, const struct mf_site *s,
                     const char *where, int32_t as_of, struct mf_issues *is);
int mf_validate_lot(const struct mf_registry *reg, const struct mf_lot *lot,
                    const char *where, int32_t as_of, struct mf_issues *is);

/* Checks everything in the registry, records in id order per kind.
 * Returns the worst severity, or MF_ENOMEM. */
int mf_validate_registry(const struct mf_registry *reg, int32_t as_of,
                         struct mf_issues *is);

/* Which records take part in balance and planning. The arrays have one
 * entry per lot (or site), in registry order: MF_SEV_REFUSE when refused
 * (reason[i] says why, borrowed from the catalogue's rule), else the worst
 * lesser severity. Caller frees the arrays with free(). */
int mf_registry_status(const struct mf_registry *reg, int32_t as_of,
                       unsigned char **lot_status,
                       const struct mf_rule ***lot_reason,
                       unsigned char **site_status, struct mf_error *err);

/*
 * May masses of supply lot `from` go to a destination? The destination is
 * a demand lot (dest_lot), or a site (dest_site) of kind storage,
 * processing or receiving. Applies the flow rules (topsoil only to topsoil
 * uses, soil from a plant-health area never to farmland, alien species
 * contained) on date `on`. Returns 1 when allowed; 0 with *rule set to the
 * rule that forbids it.
 */
int mf_flow_allowed(const struct mf_registry *reg, const struct mf_lot *from,
                    const struct mf_lot *dest_lot,
                    const struct mf_site *dest_site, int32_t on,
                    const struct mf_rule **rule);

/* Is (lon, lat) inside the area where masseflyt accepts places (Norway's
 * land and territorial sea, Svalbard and Jan Mayen included)? Uses
 * data/geo/norway-area.geojson through the catalogue. */
int mf_inside_norway(const struct mf_catalog *cat, double lon, double lat);

#endif
