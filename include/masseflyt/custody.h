/*
 * custody.h - chain of custody: load tickets, receipts, quality documents
 * and vehicles; the closed mass balance over them; the checks that flag
 * what does not add up; and the plan set against what actually moved.
 *
 * A source site issues a load ticket for each truckload. The receiving
 * site confirms it with a receipt (arrival, weighed tonnes, accepted or
 * rejected). Records are never edited: a correction is a new record whose
 * `corrects` names the record it replaces, and both stay in the store.
 * The library works on the effective records (the last of each chain of
 * corrections, leaving out the ones a correction voids).
 *
 * Every function here reads records that the caller owns, as plain
 * arrays or as a compact set (struct mf_custody_set, for many records;
 * the store loads them, a generator makes them); strings are borrowed
 * and must outlive the call, and results that point to ids borrow them
 * from those arrays or from the registry. Nothing here reads a file but
 * mf_custody_params_load, and nothing keeps state between calls, so
 * threads may share the inputs.
 *
 * Times are whole seconds since 1970-01-01 00:00 UTC (int64_t); dates, as
 * in model.h, are days since then. Quantities carry a volume state
 * (model.h): a ticket in tonnes (MF_STATE_T) is weighed at the source; a
 * ticket in m3 (pfm3, ulm3, pam3) is converted with the material's
 * density of the catalogue (mf_to_tonnes), and the conversion's
 * uncertainty is a tolerance of data/custody.csv.
 *
 * docs/CUSTODY.md describes the model, the balance and each check.
 */
#ifndef MF_CUSTODY_H
#define MF_CUSTODY_H

#include "masseflyt/balance.h"
#include "masseflyt/error.h"
#include "masseflyt/impact.h"
#include "masseflyt/model.h"

#include <stddef.h>
#include <stdint.h>

struct mf_plan;
struct mf_distances;

/* No time given (an arrival not yet recorded). */
#define MF_TIME_NONE INT64_MIN

/* ------------------------------------------------------------------ */
/* Records                                                              */
/* ------------------------------------------------------------------ */

/* A load ticket: one truckload leaving a site. */
struct mf_ticket {
    const char *id;          /* unique among tickets */
    const char *code;        /* verification code (mf_custody_code); may
                                be NULL when not yet issued */
    const char *lot;         /* registry lot id the masses belong to */
    const char *origin;      /* registry site id it leaves */
    const char *destination; /* registry site id it is bound for */
    const char *haulier;     /* haulier's organisation number (9 digits) */
    const char *vehicle;     /* registration, e.g. "EK12345" */
    int material;            /* catalogue index */
    double quantity;         /* as declared, > 0 */
    enum mf_state state;     /* MF_STATE_T: weighed tonnes; else m3 */
    int64_t departed;        /* time of departure */
    const char *quality_doc; /* the quality document it travels under;
                                may be NULL */
    /* Corrections: the id of the ticket this record replaces (NULL for
     * an original), why, and whether it voids the ticket altogether (a
     * load that never left). */
    const char *corrects;
    const char *reason;
    int voids;
};

enum mf_receipt_status {
    MF_RECEIPT_ACCEPTED = 0,
    MF_RECEIPT_REJECTED /* turned away at the gate; reason says why */
};

/* A receipt: the receiving site confirms a ticket. */
struct mf_receipt {
    const char *id;     /* unique among receipts */
    const char *ticket; /* the ticket id it confirms (may name none) */
    const char *site;   /* the site that received it; NULL = the
                           ticket's destination */
    int64_t arrived;    /* time of arrival */
    double weighed_t;   /* tonnes on the receiving weighbridge; < 0
                           when not weighed */
    enum mf_receipt_status status;
    const char *reason;   /* why rejected; may be NULL when accepted */
    const char *corrects; /* as for tickets */
    int voids;
};

/* A quality document (a report of the masses' condition, a lab
 * analysis): the masses it covers. */
