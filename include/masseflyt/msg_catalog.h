/*
 * msg_catalog.h - the texts of the message catalogue (masseflyt/msg.h):
 * one `#define MSG_NAME_T "bokmål", "English"` per message, and the lists
 * of names that make the ids. Include masseflyt/msg.h, not this file.
 *
 * Rules for texts: both languages take the same printf conversions in the
 * same order; a message without arguments is printed with fputs (so a
 * bare % is fine there). Domain terms Norwegian users know (pfm3,
 * mellomlager, pukk) keep their names in English, with a gloss where the
 * report needs one. Lines end without a newline unless the message is a
 * whole block (help texts).
 */
#ifndef MF_MSG_CATALOG_H
#define MF_MSG_CATALOG_H

/* The chain of custody's texts (custody, weighbridge import). */
#include "masseflyt/msg_custody.h"

/* clang-format off */

/* ------------------------------------------------------------------ */
/* The program (src/cli)                                               */
/* ------------------------------------------------------------------ */

/* Errors and hints */
/* Errors and hints */
/* Errors and hints */
/* Errors and hints */
/* Errors and hints */
#define MSG_ERR_PREFIX_T "masseflyt: ", "masseflyt: "
#define MSG_TRY_HELP_T "Prøv «masseflyt %s%s--help».\n", "Try 'masseflyt %s%s--help'.\n"
#define MSG_MORE_PROBLEMS_T \
    "masseflyt: ... og %zu problemer til som ikke vises\n", \
    "masseflyt: ... and %zu more problems not shown\n"
#define MSG_WRITE_FAILED_T \
    "masseflyt: kunne ikke skrive utdataene\n", \
    "masseflyt: writing the output failed\n"
#define MSG_OUT_OF_MEMORY_T "masseflyt: tom for minne\n", "masseflyt: out of memory\n"

/* Severities, as the rules name them */
#define MSG_SEV_OK_T "ok", "ok"
#define MSG_SEV_FLAG_T "flagg", "flag"
#define MSG_SEV_REFUSED_T "avvist", "refused"
#define MSG_SEV_ERROR_T "feil", "error"

/* Words */
#define MSG_YES_T "ja", "yes"
#define MSG_NO_T "nei", "no"
#define MSG_UNKNOWN_T "ukjent", "unknown"
#define MSG_NOT_STATED_T "ikke oppgitt", "not stated"

/* The program: masseflyt --help */
#define MSG_USAGE_MAIN_HEAD_T \
    "bruk: masseflyt [--db FIL] [--data MAPPE] [--as-of DATO] [--lang nb|en]\n" \
    "                [--quiet] KOMMANDO [ARGUMENTER]\n" \
    "\n" \
    "masseflyt registrerer rene overskuddsmasser av jord og stein og behovene\n" \
    "for dem, og planlegger hvordan massene flyttes mellom prosjekter.\n" \
    "\n" \
    "Kommandoer:\n", \
    "usage: masseflyt [--db FILE] [--data DIR] [--as-of DATE] [--lang nb|en]\n" \
    "                 [--quiet] COMMAND [ARGS]\n" \
    "\n" \
    "masseflyt registers clean surplus soil and rock and the needs for it,\n" \
    "and plans how masses flow between projects.\n" \
    "\n" \
    "Commands:\n"
#define MSG_USAGE_MAIN_OPTIONS_T \
    "\n" \
    "Globale valg:\n" \
    "  --db FIL       databasen (standard $MASSEFLYT_DB eller masseflyt.db)\n" \
    "  --data MAPPE   datamappen med katalogen (standard $MASSEFLYT_DATA;\n" \
    "                 installert: PREFIX/share/masseflyt; ellers mappen\n" \
    "                 masseflyt ble bygget med)\n" \
    "  --as-of DATO   bruk reglene som gjelder på DATO (standard: datoen\n" \
    "                 hver post begynner å flyttes)\n" \
    "  --lang nb|en   språket for meldinger: nb (bokmål) eller en (engelsk);\n" \
    "                 standard $MASSEFLYT_LANG, ellers LC_ALL, LC_MESSAGES\n" \
    "                 eller LANG (nb, nn og no gir bokmål; C og POSIX engelsk)\n" \
    "  --quiet        ingen fremdriftslinjer eller merknader på stderr\n" \
    "  --version      skriv ut versjonen\n" \
    "\n" \
    "«masseflyt KOMMANDO --help» beskriver en kommando. Avslutningsstatusene\n" \
    "står i docs/ERRORS.md.\n", \
    "\n" \
    "Global options:\n" \
    "  --db FILE      the database (default $MASSEFLYT_DB or masseflyt.db)\n" \
    "  --data DIR     the data folder with the catalogue (default $MASSEFLYT_DATA;\n" \
    "                 installed: PREFIX/share/masseflyt; else the folder\n" \
    "                 masseflyt was built with)\n" \
    "  --as-of DATE   apply the rules in force on DATE (default: the date each\n" \
    "                 lot starts to move)\n" \
    "  --lang nb|en   the language of messages: nb (bokmål) or en (English);\n" \
    "                 default $MASSEFLYT_LANG, else LC_ALL, LC_MESSAGES or LANG\n" \
    "                 (nb, nn and no give bokmål; C and POSIX give English)\n" \
    "  --quiet        no progress lines or notes on stderr\n" \
    "  --version      print the version\n" \
    "\n" \
    "'masseflyt COMMAND --help' describes a command. Exit statuses are listed in\n" \
    "docs/ERRORS.md.\n"

/* One line per command in masseflyt --help */
#define MSG_SUM_INIT_T "opprett en tom database", "create an empty database"
#define MSG_SUM_MIGRATE_T \
    "oppdater databasens skjema til denne versjonen", \
    "bring the database's schema up to date"
#define MSG_SUM_IMPORT_T \
    "importer CSV- eller GeoJSON-filer, alt eller ingenting", \
    "import CSV or GeoJSON files, all or nothing"
#define MSG_SUM_VALIDATE_T "sjekk alt mot reglene", "check everything against the rules"
#define MSG_SUM_LIST_T \
    "list organisasjoner, prosjekter, steder eller poster", \
    "list organisations, projects, sites or lots"
#define MSG_SUM_SHOW_T "vis én post i sin helhet", "show one record in full"
#define MSG_SUM_BALANCE_T \
    "massebalanse per materiale og periode", \
    "mass balance per material and period"
#define MSG_SUM_TEMPLATE_T \
    "skriv en eksempelfil å begynne med", \
    "write an example file to start from"
#define MSG_SUM_EXPORT_T "eksporter poster som CSV eller GeoJSON", "export records as CSV or GeoJSON"
#define MSG_SUM_RULES_T \
    "list reglene, datoene og kildene deres", \
    "list the rules, their dates and sources"
#define MSG_SUM_OPTIONS_T \
    "hvor en posts masser kan gå til eller komme fra", \
    "where a lot's masses could go or come from"
#define MSG_SUM_PLAN_T \
    "planlegg masseflyten, sammenlign med dagens praksis", \
    "plan the flows, compare with business as usual"
#define MSG_SUM_SCENARIO_T \
    "kjør og sammenlign scenarioer for tiltak", \
    "run and compare policy scenarios"
#define MSG_SUM_REPORT_T "rapporten: HTML, PDF, XLSX og CSV", "the report: HTML, PDF, XLSX and CSV"
#define MSG_SUM_IMPORT_MUNICIPALITIES_T \
    "last inn kommunegrenser for validate", \
    "load municipality boundaries for validate"
#define MSG_SUM_CHECK_DB_T "sjekk databasen for skade", "check the database for damage"
#define MSG_SUM_BACKUP_T \
    "kopier databasen, sjekket, mens den er i bruk", \
    "copy the database, checked, while it is in use"
#define MSG_SUM_COPY_T \
    "kopier et register mellom SQLite og PostgreSQL", \
    "copy a registry between SQLite and PostgreSQL"
#define MSG_SUM_SERVE_T \
    "server JSON-API-et og nettgrensesnittet", \
    "serve the JSON API and the web UI"
#define MSG_SUM_USER_T \
    "legg til, list, deaktiver kontoer; sett passord", \
    "add, list, disable accounts; set passwords"

/* Usage texts (masseflyt COMMAND --help) */
#define MSG_USAGE_INIT_T \
    "bruk: masseflyt init\n" \
    "\n" \
    "Oppretter databasen som --db peker på (standard masseflyt.db) med\n" \
    "gjeldende skjema, eller migrerer en eksisterende fremover. Poster som\n" \
    "allerede er der, beholdes.\n", \
    "usage: masseflyt init\n" \
    "\n" \
    "Creates the database named by --db (default masseflyt.db) with the\n" \
    "current schema, or migrates an existing one forward. Records already\n" \
    "there are kept.\n"
#define MSG_USAGE_MIGRATE_T \
    "bruk: masseflyt migrate\n" \
    "\n" \
    "Oppdaterer skjemaet til databasen som --db peker på (laget av en eldre\n" \
    "masseflyt) til gjeldende versjon, i én transaksjon: alt eller ingenting.\n" \
    "Andre kommandoer nekter et eldre skjema og ber om denne. Ta sikkerhetskopi\n" \
    "først.\n", \
    "usage: masseflyt migrate\n" \
    "\n" \
    "Brings the schema of the database named by --db (made by an older\n" \
    "masseflyt) up to the current version, in one transaction: all or\n" \
    "nothing. Other commands refuse an older schema and ask for this one.\n" \
    "Back the database up first.\n"
#define MSG_USAGE_IMPORT_T \
    "bruk: masseflyt import [--kind TYPE] [--encoding KODING] [--dry-run]\n" \
    "                       [--no-replace] [--max-problems N] FIL...\n" \
    "\n" \
    "Importerer organisasjoner, prosjekter, steder og poster fra CSV- eller\n" \
    "GeoJSON-filer (docs/FORMATS.md). Hva en fil inneholder, leses av navnet\n" \
    "(orgs*, projects*, sites*, lots*) eller oppgis med --kind; filene tas i\n" \
    "den rekkefølgen uansett hvilken rekkefølge de gis i, så poster kan vise\n" \
    "til steder i samme import. En post med en id som allerede er lagret,\n" \
    "erstatter den: sammendraget sier hvor mange som gjorde det og viser hva\n" \
    "som ble endret (opptil --max-problems poster). Med --no-replace er en\n" \
    "slik post en feil, og ingenting skrives.\n" \
    "\n" \
    "Importen er alt eller ingenting: bryter en post en regel med alvorlighet\n" \
    "feil, vises alle problemer (opptil --max-problems, standard 100),\n" \
    "ingenting skrives, og avslutningsstatusen er 3. Poster som reglene\n" \
    "avviser som utenfor virkeområdet (for eksempel alunskifer), lagres,\n" \
    "vises og holdes utenfor balanser og planer.\n" \
    "\n" \
    "  --kind TYPE       orgs, projects, sites eller lots, for hver FIL\n" \
    "  --encoding KODING auto (standard), utf-8, windows-1252 eller latin-1\n" \
    "  --dry-run         sjekk alt, skriv ingenting\n" \
    "  --no-replace      avvis importen hvis en id allerede er lagret\n", \
    "usage: masseflyt import [--kind KIND] [--encoding ENC] [--dry-run]\n" \
    "                        [--no-replace] [--max-problems N] FILE...\n" \
    "\n" \
    "Imports organisations, projects, sites and lots from CSV or GeoJSON\n" \
    "files (docs/FORMATS.md). What a file holds is read from its name\n" \
    "(orgs*, projects*, sites*, lots*) or given with --kind; files are\n" \
    "taken in that order whatever the order given, so lots may refer to\n" \
    "sites in the same import. A record whose id is already stored\n" \
    "replaces it: the summary says how many did and lists what changed\n" \
    "(up to --max-problems records). With --no-replace such a record is\n" \
    "an error, and nothing is written.\n" \
    "\n" \
    "The import is all or nothing: when any record breaks a rule of\n" \
    "severity error, every problem is listed (up to --max-problems, default\n" \
    "100), nothing is written, and the exit status is 3. Records that the\n" \
    "rules refuse as out of scope (for example alum shale) are stored,\n" \
    "listed, and left out of balances and plans.\n" \
    "\n" \
    "  --kind KIND       orgs, projects, sites or lots, for every FILE\n" \
    "  --encoding ENC    auto (default), utf-8, windows-1252 or latin-1\n" \
    "  --dry-run         check everything, write nothing\n" \
    "  --no-replace      refuse the import if any id is already stored\n"
#define MSG_USAGE_VALIDATE_T \
    "bruk: masseflyt validate [--max-problems N]\n" \
    "\n" \
    "Sjekker hver organisasjon, hvert prosjekt, sted og hver post mot reglene i\n" \
    "data/rules.csv («masseflyt rules» viser dem) og skriver hvert problem med\n" \
    "posten, feltet og regelen som er brutt. Reglene tas på datoen hver post\n" \
    "begynner å flyttes, eller på --as-of DATO.\n" \
    "\n" \
    "Avslutningsstatus: 0 når ingenting er avvist (flagg kan vises), 1 når\n" \
    "poster er avvist som utenfor virkeområdet, 3 når poster bryter en regel\n" \
    "med alvorlighet feil (data lagret under eldre regler).\n", \
    "usage: masseflyt validate [--max-problems N]\n" \
    "\n" \
    "Checks every organisation, project, site and lot against the rules of\n" \
    "data/rules.csv ('masseflyt rules' lists them) and prints each problem\n" \
    "with the record, the field and the rule broken. Rules are taken on\n" \
    "the date each lot starts to move, or on --as-of DATE.\n" \
    "\n" \
    "Exit status: 0 when nothing is refused (flags may be printed), 1 when\n" \
    "records are refused as out of scope, 3 when records break a rule of\n" \
    "severity error (data stored under older rules).\n"
#define MSG_USAGE_LIST_T \
    "bruk: masseflyt list orgs|projects|sites|lots [--project ID]\n" \
    "                     [--municipality KODE] [--kind TYPE]\n" \
    "                     [--format table|csv]\n" \
    "\n" \
    "Viser poster med hovedfeltene. --kind velger overskudds- eller\n" \
    "behovsposter (supply, demand), eller en type sted (project, storage,\n" \
    "processing, receiving, quarry). Poster viser status etter reglene: ok,\n" \
    "flagg eller avvist. Med --format csv er kolonnenavn og verdier de\n" \
    "engelske kodene, uansett språk.\n", \
    "usage: masseflyt list orgs|projects|sites|lots [--project ID]\n" \
    "                      [--municipality CODE] [--kind KIND]\n" \
    "                      [--format table|csv]\n" \
    "\n" \
    "Lists records with their main fields. --kind selects supply or demand\n" \
    "lots, or a site kind (project, storage, processing, receiving,\n" \
    "quarry). Lots show their status under the rules: ok, flag or\n" \
    "refused. With --format csv the column names and values are the\n" \
    "English codes, whatever the language.\n"
#define MSG_USAGE_SHOW_T \
    "bruk: masseflyt show ID\n" \
    "\n" \
    "Viser hvert felt i posten med denne id-en (organisasjon, prosjekt, sted\n" \
    "eller post), og problemene reglene finner med den.\n", \
    "usage: masseflyt show ID\n" \
    "\n" \
    "Shows every field of the record with this id (organisation, project,\n" \
    "site or lot), and the problems the rules find with it.\n"
#define MSG_USAGE_TEMPLATE_T \
    "bruk: masseflyt template orgs|projects|sites|lots [--lang nb|en]\n" \
    "\n" \
    "Skriver en eksempelfil av den typen til stdout, og en veiledning til\n" \
    "kolonnene til stderr (ikke med --quiet). De fire eksemplene beskriver ett\n" \
    "skoleprosjekt og viser til hverandre: importer dem sammen.\n" \
    "\n" \
    "  --lang nb   slik et norsk regneark lagrer den: ';', desimalkomma,\n" \
    "              dd.mm.åååå og norske kolonnenavn (data/aliases.csv)\n" \
    "  --lang en   ',', '.' som desimaltegn, ISO-datoer, engelske kolonnenavn\n" \
    "              (standard: språket for meldinger, se masseflyt --help)\n" \
    "\n" \
    "  masseflyt template lots --lang nb > lots.csv\n", \
    "usage: masseflyt template orgs|projects|sites|lots [--lang nb|en]\n" \
    "\n" \
    "Writes an example file of that kind to stdout, and a guide to its\n" \
    "columns to stderr (not with --quiet). The four examples describe one\n" \
    "school project and refer to each other: import them together.\n" \
    "\n" \
    "  --lang nb   as a Norwegian spreadsheet saves it: ';', decimal comma,\n" \
    "              dd.mm.yyyy and Norwegian column names (data/aliases.csv)\n" \
    "  --lang en   ',', '.' decimals, ISO dates, English column names\n" \
    "              (default: the language of messages, see masseflyt --help)\n" \
    "\n" \
    "  masseflyt template lots --lang nb > lots.csv\n"
#define MSG_USAGE_RULES_T \
    "bruk: masseflyt rules [--sources] [--format table|csv]\n" \
    "\n" \
    "Viser reglene masseflyt bruker (data/rules.csv): id, alvorlighet, sjekk,\n" \
    "parameter, datoene regelen gjelder fra og til, og meldingen; med\n" \
    "--sources også den rettslige kilden for hver.\n", \
    "usage: masseflyt rules [--sources] [--format table|csv]\n" \
    "\n" \
    "Lists the rules masseflyt applies (data/rules.csv): id, severity,\n" \
    "check, parameter, the dates the rule applies from and to, and its\n" \
    "message; with --sources also the legal source of each.\n"
#define MSG_USAGE_OPTIONS_T \
    "bruk: masseflyt options POST [--json] [--max-km KM]\n" \
    "\n" \
    "For en overskuddspost: hvert behov, mellomlager, behandlingsanlegg og\n" \
    "mottak som kan ta massene; for et behov: hvert overskudd, mellomlager,\n" \
    "anlegg og massetak de kan komme fra. Hver med km på vei, hva planleggeren\n" \
    "regner per tonn (NOK/t), plassen som er igjen i postens tidsvindu etter\n" \
    "planens andre strømmer (t; '-' når et sted ikke oppgir kapasitet) og\n" \
    "tonnene planen sender den veien. Planleggerens regler avgjør: de den ikke\n" \
    "kan bruke, vises etterpå, med regelen som utelukker hver.\n" \
    "\n" \
    "  --json       det samme som JSON (API-ets form)\n" \
    "  --max-km KM  grensen for transport (standard: faktoren max_haul_km)\n", \
    "usage: masseflyt options LOT [--json] [--max-km KM]\n" \
    "\n" \
    "For a surplus lot: every need, storage, processing plant and\n" \
    "receiving site that could take its masses; for a need: every surplus,\n" \
    "storage, plant and quarry it could come from. Each with its road km,\n" \
    "what the planner charges per tonne (NOK/t), the room left in the lot's\n" \
    "window after the plan's other flows (t; '-' when a site states no\n" \
    "capacity) and the tonnes the plan sends that way. The planner's rules\n" \
    "decide: those it may not use are listed after, with the rule that\n" \
    "excludes each.\n" \
    "\n" \
    "  --json       the same as JSON (the API's shape)\n" \
    "  --max-km KM  the haul limit (default: the factor max_haul_km)\n"
#define MSG_USAGE_IMPORT_MUNICIPALITIES_T \
    "bruk: masseflyt import-municipalities FIL\n" \
    "\n" \
    "Laster inn kommunegrensene fra Kartverkets administrative enheter\n" \
    "(GeoJSON, slik Geonorge publiserer «Administrative enheter kommuner»;\n" \
    "docs/FORMATS.md), og erstatter dem som er lastet før. Fra da av flagger\n" \
    "«masseflyt validate» hvert sted og hver post som ligger utenfor polygonet\n" \
    "til kommunen den oppgir, og nevner begge. Alt eller ingenting: et problem\n" \
    "hvor som helst i FIL (status 3) laster ingenting.\n", \
    "usage: masseflyt import-municipalities FILE\n" \
    "\n" \
    "Loads the municipalities' boundaries from Kartverket's administrative\n" \
    "units (GeoJSON, as Geonorge publishes \"Administrative enheter\n" \
    "kommuner\"; docs/FORMATS.md), replacing any loaded before. From then\n" \
    "on 'masseflyt validate' flags every site and lot whose place lies\n" \
    "outside the polygon of the municipality it names, naming both. All or\n" \
    "nothing: a problem anywhere in FILE (exit 3) loads nothing.\n"
