/*
 * app.h - the use cases of masseflyt, written once: import, plan,
 * scenarios, the report, and the queries behind init, validate, list,
 * show, balance, export and rules. The command-line program (src/cli/)
 * and a server call these; neither sees the library's insides nor the
 * store's. The CLI parses argv, calls one use case and prints its result;
 * a server's route decodes a request, calls the same use case and encodes
 * the result.
 *
 *   cli/, server/  ->  app/ (this)  ->  store/  ->  lib/ (libmasseflyt)
 *
 * Conventions, as in the library: a use case takes its context, an
 * options struct (with an _INIT macro where it has defaults) and a result
 * struct it fills, and a struct mf_error last; it returns MF_OK or a
 * negative status with the error filled. It never prints: what it has to
 * say is in the result, and long work reports progress through a
 * callback. A result owns what it holds (free it with its _free function,
 * also after a failure); strings and records in it are borrowed from the
 * result and live as long as it.
 *
 * Configuration is resolved once, outside the library: the caller fills
 * a struct app_config from its arguments and, where it wants,
 * app_config_from_env(); the library gets what it needs as arguments and
 * reads no environment.
 *
 * Threads. A server runs requests on several threads:
 *   - struct app (the configuration, the catalogue, the factors) is
 *     shared by every thread. The catalogue and the factors are loaded
 *     once, on first use, under the context's lock, and only read after
 *     that; nothing in them changes. Create the context before the
 *     threads start and free it after they end.
 *   - struct app_session is per thread (or used by one thread at a time,
 *     serialised by the caller): it holds the store connection, which
 *     must not be used by two threads at once (the SQLite backend opens
 *     its connection without SQLite's own mutexes).
 *   - results, options and the registries use cases load are per request.
 *   - the library keeps no mutable global or static state; external
 *     programs (Chromium) run only through src/app/runner.c, in their own
 *     process group, without a shell. Callers must not ignore SIGCHLD
 *     (the runner waits for its child).
 */
#ifndef MF_APP_H
#define MF_APP_H

#include "masseflyt/balance.h"
#include "masseflyt/custody.h"
#include "masseflyt/error.h"
#include "masseflyt/io.h"
#include "masseflyt/model.h"
#include "masseflyt/places.h"
#include "masseflyt/plan.h"
#include "masseflyt/scenario.h"
#include "masseflyt/validate.h"

#include <stddef.h>
#include <stdint.h>

/* ------------------------------------------------------------------ */
/* Configuration                                                        */
/* ------------------------------------------------------------------ */

#define APP_PATH_MAX 4096
#define APP_MAX_SCENARIOS 12 /* in one comparison or report */
#define APP_MAX_NOTES 8      /* explained differences per scenario */

/* What every use case of one context shares. Plain values (no pointers),
 * so a context keeps its own copy. */
struct app_config {
    char db[APP_PATH_MAX];       /* the database: a path, or sqlite:PATH */
    char data_dir[APP_PATH_MAX]; /* catalogue, factors, map outlines */
    /* The folder of scenario files; "" = DATA_DIR/demo/scenarios. */
    char scenario_dir[APP_PATH_MAX];
    /* The date the rules are taken at; MF_DATE_NONE = each lot's start
     * (validate.h). Options may give their own for one request. */
    int32_t as_of;
    /* Today, fixed (tests, reproducible reports); MF_DATE_NONE = the
     * clock's, read when a use case needs it. */
    int32_t today;
    char lang[8]; /* "en" or "nb": titles and reasons put in results */
    /* The program that prints the HTML report to PDF (headless Chromium),
     * as a path; "" = none, the PDF is drawn with cairo. */
    char chromium[APP_PATH_MAX];
    char tmp_dir[APP_PATH_MAX]; /* where temporary folders are made */
};

/* The settings app_config_set takes. */
enum app_setting {
    APP_SET_DB = 0,
    APP_SET_DATA,      /* a folder */
    APP_SET_SCENARIOS, /* a folder */
    APP_SET_AS_OF,     /* YYYY-MM-DD (the field itself takes NONE) */
    APP_SET_TODAY,     /* YYYY-MM-DD */
    APP_SET_LANG,      /* en or nb */
    APP_SET_CHROMIUM,  /* a path, or "" for none */
    APP_SET_TMP        /* a folder */
};

/* The defaults: db masseflyt.db, the data folder masseflyt was built
 * with, no rules date, the clock's today, English, no Chromium (cairo
 * draws the PDF), /tmp. */
void app_config_init(struct app_config *cfg);
/* For an installed program (PREFIX/bin/masseflyt): 1 with out set to
 * PREFIX/share/masseflyt/NAME when that exists ("web", "openapi.json"),
 * else 0 (a program in the build tree). */
int app_installed_path(const char *name, char *out, size_t len);

/* Sets one setting from text. MF_EINVAL when the value is malformed (a
 * date that is not one, an unknown language, a path longer than
 * APP_PATH_MAX - 1 bytes); err->message says why, cfg is unchanged. */
int app_config_set(struct app_config *cfg, enum app_setting key,
                   const char *value, struct mf_error *err);

/* Takes the settings a command-line user gives in the environment over
 * what cfg holds: $MASSEFLYT_DB, $MASSEFLYT_DATA, $MASSEFLYT_SCENARIOS,
 * $MASSEFLYT_TODAY (a malformed date is ignored, as a test hook should
 * be), $TMPDIR, and the Chromium to print with: $MASSEFLYT_CHROMIUM (a
 * path, or a name looked up on $PATH; when set, the only candidate), else
 * `chromium` or `chromium-browser` on $PATH. Empty variables count as
 * unset. This is the only place masseflyt reads the environment; call it
 * once, before any thread starts. */
int app_config_from_env(struct app_config *cfg, struct mf_error *err);

/* The same with variables from lookup(ctx, name) (NULL = unset) instead of
 * getenv: for tests and for a server that reads a file of settings. */
int app_config_resolve(struct app_config *cfg,
                       const char *(*lookup)(void *ctx, const char *name),
                       void *ctx, struct mf_error *err);

