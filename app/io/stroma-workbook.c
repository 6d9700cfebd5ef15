/* stroma-workbook.c — the sponsor workbook
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One .xlsx per export, shaped for a statistician's R or SAS: one header row of SDTM-style
 * variable names per sheet, one record per row, typed cells (numbers as numbers, dates as
 * Excel dates, text as text and never as a formula), and a DICTIONARY sheet describing every
 * column. The sheets:
 *
 *   README      what was exported, from which file (its SHA-256 and audit chain head), how
 *   DM          one row per subject        EX   MSC infusions
 *   CM          conditioning, G-CSF, rhTPO, TPO-RA
 *   PR          transfusions               LB   lab values, long, with CTCAE v5.0 grades
 *   AE          adverse events             DS   disposition and follow-up events
 *   ENDPOINTS   each subject's endpoints, with their evidence (core/stroma-endpoints)
 *   SUMMARY     by arm: rates, intervals, tests, one-year survival (core/stroma-analysis),
 *               with native charts
 *   DICTIONARY  every column of every sheet
 *
 * A sheet longer than Excel's 1,048,576 rows continues in NAME_2, NAME_3, …
 *
 * The trial is read once, one subject at a time, inside a snapshot of the trial file
 * (stroma_store_begin_snapshot()); the numbers of ENDPOINTS and SUMMARY are the core's, as the
 * window shows them. Reading and deriving run in a thread of their own, feeding the writer
 * through a short queue, while a third thread hashes the trial file: a 2,000-subject trial
 * exports in about the time libxlsxwriter needs to write its cells, in constant memory.
 *
 * The workbook is written to a temporary file beside the destination and renamed over it only
 * when complete, so that a failed or cancelled export leaves no file behind; then the export
 * is recorded in the trial file (RELIABILITY AT-6).
 *
 * The content is English on purpose: variable names, CDISC codes and labels are the sponsor's
 * vocabulary, whatever the exporting computer's language. Only the endpoint explanations,
 * which core writes for people, follow the locale.
 */

#define G_LOG_DOMAIN "stroma-workbook"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <math.h>
#include <string.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <xlsxwriter.h>

#include "core/stroma-analysis.h"
#include "core/stroma-ctcae.h"
#include "core/stroma-endpoints.h"
#include "core/stroma-roles.h"
#include "core/stroma-sha256.h"
#include "stroma-workbook.h"

#define EXCEL_MAX_ROWS   1048576u
#define EXCEL_MAX_TEXT   32767
#define MIN_ROW_LIMIT    100u
#define QUEUE_DEPTH      8
#define MAX_COLUMNS      32

G_DEFINE_QUARK (stroma-workbook-error-quark, stroma_workbook_error)

/* Columns */

typedef enum
{
  TYPE_TEXT,
  TYPE_NUMBER,
  TYPE_INTEGER,
  TYPE_DATE,
  TYPE_DATETIME,
} ColumnType;

typedef struct
{
  const char *name;
  const char *label;
  ColumnType  type;
  const char *unit;       /* nullable */
  const char *codelist;   /* nullable; "@arms", "@strata", "@endpoints": the protocol's */
  double      width;
  gboolean    site_only;  /* free text or identifiers: the site profile only */
} Column;

#define YN "Y, N"

enum { README_ITEM, README_VALUE, README_N };
static const Column readme_columns[] = {
  { "ITEM", "What is described", TYPE_TEXT, NULL, NULL, 34, FALSE },
  { "VALUE", "Its value", TYPE_TEXT, NULL, NULL, 110, FALSE },
};

enum
{
  DM_STUDYID, DM_DOMAIN, DM_USUBJID, DM_SUBJID, DM_SUBJINIT, DM_SEX, DM_AGE, DM_AGEU,
  DM_HEIGHT, DM_WEIGHT, DM_KPS, DM_ECOG, DM_STRATUM, DM_ARMCD, DM_ARM, DM_RANDDT, DM_RFICDT,
  DM_SCRNDT, DM_PGFDT, DM_RFSTDT, DM_DOSELVL, DM_HCTDT, DM_GRAFTSRC, DM_CD34, DM_MNC,
  DM_ABOMATCH, DM_HLAMATCH, DM_SYNTHFL, DM_DIAG, DM_N
};
static const Column dm_columns[] = {
  { "STUDYID", "Study identifier (protocol id)", TYPE_TEXT, NULL, NULL, 10, FALSE },
  { "DOMAIN", "Domain abbreviation", TYPE_TEXT, NULL, "DM", 8, FALSE },
  { "USUBJID", "Unique subject identifier (study id and subject code)", TYPE_TEXT, NULL, NULL, 18,
    FALSE },
  { "SUBJID", "Subject code", TYPE_TEXT, NULL, NULL, 10, FALSE },
  { "SUBJINIT", "Subject initials", TYPE_TEXT, NULL, NULL, 9, TRUE },
  { "SEX", "Sex", TYPE_TEXT, NULL, "F, M", 6, FALSE },
  { "AGE", "Age at informed consent (at screening without consent)", TYPE_INTEGER, "years", NULL,
    6, FALSE },
  { "AGEU", "Age unit", TYPE_TEXT, NULL, "YEARS", 7, FALSE },
  { "HEIGHT", "Height at screening", TYPE_NUMBER, "cm", NULL, 8, FALSE },
  { "WEIGHT", "Weight at screening", TYPE_NUMBER, "kg", NULL, 8, FALSE },
  { "KPS", "Karnofsky performance status", TYPE_INTEGER, "%", "0–100 by 10", 6, FALSE },
  { "ECOG", "ECOG performance status", TYPE_INTEGER, NULL, "0–5", 6, FALSE },
  { "STRATUM", "Randomization stratum (donor type)", TYPE_TEXT, NULL, "@strata", 12, FALSE },
  { "ARMCD", "Arm code", TYPE_TEXT, NULL, "@arms", 9, FALSE },
  { "ARM", "Arm", TYPE_TEXT, NULL, NULL, 36, FALSE },
  { "RANDDT", "Date of randomization (UTC)", TYPE_DATE, NULL, NULL, 11, FALSE },
  { "RFICDT", "Date of informed consent", TYPE_DATE, NULL, NULL, 11, FALSE },
  { "SCRNDT", "Date of screening", TYPE_DATE, NULL, NULL, 11, FALSE },
  { "PGFDT", "Date poor graft function was diagnosed", TYPE_DATE, NULL, NULL, 11, FALSE },
  { "RFSTDT", "Date study treatment started", TYPE_DATE, NULL, NULL, 11, FALSE },
  { "DOSELVL", "Dose level of the subject's cohort", TYPE_INTEGER, NULL, NULL, 8, FALSE },
  { "HCTDT", "Date of stem-cell infusion (day 0)", TYPE_DATE, NULL, NULL, 11, FALSE },
  { "GRAFTSRC", "Graft source", TYPE_TEXT, NULL, "PBSC, BM, PBSC+BM, cord", 9, FALSE },
  { "CD34", "CD34+ cells infused", TYPE_NUMBER, "10^6/kg", NULL, 7, FALSE },
  { "MNC", "Mononuclear cells infused", TYPE_NUMBER, "10^8/kg", NULL, 7, FALSE },
  { "ABOMATCH", "ABO compatibility of the graft", TYPE_TEXT, NULL,
    "match, minor, major, bidirectional", 10, FALSE },
  { "HLAMATCH", "HLA match of the graft", TYPE_TEXT, NULL, NULL, 9, FALSE },
  { "SYNTHFL", "Synthetic (generated) subject flag", TYPE_TEXT, NULL, YN, 8, FALSE },
  { "DIAG", "Diagnosis, as entered", TYPE_TEXT, NULL, NULL, 30, TRUE },
};

enum
{
  EX_STUDYID, EX_DOMAIN, EX_USUBJID, EX_SEQ, EX_TRT, EX_NUM, EX_STATUS, EX_PLDT, EX_STDTM,
  EX_STDY, EX_DOSE, EX_DOSU, EX_TOTAL, EX_WT, EX_LOT, EX_BAG, EX_REASON, EX_VITPRE, EX_VITPST,
  EX_N
};
static const Column ex_columns[] = {
  { "STUDYID", "Study identifier (protocol id)", TYPE_TEXT, NULL, NULL, 10, FALSE },
  { "DOMAIN", "Domain abbreviation", TYPE_TEXT, NULL, "EX", 8, FALSE },
  { "USUBJID", "Unique subject identifier (study id and subject code)", TYPE_TEXT, NULL, NULL, 18,
    FALSE },
  { "EXSEQ", "Sequence number within the subject", TYPE_INTEGER, NULL, NULL, 7, FALSE },
  { "EXTRT", "Investigational product", TYPE_TEXT, NULL, NULL, 22, FALSE },
  { "EXNUM", "Infusion number", TYPE_INTEGER, NULL, NULL, 7, FALSE },
  { "EXSTATUS", "Status of the infusion", TYPE_TEXT, NULL, "planned, given, delayed, missed", 9,
    FALSE },
  { "EXPLDT", "Planned date", TYPE_DATE, NULL, NULL, 11, FALSE },
  { "EXSTDTM", "Date and time given (UTC)", TYPE_DATETIME, NULL, NULL, 17, FALSE },
  { "EXSTDY", "Study day given (days from day 0)", TYPE_INTEGER, "days", NULL, 7, FALSE },
  { "EXDOSE", "Target dose", TYPE_NUMBER, "cells/kg", NULL, 10, FALSE },
  { "EXDOSU", "Unit of the target dose", TYPE_TEXT, NULL, "cells/kg", 9, FALSE },
  { "EXTOTAL", "Cells given", TYPE_NUMBER, "cells", NULL, 11, FALSE },
  { "EXWT", "Weight the dose was calculated for", TYPE_NUMBER, "kg", NULL, 7, FALSE },
  { "EXLOT", "Product lot", TYPE_TEXT, NULL, NULL, 15, FALSE },
  { "EXBAG", "Product bag", TYPE_TEXT, NULL, NULL, 7, FALSE },
  { "EXREASON", "Why delayed or missed, as entered", TYPE_TEXT, NULL, NULL, 30, TRUE },
  { "EXVITPRE", "Vital signs before the infusion, as entered", TYPE_TEXT, NULL, NULL, 30, TRUE },
  { "EXVITPST", "Vital signs after the infusion, as entered", TYPE_TEXT, NULL, NULL, 30, TRUE },
};