struct mf_quality_doc {
    const char *id;
    const char *sha256;      /* content hash, 64 lower-case hex digits
                                (mf_sha256_hex) */
    const char *const *lots; /* lot ids it covers */
    int n_lots;
    double tonnes;      /* tonnes it covers in all; <= 0: not stated */
    int32_t issued;     /* date; MF_DATE_NONE when not stated */
    const char *source; /* file name or URL of the document; may be NULL */
};

/* A vehicle known to the haulier register. */
struct mf_vehicle {
    const char *registration;
    const char *haulier; /* organisation number; may be NULL */
    const char *truck;   /* truck class code of data/trucks.csv; NULL =
                            the factor "truck" */
    double payload_t;    /* legal payload; <= 0 when not stated */
};

struct mf_custody_set;

/* Everything the balance and the checks read, borrowed. Any array may be
 * empty (NULL with count 0). When set is not NULL the tickets and
 * receipts are the set's (n_tickets and n_receipts of them; the arrays
 * tickets and receipts are then NULL): mf_custody_set_data fills the
 * whole struct. Code outside the library reads a record of either kind
 * with mf_custody_data_ticket and mf_custody_data_receipt. */
struct mf_custody_data {
    const struct mf_ticket *tickets;
    size_t n_tickets;
    const struct mf_receipt *receipts;
    size_t n_receipts;
    const struct mf_quality_doc *docs;
    size_t n_docs;
    const struct mf_vehicle *vehicles;
    size_t n_vehicles;
    const struct mf_custody_set *set;
};

/* ------------------------------------------------------------------ */
/* A compact set of records (the bulk paths)                            */
/* ------------------------------------------------------------------ */

/* The same records as the structs above in about half their memory: the
 * strings are kept once each in the set (lots, sites, hauliers,
 * vehicles, documents and reasons interned; ids as 32-bit offsets into
 * one text buffer), a ticket takes 56 bytes and a receipt 32 besides its
 * id strings, and corrections live in a side table. Records are added
 * one at a time (a store's load, a generator's output), copied, and read
 * back field for field as they were put. The balance, the checks, plan
 * against actual and the rest of this header read a set through
 * mf_custody_set_data. At most 2^32 - 2 tickets and as many receipts,
 * and 4 GiB of strings (MF_ERANGE beyond). */
int mf_custody_set_new(struct mf_custody_set **out);
void mf_custody_set_free(struct mf_custody_set *s);
int mf_custody_set_add_ticket(struct mf_custody_set *s,
                              const struct mf_ticket *t);
int mf_custody_set_add_receipt(struct mf_custody_set *s,
                               const struct mf_receipt *r);
int mf_custody_set_add_doc(struct mf_custody_set *s,
                           const struct mf_quality_doc *q);
int mf_custody_set_add_vehicle(struct mf_custody_set *s,
                               const struct mf_vehicle *v);
/* Adds every record of d (which may itself be a set's). */
int mf_custody_set_add(struct mf_custody_set *s,
                       const struct mf_custody_data *d);
/* Fills *out to read the set (out->set = s). The docs and vehicles it
 * points to, and every string read from the set, stay valid until the
 * next add or mf_custody_set_data or the set's free. */
int mf_custody_set_data(struct mf_custody_set *s, struct mf_custody_data *out);
/* Ticket (receipt) i of the set, written to *out, which is returned. */
const struct mf_ticket *mf_custody_set_ticket(const struct mf_custody_set *s,
                                              size_t i, struct mf_ticket *out);
const struct mf_receipt *mf_custody_set_receipt(const struct mf_custody_set *s,
                                                size_t i,
                                                struct mf_receipt *out);
/* Ticket (receipt) i of d whether it holds arrays or a set: a pointer
 * into the array, or buf filled from the set. */
const struct mf_ticket *mf_custody_data_ticket(const struct mf_custody_data *d,
                                               size_t i, struct mf_ticket *buf);
const struct mf_receipt *
mf_custody_data_receipt(const struct mf_custody_data *d, size_t i,
                        struct mf_receipt *buf);

