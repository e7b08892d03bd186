/*
 * msg_custody.h - the texts of `masseflyt custody` (src/cli/cmd_custody.c)
 * and of the weighbridge import's problems (src/lib/io/weighbridge.c), in
 * the form of msg_catalog.h, which includes this file and lists
 * MF_MSG_CLI_CUSTODY and MF_MSG_PROBLEMS_CUSTODY. Include masseflyt/msg.h,
 * not this file.
 */
#ifndef MF_MSG_CUSTODY_H
#define MF_MSG_CUSTODY_H

/* clang-format off */

#define MSG_SUM_CUSTODY_T \
    "følgesedler: utstede, kvittere, rette, importere, balanse, kontroll", \
    "load tickets: issue, confirm, correct, import, balance, checks"
#define MSG_USAGE_CUSTODY_T \
    "bruk: masseflyt custody issue --lot LOT --from STED --to STED\n" \
    "                 --haulier ORGNR --vehicle REGNR --quantity MENGDE\n" \
    "                 [--unit t|pfm3|ulm3|pam3] [--material KODE]\n" \
    "                 [--departed TID] [--quality-doc ID] [--id ID]\n" \
    "      masseflyt custody confirm SEDDEL|KODE [--arrived TID]\n" \
    "                 [--weighed TONN] [--reject GRUNN] [--site STED] [--id ID]\n" \
    "      masseflyt custody correct SEDDEL|KODE --reason GRUNN [--void]\n" \
    "                 [--quantity MENGDE] [--unit ENHET] [--to STED]\n" \
    "                 [--vehicle REGNR] [--departed TID] [--quality-doc ID]\n" \
    "      masseflyt custody doc ID --file FIL --lot LOT [--lot LOT]...\n" \
    "                 [--tonnes TONN] [--issued DATO]\n" \
    "      masseflyt custody import [--dry-run] FIL...\n" \
    "      masseflyt custody list [--lot LOT] [--site STED]\n" \
    "      masseflyt custody balance [--by lot|site|project|municipality]\n" \
    "                 [--as-of TID]\n" \
    "      masseflyt custody check [--as-of TID] [--check NAVN]\n" \
    "      masseflyt custody generate [--seed N] [--tickets N] [--faults N]\n" \
    "                 [--as-of TID]\n" \
    "      masseflyt custody secret HEMMELIGHET\n" \
    "\n" \
    "Følgesedler for hvert billass: et utsendende sted utsteder en seddel\n" \
    "(skrevet ut med en kontrollkode), mottakeren kvitterer (godtatt eller\n" \
    "avvist med grunn). Ingenting endres eller slettes: en retting er en ny\n" \
    "seddel som viser til den gamle. «doc» registrerer et kvalitetsdokument\n" \
    "(tilstandsrapport, analyse) med SHA-256 av innholdet og partiene det\n" \
    "dekker. «import» leser eksport fra vekta\n" \
    "(docs/FORMATS.md, «Weighbridge exports»): alt eller ingenting. «balance»\n" \
    "viser den lukkede massebalansen, «check» det som ikke stemmer, med\n" \
    "bevis (avslutter med 1 når noe er funnet). TID er norsk lokal tid,\n" \
    "«2026-03-02 07:05» eller «02.03.2026 07:05»; uten: nå. «secret»\n" \
    "setter installasjonens hemmelighet for kontrollkodene, én gang.\n" \
    "«generate» lagrer et frøsatt sett følgesedler som følger planen, med\n" \
    "feil lagt inn av hvert slag (demo og tester).\n", \
    "usage: masseflyt custody issue --lot LOT --from SITE --to SITE\n" \
    "                 --haulier ORGNR --vehicle REG --quantity Q\n" \
    "                 [--unit t|pfm3|ulm3|pam3] [--material CODE]\n" \
    "                 [--departed TIME] [--quality-doc ID] [--id ID]\n" \
    "       masseflyt custody confirm TICKET|CODE [--arrived TIME]\n" \
    "                 [--weighed TONNES] [--reject REASON] [--site SITE] [--id ID]\n" \
    "       masseflyt custody correct TICKET|CODE --reason REASON [--void]\n" \
    "                 [--quantity Q] [--unit UNIT] [--to SITE]\n" \
    "                 [--vehicle REG] [--departed TIME] [--quality-doc ID]\n" \
    "       masseflyt custody doc ID --file FILE --lot LOT [--lot LOT]...\n" \
    "                 [--tonnes TONNES] [--issued DATE]\n" \
    "       masseflyt custody import [--dry-run] FILE...\n" \
    "       masseflyt custody list [--lot LOT] [--site SITE]\n" \
    "       masseflyt custody balance [--by lot|site|project|municipality]\n" \
    "                 [--as-of TIME]\n" \
    "       masseflyt custody check [--as-of TIME] [--check NAME]\n" \
    "       masseflyt custody generate [--seed N] [--tickets N] [--faults N]\n" \
    "                 [--as-of TIME]\n" \
    "       masseflyt custody secret SECRET\n" \
    "\n" \
    "Load tickets for every truckload: a source site issues a ticket\n" \
    "(printed with a verification code), the receiver confirms it (accepted,\n" \
    "or rejected with a reason). Nothing is edited or deleted: a correction\n" \
    "is a new ticket that names the old one. 'doc' registers a quality\n" \
    "document (a condition report, an analysis) with the SHA-256 of its\n" \
    "content and the lots it covers. 'import' reads weighbridge\n" \
    "exports (docs/FORMATS.md, \"Weighbridge exports\"): all or nothing.\n" \
    "'balance' shows the closed mass balance, 'check' what does not add up,\n" \
    "with the evidence (exits 1 when it finds anything). TIME is Norwegian\n" \
    "local time, '2026-03-02 07:05' or '02.03.2026 07:05'; without: now.\n" \
    "'secret' sets the installation's secret for the codes, once.\n" \
    "'generate' stores a seeded set of tickets that follow the plan, with\n" \
    "faults of every kind injected (demo and tests).\n"