enum
{
  CM_STUDYID, CM_DOMAIN, CM_USUBJID, CM_SEQ, CM_CAT, CM_SCAT, CM_TRT, CM_DOSNUM, CM_STATUS,
  CM_DOSE, CM_DOSU, CM_PLDOSE, CM_BASIS, CM_BSA, CM_BSAMTH, CM_WT, CM_LEVEL, CM_STDT,
  CM_GIVDTM, CM_ENDT, CM_STDY, CM_ENDY, CM_INDC, CM_DEVRS, CM_N
};
static const Column cm_columns[] = {
  { "STUDYID", "Study identifier (protocol id)", TYPE_TEXT, NULL, NULL, 10, FALSE },
  { "DOMAIN", "Domain abbreviation", TYPE_TEXT, NULL, "CM", 8, FALSE },
  { "USUBJID", "Unique subject identifier (study id and subject code)", TYPE_TEXT, NULL, NULL, 18,
    FALSE },
  { "CMSEQ", "Sequence number within the subject", TYPE_INTEGER, NULL, NULL, 7, FALSE },
  { "CMCAT", "Category", TYPE_TEXT, NULL, "CONDITIONING, SUPPORTIVE CARE", 16, FALSE },
  { "CMSCAT", "Conditioning regimen (protocol id)", TYPE_TEXT, NULL, NULL, 12, FALSE },
  { "CMTRT", "Agent", TYPE_TEXT, NULL, NULL, 16, FALSE },
  { "CMDOSNUM", "Dose number of the agent within the regimen", TYPE_INTEGER, NULL, NULL, 9, FALSE },
  { "CMSTATUS", "Status of a conditioning dose", TYPE_TEXT, NULL, "planned, given, omitted", 9,
    FALSE },
  { "CMDOSE", "Dose given (conditioning) or prescribed (supportive care)", TYPE_NUMBER, "CMDOSU",
    NULL, 9, FALSE },
  { "CMDOSU", "Dose unit", TYPE_TEXT, NULL, NULL, 7, FALSE },
  { "CMPLDOSE", "Calculated dose (conditioning)", TYPE_NUMBER, "CMDOSU", NULL, 9, FALSE },
  { "CMBASIS", "Basis of the calculated dose", TYPE_TEXT, NULL, "kg, m2, flat", 8, FALSE },
  { "CMBSA", "Body surface area used", TYPE_NUMBER, "m2", NULL, 7, FALSE },
  { "CMBSAMTH", "Body surface area formula", TYPE_TEXT, NULL, "mosteller, dubois", 10, FALSE },
  { "CMWT", "Weight used", TYPE_NUMBER, "kg", NULL, 7, FALSE },
  { "CMLEVEL", "Dose level (TPO receptor agonist titration)", TYPE_INTEGER, NULL, NULL, 8, FALSE },
  { "CMSTDT", "Start date (conditioning: given, else planned)", TYPE_DATE, NULL, NULL, 11, FALSE },
  { "CMGIVDTM", "Date and time a conditioning dose was given (UTC)", TYPE_DATETIME, NULL, NULL, 17,
    FALSE },
  { "CMENDT", "End date (empty when after the data cut or ongoing)", TYPE_DATE, NULL, NULL, 11,
    FALSE },
  { "CMSTDY", "Study day of the start (days from day 0)", TYPE_INTEGER, "days", NULL, 7, FALSE },
  { "CMENDY", "Study day of the end (days from day 0)", TYPE_INTEGER, "days", NULL, 7, FALSE },
  { "CMINDC", "Indication, as entered", TYPE_TEXT, NULL, NULL, 24, TRUE },
  { "CMDEVRS", "Why a conditioning dose deviated, as entered", TYPE_TEXT, NULL, NULL, 30, TRUE },
};

enum
{
  PR_STUDYID, PR_DOMAIN, PR_USUBJID, PR_SEQ, PR_CAT, PR_TRT, PR_DOSE, PR_DOSU, PR_STDT,
  PR_STDY, PR_N
};
static const Column pr_columns[] = {
  { "STUDYID", "Study identifier (protocol id)", TYPE_TEXT, NULL, NULL, 10, FALSE },
  { "DOMAIN", "Domain abbreviation", TYPE_TEXT, NULL, "PR", 8, FALSE },
  { "USUBJID", "Unique subject identifier (study id and subject code)", TYPE_TEXT, NULL, NULL, 18,
    FALSE },
  { "PRSEQ", "Sequence number within the subject", TYPE_INTEGER, NULL, NULL, 7, FALSE },
  { "PRCAT", "Category", TYPE_TEXT, NULL, "TRANSFUSION", 12, FALSE },
  { "PRTRT", "Blood product: red cells or platelets", TYPE_TEXT, NULL, "RBC, PLT", 7, FALSE },
  { "PRDOSE", "Units transfused", TYPE_NUMBER, "U", NULL, 7, FALSE },
  { "PRDOSU", "Unit", TYPE_TEXT, NULL, "U", 6, FALSE },
  { "PRSTDT", "Date of transfusion", TYPE_DATE, NULL, NULL, 11, FALSE },
  { "PRSTDY", "Study day (days from day 0)", TYPE_INTEGER, "days", NULL, 7, FALSE },
};

enum
{
  LB_STUDYID, LB_DOMAIN, LB_USUBJID, LB_SEQ, LB_TESTCD, LB_TEST, LB_ORRES, LB_ORRESU,
  LB_STRESN, LB_STRESU, LB_STNRLO, LB_STNRHI, LB_DT, LB_DY, LB_TOXGR, LB_TOX, LB_TOXVER, LB_N
};
static const Column lb_columns[] = {
  { "STUDYID", "Study identifier (protocol id)", TYPE_TEXT, NULL, NULL, 10, FALSE },
  { "DOMAIN", "Domain abbreviation", TYPE_TEXT, NULL, "LB", 8, FALSE },
  { "USUBJID", "Unique subject identifier (study id and subject code)", TYPE_TEXT, NULL, NULL, 18,
    FALSE },
  { "LBSEQ", "Sequence number within the subject", TYPE_INTEGER, NULL, NULL, 7, FALSE },
  { "LBTESTCD", "Test code (CDISC)", TYPE_TEXT, NULL,
    "NEUT, HGB, PLAT, WBC, LYM, ALT, AST, BILI, CREAT, INR, PT, APTT", 9, FALSE },
  { "LBTEST", "Test name (CDISC)", TYPE_TEXT, NULL, NULL, 26, FALSE },
  { "LBORRES", "Result as entered", TYPE_TEXT, NULL, NULL, 9, FALSE },
  { "LBORRESU", "Unit as entered", TYPE_TEXT, NULL, NULL, 9, FALSE },
  { "LBSTRESN", "Result in the standard unit", TYPE_NUMBER, "LBSTRESU", NULL, 9, FALSE },
  { "LBSTRESU", "Standard unit", TYPE_TEXT, NULL, "10^9/L, g/L, U/L, umol/L, ratio, s", 9, FALSE },
  { "LBSTNRLO", "Lower limit of normal, standard unit", TYPE_NUMBER, "LBSTRESU", NULL, 9, FALSE },
  { "LBSTNRHI", "Upper limit of normal, standard unit", TYPE_NUMBER, "LBSTRESU", NULL, 9, FALSE },
  { "LBDT", "Date of collection", TYPE_DATE, NULL, NULL, 11, FALSE },
  { "LBDY", "Study day of collection (days from day 0)", TYPE_INTEGER, "days", NULL, 7, FALSE },
  { "LBTOXGR", "CTCAE grade of the value (empty when the value cannot decide)", TYPE_INTEGER, NULL,
    "0–4", 8, FALSE },
  { "LBTOX", "CTCAE term graded", TYPE_TEXT, NULL, NULL, 30, FALSE },
  { "LBTOXVER", "CTCAE version of the grade", TYPE_TEXT, NULL, STROMA_CTCAE_VERSION, 9, FALSE },
};

enum
{
  AE_STUDYID, AE_DOMAIN, AE_USUBJID, AE_SEQ, AE_TERM, AE_TOXGR, AE_TOXVER, AE_SER, AE_REL,
  AE_DLT, AE_STDT, AE_ENDT, AE_STDY, AE_ENDY, AE_OUT, AE_ACN, AE_N
};
static const Column ae_columns[] = {
  { "STUDYID", "Study identifier (protocol id)", TYPE_TEXT, NULL, NULL, 10, FALSE },
  { "DOMAIN", "Domain abbreviation", TYPE_TEXT, NULL, "AE", 8, FALSE },
  { "USUBJID", "Unique subject identifier (study id and subject code)", TYPE_TEXT, NULL, NULL, 18,
    FALSE },
  { "AESEQ", "Sequence number within the subject", TYPE_INTEGER, NULL, NULL, 7, FALSE },
  { "AETERM", "Adverse event (CTCAE term)", TYPE_TEXT, NULL, NULL, 30, FALSE },
  { "AETOXGR", "CTCAE grade", TYPE_INTEGER, NULL, "1–5", 8, FALSE },
  { "AETOXVER", "CTCAE version of the grade", TYPE_TEXT, NULL, NULL, 9, FALSE },
  { "AESER", "Serious", TYPE_TEXT, NULL, YN, 6, FALSE },
  { "AEREL", "Relationship to the investigational product", TYPE_TEXT, NULL,
    "unrelated, unlikely, possible, probable, definite", 10, FALSE },
  { "AEDLT", "Dose-limiting toxicity", TYPE_TEXT, NULL, YN, 6, FALSE },
  { "AESTDT", "Date of onset", TYPE_DATE, NULL, NULL, 11, FALSE },
  { "AEENDT", "Date resolved (empty when ongoing or after the data cut)", TYPE_DATE, NULL, NULL,
    11, FALSE },
  { "AESTDY", "Study day of onset (days from day 0)", TYPE_INTEGER, "days", NULL, 7, FALSE },
  { "AEENDY", "Study day resolved (days from day 0)", TYPE_INTEGER, "days", NULL, 7, FALSE },
  { "AEOUT", "Outcome (empty when resolved after the data cut)", TYPE_TEXT, NULL,
    "recovered, recovering, not-recovered, sequelae, fatal, unknown", 13, FALSE },
  { "AEACN", "Action taken, as entered", TYPE_TEXT, NULL, NULL, 30, TRUE },
};

enum
{
  DS_STUDYID, DS_DOMAIN, DS_USUBJID, DS_SEQ, DS_CAT, DS_DECOD, DS_STDT, DS_STDY, DS_TERM, DS_N
};
static const Column ds_columns[] = {
  { "STUDYID", "Study identifier (protocol id)", TYPE_TEXT, NULL, NULL, 10, FALSE },
  { "DOMAIN", "Domain abbreviation", TYPE_TEXT, NULL, "DS", 8, FALSE },
  { "USUBJID", "Unique subject identifier (study id and subject code)", TYPE_TEXT, NULL, NULL, 18,
    FALSE },
  { "DSSEQ", "Sequence number within the subject", TYPE_INTEGER, NULL, NULL, 7, FALSE },
  { "DSCAT", "Category: the subject's disposition, or a follow-up event", TYPE_TEXT, NULL,
    "DISPOSITION EVENT, OTHER EVENT", 18, FALSE },
  { "DSDECOD", "Event", TYPE_TEXT, NULL,
    "completed, withdrawn, terminated, lost, died (disposition); "
    "contact, relapse, death (follow-up)", 11, FALSE },
  { "DSSTDT", "Date of the event", TYPE_DATE, NULL, NULL, 11, FALSE },
  { "DSSTDY", "Study day of the event (days from day 0)", TYPE_INTEGER, "days", NULL, 7, FALSE },
  { "DSTERM", "Reason or detail, as entered", TYPE_TEXT, NULL, NULL, 36, TRUE },
};