/* ------------------------------------------------------------------ */
/* Context and session                                                  */
/* ------------------------------------------------------------------ */

struct app;
struct app_session;

/* A context over a copy of cfg. Loads nothing yet. Caller owns *out. */
int app_new(struct app **out, const struct app_config *cfg,
            struct mf_error *err);
/* Frees the context; every session made from it must be freed first. */
void app_free(struct app *app);
const struct app_config *app_config_of(const struct app *app);
/* A DSN as it may be printed: a password replaced with "***"
 * ("postgresql://user:***@host/db"). out holds len bytes. */
void app_dsn_shown(const char *dsn, char *out, size_t len);

/* The catalogue and the factors of the context's data folder, loaded on
 * first use (then fixed: read-only, shared by all threads). Borrowed: they
 * live as long as the context. The query behind `rules` is app_catalog. */
int app_catalog(struct app *app, const struct mf_catalog **out,
                struct mf_error *err);
int app_factors(struct app *app, const struct mf_factors **out,
                struct mf_error *err);

/* A session for one thread: the store connection is opened on first use
 * (and a missing database is MF_ENOTFOUND, except for app_init). */
int app_session_new(struct app_session **out, struct app *app,
                    struct mf_error *err);
void app_session_free(struct app_session *s);

/* ------------------------------------------------------------------ */
/* Progress                                                             */
/* ------------------------------------------------------------------ */

enum app_step {
    APP_STEP_RECORDS = 0, /* import: `done` records of file `what` read */
    APP_STEP_FILE_DONE,   /* import: file `what` read to its end */
    APP_STEP_SCENARIO,    /* scenario `what` solved: done of total */
    APP_STEP_REPORT       /* report: part `what` ("balance", "html", ...) */
};

struct app_progress {
    enum app_step step;
    const char *what;
    size_t done, total;
};

/* Called on the thread that runs the use case; must not call back into
 * the same session. */
typedef void (*app_progress_fn)(void *ctx, const struct app_progress *p);

/* ------------------------------------------------------------------ */
/* Scope: what a plan, balance, report or export shows                  */
/* ------------------------------------------------------------------ */

/* A part of the region a user asks about (scope.c). A scope chooses what
 * is shown, never what is planned: the plan is solved for the whole
 * region, so its optimum is the same with any scope. */
enum app_scope_kind {
    APP_SCOPE_ALL = 0,      /* the whole region (no scope) */
    APP_SCOPE_PROJECT,      /* id: a project's id */
    APP_SCOPE_ORG,          /* id: an organisation's id or its number */
    APP_SCOPE_MUNICIPALITY, /* id: a kommunenummer, 4 digits */
    APP_SCOPE_COUNTY,       /* id: a fylkesnummer, 2 digits (the first two
                               of the kommunenummer) */
    APP_SCOPE_NEAR,         /* within radius_km of lat, lon */
    APP_SCOPE_BBOX          /* west <= lon <= east, south <= lat <= north */
};

struct app_scope {
    enum app_scope_kind kind;
    char id[64]; /* project, organisation (orgnr without spaces or dots),
                    municipality or county */
    double lat, lon, radius_km;
    double west, south, east, north;
    /* With --near before --radius (or the other way) while parsing:
     * app_scope_done checks they came together. */
    int have_near, have_radius;
};

#define APP_SCOPE_INIT                                                         \
    {                                                                          \
        .kind = APP_SCOPE_ALL                                                  \
    }

/* The option names a scope is given with, as the CLI spells them and an
 * HTTP query names its parameters without the dashes: "--project",
 * "--organisation", "--municipality", "--county", "--near", "--radius",
 * "--bbox". 1 when name is one of them. */
int app_scope_is_option(const char *name);

/* Sets one option of a scope from its text: --project ID,
 * --organisation ID or ORGNR ("924 817 356" and "924.817.356" are
 * 924817356), --municipality NNNN, --county NN, --near LAT,LON (decimal
 * degrees), --radius KM, --bbox W,S,E,N (degrees). MF_EINVAL when the
 * value breaks the option's rule, or when a scope of another kind is set
 * already (one scope at a time): err->message names the option and the
 * rule. Call app_scope_done after the last option. */
int app_scope_set(struct app_scope *sc, const char *option, const char *value,
                  struct mf_error *err);

/* Checks a scope whose options are all set: --near and --radius go
 * together. MF_EINVAL naming the option missing. */
int app_scope_done(struct app_scope *sc, struct mf_error *err);

/* The scope in words, in lang ("en" or "nb"): "project skole",
 * "municipality 3301", "within 5 km of 59.7440 N 10.2045 E", ...; "" for
 * the whole region. */
char *app_scope_text(const struct app_scope *sc, const char *lang, char *buf,
                     size_t len);

/* What of a registry lies in a scope: per lot, site and project, 1 when
 * in it. A lot is in a project or organisation scope when its project
 * (or its site's) is; in a place scope when its place (or its site's
 * municipality) is. A site is in a project or organisation scope when it
 * belongs to it; in a place scope when its place is. */
struct app_scope_sel {
    unsigned char *lot, *site, *project; /* registry order */
    size_t n_lots, n_sites, n_projects;  /* how many are in */
};

/* Selects; MF_ENOTFOUND naming the option when the project or the
 * organisation of the scope is not in the registry. The whole region
 * selects everything. Free with app_scope_sel_free (also after a
 * failure). */
int app_scope_select(const struct app_scope *sc, const struct mf_registry *reg,
                     struct app_scope_sel *out, struct mf_error *err);
void app_scope_sel_free(struct app_scope_sel *sel);

/* ------------------------------------------------------------------ */
/* Import                                                               */
/* ------------------------------------------------------------------ */

struct app_import_file {
    const char *path;
    int kind; /* enum mf_entity, or -1: from the name (orgs*, lots*, ...) */
};

/* Called for each good record before it is written, with the
 * organisation it belongs to (NULL: none); a non-zero status stops the
 * import (nothing is written) and is returned. */
typedef int (*app_import_check_fn)(void *ctx, enum mf_entity e, const char *id,
                                   const char *org, struct mf_error *err);