#define MSG_USAGE_CHECK_DB_T \
    "bruk: masseflyt check-db [--full]\n" \
    "\n" \
    "Sjekker databasen for skade: strukturen på hver side, og med --full også\n" \
    "hver indeks mot tabellen sin og hver henvisning mellom poster. En skadet\n" \
    "database gir status 7 med det som ble funnet: gjenopprett den fra en\n" \
    "sikkerhetskopi («masseflyt backup» lager en). Kommandoer som leser hele\n" \
    "registeret (validate, list, balance, plan, report), kjører først den\n" \
    "raske sjekken og avviser en skadet database på samme måte.\n", \
    "usage: masseflyt check-db [--full]\n" \
    "\n" \
    "Checks the database for damage: the structure of every page, and with\n" \
    "--full also every index against its table and every reference between\n" \
    "records. A damaged database exits 7 with what was found: restore it\n" \
    "from a backup ('masseflyt backup' makes one). Commands that read the\n" \
    "whole registry (validate, list, balance, plan, report) run the quick\n" \
    "check first and refuse a damaged database the same way.\n"
#define MSG_USAGE_BACKUP_T \
    "bruk: masseflyt backup FIL\n" \
    "\n" \
    "Kopierer hele databasen til FIL slik den er i ett øyeblikk, sjekket,\n" \
    "mens andre kan fortsette å lese og skrive i den (SQLites online backup).\n" \
    "FIL skrives ved siden av sitt endelige navn og gis navnet når den er\n" \
    "ferdig; en symbolsk lenke, en enhet eller en skrivebeskyttet fil\n" \
    "erstattes ikke. Gjenopprett ved å kopiere kopien over databasen mens\n" \
    "ingen masseflyt kjører, eller pek --db på den.\n", \
    "usage: masseflyt backup FILE\n" \
    "\n" \
    "Copies the whole database to FILE as it is at one moment, checked,\n" \
    "while others may go on reading and writing it (SQLite's online\n" \
    "backup). FILE is written beside its final name and renamed when\n" \
    "complete; a symbolic link, a device or a read-only file is not\n" \
    "replaced. Restore by copying the backup over the database while no\n" \
    "masseflyt runs, or point --db at it.\n"
#define MSG_USAGE_COPY_T \
    "bruk: masseflyt copy --from DSN --to DSN\n" \
    "\n" \
    "Kopierer registeret (organisasjoner, prosjekter, steder og poster) fra\n" \
    "én database til en annen, for eksempel fra en SQLite-fil til PostgreSQL\n" \
    "(postgresql://BRUKER@VERT/DB) eller tilbake. Målet opprettes om det\n" \
    "mangler og må være uten poster; alt skrives i én transaksjon, så en\n" \
    "mislykket kopi etterlater det tomt. Med registeret følger lagrede\n" \
    "dokumenter (planer, scenarioresultater), importloggen, kontoer med\n" \
    "API-nøkler og revisjonslogg, og kommunegrenser; økter gjør ikke det.\n" \
    "--db brukes ikke.\n", \
    "usage: masseflyt copy --from DSN --to DSN\n" \
    "\n" \
    "Copies the registry (organisations, projects, sites and lots) from one\n" \
    "database to another, e.g. from an SQLite file to PostgreSQL\n" \
    "(postgresql://USER@HOST/DB) or back. The target is created when\n" \
    "missing and must hold no records; everything is written in one\n" \
    "transaction, so a failed copy leaves it empty. With the registry go\n" \
    "the stored documents (plans, scenario results), the import log, the\n" \
    "accounts with their API tokens and audit log, and the municipality\n" \
    "boundaries; sessions do not. --db is not used.\n"
#define MSG_USAGE_USER_T \
    "bruk: masseflyt [--db FIL] user add --email E --name N --role ROLLE\n" \
    "                                    [--org ORG]\n" \
    "      masseflyt [--db FIL] user list\n" \
    "      masseflyt [--db FIL] user passwd EPOST\n" \
    "      masseflyt [--db FIL] user disable EPOST\n" \
    "\n" \
    "Forvalter serverens kontoer. ROLLE er administrator, editor (skriver\n" \
    "bare data for sin organisasjon; krever --org, en organisasjons-id i\n" \
    "registeret) eller authority (leser alt, kjører planer og scenarioer).\n" \
    "«add» og «passwd» leser passordet, 12 til 128 tegn, fra første linje på\n" \
    "standard inn (på en terminal: spurt om, ikke vist); det lagres bare som\n" \
    "en argon2id-hash.\n" \
    "«disable» avslutter kontoens økter og trekker tilbake nøklene. Hver\n" \
    "endring skrives til revisjonsloggen med aktøren «cli».\n", \
    "usage: masseflyt [--db FILE] user add --email E --name N --role ROLE\n" \
    "                                      [--org ORG]\n" \
    "       masseflyt [--db FILE] user list\n" \
    "       masseflyt [--db FILE] user passwd EMAIL\n" \
    "       masseflyt [--db FILE] user disable EMAIL\n" \
    "\n" \
    "Manages the server's accounts. ROLE is administrator, editor (writes\n" \
    "only its organisation's data; needs --org, an organisation id in the\n" \
    "registry) or authority (reads everything, runs plans and scenarios).\n" \
    "'add' and 'passwd' read the password, 12 to 128 characters, from the\n" \
    "first line of standard input (on a terminal: asked for, not echoed);\n" \
    "it is stored only as an argon2id hash.\n" \
    "'disable' ends the account's sessions and revokes its tokens. Every\n" \
    "change is written to the audit log with the actor 'cli'.\n"

/* import */
#define MSG_IMPORT_PROGRESS_T "\rmasseflyt: %s: %s poster lest", "\rmasseflyt: %s: %s records read"
#define MSG_IMPORT_NOTE_IGNORED_T \
    "masseflyt: %s: merknad: kolonner som ikke brukes: %s\n", \
    "masseflyt: %s: note: columns ignored: %s\n"
#define MSG_IMPORT_NOTE_ENCODING_T \
    "masseflyt: %s: merknad: lest som %s\n", \
    "masseflyt: %s: note: read as %s\n"
#define MSG_IMPORT_WOULD_REPLACE_T \
    "ville erstatte %zu lagrede poster med samme id:\n", \
    "would replace %zu stored records with the same id:\n"
#define MSG_IMPORT_WOULD_REPLACE_ONE_T \
    "ville erstatte %zu lagret post med samme id:\n", \
    "would replace %zu stored record with the same id:\n"
#define MSG_IMPORT_REPLACED_T \
    "erstattet %zu lagrede poster med samme id:\n", \
    "replaced %zu stored records with the same id:\n"
#define MSG_IMPORT_REPLACED_ONE_T \
    "erstattet %zu lagret post med samme id:\n", \
    "replaced %zu stored record with the same id:\n"
#define MSG_IMPORT_MORE_REPLACED_T \
    "  ... og %zu til (--max-problems)\n", \
    "  ... and %zu more (--max-problems)\n"
#define MSG_IMPORT_UNCHANGED_T \
    "%zu poster var allerede lagret slik de er gitt (uendret)\n", \
    "%zu records already stored as given (unchanged)\n"
#define MSG_IMPORT_UNCHANGED_ONE_T \
    "%zu post var allerede lagret slik den er gitt (uendret)\n", \
    "%zu record already stored as given (unchanged)\n"
#define MSG_IMPORT_CHECKED_T "sjekket", "checked"
#define MSG_IMPORT_IMPORTED_T "importerte", "imported"
#define MSG_IMPORT_NOTHING_T " ingenting", " nothing"
#define MSG_N_ORGS_ONE_T "%zu organisasjon", "%zu organisation"
#define MSG_N_ORGS_T "%zu organisasjoner", "%zu organisations"
#define MSG_N_PROJECTS_ONE_T "%zu prosjekt", "%zu project"
#define MSG_N_PROJECTS_T "%zu prosjekter", "%zu projects"
#define MSG_N_SITES_ONE_T "%zu sted", "%zu site"
#define MSG_N_SITES_T "%zu steder", "%zu sites"
#define MSG_N_LOTS_ONE_T "%zu post", "%zu lot"
#define MSG_N_LOTS_T "%zu poster", "%zu lots"
#define MSG_IMPORT_TAIL_T "; %zu avvist, %zu flagget%s\n", "; %zu refused, %zu flagged%s\n"
#define MSG_IMPORT_DRY_RUN_T "; ingenting skrevet (--dry-run)", "; nothing written (--dry-run)"

/* list: table headings, columns split by tabs */
#define MSG_HEAD_ORGS_T "id\torgnr\tnavn\toffentlig", "id\torgnr\tname\tpublic"
#define MSG_HEAD_PROJECTS_T \
    "id\tnavn\torg\tkommune\tstart\tslutt", \
    "id\tname\torg\tmunicipality\tstart\tend"
#define MSG_HEAD_SITES_T \
    "id\ttype\tnavn\tkommune\tkapasitet t\tmaterialer", \
    "id\tkind\tname\tmunicipality\tcapacity t\tmaterials"
#define MSG_HEAD_LOTS_T \
    "id\ttype\tprosjekt\tmateriale/bruk\ttonn\toppgitt\tfra\ttil\tstatus", \
    "id\tkind\tproject\tmaterial/use\ttonnes\tgiven\tfrom\tto\tstatus"
#define MSG_LOT_SUPPLY_T "overskudd", "supply"
#define MSG_LOT_DEMAND_T "behov", "demand"

/* show: field labels */
#define MSG_F_ORGANISATION_T "organisasjon", "organisation"
#define MSG_F_NAME_T "navn", "name"
#define MSG_F_ORGNR_T "orgnr", "orgnr"
#define MSG_F_PUBLIC_BODY_T "offentlig organ", "public body"
#define MSG_F_NOTE_T "merknad", "note"
#define MSG_F_PROJECT_T "prosjekt", "project"
#define MSG_F_MUNICIPALITY_T "kommune", "municipality"
#define MSG_F_KIND_T "type", "kind"
#define MSG_F_START_T "start", "start"
#define MSG_F_END_T "slutt", "end"
#define MSG_F_SOURCE_T "kilde", "source"
#define MSG_F_SITE_T "sted", "site"
#define MSG_F_PLACE_WGS84_T "posisjon (WGS84)", "place (WGS84)"
#define MSG_F_PLACE_GIVEN_T "posisjon som oppgitt", "place as given"
#define MSG_F_MATERIALS_T "materialer", "materials"
#define MSG_F_PRODUCT_T "produkt", "product"
#define MSG_F_CAPACITY_T "kapasitet", "capacity"
#define MSG_F_FEE_T "avgift", "fee"
#define MSG_F_FEE_BY_MATERIAL_T "avgift per materiale", "fee by material"
#define MSG_F_CAPACITY_BY_MATERIAL_T "tonn per materiale", \
    "tonnes by material"
#define MSG_F_HOLDING_T "lagerleie", "holding"
#define MSG_F_FILL_HEIGHT_T "fyllhøyde", "fill height"
#define MSG_F_OPEN_FROM_T "åpen fra", "open from"
#define MSG_F_OPEN_TO_T "åpen til", "open to"
#define MSG_F_RESTRICTIONS_T "restriksjoner", "restrictions"
#define MSG_F_LOT_T "post", "lot"
#define MSG_F_MATERIAL_T "materiale", "material"
#define MSG_F_USE_T "bruk", "use"
#define MSG_F_QUANTITY_T "mengde", "quantity"
#define MSG_F_WINDOW_T "tidsvindu", "window"
#define MSG_F_FLEXIBLE_T "fleksibel", "flexible"
#define MSG_F_CONDITION_CLASS_T "tilstandsklasse", "condition class"
#define MSG_F_NATURAL_BACKGROUND_T "naturlig bakgrunn", "natural background"
#define MSG_F_ACID_TEST_T "syredannende test", "acid-forming test"
#define MSG_F_PLANT_HEALTH_T "plantehelse", "plant health"
#define MSG_F_PLANNED_INDEPENDENTLY_T "planlagt uavhengig", "planned independently"
#define MSG_F_PUBLIC_T "offentlig", "public"
#define MSG_SHOW_PER_MONTH_T "%s NOK/t per måned", "%s NOK/t per month"
#define MSG_SHOW_WINDOW_T "%s til %s", "%s to %s"
#define MSG_SHOW_RULES_T \
    "\n" \
    "regler:\n", \
    "\n" \
    "rules:\n"
#define MSG_SHOW_NO_PROBLEMS_T \
    "\n" \
    "regler: ingen problemer\n", \
    "\n" \
    "rules: no problems\n"

/* validate, init, check-db, backup */
#define MSG_VALIDATE_MORE_T \
    "... og %zu problemer til som ikke vises (--max-problems)\n", \
    "... and %zu more problems not shown (--max-problems)\n"
#define MSG_VALIDATE_SUMMARY_T \
    "sjekket %zu poster: %zu feil, %zu avvist, %zu flagget\n", \
    "checked %zu records: %zu errors, %zu refused, %zu flagged\n"
#define MSG_VALIDATE_SUMMARY_ONE_T \
    "sjekket %zu poster: %zu feil, %zu avvist, %zu flagget\n", \
    "checked %zu records: %zu error, %zu refused, %zu flagged\n"
#define MSG_INIT_READY_T \
    "databasen %s er klar (skjemaversjon %d)\n", \
    "database %s ready (schema version %d)\n"
#define MSG_MIGRATED_T \
    "databasen %s er migrert fra skjemaversjon %d til %d\n", \
    "database %s migrated from schema version %d to %d\n"
#define MSG_MIGRATE_CURRENT_T \
    "databasen %s har allerede gjeldende skjema (versjon %d)\n", \
    "database %s already has the current schema (version %d)\n"
#define MSG_CHECK_DB_OK_T \
    "database %s: ingen skade funnet (%s sjekk)\n", \
    "database %s: no damage found (%s check)\n"
#define MSG_CHECK_QUICK_T "rask", "quick"
#define MSG_CHECK_FULL_T "full", "full"
#define MSG_BACKUP_DONE_T "databasen %s er kopiert til %s\n", "database %s backed up to %s\n"

/* Comparison tables (plan, scenario) */
#define MSG_CMP_INDICATOR_T "indikator", "indicator"
#define MSG_CMP_DIFFERENCE_T "differanse", "difference"
#define MSG_CMP_SHORTFALL_NOTE_T \
    "Den prisede mangelen priser ikke plassert overskudd og udekket behov til\n" \
    "kostnaden for reserveløsningen (data/factors.csv, shortfall_*): kostnaden for\n" \
    "samfunnet regner den med, kostnaden for prosjektene gjør det ikke.\n", \
    "The priced shortfall prices unplaced surplus and unmet need at their fallback's\n" \
    "cost (data/factors.csv, shortfall_*): the cost to society counts it, the cost to\n" \
    "the projects does not.\n"
#define MSG_CMP_RANKED_T \
    "\n" \
    "Tiltak rangert mot %s (kostnad for samfunnet per tonn CO2e unngått; tonn\n" \
    "gjenbrukt):\n", \
    "\n" \
    "Measures ranked against %s (cost to society per tonne CO2e avoided; tonnes reused):\n"
#define MSG_CMP_RANK_HEAD_T \
    "  rang tiltak         samfunn (MNOK)       CO2e (t)   NOK/t CO2e  gjenbruk  gjenbrukt (t)\n", \
    "  rank measure        society (MNOK)       CO2e (t)   NOK/t CO2e  by reuse     reused (t)\n"
#define MSG_CMP_NO_FALL_T "ingen nedgang", "no fall"

/* Kept for callers of the first interface; the same as P_NO_COMMAND */
#define MSG_NO_COMMAND_T "ingen kommando heter «%s»", "no command named '%s'"

/* The ids of the program's messages: MSG_NAME for each X(NAME). */
/* plan, balance, report with a scope (src/cli/cmd_plan.c, cmd_balance.c,
 * cmd_report.c) */
#define MSG_PLAN_SCOPE_T \
    "Utvalg: %s (poster: %zu, steder: %zu; planen er beregnet for hele " \
    "regionen)\n", \
    "Scope: %s (lots: %zu, sites: %zu; the plan is solved for the whole " \
    "region)\n"
#define MSG_PLAN_SCOPE_NONE_T "\nIngen poster ligger i utvalget.\n", \
    "\nNo lot lies in the scope.\n"
#define MSG_PLAN_SCOPE_LOT_T "\npost %s (prosjekt %s): %s av %s, %s t, %s til %s\n", \
    "\nlot %s (project %s): %s of %s, %s t, %s to %s\n"
#define MSG_PLAN_SURPLUS_T "overskudd", "surplus"
#define MSG_PLAN_NEED_T "behov", "need"
#define MSG_PLAN_SCOPE_TO_T "  til\thvordan\tmateriale\ttonn\tkm\tNOK\tNOK/t", \
    "  to\thow\tmaterial\ttonnes\tkm\tNOK\tNOK/t"
#define MSG_PLAN_SCOPE_FROM_T "  fra\thvordan\tmateriale\ttonn\tkm\tNOK\tNOK/t", \
    "  from\thow\tmaterial\ttonnes\tkm\tNOK\tNOK/t"
#define MSG_PLAN_SCOPE_SHORT_T "  %s t %s: %s\n", "  %s t %s: %s\n"
#define MSG_PLAN_UNPLACED_T "ikke plassert", "unplaced"
#define MSG_PLAN_UNMET_T "ikke dekket", "unmet"
#define MSG_PLAN_NOTHING_T "  ingenting å flytte\n", "  nothing to move\n"
#define MSG_PLAN_CONTEXT_T "\nRegionen, som sammenheng:\n\n", \
    "\nThe region, as context:\n\n"
#define MSG_PLAN_REGION_SHORT_T \
    "\nPoster i regionen med masser som ikke er plassert eller dekket: %zu " \
    "(plan uten utvalg viser dem).\n", \
    "\nLots in the region left unplaced or unmet: %zu (plan without a " \
    "scope lists them).\n"
#define MSG_BALANCE_REACH_T \
    "\n%zu mottak, mellomlager, knuseverk og pukkverk innen %g km, med " \
    "plassen de har oppgitt (kapasitet: mottak, hva det ennå kan ta imot; " \
    "mellomlager, hva det rommer samtidig; knuseverk og pukkverk, et års " \
    "produksjon):\n", \
    "\n%zu receiving sites, storage, processing plants and quarries within " \
    "%g km, with their room as registered (capacity: receiving, what it " \
    "can still take; storage, what it holds at once; processing and " \
    "quarries, a year's output):\n"
#define MSG_BALANCE_REACH_HEAD_T \
    "sted\ttype\tkm\tkapasitet t\tper år t\tNOK/t\tfor utvalget", \
    "site\tkind\tkm\tcapacity t\tper year t\tNOK/t\tfor the scope"
#define MSG_REPORT_SCOPE_T \
    "Den begynner med %s; regionen følger som sammenheng.\n", \
    "It leads with %s; the region follows as context.\n"

/* plan, balance, report and export (src/cli/cmd_plan.c, cmd_balance.c,
 * cmd_report.c, cmd_export.c) */
#define MSG_PL_HEAD_T \
    "Plan «%s»: %s til %s i %d perioder (%s); %d noder, %d buer; bygd på " \
    "%.2f s, løst på %.2f s (prisingsrunder: %d%.0s); optimal ved " \
    "%.2f kr\n\n", \
    "Plan '%s': %s to %s in %d %ss; %d nodes, %d arcs; built in " \
    "%.2f s, solved in %.2f s (%d pricing round%s); optimal at " \
    "%.2f NOK\n\n"
#define MSG_PL_FROM_ACTUAL_T \
    "Fra faktisk flyt til og med %s: %zu lass, %s t flyttet; %zu poster " \
    "ferdige; resten planlegges fra %s (løst fra bunnen av: en lagret plan " \
    "har ingen basis å starte fra)\n\n", \
    "From actual flows up to %s: %zu loads, %s t moved; %zu lots done; " \
    "the rest is planned from %s (solved cold: a stored plan keeps no " \
    "basis to start from)\n\n"
#define MSG_PL_BAU_T "vanlig praksis", "business as usual"
#define MSG_PL_PLAN_T "plan", "plan"
#define MSG_PL_DIFF_NOTE_T \
    "Forskjellen er planen mot dagens praksis (hvert prosjekt handler\n" \
    "alene; docs/PLANNING.md); ingen gjenbruk er bare en referanselinje.\n", \
    "The difference is the plan against today's practice (each project acting\n" \
    "alone; docs/PLANNING.md); no reuse at all is a reference line only.\n"