/* ------------------------------------------------------------------ */
/* Verification codes and content hashes                                */
/* ------------------------------------------------------------------ */

/* A code is 8 characters of Crockford's base-32 alphabet (0-9 and A-Z
 * without I, L, O and U), printed as two groups of four: "7K3M-Q9XD".
 * 40 bits of HMAC-SHA-256 over the ticket id, keyed by the secret. */
#define MF_CUSTODY_CODE_LEN 9 /* with the dash */
#define MF_CUSTODY_CODE_SIZE (MF_CUSTODY_CODE_LEN + 1)

/* Writes the verification code of ticket_id under secret (a site's or
 * the installation's salt; not empty) into out, NUL-terminated: MF_OK,
 * or MF_ENOMEM with out empty. The same id and secret always give the
 * same code. */
int mf_custody_code(const char *ticket_id, const char *secret,
                    char out[MF_CUSTODY_CODE_SIZE]);
/* The same for many tickets under one secret: the key prepared once
 * (mf_custody_key_init: MF_OK or MF_ENOMEM), each code then costs half as
 * much; mf_custody_key_free releases it. The key holds libcrypto's digest
 * contexts (the key's two padded blocks hashed, and one a code is hashed
 * in), so one key serves one thread at a time. */
struct mf_custody_key {
    void *inner, *outer, *work; /* EVP_MD_CTX */
};
int mf_custody_key_init(struct mf_custody_key *ck, const char *secret);
void mf_custody_key_free(struct mf_custody_key *ck);
int mf_custody_code_keyed(struct mf_custody_key *ck, const char *ticket_id,
                          char out[MF_CUSTODY_CODE_SIZE]);
/* 1 when code is ticket_id's code under secret, read leniently: case,
 * spaces and dashes do not matter, and O reads as 0, I and L as 1. */
int mf_custody_code_check(const char *ticket_id, const char *secret,
                          const char *code);

/* SHA-256 of len bytes as 64 lower-case hex digits and a NUL in out:
 * MF_OK, or MF_ENOMEM with out empty. */
int mf_sha256_hex(const void *data, size_t len, char out[65]);

/* ------------------------------------------------------------------ */
/* Parameters: data/custody.csv                                         */
/* ------------------------------------------------------------------ */

/* Tolerances and limits, each with its source in data/custody.csv. */
struct mf_custody_params {
    double weigh_rel;   /* share: weighbridge against weighbridge */
    double weigh_abs_t; /* tonnes added to every weighing tolerance */
    double volume_rel[MF_STATE_COUNT]; /* share: a declared volume
                                          converted to tonnes, by state */
    double unreceived_hours; /* a ticket with no receipt after this long */
    double max_speed_kmh;    /* no truck covers the straight line faster */
    int window_grace_days;   /* loads this many days outside the lot's
                                window still pass */
    double doc_rel;          /* share a document's tonnes may be exceeded */
    double capacity_rel;     /* share a site's capacity may be exceeded */
};

/* Reads data_dir/custody.csv (NULL: mf_data_dir_default()): columns key,
 * value, unit, estimate, source. Every key must be given once; a bad row
 * is MF_EINVAL naming the file, line and field. */
int mf_custody_params_load(struct mf_custody_params *out, const char *data_dir,
                           struct mf_error *err);

/* ------------------------------------------------------------------ */
/* Options shared by the balance, the checks and plan against actual    */
/* ------------------------------------------------------------------ */

struct mf_custody_opts {
    int64_t as_of; /* the moment the state is taken at; tickets
                      and receipts after it are left out;
                      MF_TIME_NONE: the catalogue's today, end
                      of day */
    enum mf_period_kind period;
    int32_t from, to;                       /* MF_DATE_NONE: from the tickets */
    const char *municipality;               /* NULL = all */
    const struct mf_custody_params *params; /* NULL: the built-in defaults
                                               (the values of data/) */
    const struct mf_factors *factors;       /* truck-km and CO2e; NULL:
                                               leave them at 0 */
    const struct mf_distances *distances;   /* road km; NULL: great
                                               circle x circuity */
    const struct mf_plan *plan; /* plan against actual; may be NULL */
    size_t max_findings;        /* 0: unlimited; beyond, only counts */
};