struct app_import_opts {
    const struct app_import_file *files;
    int n_files;
    enum mf_encoding encoding;
    int dry_run;         /* check everything, write nothing */
    int no_replace;      /* a record whose id is stored is an error */
    size_t max_problems; /* issues listed, replacements listed; counts go
                            on beyond */
    int32_t as_of;       /* MF_DATE_NONE = the config's */
    app_progress_fn progress;
    void *progress_ctx;
    app_import_check_fn check; /* NULL: none */
    void *check_ctx;
    /* A document in memory instead of files (an upload): with data set,
     * n_files must be 1 and files[0].path is only the label problems are
     * named by. CSV, or GeoJSON with geojson 1. */
    const char *data;
    size_t len;
    int geojson;
    /* When set, the import is recorded in the audit log in the import's
     * own transaction (action "import", target "lots" and so on, after:
     * the files and their counts). */
    const char *actor_email;
    int64_t actor;
};

#define APP_IMPORT_OPTS_INIT                                                   \
    {                                                                          \
        .encoding = MF_ENC_AUTO, .max_problems = 100, .as_of = MF_DATE_NONE    \
    }

/* One file read to its end. */
struct app_import_done {
    const char *path; /* borrowed from the options */
    enum mf_entity kind;
    size_t records;
    char encoding[32];         /* as found: "UTF-8", "Windows-1252" */
    char ignored_columns[256]; /* comma-separated; "" when none */
};

struct app_import_result {
    struct app_import_done *files; /* in the order read (kind order) */
    int n_files;
    struct mf_import_stats stats; /* totals over the files */
    struct mf_issues issues;      /* every problem, up to max_problems */
    int checked;                  /* 1: every file was read, issues whole */
    int written;                  /* 1: committed */
    /* Records whose id was already stored, and so replace it: how many
     * differ from what was stored, how many are the same, and the first
     * max_problems that differ with what changed. */
    size_t n_replaced, n_unchanged;
    struct app_replaced *replaced;
    size_t n_listed;
};

/* A stored record an import replaces, and what changed. */
struct app_replaced {
    enum mf_entity kind;
    char where[200]; /* where the new record was read: "lots.csv:2" */
    char *id;
    /* "quantity 400000 pfm3 -> 1 pfm3, note 'a' -> 'b'": each field that
     * differs, with its old and new values as CSV writes them (long texts
     * shortened). */
    char *changes;
};

/*
 * Imports files in kind order (organisations, projects, sites, lots,
 * whatever the order given, so lots may refer to sites of the same
 * import) in one transaction. Records go to the store through the writer
 * thread (src/store/writer.c) while the next ones are read and checked.
 * All or nothing: when any record breaks a rule of severity error,
 * nothing is written and MF_EINVAL says "import refused: N errors;
 * nothing was written" (res->issues lists them; res->checked is 1). A
 * file that cannot be read is an issue like any other. Each file read is
 * logged in the store's import log. A negative status with res->checked
 * 0 means the import stopped before every file was read (the store or
 * memory failed); nothing is written then either.
 *
 * A record whose id is already stored replaces it: res->replaced lists
 * what changed. With opts->no_replace each such record is an error
 * naming file, line and id instead (and nothing is written).
 */
int app_import(struct app_session *s, const struct app_import_opts *opts,
               struct app_import_result *res, struct mf_error *err);
void app_import_result_free(struct app_import_result *res);

/* ------------------------------------------------------------------ */
/* Plan                                                                 */
/* ------------------------------------------------------------------ */

struct app_plan_opts {
    const char *name;         /* stored under this name; NULL = "plan" */
    struct mf_plan_opts plan; /* plan.as_of MF_DATE_NONE = the config's */
    const char *fleet;        /* "trailer=0.7,electric=0.3"; NULL = factor */
    const char *distances;    /* road km file (from,to,km); NULL = none */
    const char *explain;      /* a lot's id: explain it (res->explanation) */
    /* Who asked for the plan (an account's e-mail), kept in the stored
     * document as "by"; NULL: no one named (the command line). */
    const char *by;
    /* Files app_plan_save writes; NULL = not wanted. */
    const char *csv;     /* flows as CSV */
    const char *geojson; /* flows as GeoJSON lines */
    const char *dimacs;  /* the network as DIMACS min-cost flow */
    const char *lp;      /* the network as an LP (CPLEX LP format) */
    int write_flags;     /* MF_WRITE_STDOUT (output.h): "-" is stdout */
    /* What the result picks out (res->sel, res->scope_flows): the plan is
     * solved for the whole region all the same, so a scope never changes
     * the optimum. APP_SCOPE_ALL (the default): nothing picked out. */
    struct app_scope scope;
    /* 1: re-plan the rest of the horizon from what has moved by
     * plan.as_of (the end of that day; the chain of custody's accepted
     * receipts): lots and receiving sites less what moved
     * (mf_custody_remaining), planned from that day on. */
    int from_actual;
};

#define APP_PLAN_OPTS_INIT                                                     \
    {                                                                          \
        .plan = MF_PLAN_OPTS_INIT                                              \
    }

/* A lot the plan could not place (surplus) or meet (need), and why. */
struct app_shortfall {
    size_t lot;     /* registry index */
    const char *id; /* borrowed from res->reg */
    double tonnes;
    int unmet; /* 0: surplus left unplaced; 1: need left unmet */
    char reason[256];
};

/* Where a lot of the scope sends its masses, or gets them from, in the
 * plan: its flows summed over the periods by far end. */
struct app_scope_flow {
    size_t lot;            /* registry index */
    enum mf_end_kind kind; /* the far end: a lot or a kind of site */
    int ref;               /* its registry index */
    const char *id;        /* its id, borrowed from res->reg */
    const char *how;       /* reuse, storage, processing, receiving, quarry */
    int material;          /* what moves (the first flow's) */
    double tonnes, km;     /* km: one way, weighted by tonnes */
    double cost_nok;       /* transport, fees, tax, purchase, handling and
                              processing of these tonnes */
};