enum
{
  EP_STUDYID, EP_USUBJID, EP_ARMCD, EP_PARAMCD, EP_PARAM, EP_DEFN, EP_GROUP, EP_CAT,
  EP_STATE, EP_EVNTDT, EP_DAY0DY, EP_TRTDY, EP_EVIDENCE, EP_EXPLAIN, EP_N
};
static const Column ep_columns[] = {
  { "STUDYID", "Study identifier (protocol id)", TYPE_TEXT, NULL, NULL, 10, FALSE },
  { "USUBJID", "Unique subject identifier (study id and subject code)", TYPE_TEXT, NULL, NULL, 18,
    FALSE },
  { "ARMCD", "Arm code", TYPE_TEXT, NULL, "@arms", 9, FALSE },
  { "PARAMCD", "Endpoint (protocol id)", TYPE_TEXT, NULL, "@endpoints", 26, FALSE },
  { "PARAM", "Endpoint", TYPE_TEXT, NULL, NULL, 36, FALSE },
  { "DEFN", "Whose definition: the protocol's, or the registry's (CIBMTR/ASTCT)", TYPE_TEXT, NULL,
    "protocol, registry", 9, FALSE },
  { "EPGROUP", "Classification the endpoint belongs to", TYPE_TEXT, NULL, NULL, 18, FALSE },
  { "EPCAT", "Category within the classification", TYPE_TEXT, NULL, NULL, 7, FALSE },
  { "STATE", "State at the data cut", TYPE_TEXT, NULL, "met, not-met, not-reached, not-evaluable",
    12, FALSE },
  { "EVNTDT", "Date the endpoint was met", TYPE_DATE, NULL, NULL, 11, FALSE },
  { "DAY0DY", "Days from day 0 to the event", TYPE_INTEGER, "days", NULL, 7, FALSE },
  { "TRTDY", "Days from the start of treatment to the event", TYPE_INTEGER, "days", NULL, 7,
    FALSE },
  { "EVIDENCE", "Values and transfusions that decided it: date, test, value in the standard unit",
    TYPE_TEXT, NULL, NULL, 50, FALSE },
  { "EXPLAIN", "Why, in words", TYPE_TEXT, NULL, NULL, 60, FALSE },
};

enum
{
  SU_MEASURE, SU_LABEL, SU_DEFN, SU_ARMCD, SU_ARM, SU_N, SU_MET, SU_EVAL, SU_ESTIMATE,
  SU_LOWER, SU_UPPER, SU_EXACTLO, SU_EXACTHI, SU_PVALUE, SU_TEST, SU_MEDIAN, SU_N_COLUMNS
};
static const Column su_columns[] = {
  { "MEASURE", "Measure (endpoint id, classification, or os-1-year / dfs-1-year)", TYPE_TEXT, NULL,
    NULL, 30, FALSE },
  { "LABEL", "Measure", TYPE_TEXT, NULL, NULL, 36, FALSE },
  { "DEFN", "Whose definition: the protocol's, or the registry's", TYPE_TEXT, NULL,
    "protocol, registry", 9, FALSE },
  { "ARMCD", "Arm code", TYPE_TEXT, NULL, "@arms", 9, FALSE },
  { "ARM", "Arm", TYPE_TEXT, NULL, NULL, 30, FALSE },
  { "N", "Subjects allocated to the arm", TYPE_INTEGER, NULL, NULL, 6, FALSE },
  { "MET", "Responders (rates), or events (survival)", TYPE_INTEGER, NULL, NULL, 6, FALSE },
  { "EVAL", "Subjects assessable (rates), or subjects with a start of treatment (survival)",
    TYPE_INTEGER, NULL, NULL, 6, FALSE },
  { "ESTIMATE", "Response rate, or Kaplan–Meier survival at one year", TYPE_NUMBER, "proportion",
    NULL, 9, FALSE },
  { "LOWER", "Lower 95% limit: Wilson (rates), log (survival)", TYPE_NUMBER, "proportion", NULL, 8,
    FALSE },
  { "UPPER", "Upper 95% limit: Wilson (rates), log (survival)", TYPE_NUMBER, "proportion", NULL, 8,
    FALSE },
  { "EXACTLO", "Lower 95% limit, exact (Clopper–Pearson)", TYPE_NUMBER, "proportion", NULL, 8,
    FALSE },
  { "EXACTHI", "Upper 95% limit, exact (Clopper–Pearson)", TYPE_NUMBER, "proportion", NULL, 8,
    FALSE },
  { "PVALUE", "p value comparing the arms (the same on both arms' rows)", TYPE_NUMBER, NULL, NULL,
    8, FALSE },
  { "TEST", "Test of the p value", TYPE_TEXT, NULL, "Fisher exact two-sided, log-rank", 20, FALSE },
  { "MEDIAN", "Median survival (empty when not reached)", TYPE_NUMBER, "days", NULL, 8, FALSE },
};

enum { DI_SHEET, DI_VARIABLE, DI_LABEL, DI_TYPE, DI_UNIT, DI_CODELIST, DI_N };
static const Column di_columns[] = {
  { "SHEET", "Sheet", TYPE_TEXT, NULL, NULL, 11, FALSE },
  { "VARIABLE", "Column name", TYPE_TEXT, NULL, NULL, 10, FALSE },
  { "LABEL", "What the column holds", TYPE_TEXT, NULL, NULL, 60, FALSE },
  { "TYPE", "Cell type", TYPE_TEXT, NULL, "text, number, integer, date, datetime", 9, FALSE },
  { "UNIT", "Unit (or the column that names it)", TYPE_TEXT, NULL, NULL, 10, FALSE },
  { "CODELIST", "Values allowed", TYPE_TEXT, NULL, NULL, 60, FALSE },
};

/* Families: a sheet and its continuations, in workbook order. */
typedef enum
{
  FAMILY_README, FAMILY_DM, FAMILY_EX, FAMILY_CM, FAMILY_PR, FAMILY_LB, FAMILY_AE, FAMILY_DS,
  FAMILY_ENDPOINTS, FAMILY_SUMMARY, FAMILY_DICTIONARY, N_FAMILIES
} FamilyId;

static const struct
{
  const char   *name;
  const Column *columns;
  guint         n_columns;
} family_specs[N_FAMILIES] = {
  { "README", readme_columns, README_N },
  { "DM", dm_columns, DM_N },
  { "EX", ex_columns, EX_N },
  { "CM", cm_columns, CM_N },
  { "PR", pr_columns, PR_N },
  { "LB", lb_columns, LB_N },
  { "AE", ae_columns, AE_N },
  { "DS", ds_columns, DS_N },
  { "ENDPOINTS", ep_columns, EP_N },
  { "SUMMARY", su_columns, SU_N_COLUMNS },
  { "DICTIONARY", di_columns, DI_N },
};

/* CDISC LBTEST names of the test codes Stroma knows. */
static const struct { const char *code; const char *name; } lab_tests[] = {
  { "NEUT", "Neutrophils" },
  { "HGB", "Hemoglobin" },
  { "PLAT", "Platelets" },
  { "WBC", "Leukocytes" },
  { "LYM", "Lymphocytes" },
  { "ALT", "Alanine Aminotransferase" },
  { "AST", "Aspartate Aminotransferase" },
  { "BILI", "Bilirubin" },
  { "CREAT", "Creatinine" },
  { "INR", "Prothrombin Intl. Normalized Ratio" },
  { "PT", "Prothrombin Time" },
  { "APTT", "Activated Partial Thromboplastin Time" },
};

static const char *
lab_test_name (const char *code)
{
  for (guint i = 0; i < G_N_ELEMENTS (lab_tests); i++)
    if (g_strcmp0 (lab_tests[i].code, code) == 0)
      return lab_tests[i].name;
  return NULL;
}

/* The writer */

typedef struct
{
  const Column *columns;
  guint         n_columns;
  const char   *name;
  int           out[MAX_COLUMNS];   /* column → sheet column, -1 when the profile leaves it out */
  guint         n_out;
  GPtrArray    *sheets;             /* lxw_worksheet*, owned by the workbook */
  GPtrArray    *names;              /* char* */
  GArray       *rows;               /* guint64 data rows of each sheet */
  guint         current;
  lxw_row_t     row;                /* last row written in the current sheet; 0 = header */
  guint64       total;
  guint         row_limit;          /* rows per sheet, with the header */
} Family;

typedef struct
{
  lxw_workbook          *workbook;
  lxw_format            *header;
  lxw_format            *date;
  lxw_format            *datetime;
  lxw_format            *percent;
  lxw_format            *pvalue;
  lxw_format            *cells;
  guint                  row_limit;
  StromaWorkbookProfile  profile;
  lxw_error              status;    /* the first error, reported at one place: check_writer() */
  Family                 families[N_FAMILIES];
} Writer;

static void
lxw_note (Writer    *w,
          lxw_error  rc)
{
  if (rc != LXW_NO_ERROR && w->status == LXW_NO_ERROR)
    w->status = rc;
}

/* The one place where libxlsxwriter's errors become GErrors. */
static gboolean
check_writer (Writer     *w,
              lxw_error   rc,
              GError    **error)
{
  lxw_note (w, rc);
  if (w->status == LXW_NO_ERROR)
    return TRUE;

  g_set_error (error, STROMA_WORKBOOK_ERROR, STROMA_WORKBOOK_ERROR_WRITE,
               /* Translators: %s is libxlsxwriter's description of the problem, in English */
               _("Could not write the workbook: %s. Check that the folder can be written to "
                 "and that the disk has room."), lxw_strerror (w->status));
  return FALSE;
}

static void
family_clear (Family *f)
{
  g_clear_pointer (&f->sheets, g_ptr_array_unref);
  g_clear_pointer (&f->names, g_ptr_array_unref);
  g_clear_pointer (&f->rows, g_array_unref);
}

static void
writer_clear (Writer *w)
{
  for (guint i = 0; i < N_FAMILIES; i++)
    family_clear (&w->families[i]);
  /* An unfinished workbook is dropped without writing; its temporary files go with it. */
  g_clear_pointer (&w->workbook, lxw_workbook_free);
}

static lxw_worksheet *
family_sheet (Family *f)
{
  return f->sheets->pdata[f->current];
}

/* Adds the sheets of a family: its header, widths and frozen header row. */
static void
family_add_sheets (Writer   *w,
                   FamilyId  id,
                   guint     n_sheets)
{
  Family *f = &w->families[id];

  f->name = family_specs[id].name;
  /* README, SUMMARY and DICTIONARY are short and never continued. */
  f->row_limit = id == FAMILY_README || id == FAMILY_SUMMARY || id == FAMILY_DICTIONARY
                 ? EXCEL_MAX_ROWS : w->row_limit;
  f->columns = family_specs[id].columns;
  f->n_columns = family_specs[id].n_columns;
  f->sheets = g_ptr_array_new ();
  f->names = g_ptr_array_new_with_free_func (g_free);
  f->rows = g_array_new (FALSE, TRUE, sizeof (guint64));

  g_assert (f->n_columns <= MAX_COLUMNS);
  f->n_out = 0;
  for (guint c = 0; c < f->n_columns; c++)
    f->out[c] = f->columns[c].site_only && w->profile != STROMA_WORKBOOK_PROFILE_SITE
                ? -1 : (int) f->n_out++;

  for (guint s = 0; s < MAX (n_sheets, 1); s++)
    {
      char *name = s == 0 ? g_strdup (f->name) : g_strdup_printf ("%s_%u", f->name, s + 1);
      lxw_worksheet *sheet = workbook_add_worksheet (w->workbook, name);
      guint64 zero = 0;

      if (sheet == NULL)
        {
          lxw_note (w, LXW_ERROR_MEMORY_MALLOC_FAILED);
          g_free (name);
          return;
        }

      for (guint c = 0; c < f->n_columns; c++)
        {
          if (f->out[c] < 0)
            continue;
          lxw_note (w, worksheet_set_column (sheet, f->out[c], f->out[c], f->columns[c].width,
                                             NULL));
          lxw_note (w, worksheet_write_string (sheet, 0, f->out[c], f->columns[c].name,
                                               w->header));
        }
      worksheet_freeze_panes (sheet, 1, 0);

      g_ptr_array_add (f->sheets, sheet);
      g_ptr_array_add (f->names, name);
      g_array_append_val (f->rows, zero);
    }
}