#define MSG_PL_CALIBRATION_T \
    "Kalibrering: dagens praksis gjenbruker %s %% av overskuddet; " \
    "publisert spenn %.0f-%.0f %% (data/practice.csv): %s\n", \
    "Calibration: today's practice reuses %s %% of the surplus; " \
    "published range %.0f-%.0f %% (data/practice.csv): %s\n"
#define MSG_PL_WITHIN_T "innenfor", "within"
#define MSG_PL_OUTSIDE_T "UTENFOR spennet", "OUTSIDE the range"
#define MSG_PL_SHORT_HEAD_T \
    "\nDet planen ikke kunne plassere eller dekke:\n", \
    "\nWhat the plan could not place or meet:\n"
#define MSG_PL_SHORT_LINE_T "  post %s: %s t %s: %s\n", "  lot %s: %s t %s: %s\n"
#define MSG_PL_STORED_T "\nLagret som plan «%s».%s%s%s%s%s%s%s%s\n", \
    "\nStored as plan '%s'.%s%s%s%s%s%s%s%s\n"
#define MSG_PL_FLOWS_T " Strømmer: ", " Flows: "
#define MSG_PL_LINES_T " Linjer: ", " Lines: "
#define MSG_PL_NETWORK_T " Nettverk: ", " Network: "
#define MSG_PL_LP_T " LP: ", " LP: "
#define MSG_BA_MATERIAL_T "materiale eller bruk", "material or use"
#define MSG_BA_TOTAL_T "sum", "total"
#define MSG_BA_ANY_FOR_T "valgfritt til %s", "any for %s"
#define MSG_BA_SUPPLY_T "overskudd", "supply"
#define MSG_BA_DEMAND_T "behov", "demand"
#define MSG_BA_NET_T "netto", "net"
#define MSG_BA_ALL_T "alle masser", "all masses"
#define MSG_BA_HEAD_T "Massebalanse i tonn per %s", "Mass balance in tonnes per %s"
#define MSG_BA_HEAD_LOTS_T \
    " (%zu poster; netto > 0 er overskudd, per materiale)\n\n", \
    " (%zu lots; net > 0 is surplus, per material)\n\n"
#define MSG_BA_REFUSED_T "\nAvvist, ikke med i balansen:\n", \
    "\nRefused, not in the balance:\n"
#define MSG_BA_REFUSED_LOT_T "  post %s (%s t %s): %s", "  lot %s (%s t %s): %s"
#define MSG_BA_SITE_REFUSED_T "stedet er avvist", "its site is refused"
#define MSG_BA_RULE_T " (regel %s)", " (rule %s)"
#define MSG_RE_WRITTEN_T \
    "Rapporten er skrevet til %s/: report.html, %sreport.xlsx og csv/ " \
    "(scenarioer: %d; referanse %s)\n", \
    "Report written to %s/: report.html, %sreport.xlsx and csv/ " \
    "(%d scenarios; reference %s)\n"
#define MSG_PERIOD_WEEK_T "uke", "week"
#define MSG_PERIOD_MONTH_T "måned", "month"
#define MSG_PERIOD_QUARTER_T "kvartal", "quarter"
#define MSG_PERIOD_YEAR_T "år", "year"
#define MSG_RE_PDF_T "PDF laget med %s\n", "PDF made with %s\n"

#define MF_MSG_CLI_PLAN(X) \
    X(PL_HEAD) \
    X(PL_FROM_ACTUAL) \
    X(PL_BAU) \
    X(PL_PLAN) \
    X(PL_DIFF_NOTE) \
    X(PL_CALIBRATION) \
    X(PL_WITHIN) \
    X(PL_OUTSIDE) \
    X(PL_SHORT_HEAD) \
    X(PL_SHORT_LINE) \
    X(PL_STORED) \
    X(PL_FLOWS) \
    X(PL_LINES) \
    X(PL_NETWORK) \
    X(PL_LP) \
    X(BA_MATERIAL) \
    X(BA_TOTAL) \
    X(BA_ANY_FOR) \
    X(BA_SUPPLY) \
    X(BA_DEMAND) \
    X(BA_NET) \
    X(BA_ALL) \
    X(BA_HEAD) \
    X(BA_HEAD_LOTS) \
    X(BA_REFUSED) \
    X(BA_REFUSED_LOT) \
    X(BA_SITE_REFUSED) \
    X(BA_RULE) \
    X(RE_WRITTEN) \
    X(RE_PDF) \
    X(PERIOD_WEEK) \
    X(PERIOD_MONTH) \
    X(PERIOD_QUARTER) \
    X(PERIOD_YEAR)

/* usage texts of plan, balance, report and export, with the scope
 * options they share (src/cli/scope_args.h) */
#define MSG_SCOPE_USAGE_EN_ \
    "[--project ID | --organisation ORGNR | --municipality NNNN |\n" \
    "  --county NN | --near LAT,LON --radius KM | --bbox W,S,E,N]"
#define MSG_SCOPE_USAGE_NB_ \
    "[--project ID | --organisation ORGNR | --municipality NNNN |\n" \
    "  --county NN | --near BREDDE,LENGDE --radius KM | --bbox V,S,Ø,N]"
#define MSG_SCOPE_HELP_EN_ \
    "  --project ID        one project: its lots and sites\n" \
    "  --organisation ID   an organisation's projects (its id or its\n" \
    "                      organisation number, spaces allowed)\n" \
    "  --municipality NNNN the lots and sites in a municipality\n" \
    "  --county NN         ... in a county (the first two digits)\n" \
    "  --near LAT,LON --radius KM   ... within KM of a point\n" \
    "  --bbox W,S,E,N      ... in a box of degrees (WGS84)\n"
#define MSG_SCOPE_HELP_NB_ \
    "  --project ID        ett prosjekt: postene og stedene dets\n" \
    "  --organisation ID   en organisasjons prosjekter (id-en eller\n" \
    "                      organisasjonsnummeret, mellomrom tillatt)\n" \
    "  --municipality NNNN postene og stedene i en kommune\n" \
    "  --county NN         ... i et fylke (de to første sifrene)\n" \
    "  --near BREDDE,LENGDE --radius KM   ... innen KM fra et punkt\n" \
    "  --bbox V,S,Ø,N      ... i en boks av grader (WGS84)\n"
#define MSG_USAGE_PLAN_T \
    "bruk: masseflyt plan [--name NAVN] [--period week|month|quarter|year]\n" \
    "                     [--from DATO] [--to DATO] [--k N] [--max-km KM]\n" \
    "                     " \
    MSG_SCOPE_USAGE_NB_ \
    "\n" \
    "                     [--fleet SPEK] [--distances FIL]\n" \
    "                     [--no-storage] [--no-processing] [--baseline]\n" \
    "                     [--explain POST] [--csv FIL] [--geojson FIL]\n" \
    "                     [--dimacs FIL] [--lp FIL] [--check] [--no-lazy]\n" \
    "                     [--from-actual]\n" \
    "\n" \
    "Planlegger hvor hvert tonn overskudd går og hvor hvert behov får\n" \
    "massene sine, periode for periode: direkte mellom prosjekter, gjennom\n" \
    "mellomlager, gjennom knuseverk, til mottak, fra pukkverk. Planen er\n" \
    "optimal (nettverkssimpleks, eksakte heltallskostnader) over alle tillatte\n" \
    "buer. Den sammenlignes med vanlig praksis (hvert overskudd til det\n" \
    "billigste mottaket, hvert behov fra det billigste pukkverket) og lagres\n" \
    "som NAVN (standard «plan»).\n" \
    "\n" \
    "Et utvalg viser én del av regionen først: postene der, hvor massene\n" \
    "deres går eller kommer fra (tonn, km, kostnad), hva som ikke blir\n" \
    "plassert og hvorfor; så regionens summer som sammenheng. Planen løses\n" \
    "likevel for hele regionen, så et utvalg endrer aldri optimum.\n" \
    "\n" \
    MSG_SCOPE_HELP_NB_ \
    "  --period P        lengden av en periode (standard: data/factors.csv)\n" \
    "  --k N             kandidatmål per opphav og type\n" \
    "  --max-km KM       lengste transport på vei\n" \
    "  --fleet SPEK      f.eks. trailer=0.7,electric=0.3 eller trailer:hvo=1\n" \
    "  --distances FIL   veikm mellom steder (kolonnene from,to,km)\n" \
    "  --explain POST    hvorfor POST går dit den går: alternativer og\n" \
    "                    marginalverdier\n" \
    "  --csv FIL         strømmene som CSV;  --geojson FIL  strømmene som linjer\n" \
    "  --dimacs FIL      nettverket som DIMACS min-cost flow\n" \
    "  --lp FIL          nettverket som LP (CPLEX LP-format; eksporten av et\n" \
    "                    nettverk med utbytte fra knusing)\n" \
    "  --check           kontroller optimalitetsbeviset etter løsningen\n" \
    "  --no-lazy         bare de k billigste kandidatene (ingen prising)\n" \
    "  --from-actual     planlegg resten av horisonten fra det som faktisk er\n" \
    "                    flyttet (lass med godkjent mottak til og med --as-of):\n" \
    "                    poster og mottak minus det som er flyttet, fra den\n" \
    "                    dagen\n" \
    , \
    "usage: masseflyt plan [--name NAME] [--period week|month|quarter|year]\n" \
    "                      [--from DATE] [--to DATE] [--k N] [--max-km KM]\n" \
    "                      " \
    MSG_SCOPE_USAGE_EN_ \
    "\n" \
    "                      [--fleet SPEC] [--distances FILE]\n" \
    "                      [--no-storage] [--no-processing] [--baseline]\n" \
    "                      [--explain LOT] [--csv FILE] [--geojson FILE]\n" \
    "                      [--dimacs FILE] [--lp FILE] [--check] " \
    "[--no-lazy]\n" \
    "                      [--from-actual]\n\n" \
    "Plans where every tonne of surplus goes and where every need gets its\n" \
    "masses, period by period: directly between projects, through\n" \
    "intermediate storage, through processing, to receiving sites, from\n" \
    "quarries. The plan is optimal (network simplex, exact integer costs)\n" \
    "over every allowed arc. It is compared with business as usual (every\n" \
    "surplus to the cheapest receiving site, every need from the cheapest\n" \
    "quarry) and stored under NAME (default 'plan').\n\n" \
    "A scope shows one part of the region first: its lots, where their\n" \
    "masses go or come from (tonnes, km, cost), what stays unplaced and\n" \
    "why; then the region's totals as context. The plan is solved for the\n" \
    "whole region all the same, so a scope never changes the " \
    "optimum.\n\n" \
    MSG_SCOPE_HELP_EN_ \
    "  --period P        length of a period (default: data/factors.csv)\n" \
    "  --k N             candidate destinations per origin and kind\n" \
    "  --max-km KM       longest haul by road\n" \
    "  --fleet SPEC      e.g. trailer=0.7,electric=0.3 or trailer:hvo=1\n" \
    "  --distances FILE  road km between sites (columns from,to,km)\n" \
    "  --explain LOT     why LOT goes where it goes: alternatives and\n" \
    "                    marginal values\n" \
    "  --csv FILE        flows as CSV;  --geojson FILE  flows as lines\n" \
    "  --dimacs FILE     the network as DIMACS min-cost flow\n" \
    "  --lp FILE         the network as an LP (CPLEX LP format; the export\n" \
    "                    of a network with processing yields)\n" \
    "  --check           verify the optimality certificate after solving\n" \
    "  --no-lazy         only the k cheapest candidates (no pricing)\n" \
    "  --from-actual     plan the rest of the horizon from what has actually\n" \
    "                    moved (loads accepted up to --as-of): lots and\n" \
    "                    receiving sites less what moved, from that day on\n"
#define MSG_USAGE_BALANCE_T \
    "bruk: masseflyt balance [--period year|quarter|month|week]\n" \
    "                        [--from DATO] [--to DATO]\n" \
    "                        " \
    MSG_SCOPE_USAGE_NB_ \
    "\n" \
    "                        [--format table|csv]\n" \
    "\n" \
    "Viser overskudd (supply) mot behov (demand) i tonn per materiale og\n" \
    "periode, hvert materiale på egne linjer: nettoen er per materiale,\n" \
    "aldri leire mot pukk. En posts tonn fordeles jevnt over tidsvinduet.\n" \
    "Behov som ikke nevner et materiale, vises under bruksklassen. Poster\n" \
    "reglene avviser, holdes utenfor og listes med grunnen.\n" \
    "Med et utvalg teller bare postene der, og mottak, mellomlager,\n" \
    "knuseverk og pukkverk innen rekkevidde følger med plassen de har\n" \
    "oppgitt (kapasitet; årlig mottak): innen radiusen til --near, ellers\n" \
    "innen max_haul_km (data/factors.csv) fra en post i utvalget, i luftlinje.\n" \
    "\n" \
    MSG_SCOPE_HELP_NB_ \
    , \
    "usage: masseflyt balance [--period year|quarter|month|week]\n" \
    "                         [--from DATE] [--to DATE]\n" \
    "                         " \
    MSG_SCOPE_USAGE_EN_ \
    "\n" \
    "                         [--format table|csv]\n\n" \
    "Prints surplus (supply) against need (demand) in tonnes per material\n" \
    "and period, each material on its own lines: the net is per material,\n" \
    "never clay against crushed rock. A lot's tonnes are spread evenly over\n" \
    "its window. Demand that names no material is shown under its use\n" \
    "class. Lots the rules refuse are left out and listed with the reason.\n" \
    "With a scope, only its lots count, and the receiving sites, storage\n" \
    "(mellomlager), processing plants and quarries within reach follow with\n" \
    "their room as registered (capacity; yearly intake): within the radius\n" \
    "of --near, else within max_haul_km (data/factors.csv) of a lot of the\n" \
    "scope, in a straight line.\n\n" \
    MSG_SCOPE_HELP_EN_
#define MSG_USAGE_REPORT_T \
    "bruk: masseflyt report [--out MAPPE] [--lang nb|en] [--title TEKST]\n" \
    "                       [--dir SCENARIOMAPPE] [--no-pdf]\n" \
    "                       " \
    MSG_SCOPE_USAGE_NB_ \
    "\n" \
    "                       [SCENARIO...]\n" \
    "\n" \
    "Skriver rapporten i tre trinn - 1 situasjonen i dag (kart,\n" \
    "massebalanse), 2 potensialet (plan mot vanlig praksis, strømmer,\n" \
    "Sankey, lagernivåer), 3 tiltakene (scenarioer side om side,\n" \
    "følsomhetstornadoen) - med et vedlegg med hver faktor og kilden,\n" \
    "i MAPPE (standard out/report): report.html (åpnes uten nett),\n" \
    "report.pdf, report.xlsx (tabeller og egne diagrammer) og csv/ (én fil\n" \
    "per tabell). Scenarioene er de som er nevnt, eller alle scenarioene i\n" \
    "mappen, der det første (eller «base») er referansen.\n" \
    "Norsk bokmål som standard; --lang en for engelsk.\n" \
    "\n" \
    "Med et utvalg begynner rapporten med det: postene der, hvor massene\n" \
    "deres går eller kommer fra med kostnaden, hva som ikke blir plassert og\n" \
    "hvorfor, og alternativene til hver post (slik `options` gir dem);\n" \
    "regionen følger som sammenheng. Planen løses for hele regionen.\n" \
    "\n" \
    MSG_SCOPE_HELP_NB_ \
    , \
    "usage: masseflyt report [--out DIR] [--lang nb|en] [--title TEXT]\n" \
    "                        [--dir SCENARIO_DIR] [--no-pdf]\n" \
    "                        " \
    MSG_SCOPE_USAGE_EN_ \
    "\n" \
    "                        [SCENARIO...]\n\n" \
    "Writes the report in three stages - 1 the situation today (map,\n" \
    "mass balance), 2 the potential (plan against business as usual,\n" \
    "flows, Sankey, storage levels), 3 the measures (scenarios side by\n" \
    "side, the sensitivity tornado) - with an appendix of every factor\n" \
    "and its source, into DIR (default out/report): report.html (opens\n" \
    "offline), report.pdf, report.xlsx (tables and native charts) and\n" \
    "csv/ (one file per table). The scenarios are those named, or every\n" \
    "scenario in the folder, the first (or 'base') being the reference.\n" \
    "Norwegian bokmål by default; --lang en for English.\n\n" \
    "With a scope the report leads with it: its lots, where their masses go\n" \
    "or come from with the cost, what stays unplaced and why, and the\n" \
    "alternatives of each lot (as `options` gives them); the region\n" \
    "follows as context. The plan is solved for the whole " \
    "region.\n\n" \
    MSG_SCOPE_HELP_EN_
#define MSG_USAGE_EXPORT_T \
    "bruk: masseflyt export orgs|projects|sites|lots\n" \
    "                       [--format csv|csv-excel|geojson] [-o FIL]\n" \
    "                       [--public-only]\n" \
    "                       " \
    MSG_SCOPE_USAGE_NB_ \
    "\n" \
    "\n" \
    "Skriver postene av én type med kolonnene importen leser\n" \
    "(docs/FORMATS.md), så en eksport importeres igjen uendret. csv er RFC\n" \
    "4180 med «.» som desimaltegn; csv-excel er for norsk Excel («;» som\n" \
    "skilletegn, «,» som desimaltegn, UTF-8 med BOM); geojson er en RFC 7946\n" \
    "FeatureCollection i WGS84. Uten -o (eller med -o -) går eksporten til\n" \
    "stdout.\n" \
    "Med --public-only utelates poster merket public = 0 (for åpne data).\n" \
    "Med et utvalg bare postene der: postene, stedene og prosjektene, og\n" \
    "organisasjonene de hører til.\n" \
    "\n" \
    MSG_SCOPE_HELP_NB_ \
    , \
    "usage: masseflyt export orgs|projects|sites|lots\n" \
    "                        [--format csv|csv-excel|geojson] [-o FILE]\n" \
    "                        [--public-only]\n" \
    "                        " \
    MSG_SCOPE_USAGE_EN_ \
    "\n\n" \
    "Writes the records of one kind with the columns the importer reads\n" \
    "(docs/FORMATS.md), so an export imports again unchanged. csv is RFC\n" \
    "4180 with '.' decimals; csv-excel is for Norwegian Excel (';'\n" \
    "separator, ',' decimals, UTF-8 with BOM); geojson is an RFC 7946\n" \
    "FeatureCollection in WGS84. Without -o (or with -o -) the export\n" \
    "goes to stdout.\n" \
    "With --public-only, lots marked public = 0 are left out (for open\n" \
    "data).\n" \
    "With a scope, only its records: its lots, sites and projects, and the\n" \
    "organisations these belong to.\n\n" \
    MSG_SCOPE_HELP_EN_

#define MF_MSG_CLI_PLAN_USAGE(X) \
    X(USAGE_PLAN) \
    X(USAGE_BALANCE) \
    X(USAGE_REPORT) \
    X(USAGE_EXPORT)

/* options (src/cli/cmd_options.c) */
#define MSG_OP_LOT_T "post %s: %s av %s, %s t\n", "lot %s: %s of %s, %s t\n"
#define MSG_OP_SURPLUS_T "overskudd", "surplus"
#define MSG_OP_NEED_T "behov", "need"
#define MSG_OP_NOT_PLANNED_T "ikke planlagt: %s\n", "not planned: %s\n"
#define MSG_OP_ALLOWED_DEST_T \
    "\n%zu mål innen %.0f km som planleggeren kan bruke:\n", \
    "\n%zu destinations within %.0f km the planner may use:\n"
#define MSG_OP_ALLOWED_ORIG_T \
    "\n%zu opphav innen %.0f km som planleggeren kan bruke:\n", \
    "\n%zu origins within %.0f km the planner may use:\n"
#define MSG_OP_DESTINATION_T "mål", "destination"
#define MSG_OP_ORIGIN_T "opphav", "origin"
#define MSG_OP_HEAD_T "hvordan\tmateriale\tkm\tNOK/t\tplass t\tplanlagt t", \
    "how\tmaterial\tkm\tNOK/t\troom t\tplanned t"
#define MSG_OP_EXCLUDED_T "\n%zu utelatt, og hvorfor:\n", \
    "\n%zu excluded, and why:\n"
#define MSG_OP_EXCL_HEAD_T "hvordan\tkm\tutelatt fordi", \
    "how\tkm\texcluded because"
/* Why an option is excluded, or a lot not planned (plan/options.c). */
#define MSG_OP_WHY_ASKS_T "behovet ber om %s, ikke %s", \
    "the need asks for %s, not %s"
#define MSG_OP_WHY_SERVE_T "%s passer ikke til %s (data/compat.csv)", \
    "%s does not serve %s (data/compat.csv)"