#define MSG_CU_ISSUED_T \
    "Følgeseddel %s er utstedt.\nKontrollkode: %s\n", \
    "Ticket %s issued.\nVerification code: %s\n"
#define MSG_CU_CORRECTED_T \
    "Følgeseddel %s retter %s.\nKontrollkode: %s\n", \
    "Ticket %s corrects %s.\nVerification code: %s\n"
#define MSG_CU_VOIDED_T \
    "Følgeseddel %s annullerer %s.\n", \
    "Ticket %s voids %s.\n"
#define MSG_CU_ACCEPTED_T \
    "Kvittering %s: seddel %s er mottatt og godtatt.\n", \
    "Receipt %s: ticket %s received and accepted.\n"
#define MSG_CU_REJECTED_T \
    "Kvittering %s: seddel %s er avvist (%s).\n", \
    "Receipt %s: ticket %s rejected (%s).\n"
#define MSG_CU_DOC_T \
    "Kvalitetsdokument %s er registrert (SHA-256 %s).\n", \
    "Quality document %s registered (SHA-256 %s).\n"
#define MSG_CU_GENERATED_T \
    "Laget: %zu følgesedler, %zu kvitteringer, %zu kvalitetsdokumenter, %zu kjøretøy; %zu feil lagt inn:\n", \
    "Generated: %zu tickets, %zu receipts, %zu quality documents, %zu vehicles; %zu faults injected:\n"
#define MSG_CU_SECRET_SET_T \
    "Hemmeligheten for kontrollkodene er satt.\n", \
    "The secret of the verification codes is set.\n"
#define MSG_CU_IMPORTED_T \
    "Importert: %zu følgesedler, %zu kvitteringer, %zu nye kjøretøy.\n", \
    "Imported: %zu tickets, %zu receipts, %zu new vehicles.\n"
#define MSG_CU_CHECKED_T \
    "Kontrollert: %zu følgesedler, %zu kvitteringer, ingen feil (ingenting skrevet).\n", \
    "Checked: %zu tickets, %zu receipts, no problems (nothing written).\n"
#define MSG_CU_RATE_T \
    "%zu følgesedler lagret på %.2f s prosessortid (%.0f i sekundet).\n", \
    "%zu tickets stored in %.2f s of CPU time (%.0f a second).\n"
