/*
 * report_int.h - the inside of the report (src/lib/report/): one document
 * model, built once from struct mf_report_input, that every output reads.
 *
 *   build.c   the input -> tables (struct rtable) and the document: an
 *             ordered list of blocks (headings, paragraphs, tables, charts)
 *   text.c    the strings in bokmål and English, number formatting,
 *             escaping for HTML/XML
 *   canvas.c  a tiny drawing interface and its SVG backend
 *   chart.c   bar, line, Sankey and tornado charts drawn on a canvas
 *   map.c     the region map: outline clipped to the view, sites, lots,
 *             flow lines, legend and scale bar
 *   html.c    mf_report_html: the blocks as HTML with inline SVG
 *   pdf_cairo.c  mf_report_pdf_cairo: cairo.c's pages into a PDF file
 *   cairo.c   the blocks laid out on A4 pages with cairo (where Chromium,
 *             run by src/app/, cannot print the HTML)
 *   xlsx.c    mf_report_xlsx: the tables as sheets, native Excel charts
 *   csv.c     mf_report_csv: the tables as CSV files
 *
 * Every chart draws its numbers from a table of the document, so the
 * numbers a reader sees in a chart are always in a table as well, and the
 * HTML, PDF, XLSX and CSV outputs show the same content.
 */
#ifndef MF_REPORT_REPORT_INT_H
#define MF_REPORT_REPORT_INT_H

#include "masseflyt/report.h"
#include "util/arena.h"
#include "util/buf.h"

#include <stddef.h>
#include <stdint.h>

/* ------------------------------------------------------------------ */
/* Strings                                                              */
/* ------------------------------------------------------------------ */

/* X(id, bokmål, English). Domain terms users know keep their Norwegian
 * names in English, with a gloss. */