struct app_plan_result {
    const char *name;
    struct mf_registry *reg;            /* what was planned */
    struct mf_plan *plan;               /* the plan */
    struct mf_plan *baseline;           /* no reuse at all (the reference
                                           line); NULL with opts.plan.baseline
                                           (the plan is it) */
    struct mf_plan *practice;           /* today's practice (the headline
                                           baseline); NULL with
                                           opts.plan.baseline */
    struct mf_practice practice_params; /* data/practice.csv */
    struct app_shortfall *shortfalls;   /* in registry order */
    size_t n_shortfalls;
    char *explanation; /* with opts.explain: the text, also what was
                          written before a failure */
    /* When an option (not the data) is wrong: the field's name ("fleet"),
     * with MF_EINVAL. NULL otherwise. */
    const char *bad_option;
    struct mf_fleet fleet;          /* storage the plan options point to */
    struct mf_distances *distances; /* owned */
    /* Flags on the distance file (two directions far apart), for the
     * caller to show; its errors fail the plan instead. */
    struct mf_issues notes;
    /* With opts.scope: what is in it, and its lots' flows (by lot in
     * registry order, then largest first). */
    struct app_scope_sel sel;
    struct app_scope_flow *scope_flows;
    size_t n_scope_flows;
    /* With opts.from_actual: what had moved (res->reg is what is left). */
    struct mf_custody_moved moved;
    size_t lots_done; /* lots with nothing left to plan */
};

/* Solves the plan and its no-reuse baseline from one build, and the
 * practice baseline (mf_plan_practice) with data/practice.csv,
 * lists the shortfalls with their reasons (in the config's language),
 * and, with opts.explain, explains that lot instead. Stores nothing. */
int app_plan(struct app_session *s, const struct app_plan_opts *opts,
             struct app_plan_result *res, struct mf_error *err);
/* Stores the plan's summary document (plan and baseline: horizon,
 * indicators, flows; who asked, "by", and the scope, "scope": its text in
 * both languages, {"nb": ..., "en": ...}, null for the whole region)
 * under opts.name, then writes the exports opts asks for with
 * mf_write_file: with a scope, only the flows of the scope's lots (those
 * it lists), as the plan prints them. */
/* The summary document app_plan_save stores, as JSON text (malloc'ed,
 * caller frees; NULL when out of memory): for a caller that stores it
 * inside its own transaction (the server's plan job). */
char *app_plan_summary_doc(const struct app_plan_opts *opts,
                           const struct app_plan_result *res);
int app_plan_save(struct app_session *s, const struct app_plan_opts *opts,
                  const struct app_plan_result *res, struct mf_error *err);
void app_plan_result_free(struct app_plan_result *res);

/* `options LOT`: every destination (surplus) or origin (need) of one
 * lot, allowed or not, from the plan over the whole registry (opts: NULL
 * for the defaults; its baseline flag is ignored). */
struct app_options_result {
    struct mf_registry *reg;
    struct mf_plan *plan;
    struct mf_options options; /* refers to reg */
    struct mf_plan_opts opts;  /* the plan's options: the plan refers to them */
};

int app_options(struct app_session *s, const char *lot_id,
                const struct mf_plan_opts *opts, struct app_options_result *res,
                struct mf_error *err);
/* The two halves of app_options, for a caller that asks many lots of
 * one registry (a server keeps the solved plan while the registry does
 * not change): app_options_solve loads the registry and solves the plan
 * (res->options left empty); app_options_of then answers one lot from
 * it into res->options, reading solved only, so threads may share
 * solved. Together they give what app_options gives. */
int app_options_solve(struct app_session *s, const struct mf_plan_opts *opts,
                      struct app_options_result *res, struct mf_error *err);
int app_options_of(const struct app_options_result *solved, const char *lot_id,
                   struct mf_options *out, struct mf_error *err);
/* The result as JSON text (the caller frees it), the shape an HTTP route
 * returns: {lot, kind, material, use, tonnes, max_km, options: [...]};
 * NULL when memory is out. */
char *app_options_json(const struct app_options_result *res);
void app_options_result_free(struct app_options_result *res);

/* A stored document (kind "plan" or "scenario") as JSON text; *json is
 * the caller's to free; NULL with MF_OK when there is none. */
int app_document(struct app_session *s, const char *kind, const char *name,
                 char **json, struct mf_error *err);

/* ------------------------------------------------------------------ */
/* Scenarios                                                            */
/* ------------------------------------------------------------------ */

struct app_scenario_info {
    char name[256];
    char title[160]; /* in the config's language */
};

struct app_scenario_list {
    struct app_scenario_info *items; /* in the folder's order */
    int n;
};

/* Every NAME.scn in dir (NULL = the config's), each loaded to check it
 * and to give its title. A missing folder is MF_ENOTFOUND; on a bad file
 * the list holds the scenarios read before it. */
int app_scenario_list(struct app *app, const char *dir,
                      struct app_scenario_list *out, struct mf_error *err);
void app_scenario_list_free(struct app_scenario_list *list);

/* The names of the scenarios in dir (NULL = the config's), "base" first,
 * the others in alphabetical order, without reading them. MF_ENOTFOUND
 * when there are none. The caller frees with app_names_free. */
int app_scenario_names(struct app *app, const char *dir, char ***names, int *n,
                       struct mf_error *err);
void app_names_free(char **names, int n);

/* The file scenario `name` is read from: NAME.scn in dir (NULL = the
 * config's), or the path itself when name has a '/' or ends in .scn.
 * What a scenario inherits and its own folder lacks comes from the
 * config's folder (app_scenarios_run and app_sensitivity read them so). */
int app_scenario_file(struct app *app, const char *dir, const char *name,
                      char *file, size_t len, struct mf_error *err);

struct app_scenarios_opts {
    const char *dir;          /* NULL = the config's */
    const char *const *names; /* names[0] is the reference */
    int n;                    /* 1 .. APP_MAX_SCENARIOS */
    const char *lang;         /* titles, differences; NULL = the config's */
    int32_t as_of;            /* MF_DATE_NONE = the config's */
    app_progress_fn progress;
    void *progress_ctx;
    /* Asked by each plan's solver (mf_plan_opts.stop): a non-zero answer
     * stops the run, which then fails ("stopped"); NULL = never. */
    int (*stop)(void *ctx, int64_t pivots);
    void *stop_ctx;
};