#define MSG_CU_LIST_HEAD_T \
    "seddel\tkode\tavreist\tparti\tfra\ttil\tkjøretøy\tmengde\tstatus", \
    "ticket\tcode\tdeparted\tlot\tfrom\tto\tvehicle\tquantity\tstatus"
#define MSG_CU_ST_TRANSIT_T "underveis", "in transit"
#define MSG_CU_ST_RECEIVED_T "mottatt", "received"
#define MSG_CU_ST_REJECTED_T "avvist", "rejected"
#define MSG_CU_ST_CORRECTED_T "rettet av %s", "corrected by %s"
#define MSG_CU_ST_VOID_T "annullert", "void"
#define MSG_CU_LIST_EMPTY_T "Ingen følgesedler.\n", "No tickets.\n"
#define MSG_CU_BAL_HEAD_T \
    "%s\toverskudd t\tplanlagt t\tsendt t\tmottatt t\tavvist t\tunderveis t\tlagret t\tavvik t\ttoleranse t", \
    "%s\tsurplus t\tplanned t\tdispatched t\treceived t\trejected t\tin transit t\tstored t\tdifference t\ttolerance t"
#define MSG_CU_BAL_TOTAL_T "i alt", "total"
#define MSG_CU_BAL_DIFFS_T \
    "Avvik utover toleransen (%zu):\n", \
    "Differences beyond tolerance (%zu):\n"
#define MSG_CU_BAL_NO_DIFFS_T \
    "Ingen avvik utover toleransen.\n", \
    "No difference beyond tolerance.\n"
#define MSG_CU_FINDINGS_T \
    "%zu funn i %zu følgesedler og %zu kvitteringer:\n", \
    "%zu findings in %zu tickets and %zu receipts:\n"
#define MSG_CU_NO_FINDINGS_T \
    "Ingen funn i %zu følgesedler og %zu kvitteringer.\n", \
    "No findings in %zu tickets and %zu receipts.\n"
#define MSG_CU_FINDINGS_MORE_T \
    "... og %zu funn til som ikke vises\n", \
    "... and %zu more findings not shown\n"

/* Problems of the weighbridge import (src/lib/io/weighbridge.c) and of
 * the custody use cases (src/app/custody.c). */
#define MSG_P_CU_TWICE_T \
    "følgeseddel «%s» står to ganger i filen (linje %d)", \
    "ticket '%s' is in the file twice (line %d)"
#define MSG_P_CU_NO_LOT_T \
    "parti «%s» er ikke registrert", "no lot '%s' is registered"
#define MSG_P_CU_NO_SITE_T \
    "sted «%s» er ikke registrert", "no site '%s' is registered"
#define MSG_P_CU_SAME_SITE_T \
    "lasset går til stedet det forlater («%s»)", \
    "the load goes to the site it leaves ('%s')"
#define MSG_P_CU_ORGNR_T \
    "«%s» er ikke et organisasjonsnummer (9 sifre med mod 11-kontrollsiffer)", \
    "'%s' is not an organisation number (9 digits with a mod-11 check digit)"
#define MSG_P_CU_VEHICLE_T \
    "«%s» er ikke et registreringsnummer (2 til 12 bokstaver A-Z og sifre; mellomrom og bindestrek tas bort)", \
    "'%s' is not a registration (2 to 12 letters A-Z and digits; spaces and dashes are left out)"
#define MSG_P_CU_LOAD_ZERO_T \
    "%s: et lass må være mer enn 0", "%s: a load must be more than 0"
#define MSG_P_CU_WEIGHT_NEG_T \
    "%s: en vekt kan ikke være negativ", "%s: a weight cannot be negative"
#define MSG_P_CU_WEIGHT_MAX_T \
    "%s: mer enn 1000 t på én vekt er ikke et billass", \
    "%s: more than 1000 t on one weighing is no truckload"
#define MSG_P_CU_BEFORE_T \
    "«%s» er før avreisen", "'%s' is before the departure"
#define MSG_P_CU_STATUS_T \
    "«%s» er ikke en status (godkjent eller avvist; accepted eller rejected)", \
    "'%s' is not a status (accepted or rejected; godkjent or avvist)"
#define MSG_P_CU_WHY_T \
    "et avvist lass må si hvorfor", "a rejected load must say why"