#define MF_CUSTODY_OPTS_INIT                                                   \
    {                                                                          \
        .as_of = MF_TIME_NONE, .period = MF_PERIOD_MONTH,                      \
        .from = MF_DATE_NONE, .to = MF_DATE_NONE                               \
    }

/* The built-in defaults (the same values as data/custody.csv). */
void mf_custody_params_default(struct mf_custody_params *out);

/* ------------------------------------------------------------------ */
/* Effective records and well-formedness                                */
/* ------------------------------------------------------------------ */

/* Checks the records themselves: ids present and unique, a ticket's lot,
 * sites and material known, a quantity > 0 with a state, an organisation
 * number that passes its check digit, a correction naming a record of
 * its kind. Every problem goes to `is` (validate.h) as an error naming
 * the record and field ("ticket T-1: quantity"). Returns the worst
 * severity found, or MF_ENOMEM. An import writes nothing when this finds
 * an error. */
int mf_custody_validate(const struct mf_registry *reg,
                        const struct mf_custody_data *data,
                        struct mf_issues *is);

/* The effective records: for each chain of corrections the last record,
 * unless it voids. *tickets and *receipts are arrays of indices into the
 * data's arrays, in their order; the caller frees them with free(). */
int mf_custody_effective(const struct mf_custody_data *data, size_t **tickets,
                         size_t *n_tickets, size_t **receipts,
                         size_t *n_receipts, struct mf_error *err);

/* ------------------------------------------------------------------ */
/* The closed mass balance                                              */
/* ------------------------------------------------------------------ */

enum mf_custody_dim {
    MF_CDIM_TOTAL = 0, /* everything in scope */
    MF_CDIM_LOT,
    MF_CDIM_SITE,
    MF_CDIM_PROJECT,
    MF_CDIM_MUNICIPALITY,
    MF_CDIM_COUNT
};

/* One line of the balance, tonnes. For a lot (and the project,
 * municipality and total above it), counted on the tickets of its lots:
 *   surplus    registered supply (spread over the lot's window)
 *   planned    the plan's flows out of the lot (0 without a plan)
 *   dispatched first legs: tickets leaving a place that is not a
 *              storage or processing site, as declared
 *   received   accepted at a destination that is not storage, weighed
 *              (declared when not weighed)
 *   rejected   turned away, declared
 *   transit    tickets with no receipt yet, declared
 *   stored     accepted at storage less what left it again
 *   in_place   surplus - dispatched
 * and dispatched = received + rejected + transit + stored + difference,
 * where the difference (weighed against declared) should lie within
 * tolerance. For a site: dispatched = what left it, received = what it
 * accepted, rejected = what it turned away, transit = what is on its way
 * to it, planned = the plan's flows into it, stored = received -
 * dispatched at a storage site; surplus and in_place are those of the
 * lots registered at the site (project sites only). period is an
 * index into the balance's periods (tickets by day of departure), or -1
 * for the whole horizon. */
struct mf_custody_row {
    enum mf_custody_dim dim;
    const char *key; /* lot, site or project id, municipality number;
                        "" for the total */
    int period;
    double surplus_t, planned_t, dispatched_t, received_t, rejected_t,
        transit_t, stored_t, in_place_t;
    double difference_t; /* dispatched - (received + rejected + transit +
                            stored); 0 for a site */
    double tolerance_t;  /* what weighing and conversions allow */
    size_t tickets;      /* tickets counted */
};