#define APP_SCENARIOS_OPTS_INIT                                                \
    {                                                                          \
        .as_of = MF_DATE_NONE                                                  \
    }

struct app_scenarios_result {
    struct mf_registry *reg;         /* the registry they ran on */
    struct mf_scenario_result *runs; /* one per name, in order */
    int n;
    /* notes[i][0..n_notes[i]-1]: the main differences of runs[i] against
     * runs[0] (none for runs[0]). */
    char *notes[APP_MAX_SCENARIOS][APP_MAX_NOTES];
    int n_notes[APP_MAX_SCENARIOS];
};

/* Runs each scenario (its plan and its own business as usual), stores
 * each result as a document of kind "scenario", and explains the main
 * differences of each against the first: the data of `scenario run` and
 * `scenario compare` (the caller draws the table). */
int app_scenarios_run(struct app_session *s,
                      const struct app_scenarios_opts *opts,
                      struct app_scenarios_result *res, struct mf_error *err);
void app_scenarios_result_free(struct app_scenarios_result *res);

struct app_sensitivity_opts {
    const char *dir;  /* NULL = the config's */
    const char *name; /* the scenario */
    int32_t as_of;    /* MF_DATE_NONE = the config's */
};

#define APP_SENSITIVITY_OPTS_INIT                                              \
    {                                                                          \
        .as_of = MF_DATE_NONE                                                  \
    }

/* The tornado of a scenario: its headline indicators as each assumption
 * of data/sensitivity.csv moves across its range. *out is the caller's
 * (mf_tornado_free). */
int app_sensitivity(struct app_session *s,
                    const struct app_sensitivity_opts *opts,
                    struct mf_tornado **out, struct mf_error *err);

/* ------------------------------------------------------------------ */
/* Report                                                               */
/* ------------------------------------------------------------------ */

struct app_report_opts {
    const char *out_dir;      /* NULL = "out/report" */
    const char *lang;         /* "nb" or "en"; NULL = "nb" */
    const char *title;        /* NULL = "masseflyt" */
    const char *dir;          /* scenario folder; NULL = the config's */
    const char *const *names; /* names[0] is the reference */
    int n;                    /* 0 = every scenario in the folder */
    int no_pdf;
    int32_t as_of; /* MF_DATE_NONE = the config's */
    app_progress_fn progress;
    void *progress_ctx;
    /* The part of the region the report leads with (its lots, their
     * flows, alternatives and costs); the region follows as context.
     * APP_SCOPE_ALL (the default): the region only. */
    struct app_scope scope;
    /* Asked before each part of the report (balance, each scenario,
     * sensitivity, scope, HTML, XLSX, CSV, PDF) and by each plan's solver
     * (mf_plan_opts.stop): a non-zero answer stops the report, which then
     * fails ("stopped") with the parts written so far left in out_dir;
     * NULL = never. */
    int (*stop)(void *ctx, int64_t pivots);
    void *stop_ctx;
};

#define APP_REPORT_OPTS_INIT                                                   \
    {                                                                          \
        .as_of = MF_DATE_NONE                                                  \
    }

struct app_report_result {
    int n_scenarios;
    char reference[64];   /* the reference scenario */
    const char *pdf_made; /* "chromium", "cairo", or NULL without PDF */
};

/*
 * The whole report: stage 1 the balance; stages 2 and 3 the scenarios
 * (each stored, as app_scenarios_run does), the first being the
 * reference, with their differences explained, and the sensitivity of
 * the reference; then OUT/report.html, report.xlsx, csv/ (one file per
 * table) and report.pdf: printed from the HTML by the configured Chromium
 * through the runner (in its own process group, with a throwaway profile
 * and a time limit), else, where there is none or it fails, drawn with
 * cairo. res->pdf_made says which.
 */
int app_report(struct app_session *s, const struct app_report_opts *opts,
               struct app_report_result *res, struct mf_error *err);

/* ------------------------------------------------------------------ */
/* One record at a time (an API's writes)                               */
/* ------------------------------------------------------------------ */

enum app_record_op { APP_REC_CREATE = 0, APP_REC_REPLACE, APP_REC_DELETE };

enum app_record_outcome {
    APP_REC_FAILED = 0, /* the store or memory failed: see the status */
    APP_REC_DONE,       /* written and committed with its audit record */
    APP_REC_BAD,        /* the body breaks rules: res->issues, per field */
    APP_REC_EXISTS,     /* create: a record of the kind has the id */
    APP_REC_MISSING,    /* replace, delete: no record has the id */
    APP_REC_IN_USE,     /* delete: other records still refer to it */
    APP_REC_REFUSED     /* the caller's check said no */
};

/* A record as stored (before) or as a write would leave it (after). */
struct app_record_state {
    const char *json; /* as mf_export_json writes it; NULL: none */
    const char *org;  /* the organisation it belongs to; NULL: none */
};

/* Called inside the write's transaction, before anything is written,
 * with the record as stored (before; json NULL on create) and as it would
 * be (after; NULL on delete). A non-zero status refuses the write
 * (outcome APP_REC_REFUSED) and is returned. */
typedef int (*app_record_check_fn)(void *ctx,
                                   const struct app_record_state *before,
                                   const struct app_record_state *after,
                                   struct mf_error *err);

struct app_record_opts {
    enum mf_entity kind; /* project, site or lot (or organisation) */
    enum app_record_op op;
    const char *id;   /* replace, delete: the record's; create: NULL */
    const char *json; /* create, replace: one JSON object, members named */
    size_t len;       /* as the CSV columns (io.h's mf_import_json) */
    app_record_check_fn check; /* NULL: none */
    void *check_ctx;
    int64_t actor; /* who, for the audit log (0: the operator) */
    const char *actor_email;
    int32_t as_of; /* rules date; MF_DATE_NONE = the config's */
};