#define MSG_P_CU_NEEDS_ARRIVAL_T \
    "en verdi er påkrevd når weighed_t, status eller receipt er gitt", \
    "a value is required when weighed_t, status or receipt is given"
#define MSG_P_CU_COLUMN_T \
    "kolonnen «%s» mangler (docs/FORMATS.md, «Weighbridge exports»)", \
    "the column '%s' is missing (docs/FORMATS.md, \"Weighbridge exports\")"
#define MSG_P_CU_CONTROL_T \
    "«%s» inneholder et kontrolltegn", "'%s' holds a control character"
#define MSG_P_CU_NOT_TIME_T \
    "«%s» er ikke et tidspunkt (skriv ÅÅÅÅ-MM-DD TT:MM eller DD.MM.ÅÅÅÅ TT:MM, eventuelt med Z eller +01:00)", \
    "'%s' is not a time (write YYYY-MM-DD HH:MM or DD.MM.YYYY HH:MM, optionally with Z or +01:00)"
#define MSG_P_CU_NOT_REAL_TIME_T \
    "«%s» er ikke et virkelig tidspunkt mellom 1900 og 2200", \
    "'%s' is not a real time between 1900 and 2200"
#define MSG_P_CU_NOTHING_T \
    "%zu problemer i følgesedlene; ingenting ble importert", \
    "%zu problems in the tickets; nothing was imported"
#define MSG_P_CU_STORED_T \
    "en %s med id «%s» er lagret fra før; ingenting erstattes (legg til en retting)", \
    "a %s with id '%s' is stored already; records are never replaced (add a correction)"
#define MSG_P_CU_CORRECTED_T \
    "%s «%s» er rettet fra før; rett den nyeste i kjeden", \
    "%s '%s' is corrected already; correct the newest record of its chain"
#define MSG_P_CU_NOT_FOUND_T \
    "ingen følgeseddel med denne id-en eller kontrollkoden", \
    "no ticket with this id or verification code"
#define MSG_P_CU_REASON_T \
    "en retting trenger en grunn", "a correction needs a reason"

#define MF_MSG_CLI_CUSTODY(X) \
    X(SUM_CUSTODY) \
    X(USAGE_CUSTODY) \
    X(CU_ISSUED) \
    X(CU_CORRECTED) \
    X(CU_VOIDED) \
    X(CU_ACCEPTED) \
    X(CU_REJECTED) \
    X(CU_DOC) \
    X(CU_GENERATED) \
    X(CU_SECRET_SET) \
    X(CU_IMPORTED) \
    X(CU_CHECKED) \
    X(CU_RATE) \
    X(CU_LIST_HEAD) \
    X(CU_ST_TRANSIT) \
    X(CU_ST_RECEIVED) \
    X(CU_ST_REJECTED) \
    X(CU_ST_CORRECTED) \
    X(CU_ST_VOID) \
    X(CU_LIST_EMPTY) \
    X(CU_BAL_HEAD) \
    X(CU_BAL_TOTAL) \
    X(CU_BAL_DIFFS) \
    X(CU_BAL_NO_DIFFS) \
    X(CU_FINDINGS) \
    X(CU_NO_FINDINGS) \
    X(CU_FINDINGS_MORE)

#define MF_MSG_PROBLEMS_CUSTODY(X) \
    X(P_CU_TWICE) \
    X(P_CU_NO_LOT) \
    X(P_CU_NO_SITE) \
    X(P_CU_SAME_SITE) \
    X(P_CU_ORGNR) \
    X(P_CU_VEHICLE) \
    X(P_CU_LOAD_ZERO) \
    X(P_CU_WEIGHT_NEG) \
    X(P_CU_WEIGHT_MAX) \
    X(P_CU_BEFORE) \
    X(P_CU_STATUS) \
    X(P_CU_WHY) \
    X(P_CU_NEEDS_ARRIVAL) \
    X(P_CU_COLUMN) \
    X(P_CU_CONTROL) \
    X(P_CU_NOT_TIME) \
    X(P_CU_NOT_REAL_TIME) \
    X(P_CU_NOTHING) \
    X(P_CU_STORED) \
    X(P_CU_CORRECTED) \
    X(P_CU_NOT_FOUND) \
    X(P_CU_REASON)

/* clang-format on */

#endif