static void
family_finish (Writer *w,
               Family *f)
{
  for (guint s = 0; s < f->sheets->len; s++)
    lxw_note (w, worksheet_autofilter (f->sheets->pdata[s], 0, 0,
                                       (lxw_row_t) g_array_index (f->rows, guint64, s),
                                       (lxw_col_t) (f->n_out - 1)));
}

/* Starts a row, moving on to the family's next sheet when this one is full. */
static void
row_begin (Writer *w,
           Family *f)
{
  if (f->row + 1 >= f->row_limit)
    {
      if (f->current + 1 >= f->sheets->len)
        {
          /* More rows than counted before writing: cannot happen inside one snapshot. */
          lxw_note (w, LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE);
          return;
        }
      f->current++;
      f->row = 0;
    }

  f->row++;
  f->total++;
  g_array_index (f->rows, guint64, f->current)++;
}

static void
cell_text (Writer     *w,
           Family     *f,
           guint       column,
           const char *text)
{
  int col = f->out[column];

  if (col < 0 || text == NULL || text[0] == '\0')
    return;

  /* worksheet_write_string() writes a string cell whatever the text: "=1+1" stays text
   * (RELIABILITY EX-2). Excel holds at most 32,767 characters in a cell. */
  if (strlen (text) > EXCEL_MAX_TEXT && g_utf8_strlen (text, EXCEL_MAX_TEXT + 1) > EXCEL_MAX_TEXT)
    {
      g_autofree char *cut = g_utf8_substring (text, 0, EXCEL_MAX_TEXT - 1);
      g_autofree char *shown = g_strconcat (cut, "…", NULL);
      lxw_note (w, worksheet_write_string (family_sheet (f), f->row, (lxw_col_t) col, shown,
                                           NULL));
      return;
    }

  lxw_note (w, worksheet_write_string (family_sheet (f), f->row, (lxw_col_t) col, text, NULL));
}

static void
cell_number_format (Writer     *w,
                    Family     *f,
                    guint       column,
                    double      value,
                    lxw_format *format)
{
  int col = f->out[column];

  if (col < 0 || !isfinite (value))
    return;

  lxw_note (w, worksheet_write_number (family_sheet (f), f->row, (lxw_col_t) col, value,
                                       format));
}

static void
cell_number (Writer *w,
             Family *f,
             guint   column,
             double  value)
{
  cell_number_format (w, f, column, value, NULL);
}

static void
cell_int (Writer *w,
          Family *f,
          guint   column,
          gint64  value)
{
  if (value != STROMA_NO_INT)
    cell_number_format (w, f, column, (double) value, NULL);
}

/* "YYYY-MM-DD" or "YYYY-MM-DDThh:mm:ss[.sss]Z" */
static gboolean
parse_datetime (const char   *iso,
                gboolean      with_time,
                lxw_datetime *dt)
{
  guint32 julian;

  if (!stroma_date_to_julian (iso, &julian))
    return FALSE;

  memset (dt, 0, sizeof *dt);
  dt->year = atoi (iso);
  dt->month = atoi (iso + 5);
  dt->day = atoi (iso + 8);

  if (with_time && iso[10] == 'T' && strlen (iso) >= 19)
    {
      dt->hour = atoi (iso + 11);
      dt->min = atoi (iso + 14);
      dt->sec = g_ascii_strtod (iso + 17, NULL);
    }

  return TRUE;
}

static void
cell_date (Writer     *w,
           Family     *f,
           guint       column,
           const char *iso)
{
  int col = f->out[column];
  lxw_datetime dt;

  if (col < 0 || !parse_datetime (iso, FALSE, &dt))
    return;

  lxw_note (w, worksheet_write_datetime (family_sheet (f), f->row, (lxw_col_t) col, &dt,
                                         w->date));
}

static void
cell_datetime (Writer     *w,
               Family     *f,
               guint       column,
               const char *iso)
{
  int col = f->out[column];
  lxw_datetime dt;

  if (col < 0 || !parse_datetime (iso, TRUE, &dt))
    return;

  lxw_note (w, worksheet_write_datetime (family_sheet (f), f->row, (lxw_col_t) col, &dt,
                                         w->datetime));
}

static void
cell_flag (Writer   *w,
           Family   *f,
           guint     column,
           gboolean  value)
{
  cell_text (w, f, column, value ? "Y" : "N");
}

static void
cell_day (Writer     *w,
          Family     *f,
          guint       column,
          const char *date,
          const char *day0)
{
  gint day;

  if (stroma_study_day (date, day0, &day))
    cell_int (w, f, column, day);
}

/* The export */

typedef struct
{
  gint8       grade;    /* 0–4; -1 when the value cannot decide or the test is not graded */
  const char *term;
} LabGrade;

/* One subject, from the reader to the writer. */
typedef struct
{
  StromaSubjectRecord *record;
  GPtrArray           *endpoints;   /* StromaEndpointResult*, in full */
  LabGrade            *grades;      /* one per lab of the record */
} Item;

static void
item_free (Item *item)
{
  g_clear_pointer (&item->record, stroma_subject_record_free);
  g_clear_pointer (&item->endpoints, g_ptr_array_unref);
  g_free (item->grades);
  g_free (item);
}

/* A short queue between the reader and the writer: the reader waits when it is full, so that
 * only a few subjects are in memory. Written items go back to the reader to be freed: memory
 * is best returned by the thread that took it, rather than contending for its arena. */
typedef struct
{
  GMutex   lock;
  GCond    cond;
  GQueue   items;
  GQueue   written;  /* items the writer is done with */
  gboolean done;     /* the reader has no more */
  gboolean closed;   /* the writer stopped: the reader must stop too */
} Pipe;

static void
free_items (GQueue *items)
{
  Item *item;

  while ((item = g_queue_pop_head (items)) != NULL)
    item_free (item);
}

static gboolean
pipe_push (Pipe *pipe,
           Item *item)
{
  GQueue written = G_QUEUE_INIT;

  g_mutex_lock (&pipe->lock);
  while (pipe->items.length >= QUEUE_DEPTH && !pipe->closed)
    g_cond_wait (&pipe->cond, &pipe->lock);
  if (pipe->closed)
    {
      g_mutex_unlock (&pipe->lock);
      return FALSE;
    }
  g_queue_push_tail (&pipe->items, item);
  written = pipe->written;
  g_queue_init (&pipe->written);
  g_cond_broadcast (&pipe->cond);
  g_mutex_unlock (&pipe->lock);

  free_items (&written);
  return TRUE;
}

/* Hands @written back and takes the next item; %NULL when the reader is done. */
static Item *
pipe_pop (Pipe *pipe,
          Item *written)
{
  Item *item;

  g_mutex_lock (&pipe->lock);
  if (written != NULL)
    g_queue_push_tail (&pipe->written, written);
  while (pipe->items.length == 0 && !pipe->done)
    g_cond_wait (&pipe->cond, &pipe->lock);
  item = g_queue_pop_head (&pipe->items);
  g_cond_broadcast (&pipe->cond);
  g_mutex_unlock (&pipe->lock);
  return item;
}

static void
pipe_set (Pipe     *pipe,
          gboolean *flag)
{
  g_mutex_lock (&pipe->lock);
  *flag = TRUE;
  g_cond_broadcast (&pipe->cond);
  g_mutex_unlock (&pipe->lock);
}

typedef struct
{
  StromaStore                 *store;
  const StromaWorkbookOptions *options;
  const StromaProtocol        *protocol;
  const char                  *data_cut;
  guint                        n_subjects;

  /* The reader's: written by its thread, read after it is joined */
  StromaTrialAnalysis         *analysis;
  char                        *audit_head;
  gint64                       audit_rows;
  GError                      *read_error;
  Pipe                         pipe;

  /* The hasher's */
  char                        *trial_sha256;
  GError                      *hash_error;

  /* The writer's */
  guint                        n_sheets;
  guint64                      n_rows;
} Export;

static gboolean
read_subject (StromaSubjectRecord  *record,
              gpointer              user_data,
              GError              **error)
{
  Export *ex = user_data;
  Item *item = g_new0 (Item, 1);

  item->record = record;

  if (g_cancellable_set_error_if_cancelled (ex->options->cancellable, error) ||
      !stroma_analysis_add_subject (ex->analysis, record, &item->endpoints, error))
    {
      item_free (item);
      return FALSE;
    }

  item->grades = g_new (LabGrade, record->labs->len);
  for (guint i = 0; i < record->labs->len; i++)
    {
      const StromaLabResult *lab = record->labs->pdata[i];
      StromaCtcaeReference reference = STROMA_CTCAE_REFERENCE_INIT;
      StromaCtcaeResult result;

      reference.lln = lab->lln;
      reference.uln = lab->uln;
      item->grades[i].grade = -1;
      item->grades[i].term = NULL;
      /* A test without CTCAE criteria, or a value that cannot be graded, has no grade. */
      if (stroma_ctcae_unit (lab->test_code) != NULL &&
          stroma_ctcae_grade_lab (lab->test_code, lab->stresn, &reference, &result, NULL) &&
          result.grade != STROMA_CTCAE_NO_GRADE)
        {
          item->grades[i].grade = (gint8) result.grade;
          item->grades[i].term = result.term;
        }
    }

  if (!pipe_push (&ex->pipe, item))
    {
      item_free (item);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "");
      return FALSE;
    }

  return TRUE;
}

static gpointer
read_thread (gpointer data)
{
  Export *ex = data;

  if (stroma_store_foreach_subject_record (ex->store, read_subject, ex, &ex->read_error))
    {
      stroma_analysis_finish (ex->analysis);
      /* The chain is verified before its head goes into the workbook (AT-4). */
      if (!stroma_store_verify_audit (ex->store, &ex->audit_head, &ex->audit_rows,
                                      &ex->read_error))
        g_prefix_error (&ex->read_error, _("The trial file’s audit trail is broken, so it "
                                           "cannot be exported: "));
    }

  pipe_set (&ex->pipe, &ex->pipe.done);
  return NULL;
}

static gpointer
hash_thread (gpointer data)
{
  Export *ex = data;

  ex->trial_sha256 = stroma_sha256_file (stroma_store_get_path (ex->store),
                                         ex->options->cancellable, &ex->hash_error);
  return NULL;
}

/* Data after the cut are left out: a record whose date is later, and an end date that is. */
static gboolean
by_cut (const Export *ex,
        const char   *date)
{
  return date == NULL || strncmp (date, ex->data_cut, 10) <= 0;
}

static const char *
up_to_cut (const Export *ex,
           const char   *date)
{
  return by_cut (ex, date) ? date : NULL;
}

/* The date part of a UTC time, as a date */
static void
date_of (const char *iso,
         char        buf[11])
{
  if (iso == NULL || strlen (iso) < 10)
    {
      buf[0] = '\0';
      return;
    }
  memcpy (buf, iso, 10);
  buf[10] = '\0';
}

typedef struct
{
  const char *studyid;
  char       *usubjid;
  const char *day0;
} SubjectKeys;

static void
write_keys (Writer            *w,
            Family            *f,
            const SubjectKeys *keys,
            const char        *domain)
{
  cell_text (w, f, 0, keys->studyid);
  cell_text (w, f, 1, domain);
  cell_text (w, f, 2, keys->usubjid);
}

