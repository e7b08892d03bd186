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

/* clang-format off */

/* ------------------------------------------------------------------ */
/* The program (src/cli)                                               */
/* ------------------------------------------------------------------ */

#define MSG_ERR_PREFIX_T "masseflyt: ", "masseflyt: "
#define MSG_TRY_HELP_T "Prøv «masseflyt %s%s--help».\n", \
    "Try 'masseflyt %s%s--help'.\n"
#define MSG_NO_COMMAND_T "ingen kommando heter «%s»", \
    "no command named '%s'"
#define MSG_MORE_PROBLEMS_T "masseflyt: ... og %zu problemer til som ikke vises\n", \
    "masseflyt: ... and %zu more problems not shown\n"

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

#define MF_MSG_CLI_SCENARIO(X) \
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

#define MF_MSG_CLI(X) \
    X(ERR_PREFIX) \
    X(TRY_HELP) \
    X(NO_COMMAND) \
    X(MORE_PROBLEMS) \
    MF_MSG_CLI_SCENARIO(X)

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

#define MF_MSG_REPORT(X) \
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
/* passes to mf_error_at / mf_issues_add, word for word.               */
/* ------------------------------------------------------------------ */

#define MSG_P_VALUE_REQUIRED_T "en verdi er påkrevd", "a value is required"

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

#define MF_MSG_PROBLEMS(X) \
    X(P_VALUE_REQUIRED) \
    MF_MSG_PROBLEMS_SCENARIO_SERVE(X)

/* clang-format on */

#endif