#define MSG_OP_WHY_SELLS_T "det selger ikke noe som passer til %s", \
    "it sells nothing that serves %s"
#define MSG_OP_WHY_ACCEPT_T "det tar ikke imot %s", "it does not accept %s"
#define MSG_OP_WHY_DATES_T "tidsvinduet overlapper ikke partiets (andre datoer)", \
    "its window does not overlap the lot's (other dates)"
#define MSG_OP_WHY_CLOSED_T "tidsvinduet overlapper ikke partiets (stedet er ikke åpent da)", \
    "its window does not overlap the lot's (the site is not open then)"
#define MSG_OP_WHY_HAUL_T "%.0f km er lenger enn transportgrensen på %.0f km", \
    "%.0f km is beyond the haul limit of %.0f km"
#define MSG_OP_WHY_RULE_T "%s (regel %s)", "%s (rule %s)"
#define MSG_OP_WHY_PAIR_T "planleggeren kan ikke bruke dette paret", \
    "the planner may not use this pair"
#define MSG_OP_WHY_REFUSED_T "reglene avviser det (%s: %s)", \
    "the rules refuse it (%s: %s)"
#define MSG_OP_WHY_OUTSIDE_T "det ligger utenfor planens område eller tidsrom", \
    "it is outside the scope or horizon of the plan"

#define MF_MSG_CLI_OPTIONS(X) \
    X(OP_LOT) \
    X(OP_SURPLUS) \
    X(OP_NEED) \
    X(OP_NOT_PLANNED) \
    X(OP_ALLOWED_DEST) \
    X(OP_ALLOWED_ORIG) \
    X(OP_DESTINATION) \
    X(OP_ORIGIN) \
    X(OP_HEAD) \
    X(OP_EXCLUDED) \
    X(OP_EXCL_HEAD) \
    X(OP_WHY_ASKS) \
    X(OP_WHY_SERVE) \
    X(OP_WHY_SELLS) \
    X(OP_WHY_ACCEPT) \
    X(OP_WHY_DATES) \
    X(OP_WHY_CLOSED) \
    X(OP_WHY_HAUL) \
    X(OP_WHY_RULE) \
    X(OP_WHY_PAIR) \
    X(OP_WHY_REFUSED) \
    X(OP_WHY_OUTSIDE)

/* scenario (src/cli/cmd_scenario.c) */
#define MSG_SC_PRACTICE_T "dagens praksis", "today's practice"
#define MSG_SC_NO_REUSE_T "ingen gjenbruk (ref.)", "no reuse (ref.)"
#define MSG_SC_RUN_NO_REUSE_T "Scenario %s: %s\nSammenlignet med dagens praksis og referansen uten gjenbruk (--against no-reuse)\n\n", \
    "Scenario %s: %s\nCompared against today's practice and the no-reuse reference (--against no-reuse)\n\n"
#define MSG_SC_RUN_SELF_T "Scenario %s: %s (%s)\nSammenlignet med dagens praksis (det er selve referansescenarioet)\n\n", \
    "Scenario %s: %s (%s)\nCompared against today's practice (it is the reference scenario itself)\n\n"
#define MSG_SC_RUN_AGAINST_T "Scenario %s: %s (%s)\nSammenlignet med %s: %s (%s)\n\n", \
    "Scenario %s: %s (%s)\nCompared against %s: %s (%s)\n\n"
#define MSG_SC_COMPARED_T "Scenarioer sammenlignet (dagens praksis er referansescenarioet %s\nder hvert prosjekt handler alene; docs/PLANNING.md):\n", \
    "Scenarios compared (today's practice is the reference scenario %s\nwith each project acting alone; docs/PLANNING.md):\n"
#define MSG_SC_AGAINST_T "\n%s mot %s:\n", "\n%s against %s:\n"
#define MSG_SC_MAIN_DIFF_T "De viktigste forskjellene:\n", "Main differences:\n"
#define MSG_SC_REQ_MET_T "Krav om %.0f %% gjenbruk for offentlige byggherrer: oppfylt (%.1f %%) med et påslag på %.0f kr/t på å deponere overskuddet deres\n", \
    "Reuse requirement %.0f %% for public clients: met (%.1f %%) with a surcharge of %.0f NOK/t on landfilling their surplus\n"
#define MSG_SC_REQ_UNMET_T "Krav om %.0f %% gjenbruk for offentlige byggherrer: kan ikke oppfylles; regionens behov gir rom for høyst %.1f %% (vist, med et påslag på %.0f kr/t)\n", \
    "Reuse requirement %.0f %% for public clients: cannot be met; the most the region's needs allow is %.1f %% (shown, with a surcharge of %.0f NOK/t)\n"
#define MSG_SC_SENS_HEAD_T "Følsomhet i scenario %s: kostnad %.2f MNOK, CO2e %.0f t, gjenbruk %.1f %%\n\n", \
    "Sensitivity of scenario %s: base cost %.2f MNOK, CO2e %.0f t, reuse %.1f %%\n\n"
#define MSG_SC_SENS_COLS_T "antakelse (lav .. høy)                               spenn  kostnad MNOK        CO2e t   gjenbruk pp\n", \
    "assumption (low .. high)                             range     cost MNOK        CO2e t      reuse pp\n"
#define MSG_SC_WARM_OK_T "%s: løst på nytt fra optimumet til %s (varmstart)\n", \
    "%s: re-solved from the optimum of %s (warm start)\n"
#define MSG_SC_WARM_LP_T "%s: løst fra bunnen av: prosessering med utbytter (eller kapasitet per materiale under en årlig mottaksgrense) løses som LP\n", \
    "%s: solved cold: processing with yields (or capacities by material under a yearly intake limit) is solved as an LP\n"
#define MSG_SC_WARM_NETWORK_T "%s: løst fra bunnen av: andre noder eller mengder enn %s (steder eller masser lagt til eller stengt, fleksible behov)\n", \
    "%s: solved cold: other nodes or quantities than %s (sites or lots added or closed, flexible needs)\n"
#define MSG_SC_WARM_NO_BASIS_T "%s: løst fra bunnen av: %s ble løst som LP og har ingen basis å starte fra\n", \
    "%s: solved cold: %s was solved as an LP and keeps no basis to start from\n"
#define MSG_SC_WARM_FELL_BACK_T "%s: løst fra bunnen av: varmstarten fra %s holdt ikke (en bue scenarioet mangler beholdt flyt)\n", \
    "%s: solved cold: the warm start from %s did not stand (an arc the scenario lacks kept flow)\n"

#define MF_MSG_CLI_SCENARIO(X) \
    X(SC_WARM_OK) \
    X(SC_WARM_LP) \
    X(SC_WARM_NETWORK) \
    X(SC_WARM_NO_BASIS) \
    X(SC_WARM_FELL_BACK) \
    X(SC_PRACTICE) \
    X(SC_NO_REUSE) \
    X(SC_RUN_NO_REUSE) \
    X(SC_RUN_SELF) \
    X(SC_RUN_AGAINST) \
    X(SC_COMPARED) \
    X(SC_AGAINST) \
    X(SC_MAIN_DIFF) \
    X(SC_REQ_MET) \
    X(SC_REQ_UNMET) \
    X(SC_SENS_HEAD) \
    X(SC_SENS_COLS)

/* import-register (src/cli/cmd_register.c) */
#define MSG_SUM_IMPORT_REGISTER_T \
    "importer stedene i NGUs register eller en tillatelsesliste", \
    "import the sites of NGU's or a permit register"

/* The usage texts of scenario, serve and import-register (src/cli/cmd_scenario.c,
 * cmd_serve.c, cmd_register.c) */
#define MSG_USAGE_SCENARIO_T \
    "bruk: masseflyt scenario list [--dir MAPPE]\n" \
    "       masseflyt scenario run NAVN|FIL.scn [--against NAVN] [--dir MAPPE]\n" \
    "       masseflyt scenario compare NAVN... [--dir MAPPE] [--csv]\n" \
    "       masseflyt scenario sensitivity NAVN [--dir MAPPE]\n" \
    "\n" \
    "Et scenario er en fil MAPPE/NAVN.scn med linjer «nøkkel = verdi» som endrer\n" \
    "spillereglene: deponiavgift, CO2-pris, arealpris, lengste transport,\n" \
    "nye eller stengte steder, fleksibilitet i tid, kjøretøymiks, et krav om\n" \
    "gjenbruk for offentlige byggherrer, veiavstander (docs/SCENARIOS.md).\n" \
    "MAPPE er $MASSEFLYT_SCENARIOS, ellers demoregionens scenarioer i\n" \
    "datamappen. Et scenario kan også gis som en fil (et navn med «/» eller\n" \
    "som slutter på .scn) i en hvilken som helst mappe: det den arver og\n" \
    "mappen mangler (base), leses fra MAPPEs standard, så ingen kopi av\n" \
    "base.scn trengs ved siden av.\n" \
    "\n" \
    "  run          planlegger scenarioet og sammenligner det med base (dagens\n" \
    "               regler), eller med --against NAVN et annet scenario;\n" \
    "               --against no-reuse viser dagens praksis og referansen\n" \
    "               uten gjenbruk i stedet\n" \
    "  compare      planlegger hvert scenario som er nevnt; det første er\n" \
    "               referansen de andre sammenlignes med, og de viktigste\n" \
    "               forskjellene (strømmer og steder) forklares\n" \
    "  sensitivity  flytter hver antakelse i data/sensitivity.csv over sitt\n" \
    "               spenn og viser endringen i kostnad, CO2e, gjenbruksandel og\n" \
    "               tonn til deponi (et tornadodiagram)\n", \
    "usage: masseflyt scenario list [--dir DIR]\n" \
    "       masseflyt scenario run NAME|FILE.scn [--against NAME] [--dir DIR]\n" \
    "       masseflyt scenario compare NAME... [--dir DIR] [--csv]\n" \
    "       masseflyt scenario sensitivity NAME [--dir DIR]\n" \
    "\n" \
    "A scenario is a file DIR/NAME.scn of 'key = value' lines that change\n" \
    "the rules of the game: landfill tax, CO2 price, land price, longest\n" \
    "haul, new or closed sites, time flexibility, fleet mix, a reuse\n" \
    "requirement for public clients, road distances (docs/SCENARIOS.md).\n" \
    "DIR defaults to $MASSEFLYT_SCENARIOS, else the demo region's\n" \
    "scenarios in the data folder. A scenario may also be given as a file\n" \
    "(a name with a '/' or ending in .scn) in any folder: what it inherits\n" \
    "and its folder lacks (base) is read from DIR's default, so no copy of\n" \
    "base.scn is needed beside it.\n" \
    "\n" \
    "  run          plans the scenario and compares it with base (today's\n" \
    "               rules), or with --against NAME another scenario;\n" \
    "               --against no-reuse shows today's practice and the\n" \
    "               no-reuse reference instead\n" \
    "  compare      plans every scenario named; the first is the reference\n" \
    "               the others are compared with, and the main differences\n" \
    "               (flows and sites) are explained\n" \
    "  sensitivity  moves each assumption of data/sensitivity.csv across its\n" \
    "               range and shows the change in cost, CO2e, reuse rate and\n" \
    "               landfilled tonnes (a tornado)\n"

#define MSG_USAGE_SERVE_T \
    "bruk: masseflyt [--db FIL] serve [VALG]\n" \
    "\n" \
    "Server JSON-API-et under /api/v1 og nettgrensesnittet til SIGINT eller\n" \
    "SIGTERM (Ctrl-C); slutter da å ta imot tilkoblinger, svarer på\n" \
    "forespørslene som er under arbeid og avslutter med 0. Skriver én JSON-linje\n" \
    "per forespørsel på stdout (tilgangsloggen) og «listening on\n" \
    "http://ADRESSE:PORT/» på stderr.\n" \
    "Lag den første administratoren med «masseflyt user add».\n" \
    "\n" \
    "Valg:\n" \
    "  --address ADRESSE   IPv4-adressen det lyttes på (standard 127.0.0.1)\n" \
    "  --port N            TCP-port, 0 for en hvilken som helst ledig (standard\n" \
    "                      8080)\n" \
    "  --db FIL            databasen (som det globale --db)\n" \
    "  --db-read URL       en strømmende replika av PostgreSQL-databasen:\n" \
    "                      registerets lesinger går dit når den har spilt av\n" \
    "                      leserens egen siste skriving (venter opptil 250 ms,\n" \
    "                      ellers leses primæren), og til primæren mens\n" \
    "                      replikaen ikke svarer\n" \
    "  --static MAPPE      nettgrensesnittets filer (standard: PREFIKS/share/\n" \
    "                      masseflyt/web når programmet er installert, ellers\n" \
    "                      web/ i kildetreet); «none» serverer ingen filer\n" \
    "  --openapi FIL       OpenAPI-dokumentet som serveres på\n" \
    "                      /api/v1/openapi.json (standard: PREFIKS/share/\n" \
    "                      masseflyt/openapi.json når programmet er installert,\n" \
    "                      ellers docs/openapi.json i kildetreet)\n" \
    "  --threads N         arbeidstråder per prosess, 1 til 64 (standard 2)\n" \
    "  --workers N         serverprosesser som deler porten, 1 til 64\n" \
    "                      (standard 1). Med flere binder en foreldreprosess\n" \
    "                      porten, starter dem, erstatter en som dør og stopper\n" \
    "                      alle ved SIGINT eller SIGTERM; økter, innloggingssperrer\n" \
    "                      og endringer i registeret deles gjennom databasen.\n" \
    "                      For PostgreSQL (én per kjerne); SQLite tar én\n" \
    "                      skriver om gangen\n" \
    "  --fresh db|shared   db leser databasens endringsteller ved hver lesing\n" \
    "                      (alle skrivere); shared deler en minneside mellom\n" \
    "                      arbeiderne (deres skrivinger straks, andres innen\n" \
    "                      --fresh-ms). Standard: db med PostgreSQL\n" \
    "  --fresh-ms MS       1 til 3600000 (standard 100)\n" \
    "  --max-body BYTE     største innhold i en forespørsel; større gir 413\n" \
    "                      (standard 1048576)\n" \
    "  --max-header BYTE   største sum av hodefelt i en forespørsel; større gir\n" \
    "                      431 (standard 8192)\n" \
    "  --timeout SEKUNDER  ledige tilkoblinger lukkes etter dette (standard 30)\n" \
    "  --session-idle S    en økt slutter etter S sekunder uten forespørsler\n" \
    "                      (standard 1800)\n" \
    "  --session-max S     en økt slutter senest S sekunder etter innlogging\n" \
    "                      (standard 43200)\n" \
    "  --lockout S         etter 5 mislykkede innlogginger for en konto (eller\n" \
    "                      20 fra en adresse) på 15 min avvises den i S sekunder\n" \
    "                      (standard 900)\n" \
    "  --job-lease S       en jobb som ikke har hørt fra sin arbeider på S\n" \
    "                      sekunder (arbeideren døde), tas av en annen; 2 til\n" \
    "                      86400 (standard 30)\n" \
    "  --tile-url URL      en URL-mal for kartfliser ({z}/{x}/{y}), f.eks.\n" \
    "                      Kartverkets WMTS-cache; bare opprinnelsen legges til\n" \
    "                      img-src i Content-Security-Policy, og /config.json\n" \
    "                      nevner den. Standard: tileUrl i den statiske mappens\n" \
    "                      config.json, som er tom: det frakoblede omrisset av\n" \
    "                      Norge\n" \
    "  --tile-attribution TEKST  flisenes kreditering som vises på kartet\n" \
    "  --secure-cookies    merk informasjonskapsler Secure og send HSTS: bruk bak\n" \
    "                      en mellomtjener som avslutter TLS (alias --tls-proxy)\n" \
    "  --no-access-log     skriv ikke tilgangsloggen\n", \
    "usage: masseflyt [--db FILE] serve [OPTIONS]\n" \
    "\n" \
    "Serves the JSON API under /api/v1 and the web UI until SIGINT or\n" \
    "SIGTERM (Ctrl-C); then stops accepting connections, answers the\n" \
    "requests in flight and exits 0. Prints one JSON line per request on\n" \
    "stdout (the access log) and 'listening on http://ADDR:PORT/' on stderr.\n" \
    "Make the first administrator with 'masseflyt user add'.\n" \
    "\n" \
    "Options:\n" \
    "  --address ADDR      IPv4 address to listen on (default 127.0.0.1)\n" \
    "  --port N            TCP port, 0 for any free one (default 8080)\n" \
    "  --db FILE           the database (as the global --db)\n" \
    "  --db-read URL       a streaming replica of the PostgreSQL database:\n" \
    "                      the registry's reads go there once it has\n" \
    "                      replayed the reader's own last write (waiting\n" \
    "                      up to 250 ms, else reading the primary), and to\n" \
    "                      the primary while it is unreachable\n" \
    "  --static DIR        the web UI's files (default: PREFIX/share/\n" \
    "                      masseflyt/web when installed, else web/ in the\n" \
    "                      source tree); 'none' serves no files\n" \
    "  --openapi FILE      the OpenAPI document served at\n" \
    "                      /api/v1/openapi.json (default: PREFIX/share/\n" \
    "                      masseflyt/openapi.json when installed, else\n" \
    "                      docs/openapi.json in the source tree)\n" \
    "  --threads N         worker threads per process, 1 to 64 (default 2)\n" \
    "  --workers N         server processes sharing the port, 1 to 64\n" \
    "                      (default 1). With more, a parent process binds,\n" \
    "                      starts them, replaces one that dies and stops\n" \
    "                      them all on SIGINT or SIGTERM; sessions, login\n" \
    "                      locks and registry changes are shared through\n" \
    "                      the database. For PostgreSQL (one per core);\n" \
    "                      SQLite takes one writer at a time\n" \
    "  --fresh db|shared   db reads the database's change counter at every\n" \
    "                      read (every writer); shared shares a page among the\n" \
    "                      workers (their writes at once, others' within\n" \
    "                      --fresh-ms). Default: db on PostgreSQL\n" \
    "  --fresh-ms MS       1 to 3600000 (default 100)\n" \
    "  --max-body BYTES    largest request body; larger gets 413\n" \
    "                      (default 1048576)\n" \
    "  --max-header BYTES  largest total of request headers; larger gets 431\n" \
    "                      (default 8192)\n" \
    "  --timeout SECONDS   idle connections are closed after this (default 30)\n" \
    "  --session-idle S    a session ends after S seconds without a request\n" \
    "                      (default 1800)\n" \
    "  --session-max S     a session ends S seconds after login at the latest\n" \
    "                      (default 43200)\n" \
    "  --lockout S         after 5 failed logins for an account (or 20 from\n" \
    "                      an address) in 15 min, refuse it for S seconds\n" \
    "                      (default 900)\n" \
    "  --job-lease S       a job whose worker has not been heard from for S\n" \
    "                      seconds (the worker died) is taken by another;\n" \
    "                      2 to 86400 (default 30)\n" \
    "  --tile-url URL      a map tile URL template ({z}/{x}/{y}), e.g.\n" \
    "                      Kartverket's WMTS cache; its origin (only) is\n" \
    "                      added to the Content-Security-Policy's img-src\n" \
    "                      and /config.json names it. Default: tileUrl of\n" \
    "                      the static folder's config.json, which is empty:\n" \
    "                      the offline Norway outline\n" \
    "  --tile-attribution TEXT  the tiles' credit shown on the map\n" \
    "  --secure-cookies    mark cookies Secure and send HSTS: use behind a\n" \
    "                      TLS-terminating proxy (alias --tls-proxy)\n" \
    "  --no-access-log     do not print the access log\n"

