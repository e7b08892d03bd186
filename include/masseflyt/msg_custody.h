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
    "      masseflyt custody correct-receipt KVITTERING --reason GRUNN [--void]\n" \
    "                 [--weighed TONN] [--arrived TID] [--site STED]\n" \
    "                 [--reject GRUNN | --accept]\n" \
    "      masseflyt custody doc ID --file FIL --lot LOT [--lot LOT]...\n" \
    "                 [--tonnes TONN] [--issued DATO]\n" \
    "      masseflyt custody import [--dry-run] FIL...\n" \
    "      masseflyt custody list [--lot LOT] [--site STED] [--receipts]\n" \
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
    "seddel eller kvittering som viser til den gamle, og «list» viser begge\n" \
    "(med --receipts kvitteringene). «doc» registrerer et kvalitetsdokument\n" \
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
    "       masseflyt custody correct-receipt RECEIPT --reason REASON [--void]\n" \
    "                 [--weighed TONNES] [--arrived TIME] [--site SITE]\n" \
    "                 [--reject REASON | --accept]\n" \
    "       masseflyt custody doc ID --file FILE --lot LOT [--lot LOT]...\n" \
    "                 [--tonnes TONNES] [--issued DATE]\n" \
    "       masseflyt custody import [--dry-run] FILE...\n" \
    "       masseflyt custody list [--lot LOT] [--site SITE] [--receipts]\n" \
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
    "is a new ticket or receipt that names the old one, and 'list' shows\n" \
    "both (with --receipts the receipts). 'doc' registers a quality\n" \
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

#define MSG_CU_RCORRECTED_T \
    "Kvittering %s retter %s.\n", \
    "Receipt %s corrects %s.\n"
#define MSG_CU_RVOIDED_T \
    "Kvittering %s annullerer %s.\n", \
    "Receipt %s voids %s.\n"
#define MSG_CU_RLIST_HEAD_T \
    "kvittering\tseddel\tankommet\tsted\tveid\tmottak\tstatus\tgrunn", \
    "receipt\tticket\tarrived\tsite\tweighed\tgate\tstatus\treason"
#define MSG_CU_RLIST_EMPTY_T "Ingen kvitteringer.\n", "No receipts.\n"
#define MSG_CU_ST_IN_FORCE_T "gjelder", "in force"
#define MSG_CU_GATE_ACCEPTED_T "godtatt", "accepted"

/* The evidence of the checks (src/lib/custody/check.c) and of the
 * balance's differences (balance.c): the English text is the format the
 * library passes, word for word; the bokmål goes to evidence_nb. And
 * problems of the receipt corrections (src/app/custody.c). */
#define MSG_P_EV_UNRECEIVED_T \
    "forlot %s %s til %s; ingen kvittering etter %.0f t", \
    "left %s at %s for %s; no receipt after %.0f h"
#define MSG_P_EV_QUICK_CLAY_T \
    "mottaket %s ligger i en faresone for kvikkleire", \
    "destination %s lies in a quick-clay hazard zone"
#define MSG_P_EV_FLOOD_T \
    "mottaket %s ligger i en flomsone", \
    "destination %s lies in a flood hazard zone"
#define MSG_P_EV_NO_NEED_T \
    "%s-stedet %s har ikke meldt noe behov som tar %s", \
    "%s site %s registers no need that takes %s"
#define MSG_P_EV_NOT_TAKE_T \
    "%s-stedet %s tar ikke imot %s", \
    "%s site %s does not take %s"
#define MSG_P_EV_DEST_UNKNOWN_T \
    "mottaket «%s» er ikke registrert", \
    "destination '%s' is not in the registry"
#define MSG_P_EV_DEST_REFUSED_T \
    "mottaket %s er avvist av reglene", \
    "destination %s is refused by the rules"
#define MSG_P_EV_DEST_CLOSED_T \
    "mottaket %s er åpent %s til %s, ikke %s", \
    "destination %s is open %s to %s, not on %s"
#define MSG_P_EV_RULE_FORBIDS_T \
    "regel %s forbyr parti %s å gå til %s", \
    "rule %s forbids lot %s going to %s"
#define MSG_P_EV_WINDOW_T \
    "kjørt %s, %.0f dager utenfor tidsvinduet til parti %s, %s til %s", \
    "left on %s, %.0f days outside lot %s's window %s to %s"
#define MSG_P_EV_WEIGHT_T \
    "oppgitt %g %s (%.1f t), veid %.1f t på %s: %.1f t fra hverandre, %.1f t tillatt", \
    "declared %g %s (%.1f t), weighed %.1f t at %s: %.1f t apart, %.1f t allowed"
#define MSG_P_EV_SPEED_ONE_T \
    "%s kjørte %.1f km (luftlinje) fra %s på %.0f min: raskere enn %g km/t", \
    "%s covered %.1f km (straight line) from %s in %.0f min: faster than %g km/h"