enum mf_custody_cause {
    MF_CAUSE_WEIGHING = 0, /* weighed tonnes differ from declared beyond
                              the weighing and conversion tolerance */
    MF_CAUSE_OVER_SURPLUS, /* more dispatched than the lot registers */
    MF_CAUSE_UNRECEIVED,   /* overdue in transit */
    MF_CAUSE_REJECTED,     /* loads turned away */
    MF_CAUSE_UNPLANNED,    /* moved where the plan moves nothing */
    MF_CAUSE_COUNT
};

/* A difference beyond tolerance, on one line of the balance. */
struct mf_custody_diff {
    size_t row; /* index into the balance's rows */
    enum mf_custody_cause cause;
    double expected_t, actual_t; /* what should be, what is */
    double tolerance_t;
    char evidence[240];    /* one line: which tickets, how much */
    char evidence_nb[240]; /* the same in bokmål; "" when the message
                              catalogue has none */
};

struct mf_custody_balance {
    struct mf_periods periods;
    struct mf_custody_row *rows; /* by dim, then key, then period (-1
                                    first) */
    size_t n_rows;
    struct mf_custody_diff *diffs;
    size_t n_diffs;
    size_t tickets_in;      /* effective tickets counted */
    size_t tickets_outside; /* left out by as_of or municipality */
};

/* Computes the closed balance. reg gives the lots, sites and projects;
 * opts may be NULL (MF_CUSTODY_OPTS_INIT). Caller owns *out. */
int mf_custody_balance(const struct mf_registry *reg,
                       const struct mf_custody_data *data,
                       const struct mf_custody_opts *opts,
                       struct mf_custody_balance **out, struct mf_error *err);
void mf_custody_balance_free(struct mf_custody_balance *b);
/* The row for (dim, key, period), or NULL. */
const struct mf_custody_row *
mf_custody_balance_row(const struct mf_custody_balance *b,
                       enum mf_custody_dim dim, const char *key, int period);

/* ------------------------------------------------------------------ */
/* The checks                                                           */
/* ------------------------------------------------------------------ */

enum mf_custody_check {
    MF_CHK_UNRECEIVED = 0, /* no receipt unreceived_hours after leaving */
    MF_CHK_NO_TICKET,      /* a receipt that names no ticket */
    MF_CHK_WRONG_SITE,     /* received elsewhere than the ticket names */
    MF_CHK_DEST_MATERIAL,  /* the destination does not take the material */
    MF_CHK_DEST_PERMIT,    /* the destination may not take it: unknown,
                              closed on the day, refused by the rules, or
                              a flow rule forbids the lot going there */
    MF_CHK_DEST_HAZARD,    /* the destination lies in a quick-clay or
                              flood hazard zone */
    MF_CHK_DEST_CAPACITY,  /* accepted past the site's capacity or yearly
                              permit */
    MF_CHK_LOT_REFUSED,    /* a lot the rules refuse still ships */
    MF_CHK_DOC_OVERUSE,    /* a quality document used for more tonnes or
                              other lots than it covers, or unknown */
    MF_CHK_VEHICLE_CLASH,  /* one vehicle on two loads at once */
    MF_CHK_VEHICLE_SPEED,  /* faster than the road allows */
    MF_CHK_WINDOW,         /* a load outside the lot's window */
    MF_CHK_WEIGHT,         /* weighed tonnes far from declared */
    MF_CHK_COUNT
};

/* What a finding is about. */
enum mf_custody_rec {
    MF_CREC_TICKET = 0,
    MF_CREC_RECEIPT,
    MF_CREC_DOC,
    MF_CREC_LOT,
    MF_CREC_SITE,
    MF_CREC_VEHICLE
};

struct mf_custody_finding {
    enum mf_custody_check check;
    enum mf_custody_rec kind;
    const char *id;        /* the record it is about (borrowed) */
    const char *other;     /* a second record: the other ticket, the site,
                              the document; may be NULL */
    double value;          /* what was found (hours, t, km/h, days) */
    double limit;          /* what is allowed */
    char evidence[280];    /* one line in English */
    char evidence_nb[280]; /* the same in bokmål; "" when the message
                              catalogue has none (masseflyt/msg.h) */
};