#define MSG_USAGE_IMPORT_REGISTER_T \
    "bruk: masseflyt import-register [--retrieved DATO] [--epsg KODE]\n" \
    "                                 [--include-closed] [--map FIL]\n" \
    "                                 [--dry-run] [--max-problems N]\n" \
    "                                 ngu|permits FIL\n" \
    "\n" \
    "Importerer stedene i et offentlig register som en kommunes\n" \
    "referansesteder: ngu, NGUs grus- og pukkdatabase (massetak og grustak),\n" \
    "eller permits, statsforvalterens liste over tillatelser for deponier og\n" \
    "massemottak. FIL er registerets CSV- eller GeoJSON-eksport slik den ble\n" \
    "lastet ned (et polygon tas i sitt tyngdepunkt; konverter en shapefil med\n" \
    "ogr2ogr først). Hvilke kolonner som gir et steds id, navn, plassering,\n" \
    "materialer, status, type og tonn, og hva registerets ord betyr, leses fra\n" \
    "tabellen data/registers.csv (docs/FORMATS.md): et ord den mangler, er en\n" \
    "feil som sier hvilken rad som må legges til. Hvert steds id er\n" \
    "registerets id etter et prefiks (ngu-, permit-), så en nyere nedlasting\n" \
    "erstatter stedene som ble importert før i stedet for å legge dem til på\n" \
    "nytt; kilden nevner registeret, posten og nedlastingsdatoen.\n" \
    "\n" \
    "Importen er alt eller ingenting, som import: hvert problem listes med\n" \
    "filen, linjen eller objektet og feltet, ingenting skrives, og\n" \
    "avslutningsstatusen er 3.\n" \
    "\n" \
    "  --retrieved DATO   dagen FIL ble lastet ned (ÅÅÅÅ-MM-DD); standard er\n" \
    "                     filens endringsdato\n" \
    "  --epsg KODE        koordinatsystemet når filen ikke nevner noe\n" \
    "                     (25832, 25833, 25835, 4258, 4326)\n" \
    "  --include-closed   behold poster der statusen betyr skip (stengt)\n" \
    "  --map FIL          en egen tabell i stedet for DATA/registers.csv\n" \
    "  --dry-run          sjekk alt, skriv ingenting\n" \
    "  --max-problems N   antall problemer som listes (standard 100)\n", \
    "usage: masseflyt import-register [--retrieved DATE] [--epsg CODE]\n" \
    "                                 [--include-closed] [--map FILE]\n" \
    "                                 [--dry-run] [--max-problems N]\n" \
    "                                 ngu|permits FILE\n" \
    "\n" \
    "Imports the sites of a public register as a municipality's reference\n" \
    "sites: ngu, NGU's grus- og pukkdatabase (quarries and gravel pits),\n" \
    "or permits, a county governor's permit list of landfills and\n" \
    "receiving sites (massemottak). FILE is the register's CSV or GeoJSON\n" \
    "export as downloaded (a polygon is taken at its centroid; convert a\n" \
    "shapefile with ogr2ogr first). Which columns give a site's id, name,\n" \
    "place, materials, status, kind and tonnes, and what the register's\n" \
    "words mean, is read from the mapping table data/registers.csv\n" \
    "(docs/FORMATS.md): a word it lacks is an error that says which row to\n" \
    "add. Each site's id is the register's id after a prefix (ngu-,\n" \
    "permit-), so importing a newer download replaces the sites imported\n" \
    "before instead of adding them again; its source names the register,\n" \
    "the record and the retrieval date.\n" \
    "\n" \
    "The import is all or nothing, like import: every problem is listed\n" \
    "with the file, its line or feature and the field, nothing is written,\n" \
    "and the exit status is 3.\n" \
    "\n" \
    "  --retrieved DATE   the day FILE was downloaded (YYYY-MM-DD); default\n" \
    "                     the file's modification date\n" \
    "  --epsg CODE        the coordinate system when the file names none\n" \
    "                     (25832, 25833, 25835, 4258, 4326)\n" \
    "  --include-closed   keep records whose status maps to skip (closed)\n" \
    "  --map FILE         a mapping table of your own instead of\n" \
    "                     DATA/registers.csv\n" \
    "  --dry-run          check everything, write nothing\n" \
    "  --max-problems N   problems listed (default 100)\n"

#define MF_MSG_CLI_USAGE_MORE(X) \
    X(USAGE_SCENARIO) \
    X(USAGE_SERVE) \
    X(USAGE_IMPORT_REGISTER)

#define MF_MSG_CLI(X) \
    MF_MSG_CLI_CUSTODY(X) \
    MF_MSG_CLI_USAGE_MORE(X) \
    X(PLAN_SCOPE) \
    X(PLAN_SCOPE_NONE) \
    X(PLAN_SCOPE_LOT) \
    X(PLAN_SURPLUS) \
    X(PLAN_NEED) \
    X(PLAN_SCOPE_TO) \
    X(PLAN_SCOPE_FROM) \
    X(PLAN_SCOPE_SHORT) \
    X(PLAN_UNPLACED) \
    X(PLAN_UNMET) \
    X(PLAN_NOTHING) \
    X(PLAN_CONTEXT) \
    X(PLAN_REGION_SHORT) \
    X(BALANCE_REACH) \
    X(BALANCE_REACH_HEAD) \
    X(REPORT_SCOPE) \
    X(SUM_IMPORT_REGISTER) \
    MF_MSG_CLI_SCENARIO(X) \
    MF_MSG_CLI_PLAN(X) \
    MF_MSG_CLI_PLAN_USAGE(X) \
    MF_MSG_CLI_OPTIONS(X) \
    X(ERR_PREFIX) \
    X(TRY_HELP) \
    X(MORE_PROBLEMS) \
    X(WRITE_FAILED) \
    X(OUT_OF_MEMORY) \
    X(SEV_OK) \
    X(SEV_FLAG) \
    X(SEV_REFUSED) \
    X(SEV_ERROR) \
    X(YES) \
    X(NO) \
    X(UNKNOWN) \
    X(NOT_STATED) \
    X(USAGE_MAIN_HEAD) \
    X(USAGE_MAIN_OPTIONS) \
    X(SUM_INIT) \
    X(SUM_MIGRATE) \
    X(SUM_IMPORT) \
    X(SUM_VALIDATE) \
    X(SUM_LIST) \
    X(SUM_SHOW) \
    X(SUM_BALANCE) \
    X(SUM_TEMPLATE) \
    X(SUM_EXPORT) \
    X(SUM_RULES) \
    X(SUM_OPTIONS) \
    X(SUM_PLAN) \
    X(SUM_SCENARIO) \
    X(SUM_REPORT) \
    X(SUM_IMPORT_MUNICIPALITIES) \
    X(SUM_CHECK_DB) \
    X(SUM_BACKUP) \
    X(SUM_COPY) \
    X(SUM_SERVE) \
    X(SUM_USER) \
    X(USAGE_INIT) \
    X(USAGE_MIGRATE) \
    X(USAGE_IMPORT) \
    X(USAGE_VALIDATE) \
    X(USAGE_LIST) \
    X(USAGE_SHOW) \
    X(USAGE_TEMPLATE) \
    X(USAGE_RULES) \
    X(USAGE_OPTIONS) \
    X(USAGE_IMPORT_MUNICIPALITIES) \
    X(USAGE_CHECK_DB) \
    X(USAGE_BACKUP) \
    X(USAGE_COPY) \
    X(USAGE_USER) \
    X(IMPORT_PROGRESS) \
    X(IMPORT_NOTE_IGNORED) \
    X(IMPORT_NOTE_ENCODING) \
    X(IMPORT_WOULD_REPLACE) \
    X(IMPORT_WOULD_REPLACE_ONE) \
    X(IMPORT_REPLACED) \
    X(IMPORT_REPLACED_ONE) \
    X(IMPORT_MORE_REPLACED) \
    X(IMPORT_UNCHANGED) \
    X(IMPORT_UNCHANGED_ONE) \
    X(IMPORT_CHECKED) \
    X(IMPORT_IMPORTED) \
    X(IMPORT_NOTHING) \
    X(N_ORGS_ONE) \
    X(N_ORGS) \
    X(N_PROJECTS_ONE) \
    X(N_PROJECTS) \
    X(N_SITES_ONE) \
    X(N_SITES) \
    X(N_LOTS_ONE) \
    X(N_LOTS) \
    X(IMPORT_TAIL) \
    X(IMPORT_DRY_RUN) \
    X(HEAD_ORGS) \
    X(HEAD_PROJECTS) \
    X(HEAD_SITES) \
    X(HEAD_LOTS) \
    X(LOT_SUPPLY) \
    X(LOT_DEMAND) \
    X(F_ORGANISATION) \
    X(F_NAME) \
    X(F_ORGNR) \
    X(F_PUBLIC_BODY) \
    X(F_NOTE) \
    X(F_PROJECT) \
    X(F_MUNICIPALITY) \
    X(F_KIND) \
    X(F_START) \
    X(F_END) \
    X(F_SOURCE) \
    X(F_SITE) \
    X(F_PLACE_WGS84) \
    X(F_PLACE_GIVEN) \
    X(F_MATERIALS) \
    X(F_PRODUCT) \
    X(F_CAPACITY) \
    X(F_FEE) \
    X(F_FEE_BY_MATERIAL) \
    X(F_CAPACITY_BY_MATERIAL) \
    X(F_HOLDING) \
    X(F_FILL_HEIGHT) \
    X(F_OPEN_FROM) \
    X(F_OPEN_TO) \
    X(F_RESTRICTIONS) \
    X(F_LOT) \
    X(F_MATERIAL) \
    X(F_USE) \
    X(F_QUANTITY) \
    X(F_WINDOW) \
    X(F_FLEXIBLE) \
    X(F_CONDITION_CLASS) \
    X(F_NATURAL_BACKGROUND) \
    X(F_ACID_TEST) \
    X(F_PLANT_HEALTH) \
    X(F_PLANNED_INDEPENDENTLY) \
    X(F_PUBLIC) \
    X(SHOW_PER_MONTH) \
    X(SHOW_WINDOW) \
    X(SHOW_RULES) \
    X(SHOW_NO_PROBLEMS) \
    X(VALIDATE_MORE) \
    X(VALIDATE_SUMMARY) \
    X(VALIDATE_SUMMARY_ONE) \
    X(INIT_READY) \
    X(MIGRATED) \
    X(MIGRATE_CURRENT) \
    X(CHECK_DB_OK) \
    X(CHECK_QUICK) \
    X(CHECK_FULL) \
    X(BACKUP_DONE) \
    X(CMP_INDICATOR) \
    X(CMP_DIFFERENCE) \
    X(CMP_SHORTFALL_NOTE) \
    X(CMP_RANKED) \
    X(CMP_RANK_HEAD) \
    X(CMP_NO_FALL) \
    X(NO_COMMAND)

/* ------------------------------------------------------------------ */
/* The report (src/lib/report): tr() in report_int.h                   */
/* ------------------------------------------------------------------ */
#define MSG_R_REPORT_T "Rapport om masseflyt", \
    "Mass flow report"
#define MSG_R_SUBTITLE_T "Gjenbruk av rene overskuddsmasser av jord og stein", \
    "Reuse of clean surplus soil and rock"
#define MSG_R_GENERATED_T "Laget", \
    "Generated"
#define MSG_R_BY_T "med masseflyt", \
    "with masseflyt"
#define MSG_R_CONTENTS_T "Innhold", \
    "Contents"
#define MSG_R_KEYFIGS_T "Nøkkeltall", \
    "Key figures"
#define MSG_R_STAGE1_T "1 Situasjonen i dag", \
    "1 The situation today"
#define MSG_R_STAGE2_T "2 Potensialet", \
    "2 The potential"
#define MSG_R_STAGE3_T "3 Tiltakene", \
    "3 The measures"
#define MSG_R_APPENDIX_T "Vedlegg: faktorer og kilder", \
    "Appendix: factors and sources"
#define MSG_R_MAP_T "Kart over regionen", \
    "Map of the region"
#define MSG_R_BALANCE_T "Massebalanse", \
    "Mass balance"
#define MSG_R_REFUSED_T "Avviste poster", \
    "Refused lots"
#define MSG_R_PLANVS_T "Plan mot dagens praksis", \
    "Plan against business as usual"
#define MSG_R_FLOWS_T "Masseflyt i planen", \
    "Flows in the plan"
#define MSG_R_SANKEY_T "Hvor massene går", \
    "Where the masses go"
#define MSG_R_STORAGE_T "Mellomlager over tid", \
    "Mellomlager (intermediate storage) over time"
#define MSG_R_UNPLACED_T "Det planen ikke fikk plassert eller dekket", \
    "What the plan could not place or meet"
#define MSG_R_SCENARIOS_T "Scenarioer", \
    "Scenarios"
#define MSG_R_BYIND_T "Indikatorer per scenario", \
    "Indicators by scenario"
#define MSG_R_TORNADO_T "Følsomhet", \
    "Sensitivity"
#define MSG_R_DIFFS_T "Forskjellene forklart", \
    "The differences explained"
#define MSG_R_FACTORS_T "Faktorer", \
    "Factors"
#define MSG_R_TRUCKS_T "Lastebiler", \
    "Trucks"
#define MSG_R_GATE_FEES_T "Mottaksgebyr etter materiale", \
    "Gate fees by material"
#define MSG_R_DETOURS_T "Omveisfaktorer", \
    "Detour factors"
#define MSG_R_MODES_T "Lekter og transportbånd", \
    "Barges and conveyors"
#define MSG_R_FUELS_T "Drivstoff og energi", \
    "Fuels and energy"
#define MSG_R_MATERIALS_T "Materialer og tettheter", \
    "Materials and densities"
#define MSG_R_RULES_T "Regler", \
    "Rules"
#define MSG_R_SITES_T "Steder", \
    "Sites"
#define MSG_R_LOTS_T "Poster med overskudd og behov", \
    "Lots of surplus and need"

/* Report: Column headings */
#define MSG_R_C_MATERIAL_T "Materiale", \
    "Material"
#define MSG_R_C_MATUSE_T "Materiale eller bruk", \
    "Material or use"
#define MSG_R_C_SUPPLY_KT_T "Overskudd (1000 t)", \
    "Surplus (1000 t)"
#define MSG_R_C_DEMAND_KT_T "Behov (1000 t)", \
    "Need (1000 t)"
#define MSG_R_C_NET_KT_T "Netto (1000 t)", \
    "Net (1000 t)"
#define MSG_R_C_PERIOD_T "Periode", \
    "Period"
#define MSG_R_C_CUMUL_KT_T "Akkumulert netto (1000 t)", \
    "Cumulative net (1000 t)"
#define MSG_R_C_ID_T "Id", \
    "Id"
#define MSG_R_C_NAME_T "Navn", \
    "Name"
#define MSG_R_C_KIND_T "Type", \
    "Kind"
#define MSG_R_C_MUNI_T "Kommune", \
    "Municipality"
#define MSG_R_C_CAPACITY_T_T "Kapasitet (t)", \
    "Capacity (t)"
#define MSG_R_C_PROJECT_T "Prosjekt", \
    "Project"
#define MSG_R_C_TONNES_T "Tonn", \
    "Tonnes"
#define MSG_R_C_GIVEN_T "Volum som oppgitt", \
    "Volume as given"
#define MSG_R_C_FROM_T "Fra", \
    "From"
#define MSG_R_C_TO_T "Til", \
    "To"
#define MSG_R_C_WINDOW_T "Tidsvindu", \
    "Window"
#define MSG_R_C_RULE_T "Regel", \
    "Rule"
#define MSG_R_C_REASON_T "Grunn", \
    "Reason"
#define MSG_R_C_INDICATOR_T "Indikator", \
    "Indicator"
#define MSG_R_C_BAU_T "Dagens praksis", \
    "Today's practice"
#define MSG_R_C_NOREUSE_T "Uten gjenbruk (referanse)", \
    "No reuse (reference)"
#define MSG_R_C_PLAN_T "Plan", \
    "Plan"
#define MSG_R_C_DIFF_T "Forskjell", \
    "Difference"
#define MSG_R_C_ROUTE_T "Vei", \
    "Route"
#define MSG_R_C_KM_T "Km (vei)", \
    "Km (road)"
#define MSG_R_C_TRIPS_T "Lass", \
    "Loads"
#define MSG_R_C_CO2_T_T "CO2e (t)", \
    "CO2e (t)"
#define MSG_R_C_SCENARIO_T "Scenario", \
    "Scenario"
#define MSG_R_C_REUSE_T "Gjenbruksgrad", \
    "Reuse rate"
#define MSG_R_C_LANDFILLED_KT_T "Til massemottak (1000 t)", \
    "To massemottak (1000 t)"
#define MSG_R_C_VIRGIN_KT_T "Nytt fra pukkverk (1000 t)", \
    "Virgin from quarries (1000 t)"
#define MSG_R_C_TRUCKKM_K_T "Kjøretøy-km (1000)", \
    "Truck-km (1000)"
#define MSG_R_C_CO2_KT_T "CO2e (1000 t)", \
    "CO2e (1000 t)"
#define MSG_R_C_COST_MNOK_T "Kostnad (MNOK)", \
    "Cost (MNOK)"
#define MSG_R_C_LAND_DAA_T "Arealbruk (daa)", \
    "Land take (daa)"
#define MSG_R_C_PUBLIC_T "Gjenbruk offentlige", \
    "Public clients' reuse"
#define MSG_R_C_PARAM_T "Forutsetning", \
    "Assumption"
#define MSG_R_C_LOW_T "Lav", \
    "Low"
#define MSG_R_C_BASEV_T "Basis", \
    "Base"
#define MSG_R_C_HIGH_T "Høy", \
    "High"
#define MSG_R_C_COST_LOW_T "Kostnad ved lav (MNOK)", \
    "Cost at low (MNOK)"
#define MSG_R_C_COST_HIGH_T "Kostnad ved høy (MNOK)", \
    "Cost at high (MNOK)"
#define MSG_R_C_CO2_LOW_T "CO2e ved lav (1000 t)", \
    "CO2e at low (1000 t)"
#define MSG_R_C_CO2_HIGH_T "CO2e ved høy (1000 t)", \
    "CO2e at high (1000 t)"
#define MSG_R_C_REUSE_LOW_T "Gjenbruk ved lav", \
    "Reuse at low"
#define MSG_R_C_REUSE_HIGH_T "Gjenbruk ved høy", \
    "Reuse at high"
#define MSG_R_C_SOURCE_T "Kilde", \
    "Source"
#define MSG_R_C_KEY_T "Nøkkel", \
    "Key"
#define MSG_R_C_VALUE_T "Verdi", \
    "Value"
#define MSG_R_C_UNIT_T "Enhet", \
    "Unit"
#define MSG_R_C_ESTIMATE_T "Estimat", \
    "Estimate"
#define MSG_R_C_CODE_T "Kode", \
    "Code"
#define MSG_R_C_PAYLOAD_T "Nyttelast (t)", \
    "Payload (t)"
#define MSG_R_C_BODY_M3_T "Lasteplan (ulm3)", \
    "Body (loose m3)"
#define MSG_R_C_CLASS_T "Materiale eller kategori", \
    "Material or category"
#define MSG_R_C_FEE_FACTOR_T "Faktor på mottakets gebyr", \
    "Factor on the site's fee"
#define MSG_R_C_MUNI_PAIR_T "Kommuner", \
    "Municipalities"
#define MSG_R_C_DETOUR_T "Veg-km per luftlinje-km", \
    "Road km per straight km"
#define MSG_R_C_ENERGY_T "Energi", \
    "Energy"
#define MSG_R_C_USE_LOADED_T "Forbruk lastet per km", \
    "Use loaded per km"
#define MSG_R_C_USE_EMPTY_T "Forbruk tom per km", \
    "Use empty per km"
#define MSG_R_C_NOK_H_T "NOK per time", \
    "NOK per hour"
#define MSG_R_C_SPEED_T "Fart (km/t)", \
    "Speed (km/h)"
#define MSG_R_C_CO2_TTW_T "CO2e tank-hjul (kg)", \
    "CO2e tank-to-wheel (kg)"
#define MSG_R_C_CO2_WTW_T "CO2e brønn-hjul (kg)", \
    "CO2e well-to-wheel (kg)"
#define MSG_R_C_PRICE_T "Pris (NOK)", \
    "Price (NOK)"
#define MSG_R_C_CATEGORY_T "Kategori", \
    "Category"
#define MSG_R_C_D_PFM3_T "t/pfm3", \
    "t/pfm3"
#define MSG_R_C_D_ULM3_T "t/ulm3", \
    "t/ulm3"
#define MSG_R_C_D_PAM3_T "t/pam3", \
    "t/pam3"
#define MSG_R_C_CHECK_T "Kontroll", \
    "Check"
#define MSG_R_C_SEVERITY_T "Alvorlighet", \
    "Severity"
#define MSG_R_C_PARAMV_T "Parameter", \
    "Parameter"
#define MSG_R_C_VALID_T "Gjelder", \
    "In force"
#define MSG_R_C_MESSAGE_T "Melding", \
    "Message"
#define MSG_R_C_WHAT_T "Hva", \
    "What"

/* Report: Words */
#define MSG_R_SUPPLY_T "Overskudd", \
    "Surplus"
#define MSG_R_DEMAND_T "Behov", \
    "Need"
#define MSG_R_TOTAL_T "Sum", \
    "Total"
#define MSG_R_ESTIMATE_BADGE_T "estimat", \
    "estimate"
#define MSG_R_USE_SUFFIX_T "(bruk)", \
    "(use)"
#define MSG_R_UNPLACED_WORD_T "ikke plassert", \
    "unplaced"