#define MSG_P_EV_VOIDED_T \
    "kvitterer for seddel %s, som en retting har annullert", \
    "confirms ticket %s, which a correction voided"
#define MSG_P_EV_CONFIRMED_T \
    "kvitterer for seddel %s, som kvittering %s alt har kvittert for", \
    "confirms ticket %s, which receipt %s confirmed already"
#define MSG_P_EV_NO_TICKET_T \
    "viser til seddel «%s», som ingen følgeseddel har", \
    "names ticket '%s', which no ticket has"
#define MSG_P_EV_WRONG_SITE_T \
    "seddel %s skal til %s, mottatt på %s", \
    "ticket %s is bound for %s, received at %s"
#define MSG_P_EV_CLASH_T \
    "%s forlot %s %s mens den var på seddel %s til %s fram til %s", \
    "%s left %s at %s while on ticket %s to %s until %s"
#define MSG_P_EV_CLASH_EARLIEST_T \
    "%s forlot %s %s mens den var på seddel %s til %s tidligst fram til %s", \
    "%s left %s at %s while on ticket %s to %s until %s at the earliest"
#define MSG_P_EV_SPEED_TWO_T \
    "%s kom til %s %s og forlot %s, %.1f km unna (luftlinje), %s: raskere enn %g km/t", \
    "%s reached %s at %s and left %s, %.1f km away (straight line), at %s: faster than %g km/h"
#define MSG_P_EV_CAPACITY_T \
    "%s hadde tatt imot %.1f t med seddel %s, over kapasiteten på %.1f t", \
    "%s had taken %.1f t with ticket %s, past its capacity of %.1f t"
#define MSG_P_EV_PERMIT_T \
    "%s hadde tatt imot %.1f t i %d med seddel %s, over årstillatelsen på %.1f t", \
    "%s had taken %.1f t in %d with ticket %s, past its yearly permit of %.1f t"
#define MSG_P_EV_DOC_UNKNOWN_T \
    "går under kvalitetsdokument «%s», som ikke er registrert", \
    "travels under quality document '%s', which is not registered"
#define MSG_P_EV_LOT_REFUSED_T \
    "avvist av regel %s, men %zu lass (%.1f t) er kjørt, det første på seddel %s", \
    "refused by rule %s, yet %zu loads (%.1f t) left, the first on ticket %s"
#define MSG_P_EV_DOC_TONNES_T \
    "%zu lass (%.1f t) går under det; det dekker %.1f t", \
    "%zu loads (%.1f t) travel under it; it covers %.1f t"
#define MSG_P_EV_DOC_FOREIGN_T \
    "%zu lass fra partier det ikke dekker går under det, den første seddelen %s fra parti %s", \
    "%zu loads of lots it does not cover travel under it, the first ticket %s of lot %s"
#define MSG_P_EV_BAL_WEIGHING_T \
    "%zu veide lass oppgitt til %.1f t og veid til %.1f t: %.1f t fra hverandre, %.1f t tillatt", \
    "%zu weighed loads declared %.1f t and weighed %.1f t: %.1f t apart, %.1f t allowed"
#define MSG_P_EV_BAL_OVER_T \
    "%.1f t sendt fra et parti som har meldt %.1f t", \
    "%.1f t dispatched from a lot registering %.1f t"
#define MSG_P_EV_BAL_UNPLANNED_T \
    "%.1f t sendt fra et parti planen ikke flytter noe av", \
    "%.1f t dispatched from a lot the plan moves nothing of"
#define MSG_P_EV_BAL_UNRECEIVED_T \
    "%zu lass (%.1f t) uten kvittering mer enn %g t etter avreise", \
    "%zu loads (%.1f t) without a receipt more than %g h after they left"
#define MSG_P_EV_BAL_REJECTED_T \
    "%zu lass (%.1f t) avvist ved porten", \
    "%zu loads (%.1f t) turned away at the gate"
#define MSG_P_CU_NO_RECEIPT_T \
    "ingen kvittering med denne id-en", \
    "no receipt with this id"
