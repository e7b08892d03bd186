/*
 * custody_int.h - what the balance, the checks and plan against actual
 * share: the effective records resolved once into flat arrays of
 * registry indices (index.c), and small hash tables.
 */
#ifndef MF_CUSTODY_INT_H
#define MF_CUSTODY_INT_H

#include "masseflyt/custody.h"
#include "masseflyt/validate.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/* An effective ticket, resolved. Indices are registry indices, -1 when
 * the id names nothing (or was not given). */
struct cticket {
    uint32_t i;   /* into data->tickets */
    int32_t lot;  /* registry lot */
    int32_t orig; /* registry site */
    int32_t dest; /* registry site */
    int32_t veh;  /* distinct vehicle registration (cix.vehicles) */
    int32_t doc;  /* into data->docs; -1 none; -2 named but unknown */
    int32_t rc;   /* into cix.r: its effective receipt in scope, -1 */
    int32_t day;  /* day of departure */
    double t;     /* declared tonnes; NAN when not convertible */
};

/* An effective receipt in scope. */
struct creceipt {
    uint32_t i;      /* into data->receipts */
    int32_t t;       /* into cix.t: the ticket it confirms, -1 */
    int32_t site;    /* registry site it was received at, -1 */
    int32_t void_of; /* -1, or the data index of the voided ticket it
                        names */
    int32_t dup_of;  /* -1, or the receipt (into cix.r) that confirmed
                        the same ticket before it */
};

/* A table of indices keyed by the string each index leads to (a data
 * array's ids): open addressing, capacity a power of two. */
struct ixmap {
    uint32_t *slot; /* index + 1; 0 = empty */
    uint32_t *hash; /* the key's hash, compared before the key */
    size_t mask;
};

struct cix {
    const struct mf_registry *reg;
    const struct mf_catalog *cat;
    const struct mf_custody_data *d;
    struct mf_custody_params p;
    int64_t as_of;
    struct cticket *t; /* effective tickets in scope, in data order */
    size_t nt;
    struct creceipt *r; /* effective receipts in scope, in data order */
    size_t nr;
    size_t outside; /* effective tickets left out (as_of, municipality) */
    const char **vehicles; /* distinct registrations, borrowed */
    size_t n_vehicles;
    int32_t *veh_rec; /* per distinct vehicle: index into data->vehicles,
                         -1 */
    int32_t *next;    /* per data ticket: the record correcting it, -1 */
};

/* Resolves the data (as_of and municipality from opts). */
int cix_build(struct cix *x, const struct mf_registry *reg,
              const struct mf_custody_data *data,
              const struct mf_custody_opts *opts, struct mf_error *err);
void cix_free(struct cix *x);

/* The balance and the checks over a built index (balance.c, check.c):
 * mf_custody_balance and mf_custody_check build one each; the two
 * together (mf_custody_balance_check) share one. */
int cust_balance(const struct cix *x, const struct mf_custody_opts *o,
                 struct mf_custody_balance **out, struct mf_error *err);
int cust_check(const struct cix *x, const struct mf_custody_opts *o,
               unsigned mask, struct mf_custody_findings **out,
               struct mf_error *err);

/* The effective ticket record behind data index i: the last of its chain
 * of corrections; -1 when that one voids. */
int64_t cix_head(const struct cix *x, size_t i);

/* The string of element i for an ixmap. */
typedef const char *(*ixkey_fn)(const void *ctx, size_t i);
int ixmap_build(struct ixmap *m, size_t n, ixkey_fn key, const void *ctx);
/* Index of key, or -1. */
int64_t ixmap_get(const struct ixmap *m, const char *key, ixkey_fn key_of,
                  const void *ctx);
void ixmap_free(struct ixmap *m);

/* The moment a day ends (its last second). */
int64_t cust_day_end(int32_t day);
/* The day a moment falls on. */
int32_t cust_day_of(int64_t t);
/* Straight-line km between two registry sites; NAN when either lacks a
 * place. */
double cust_site_km(const struct mf_registry *reg, int a, int b);
/* Tolerance in tonnes for `declared` tonnes given in state s. */
/* An evidence line from an English format: into en, and its bokmål of
 * the message catalogue into nb ("" when it has none); both len bytes. */
void cust_evidence(char *en, char *nb, size_t len, const char *fmt, va_list ap)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 0)))
#endif
    ;
double cust_tolerance(const struct mf_custody_params *p, double declared,
                      enum mf_state s);

#endif
