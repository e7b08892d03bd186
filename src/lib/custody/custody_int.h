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

/* Reading a record of data d, whether arrays or a set (set.c). The
 * ticket and receipt accessors return a pointer into d's array, or buf
 * filled from the set; the others read one field. */
const char *cset_ticket_id(const struct mf_custody_set *s, size_t i);
const char *cset_receipt_id(const struct mf_custody_set *s, size_t i);
const char *cset_receipt_ticket(const struct mf_custody_set *s, size_t i);
const char *cset_ticket_corrects(const struct mf_custody_set *s, size_t i);
const char *cset_receipt_corrects(const struct mf_custody_set *s, size_t i);
int cset_ticket_voids(const struct mf_custody_set *s, size_t i);
int cset_receipt_voids(const struct mf_custody_set *s, size_t i);
int64_t cset_ticket_departed(const struct mf_custody_set *s, size_t i);
int64_t cset_receipt_arrived(const struct mf_custody_set *s, size_t i);
int cset_receipt_status(const struct mf_custody_set *s, size_t i);

static inline const struct mf_ticket *
cust_ticket(const struct mf_custody_data *d, size_t i, struct mf_ticket *buf)
{
    return d->set ? mf_custody_set_ticket(d->set, i, buf) : &d->tickets[i];
}

static inline const struct mf_receipt *
cust_receipt(const struct mf_custody_data *d, size_t i, struct mf_receipt *buf)
{
    return d->set ? mf_custody_set_receipt(d->set, i, buf) : &d->receipts[i];
}

static inline const char *cust_ticket_id(const struct mf_custody_data *d,
                                         size_t i)
{
    return d->set ? cset_ticket_id(d->set, i) : d->tickets[i].id;
}

static inline const char *cust_receipt_id(const struct mf_custody_data *d,
                                          size_t i)
{
    return d->set ? cset_receipt_id(d->set, i) : d->receipts[i].id;
}

static inline const char *cust_receipt_ticket(const struct mf_custody_data *d,
                                              size_t i)
{
    return d->set ? cset_receipt_ticket(d->set, i) : d->receipts[i].ticket;
}

static inline const char *cust_ticket_corrects(const struct mf_custody_data *d,
                                               size_t i)
{
    return d->set ? cset_ticket_corrects(d->set, i) : d->tickets[i].corrects;
}

static inline const char *cust_receipt_corrects(const struct mf_custody_data *d,
                                                size_t i)
{
    return d->set ? cset_receipt_corrects(d->set, i) : d->receipts[i].corrects;
}

static inline int cust_ticket_voids(const struct mf_custody_data *d, size_t i)
{
    return d->set ? cset_ticket_voids(d->set, i) : d->tickets[i].voids;
}

static inline int cust_receipt_voids(const struct mf_custody_data *d, size_t i)
{
    return d->set ? cset_receipt_voids(d->set, i) : d->receipts[i].voids;
}

static inline int64_t cust_ticket_departed(const struct mf_custody_data *d,
                                           size_t i)
{
    return d->set ? cset_ticket_departed(d->set, i) : d->tickets[i].departed;
}

static inline int64_t cust_receipt_arrived(const struct mf_custody_data *d,
                                           size_t i)
{
    return d->set ? cset_receipt_arrived(d->set, i) : d->receipts[i].arrived;
}

static inline int cust_receipt_status(const struct mf_custody_data *d, size_t i)
{
    return d->set ? cset_receipt_status(d->set, i) : (int)d->receipts[i].status;
}

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

/* Asks for huge pages (fewer page faults) over a large fresh array of
 * bytes at p; nothing for a small one or where the system has none. */
void cust_huge(void *p, size_t bytes);
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