#define MSG_P_CU_ACCEPT_REJECT_T \
    "--accept og --reject kan ikke brukes sammen", \
    "--accept and --reject cannot be used together"

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
    X(CU_FINDINGS_MORE) \
    X(CU_RCORRECTED) \
    X(CU_RVOIDED) \
    X(CU_RLIST_HEAD) \
    X(CU_RLIST_EMPTY) \
    X(CU_ST_IN_FORCE) \
    X(CU_GATE_ACCEPTED)

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
    X(P_CU_REASON) \
    X(P_EV_UNRECEIVED) \
    X(P_EV_QUICK_CLAY) \
    X(P_EV_FLOOD) \
    X(P_EV_NO_NEED) \
    X(P_EV_NOT_TAKE) \
    X(P_EV_DEST_UNKNOWN) \
    X(P_EV_DEST_REFUSED) \
    X(P_EV_DEST_CLOSED) \
    X(P_EV_RULE_FORBIDS) \
    X(P_EV_WINDOW) \
    X(P_EV_WEIGHT) \
    X(P_EV_SPEED_ONE) \
    X(P_EV_VOIDED) \
    X(P_EV_CONFIRMED) \
    X(P_EV_NO_TICKET) \
    X(P_EV_WRONG_SITE) \
    X(P_EV_CLASH) \
    X(P_EV_CLASH_EARLIEST) \
    X(P_EV_SPEED_TWO) \
    X(P_EV_CAPACITY) \
    X(P_EV_PERMIT) \
    X(P_EV_DOC_UNKNOWN) \
    X(P_EV_LOT_REFUSED) \
    X(P_EV_DOC_TONNES) \
    X(P_EV_DOC_FOREIGN) \
    X(P_EV_BAL_WEIGHING) \
    X(P_EV_BAL_OVER) \
    X(P_EV_BAL_UNPLANNED) \
    X(P_EV_BAL_UNRECEIVED) \
    X(P_EV_BAL_REJECTED) \
    X(P_CU_NO_RECEIPT) \
    X(P_CU_ACCEPT_REJECT)

/* The report's section on actual flows (src/lib/report/build.c): list
 * MF_MSG_REPORT_CUSTODY, part of MF_MSG_REPORT (S_ACTUAL is
 * MSG_R_ACTUAL). */
#define MSG_R_ACTUAL_T "Faktiske massestrømmer", \
    "Actual flows"
#define MSG_R_TXT_ACTUAL_T \
    "Følgesedlene viser hva som faktisk ble kjørt: %s følgesedler og %s kvitteringer fram til %s. " \
    "De flyttet %s t, mot %s t i planen for de samme periodene. Gjenbruksgraden etter følgesedlene er %s (planen: %s).", \
    "The load tickets show what actually moved: %s tickets and %s receipts up to %s. " \
    "They moved %s t, against %s t in the plan for the same periods. The reuse rate by the tickets is %s (the plan: %s)."
#define MSG_R_ACTUAL_REUSE_T "Gjenbruk per kommune og materiale", \
    "Reuse by municipality and material"
#define MSG_R_TXT_ACTUAL_REUSE_T \
    "Statistikken for myndighetene bygger på følgesedlene, ikke på det prosjektene har meldt at de vil gjøre. " \
    "Kommunen er den massene kom fra; gjenbruk er tonn mottatt på et prosjekt (veid, ellers oppgitt, og lass underveis som oppgitt), " \
    "deponert er tonn mottatt på et mottak. Mellomlager og avviste lass telles ikke.", \
    "The authorities' statistics come from the load tickets, not from what the projects said they would do. " \
    "The municipality is the one the masses came from; reused is tonnes received at a project (weighed, else declared, and loads on their way as declared), " \
    "landfilled is tonnes received at a receiving site. Storage and rejected loads do not count."
#define MSG_R_CAP_ACTUAL_REUSE_T \
    "Gjenbruksgrad per år, kommune og materiale, etter følgesedlene", \
    "Reuse rate by year, municipality and material, from the load tickets"
#define MSG_R_SH_ACTUAL_REUSE_T "Faktisk gjenbruk", "Actual reuse"
#define MSG_R_ACTUAL_PVA_T "Plan mot faktisk per periode", \
    "Plan against actual by period"
#define MSG_R_CAP_ACTUAL_PVA_T \
    "Tonn, lastebil-km og CO2e fra transport, som planlagt og som kjørt", \
    "Tonnes, truck-km and transport CO2e, as planned and as driven"
#define MSG_R_SH_ACTUAL_PVA_T "Plan mot faktisk", "Plan against actual"
#define MSG_R_TXT_ACTUAL_PVA_T \
    "Faktiske lastebil-km er to ganger veilengden per lass (lastet ut, tom tilbake); CO2e etter kjøretøyets klasse og drivstoff.", \
    "Actual truck-km are twice the road length per load (out loaded, back empty); CO2e by the vehicle's class and fuel."
#define MSG_R_ACTUAL_CHECKS_T "Kontroll av følgesedlene", \
    "Checks of the load tickets"
#define MSG_R_TXT_ACTUAL_CHECKS_T \
    "Kontrollen (masseflyt custody check) fant %s funn. Hvert funn med bevis står i kontrollens utskrift.", \
    "The checks (masseflyt custody check) found %s findings. Each finding with its evidence is in the checks' output."