struct mf_custody_findings {
    struct mf_custody_finding *items; /* by check, then record id */
    size_t n;
    size_t dropped;             /* beyond max_findings */
    size_t count[MF_CHK_COUNT]; /* by check, the dropped included */
};

/* Runs the checks in mask (bit 1u << check; 0 = all). One finding per
 * ticket or receipt, except DEST_CAPACITY (per site and limit: the ticket
 * that crossed it), LOT_REFUSED (per lot, with the first ticket) and
 * DOC_OVERUSE (per document, or per ticket for an unknown document).
 * Caller owns *out. */
int mf_custody_check(const struct mf_registry *reg,
                     const struct mf_custody_data *data,
                     const struct mf_custody_opts *opts, unsigned mask,
                     struct mf_custody_findings **out, struct mf_error *err);
void mf_custody_findings_free(struct mf_custody_findings *f);

/* The closed balance and the checks in mask together, over one
 * resolution of the records: the same answers as mf_custody_balance and
 * mf_custody_check called one after the other, in less time (the records
 * are resolved once, not twice). Either out may be NULL to leave that
 * part out. On an error neither is set. Caller owns what is set. */
int mf_custody_balance_check(const struct mf_registry *reg,
                             const struct mf_custody_data *data,
                             const struct mf_custody_opts *opts, unsigned mask,
                             struct mf_custody_balance **balance,
                             struct mf_custody_findings **findings,
                             struct mf_error *err);

/* "unreceived", "no_ticket", ...; and back (-1 when unknown). */
const char *mf_custody_check_name(enum mf_custody_check c);
int mf_custody_check_parse(const char *s);
const char *mf_custody_cause_name(enum mf_custody_cause c);
const char *mf_custody_dim_name(enum mf_custody_dim d);
const char *mf_custody_rec_name(enum mf_custody_rec r);

/* ------------------------------------------------------------------ */
/* Plan against actual                                                  */
/* ------------------------------------------------------------------ */

/* A flow between two places in one period: planned and moved. A place is
 * a site id (a lot's site for the plan's lots, the lot id when it has no
 * site). */
struct mf_custody_flow {
    const char *from, *to; /* borrowed from the registry */
    int material;
    int period;
    double planned_t, moved_t; /* moved: accepted (weighed) or in
                                  transit (declared) */
};

/* Per period (and -1 for the whole horizon): the indicators as planned
 * and as they happened. reuse = tonnes reaching a need (a project site)
 * over those reaching a need or a receiving site. */
struct mf_custody_kpi {
    int period;
    double planned_t, moved_t;
    double reused_planned_t, reused_actual_t;
    double landfilled_planned_t, landfilled_actual_t;
    double reuse_rate_planned, reuse_rate_actual;
    double truck_km_planned, truck_km_actual;
    double co2e_planned_kg, co2e_actual_kg;
};

struct mf_custody_pva {
    struct mf_periods periods;
    struct mf_custody_flow *flows; /* by from, to, material, period */
    size_t n_flows;
    struct mf_custody_kpi *kpi; /* periods.n + 1: index 0 is the whole
                                   horizon (period -1), then by period */
};

/* Sets the plan (opts->plan, which may be NULL: all planned figures 0)
 * against the effective tickets. Actual truck-km are two per km of road
 * per ticket (loaded out, empty back); actual CO2e uses the vehicle's
 * truck class on its own energy (mf_haul_per_tonne's factors). Caller
 * owns *out. */
int mf_custody_plan_vs_actual(const struct mf_registry *reg,
                              const struct mf_custody_data *data,
                              const struct mf_custody_opts *opts,
                              struct mf_custody_pva **out,
                              struct mf_error *err);
void mf_custody_pva_free(struct mf_custody_pva *p);

/* What has moved by opts->as_of (`plan --from-actual`): a load has moved
 * when its effective receipt is accepted by then (weighed tonnes, or the
 * ticket's declared ones when not weighed); in transit or rejected, it
 * has not. */