#define MSG_R_UNMET_WORD_T "ikke dekket", \
    "unmet"
#define MSG_R_K_PROJECT_T "Anleggssted", \
    "Project site"
#define MSG_R_K_STORAGE_T "Mellomlager", \
    "Mellomlager (intermediate storage)"
#define MSG_R_K_PROCESSING_T "Knuse- og sorteringsverk", \
    "Crushing and sorting plant"
#define MSG_R_K_RECEIVING_T "Massemottak", \
    "Massemottak (receiving site)"
#define MSG_R_K_QUARRY_T "Pukkverk og grustak", \
    "Pukkverk (quarry) and gravel pit"
#define MSG_R_R_DIRECT_T "Direkte gjenbruk", \
    "Direct reuse"
#define MSG_R_R_STORAGE_T "Via mellomlager", \
    "Via mellomlager (intermediate storage)"
#define MSG_R_R_PROCESSING_T "Via knuseverk", \
    "Via processing (crushing)"
#define MSG_R_R_RECEIVING_T "Til massemottak", \
    "To massemottak (receiving sites)"
#define MSG_R_R_UNPLACED_T "Ikke plassert", \
    "Unplaced"
#define MSG_R_R_QUARRY_T "Nytt fra pukkverk", \
    "Virgin from pukkverk"
#define MSG_R_R_NEED_T "Behov dekket", \
    "Need met"
#define MSG_R_F_DIRECT_T "Direkte gjenbruk", \
    "Direct reuse"
#define MSG_R_F_STORAGE_T "Til og fra mellomlager", \
    "To and from mellomlager (storage)"
#define MSG_R_F_PROCESSING_T "Til og fra knuseverk", \
    "To and from processing"
#define MSG_R_F_RECEIVING_T "Til massemottak", \
    "To massemottak (receiving)"
#define MSG_R_F_QUARRY_T "Fra pukkverk", \
    "From pukkverk (quarry)"
#define MSG_R_LOT_SUPPLY_T "Post med overskudd", \
    "Lot with surplus"
#define MSG_R_LOT_DEMAND_T "Post med behov", \
    "Lot with need"
#define MSG_R_LOT_SIZE_T "Arealet av sirkelen viser tonn", \
    "Circle area shows tonnes"
#define MSG_R_LINE_WIDTH_T "Linjebredden viser tonn", \
    "Line width shows tonnes"
#define MSG_R_LOWV_T "lav verdi", \
    "low value"
#define MSG_R_HIGHV_T "høy verdi", \
    "high value"

/* Report: Short panel titles for charts */
#define MSG_R_P_REUSE_T "Gjenbruksgrad (%)", \
    "Reuse rate (%)"
#define MSG_R_P_LANDFILLED_T "Til massemottak (1000 t)", \
    "To massemottak (1000 t)"
#define MSG_R_P_VIRGIN_T "Nytt fra pukkverk (1000 t)", \
    "Virgin from quarries (1000 t)"
#define MSG_R_P_TRUCKKM_T "Kjøretøy-km (1000)", \
    "Truck-km (1000)"
#define MSG_R_P_CO2_T "CO2e totalt (1000 t)", \
    "CO2e total (1000 t)"
#define MSG_R_P_COST_T "Kostnad for samfunnet (MNOK)", \
    "Cost to society (MNOK)"

/* Report: Chart captions */
#define MSG_R_CH_MAP_STATUS_T "Steder og poster. Symbolet viser hva slags sted; sirklene er " "poster med overskudd (oransje) og behov (blå).", \
    "Sites and lots. The symbol shows the kind of site; circles are lots " "of surplus (orange) and need (blue)."
#define MSG_R_CH_BALANCE_T "Overskudd og behov per materiale, hele perioden.", \
    "Surplus and need by material over the whole horizon."
#define MSG_R_CH_BALANCE_P_T "Overskudd og behov per periode, alle materialer.", \
    "Surplus and need by period, all materials."
#define MSG_R_CH_INDICATORS_T "Hovedindikatorer: dagens praksis (grå) mot planen (grønn).", \
    "Headline indicators: business as usual (grey) against the plan " "(green)."
#define MSG_R_CH_FLOWS_T "Masseflyt i planen, summert over alle perioder. Linjebredden viser " "tonn, fargen hva slags flyt.", \
    "Flows of the plan, summed over all periods. Line width shows " "tonnes, colour the kind of flow."
#define MSG_R_CH_SANKEY_T "Overskudd per materiale til venstre, veien massene tar i midten, og " "hvor de ender til høyre. Nytt materiale fra pukkverk og grustak går " "rett til behovet.", \
    "Surplus by material on the left, the route the masses take in the " "middle, where they end on the right. Virgin material from quarries " "goes straight to the need."
#define MSG_R_CH_STORAGE_T "Lagernivå ved slutten av hver periode.", \
    "Storage level at the end of each period."
#define MSG_R_CH_SCEN_T "Verdien i hvert scenario; den stiplede linjen er basis.", \
    "The value in each scenario; the dashed line is the base."
#define MSG_R_CH_TORNADO_T "Hvor mye totalkostnaden endres når én forutsetning går fra lav til " "høy verdi og resten holdes fast. Bredest øverst.", \
    "How much the total cost moves when one assumption goes from its low " "to its high value and the rest are held. Widest first."
#define MSG_R_CH_TORNADO_CO2_T "Det samme for CO2e totalt.", \
    "The same for total CO2e."

/* Report: Axis units */
#define MSG_R_U_KT_T "1000 tonn", \
    "1000 tonnes"
#define MSG_R_U_T_T "tonn", \
    "tonnes"
#define MSG_R_U_MNOK_T "MNOK", \
    "MNOK"
#define MSG_R_U_KTCO2_T "1000 t CO2e", \
    "1000 t CO2e"

/* Report: Paragraphs */
#define MSG_R_TXT_STAGE1_T "Registeret har %d prosjekter, %d steder og %d poster: %d med " "overskudd og %d med behov.", \
    "The registry holds %d projects, %d sites and %d lots: %d of surplus " "and %d of need."
#define MSG_R_TXT_REFUSED_ONE_T "Én post er avvist av reglene og holdt utenfor balanse og plan.", \
    "One lot is refused by the rules and left out of the balance and the " "plan."
#define MSG_R_TXT_REFUSED_N_T "%d poster er avvist av reglene og holdt utenfor balanse og plan.", \
    "%d lots are refused by the rules and left out of the balance and the " "plan."
#define MSG_R_TXT_BALANCE_T "Overskudd %s tonn mot behov %s tonn fra %s til %s. Positiv netto er " "overskudd; negativ er behov.", \
    "Surplus of %s tonnes against a need of %s tonnes from %s to %s. A " "positive net is surplus; a negative one is need."
#define MSG_R_TXT_BALANCE_USE_T "Behov som kan dekkes av flere materialer står under bruken.", \
    "Needs any suitable material can meet are listed under their use."
#define MSG_R_TXT_STAGE2_T "Planen gjenbruker %s av overskuddet (dagens praksis: %s), holder %s " "tonn mer unna massemottak enn dagens praksis og sparer %s tonn CO2e, " "%s MNOK for prosjektene og %s MNOK for samfunnet (uten avgifter, med " "ikke plassert og udekket priset til alternativet).", \
    "The plan reuses %s of the surplus (today's practice: %s), keeps %s " "tonnes more out of massemottak (receiving sites) than today's " "practice, and saves %s tonnes of CO2e, %s MNOK for the projects and " "%s MNOK for society (without taxes, with unplaced and unmet masses " "priced at their fallback)."
#define MSG_R_TXT_NOREUSE_T "Mot en referanse uten gjenbruk i det hele tatt ville planen holde %s " "tonn unna massemottak og spare %s tonn CO2e; det er ingen prognose, " "bare en nedre grense for hva som skjer i dag.", \
    "Against a reference with no reuse at all the plan would keep %s " "tonnes out of massemottak and save %s tonnes of CO2e; that is no " "forecast, only a floor under what happens today."
#define MSG_R_TXT_RANGE_T "Potensialet mot dagens praksis, med spenn fra følsomhetsanalysen " "(hver forutsetning i data/sensitivity.csv flyttet over sitt spenn): " "%s tonn unna massemottak (%s til %s), %s tonn CO2e (%s til %s) og %s " "MNOK for prosjektene (%s til %s).", \
    "The potential against today's practice, with its range from the " "sensitivity runs (each assumption in data/sensitivity.csv moved over " "its range): %s tonnes kept out of massemottak (%s to %s), %s tonnes " "of CO2e (%s to %s) and %s MNOK for the projects (%s to %s)."
#define MSG_R_TXT_CALIB_T "Dagens praksis gjenbruker %s av overskuddet; publisert spenn %s til " "%s (data/practice.csv): %s.", \
    "Today's practice reuses %s of the surplus; published range %s to %s " "(data/practice.csv): %s."
#define MSG_R_CALIB_IN_T "innenfor", \
    "within"
#define MSG_R_CALIB_OUT_T "UTENFOR spennet", \
    "OUTSIDE the range"
#define MSG_R_TXT_RECOVERY_T "Av %s tonn overskudd som nådde et behov, gikk %s til behov planlagt " "uavhengig av overskuddet (gjenvinning). %s tonn gikk til fyllinger " "som ikke er planlagt uavhengig og regnes som disponering, ikke " "gjenbruk; for %s tonn sier ikke behovet om det er planlagt uavhengig.", \
    "Of the %s tonnes of surplus that reached a need, %s went to needs " "planned independently of the surplus (recovery). %s tonnes went to " "fills not planned independently and count as disposal, not reuse; for " "%s tonnes the need does not say whether it was planned " "independently."
#define MSG_R_TXT_BAU_T "Dagens praksis: hvert prosjekt handler alene, periode for periode, " "uten mellomlager: først egne behov, så prosjekter hos samme " "byggherre innen kort avstand, så vanlig praksis (sjøfyllinger og " "knuseverk innen rekkevidde), så billigste massemottak; behov som er " "igjen, fra billigste pukkverk (docs/PLANNING.md).", \
    "Today's practice: each project acts alone, period by period, with no " "storage: first its own needs, then projects of the same client within " "a short haul, then standard practice (sea fills and crushing plants " "within reach), then the cheapest massemottak; needs left come from " "the cheapest quarry (docs/PLANNING.md)."
#define MSG_R_TXT_STAGE3_T "Hvert scenario endrer spillereglene og planlegges på nytt. " "Scenario 1 er basis.", \
    "Each scenario changes the rules of the game and is planned again. " "Scenario 1 is the base."
#define MSG_R_TXT_NO_SCEN_T "Ingen scenarioer er beregnet.", \
    "No scenarios were computed."
#define MSG_R_TXT_NO_TORNADO_T "Ingen følsomhetsanalyse er beregnet.", \
    "No sensitivity analysis was computed."
#define MSG_R_TXT_TORNADO_T "Følsomhet for scenario %s: hver forutsetning flyttes over sitt " "oppgitte spenn.", \
    "Sensitivity of scenario %s: each assumption moves across its stated " "range."
#define MSG_R_TXT_NO_NOTES_T "Ingen vesentlige forskjeller mot basis.", \
    "No notable differences against the base."
#define MSG_R_TXT_APPENDIX_T "Alle faktorer beregningene bygger på, med kilde. Verdier merket " "estimat er anslag, ikke målinger eller publiserte tall.", \
    "Every factor the computations rest on, with its source. Values " "marked estimate are estimates, not measurements or published " "figures."
#define MSG_R_TXT_NONE_REFUSED_T "Ingen poster er avvist.", \
    "No lots are refused."
#define MSG_R_TXT_NO_STORAGE_T "Planen bruker ikke mellomlager.", \
    "The plan uses no intermediate storage."
#define MSG_R_TXT_STORAGE_ROWS_T "Tabellen viser periodene med masser på lager.", \
    "The table shows the periods with masses in storage."
#define MSG_R_TXT_NO_PLAN_T "Ingen plan er beregnet.", \
    "No plan was computed."
#define MSG_R_TXT_STORAGE_STEP_T "Tabellen viser én av %d perioder mens det er masser på lager; CSV- " "og XLSX-filene har alle.", \
    "The table shows one period in %d while masses are in storage; the " "CSV and XLSX files have them all."

/* Report: Table captions */
#define MSG_R_CAP_SITES_T "Steder på kartet", \
    "Sites on the map"
#define MSG_R_CAP_BALANCE_T "Massebalanse per materiale og periode (1000 t; periodene viser " "netto)", \
    "Mass balance by material and period (1000 t; the periods show the " "net)"
#define MSG_R_CAP_BALANCE_P_T "Massebalanse per periode, alle materialer (1000 t)", \
    "Mass balance by period, all materials (1000 t)"
#define MSG_R_CAP_REFUSED_T "Poster avvist av reglene, med grunn", \
    "Lots refused by the rules, with the reason"
#define MSG_R_CAP_INDICATORS_T "Indikatorer: dagens praksis, planen og forskjellen", \
    "Indicators: business as usual, the plan and the difference"
#define MSG_R_CAP_FLOWS_T "Strømmene i planen summert over periodene, størst først", \
    "The plan's flows summed over the periods, largest first"
#define MSG_R_CAP_SANKEY_T "Strømmene i diagrammet (tonn)", \
    "The flows of the diagram (tonnes)"
#define MSG_R_CAP_STORAGE_T "Lagernivå ved slutten av perioden (tonn)", \
    "Storage level at the end of the period (tonnes)"
#define MSG_R_CAP_UNPLACED_T "Poster planen ikke fikk plassert eller dekket", \
    "Lots the plan could not place or meet"
#define MSG_R_CAP_SCENARIOS_T "Scenarioene side om side. Kostnad for samfunnet regner med " "transport, mottaksgebyr, innkjøp, lager, knusing, arealpris og " "priset mangel (ikke plassert og udekket til prisen av alternativet), " "uten deponiavgift og CO2-pris (overføringer); " "kostnad for prosjektene er det de betaler, med avgiften.", \
    "The scenarios side by side. Cost to society counts transport, gate " "fees, purchases, storage, processing, the land price and the priced " "shortfall (unplaced and unmet tonnes at their fallback's cost), " "without the landfill tax and CO2 price (transfers); cost to the " "projects is what they pay, the tax included."
#define MSG_R_RANKING_T "Tiltakene rangert", \
    "The measures ranked"
#define MSG_R_CAP_RANKING_T "Tiltakene mot scenario 1: kostnad for samfunnet per tonn CO2e " "unngått, og tonn gjenbrukt", \
    "The measures against scenario 1: cost to society per tonne CO2e " "avoided, and tonnes reused"
#define MSG_R_TXT_RANKING_T "Kroner per tonn CO2e unngått er endringen i kostnad for samfunnet " "delt på nedgangen i CO2e mot scenario 1; negativt betyr at tiltaket " "sparer penger og CO2e. Et tiltak som ikke senker CO2e har ingen slik " "kostnad og rangeres sist, etter kostnad.", \
    "NOK per tonne CO2e avoided is the change in cost to society divided " "by the fall in CO2e against scenario 1; negative means the measure " "saves money and CO2e. A measure that does not lower CO2e has no such " "cost and ranks last, by cost."
#define MSG_R_C_RANK_T "Rang", \
    "Rank"
#define MSG_R_C_RANK_REUSE_T "Rang gjenbruk", \
    "Rank by reuse"
#define MSG_R_C_D_COST_SOC_T "Endring kostnad for samfunnet (MNOK)", \
    "Change in cost to society (MNOK)"
#define MSG_R_C_CO2_AVOIDED_T "CO2e unngått (t)", \
    "CO2e avoided (t)"
#define MSG_R_C_NOK_T_CO2_T "Kr per tonn CO2e unngått", \
    "NOK per t CO2e avoided"
#define MSG_R_C_REUSED_T_T "Gjenbrukt (t)", \
    "Reused (t)"
#define MSG_R_C_COST_SOC_T "Kostnad for samfunnet (MNOK)", \
    "Cost to society (MNOK)"
#define MSG_R_C_COST_PROJ_T "Kostnad for prosjektene (MNOK)", \
    "Cost to the projects (MNOK)"
#define MSG_R_C_SHORTFALL_T "Priset mangel (MNOK)", \
    "Priced shortfall (MNOK)"
#define MSG_R_C_UNMET_KT_T "Udekket behov (1000 t)", \
    "Unmet need (1000 t)"
#define MSG_R_C_UNPLACED_KT_T "Ikke plassert (1000 t)", \
    "Unplaced (1000 t)"
#define MSG_R_CAP_FACTORS_T "Faktorer (data/factors.csv)", \
    "Factors (data/factors.csv)"
#define MSG_R_CAP_GATE_FEES_T "Mottaksgebyr etter materiale: faktor på mottakets gebyr for vanlige " "rene jordmasser (data/gate_fees.csv)", \
    "Gate fees by material: factor on a site's fee for ordinary clean soil " "(data/gate_fees.csv)"
#define MSG_R_CAP_DETOURS_T "Omveisfaktorer mellom kommuner (data/detours.csv)", \
    "Detour factors between municipalities (data/detours.csv)"
#define MSG_R_CAP_MODES_T "Par av steder som betjenes med lekter eller " \
    "transportbånd i stedet for lastebil, begge veier (data/modes.csv)", \
    "Pairs of sites served by barge or conveyor instead of trucks, both " \
    "ways (data/modes.csv)"
#define MSG_R_C_SITE_PAIR_T "Steder", "Sites"
#define MSG_R_C_MODE_T "Transportmåte", "Mode"
#define MSG_R_C_KM_MODE_T "Km (sjø eller bånd)", "Km (by sea or belt)"
#define MSG_R_C_NOK_TKM_T "NOK per tonnkm", "NOK per tonne-km"
#define MSG_R_C_CO2_KG_TKM_T "Kg CO2e per tonnkm", "Kg CO2e per tonne-km"
#define MSG_R_MODE_BARGE_T "lekter", "barge"
#define MSG_R_MODE_CONVEYOR_T "transportbånd", "conveyor"
#define MSG_R_CAP_TRUCKS_T "Lastebiler (data/trucks.csv)", \
    "Trucks (data/trucks.csv)"
#define MSG_R_CAP_FUELS_T "Drivstoff og energi (data/fuels.csv)", \
    "Fuels and energy (data/fuels.csv)"
#define MSG_R_CAP_MATERIALS_T "Materialer og tettheter (data/materials.csv)", \
    "Materials and densities (data/materials.csv)"
#define MSG_R_CAP_RULES_T "Regler (data/rules.csv)", \
    "Rules (data/rules.csv)"
#define MSG_R_KICKER_T "Rapport om masseflyt", \
    "Mass flow report"

/* Report: Sheet names (at most 31 characters) */
#define MSG_R_SH_BALANCE_P_T "Massebalanse per periode", \
    "Mass balance by period"
#define MSG_R_SH_UNPLACED_T "Ikke plassert eller dekket", \
    "Not placed or met"
#define MSG_R_SH_STORAGE_T "Mellomlager", \
    "Mellomlager (storage)"

/* The scope a report leads with (src/lib/report/build.c) */
#define MSG_R_SCOPE_T "Utvalget: %s", "The scope: %s"
#define MSG_R_TXT_SCOPE_T \
    "Rapporten begynner med %s: %d poster. Planen er beregnet for hele " \
    "regionen, som følger etter utvalget som sammenheng; utvalget endrer " \
    "ikke planen.", \
    "The report begins with %s: %d lots. The plan is solved for the whole " \
    "region, which follows the scope as context; the scope does not " \
    "change the plan."
#define MSG_R_TXT_SCOPE_NONE_T "Ingen poster ligger i utvalget.", \
    "No lot lies in the scope."
#define MSG_R_SCOPE_LOTS_T "Postene i utvalget", "The lots of the scope"
#define MSG_R_SCOPE_FLOWS_T "Hvor massene går og hvor de kommer fra", \
    "Where the masses go and where they come from"
#define MSG_R_SCOPE_OPTIONS_T "Alternativene", "The alternatives"
#define MSG_R_CAP_SCOPE_LOTS_T \
    "Postene i utvalget: planlagt, ikke plassert eller dekket (med " \
    "grunnen), og kostnaden", \
    "The scope's lots: planned, not placed or met (with the reason), and " \
    "the cost"
#define MSG_R_CAP_SCOPE_FLOWS_T \
    "Strømmene til og fra postene i utvalget, summert over periodene", \
    "The flows to and from the scope's lots, summed over the periods"