#define MSG_R_CAP_ACTUAL_CHECKS_T "Funn per slag", "Findings by kind"
#define MSG_R_SH_ACTUAL_CHECKS_T "Funn", "Findings"
#define MSG_R_C_YEAR_T "År", "Year"
#define MSG_R_C_LANDFILLED_T "Deponert (t)", "Landfilled (t)"
#define MSG_R_C_PLANNED_T_T "Planlagt (t)", "Planned (t)"
#define MSG_R_C_MOVED_T_T "Faktisk (t)", "Actual (t)"
#define MSG_R_C_REUSE_PLANNED_T "Gjenbruk, plan", "Reuse, plan"
#define MSG_R_C_REUSE_ACTUAL_T "Gjenbruk, faktisk", "Reuse, actual"
#define MSG_R_C_TKM_PLANNED_T "Lastebil-km, plan", "Truck-km, plan"
#define MSG_R_C_TKM_ACTUAL_T "Lastebil-km, faktisk", "Truck-km, actual"
#define MSG_R_C_CO2_PLANNED_T "CO2e plan (t)", "CO2e plan (t)"
#define MSG_R_C_CO2_ACTUAL_T "CO2e faktisk (t)", "CO2e actual (t)"
#define MSG_R_C_FINDS_T "Hva den finner", "What it finds"
#define MSG_R_C_FINDINGS_T "Funn", "Findings"
#define MSG_R_CHK_UNRECEIVED_T "sendt, men ikke mottatt etter fristen", \
    "sent but not received in time"
#define MSG_R_CHK_NO_TICKET_T "kvittering uten følgeseddel", \
    "receipt without a ticket"
#define MSG_R_CHK_WRONG_SITE_T "mottatt et annet sted enn seddelen sier", \
    "received elsewhere than the ticket says"
#define MSG_R_CHK_DEST_MATERIAL_T "mottaket tar ikke materialet", \
    "the destination does not take the material"
#define MSG_R_CHK_DEST_PERMIT_T "mottaket har ikke lov til å ta det", \
    "the destination is not permitted to take it"
#define MSG_R_CHK_DEST_HAZARD_T "mottaket ligger i en faresone", \
    "the destination lies in a hazard zone"
#define MSG_R_CHK_DEST_CAPACITY_T "mottaket er over kapasiteten", \
    "the destination is past its capacity"
#define MSG_R_CHK_LOT_REFUSED_T "et avvist parti blir likevel kjørt", \
    "a refused lot still ships"
#define MSG_R_CHK_DOC_OVERUSE_T "kvalitetsdokument brukt for mer enn det dekker", \
    "quality document used beyond what it covers"
#define MSG_R_CHK_VEHICLE_CLASH_T "samme kjøretøy to steder samtidig", \
    "one vehicle in two places at once"
#define MSG_R_CHK_VEHICLE_SPEED_T "raskere enn veien tillater", \
    "faster than the road allows"
#define MSG_R_CHK_WINDOW_T "lass utenfor partiets tidsvindu", \
    "load outside the lot's window"
#define MSG_R_CHK_WEIGHT_T "veid vekt langt fra oppgitt", \
    "weighed tonnes far from declared"

#define MF_MSG_REPORT_CUSTODY(X) \
    X(ACTUAL) \
    X(TXT_ACTUAL) \
    X(ACTUAL_REUSE) \
    X(TXT_ACTUAL_REUSE) \
    X(CAP_ACTUAL_REUSE) \
    X(SH_ACTUAL_REUSE) \
    X(ACTUAL_PVA) \
    X(CAP_ACTUAL_PVA) \
    X(SH_ACTUAL_PVA) \
    X(TXT_ACTUAL_PVA) \
    X(ACTUAL_CHECKS) \
    X(TXT_ACTUAL_CHECKS) \
    X(CAP_ACTUAL_CHECKS) \
    X(SH_ACTUAL_CHECKS) \
    X(C_YEAR) \
    X(C_LANDFILLED) \
    X(C_PLANNED_T) \
    X(C_MOVED_T) \
    X(C_REUSE_PLANNED) \
    X(C_REUSE_ACTUAL) \
    X(C_TKM_PLANNED) \
    X(C_TKM_ACTUAL) \
    X(C_CO2_PLANNED) \
    X(C_CO2_ACTUAL) \
    X(C_FINDS) \
    X(C_FINDINGS) \
    X(CHK_UNRECEIVED) \
    X(CHK_NO_TICKET) \
    X(CHK_WRONG_SITE) \
    X(CHK_DEST_MATERIAL) \
    X(CHK_DEST_PERMIT) \
    X(CHK_DEST_HAZARD) \
    X(CHK_DEST_CAPACITY) \
    X(CHK_LOT_REFUSED) \
    X(CHK_DOC_OVERUSE) \
    X(CHK_VEHICLE_CLASH) \
    X(CHK_VEHICLE_SPEED) \
    X(CHK_WINDOW) \
    X(CHK_WEIGHT)

/* clang-format on */

#endif