struct mf_custody_moved {
    double *lot_t;  /* per registry lot: a surplus's tonnes that left it;
                       a need's tonnes delivered to its site (the site's
                       needs in registry order, each up to its tonnes) */
    double *site_t; /* per registry site: tonnes accepted there */
    size_t n_loads; /* loads that moved */
    double moved_t; /* their tonnes */
    int32_t today;  /* the day of as_of */
};

int mf_custody_moved(const struct mf_registry *reg,
                     const struct mf_custody_data *data,
                     const struct mf_custody_opts *opts,
                     struct mf_custody_moved *out, struct mf_error *err);
void mf_custody_moved_free(struct mf_custody_moved *m);

/* The registry left to plan after m: each lot's tonnes (and quantity as
 * given, in proportion) less what moved, a lot left with less than half
 * a tonne dropped; each receiving site's remaining capacity less what it
 * took in; every lot's window starting no earlier than m->today (what is
 * left of a lot whose window has passed can still move from today).
 * Caller frees *out; reg's catalogue must outlive it. */
int mf_custody_remaining(const struct mf_registry *reg,
                         const struct mf_custody_moved *m,
                         struct mf_registry **out, struct mf_error *err);

/* ------------------------------------------------------------------ */
/* The seeded generator (the demo's tickets and the benchmark)          */
/* ------------------------------------------------------------------ */

struct mf_custody_gen_opts {
    uint64_t seed;
    size_t n_tickets;     /* about this many (the plan's tonnes are
                             scaled to it) */
    double noise;         /* relative noise on weights, e.g. 0.01 */
    int faults_per_check; /* injected faults of every kind; 0: clean */
    const char *secret;   /* for the verification codes; NULL: none */
    int64_t as_of;        /* the moment the data stop; MF_TIME_NONE:
                             after the last ticket */
};

#define MF_CUSTODY_GEN_OPTS_INIT                                               \
    {                                                                          \
        .seed = 1, .n_tickets = 1000, .noise = 0.01, .faults_per_check = 1,    \
        .as_of = MF_TIME_NONE                                                  \
    }

/* What the generator made: records that own their strings, and the
 * findings it injected on purpose (the exact set the checks must find). */
struct mf_custody_gen {
    struct mf_custody_data data; /* points into this struct's storage */
    struct mf_ticket *tickets;
    struct mf_receipt *receipts;
    struct mf_quality_doc *docs;
    struct mf_vehicle *vehicles;
    int64_t as_of;                       /* the moment to check at */
    struct mf_custody_finding *injected; /* check, kind, id only */
    size_t n_injected;
    struct mf_custody_gen_mem *mem; /* private: owns the strings */
};

/* Generates tickets that follow the plan's flows over its periods with
 * noise (MF_EINVAL when plan is NULL or moves nothing), with
 * opts->faults_per_check faults of every check injected. The registry and plan
 * are borrowed only during the call: the result owns copies of every string.
 * Caller frees *out with mf_custody_gen_free. */
int mf_custody_generate(const struct mf_registry *reg,
                        const struct mf_plan *plan,
                        const struct mf_custody_gen_opts *opts,
                        struct mf_custody_gen **out, struct mf_error *err);
void mf_custody_gen_free(struct mf_custody_gen *g);

/* Some faults need records a region may not have: a receiving site in a
 * hazard zone, a receiving site with little capacity left, a surplus lot
 * the rules refuse (and a receiving site without a capacity for its
 * loads). The generator injects those kinds only when the registry has
 * them. This adds them, named "gen-hazard", "gen-small", "gen-open" and
 * "gen-refused", beside the region's first supply lot
 * that has a site and a window, taking its material. Call it after
 * solving the plan (the plan then never uses them, and appending keeps
 * the plan's indices valid). MF_ENOTFOUND when no such lot exists. */
int mf_custody_gen_fixtures(struct mf_registry *reg, struct mf_error *err);

#endif