#define MSG_R_CAP_SCOPE_OPTIONS_T \
    "Steder planleggeren kunne brukt for postene, med pris per tonn, " \
    "ledig plass og regelen som utelukker et sted", \
    "Places the planner could use for the scope's lots, with the price per " \
    "tonne, the room left and the rule that excludes a place"
#define MSG_R_TXT_OPTIONS_CUT_T \
    "Tabellen viser opptil %d tillatte steder (billigst først) og %d " \
    "utelukkede (nærmest først) per post; masseflyt options POST viser " \
    "alle.", \
    "The table shows up to %d allowed places (cheapest first) and %d " \
    "excluded ones (nearest first) per lot; masseflyt options LOT lists " \
    "them all."
#define MSG_R_C_LOT_T "Post", "Lot"
#define MSG_R_C_PLACED_T_T "Planlagt (t)", "Planned (t)"
#define MSG_R_C_SHORT_T_T "Ikke plassert eller dekket (t)", \
    "Not placed or met (t)"
#define MSG_R_C_COST_NOK_T "Kostnad (NOK)", "Cost (NOK)"
#define MSG_R_C_NOK_T_T "NOK per tonn", "NOK per tonne"
#define MSG_R_C_PLACE_T "Sted", "Place"
#define MSG_R_C_ROOM_T_T "Ledig plass (t)", "Room left (t)"
#define MSG_R_C_ALLOWED_T "Tillatt", "Allowed"
#define MSG_R_C_EXCLUDED_T "Utelukket fordi", "Excluded because"
#define MSG_R_YES_T "ja", "yes"
#define MSG_R_NO_T "nei", "no"
#define MSG_R_SH_SCOPE_LOTS_T "Utvalg poster", "Scope lots"
#define MSG_R_SH_SCOPE_FLOWS_T "Utvalg strømmer", "Scope flows"
#define MSG_R_SH_SCOPE_OPTIONS_T "Utvalg alternativer", "Scope alternatives"
#define MSG_R_ADDED_BY_T "%s (lagt til i scenario %s)", \
    "%s (added in scenario %s)"

#define MF_MSG_REPORT(X) \
    MF_MSG_REPORT_CUSTODY(X) \
    X(SCOPE) \
    X(TXT_SCOPE) \
    X(TXT_SCOPE_NONE) \
    X(SCOPE_LOTS) \
    X(SCOPE_FLOWS) \
    X(SCOPE_OPTIONS) \
    X(CAP_SCOPE_LOTS) \
    X(CAP_SCOPE_FLOWS) \
    X(CAP_SCOPE_OPTIONS) \
    X(TXT_OPTIONS_CUT) \
    X(C_LOT) \
    X(C_PLACED_T) \
    X(C_SHORT_T) \
    X(C_COST_NOK) \
    X(C_NOK_T) \
    X(C_PLACE) \
    X(C_ROOM_T) \
    X(C_ALLOWED) \
    X(C_EXCLUDED) \
    X(YES) \
    X(NO) \
    X(SH_SCOPE_LOTS) \
    X(SH_SCOPE_FLOWS) \
    X(SH_SCOPE_OPTIONS) \
    X(ADDED_BY) \
    X(REPORT) \
    X(SUBTITLE) \
    X(GENERATED) \
    X(BY) \
    X(CONTENTS) \
    X(KEYFIGS) \
    X(STAGE1) \
    X(STAGE2) \
    X(STAGE3) \
    X(APPENDIX) \
    X(MAP) \
    X(BALANCE) \
    X(REFUSED) \
    X(PLANVS) \
    X(FLOWS) \
    X(SANKEY) \
    X(STORAGE) \
    X(UNPLACED) \
    X(SCENARIOS) \
    X(BYIND) \
    X(TORNADO) \
    X(DIFFS) \
    X(FACTORS) \
    X(TRUCKS) \
    X(GATE_FEES) \
    X(DETOURS) \
    X(MODES) \
    X(FUELS) \
    X(MATERIALS) \
    X(RULES) \
    X(SITES) \
    X(LOTS) \
    X(C_MATERIAL) \
    X(C_MATUSE) \
    X(C_SUPPLY_KT) \
    X(C_DEMAND_KT) \
    X(C_NET_KT) \
    X(C_PERIOD) \
    X(C_CUMUL_KT) \
    X(C_ID) \
    X(C_NAME) \
    X(C_KIND) \
    X(C_MUNI) \
    X(C_CAPACITY_T) \
    X(C_PROJECT) \
    X(C_TONNES) \
    X(C_GIVEN) \
    X(C_FROM) \
    X(C_TO) \
    X(C_WINDOW) \
    X(C_RULE) \
    X(C_REASON) \
    X(C_INDICATOR) \
    X(C_BAU) \
    X(C_NOREUSE) \
    X(C_PLAN) \
    X(C_DIFF) \
    X(C_ROUTE) \
    X(C_KM) \
    X(C_TRIPS) \
    X(C_CO2_T) \
    X(C_SCENARIO) \
    X(C_REUSE) \
    X(C_LANDFILLED_KT) \
    X(C_VIRGIN_KT) \
    X(C_TRUCKKM_K) \
    X(C_CO2_KT) \
    X(C_COST_MNOK) \
    X(C_LAND_DAA) \
    X(C_PUBLIC) \
    X(C_PARAM) \
    X(C_LOW) \
    X(C_BASEV) \
    X(C_HIGH) \
    X(C_COST_LOW) \
    X(C_COST_HIGH) \
    X(C_CO2_LOW) \
    X(C_CO2_HIGH) \
    X(C_REUSE_LOW) \
    X(C_REUSE_HIGH) \
    X(C_SOURCE) \
    X(C_KEY) \
    X(C_VALUE) \
    X(C_UNIT) \
    X(C_ESTIMATE) \
    X(C_CODE) \
    X(C_PAYLOAD) \
    X(C_BODY_M3) \
    X(C_CLASS) \
    X(C_FEE_FACTOR) \
    X(C_MUNI_PAIR) \
    X(C_DETOUR) \
    X(C_ENERGY) \
    X(C_USE_LOADED) \
    X(C_USE_EMPTY) \
    X(C_NOK_H) \
    X(C_SPEED) \
    X(C_CO2_TTW) \
    X(C_CO2_WTW) \
    X(C_PRICE) \
    X(C_CATEGORY) \
    X(C_D_PFM3) \
    X(C_D_ULM3) \
    X(C_D_PAM3) \
    X(C_CHECK) \
    X(C_SEVERITY) \
    X(C_PARAMV) \
    X(C_VALID) \
    X(C_MESSAGE) \
    X(C_WHAT) \
    X(SUPPLY) \
    X(DEMAND) \
    X(TOTAL) \
    X(ESTIMATE_BADGE) \
    X(USE_SUFFIX) \
    X(UNPLACED_WORD) \
    X(UNMET_WORD) \
    X(K_PROJECT) \
    X(K_STORAGE) \
    X(K_PROCESSING) \
    X(K_RECEIVING) \
    X(K_QUARRY) \
    X(R_DIRECT) \
    X(R_STORAGE) \
    X(R_PROCESSING) \
    X(R_RECEIVING) \
    X(R_UNPLACED) \
    X(R_QUARRY) \
    X(R_NEED) \
    X(F_DIRECT) \
    X(F_STORAGE) \
    X(F_PROCESSING) \
    X(F_RECEIVING) \
    X(F_QUARRY) \
    X(LOT_SUPPLY) \
    X(LOT_DEMAND) \
    X(LOT_SIZE) \
    X(LINE_WIDTH) \
    X(LOWV) \
    X(HIGHV) \
    X(P_REUSE) \
    X(P_LANDFILLED) \
    X(P_VIRGIN) \
    X(P_TRUCKKM) \
    X(P_CO2) \
    X(P_COST) \
    X(CH_MAP_STATUS) \
    X(CH_BALANCE) \
    X(CH_BALANCE_P) \
    X(CH_INDICATORS) \
    X(CH_FLOWS) \
    X(CH_SANKEY) \
    X(CH_STORAGE) \
    X(CH_SCEN) \
    X(CH_TORNADO) \
    X(CH_TORNADO_CO2) \
    X(U_KT) \
    X(U_T) \
    X(U_MNOK) \
    X(U_KTCO2) \
    X(TXT_STAGE1) \
    X(TXT_REFUSED_ONE) \
    X(TXT_REFUSED_N) \
    X(TXT_BALANCE) \
    X(TXT_BALANCE_USE) \
    X(TXT_STAGE2) \
    X(TXT_NOREUSE) \
    X(TXT_RANGE) \
    X(TXT_CALIB) \
    X(CALIB_IN) \
    X(CALIB_OUT) \
    X(TXT_RECOVERY) \
    X(TXT_BAU) \
    X(TXT_STAGE3) \
    X(TXT_NO_SCEN) \
    X(TXT_NO_TORNADO) \
    X(TXT_TORNADO) \
    X(TXT_NO_NOTES) \
    X(TXT_APPENDIX) \
    X(TXT_NONE_REFUSED) \
    X(TXT_NO_STORAGE) \
    X(TXT_STORAGE_ROWS) \
    X(TXT_NO_PLAN) \
    X(TXT_STORAGE_STEP) \
    X(CAP_SITES) \
    X(CAP_BALANCE) \
    X(CAP_BALANCE_P) \
    X(CAP_REFUSED) \
    X(CAP_INDICATORS) \
    X(CAP_FLOWS) \
    X(CAP_SANKEY) \
    X(CAP_STORAGE) \
    X(CAP_UNPLACED) \
    X(CAP_SCENARIOS) \
    X(RANKING) \
    X(CAP_RANKING) \
    X(TXT_RANKING) \
    X(C_RANK) \
    X(C_RANK_REUSE) \
    X(C_D_COST_SOC) \
    X(C_CO2_AVOIDED) \
    X(C_NOK_T_CO2) \
    X(C_REUSED_T) \
    X(C_COST_SOC) \
    X(C_COST_PROJ) \
    X(C_SHORTFALL) \
    X(C_UNMET_KT) \
    X(C_UNPLACED_KT) \
    X(CAP_FACTORS) \
    X(CAP_GATE_FEES) \
    X(CAP_DETOURS) \
    X(CAP_MODES) \
    X(C_SITE_PAIR) \
    X(C_MODE) \
    X(C_KM_MODE) \
    X(C_NOK_TKM) \
    X(C_CO2_KG_TKM) \
    X(MODE_BARGE) \
    X(MODE_CONVEYOR) \
    X(CAP_TRUCKS) \
    X(CAP_FUELS) \
    X(CAP_MATERIALS) \
    X(CAP_RULES) \
    X(KICKER) \
    X(SH_BALANCE_P) \
    X(SH_UNPLACED) \
    X(SH_STORAGE)

/* ------------------------------------------------------------------ */
/* Problems in input: the English text is the printf format the rule   */
/* passes to mf_error_at / mf_issues_add (or the program to          */
/* cli_usage_error), word for word.                                    */
/* ------------------------------------------------------------------ */

/* How a broken rule of data/rules.csv is told (src/lib/validate.c) */
#define MSG_P_RULE_ISSUE_T "%s: %s (regel %s)", "%s: %s (rule %s)"
#define MSG_P_ORGNR_CHECK_DIGIT_T \
    "«%s»: kontrollsifferet er %c, men mod 11 av de 8 første sifrene gir %d", \
    "'%s': the check digit is %c, but mod 11 of the first 8 digits gives %d"
#define MSG_P_ORGNR_NO_DIGIT_T \
    "«%s»: ingen kontrollsiffer passer til de 8 første sifrene (mod 11 gir 10), så det er ikke et organisasjonsnummer", \
    "'%s': no check digit fits its first 8 digits (mod 11 gives 10), so it is no organisation number"
#define MSG_P_HARD_LIMIT_T \
    "%.6g %s er mer enn den harde grensen på %.6g %s for %s (data/limits.csv)", \
    "%.6g %s is more than the hard limit of %.6g %s for %s (data/limits.csv)"
#define MSG_P_SOFT_LIMIT_T \
    "%.6g %s er mer enn %.6g %s, mer enn det som er rimelig for %s (data/limits.csv)", \
    "%.6g %s is more than %.6g %s, more than is plausible for %s (data/limits.csv)"
#define MSG_P_NOT_FINITE_T "%s er ikke et endelig tall", "%s is not a finite number"

/* Import (src/lib/io/import.c, src/lib/format/records.c) */
#define MSG_P_VALUE_REQUIRED_T "en verdi er påkrevd", "a value is required"
#define MSG_P_UNKNOWN_CODE_NEAR_T \
    "%.0sukjent kode «%s»: mente du «%s»? (data/%s.csv viser kodene)", \
    "unknown %s '%s': did you mean '%s'? (data/%s.csv lists the codes)"
#define MSG_P_UNKNOWN_CODE_T \
    "%.0sukjent kode «%s» (data/%s.csv viser kodene)", \
    "unknown %s '%s' (data/%s.csv lists the codes)"
#define MSG_P_M3_T \
    "«%s» sier ikke hvilket volum: skriv pfm3 (fast: som massene ligger i grunnen), ulm3 (løs: som gravd og lastet) eller pam3 (anbrakt: utlagt og komprimert), eller t; ett tonn tar ulikt volum i hver", \
    "'%s' does not say which volume: write pfm3 (fast: in situ, as the masses lie in the ground), ulm3 (løs: loose, as dug and loaded) or pam3 (anbrakt: placed and compacted), or t; one tonne takes a different volume in each"
#define MSG_P_STATE_NEAR_T \
    "«%s» er ikke en volumtilstand: mente du «%s»? (t, pfm3, ulm3 eller pam3)", \
    "'%s' is not a volume state: did you mean '%s'? (t, pfm3, ulm3 or pam3)"
#define MSG_P_STATE_T \
    "«%s» er ikke en volumtilstand (t, pfm3, ulm3 eller pam3)", \
    "'%s' is not a volume state (t, pfm3, ulm3 or pam3)"
#define MSG_P_STATE_REQUIRED_T \
    "en mengde må ha volumtilstand (t, pfm3, ulm3 eller pam3)", \
    "a quantity must say its volume state (t, pfm3, ulm3 or pam3)"
#define MSG_P_TOO_LONG_T \
    "verdien er %zu tegn lang; grensen for %s er %zu (docs/FORMATS.md)", \
    "the value is %zu characters long; the limit for %s is %zu (docs/FORMATS.md)"
#define MSG_P_CANNOT_OPEN_T "kan ikke åpnes: %s", "cannot open: %s"
#define MSG_P_NOT_A_DATE_T \
    "«%s» er ikke en dato (skriv ÅÅÅÅ-MM-DD eller DD.MM.ÅÅÅÅ)", \
    "'%s' is not a date (write YYYY-MM-DD or DD.MM.YYYY)"
#define MSG_P_NOT_REAL_DATE_T \
    "«%s» er ikke en virkelig dato mellom 1900 og 2200", \
    "'%s' is not a real date between 1900 and 2200"

/* Usage errors of the program (cli_usage_error) */
#define MSG_P_UNKNOWN_OPTION_T \
    "ukjent eller ufullstendig valg «%s»", \
    "unknown or incomplete option '%s'"
#define MSG_P_NO_COMMAND_T "ingen kommando heter «%s»", "no command named '%s'"
#define MSG_P_LANG_T "--lang må være nb eller en, ikke «%s»", "--lang must be nb or en, not '%s'"
#define MSG_P_UNKNOWN_ARGUMENT_T "ukjent argument «%s»", "unknown argument '%s'"
#define MSG_P_UNEXPECTED_ARGUMENT_T "uventet argument «%s»", "unexpected argument '%s'"
#define MSG_P_UNKNOWN_OPTION2_T "ukjent valg «%s»", "unknown option '%s'"
#define MSG_P_KIND_T \
    "--kind må være orgs, projects, sites eller lots", \
    "--kind must be orgs, projects, sites or lots"
#define MSG_P_ENCODING_T "ukjent tegnkoding «%s»", "unknown encoding '%s'"
#define MSG_P_NO_FILES_T "ingen filer å importere", "no files to import"
#define MSG_P_CANNOT_TELL_T \
    "kan ikke se hva %s inneholder: gi den navnet orgs*, projects*, sites* eller lots*, eller bruk --kind", \
    "cannot tell what %s holds: name it orgs*, projects*, sites* or lots*, or pass --kind"
#define MSG_P_WHAT_TO_LIST_T \
    "hva som skal listes: orgs, projects, sites eller lots", \
    "what to list: orgs, projects, sites or lots"
#define MSG_P_CANNOT_LIST_T "kan ikke liste «%s»", "cannot list '%s'"
#define MSG_P_GIVE_ONE_ID_T "oppgi én id", "give one id"
#define MSG_P_INIT_NO_ARGS_T "init tar ingen argumenter", "init takes no arguments"
#define MSG_P_BACKUP_ONE_FILE_T "backup tar én FIL", "backup takes one FILE"
#define MSG_P_TEMPLATE_LANG_T "--lang er nb eller en, ikke «%s»", "--lang is nb or en, not '%s'"
#define MSG_P_TEMPLATE_KIND_T \
    "«%s» er ikke orgs, projects, sites eller lots", \
    "'%s' is not orgs, projects, sites or lots"
#define MSG_P_TEMPLATE_WHICH_T \
    "si hvilken fil: orgs, projects, sites eller lots", \
    "say which file: orgs, projects, sites or lots"

/* The use cases (src/app) */
#define MSG_P_IMPORT_REFUSED_T \
    "importen ble avvist: %zu feil%.0s; ingenting ble skrevet", \
    "import refused: %zu error%s; nothing was written"

/* Details of broken rules (src/lib/validate.c); the rule's own text comes from data/rules.csv */
#define MSG_P_V_CONDITION_NOT_STATED_T "tilstandsklasse ikke oppgitt", "condition class not stated"
#define MSG_P_V_ACID_TEST_T "%s med syretest «%s»", "%s with acid test '%s'"
#define MSG_P_V_USE_T "bruk %s", "use %s"
#define MSG_P_V_ACID_FORMING_T "%s (%s) er syredannende", "%s (%s) is acid-forming"
#define MSG_P_V_IN_SEA_T "%s ligger i sjøen", "%s is in the sea"
#define MSG_P_V_SITE_IN_SEA_T "et %s-sted i sjøen", "a %s site in the sea"
#define MSG_P_V_FLOOD_T "%s-sted i en flomsone", "%s site in a flood hazard zone"
#define MSG_P_V_QUICK_CLAY_T "%s-sted i en kvikkleiresone", "%s site in a quick-clay hazard zone"
#define MSG_P_V_ORGNR_9_T "«%s» er ikke 9 sifre", "'%s' is not 9 digits"
#define MSG_P_V_CONDITION_ABOVE_T "tilstandsklasse %d er over %d", "condition class %d is above %d"
#define MSG_P_V_NO_STATE_T "ingen volumtilstand oppgitt", "no volume state given"
#define MSG_P_V_CAPACITY_NO_STATE_T \
    "kapasitet %g uten volumtilstand", \
    "capacity %g without a volume state"
#define MSG_P_V_ACID_POSITIVE_T \
    "den syredannende testen er positiv", \
    "the acid-forming test is positive"
#define MSG_P_V_TOPSOIL_T "matjord bedt om til %s", "topsoil asked for %s"
#define MSG_P_V_QUANTITY_T "mengde %g", "quantity %g"
#define MSG_P_NO_RECORD_T "ingen post har id-en «%s»", "no record has the id '%s'"

/* The problems: MSG_P_NAME. mf_msg_translate() finds one by its English text. */
/* scenario and serve (src/cli/cmd_scenario.c, cmd_serve.c): usage errors */
#define MSG_P_SC_SAY_WHAT_T "si list, run, compare eller sensitivity", \
    "say list, run, compare or sensitivity"
#define MSG_P_SC_AGAINST_RUN_T "--against gjelder bare run", \
    "--against is for run only"
#define MSG_P_SC_AT_MOST_T "høyst %d scenarioer om gangen", \
    "at most %d scenarios at once"
#define MSG_P_SC_FILE_T "en scenariofil er MAPPE/NAVN.scn", \
    "a scenario file is FOLDER/NAME.scn"
#define MSG_P_SC_NOT_FOUND_T "ingen slik scenariofil (heller ikke %s)", \
    "no such scenario file (nor %s)"
#define MSG_P_SV_PORT_T "--port: «%s» er ikke fra 0 til 65535", \
    "--port: '%s' is not 0 to 65535"
#define MSG_P_SV_THREADS_T "--threads: «%s» er ikke fra 1 til 64", \
    "--threads: '%s' is not 1 to 64"
#define MSG_P_SV_MAX_BODY_T "--max-body: «%s» er ikke fra 1 til 1073741824", \
    "--max-body: '%s' is not 1 to 1073741824"