static void
write_dm (Export              *ex,
          Writer              *w,
          const SubjectKeys   *keys,
          StromaSubjectRecord *r)
{
  Family *f = &w->families[FAMILY_DM];
  const StromaSubject *s = r->subject;
  const char *arm_id = r->allocation != NULL ? r->allocation->arm : NULL;
  const StromaArm *arm = arm_id != NULL ? stroma_protocol_find_arm (ex->protocol, arm_id) : NULL;
  const char *consent = r->consent != NULL ? r->consent->consent_date : NULL;
  char randdt[11];
  gint age;

  row_begin (w, f);
  write_keys (w, f, keys, "DM");
  cell_text (w, f, DM_SUBJID, s->code);
  cell_text (w, f, DM_SUBJINIT, s->initials);
  cell_text (w, f, DM_SEX, s->sex);
  /* The age, never the birth date (RELIABILITY EX-1). */
  if (stroma_age_in_years (s->birth_date, consent != NULL ? consent : s->screening_date, &age))
    {
      cell_int (w, f, DM_AGE, age);
      cell_text (w, f, DM_AGEU, "YEARS");
    }
  cell_number (w, f, DM_HEIGHT, s->height_cm);
  cell_number (w, f, DM_WEIGHT, s->weight_kg);
  cell_int (w, f, DM_KPS, s->kps);
  cell_int (w, f, DM_ECOG, s->ecog);
  cell_text (w, f, DM_STRATUM, s->donor_type);
  cell_text (w, f, DM_ARMCD, arm_id);
  cell_text (w, f, DM_ARM, arm != NULL ? arm->label : NULL);
  date_of (r->allocation != NULL ? r->allocation->allocated_at : NULL, randdt);
  cell_date (w, f, DM_RANDDT, randdt);
  cell_date (w, f, DM_RFICDT, consent);
  cell_date (w, f, DM_SCRNDT, s->screening_date);
  cell_date (w, f, DM_PGFDT, s->pgf_onset_date);
  cell_date (w, f, DM_RFSTDT, s->treatment_start);
  cell_int (w, f, DM_DOSELVL, s->dose_level);
  if (r->transplant != NULL)
    {
      cell_date (w, f, DM_HCTDT, r->transplant->day0_date);
      cell_text (w, f, DM_GRAFTSRC, r->transplant->graft_source);
      cell_number (w, f, DM_CD34, r->transplant->cd34_per_kg);
      cell_number (w, f, DM_MNC, r->transplant->mnc_per_kg);
      cell_text (w, f, DM_ABOMATCH, r->transplant->abo_match);
      cell_text (w, f, DM_HLAMATCH, r->transplant->hla_match);
    }
  cell_flag (w, f, DM_SYNTHFL, s->synthetic);
  cell_text (w, f, DM_DIAG, s->diagnosis);
}

static void
write_ex (Export              *ex,
          Writer              *w,
          const SubjectKeys   *keys,
          StromaSubjectRecord *r)
{
  Family *f = &w->families[FAMILY_EX];
  const char *product = ex->protocol->product != NULL && ex->protocol->product->name != NULL
                        ? ex->protocol->product->name : "MSC";
  gint64 seq = 0;

  for (guint i = 0; i < r->infusions->len; i++)
    {
      const StromaInfusion *inf = r->infusions->pdata[i];

      if (!by_cut (ex, inf->given_at != NULL ? inf->given_at : inf->planned_date))
        continue;

      row_begin (w, f);
      write_keys (w, f, keys, "EX");
      cell_int (w, f, EX_SEQ, ++seq);
      cell_text (w, f, EX_TRT, product);
      cell_int (w, f, EX_NUM, inf->number);
      cell_text (w, f, EX_STATUS, inf->status);
      cell_date (w, f, EX_PLDT, inf->planned_date);
      cell_datetime (w, f, EX_STDTM, inf->given_at);
      cell_day (w, f, EX_STDY, inf->given_at, keys->day0);
      cell_number (w, f, EX_DOSE, inf->cells_per_kg);
      if (isfinite (inf->cells_per_kg))
        cell_text (w, f, EX_DOSU, "cells/kg");
      cell_number_format (w, f, EX_TOTAL, inf->total_cells, w->cells);
      cell_number (w, f, EX_WT, inf->weight_kg);
      cell_text (w, f, EX_LOT, inf->lot);
      cell_text (w, f, EX_BAG, inf->bag);
      cell_text (w, f, EX_REASON, inf->reason);
      cell_text (w, f, EX_VITPRE, inf->vitals_pre);
      cell_text (w, f, EX_VITPST, inf->vitals_post);
    }
}

static void
write_cm (Export              *ex,
          Writer              *w,
          const SubjectKeys   *keys,
          StromaSubjectRecord *r)
{
  Family *f = &w->families[FAMILY_CM];
  gint64 seq = 0;

  for (guint i = 0; i < r->conditioning->len; i++)
    {
      const StromaConditioningDose *d = r->conditioning->pdata[i];
      char given[11];
      const char *start;

      date_of (d->given_at, given);
      start = d->given_at != NULL ? given : d->planned_date;
      if (!by_cut (ex, start))
        continue;

      row_begin (w, f);
      write_keys (w, f, keys, "CM");
      cell_int (w, f, CM_SEQ, ++seq);
      cell_text (w, f, CM_CAT, "CONDITIONING");
      cell_text (w, f, CM_SCAT, d->regimen_id);
      cell_text (w, f, CM_TRT, d->agent);
      cell_int (w, f, CM_DOSNUM, d->dose_number);
      cell_text (w, f, CM_STATUS, d->status);
      cell_number (w, f, CM_DOSE, d->given_dose);
      cell_text (w, f, CM_DOSU, d->dose_unit);
      cell_number (w, f, CM_PLDOSE, d->calculated_dose);
      cell_text (w, f, CM_BASIS, d->basis);
      cell_number (w, f, CM_BSA, d->bsa_m2);
      cell_text (w, f, CM_BSAMTH, d->bsa_formula);
      cell_number (w, f, CM_WT, d->weight_kg);
      cell_date (w, f, CM_STDT, start);
      cell_datetime (w, f, CM_GIVDTM, d->given_at);
      cell_day (w, f, CM_STDY, start, keys->day0);
      cell_text (w, f, CM_DEVRS, d->deviation_reason);
    }

  for (guint i = 0; i < r->medications->len; i++)
    {
      const StromaMedication *m = r->medications->pdata[i];
      const char *end = up_to_cut (ex, m->end_date);

      if (!by_cut (ex, m->start_date))
        continue;

      row_begin (w, f);
      write_keys (w, f, keys, "CM");
      cell_int (w, f, CM_SEQ, ++seq);
      cell_text (w, f, CM_CAT, "SUPPORTIVE CARE");
      cell_text (w, f, CM_TRT, m->agent);
      cell_number (w, f, CM_DOSE, m->dose);
      cell_text (w, f, CM_DOSU, m->dose_unit);
      cell_int (w, f, CM_LEVEL, m->dose_level);
      cell_date (w, f, CM_STDT, m->start_date);
      cell_date (w, f, CM_ENDT, end);
      cell_day (w, f, CM_STDY, m->start_date, keys->day0);
      cell_day (w, f, CM_ENDY, end, keys->day0);
      cell_text (w, f, CM_INDC, m->indication);
    }
}

static void
write_pr (Export              *ex,
          Writer              *w,
          const SubjectKeys   *keys,
          StromaSubjectRecord *r)
{
  Family *f = &w->families[FAMILY_PR];
  gint64 seq = 0;

  for (guint i = 0; i < r->transfusions->len; i++)
    {
      const StromaTransfusion *t = r->transfusions->pdata[i];

      if (!by_cut (ex, t->given_on))
        continue;

      row_begin (w, f);
      write_keys (w, f, keys, "PR");
      cell_int (w, f, PR_SEQ, ++seq);
      cell_text (w, f, PR_CAT, "TRANSFUSION");
      cell_text (w, f, PR_TRT, t->product);
      cell_number (w, f, PR_DOSE, t->units);
      cell_text (w, f, PR_DOSU, "U");
      cell_date (w, f, PR_STDT, t->given_on);
      cell_day (w, f, PR_STDY, t->given_on, keys->day0);
    }
}

static void
write_lb (Export            *ex,
          Writer            *w,
          const SubjectKeys *keys,
          Item              *item)
{
  Family *f = &w->families[FAMILY_LB];
  GPtrArray *labs = item->record->labs;
  gint64 seq = 0;

  for (guint i = 0; i < labs->len; i++)
    {
      const StromaLabResult *lab = labs->pdata[i];
      const LabGrade *grade = &item->grades[i];

      if (!by_cut (ex, lab->collected_on))
        continue;

      row_begin (w, f);
      write_keys (w, f, keys, "LB");
      cell_int (w, f, LB_SEQ, ++seq);
      cell_text (w, f, LB_TESTCD, lab->test_code);
      cell_text (w, f, LB_TEST, lab_test_name (lab->test_code));
      cell_text (w, f, LB_ORRES, lab->orres);
      cell_text (w, f, LB_ORRESU, lab->orresu);
      cell_number (w, f, LB_STRESN, lab->stresn);
      cell_text (w, f, LB_STRESU, lab->stresu);
      cell_number (w, f, LB_STNRLO, lab->lln);
      cell_number (w, f, LB_STNRHI, lab->uln);
      cell_date (w, f, LB_DT, lab->collected_on);
      cell_day (w, f, LB_DY, lab->collected_on, keys->day0);
      if (grade->grade >= 0)
        {
          cell_int (w, f, LB_TOXGR, grade->grade);
          cell_text (w, f, LB_TOX, grade->term);
          cell_text (w, f, LB_TOXVER, STROMA_CTCAE_VERSION);
        }
    }
}

static void
write_ae (Export              *ex,
          Writer              *w,
          const SubjectKeys   *keys,
          StromaSubjectRecord *r)
{
  Family *f = &w->families[FAMILY_AE];
  gint64 seq = 0;

  for (guint i = 0; i < r->adverse_events->len; i++)
    {
      const StromaAdverseEvent *ae = r->adverse_events->pdata[i];
      const char *end = up_to_cut (ex, ae->resolved_date);

      if (!by_cut (ex, ae->onset_date))
        continue;

      row_begin (w, f);
      write_keys (w, f, keys, "AE");
      cell_int (w, f, AE_SEQ, ++seq);
      cell_text (w, f, AE_TERM, ae->term);
      cell_int (w, f, AE_TOXGR, ae->grade);
      cell_text (w, f, AE_TOXVER, ae->ctcae_version);
      cell_flag (w, f, AE_SER, ae->serious);
      cell_text (w, f, AE_REL, ae->relationship);
      cell_flag (w, f, AE_DLT, ae->dlt);
      cell_date (w, f, AE_STDT, ae->onset_date);
      cell_date (w, f, AE_ENDT, end);
      cell_day (w, f, AE_STDY, ae->onset_date, keys->day0);
      cell_day (w, f, AE_ENDY, end, keys->day0);
      /* The outcome was known only when the event resolved, which is after the cut. */
      if (end != NULL || ae->resolved_date == NULL)
        cell_text (w, f, AE_OUT, ae->outcome);
      cell_text (w, f, AE_ACN, ae->action_taken);
    }
}

typedef struct
{
  const char *date;
  const char *category;
  const char *decod;
  const char *term;
  guint       order;    /* dispositions before follow-ups of the same day, then entry order */
} DsEvent;

static int
compare_ds (gconstpointer a,
            gconstpointer b)
{
  const DsEvent *x = a, *y = b;
  int c = g_strcmp0 (x->date, y->date);

  if (c != 0)
    return c;
  return x->order < y->order ? -1 : x->order > y->order;
}