struct app_record_result {
    enum app_record_outcome outcome;
    struct mf_issues issues; /* APP_REC_BAD: what is wrong, `where` = field */
    char id[64];             /* the record written or deleted */
    char *before, *after;    /* JSON texts; NULL when there is none */
};

/* Creates, replaces or deletes one record in one transaction: reads what
 * it refers to, reads the body through the import's parsers, references
 * and rules (all or nothing, every problem listed), runs opts->check,
 * writes, and appends to the audit log (action "lot.create", target
 * "lot/ID", before and after as JSON). Returns MF_OK with outcome
 * APP_REC_DONE, or a negative status with res->outcome saying why
 * (nothing is written then). */
int app_record_write(struct app_session *s, const struct app_record_opts *opts,
                     struct app_record_result *res, struct mf_error *err);
void app_record_result_free(struct app_record_result *res);

/* One stored record as JSON (as mf_export_json writes it; what a write's
 * check sees as before.json). *json is the caller's to free. MF_ENOTFOUND
 * when there is none. */
int app_record_get(struct app_session *s, enum mf_entity kind, const char *id,
                   char **json, struct mf_error *err);

/* ------------------------------------------------------------------ */
/* Queries                                                              */
/* ------------------------------------------------------------------ */

/* Creates the database (or migrates it forward) and gives its schema
 * version. */
int app_init(struct app_session *s, int *schema_version, struct mf_error *err);
/* Brings the database up to the current schema in one transaction
 * (masseflyt migrate); with create, a missing one is created (masseflyt
 * init). *from is the schema version it had (0: new), *to the one it has
 * now. Other commands refuse an older schema ("run masseflyt migrate"). */
int app_migrate(struct app_session *s, int create, int *from, int *to,
                struct mf_error *err);

/* Checks the database for damage: quick (every page's structure; also
 * run before any use case reads the whole registry) or full (also every
 * index against its table, and the references). MF_EDAMAGED names the
 * first problems. */
int app_check_db(struct app_session *s, int full, struct mf_error *err);

/* Copies the whole database, as of one moment and checked, to path
 * (written beside it, then renamed; output.h's rules for what may be
 * replaced). Safe while others read and write. */
int app_backup(struct app_session *s, const char *path, struct mf_error *err);

/* Copies the registry (organisations, projects, sites and lots) of the
 * store `from` into the store `to` (either DSN: an SQLite file or a
 * PostgreSQL URL), created when missing and required to hold no records,
 * and with it, row for row and with their ids, the tables below: stored
 * documents (plans, scenario results), the import log, accounts, API
 * tokens, the audit log and municipality boundaries (not sessions or
 * login throttles), and the chain of custody (vehicles, quality
 * documents, load tickets, receipts); all of it in one transaction. n[] gives
 * how many records of each kind, rows[] how many rows of each table. */
#define APP_COPY_TABLES 10
enum {
    APP_COPY_DOCUMENTS,
    APP_COPY_IMPORT_LOG,
    APP_COPY_ACCOUNTS,
    APP_COPY_TOKENS,
    APP_COPY_AUDIT,
    APP_COPY_BOUNDARIES,
    /* The chain of custody, record for record through the store's custody
     * calls, in the order stored (corrections after what they correct),
     * in the order of enum store_custody_kind. */
    APP_COPY_VEHICLES,
    APP_COPY_QUALITY_DOCS,
    APP_COPY_TICKETS,
    APP_COPY_RECEIPTS
};
int app_copy(struct app *app, const char *from, const char *to,
             long n[MF_ENT_COUNT], long rows[APP_COPY_TABLES],
             struct mf_error *err);

struct app_validate_result {
    struct mf_registry *reg;
    struct mf_issues issues;
    size_t records; /* checked */
};

/* Loads Kartverket's municipality boundaries from a GeoJSON file
 * (places.h, docs/FORMATS.md) into the store, replacing those stored; *n
 * says how many. All or nothing: a problem anywhere writes nothing. */
int app_import_municipalities(struct app_session *s, const char *path,
                              size_t *n, struct mf_error *err);

/* The stored boundaries; *out is NULL when none were loaded. */
int app_municipalities(struct app_session *s, struct mf_municipalities **out,
                       struct mf_error *err);

/* Checks every stored record against the rules at opts' date, and every
 * place against its municipality (places.h): against the boundaries
 * where they are loaded, else against the municipality's other places. */
int app_validate(struct app_session *s, size_t max_problems, int32_t as_of,
                 struct app_validate_result *res, struct mf_error *err);
void app_validate_result_free(struct app_validate_result *res);

struct app_list_opts {
    enum mf_entity what;
    const char *project;      /* sites, lots: of this project; NULL = all */
    const char *municipality; /* projects, sites, lots; NULL = all */
    const char *kind;         /* sites: a site kind; lots: supply|demand */
    int32_t as_of;            /* lots' status; MF_DATE_NONE = config's */
};

#define APP_LIST_OPTS_INIT                                                     \
    {                                                                          \
        .as_of = MF_DATE_NONE                                                  \
    }

struct app_list_result {
    struct mf_registry *reg;
    enum mf_entity what;
    size_t *items; /* registry indices of the records that match */
    size_t n;
    /* Lots: per item, the worst severity the rules give it
     * (MF_SEV_REFUSE: left out of balances and plans). NULL otherwise. */
    unsigned char *status;
};

int app_list(struct app_session *s, const struct app_list_opts *opts,
             struct app_list_result *res, struct mf_error *err);
void app_list_result_free(struct app_list_result *res);

struct app_show_result {
    struct mf_registry *reg;
    /* The record with the id: exactly one is set. */
    const struct mf_org *org;
    const struct mf_project *project;
    const struct mf_site *site;
    const struct mf_lot *lot;
    struct mf_issues issues; /* what the rules say about it */
};

/* One record by id, any kind; MF_ENOTFOUND when no record has it. */
int app_show(struct app_session *s, const char *id, int32_t as_of,
             struct app_show_result *res, struct mf_error *err);
void app_show_result_free(struct app_show_result *res);

/* A receiving site, storage, processing plant or quarry within reach of
 * a scope, and its room (as registered: the plan's use of it is not
 * subtracted). */