#define MSG_P_SV_MAX_HEADER_T "--max-header: «%s» er ikke fra 256 til 1048576", \
    "--max-header: '%s' is not 256 to 1048576"
#define MSG_P_SV_TIMEOUT_T "--timeout: «%s» er ikke fra 1 til 3600", \
    "--timeout: '%s' is not 1 to 3600"
#define MSG_P_SV_LOCKOUT_T "--lockout: «%s» er ikke fra 1 til 86400 sekunder", \
    "--lockout: '%s' is not 1 to 86400 seconds"
#define MSG_P_SV_SESSION_T "%s: «%s» er ikke fra 1 til 2592000 sekunder", \
    "%s: '%s' is not 1 to 2592000 seconds"
#define MSG_P_SV_INCOMPLETE_T "ukjent eller ufullstendig valg «%s»", \
    "unknown or incomplete option '%s'"
#define MSG_P_MUNI_BOUNDARY_T "kommunenummer %s (%s): %s; grensene må være for kommunene som gjelder (data/municipalities.csv): last ned Kartverkets gjeldende fil", \
    "kommunenummer %s (%s): %s; the boundaries must be of the municipalities in force (data/municipalities.csv): download Kartverket's current file"

#define MF_MSG_PROBLEMS_SCENARIO_SERVE(X) \
    X(P_SC_SAY_WHAT) \
    X(P_SC_AGAINST_RUN) \
    X(P_SC_AT_MOST) \
    X(P_SC_FILE) \
    X(P_SC_NOT_FOUND) \
    X(P_SV_PORT) \
    X(P_SV_THREADS) \
    X(P_SV_MAX_BODY) \
    X(P_SV_MAX_HEADER) \
    X(P_SV_TIMEOUT) \
    X(P_SV_LOCKOUT) \
    X(P_SV_SESSION) \
    X(P_SV_INCOMPLETE) \
    X(P_MUNI_BOUNDARY)

/* plan, balance, report, export and the scope options (src/cli/cmd_plan.c,
 * cmd_balance.c, cmd_report.c, cmd_export.c, src/app/scope.c) */
#define MSG_P_PL_PERIOD_T "--period er week, month, quarter eller year", \
    "--period is week, month, quarter or year"
#define MSG_P_BA_PERIOD_T "--period er year, quarter, month eller week", \
    "--period is year, quarter, month or week"
#define MSG_P_PL_K_T "--k må være et heltall fra 1 til 1000", \
    "--k must be a whole number from 1 to 1000"
#define MSG_P_PL_MAX_KM_T "--max-km må være positiv", "--max-km must be positive"
#define MSG_P_BA_TOO_MANY_T \
    "%d perioder er for mange å skrive ut; velg en lengre --period eller en kortere --from/--to", \
    "%d periods is too many to print; choose a longer --period or a shorter --from/--to"
#define MSG_P_RE_LANG_T "--lang er nb eller en", "--lang is nb or en"
#define MSG_P_RE_AT_MOST_T "høyst %d scenarioer i en rapport", \
    "at most %d scenarios in a report"
#define MSG_P_EX_WHAT_T "hva som skal eksporteres: orgs, projects, sites eller lots", \
    "what to export: orgs, projects, sites or lots"
#define MSG_P_EX_CANNOT_T "kan ikke eksportere «%s»", "cannot export '%s'"
#define MSG_P_EX_FORMAT_T "ukjent format «%s»", "unknown format '%s'"
#define MSG_P_SCOPE_NOT_OPTION_T "%s er ikke et valg for utvalg", \
    "%s is not a scope option"
#define MSG_P_SCOPE_NEEDS_VALUE_T "%s trenger en verdi", "%s needs a value"
#define MSG_P_SCOPE_ONE_T "%s: ett utvalg om gangen (%s er gitt allerede)", \
    "%s: one scope at a time (%s is given already)"
#define MSG_P_SCOPE_ID_LONG_T "%s: en id er høyst %zu tegn", \
    "%s: an id is at most %zu characters"
#define MSG_P_SCOPE_MUNI_T \
    "--municipality tar et kommunenummer på 4 sifre, som 3301, ikke «%s»", \
    "--municipality takes a kommunenummer of 4 digits, like 3301, not '%s'"
#define MSG_P_SCOPE_COUNTY_T \
    "--county tar et fylkesnummer på 2 sifre, som 33, ikke «%s»", \
    "--county takes a fylkesnummer of 2 digits, like 33, not '%s'"
#define MSG_P_SCOPE_RADIUS_T \
    "--radius tar et antall km over 0 og høyst 1000, ikke «%s»", \
    "--radius takes a number of km above 0 and at most 1000, not '%s'"
#define MSG_P_SCOPE_NEAR_T \
    "--near tar BREDDE,LENGDE i desimalgrader (bredde -90 til 90, lengde -180 til 180), som 59.744,10.204, ikke «%s»", \
    "--near takes LAT,LON in decimal degrees (latitude -90 to 90, longitude -180 to 180), like 59.744,10.204, not '%s'"
#define MSG_P_SCOPE_BBOX_T \
    "--bbox tar V,S,Ø,N i desimalgrader med vest < øst og sør < nord, som 10.0,59.6,10.5,59.9, ikke «%s»", \
    "--bbox takes W,S,E,N in decimal degrees with west < east and south < north, like 10.0,59.6,10.5,59.9, not '%s'"
#define MSG_P_SCOPE_NEAR_RADIUS_T \
    "--near trenger --radius KM (hvor langt rundt punktet)", \
    "--near needs --radius KM (how far around the point)"
#define MSG_P_SCOPE_RADIUS_NEAR_T \
    "--radius trenger --near BREDDE,LENGDE (punktet)", \
    "--radius needs --near LAT,LON (the point)"

#define MF_MSG_PROBLEMS_PLAN(X) \
    X(P_PL_PERIOD) \
    X(P_BA_PERIOD) \
    X(P_PL_K) \
    X(P_PL_MAX_KM) \
    X(P_BA_TOO_MANY) \
    X(P_RE_LANG) \
    X(P_RE_AT_MOST) \
    X(P_EX_WHAT) \
    X(P_EX_CANNOT) \
    X(P_EX_FORMAT) \
    X(P_SCOPE_NOT_OPTION) \
    X(P_SCOPE_NEEDS_VALUE) \
    X(P_SCOPE_ONE) \
    X(P_SCOPE_ID_LONG) \
    X(P_SCOPE_MUNI) \
    X(P_SCOPE_COUNTY) \
    X(P_SCOPE_RADIUS) \
    X(P_SCOPE_NEAR) \
    X(P_SCOPE_BBOX) \
    X(P_SCOPE_NEAR_RADIUS) \
    X(P_SCOPE_RADIUS_NEAR)

/* options (src/cli/cmd_options.c): usage errors */
#define MSG_P_OP_MAX_KM_T "--max-km er et helt antall km fra 1 til 10000", \
    "--max-km is a whole number of km from 1 to 10000"
#define MSG_P_OP_WHICH_T "si hvilken post", "say which lot"

#define MF_MSG_PROBLEMS_OPTIONS(X) \
    X(P_OP_MAX_KM) \
    X(P_OP_WHICH)

/* The server's problem details (src/server): titles and the general
 * details, translated as they are answered (http.c, req_problem) when
 * the client asks for bokmål (Accept-Language). */
#define MSG_P_HT_OK_T "OK", "OK"
#define MSG_P_HT_INVALID_T "Ugyldige data", "Invalid input"
#define MSG_P_HT_RANGE_T "Verdien er utenfor gyldig område", "Value out of range"
#define MSG_P_HT_NOT_FOUND_T "Ikke funnet", "Not found"
#define MSG_P_HT_INFEASIBLE_T "Ingen gjennomførbar plan", "No feasible plan"
#define MSG_P_HT_UNBOUNDED_T "Planen er ubegrenset", "Unbounded plan"
#define MSG_P_HT_IO_T "Lesing eller skriving mislyktes", "Input or output failed"
#define MSG_P_HT_STORE_T "Lagringen mislyktes", "Storage failed"
#define MSG_P_HT_DAMAGED_T "Databasen er skadet", "The database is damaged"
#define MSG_P_HT_OOM_T "Tomt for minne", "Out of memory"
#define MSG_P_HT_INTERNAL_T "Intern feil", "Internal error"
#define MSG_P_HT_BAD_PATH_T "Ugyldig sti i forespørselen", "Bad request path"
#define MSG_P_HT_BUSY_T "Opptatt", "Busy"
#define MSG_P_HT_CSRF_T "CSRF-token mangler eller er feil", \
    "CSRF token missing or wrong"
#define MSG_P_HT_CONFLICT_T "Konflikt", "Conflict"
#define MSG_P_HT_TOO_LARGE_T "Innholdet er for stort", "Content too large"
#define MSG_P_HT_FORBIDDEN_T "Ingen tilgang", "Forbidden"
#define MSG_P_HT_JOBS_OFF_T "Jobber er ikke tilgjengelige", "Jobs unavailable"
#define MSG_P_HT_LOGIN_FAILED_T "Innloggingen mislyktes", "Login failed"
#define MSG_P_HT_MALFORMED_T "Ugyldig JSON", "Malformed JSON"
#define MSG_P_HT_METHOD_T "Metoden er ikke tillatt", "Method not allowed"
#define MSG_P_HT_PRECOND_FAILED_T "Forutsetningen holder ikke", \
    "Precondition failed"
#define MSG_P_HT_PRECOND_REQUIRED_T "Forutsetning kreves", \
    "Precondition required"
#define MSG_P_HT_HEADERS_LARGE_T "Hodefeltene er for store", \
    "Request header fields too large"
#define MSG_P_HT_LOCKED_T "For mange mislykkede innlogginger", \
    "Too many failed logins"
#define MSG_P_HT_TOO_MANY_JOBS_T "For mange jobber", "Too many jobs"
#define MSG_P_HT_UNAUTH_T "Ikke innlogget", "Unauthenticated"
#define MSG_P_HT_MEDIA_T "Medietypen støttes ikke", "Unsupported media type"
#define MSG_P_HT_NO_ENDPOINT_T \
    "ingen slik adresse i API-et; se /api/v1/openapi.json", \
    "no such endpoint; see /api/v1/openapi.json"
#define MSG_P_HT_NO_METHOD_T \
    "denne adressen svarer ikke på denne metoden", \
    "this endpoint does not answer this method"
#define MSG_P_HT_NO_FILE_T "ingen slik fil", "no such file"
#define MSG_P_HT_NO_RECORD_T "ingen slik post", "no such record"
#define MSG_P_HT_STATIC_GET_T "statiske filer leses med GET eller HEAD", \
    "static files are read with GET or HEAD"
#define MSG_P_HT_LOG_IN_T \
    "logg inn (POST /api/v1/session) eller send et Bearer-token", \
    "log in (POST /api/v1/session) or send a Bearer token"
#define MSG_P_HT_TOKEN_BAD_T \
    "tokenet er ukjent, utløpt eller trukket tilbake", \
    "the token is unknown, expired or revoked"
#define MSG_P_HT_BEARER_T "Authorization-hodet må være «Bearer TOKEN»", \
    "the Authorization header must be 'Bearer TOKEN'"
#define MSG_P_HT_CSRF_DETAIL_T \
    "en forespørsel som endrer noe med en øktinformasjonskapsel må sende øktens X-CSRF-Token-hode", \
    "a request that changes something with a session cookie must send the session's X-CSRF-Token header"
#define MSG_P_HT_ONLY_ADMIN_T "bare en administrator kan gjøre dette", \
    "only an administrator may do this"
#define MSG_P_HT_ONLY_AUTHORITY_T \
    "bare en administrator eller en myndighet kan gjøre dette", \
    "only an administrator or an authority may do this"
#define MSG_P_HT_ONLY_EDITOR_T \
    "bare en administrator eller en redaktør i en organisasjon kan endre registeret", \
    "only an administrator or an organisation's editor may change the registry"
#define MSG_P_HT_LOCKED_DETAIL_T \
    "for mange mislykkede innlogginger for denne kontoen eller adressen; prøv igjen senere", \
    "too many failed logins for this account or address; try again later"
#define MSG_P_HT_WRONG_LOGIN_T "feil e-post eller passord", \
    "wrong email or password"
#define MSG_P_HT_LOGIN_FIELDS_T \
    "innholdet må ha tekstene email og password", \
    "the body must have the strings email and password"
#define MSG_P_HT_JSON_TYPE_T \
    "innholdet må sendes som Content-Type: application/json", \
    "the body must be sent as Content-Type: application/json"
#define MSG_P_HT_JSON_OBJECT_T "innholdet må være et JSON-objekt", \
    "the body must be a JSON object"
#define MSG_P_HT_NOT_JSON_T "innholdet er ikke gyldig JSON: %s", \
    "the body is not valid JSON: %s"
#define MSG_P_HT_FILE_TYPE_T \
    "send filen som Content-Type: text/csv eller application/geo+json", \
    "send the file as Content-Type: text/csv or application/geo+json"
#define MSG_P_HT_BAD_ESCAPE_T \
    "stien har en ugyldig prosentkoding eller en kodet NUL", \
    "the path has a bad percent-escape or an encoded NUL"
#define MSG_P_HT_BODY_LIMIT_T \
    "innholdet i forespørselen er større enn grensen på %zu byte", \
    "the request body is larger than the limit of %zu bytes"
#define MSG_P_HT_HEADER_LIMIT_T \
    "hodefeltene i forespørselen er %zu byte; grensen er %zu", \
    "the request headers are %zu bytes; the limit is %zu"
#define MSG_P_HT_NOT_BUILT_T "svaret kunne ikke lages", \
    "the response could not be built"
#define MSG_P_HT_OOM_DETAIL_T "tomt for minne", "out of memory"
#define MSG_P_HT_UNKNOWN_FIELD_T "ukjent felt", "unknown field"
#define MSG_P_HT_NB_OR_EN_T "må være nb eller en", "must be nb or en"
#define MSG_P_HT_WHOLE_T "må være et heltall fra %lld til %lld", \
    "must be a whole number from %lld to %lld"
#define MSG_P_HT_JOB_SLOTS_T \
    "alle jobbplassene er i kø eller i arbeid; prøv igjen senere", \
    "every job slot is queued or running; try again later"
#define MSG_P_HT_NO_JOB_T "ingen jobb med denne id-en som du har startet", \
    "no job with this id that you started"
#define MSG_P_HT_NO_LOT_T "ingen massepost med denne id-en som du kan se", \
    "no lot with this id that you may see"
#define MSG_P_HT_NO_REC_SEE_T "ingen post med denne id-en som du kan se", \
    "no record with this id that you may see"
#define MSG_P_HT_NO_PLAN_T "ingen lagret plan har dette navnet", \
    "no stored plan has this name"
#define MSG_P_HT_NO_ACCOUNT_T "ingen slik konto", "no such account"
#define MSG_P_HT_OPTIONS_BUSY_T \
    "andre alternativer regnes ut nå; prøv igjen om litt", \
    "other options are being worked out; try again shortly"

#define MF_MSG_PROBLEMS_SERVER(X) \
    X(P_HT_OK) \
    X(P_HT_INVALID) \
    X(P_HT_RANGE) \
    X(P_HT_NOT_FOUND) \
    X(P_HT_INFEASIBLE) \
    X(P_HT_UNBOUNDED) \
    X(P_HT_IO) \
    X(P_HT_STORE) \
    X(P_HT_DAMAGED) \
    X(P_HT_OOM) \
    X(P_HT_INTERNAL) \
    X(P_HT_BAD_PATH) \
    X(P_HT_BUSY) \
    X(P_HT_CSRF) \
    X(P_HT_CONFLICT) \
    X(P_HT_TOO_LARGE) \
    X(P_HT_FORBIDDEN) \
    X(P_HT_JOBS_OFF) \
    X(P_HT_LOGIN_FAILED) \
    X(P_HT_MALFORMED) \
    X(P_HT_METHOD) \
    X(P_HT_PRECOND_FAILED) \
    X(P_HT_PRECOND_REQUIRED) \
    X(P_HT_HEADERS_LARGE) \
    X(P_HT_LOCKED) \
    X(P_HT_TOO_MANY_JOBS) \
    X(P_HT_UNAUTH) \
    X(P_HT_MEDIA) \
    X(P_HT_NO_ENDPOINT) \
    X(P_HT_NO_METHOD) \
    X(P_HT_NO_FILE) \
    X(P_HT_NO_RECORD) \
    X(P_HT_STATIC_GET) \
    X(P_HT_LOG_IN) \
    X(P_HT_TOKEN_BAD) \
    X(P_HT_BEARER) \
    X(P_HT_CSRF_DETAIL) \
    X(P_HT_ONLY_ADMIN) \
    X(P_HT_ONLY_AUTHORITY) \
    X(P_HT_ONLY_EDITOR) \
    X(P_HT_LOCKED_DETAIL) \
    X(P_HT_WRONG_LOGIN) \
    X(P_HT_LOGIN_FIELDS) \
    X(P_HT_JSON_TYPE) \
    X(P_HT_JSON_OBJECT) \
    X(P_HT_NOT_JSON) \
    X(P_HT_FILE_TYPE) \
    X(P_HT_BAD_ESCAPE) \
    X(P_HT_BODY_LIMIT) \
    X(P_HT_HEADER_LIMIT) \
    X(P_HT_NOT_BUILT) \
    X(P_HT_OOM_DETAIL) \
    X(P_HT_UNKNOWN_FIELD) \
    X(P_HT_NB_OR_EN) \
    X(P_HT_WHOLE) \
    X(P_HT_JOB_SLOTS) \
    X(P_HT_NO_JOB) \
    X(P_HT_NO_LOT) \
    X(P_HT_NO_REC_SEE) \
    X(P_HT_NO_PLAN) \
    X(P_HT_NO_ACCOUNT) \
    X(P_HT_OPTIONS_BUSY)

#define MF_MSG_PROBLEMS(X) \
    MF_MSG_PROBLEMS_CUSTODY(X) \
    MF_MSG_PROBLEMS_SERVER(X) \
    MF_MSG_PROBLEMS_SCENARIO_SERVE(X) \
    MF_MSG_PROBLEMS_PLAN(X) \
    MF_MSG_PROBLEMS_OPTIONS(X) \
    X(P_RULE_ISSUE) \
    X(P_ORGNR_CHECK_DIGIT) \
    X(P_ORGNR_NO_DIGIT) \
    X(P_HARD_LIMIT) \
    X(P_SOFT_LIMIT) \
    X(P_NOT_FINITE) \
    X(P_VALUE_REQUIRED) \
    X(P_UNKNOWN_CODE_NEAR) \
    X(P_UNKNOWN_CODE) \
    X(P_M3) \
    X(P_STATE_NEAR) \
    X(P_STATE) \
    X(P_STATE_REQUIRED) \
    X(P_TOO_LONG) \
    X(P_CANNOT_OPEN) \
    X(P_NOT_A_DATE) \
    X(P_NOT_REAL_DATE) \
    X(P_UNKNOWN_OPTION) \
    X(P_NO_COMMAND) \
    X(P_LANG) \
    X(P_UNKNOWN_ARGUMENT) \
    X(P_UNEXPECTED_ARGUMENT) \
    X(P_UNKNOWN_OPTION2) \
    X(P_KIND) \
    X(P_ENCODING) \
    X(P_NO_FILES) \
    X(P_CANNOT_TELL) \
    X(P_WHAT_TO_LIST) \
    X(P_CANNOT_LIST) \
    X(P_GIVE_ONE_ID) \
    X(P_INIT_NO_ARGS) \
    X(P_BACKUP_ONE_FILE) \
    X(P_TEMPLATE_LANG) \
    X(P_TEMPLATE_KIND) \
    X(P_TEMPLATE_WHICH) \
    X(P_IMPORT_REFUSED) \
    X(P_V_CONDITION_NOT_STATED) \
    X(P_V_ACID_TEST) \
    X(P_V_USE) \
    X(P_V_ACID_FORMING) \
    X(P_V_IN_SEA) \
    X(P_V_SITE_IN_SEA) \
    X(P_V_FLOOD) \
    X(P_V_QUICK_CLAY) \
    X(P_V_ORGNR_9) \
    X(P_V_CONDITION_ABOVE) \
    X(P_V_NO_STATE) \
    X(P_V_CAPACITY_NO_STATE) \
    X(P_V_ACID_POSITIVE) \
    X(P_V_TOPSOIL) \
    X(P_V_QUANTITY) \
    X(P_NO_RECORD)

/* clang-format on */

#endif