static void
write_ds (Export              *ex,
          Writer              *w,
          const SubjectKeys   *keys,
          StromaSubjectRecord *r)
{
  Family *f = &w->families[FAMILY_DS];
  g_autoptr(GArray) events = g_array_new (FALSE, FALSE, sizeof (DsEvent));
  guint order = 0;

  for (guint i = 0; i < r->dispositions->len; i++)
    {
      const StromaDisposition *d = r->dispositions->pdata[i];
      DsEvent e = { d->event_date, "DISPOSITION EVENT", d->event, d->reason, order++ };

      if (by_cut (ex, d->event_date))
        g_array_append_val (events, e);
    }
  for (guint i = 0; i < r->follow_ups->len; i++)
    {
      const StromaFollowUp *fu = r->follow_ups->pdata[i];
      DsEvent e = { fu->event_date, "OTHER EVENT", fu->kind, fu->detail, order++ };

      if (by_cut (ex, fu->event_date))
        g_array_append_val (events, e);
    }
  g_array_sort (events, compare_ds);

  for (guint i = 0; i < events->len; i++)
    {
      const DsEvent *e = &g_array_index (events, DsEvent, i);

      row_begin (w, f);
      write_keys (w, f, keys, "DS");
      cell_int (w, f, DS_SEQ, i + 1);
      cell_text (w, f, DS_CAT, e->category);
      cell_text (w, f, DS_DECOD, e->decod);
      cell_date (w, f, DS_STDT, e->date);
      cell_day (w, f, DS_STDY, e->date, keys->day0);
      cell_text (w, f, DS_TERM, e->term);
    }
}

static char *
evidence_text (const StromaEndpointResult *result)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; result->evidence != NULL && i < result->evidence->len; i++)
    {
      const StromaEvidence *e = result->evidence->pdata[i];
      char value[G_ASCII_DTOSTR_BUF_SIZE];

      if (text->len > 0)
        g_string_append (text, "; ");
      if (e->transfusion)
        g_string_append_printf (text, "%s %s transfusion", e->date, e->test_code);
      else
        g_string_append_printf (text, "%s %s %s", e->date, e->test_code,
                                g_ascii_formatd (value, sizeof value, "%g", e->value));
    }

  return g_string_free (text, FALSE);
}

static void
write_endpoints (Writer            *w,
                 const SubjectKeys *keys,
                 Item              *item)
{
  Family *f = &w->families[FAMILY_ENDPOINTS];
  const char *arm = item->record->allocation != NULL ? item->record->allocation->arm : NULL;

  for (guint i = 0; i < item->endpoints->len; i++)
    {
      const StromaEndpointResult *res = item->endpoints->pdata[i];
      const StromaEndpoint *ep = res->endpoint;
      g_autofree char *evidence = evidence_text (res);

      row_begin (w, f);
      cell_text (w, f, EP_STUDYID, keys->studyid);
      cell_text (w, f, EP_USUBJID, keys->usubjid);
      cell_text (w, f, EP_ARMCD, arm);
      cell_text (w, f, EP_PARAMCD, ep->id);
      cell_text (w, f, EP_PARAM, ep->label);
      cell_text (w, f, EP_DEFN, ep->definition);
      cell_text (w, f, EP_GROUP, ep->group);
      cell_text (w, f, EP_CAT, ep->category);
      cell_text (w, f, EP_STATE, stroma_endpoint_state_to_string (res->state));
      cell_date (w, f, EP_EVNTDT, res->event_date);
      if (res->day_from_day0 != G_MININT)
        cell_int (w, f, EP_DAY0DY, res->day_from_day0);
      if (res->day_from_treatment != G_MININT)
        cell_int (w, f, EP_TRTDY, res->day_from_treatment);
      cell_text (w, f, EP_EVIDENCE, evidence);
      cell_text (w, f, EP_EXPLAIN, res->explanation);
    }
}

static void
write_item (Export *ex,
            Writer *w,
            Item   *item)
{
  StromaSubjectRecord *r = item->record;
  SubjectKeys keys;

  keys.studyid = ex->protocol->id;
  keys.usubjid = g_strconcat (ex->protocol->id, "-", r->subject->code, NULL);
  keys.day0 = r->transplant != NULL ? r->transplant->day0_date : NULL;

  write_dm (ex, w, &keys, r);
  write_ex (ex, w, &keys, r);
  write_cm (ex, w, &keys, r);
  write_pr (ex, w, &keys, r);
  write_lb (ex, w, &keys, item);
  write_ae (ex, w, &keys, r);
  write_ds (ex, w, &keys, r);
  write_endpoints (w, &keys, item);

  g_free (keys.usubjid);
}

/* SUMMARY: one block of rows per arm, so that each arm's values are one range for the charts. */
static void
write_summary (Export *ex,
               Writer *w)
{
  Family *f = &w->families[FAMILY_SUMMARY];
  const StromaTrialAnalysis *a = ex->analysis;
  guint n_rates = a->responses->len;
  lxw_row_t first_row[2] = { 0, 0 };
  lxw_worksheet *sheet = family_sheet (f);

  for (guint arm = 0; arm < a->n_arms; arm++)
    {
      const StromaArm *the_arm = a->arms[arm];

      first_row[arm] = f->row + 1;

      for (guint i = 0; i < n_rates; i++)
        {
          const StromaResponseRate *rate = a->responses->pdata[i];

          row_begin (w, f);
          cell_text (w, f, SU_MEASURE, rate->id);
          cell_text (w, f, SU_LABEL, rate->label);
          cell_text (w, f, SU_DEFN, rate->definition);
          cell_text (w, f, SU_ARMCD, the_arm->id);
          cell_text (w, f, SU_ARM, the_arm->label);
          cell_int (w, f, SU_N, a->n_per_arm[arm]);
          cell_int (w, f, SU_MET, rate->n_met[arm]);
          cell_int (w, f, SU_EVAL, rate->n_evaluable[arm]);
          cell_number_format (w, f, SU_ESTIMATE, rate->wilson[arm].estimate, w->percent);
          cell_number_format (w, f, SU_LOWER, rate->wilson[arm].lower, w->percent);
          cell_number_format (w, f, SU_UPPER, rate->wilson[arm].upper, w->percent);
          cell_number_format (w, f, SU_EXACTLO, rate->exact[arm].lower, w->percent);
          cell_number_format (w, f, SU_EXACTHI, rate->exact[arm].upper, w->percent);
          if (isfinite (rate->fisher_p))
            {
              cell_number_format (w, f, SU_PVALUE, rate->fisher_p, w->pvalue);
              cell_text (w, f, SU_TEST, "Fisher exact two-sided");
            }
        }

      for (guint which = 0; which < 2; which++)
        {
          const StromaSurvivalSummary *s = which == 0 ? &a->os : &a->dfs;

          row_begin (w, f);
          cell_text (w, f, SU_MEASURE, which == 0 ? "os-1-year" : "dfs-1-year");
          cell_text (w, f, SU_LABEL, which == 0 ? "Overall survival at one year"
                                                : "Disease-free survival at one year");
          cell_text (w, f, SU_ARMCD, the_arm->id);
          cell_text (w, f, SU_ARM, the_arm->label);
          cell_int (w, f, SU_N, a->n_per_arm[arm]);
          cell_int (w, f, SU_MET, s->events[arm]);
          cell_int (w, f, SU_EVAL, s->n[arm]);
          if (s->reached[arm])
            {
              cell_number_format (w, f, SU_ESTIMATE, s->at_one_year[arm].survival, w->percent);
              cell_number_format (w, f, SU_LOWER, s->at_one_year[arm].lower, w->percent);
              cell_number_format (w, f, SU_UPPER, s->at_one_year[arm].upper, w->percent);
            }
          if (s->has_log_rank)
            {
              cell_number_format (w, f, SU_PVALUE, s->log_rank.p_value, w->pvalue);
              cell_text (w, f, SU_TEST, "log-rank");
            }
          cell_number (w, f, SU_MEDIAN, s->median[arm]);
        }
    }

  /* Native charts beside the table: Excel draws them from the cells above. */
  for (guint which = 0; which < 2; which++)
    {
      lxw_chart *chart;
      lxw_chart_axis *y;
      guint offset = which == 0 ? 0 : n_rates;
      guint count = which == 0 ? n_rates : 2;

      if (count == 0 || a->n_arms == 0)
        continue;

      chart = workbook_add_chart (w->workbook, LXW_CHART_COLUMN);
      if (chart == NULL)
        {
          lxw_note (w, LXW_ERROR_MEMORY_MALLOC_FAILED);
          return;
        }

      for (guint arm = 0; arm < a->n_arms; arm++)
        {
          lxw_chart_series *series = chart_add_series (chart, NULL, NULL);
          lxw_row_t top = first_row[arm] + offset;

          if (series == NULL)
            {
              lxw_note (w, LXW_ERROR_MEMORY_MALLOC_FAILED);
              return;
            }
          chart_series_set_categories (series, f->name, first_row[0] + offset,
                                       (lxw_col_t) f->out[SU_LABEL],
                                       first_row[0] + offset + count - 1,
                                       (lxw_col_t) f->out[SU_LABEL]);
          /* In constant-memory mode libxlsxwriter cannot look at the cells to see that the
           * categories are text, and would reference them as numbers. */
          series->categories->has_string_cache = LXW_TRUE;
          chart_series_set_values (series, f->name, top, (lxw_col_t) f->out[SU_ESTIMATE],
                                   top + count - 1, (lxw_col_t) f->out[SU_ESTIMATE]);
          chart_series_set_name (series, a->arms[arm]->label != NULL ? a->arms[arm]->label
                                                                     : a->arms[arm]->id);
        }

      chart_title_set_name (chart, which == 0 ? "Response rates by arm"
                                              : "Survival at one year by arm");
      y = chart->y_axis;
      chart_axis_set_min (y, 0);
      chart_axis_set_max (y, 1);
      chart_axis_set_num_format (y, "0%");
      chart_legend_set_position (chart, LXW_CHART_LEGEND_BOTTOM);

      lxw_note (w, worksheet_insert_chart (sheet, which == 0 ? 1 : 22,
                                           (lxw_col_t) (f->n_out + 1), chart));
    }
}

static char *
codelist_text (const Export *ex,
               const char   *codelist)
{
  const StromaProtocol *p = ex->protocol;
  GString *text;

  if (codelist == NULL || codelist[0] != '@')
    return g_strdup (codelist);

  text = g_string_new (NULL);
  if (g_str_equal (codelist, "@arms"))
    for (guint i = 0; i < p->arms->len; i++)
      {
        const StromaArm *arm = p->arms->pdata[i];
        g_string_append_printf (text, "%s%s (%s)", i ? ", " : "", arm->id, arm->label);
      }
  else if (g_str_equal (codelist, "@strata"))
    for (guint i = 0; p->strata != NULL && p->strata[i] != NULL; i++)
      g_string_append_printf (text, "%s%s", i ? ", " : "", p->strata[i]);
  else if (g_str_equal (codelist, "@endpoints"))
    for (guint i = 0; i < p->endpoints->len; i++)
      g_string_append_printf (text, "%s%s", i ? ", " : "",
                              ((const StromaEndpoint *) p->endpoints->pdata[i])->id);

  return g_string_free (text, FALSE);
}

static const char *
type_name (ColumnType type)
{
  switch (type)
    {
    case TYPE_TEXT:
      return "text";
    case TYPE_NUMBER:
      return "number";
    case TYPE_INTEGER:
      return "integer";
    case TYPE_DATE:
      return "date";
    case TYPE_DATETIME:
      return "datetime";
    default:
      g_assert_not_reached ();
    }
}