struct app_reach_site {
    size_t site;            /* registry index */
    enum mf_site_kind kind; /* the site's */
    double km; /* straight line: from the point (near), else from the
       nearest lot of the scope */
    /* What it could do for the scope: "takes leire; gives pukk" (the
     * scope's surplus materials it accepts, the materials it sells or
     * makes that serve a need of the scope); "" when nothing. */
    char serves[200];
};

struct app_balance_result {
    struct mf_registry *reg;
    struct mf_balance *balance;
    /* With a scope (app_balance_scoped): what is in it, and the shared
     * sites within reach (kind order, then nearest first). */
    struct app_scope_sel sel;
    struct app_reach_site *reach;
    size_t n_reach;
    double reach_km; /* the reach: the radius (near), else the factor
                        max_haul_km */
};

/* The mass balance; opts->as_of MF_DATE_NONE = the config's. */
int app_balance(struct app_session *s, const struct mf_balance_opts *opts,
                struct app_balance_result *res, struct mf_error *err);
/* The same over the lots of a scope (its municipality and near filters
 * replace opts'), with the sites within reach of it. scope NULL or
 * APP_SCOPE_ALL: as app_balance, with no sites listed. */
int app_balance_scoped(struct app_session *s,
                       const struct mf_balance_opts *opts,
                       const struct app_scope *scope,
                       struct app_balance_result *res, struct mf_error *err);
void app_balance_result_free(struct app_balance_result *res);

struct app_export_opts {
    enum mf_entity what;
    enum mf_format format;
    const char *path; /* written with mf_write_file */
    int write_flags;  /* MF_WRITE_STDOUT: "-" is standard output */
    int public_only;  /* leave out lots not marked public */
    /* Only the records of a scope (app_scope_select: its lots, sites and
     * projects, and the organisations these belong to); zeroed or
     * APP_SCOPE_ALL: every record. */
    struct app_scope scope;
};

/* Writes the records of one kind with the columns the importer reads. */
int app_export(struct app_session *s, const struct app_export_opts *opts,
               struct mf_error *err);

/* ------------------------------------------------------------------ */
/* Chain of custody (custody.h; src/app/custody.c)                      */
/* ------------------------------------------------------------------ */

/* Load tickets, receipts, quality documents and vehicles as stored, and
 * the registry they refer to. Records are never edited: issue, confirm
 * and correct each add one record, and an import adds all of its rows or
 * none. A ticket's verification code is mf_custody_code under the
 * installation's secret, set once (app_custody_secret) or made at random
 * by the first ticket. */
struct app_custody {
    struct mf_registry *reg;     /* with its lots */
    struct mf_custody_data data; /* every record, corrections included,
                                    in the order stored */
    struct app_custody_mem *mem; /* private: the records' storage */
};

/* Loads everything. Caller frees with app_custody_free. */
int app_custody_load(struct app_session *s, struct app_custody **out,
                     struct mf_error *err);
/* The same, the tickets and receipts in a compact set (data.set; the
 * arrays data.tickets and data.receipts NULL): for the balance, the
 * checks and plan against actual over many records, in about half the
 * memory. */
int app_custody_load_compact(struct app_session *s, struct app_custody **out,
                             struct mf_error *err);
void app_custody_free(struct app_custody *c);

/* One page of tickets or receipts as the store finds them (store.h's
 * custody_find: filtered and paged by the database, each with its
 * chain's receipt and status), without loading the others. MF_ESTORE
 * when the store's backend is older than custody_find. */
struct store_custody_query;
struct store_custody_found;
/* The registry without its lots (who owns a site, the catalogue), for
 * reading such a page. Caller frees with mf_registry_free. */
int app_custody_registry(struct app_session *s, struct mf_registry **out,
                         struct mf_error *err);
int app_custody_find(struct app_session *s, const struct store_custody_query *q,
                     int (*each)(void *ctx, const struct store_custody_found *f,
                                 struct mf_error *err),
                     void *ctx, long long *total, struct mf_error *err);

/* Sets the installation's secret for verification codes. MF_EINVAL when
 * another secret is stored (codes already issued would stop verifying) or
 * when it is shorter than 8 bytes. */
int app_custody_secret(struct app_session *s, const char *secret,
                       struct mf_error *err);

/* Whether the caller may write a record about ticket t: for an issue
 * the ticket as it would be stored; for a receipt the ticket it
 * confirms as stored, its destination the confirming site, its material
 * -1, and reg without lots; for a correction the correcting record (its
 * `corrects` names the record it replaces); for an import each row's
 * ticket. MF_OK, or a refusal with err set: nothing is written. The
 * server's roles (src/server/custody.c) decide here. */
typedef int (*app_custody_check_fn)(void *ctx, const struct mf_registry *reg,
                                    const struct mf_ticket *t,
                                    struct mf_error *err);

/* Who writes (the audit log's actor; 0 and NULL for the CLI's operator),
 * and the caller's check (NULL: none). Every write through the opts
 * below appends one audit record in its own transaction. */
struct app_custody_actor {
    int64_t id;
    const char *email;
    app_custody_check_fn check;
    void *check_ctx;
};

/* A new load ticket. Text values as a user gives them: material a
 * catalogue code or name (NULL: the lot's), state a volume state ("t",
 * "pfm3", ...; NULL: t). */
struct app_ticket_opts {
    const char *id; /* NULL: ORIGIN-YYYYMMDDHHMM-VEHICLE */
    const char *lot, *origin, *destination;
    const char *haulier; /* organisation number, spaces allowed */
    const char *vehicle; /* registration, spaces and dashes allowed */
    const char *material;
    double quantity;
    const char *state;
    int64_t departed; /* MF_TIME_NONE: now */
    const char *quality_doc;
    struct app_custody_actor who;
};

#define APP_TICKET_OPTS_INIT                                                   \
    {                                                                          \
        .id = NULL, .material = NULL, .state = NULL, .departed = MF_TIME_NONE, \
        .quality_doc = NULL                                                    \
    }

struct app_ticket_result {
    char id[64];
    char code[MF_CUSTODY_CODE_SIZE];
    char corrects[64]; /* for a correction: the record it replaces */
};