#define REPORT_STRINGS(X)                                                      \
    X(S_REPORT, "Rapport om masseflyt", "Mass flow report")                    \
    X(S_SUBTITLE, "Gjenbruk av rene overskuddsmasser av jord og stein",        \
      "Reuse of clean surplus soil and rock")                                  \
    X(S_GENERATED, "Laget", "Generated")                                       \
    X(S_BY, "med masseflyt", "with masseflyt")                                 \
    X(S_CONTENTS, "Innhold", "Contents")                                       \
    X(S_KEYFIGS, "Nøkkeltall", "Key figures")                                  \
    X(S_STAGE1, "1 Situasjonen i dag", "1 The situation today")                \
    X(S_STAGE2, "2 Potensialet", "2 The potential")                            \
    X(S_STAGE3, "3 Tiltakene", "3 The measures")                               \
    X(S_APPENDIX, "Vedlegg: faktorer og kilder",                               \
      "Appendix: factors and sources")                                         \
    X(S_MAP, "Kart over regionen", "Map of the region")                        \
    X(S_BALANCE, "Massebalanse", "Mass balance")                               \
    X(S_REFUSED, "Avviste poster", "Refused lots")                             \
    X(S_PLANVS, "Plan mot dagens praksis", "Plan against business as usual")   \
    X(S_FLOWS, "Masseflyt i planen", "Flows in the plan")                      \
    X(S_SANKEY, "Hvor massene går", "Where the masses go")                     \
    X(S_STORAGE, "Mellomlager over tid",                                       \
      "Mellomlager (intermediate storage) over time")                          \
    X(S_UNPLACED, "Det planen ikke fikk plassert eller dekket",                \
      "What the plan could not place or meet")                                 \
    X(S_SCENARIOS, "Scenarioer", "Scenarios")                                  \
    X(S_BYIND, "Indikatorer per scenario", "Indicators by scenario")           \
    X(S_TORNADO, "Følsomhet", "Sensitivity")                                   \
    X(S_DIFFS, "Forskjellene forklart", "The differences explained")           \
    X(S_FACTORS, "Faktorer", "Factors")                                        \
    X(S_TRUCKS, "Lastebiler", "Trucks")                                        \
    X(S_GATE_FEES, "Mottaksgebyr etter materiale", "Gate fees by material")    \
    X(S_DETOURS, "Omveisfaktorer", "Detour factors")                           \
    X(S_FUELS, "Drivstoff og energi", "Fuels and energy")                      \
    X(S_MATERIALS, "Materialer og tettheter", "Materials and densities")       \
    X(S_RULES, "Regler", "Rules")                                              \
    X(S_SITES, "Steder", "Sites")                                              \
    X(S_LOTS, "Poster med overskudd og behov", "Lots of surplus and need")     \
    /* Column headings */                                                      \
    X(S_C_MATERIAL, "Materiale", "Material")                                   \
    X(S_C_MATUSE, "Materiale eller bruk", "Material or use")                   \
    X(S_C_SUPPLY_KT, "Overskudd (1000 t)", "Surplus (1000 t)")                 \
    X(S_C_DEMAND_KT, "Behov (1000 t)", "Need (1000 t)")                        \
    X(S_C_NET_KT, "Netto (1000 t)", "Net (1000 t)")                            \
    X(S_C_PERIOD, "Periode", "Period")                                         \
    X(S_C_CUMUL_KT, "Akkumulert netto (1000 t)", "Cumulative net (1000 t)")    \
    X(S_C_ID, "Id", "Id")                                                      \
    X(S_C_NAME, "Navn", "Name")                                                \
    X(S_C_KIND, "Type", "Kind")                                                \
    X(S_C_MUNI, "Kommune", "Municipality")                                     \
    X(S_C_CAPACITY_T, "Kapasitet (t)", "Capacity (t)")                         \
    X(S_C_PROJECT, "Prosjekt", "Project")                                      \
    X(S_C_TONNES, "Tonn", "Tonnes")                                            \
    X(S_C_GIVEN, "Volum som oppgitt", "Volume as given")                       \
    X(S_C_FROM, "Fra", "From")                                                 \
    X(S_C_TO, "Til", "To")                                                     \
    X(S_C_WINDOW, "Tidsvindu", "Window")                                       \
    X(S_C_RULE, "Regel", "Rule")                                               \
    X(S_C_REASON, "Grunn", "Reason")                                           \
    X(S_C_INDICATOR, "Indikator", "Indicator")                                 \
    X(S_C_BAU, "Dagens praksis", "Today's practice")                           \
    X(S_C_NOREUSE, "Uten gjenbruk (referanse)", "No reuse (reference)")        \
    X(S_C_PLAN, "Plan", "Plan")                                                \
    X(S_C_DIFF, "Forskjell", "Difference")                                     \
    X(S_C_ROUTE, "Vei", "Route")                                               \
    X(S_C_KM, "Km (vei)", "Km (road)")                                         \
    X(S_C_TRIPS, "Lass", "Loads")                                              \
    X(S_C_CO2_T, "CO2e (t)", "CO2e (t)")                                       \
    X(S_C_SCENARIO, "Scenario", "Scenario")                                    \
    X(S_C_REUSE, "Gjenbruksgrad", "Reuse rate")                                \
    X(S_C_LANDFILLED_KT, "Til massemottak (1000 t)",                           \
      "To massemottak (1000 t)")                                               \
    X(S_C_VIRGIN_KT, "Nytt fra pukkverk (1000 t)",                             \
      "Virgin from quarries (1000 t)")                                         \
    X(S_C_TRUCKKM_K, "Kjøretøy-km (1000)", "Truck-km (1000)")                  \
    X(S_C_CO2_KT, "CO2e (1000 t)", "CO2e (1000 t)")                            \
    X(S_C_COST_MNOK, "Kostnad (MNOK)", "Cost (MNOK)")                          \
    X(S_C_LAND_DAA, "Arealbruk (daa)", "Land take (daa)")                      \
    X(S_C_PUBLIC, "Gjenbruk offentlige", "Public clients' reuse")              \
    X(S_C_PARAM, "Forutsetning", "Assumption")                                 \
    X(S_C_LOW, "Lav", "Low")                                                   \
    X(S_C_BASEV, "Basis", "Base")                                              \
    X(S_C_HIGH, "Høy", "High")                                                 \
    X(S_C_COST_LOW, "Kostnad ved lav (MNOK)", "Cost at low (MNOK)")            \
    X(S_C_COST_HIGH, "Kostnad ved høy (MNOK)", "Cost at high (MNOK)")          \
    X(S_C_CO2_LOW, "CO2e ved lav (1000 t)", "CO2e at low (1000 t)")            \
    X(S_C_CO2_HIGH, "CO2e ved høy (1000 t)", "CO2e at high (1000 t)")          \
    X(S_C_REUSE_LOW, "Gjenbruk ved lav", "Reuse at low")                       \
    X(S_C_REUSE_HIGH, "Gjenbruk ved høy", "Reuse at high")                     \
    X(S_C_SOURCE, "Kilde", "Source")                                           \
    X(S_C_KEY, "Nøkkel", "Key")                                                \
    X(S_C_VALUE, "Verdi", "Value")                                             \
    X(S_C_UNIT, "Enhet", "Unit")                                               \
    X(S_C_ESTIMATE, "Estimat", "Estimate")                                     \
    X(S_C_CODE, "Kode", "Code")                                                \
    X(S_C_PAYLOAD, "Nyttelast (t)", "Payload (t)")                             \
    X(S_C_BODY_M3, "Lasteplan (ulm3)", "Body (loose m3)")                      \
    X(S_C_CLASS, "Materiale eller kategori", "Material or category")           \
    X(S_C_FEE_FACTOR, "Faktor på mottakets gebyr", "Factor on the site's fee") \
    X(S_C_MUNI_PAIR, "Kommuner", "Municipalities")                             \
    X(S_C_DETOUR, "Veg-km per luftlinje-km", "Road km per straight km")        \
    X(S_C_ENERGY, "Energi", "Energy")                                          \
    X(S_C_USE_LOADED, "Forbruk lastet per km", "Use loaded per km")            \
    X(S_C_USE_EMPTY, "Forbruk tom per km", "Use empty per km")                 \
    X(S_C_NOK_H, "NOK per time", "NOK per hour")                               \
    X(S_C_SPEED, "Fart (km/t)", "Speed (km/h)")                                \
    X(S_C_CO2_TTW, "CO2e tank-hjul (kg)", "CO2e tank-to-wheel (kg)")           \
    X(S_C_CO2_WTW, "CO2e brønn-hjul (kg)", "CO2e well-to-wheel (kg)")          \
    X(S_C_PRICE, "Pris (NOK)", "Price (NOK)")                                  \
    X(S_C_CATEGORY, "Kategori", "Category")                                    \
    X(S_C_D_PFM3, "t/pfm3", "t/pfm3")                                          \
    X(S_C_D_ULM3, "t/ulm3", "t/ulm3")                                          \
    X(S_C_D_PAM3, "t/pam3", "t/pam3")                                          \
    X(S_C_CHECK, "Kontroll", "Check")                                          \
    X(S_C_SEVERITY, "Alvorlighet", "Severity")                                 \
    X(S_C_PARAMV, "Parameter", "Parameter")                                    \
    X(S_C_VALID, "Gjelder", "In force")                                        \
    X(S_C_MESSAGE, "Melding", "Message")                                       \
    X(S_C_WHAT, "Hva", "What")                                                 \
    /* Words */                                                                \
    X(S_SUPPLY, "Overskudd", "Surplus")                                        \
    X(S_DEMAND, "Behov", "Need")                                               \
    X(S_TOTAL, "Sum", "Total")                                                 \
    X(S_ESTIMATE_BADGE, "estimat", "estimate")                                 \
    X(S_USE_SUFFIX, "(bruk)", "(use)")                                         \
    X(S_UNPLACED_WORD, "ikke plassert", "unplaced")                            \
    X(S_UNMET_WORD, "ikke dekket", "unmet")                                    \
    X(S_K_PROJECT, "Anleggssted", "Project site")                              \
    X(S_K_STORAGE, "Mellomlager", "Mellomlager (intermediate storage)")        \
    X(S_K_PROCESSING, "Knuse- og sorteringsverk",                              \
      "Crushing and sorting plant")                                            \
    X(S_K_RECEIVING, "Massemottak", "Massemottak (receiving site)")            \
    X(S_K_QUARRY, "Pukkverk og grustak", "Pukkverk (quarry) and gravel pit")   \
    X(S_R_DIRECT, "Direkte gjenbruk", "Direct reuse")                          \
    X(S_R_STORAGE, "Via mellomlager",                                          \
      "Via mellomlager (intermediate storage)")                                \
    X(S_R_PROCESSING, "Via knuseverk", "Via processing (crushing)")            \
    X(S_R_RECEIVING, "Til massemottak", "To massemottak (receiving sites)")    \
    X(S_R_UNPLACED, "Ikke plassert", "Unplaced")                               \
    X(S_R_QUARRY, "Nytt fra pukkverk", "Virgin from pukkverk")                 \
    X(S_R_NEED, "Behov dekket", "Need met")                                    \
    X(S_F_DIRECT, "Direkte gjenbruk", "Direct reuse")                          \
    X(S_F_STORAGE, "Til og fra mellomlager",                                   \
      "To and from mellomlager (storage)")                                     \
    X(S_F_PROCESSING, "Til og fra knuseverk", "To and from processing")        \
    X(S_F_RECEIVING, "Til massemottak", "To massemottak (receiving)")          \
    X(S_F_QUARRY, "Fra pukkverk", "From pukkverk (quarry)")                    \
    X(S_LOT_SUPPLY, "Post med overskudd", "Lot with surplus")                  \
    X(S_LOT_DEMAND, "Post med behov", "Lot with need")                         \
    X(S_LOT_SIZE, "Arealet av sirkelen viser tonn",                            \
      "Circle area shows tonnes")                                              \
    X(S_LINE_WIDTH, "Linjebredden viser tonn", "Line width shows tonnes")      \
    X(S_LOWV, "lav verdi", "low value")                                        \
    X(S_HIGHV, "høy verdi", "high value")                                      \
    /* Short panel titles for charts */                                        \
    X(S_P_REUSE, "Gjenbruksgrad (%)", "Reuse rate (%)")                        \
    X(S_P_LANDFILLED, "Til massemottak (1000 t)", "To massemottak (1000 t)")   \
    X(S_P_VIRGIN, "Nytt fra pukkverk (1000 t)",                                \
      "Virgin from quarries (1000 t)")                                         \
    X(S_P_TRUCKKM, "Kjøretøy-km (1000)", "Truck-km (1000)")                    \
    X(S_P_CO2, "CO2e totalt (1000 t)", "CO2e total (1000 t)")                  \
    X(S_P_COST, "Kostnad for samfunnet (MNOK)", "Cost to society (MNOK)")      \
    /* Chart captions */                                                       \
    X(S_CH_MAP_STATUS,                                                         \
      "Steder og poster. Symbolet viser hva slags sted; sirklene er "          \
      "poster med overskudd (oransje) og behov (blå).",                        \
      "Sites and lots. The symbol shows the kind of site; circles are lots "   \
      "of surplus (orange) and need (blue).")                                  \
    X(S_CH_BALANCE, "Overskudd og behov per materiale, hele perioden.",        \
      "Surplus and need by material over the whole horizon.")                  \
    X(S_CH_BALANCE_P, "Overskudd og behov per periode, alle materialer.",      \
      "Surplus and need by period, all materials.")                            \
    X(S_CH_INDICATORS,                                                         \
      "Hovedindikatorer: dagens praksis (grå) mot planen (grønn).",            \
      "Headline indicators: business as usual (grey) against the plan "        \
      "(green).")                                                              \
    X(S_CH_FLOWS,                                                              \
      "Masseflyt i planen, summert over alle perioder. Linjebredden viser "    \
      "tonn, fargen hva slags flyt.",                                          \
      "Flows of the plan, summed over all periods. Line width shows "          \
      "tonnes, colour the kind of flow.")                                      \
    X(S_CH_SANKEY,                                                             \
      "Overskudd per materiale til venstre, veien massene tar i midten, og "   \
      "hvor de ender til høyre. Nytt materiale fra pukkverk og grustak går " \
      "rett til behovet.",                                                     \
      "Surplus by material on the left, the route the masses take in the "     \
      "middle, where they end on the right. Virgin material from quarries "    \
      "goes straight to the need.")                                            \
    X(S_CH_STORAGE, "Lagernivå ved slutten av hver periode.",                  \
      "Storage level at the end of each period.")                              \
    X(S_CH_SCEN, "Verdien i hvert scenario; den stiplede linjen er basis.",    \
      "The value in each scenario; the dashed line is the base.")              \
    X(S_CH_TORNADO,                                                            \
      "Hvor mye totalkostnaden endres når én forutsetning går fra lav til " \
      "høy verdi og resten holdes fast. Bredest øverst.",                      \
      "How much the total cost moves when one assumption goes from its low "   \
      "to its high value and the rest are held. Widest first.")                \
    X(S_CH_TORNADO_CO2, "Det samme for CO2e totalt.",                          \
      "The same for total CO2e.")                                              \
    /* Axis units */                                                           \
    X(S_U_KT, "1000 tonn", "1000 tonnes")                                      \
    X(S_U_T, "tonn", "tonnes")                                                 \
    X(S_U_MNOK, "MNOK", "MNOK")                                                \
    X(S_U_KTCO2, "1000 t CO2e", "1000 t CO2e")                                 \
    /* Paragraphs */                                                           \
    X(S_TXT_STAGE1,                                                            \
      "Registeret har %d prosjekter, %d steder og %d poster: %d med "          \
      "overskudd og %d med behov.",                                            \
      "The registry holds %d projects, %d sites and %d lots: %d of surplus "   \
      "and %d of need.")                                                       \
    X(S_TXT_REFUSED_ONE,                                                       \
      "Én post er avvist av reglene og holdt utenfor balanse og plan.",        \
      "One lot is refused by the rules and left out of the balance and the "   \
      "plan.")                                                                 \
    X(S_TXT_REFUSED_N,                                                         \
      "%d poster er avvist av reglene og holdt utenfor balanse og plan.",      \
      "%d lots are refused by the rules and left out of the balance and the "  \
      "plan.")                                                                 \
    X(S_TXT_BALANCE,                                                           \
      "Overskudd %s tonn mot behov %s tonn fra %s til %s. Positiv netto er "   \
      "overskudd; negativ er behov.",                                          \
      "Surplus of %s tonnes against a need of %s tonnes from %s to %s. A "     \
      "positive net is surplus; a negative one is need.")                      \
    X(S_TXT_BALANCE_USE,                                                       \
      "Behov som kan dekkes av flere materialer står under bruken.",           \
      "Needs any suitable material can meet are listed under their use.")      \
    X(S_TXT_STAGE2,                                                            \
      "Planen gjenbruker %s av overskuddet (dagens praksis: %s), holder %s "   \
      "tonn mer unna massemottak enn dagens praksis og sparer %s tonn CO2e, "  \
      "%s MNOK for prosjektene og %s MNOK for samfunnet (uten avgifter, med "  \
      "ikke plassert og udekket priset til alternativet).",                    \
      "The plan reuses %s of the surplus (today's practice: %s), keeps %s "    \
      "tonnes more out of massemottak (receiving sites) than today's "         \
      "practice, and saves %s tonnes of CO2e, %s MNOK for the projects and "   \
      "%s MNOK for society (without taxes, with unplaced and unmet masses "    \
      "priced at their fallback).")                                            \
    X(S_TXT_NOREUSE,                                                           \
      "Mot en referanse uten gjenbruk i det hele tatt ville planen holde %s "  \
      "tonn unna massemottak og spare %s tonn CO2e; det er ingen prognose, "   \
      "bare en nedre grense for hva som skjer i dag.",                         \
      "Against a reference with no reuse at all the plan would keep %s "       \
      "tonnes out of massemottak and save %s tonnes of CO2e; that is no "      \
      "forecast, only a floor under what happens today.")                      \
    X(S_TXT_RANGE,                                                             \
      "Potensialet mot dagens praksis, med spenn fra følsomhetsanalysen "     \
      "(hver forutsetning i data/sensitivity.csv flyttet over sitt spenn): "   \
      "%s tonn unna massemottak (%s til %s), %s tonn CO2e (%s til %s) og %s "  \
      "MNOK for prosjektene (%s til %s).",                                     \
      "The potential against today's practice, with its range from the "       \
      "sensitivity runs (each assumption in data/sensitivity.csv moved over "  \
      "its range): %s tonnes kept out of massemottak (%s to %s), %s tonnes "   \
      "of CO2e (%s to %s) and %s MNOK for the projects (%s to %s).")           \
    X(S_TXT_CALIB,                                                             \
      "Dagens praksis gjenbruker %s av overskuddet; publisert spenn %s til "   \
      "%s (data/practice.csv): %s.",                                           \
      "Today's practice reuses %s of the surplus; published range %s to %s "   \
      "(data/practice.csv): %s.")                                              \
    X(S_CALIB_IN, "innenfor", "within")                                        \
    X(S_CALIB_OUT, "UTENFOR spennet", "OUTSIDE the range")                     \
    X(S_TXT_RECOVERY,                                                          \
      "Av %s tonn overskudd som nådde et behov, gikk %s til behov planlagt "  \
      "uavhengig av overskuddet (gjenvinning). %s tonn gikk til fyllinger "    \
      "som ikke er planlagt uavhengig og regnes som disponering, ikke "        \
      "gjenbruk; for %s tonn sier ikke behovet om det er planlagt uavhengig.", \
      "Of the %s tonnes of surplus that reached a need, %s went to needs "     \
      "planned independently of the surplus (recovery). %s tonnes went to "    \
      "fills not planned independently and count as disposal, not reuse; for " \
      "%s tonnes the need does not say whether it was planned "                \
      "independently.")                                                        \
    X(S_TXT_BAU,                                                               \
      "Dagens praksis: hvert prosjekt handler alene, periode for periode, "    \
      "uten mellomlager: først egne behov, så prosjekter hos samme "         \
      "byggherre innen kort avstand, så vanlig praksis (sjøfyllinger og "    \
      "knuseverk innen rekkevidde), så billigste massemottak; behov som er "  \
      "igjen, fra billigste pukkverk (docs/PLANNING.md).",                     \
      "Today's practice: each project acts alone, period by period, with no "  \
      "storage: first its own needs, then projects of the same client within " \
      "a short haul, then standard practice (sea fills and crushing plants "   \
      "within reach), then the cheapest massemottak; needs left come from "    \
      "the cheapest quarry (docs/PLANNING.md).")                               \
    X(S_TXT_STAGE3,                                                            \
      "Hvert scenario endrer spillereglene og planlegges på nytt. "           \
      "Scenario 1 er basis.",                                                  \
      "Each scenario changes the rules of the game and is planned again. "     \
      "Scenario 1 is the base.")                                               \
    X(S_TXT_NO_SCEN, "Ingen scenarioer er beregnet.",                          \
      "No scenarios were computed.")                                           \
    X(S_TXT_NO_TORNADO, "Ingen følsomhetsanalyse er beregnet.",                \
      "No sensitivity analysis was computed.")                                 \
    X(S_TXT_TORNADO,                                                           \
      "Følsomhet for scenario %s: hver forutsetning flyttes over sitt "       \
      "oppgitte spenn.",                                                       \
      "Sensitivity of scenario %s: each assumption moves across its stated "   \
      "range.")                                                                \
    X(S_TXT_NO_NOTES, "Ingen vesentlige forskjeller mot basis.",               \
      "No notable differences against the base.")                              \
    X(S_TXT_APPENDIX,                                                          \
      "Alle faktorer beregningene bygger på, med kilde. Verdier merket "      \
      "estimat er anslag, ikke målinger eller publiserte tall.",               \
      "Every factor the computations rest on, with its source. Values "        \
      "marked estimate are estimates, not measurements or published "          \
      "figures.")                                                              \
    X(S_TXT_NONE_REFUSED, "Ingen poster er avvist.", "No lots are refused.")   \
    X(S_TXT_NO_STORAGE, "Planen bruker ikke mellomlager.",                     \
      "The plan uses no intermediate storage.")                                \
    X(S_TXT_STORAGE_ROWS, "Tabellen viser periodene med masser på lager.",     \
      "The table shows the periods with masses in storage.")                   \
    X(S_TXT_NO_PLAN, "Ingen plan er beregnet.", "No plan was computed.")       \
    X(S_TXT_STORAGE_STEP,                                                      \
      "Tabellen viser én av %d perioder mens det er masser på lager; CSV- "  \
      "og XLSX-filene har alle.",                                              \
      "The table shows one period in %d while masses are in storage; the "     \
      "CSV and XLSX files have them all.")                                     \
    /* Table captions */                                                       \
    X(S_CAP_SITES, "Steder på kartet", "Sites on the map")                     \
    X(S_CAP_BALANCE,                                                           \
      "Massebalanse per materiale og periode (1000 t; periodene viser "        \
      "netto)",                                                                \
      "Mass balance by material and period (1000 t; the periods show the "     \
      "net)")                                                                  \
    X(S_CAP_BALANCE_P, "Massebalanse per periode, alle materialer (1000 t)",   \
      "Mass balance by period, all materials (1000 t)")                        \
    X(S_CAP_REFUSED, "Poster avvist av reglene, med grunn",                    \
      "Lots refused by the rules, with the reason")                            \
    X(S_CAP_INDICATORS, "Indikatorer: dagens praksis, planen og forskjellen",  \
      "Indicators: business as usual, the plan and the difference")            \
    X(S_CAP_FLOWS, "Strømmene i planen summert over periodene, størst først",  \
      "The plan's flows summed over the periods, largest first")               \
    X(S_CAP_SANKEY, "Strømmene i diagrammet (tonn)",                           \
      "The flows of the diagram (tonnes)")                                     \
    X(S_CAP_STORAGE, "Lagernivå ved slutten av perioden (tonn)",               \
      "Storage level at the end of the period (tonnes)")                       \
    X(S_CAP_UNPLACED, "Poster planen ikke fikk plassert eller dekket",         \
      "Lots the plan could not place or meet")                                 \
    X(S_CAP_SCENARIOS,                                                         \
      "Scenarioene side om side. Kostnad for samfunnet regner med "            \
      "transport, mottaksgebyr, innkjøp, lager, knusing, arealpris og "       \
      "priset mangel (ikke plassert og udekket til prisen av alternativet), "  \
      "uten deponiavgift og CO2-pris (overføringer); "                        \
      "kostnad for prosjektene er det de betaler, med avgiften.",              \
      "The scenarios side by side. Cost to society counts transport, gate "    \
      "fees, purchases, storage, processing, the land price and the priced "   \
      "shortfall (unplaced and unmet tonnes at their fallback's cost), "       \
      "without the landfill tax and CO2 price (transfers); cost to the "       \
      "projects is what they pay, the tax included.")                          \
    X(S_RANKING, "Tiltakene rangert", "The measures ranked")                   \
    X(S_CAP_RANKING,                                                           \
      "Tiltakene mot scenario 1: kostnad for samfunnet per tonn CO2e "         \
      "unngått, og tonn gjenbrukt",                                            \
      "The measures against scenario 1: cost to society per tonne CO2e "       \
      "avoided, and tonnes reused")                                            \
    X(S_TXT_RANKING,                                                           \
      "Kroner per tonn CO2e unngått er endringen i kostnad for samfunnet "    \
      "delt på nedgangen i CO2e mot scenario 1; negativt betyr at tiltaket "  \
      "sparer penger og CO2e. Et tiltak som ikke senker CO2e har ingen slik "  \
      "kostnad og rangeres sist, etter kostnad.",                              \
      "NOK per tonne CO2e avoided is the change in cost to society divided "   \
      "by the fall in CO2e against scenario 1; negative means the measure "    \
      "saves money and CO2e. A measure that does not lower CO2e has no such "  \
      "cost and ranks last, by cost.")                                         \
    X(S_C_RANK, "Rang", "Rank")                                                \
    X(S_C_RANK_REUSE, "Rang gjenbruk", "Rank by reuse")                        \
    X(S_C_D_COST_SOC, "Endring kostnad for samfunnet (MNOK)",                  \
      "Change in cost to society (MNOK)")                                      \
    X(S_C_CO2_AVOIDED, "CO2e unngått (t)", "CO2e avoided (t)")                 \
    X(S_C_NOK_T_CO2, "Kr per tonn CO2e unngått", "NOK per t CO2e avoided")     \
    X(S_C_REUSED_T, "Gjenbrukt (t)", "Reused (t)")                             \
    X(S_C_COST_SOC, "Kostnad for samfunnet (MNOK)", "Cost to society (MNOK)")  \
    X(S_C_COST_PROJ, "Kostnad for prosjektene (MNOK)",                         \
      "Cost to the projects (MNOK)")                                           \
    X(S_C_SHORTFALL, "Priset mangel (MNOK)", "Priced shortfall (MNOK)")        \
    X(S_C_UNMET_KT, "Udekket behov (1000 t)", "Unmet need (1000 t)")           \
    X(S_C_UNPLACED_KT, "Ikke plassert (1000 t)", "Unplaced (1000 t)")          \
    X(S_CAP_FACTORS, "Faktorer (data/factors.csv)",                            \
      "Factors (data/factors.csv)")                                            \
    X(S_CAP_GATE_FEES,                                                         \
      "Mottaksgebyr etter materiale: faktor på mottakets gebyr for vanlige "  \
      "rene jordmasser (data/gate_fees.csv)",                                  \
      "Gate fees by material: factor on a site's fee for ordinary clean soil " \
      "(data/gate_fees.csv)")                                                  \
    X(S_CAP_DETOURS, "Omveisfaktorer mellom kommuner (data/detours.csv)",      \
      "Detour factors between municipalities (data/detours.csv)")              \
    X(S_CAP_TRUCKS, "Lastebiler (data/trucks.csv)",                            \
      "Trucks (data/trucks.csv)")                                              \
    X(S_CAP_FUELS, "Drivstoff og energi (data/fuels.csv)",                     \
      "Fuels and energy (data/fuels.csv)")                                     \
    X(S_CAP_MATERIALS, "Materialer og tettheter (data/materials.csv)",         \
      "Materials and densities (data/materials.csv)")                          \
    X(S_CAP_RULES, "Regler (data/rules.csv)", "Rules (data/rules.csv)")        \
    X(S_KICKER, "Rapport om masseflyt", "Mass flow report")                    \
    /* Sheet names (at most 31 characters) */                                  \
    X(S_SH_BALANCE_P, "Massebalanse per periode", "Mass balance by period")    \
    X(S_SH_UNPLACED, "Ikke plassert eller dekket", "Not placed or met")        \
    X(S_SH_STORAGE, "Mellomlager", "Mellomlager (storage)")                    \
    /* The scope a report leads with */                                        \
    X(S_SCOPE, "Utvalget: %s", "The scope: %s")                                \
    X(S_TXT_SCOPE,                                                             \
      "Rapporten begynner med %s: %d poster. Planen er beregnet for hele "     \
      "regionen, som følger etter utvalget som sammenheng; utvalget endrer "  \
      "ikke planen.",                                                          \
      "The report begins with %s: %d lots. The plan is solved for the whole "  \
      "region, which follows the scope as context; the scope does not "        \
      "change the plan.")                                                      \
    X(S_TXT_SCOPE_NONE, "Ingen poster ligger i utvalget.",                     \
      "No lot lies in the scope.")                                             \
    X(S_SCOPE_LOTS, "Postene i utvalget", "The lots of the scope")             \
    X(S_SCOPE_FLOWS, "Hvor massene går og hvor de kommer fra",                 \
      "Where the masses go and where they come from")                          \
    X(S_SCOPE_OPTIONS, "Alternativene", "The alternatives")                    \
    X(S_CAP_SCOPE_LOTS,                                                        \
      "Postene i utvalget: planlagt, ikke plassert eller dekket (med "         \
      "grunnen), og kostnaden",                                                \
      "The scope's lots: planned, not placed or met (with the reason), and "   \
      "the cost")                                                              \
    X(S_CAP_SCOPE_FLOWS,                                                       \
      "Strømmene til og fra postene i utvalget, summert over periodene",       \
      "The flows to and from the scope's lots, summed over the periods")       \
    X(S_CAP_SCOPE_OPTIONS,                                                     \
      "Steder planleggeren kunne brukt for postene, med pris per tonn, "       \
      "ledig plass og regelen som utelukker et sted",                          \
      "Places the planner could use for the scope's lots, with the price per " \
      "tonne, the room left and the rule that excludes a place")               \
    X(S_TXT_OPTIONS_CUT,                                                       \
      "Tabellen viser opptil %d tillatte steder (billigst først) og %d "      \
      "utelukkede (nærmest først) per post; masseflyt options POST viser "   \
      "alle.",                                                                 \
      "The table shows up to %d allowed places (cheapest first) and %d "       \
      "excluded ones (nearest first) per lot; masseflyt options LOT lists "    \
      "them all.")                                                             \
    X(S_C_LOT, "Post", "Lot")                                                  \
    X(S_C_PLACED_T, "Planlagt (t)", "Planned (t)")                             \
    X(S_C_SHORT_T, "Ikke plassert eller dekket (t)", "Not placed or met (t)")  \
    X(S_C_COST_NOK, "Kostnad (NOK)", "Cost (NOK)")                             \
    X(S_C_NOK_T, "NOK per tonn", "NOK per tonne")                              \
    X(S_C_PLACE, "Sted", "Place")                                              \
    X(S_C_ROOM_T, "Ledig plass (t)", "Room left (t)")                          \
    X(S_C_ALLOWED, "Tillatt", "Allowed")                                       \
    X(S_C_EXCLUDED, "Utelukket fordi", "Excluded because")                     \
    X(S_YES, "ja", "yes")                                                      \
    X(S_NO, "nei", "no")                                                       \
    X(S_SH_SCOPE_LOTS, "Utvalg poster", "Scope lots")                          \
    X(S_SH_SCOPE_FLOWS, "Utvalg strømmer", "Scope flows")                      \
    X(S_SH_SCOPE_OPTIONS, "Utvalg alternativer", "Scope alternatives")         \
    X(S_ADDED_BY, "%s (lagt til i scenario %s)", "%s (added in scenario %s)")