static void
write_dictionary (Export *ex,
                  Writer *w)
{
  Family *d = &w->families[FAMILY_DICTIONARY];

  for (guint id = 0; id < N_FAMILIES; id++)
    {
      const Family *f = &w->families[id];

      for (guint s = 0; s < f->names->len; s++)
        for (guint c = 0; c < f->n_columns; c++)
          {
            g_autofree char *codelist = NULL;

            if (f->out[c] < 0)
              continue;

            codelist = codelist_text (ex, f->columns[c].codelist);
            row_begin (w, d);
            cell_text (w, d, DI_SHEET, f->names->pdata[s]);
            cell_text (w, d, DI_VARIABLE, f->columns[c].name);
            cell_text (w, d, DI_LABEL, f->columns[c].label);
            cell_text (w, d, DI_TYPE, type_name (f->columns[c].type));
            cell_text (w, d, DI_UNIT, f->columns[c].unit);
            cell_text (w, d, DI_CODELIST, codelist);
          }
    }
}

static void
readme_text (Writer     *w,
             const char *item,
             const char *value)
{
  Family *f = &w->families[FAMILY_README];

  row_begin (w, f);
  cell_text (w, f, README_ITEM, item);
  cell_text (w, f, README_VALUE, value);
}

static void
readme_number (Writer     *w,
               const char *item,
               double      value)
{
  Family *f = &w->families[FAMILY_README];

  row_begin (w, f);
  cell_text (w, f, README_ITEM, item);
  cell_number (w, f, README_VALUE, value);
}

static void
write_readme (Export     *ex,
              Writer     *w,
              const char *title,
              gboolean    synthetic,
              GDateTime  *generated)
{
  Family *f = &w->families[FAMILY_README];
  const StromaWorkbookOptions *o = ex->options;
  g_autofree char *generated_text = g_date_time_format (generated, "%Y-%m-%dT%H:%M:%SZ");
  g_autofree char *limit = g_strdup_printf ("A sheet longer than %u rows (with its header) "
                                            "continues in a sheet of the same name with _2, "
                                            "_3, … appended, with the same columns.",
                                            w->row_limit);
  g_autoptr(GString) continued = g_string_new (NULL);
  g_autofree char *audit = g_strdup_printf ("%" G_GINT64_FORMAT " rows, hash chain verified "
                                            "before the export", ex->audit_rows);

  readme_text (w, "Workbook", o->profile == STROMA_WORKBOOK_PROFILE_SITE
                              ? "Stroma trial workbook, site profile"
                              : "Stroma sponsor workbook");
  readme_text (w, "Trial", title);
  readme_text (w, "Protocol", ex->protocol->id);
  readme_text (w, "Protocol version", ex->protocol->version);
  readme_text (w, "Synthetic trial", synthetic
                                     ? "yes: every subject was generated, none is a patient"
                                     : "no");
  row_begin (w, f);
  cell_text (w, f, README_ITEM, "Data cut");
  cell_date (w, f, README_VALUE, ex->data_cut);
  row_begin (w, f);
  cell_text (w, f, README_ITEM, "Generated (UTC)");
  cell_datetime (w, f, README_VALUE, generated_text);
  readme_text (w, "Stroma version", PACKAGE_VERSION);
  readme_text (w, "Profile", stroma_workbook_profile_to_string (o->profile));
  readme_number (w, "Subjects", ex->n_subjects);

  for (guint id = FAMILY_DM; id < N_FAMILIES; id++)
    {
      const Family *fam = &w->families[id];

      for (guint s = 0; s < fam->names->len; s++)
        {
          g_autofree char *item = g_strdup_printf ("Rows in %s",
                                                   (const char *) fam->names->pdata[s]);
          readme_number (w, item, (double) g_array_index (fam->rows, guint64, s));
          if (s > 0)
            g_string_append_printf (continued, "%s%s", continued->len ? ", " : "",
                                    (const char *) fam->names->pdata[s]);
        }
    }

  readme_text (w, "Sheet continuation", limit);
  readme_text (w, "Continued sheets", continued->len > 0 ? continued->str : "none");
  readme_text (w, "Audit trail", audit);
  readme_text (w, "Audit chain head", ex->audit_head);
  readme_text (w, "Trial file SHA-256", ex->trial_sha256);
  readme_text (w, "De-identification",
               o->profile == STROMA_WORKBOOK_PROFILE_SITE
               ? "SITE PROFILE: this workbook holds the subjects' initials and the free-text "
                 "fields, which may name people. It is for the site's own records and must not "
                 "be sent to the sponsor. Birth dates are never exported."
               : "Subjects are identified by their study codes only. The workbook holds no "
                 "initials, names, birth dates (ages are given instead) or free-text fields "
                 "that may name people, and does not name the people who entered the data or "
                 "exported it.");
  if (o->profile == STROMA_WORKBOOK_PROFILE_SITE)
    readme_text (w, "Reason for the site export", o->reason);
  readme_text (w, "Data cut rule",
               "Events dated after the data cut are left out of EX, CM, PR, LB, AE and DS; end "
               "dates after it are left empty, and so is the outcome of an adverse event that "
               "resolved after it. DM lists every subject. ENDPOINTS and SUMMARY count the data "
               "up to the cut.");
  readme_text (w, "Study days",
               "Columns ending in DY count days from day 0, the day of stem-cell infusion: "
               "date minus day 0, so day 0 exists and no day is skipped.");
  readme_text (w, "Dates", "Dates and times are Excel dates; times are UTC.");
  readme_text (w, "CTCAE", "Version " STROMA_CTCAE_VERSION ". Lab grades (LBTOXGR) are derived "
               "by Stroma from the value and its limits of normal; adverse event grades are as "
               "entered.");
  readme_text (w, "Summary statistics",
               "Response rates by intention to treat with 95% Wilson and exact intervals and "
               "Fisher's exact test (two-sided); Kaplan–Meier survival from the start of "
               "treatment with log 95% intervals and the log-rank test.");
}

static guint
n_sheets_for (guint64 rows,
              guint   row_limit)
{
  guint64 per_sheet = row_limit - 1;

  return (guint) MAX ((guint64) 1, (rows + per_sheet - 1) / per_sheet);
}

static void
report_progress (const StromaWorkbookOptions *options,
                 double                       fraction,
                 const char                  *stage)
{
  if (options->progress != NULL)
    options->progress (fraction, stage, options->user_data);
}

/* Writes the whole workbook to @temp; the caller renames it. */
static gboolean
write_workbook (Export      *ex,
                const char  *temp,
                const char  *folder,
                GError     **error)
{
  StromaStore *store = ex->store;
  const StromaWorkbookOptions *o = ex->options;
  g_autoptr(GDateTime) generated = g_date_time_new_now_utc ();
  g_autofree char *title = stroma_store_get_title (store);
  g_autofree char *doc_title = NULL;
  g_autofree char *doc_subject = NULL;
  gboolean synthetic = stroma_store_is_synthetic (store);
  lxw_workbook_options lxw_options = { .constant_memory = LXW_TRUE,
                                       .tmpdir = (char *) folder,
                                       .use_zip64 = LXW_TRUE };
  lxw_doc_properties properties = { 0 };
  Writer w = { 0 };
  GThread *reader = NULL;
  GThread *hasher = NULL;
  gboolean ok = FALSE;
  guint done = 0;
  int shown = -1;
  Item *item;
  struct { FamilyId id; StromaRecordKind kinds[2]; } counts[] = {
    { FAMILY_DM, { STROMA_RECORD_SUBJECT, STROMA_N_RECORD_KINDS } },
    { FAMILY_EX, { STROMA_RECORD_INFUSION, STROMA_N_RECORD_KINDS } },
    { FAMILY_CM, { STROMA_RECORD_CONDITIONING_DOSE, STROMA_RECORD_MEDICATION } },
    { FAMILY_PR, { STROMA_RECORD_TRANSFUSION, STROMA_N_RECORD_KINDS } },
    { FAMILY_LB, { STROMA_RECORD_LAB_RESULT, STROMA_N_RECORD_KINDS } },
    { FAMILY_AE, { STROMA_RECORD_ADVERSE_EVENT, STROMA_N_RECORD_KINDS } },
    { FAMILY_DS, { STROMA_RECORD_DISPOSITION, STROMA_RECORD_FOLLOW_UP } },
  };

  w.profile = o->profile;
  w.row_limit = o->row_limit == 0 ? EXCEL_MAX_ROWS : MAX (o->row_limit, MIN_ROW_LIMIT);
  w.row_limit = MIN (w.row_limit, EXCEL_MAX_ROWS);

  ex->analysis = stroma_analysis_new (ex->protocol, ex->data_cut, error);
  if (ex->analysis == NULL)
    return FALSE;

  w.workbook = workbook_new_opt (temp, &lxw_options);
  if (w.workbook == NULL)
    {
      g_set_error (error, STROMA_WORKBOOK_ERROR, STROMA_WORKBOOK_ERROR_WRITE,
                   _("Could not start the workbook in “%s”."), folder);
      return FALSE;
    }

  /* Title and subject only: no author, manager or company (RELIABILITY EX-2). */
  doc_title = g_strdup_printf ("%s — %s workbook", ex->protocol->short_title != NULL
                                                   ? ex->protocol->short_title
                                                   : ex->protocol->id,
                               stroma_workbook_profile_to_string (o->profile));
  doc_subject = g_strdup_printf ("Protocol %s version %s, data cut %s", ex->protocol->id,
                                 ex->protocol->version, ex->data_cut);
  properties.title = doc_title;
  properties.subject = doc_subject;
  lxw_note (&w, workbook_set_properties (w.workbook, &properties));

  w.header = workbook_add_format (w.workbook);
  format_set_bold (w.header);
  w.date = workbook_add_format (w.workbook);
  format_set_num_format (w.date, "yyyy-mm-dd");
  w.datetime = workbook_add_format (w.workbook);
  format_set_num_format (w.datetime, "yyyy-mm-dd hh:mm:ss");
  w.percent = workbook_add_format (w.workbook);
  format_set_num_format (w.percent, "0.0%");
  w.pvalue = workbook_add_format (w.workbook);
  format_set_num_format (w.pvalue, "0.0000");
  w.cells = workbook_add_format (w.workbook);
  format_set_num_format (w.cells, "0.00E+00");

  /* The trial file's checksum needs no connection: it starts at once, beside everything. */
  hasher = g_thread_new ("stroma-workbook-hash", hash_thread, ex);

  /* The sheets, in order, with the continuations the counts call for. */
  family_add_sheets (&w, FAMILY_README, 1);
  for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
    {
      guint64 rows = 0;

      for (guint k = 0; k < 2 && counts[i].kinds[k] != STROMA_N_RECORD_KINDS; k++)
        rows += (guint64) MAX (stroma_store_count_subject_records (store, counts[i].kinds[k]),
                               0);
      family_add_sheets (&w, counts[i].id, n_sheets_for (rows, w.row_limit));
    }
  family_add_sheets (&w, FAMILY_ENDPOINTS,
                     n_sheets_for ((guint64) ex->n_subjects * ex->protocol->endpoints->len,
                                   w.row_limit));
  family_add_sheets (&w, FAMILY_SUMMARY, 1);
  family_add_sheets (&w, FAMILY_DICTIONARY, 1);
  if (!check_writer (&w, LXW_NO_ERROR, error))
    goto out;

  /* Read and derive in one thread, write here. */
  reader = g_thread_new ("stroma-workbook-read", read_thread, ex);

  report_progress (o, 0.0, _("Writing the subjects"));
  item = NULL;
  while ((item = pipe_pop (&ex->pipe, item)) != NULL)
    {
      int percent;

      write_item (ex, &w, item);
      done++;

      if (w.status != LXW_NO_ERROR || g_cancellable_is_cancelled (o->cancellable))
        {
          item_free (item);
          break;
        }

      percent = (int) (100.0 * done / MAX (ex->n_subjects, 1));
      if (percent != shown)
        {
          shown = percent;
          report_progress (o, 0.8 * done / MAX (ex->n_subjects, 1), _("Writing the subjects"));
        }
    }

  /* Stop the reader if the writer stopped first, and wait for both helpers. */
  pipe_set (&ex->pipe, &ex->pipe.closed);
  g_thread_join (g_steal_pointer (&reader));
  g_thread_join (g_steal_pointer (&hasher));
  free_items (&ex->pipe.items);
  free_items (&ex->pipe.written);

  if (g_cancellable_set_error_if_cancelled (o->cancellable, error) ||
      !check_writer (&w, LXW_NO_ERROR, error))
    goto out;
  if (ex->read_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&ex->read_error));
      goto out;
    }
  if (ex->hash_error != NULL)
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&ex->hash_error),
                                  _("Could not read the trial file to checksum it: "));
      goto out;
    }

  report_progress (o, 0.8, _("Writing the summary"));
  write_summary (ex, &w);
  write_dictionary (ex, &w);
  write_readme (ex, &w, title, synthetic, generated);
  for (guint id = 0; id < N_FAMILIES; id++)
    family_finish (&w, &w.families[id]);
  if (!check_writer (&w, LXW_NO_ERROR, error))
    goto out;

  report_progress (o, 0.85, _("Packing the workbook"));
  {
    lxw_workbook *workbook = g_steal_pointer (&w.workbook);
    if (!check_writer (&w, workbook_close (workbook), error))
      goto out;
  }

  ok = TRUE;