/* Issues one ticket. Broken rules are MF_EINVAL naming the field
 * ("ticket T-1: quantity"). */
int app_custody_issue(struct app_session *s, const struct app_ticket_opts *o,
                      struct app_ticket_result *res, struct mf_error *err);

struct app_receipt_opts {
    const char *ticket;   /* its id or its verification code */
    const char *id;       /* NULL: TICKET/R */
    const char *site;     /* NULL: the ticket's destination */
    int64_t arrived;      /* MF_TIME_NONE: now */
    double weighed_t;     /* < 0: not weighed */
    const char *rejected; /* the reason it was turned away; NULL: accepted */
    /* When not NULL: the ticket must be named by its id (not its code)
     * and this must be its verification code, read leniently
     * (mf_custody_code_check); else MF_ENOTFOUND, as for no ticket. */
    const char *code;
    struct app_custody_actor who;
};

#define APP_RECEIPT_OPTS_INIT                                                  \
    {                                                                          \
        .id = NULL, .site = NULL, .arrived = MF_TIME_NONE, .weighed_t = -1,    \
        .rejected = NULL                                                       \
    }

/* Confirms a stored ticket (found by id or code: MF_ENOTFOUND when none);
 * res->id is the receipt's id, res->corrects the ticket's. */
int app_custody_confirm(struct app_session *s, const struct app_receipt_opts *o,
                        struct app_ticket_result *res, struct mf_error *err);

/* A correction of a ticket: a new ticket TICKET-cN that replaces the
 * newest record of the ticket's chain, with the values given changed
 * (NULL, <= 0 or MF_TIME_NONE: as before), or that voids it. */
struct app_correct_opts {
    const char *ticket; /* id or code of any record of the chain */
    const char *reason; /* required */
    int voids;
    double quantity;
    const char *state, *destination, *vehicle, *quality_doc;
    int64_t departed;
    struct app_custody_actor who;
};

#define APP_CORRECT_OPTS_INIT                                                  \
    {                                                                          \
        .reason = NULL, .voids = 0, .quantity = 0, .state = NULL,              \
        .destination = NULL, .vehicle = NULL, .quality_doc = NULL,             \
        .departed = MF_TIME_NONE                                               \
    }

int app_custody_correct(struct app_session *s, const struct app_correct_opts *o,
                        struct app_ticket_result *res, struct mf_error *err);

/* A correction of a receipt: a new receipt RECEIPT-cN that replaces the
 * newest record of the receipt's chain, with the values given changed
 * (NULL, < 0 or MF_TIME_NONE: as before), or that voids it (the ticket
 * is then in transit again). res->id is the new receipt's id,
 * res->corrects the one it replaces. */
struct app_receipt_correct_opts {
    const char *receipt; /* id of any receipt of the chain */
    const char *reason;  /* required */
    int voids;
    double weighed_t;             /* < 0: as before */
    int64_t arrived;              /* MF_TIME_NONE: as before */
    const char *site;             /* NULL: as before */
    const char *rejected;         /* now turned away, for this reason */
    int accepted;                 /* now accepted (after a rejection) */
    struct app_custody_actor who; /* for the audit log (zero: the CLI) */
};

#define APP_RECEIPT_CORRECT_OPTS_INIT                                          \
    {                                                                          \
        .receipt = NULL, .reason = NULL, .voids = 0, .weighed_t = -1,          \
        .arrived = MF_TIME_NONE, .site = NULL, .rejected = NULL, .accepted = 0 \
    }

int app_custody_correct_receipt(struct app_session *s,
                                const struct app_receipt_correct_opts *o,
                                struct app_ticket_result *res,
                                struct mf_error *err);

/* Registers a quality document: the SHA-256 of the file at path, the
 * lots it covers (at least one, each registered), the tonnes it covers
 * (<= 0: not stated) and its date (MF_DATE_NONE: none). sha256 gets the
 * hash. */
struct app_doc_opts {
    const char *id;
    const char *path;
    const char *const *lots;
    int n_lots;
    double tonnes;
    int32_t issued;
};

int app_custody_doc(struct app_session *s, const struct app_doc_opts *o,
                    char sha256[65], struct mf_error *err);

/* Stores a seeded set of tickets for the registry (mf_custody_generate):
 * the region is planned, and n_tickets loads that follow the plan's flows
 * up to as_of are stored with their receipts, quality documents and
 * vehicles, faults_per_check faults of every check the registry allows
 * injected. res->injected lists what was injected: check and kind, with
 * the record's id in `evidence` (id and other are NULL). */
struct app_generate_result {
    size_t tickets, receipts, docs, vehicles;
    struct mf_custody_finding *injected; /* malloc'ed; free() it */
    size_t n_injected;
};

int app_custody_generate(struct app_session *s, uint64_t seed, size_t n_tickets,
                         int faults_per_check, int64_t as_of,
                         struct app_generate_result *res, struct mf_error *err);

/* Imports weighbridge exports (weighbridge.h) in one transaction: with
 * one problem in any file nothing is written, and every problem is in
 * res->issues. */
struct app_custody_import_opts {
    const char *const *paths;
    int n_paths;
    int dry_run;         /* check only */
    size_t max_problems; /* 0: 200 */
    /* One export held in memory instead of paths (an upload): data of
     * len bytes, named label in the problems ("upload.csv"). */
    const char *data;
    size_t len;
    const char *label;
    /* who.check is asked about every row's ticket, a chunk of rows at a
     * time, while the rows so far read without problems; a refusal stops
     * the import and nothing is kept. */
    struct app_custody_actor who;
};

struct app_custody_import_result {
    struct mf_issues issues;
    size_t tickets, receipts, vehicles; /* read (and written) */
    double seconds_store;               /* CPU seconds spent writing (a
                                           busy machine's wall clock says
                                           little) */
};

int app_custody_import(struct app_session *s,
                       const struct app_custody_import_opts *o,
                       struct app_custody_import_result *res,
                       struct mf_error *err);
void app_custody_import_result_free(struct app_custody_import_result *res);

#endif