enum rstr {
#define X(id, nb, en) id,
    REPORT_STRINGS(X)
#undef X
        S_COUNT
};

struct report;

/* The string in the report's language. */
const char *tr(const struct report *r, enum rstr s);

/* Numbers for readers: grouped thousands (nb: no-break space, en: comma),
 * decimal comma in nb, a true minus sign. NaN prints as an en dash. */
char *fmt_num(const struct report *r, double v, int decimals, char *buf,
              size_t len);
/* The same with a plus sign on positive values (differences). */
char *fmt_signed(const struct report *r, double v, int decimals, char *buf,
                 size_t len);
/* A difference of shares in percentage points: "+4,2 pp". */
char *fmt_pp(const struct report *r, double share, int decimals, char *buf,
             size_t len);
/* A share as per cent: nb "31,8 %", en "31.8%". */
char *fmt_pct(const struct report *r, double share, int decimals, char *buf,
              size_t len);
/* snprintf into a fixed buffer where cutting the text short is the
 * intended behaviour (labels, tooltips). */
int sfmt(char *buf, size_t len, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
/* A date (days) as "2026-11-28"; "" for MF_DATE_NONE. */
char *fmt_date(int32_t days, char *buf, size_t len);

/* Appends s escaped for HTML/XML text and attributes; control characters
 * become spaces and invalid UTF-8 becomes U+FFFD. */
int buf_escape(struct buf *b, const char *s);
/* Counts the characters (code points) of UTF-8 text. */
size_t utf8_len(const char *s);

/* The name of a material or use in the report's language (Norwegian
 * domain terms keep their names in English, with a gloss). */
const char *material_label(const struct report *r, int m);
const char *use_label(const struct report *r, int u);
const char *site_kind_label(const struct report *r, enum mf_site_kind k);

/* ------------------------------------------------------------------ */
/* Tables                                                               */
/* ------------------------------------------------------------------ */

enum col_fmt {
    CF_TEXT = 0,
    CF_NUM, /* a number with `dec` decimals */
    CF_PCT, /* a share shown as per cent with `dec` decimals */
    CF_PP   /* a difference of shares, shown in percentage points */
};

#define COL_WIDE 0x01u   /* long text (sources, messages): wrap */
#define COL_DATA 0x02u   /* only in CSV and XLSX (coordinates, ids) */
#define COL_SIGNED 0x04u /* show a plus sign (differences) */

struct rcol {
    const char *key;  /* CSV heading: stable, English, snake_case */
    const char *head; /* heading for readers, in the report language */
    enum col_fmt fmt;
    int dec;
    unsigned flags;
};

struct rcell {
    const char *text; /* CF_TEXT; NULL = empty */
    double v;         /* CF_NUM and CF_PCT; NaN = empty */
    signed char fmt;  /* -1: the column's; else an enum col_fmt */
    signed char dec;  /* -1: the column's */
};

#define ROW_TOTAL 0x01u
#define ROW_ESTIMATE 0x02u

struct rtable {
    const char *key;     /* "balance": CSV file name and sheet stem */
    const char *id;      /* "table-balance" */
    const char *sheet;   /* XLSX sheet name, at most 31 characters */
    const char *caption; /* in the report language */
    int n_cols;
    struct rcol *cols;
    int n_rows, max_rows;
    struct rcell *cells; /* n_rows x n_cols */
    unsigned char *flags;
    int print_step; /* HTML and PDF show the rows i with
                       (i + print_phase) % print_step == 0, and the last;
                       0 or 1: all rows */
    int print_phase;
};

/* The cell of row i, column j. */
struct rcell *rt_cell(const struct rtable *t, int i, int j);
/* The column with this key, or -1. */
int rt_col(const struct rtable *t, const char *key);
/* Whether HTML and PDF show row i (see print_step). */
int rt_shown(const struct rtable *t, int i);
/* Whether a table's wide columns go on a row of their own under each
 * row (tables with many columns, so that long sources stay legible). */
int rt_sub_rows(const struct rtable *t);
/* A cell as readers see it (formatted number or text). */
const char *rt_text(const struct report *r, const struct rtable *t, int i,
                    int j, char *buf, size_t len);

/* ------------------------------------------------------------------ */
/* Drawing                                                              */
/* ------------------------------------------------------------------ */

#define PAINT_NONE 0xFFFFFFFFu

struct paint {
    uint32_t fill;   /* 0xRRGGBB or PAINT_NONE */
    uint32_t stroke; /* 0xRRGGBB or PAINT_NONE */
    double stroke_w;
    double opacity;    /* of the fill; 0 means 1 */
    int dash;          /* 1: dashed stroke */
    const char *cls;   /* SVG class; NULL */
    const char *title; /* SVG tooltip; NULL */
    const char *data;  /* SVG data-* attributes, already escaped; NULL */
};

enum text_anchor { TA_START = 0, TA_MIDDLE, TA_END };

struct text_style {
    double size; /* px */
    int bold;
    enum text_anchor anchor;
    uint32_t color;
    double rotate; /* degrees, about (x, y) */
    int halo;      /* white outline behind the text, for maps */
};

struct path_cmd {
    char op; /* 'M', 'L', 'C' (x1 y1 x2 y2 x y), 'Z' */
    double x1, y1, x2, y2, x, y;
};

struct canvas;

struct canvas_ops {
    void (*begin)(struct canvas *c, const char *id, double w, double h,
                  const char *label);
    void (*end)(struct canvas *c);
    void (*group)(struct canvas *c, const char *cls); /* NULL closes */
    void (*rect)(struct canvas *c, double x, double y, double w, double h,
                 const struct paint *p);
    void (*circle)(struct canvas *c, double cx, double cy, double r,
                   const struct paint *p);
    void (*path)(struct canvas *c, const struct path_cmd *cmd, int n,
                 int evenodd, const struct paint *p);
    void (*text)(struct canvas *c, double x, double y, const char *s,
                 const struct text_style *ts);
};

struct canvas {
    const struct canvas_ops *ops;
    int rc; /* sticky: the first failure */
    void *ctx;
};

/* A canvas writing SVG into b. */
void canvas_svg(struct canvas *c, struct buf *b);

/* Shorthands. */
void cv_line(struct canvas *c, double x0, double y0, double x1, double y1,
             uint32_t color, double w, int dash);
void cv_text(struct canvas *c, double x, double y, const char *s, double size,
             enum text_anchor a, uint32_t color, int bold);
/* The width text will take, estimated from DejaVu Sans metrics (the
 * font both Chromium and cairo use here), so that every backend lays out
 * alike. */
double text_width(const char *s, double size);

/* The Okabe-Ito palette (colour-blind safe). */
#define COL_ORANGE 0xE69F00u
#define COL_SKY 0x56B4E9u
#define COL_GREEN 0x009E73u
#define COL_YELLOW 0xF0E442u
#define COL_BLUE 0x0072B2u
#define COL_VERMILION 0xD55E00u
#define COL_PURPLE 0xCC79A7u
#define COL_BLACK 0x000000u
#define COL_GREY 0x999999u
#define COL_TEXT 0x222222u
#define COL_AXIS 0x555555u
#define COL_GRID 0xDDDDDDu

/* ------------------------------------------------------------------ */
/* Charts                                                               */
/* ------------------------------------------------------------------ */

enum chart_kind {
    CH_MAP_STATUS = 0,
    CH_BALANCE,
    CH_BALANCE_PERIODS,
    CH_INDICATORS,
    CH_MAP_FLOWS,
    CH_SANKEY,
    CH_STORAGE,
    CH_SCEN_COST,
    CH_SCEN_CO2,
    CH_SCEN_REUSE,
    CH_SCEN_LANDFILLED,
    CH_TORNADO,
    CH_TORNADO_CO2,
    CH_COUNT
};

/* The chart's SVG id ("chart-sankey"). */
const char *chart_id(enum chart_kind k);
/* Its size in px (SVG user units); the width is always CHART_W. */
#define CHART_W 680.0
double chart_height(const struct report *r, enum chart_kind k);
/* Draws it (calls begin and end on the canvas). */
void chart_draw(const struct report *r, enum chart_kind k, struct canvas *c);

/* Nice axis: ticks from lo to hi by step covering [min, max]. */
void nice_axis(double min, double max, int max_ticks, double *lo, double *hi,
               double *step);

/* ------------------------------------------------------------------ */
/* The Sankey diagram's graph                                           */
/* ------------------------------------------------------------------ */

enum sk_node_kind {
    SK_MATERIAL = 0, /* a supply material */
    SK_QUARRY,
    SK_DIRECT,
    SK_STORAGE,
    SK_PROCESSING,
    SK_NEED,
    SK_RECEIVING,
    SK_UNPLACED
};

struct sk_node {
    enum sk_node_kind kind;
    int material; /* SK_MATERIAL */
    const char *label;
    int layer;
    double in, out;
    double x, y, h; /* laid out */
};

struct sk_link {
    int from, to; /* node indices */
    double tonnes;
};

struct sankey {
    struct sk_node *nodes;
    int n_nodes;
    struct sk_link *links;
    int n_links;
    int n_layers;
};

/* ------------------------------------------------------------------ */
/* The map                                                              */
/* ------------------------------------------------------------------ */

struct map_view;

/* Loads data_dir/geo/nordic-outline.geojson clipped to the box around
 * the points (lon, lat pairs) with a margin, projected (equirectangular
 * with cos(lat0)) to a width of CHART_W and simplified to the view. A
 * missing outline file gives a view without land (not an error). */
int map_view_new(struct map_view **out, const char *data_dir,
                 const double *lonlat, size_t n, struct mf_error *err);
void map_view_free(struct map_view *m);
double map_view_height(const struct map_view *m);
/* Draws the background: sea, land, neighbours, frame. */
void map_draw_base(const struct map_view *m, struct canvas *c);
/* Draws the scale bar at the lower left of the map area. */
void map_draw_scale(const struct report *r, const struct map_view *m,
                    struct canvas *c);
void map_project(const struct map_view *m, double lon, double lat, double *x,
                 double *y);
/* The two maps of the report (CH_MAP_STATUS, CH_MAP_FLOWS) with their
 * legends. */
double map_chart_height(const struct report *r, enum chart_kind k);
void map_chart_draw(const struct report *r, enum chart_kind k,
                    struct canvas *c);

/* ------------------------------------------------------------------ */
/* The document                                                         */
/* ------------------------------------------------------------------ */

enum block_kind {
    B_TITLE = 0, /* text: the report title, text2: the subtitle */
    B_SECTION,   /* starts a stage or the appendix: id, text = heading */
    B_SECTION_END,
    B_H2,
    B_H3,
    B_P,
    B_NOTE, /* small print under a chart or table */
    B_LIST, /* items */
    B_TABLE,
    B_CHART,
    B_TOC /* the table of contents: the B_SECTION headings */
};

struct block {
    enum block_kind kind;
    const char *id;
    const char *text;
    const char *text2;
    struct rtable *table;
    enum chart_kind chart;
    char **items;
    int n_items;
};

struct report {
    const struct mf_report_input *in;
    int en;
    const struct mf_catalog *cat;
    struct arena arena;
    struct rtable *tables[40];
    int n_tables;
    struct block *blocks;
    int n_blocks, max_blocks;
    struct sankey sankey;
    struct map_view *map; /* NULL until report_open_map() */
    /* The storage chart reads the plan directly: one series per site. */
    const struct mf_plan *plan;
    /* Lots refused by the rules: the rule per lot, NULL when taking part
     * (registry order). */
    const struct mf_rule **lot_refused;
    int oom; /* set when the arena ran out while building */
    /* Stage 3's conclusion drawn from the ranking, or NULL. */
    const char *conclusion;
};

/* Builds the tables and the document. with_map also loads the map
 * outline (HTML and PDF need it; CSV and XLSX do not). */
int report_open(struct report *r, const struct mf_report_input *in,
                int with_map, struct mf_error *err);
void report_close(struct report *r);
/* The table with this key, or NULL. */
struct rtable *report_table(const struct report *r, const char *key);
/* Copies text into the report's arena (NULL on out of memory). */
char *report_strdup(struct report *r, const char *s);
char *report_printf(struct report *r, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* The cairo drawing of the whole report (cairo.c). */
int report_cairo_pdf(const struct report *r, const char *path,
                     struct mf_error *err);

#endif