out:
  if (reader != NULL || hasher != NULL)
    {
      pipe_set (&ex->pipe, &ex->pipe.closed);
      if (reader != NULL)
        g_thread_join (reader);
      if (hasher != NULL)
        g_thread_join (hasher);
      free_items (&ex->pipe.items);
      free_items (&ex->pipe.written);
    }
  for (guint id = FAMILY_DM; ok && id < N_FAMILIES; id++)
    {
      ex->n_sheets += w.families[id].sheets->len;
      ex->n_rows += w.families[id].total;
    }
  if (ok)
    ex->n_sheets++;   /* README */
  writer_clear (&w);
  return ok;
}

/**
 * stroma_workbook_profile_to_string:
 * @profile: a profile
 *
 * Returns: "sponsor" or "site", as the export log records it
 */
const char *
stroma_workbook_profile_to_string (StromaWorkbookProfile profile)
{
  switch (profile)
    {
    case STROMA_WORKBOOK_PROFILE_SPONSOR:
      return "sponsor";
    case STROMA_WORKBOOK_PROFILE_SITE:
      return "site";
    default:
      g_return_val_if_reached (NULL);
    }
}

/**
 * stroma_workbook_profile_from_string:
 * @name: (nullable): "sponsor" or "site"
 * @profile: (out): the profile
 *
 * Returns: %TRUE when @name is a profile
 */
gboolean
stroma_workbook_profile_from_string (const char            *name,
                                     StromaWorkbookProfile *profile)
{
  g_return_val_if_fail (profile != NULL, FALSE);

  if (g_strcmp0 (name, "sponsor") == 0)
    *profile = STROMA_WORKBOOK_PROFILE_SPONSOR;
  else if (g_strcmp0 (name, "site") == 0)
    *profile = STROMA_WORKBOOK_PROFILE_SITE;
  else
    return FALSE;

  return TRUE;
}

void
stroma_workbook_report_free (StromaWorkbookReport *report)
{
  if (report == NULL)
    return;

  g_free (report->sha256);
  g_free (report->audit_head);
  g_free (report->data_cut);
  g_free (report);
}

static gboolean
has_text (const char *text)
{
  for (const char *p = text; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return TRUE;
  return FALSE;
}

static gboolean
sync_file (const char  *path,
           GError     **error)
{
  int fd = g_open (path, O_RDONLY, 0);

  if (fd < 0 || fsync (fd) != 0)
    {
      int saved = errno;

      if (fd >= 0)
        close (fd);
      g_set_error (error, STROMA_WORKBOOK_ERROR, STROMA_WORKBOOK_ERROR_WRITE,
                   _("Could not write the workbook to disk: %s"), g_strerror (saved));
      return FALSE;
    }

  close (fd);
  return TRUE;
}

/**
 * stroma_workbook_export:
 * @store: the trial file, open for writing (the export is recorded in it); while the export
 *   runs no one else may use this connection
 * @path: the workbook to write; an existing file is replaced
 * @options: the profile, data cut, reason and user; progress and cancellation
 * @error: a #GError
 *
 * Writes the trial's workbook (see the top of stroma-workbook.c for its sheets) and records
 * the export in the trial file: who, when, profile, scope and the workbook's SHA-256. The file
 * appears at @path complete or not at all: a failed or cancelled export leaves nothing behind.
 *
 * Returns: (transfer full) (nullable): what was written, or %NULL with @error set
 */
StromaWorkbookReport *
stroma_workbook_export (StromaStore                 *store,
                        const char                  *path,
                        const StromaWorkbookOptions *options,
                        GError                     **error)
{
  g_autoptr(StromaProtocol) protocol = NULL;
  g_autoptr(StromaWorkbookReport) report = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *base = NULL;
  g_autofree char *temp = NULL;
  g_autofree char *today = NULL;
  g_autofree char *scope = NULL;
  g_autoptr(GError) local = NULL;
  StromaEditContext context;
  StromaExportLogEntry entry;
  Export ex = { 0 };
  gboolean site;
  gboolean written;
  int fd;

  g_return_val_if_fail (store != NULL, NULL);
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (options != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  site = options->profile == STROMA_WORKBOOK_PROFILE_SITE;
  if (site && !has_text (options->reason))
    {
      g_set_error_literal (error, STROMA_WORKBOOK_ERROR, STROMA_WORKBOOK_ERROR_INVALID,
                           _("A site export carries the subjects’ initials and free text: "
                             "say why it is needed."));
      return NULL;
    }

  if (options->data_cut == NULL)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      today = g_date_time_format (now, "%Y-%m-%d");
    }
  ex.data_cut = options->data_cut != NULL ? options->data_cut : today;
  {
    guint32 julian;
    if (strlen (ex.data_cut) != 10 || !stroma_date_to_julian (ex.data_cut, &julian))
      {
        g_set_error (error, STROMA_WORKBOOK_ERROR, STROMA_WORKBOOK_ERROR_INVALID,
                     _("The data cut “%s” is not a date (use YYYY-MM-DD)."), ex.data_cut);
        return NULL;
      }
  }

  /* The role matrix decides (RELIABILITY AC-2): reading the trial is enough for the sponsor's
   * workbook; the site's, with identifiers, takes a role that handles the site's data. A
   * refusal is in the audit trail. */
  context.user = options->user != NULL ? options->user : "export";
  context.reason = options->reason;
  if (!stroma_store_authorize (store, &context,
                               site ? STROMA_ACTION_ENTER_DATA : STROMA_ACTION_READ,
                               site ? "export_log (site profile)" : "export_log", error))
    return NULL;

  base = g_path_get_basename (path);
  folder = g_path_get_dirname (path);
  if (g_file_test (path, G_FILE_TEST_IS_DIR) || g_str_equal (base, G_DIR_SEPARATOR_S) ||
      g_str_equal (base, "."))
    {
      g_set_error (error, STROMA_WORKBOOK_ERROR, STROMA_WORKBOOK_ERROR_INVALID,
                   _("“%s” is a folder: name the workbook file to write."), path);
      return NULL;
    }

  /* Hidden, beside the destination: the rename that completes the export stays on one file
   * system, and a crash leaves at most a dot-file. */
  temp = g_build_filename (folder, ".stroma-export-XXXXXX.xlsx", NULL);
  fd = g_mkstemp_full (temp, O_RDWR, 0644);
  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, STROMA_WORKBOOK_ERROR, STROMA_WORKBOOK_ERROR_WRITE,
                   _("Cannot write in the folder “%s”: %s"), folder, g_strerror (saved));
      return NULL;
    }
  close (fd);

  ex.store = store;
  ex.options = options;

  if (!stroma_store_begin_snapshot (store, error))
    {
      g_unlink (temp);
      return NULL;
    }

  protocol = stroma_store_load_protocol (store, error);
  if (protocol == NULL)
    {
      stroma_store_end_snapshot (store);
      g_unlink (temp);
      return NULL;
    }
  ex.protocol = protocol;
  ex.n_subjects = (guint) MAX (stroma_store_count_subject_records (store, STROMA_RECORD_SUBJECT),
                               0);

  g_mutex_init (&ex.pipe.lock);
  g_cond_init (&ex.pipe.cond);
  g_queue_init (&ex.pipe.items);
  g_queue_init (&ex.pipe.written);
  written = write_workbook (&ex, temp, folder, &local);
  stroma_store_end_snapshot (store);
  g_mutex_clear (&ex.pipe.lock);
  g_cond_clear (&ex.pipe.cond);
  g_clear_pointer (&ex.analysis, stroma_analysis_free);
  g_clear_error (&ex.read_error);
  g_clear_error (&ex.hash_error);

  report = g_new0 (StromaWorkbookReport, 1);
  report->audit_head = g_steal_pointer (&ex.audit_head);
  report->data_cut = g_strdup (ex.data_cut);
  report->n_subjects = ex.n_subjects;
  report->n_sheets = ex.n_sheets;
  report->n_rows = ex.n_rows;
  g_free (ex.trial_sha256);

  if (!written ||
      g_cancellable_set_error_if_cancelled (options->cancellable, &local) ||
      !sync_file (temp, &local) ||
      (report->sha256 = stroma_sha256_file (temp, NULL, &local)) == NULL ||
      g_cancellable_set_error_if_cancelled (options->cancellable, &local))
    {
      g_unlink (temp);
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }

  report_progress (options, 0.97, _("Recording the export"));

  if (g_rename (temp, path) != 0)
    {
      int saved = errno;
      g_unlink (temp);
      g_set_error (error, STROMA_WORKBOOK_ERROR, STROMA_WORKBOOK_ERROR_WRITE,
                   _("Could not save the workbook as “%s”: %s"), path, g_strerror (saved));
      return NULL;
    }

  /* An export that is not in the log must not exist: remove it when logging fails. */
  scope = g_strdup_printf ("all subjects (%u)", ex.n_subjects);
  entry.profile = stroma_workbook_profile_to_string (options->profile);
  entry.scope = scope;
  entry.data_cut = ex.data_cut;
  entry.file_name = base;
  entry.sha256 = report->sha256;
  entry.audit_head = report->audit_head;
  if (!stroma_store_log_export (store, &context, &entry, error))
    {
      g_unlink (path);
      g_prefix_error (error, _("The workbook was removed because the export could not be "
                               "recorded in the trial file: "));
      return NULL;
    }

  report_progress (options, 1.0, _("Done"));
  return g_steal_pointer (&report);
}
