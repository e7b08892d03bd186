/*
 * custody_store.h - the chain-of-custody entries of struct store_ops
 * (version STORE_OPS_CUSTODY_VERSION), kept in their own files as the
 * accounts are: custody_sqlite.c and custody_pg.c. store_sqlite.c and
 * store_pg.c put them in their tables.
 */
#ifndef MF_CUSTODY_STORE_H
#define MF_CUSTODY_STORE_H

#include "store.h"

/* SQLite (custody_sqlite.c). The statements it prepares are kept with
 * the store, in the slot store_sqlite_custody() gives, and freed by
 * cust_sqlite_free when the store closes. */
struct cust_sqlite;
struct cust_sqlite **store_sqlite_custody(struct store *st);
/* Counts n more records written by the transaction under way, so that
 * its commit is synced as a large one's is. */
void store_sqlite_wrote(struct store *st, long n);
/* Counts a row about to be put into table ("ticket" or "receipt") by
 * the transaction under way; at the 64th, when the table holds few rows,
 * drops the table's indexes that are not UNIQUE, to be built again in one
 * pass each as the transaction commits (a rollback keeps them). */
int store_sqlite_bulk_row(struct store *st, const char *table,
                          struct mf_error *err);
/* A bulk load of about rows into table, told before its first row:
 * defers the table's indexes that are not UNIQUE when that pays (see
 * store_sqlite.c); store_sqlite_bulk_build builds what was deferred. */
int store_sqlite_bulk_expect(struct store *st, const char *table,
                             long long rows, struct mf_error *err);
int store_sqlite_bulk_build(struct store *st, struct mf_error *err);
/* A bulk load of about rows tickets, told before the transaction under
 * way has changed anything: switches the database to the rollback
 * journal until the transaction ends when that pays and no other
 * connection has it open (store_sqlite.c, bulk_journal). */
int store_sqlite_bulk_load(struct store *st, long long rows,
                           struct mf_error *err);
void cust_sqlite_free(struct cust_sqlite *c);

int cust_sqlite_vehicle_put(struct store *st, const struct store_vehicle *v,
                            struct mf_error *err);
int cust_sqlite_quality_doc_put(struct store *st,
                                const struct store_quality_doc *d,
                                struct mf_error *err);
int cust_sqlite_ticket_put(struct store *st, const struct store_ticket *t,
                           struct mf_error *err);
int cust_sqlite_receipt_put(struct store *st, const struct store_receipt *r,
                            struct mf_error *err);
int cust_sqlite_tickets_put(struct store *st, const struct store_ticket *t,
                            size_t n, size_t *at, struct mf_error *err);
int cust_sqlite_receipts_put(struct store *st, const struct store_receipt *r,
                             size_t n, size_t *at, struct mf_error *err);
int cust_sqlite_bulk_begin(struct store *st, long long rows,
                           struct mf_error *err);
int cust_sqlite_bulk_end(struct store *st, struct mf_error *err);
int cust_sqlite_each(struct store *st, enum store_custody_kind kind,
                     store_custody_fn each, void *ctx, struct mf_error *err);
int cust_sqlite_ticket_get(struct store *st, const char *id_or_code,
                           struct store_ticket *out, struct mf_error *err);

/* PostgreSQL (custody_pg.c). */
int cust_pg_vehicle_put(struct store *st, const struct store_vehicle *v,
                        struct mf_error *err);
int cust_pg_quality_doc_put(struct store *st, const struct store_quality_doc *d,
                            struct mf_error *err);
int cust_pg_ticket_put(struct store *st, const struct store_ticket *t,
                       struct mf_error *err);
int cust_pg_receipt_put(struct store *st, const struct store_receipt *r,
                        struct mf_error *err);
int cust_pg_tickets_put(struct store *st, const struct store_ticket *t,
                        size_t n, size_t *at, struct mf_error *err);
int cust_pg_receipts_put(struct store *st, const struct store_receipt *r,
                         size_t n, size_t *at, struct mf_error *err);
int cust_pg_bulk_begin(struct store *st, long long rows, struct mf_error *err);
int cust_pg_bulk_end(struct store *st, struct mf_error *err);
int cust_pg_each(struct store *st, enum store_custody_kind kind,
                 store_custody_fn each, void *ctx, struct mf_error *err);
int cust_pg_ticket_get(struct store *st, const char *id_or_code,
                       struct store_ticket *out, struct mf_error *err);

/* The store's custody_find (custody_find.c). */
int cust_sqlite_find(struct store *st, const struct store_custody_query *q,
                     store_found_fn each, void *ctx, long long *total,
                     struct mf_error *err);
int cust_pg_find(struct store *st, const struct store_custody_query *q,
                 store_found_fn each, void *ctx, long long *total,
                 struct mf_error *err);

/* What both backends share (custody_sqlite.c): the columns in the order
 * the statements bind and read them, and the message for a broken rule
 * named by the constraint or index it broke ("ticket.id",
 * "ticket_corrected_once", ...). */
#define CUST_VEHICLE_COLS "reg, haulier, truck, payload_t, created"
#define CUST_QDOC_COLS "id, sha256, tonnes, issued, source, created"
#define CUST_TICKET_COLS                                                       \
    "id, code, corrects, reason, voids, lot, origin, dest, haulier, vehicle, " \
    "material, quantity, state, departed, quality_doc, created"
#define CUST_RECEIPT_COLS                                                      \
    "id, ticket, corrects, reason, voids, site, arrived, weighed_t, "          \
    "accepted, "                                                               \
    "rejection, created"
int cust_rule_broken(enum store_custody_kind kind, const char *what,
                     const char *id, const char *corrects,
                     struct mf_error *err);

#endif
