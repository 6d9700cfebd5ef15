/* stroma-protocol.h — a trial protocol, loaded and validated from JSON
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <math.h>

G_BEGIN_DECLS

/* The protocol file format this loader reads ($.format_version). */
#define STROMA_PROTOCOL_FORMAT_VERSION 1

/* A gint day that holds no value (an optional day left out of the file). */
#define STROMA_PROTOCOL_NO_DAY G_MININT

/* The end_day of a window that never closes ("end_day": null). */
#define STROMA_PROTOCOL_OPEN_END G_MAXINT

#define STROMA_PROTOCOL_ERROR (stroma_protocol_error_quark ())

/**
 * StromaProtocolError:
 * @STROMA_PROTOCOL_ERROR_PARSE: the text is empty, not UTF-8 or not JSON, or its root is not
 *   an object
 * @STROMA_PROTOCOL_ERROR_UNSUPPORTED: `format_version` is not one this loader reads
 * @STROMA_PROTOCOL_ERROR_MISSING: a required member is absent
 * @STROMA_PROTOCOL_ERROR_TYPE: a member has the wrong JSON type (string, integer, …)
 * @STROMA_PROTOCOL_ERROR_RANGE: a number is out of range, or two numbers are out of order
 * @STROMA_PROTOCOL_ERROR_VALUE: a string is not one of the allowed values, or is empty
 * @STROMA_PROTOCOL_ERROR_UNKNOWN_MEMBER: a member the format does not define (often a typo)
 * @STROMA_PROTOCOL_ERROR_DUPLICATE: an id, or a member name, occurs twice
 * @STROMA_PROTOCOL_ERROR_REFERENCE: a reference names nothing: an unknown stratum, arm, test
 *   code, assessment or endpoint
 *
 * Every message starts with the JSON path of the offending value, for example
 * `$.regimens[2].agents[0].dose: must be a positive number`.
 */
typedef enum
{
  STROMA_PROTOCOL_ERROR_PARSE,
  STROMA_PROTOCOL_ERROR_UNSUPPORTED,
  STROMA_PROTOCOL_ERROR_MISSING,
  STROMA_PROTOCOL_ERROR_TYPE,
  STROMA_PROTOCOL_ERROR_RANGE,
  STROMA_PROTOCOL_ERROR_VALUE,
  STROMA_PROTOCOL_ERROR_UNKNOWN_MEMBER,
  STROMA_PROTOCOL_ERROR_DUPLICATE,
  STROMA_PROTOCOL_ERROR_REFERENCE,
} StromaProtocolError;

GQuark stroma_protocol_error_quark (void);

/* "<", "<=", ">", ">=" in the file. */
typedef enum
{
  STROMA_CMP_LT,
  STROMA_CMP_LE,
  STROMA_CMP_GT,
  STROMA_CMP_GE,
} StromaComparison;

gboolean    stroma_comparison_eval        (StromaComparison  cmp,
                                           double            value,
                                           double            threshold);
const char *stroma_comparison_to_string   (StromaComparison  cmp);
gboolean    stroma_comparison_from_string (const char       *str,
                                           StromaComparison *cmp);

/* A reviewer's annotation of the source text: where the protocol is garbled, contradicts
 * itself, or leaves a value open that the file fills with a default. Every "notes" array in the
 * file ends up in StromaProtocol.notes, with the path of the object that held it. */
typedef struct
{
  char *path;       /* JSON path of the annotated object, e.g. "$.regimens[1]" */
  char *source;     /* section of the protocol text, e.g. "§6.3.1"; nullable */
  char *kind;       /* "defect", "contradiction", "interpretation", "unverified",
                     * "site-default"; nullable */
  char *original;   /* the original wording; nullable */
  char *reading;    /* how the file encodes it */
} StromaNote;

typedef struct
{
  char     *id;
  char     *label;
  double    ratio;             /* allocation weight, > 0 */
  gboolean  receives_product;  /* gets the investigational product */
  guint     target;            /* subjects to enrol in this arm; 0 = not stated */
  char     *note;
} StromaArm;

/* A named group of tests ("cbc" = WBC, NEUT, LYM, HGB, PLAT) or an examination without lab
 * values ("imaging"); observation schedules name assessments or lab test codes. */
typedef struct
{
  char *id;
  char *label;
  GStrv tests;                 /* lab test codes, possibly empty */
} StromaAssessment;

typedef struct
{
  char     *id;
  char     *kind;              /* "inclusion" | "exclusion" */
  char     *text;
  char     *source;            /* section of the protocol text; nullable */
  gboolean  has_rule;
  char     *field;             /* "age", "kps", "ecog", "life_expectancy_months",
                                * "measurable_lesions" or a lab test code */
  double    min;               /* NAN = no lower bound */
  double    max;               /* NAN = no upper bound */
  gboolean  min_inclusive;
  gboolean  max_inclusive;
  char     *unit;              /* for lab fields the canonical unit of the test */
  gboolean  relative_to_uln;   /* min and max are multiples of the upper limit of normal */
  char     *note;
} StromaCriterion;

/* Removal (§4.4 style) and termination criteria: shown to the investigator, not derived. */
typedef struct
{
  char *id;
  char *kind;                  /* "removal" | "termination" */
  char *text;
  char *source;
  char *note;
} StromaDiscontinuation;

typedef struct
{
  char     *agent;
  double    dose;              /* > 0, per `per` */
  char     *dose_unit;         /* "mg", "g", "ug" */
  char     *basis;             /* "kg", "m2", "flat" */
  char     *per;               /* "dose": each administration; "day": the daily dose */
  guint     doses_per_day;     /* q6h = 4 */
  GArray   *days;              /* gint study days; relative to day 0 (all < 0) for conditioning,
                                * to the first mobilisation day (all ≥ 1) for mobilisation */
  char     *route;             /* "iv", "oral", "sc"; nullable */
  char     *note;
  char     *text;              /* the protocol's wording, e.g. "Busulfan (Bu): 0.8mg/kg q6h×4d" */
  gboolean  optional;          /* given only when the investigator selects it */
} StromaRegimenAgent;

typedef struct
{
  char      *id;
  char      *label;
  GStrv      donor_types;      /* stratum ids the regimen is for */
  GPtrArray *agents;           /* StromaRegimenAgent* */
  char      *layout_status;    /* "site-default" | "protocol" | "confirmed" */
  char      *note;
  char      *text;             /* the protocol's heading */
  char      *source;
} StromaRegimen;

typedef struct
{
  char *product;               /* "PBSC" | "BM" | "cord" */
  gint  day;                   /* relative to the first mobilisation day */
  char *text;
} StromaCollection;

/* Donor stem-cell mobilisation and collection. */
typedef struct
{
  char      *recipient;        /* "donor" */
  GPtrArray *agents;           /* StromaRegimenAgent*, days ≥ 1 */
  GPtrArray *collections;      /* StromaCollection* */
  char      *text;
  char      *source;
  char      *note;
} StromaMobilisation;

typedef struct
{
  char     *name;
  double    dose_per_kg;       /* cells/kg, NAN when dose levels are used */
  GArray   *dose_levels;       /* double cells/kg, strictly increasing; level n is index n − 1;
                                * NULL when a single dose is used */
  guint     n_doses;           /* 0 = until stopped */
  guint     interval_days;
  gint      window_before_days;  /* ≥ 0: days a dose may be given before its due date */
  gint      window_after_days;   /* ≥ 0: days a dose may be given after its due date */
  char     *delay_rule;        /* "shift-following": a late dose moves the following ones;
                                * "keep-schedule": due dates stay fixed */
  /* additions */
  char     *description;
  char     *manufacturer;
  char     *route;
  char     *relative_to;       /* "treatment_start" | "day0": the date of dose 1 */
  char     *window_status;     /* "protocol" | "site-default" */
  char     *dose_levels_status;  /* "protocol" | "placeholder"; NULL without dose levels */
  char     *weight_basis;      /* "actual" | "ideal" | "adjusted" */
  double    dose_deviation_threshold;  /* fraction, e.g. 0.05 */
  char     *source;
  char     *note;
} StromaProductSchedule;

/* Dose escalation for dose-level cohorts (3+3 and kin). */
typedef struct
{
  char  *rule;                 /* "3+3" */
  guint  cohort_size;          /* 3 */
  guint  escalate_max_dlt;     /* escalate when DLTs in the cohort ≤ this (0) */
  guint  expand_max_dlt;       /* expand the cohort when DLTs ≤ this (1) … */
  guint  expansion_size;       /* … by this many subjects (3) */
  guint  expanded_escalate_max_dlt;  /* escalate after expansion when DLTs ≤ this (1) */
  guint  dlt_window_days;      /* days after the first dose that count for DLT; 0 = not stated */
  guint  start_level;          /* 1-based */
  char  *source;
  char  *note;
} StromaDoseEscalation;

/* One scheduled group of observations: `tests` are due `times` times every `every_days` days
 * (twice a week = 2 per 7) from start_day to end_day, counted from `relative_to`; or on the
 * listed `days`; or, with `as_needed`, whenever clinically indicated (no due dates). */
typedef struct
{
  char     *id;
  char     *label;
  char     *relative_to;       /* "day0" | "treatment_start" | "screening" | "endpoint" */
  gint      start_day;
  gint      end_day;           /* STROMA_PROTOCOL_OPEN_END = open-ended */
  guint     every_days;        /* 0 with `as_needed` or `days` */
  GStrv     tests;             /* assessment ids or lab test codes */
  /* additions */
  char     *phase;             /* display group, e.g. "Before haematopoietic reconstitution" */
  guint     times;             /* observations per every_days; ≥ 1 */
  GArray   *days;              /* gint fixed time points; NULL when none */
  gboolean  as_needed;
  char     *anchor_endpoint;   /* endpoint whose event day is day 0 when relative_to is
                                * "endpoint"; NULL otherwise */
  char     *after_endpoint;    /* the schedule starts no earlier than this endpoint's event */
  char     *until_endpoint;    /* the schedule ends at this endpoint's event */
  char     *source;
  char     *note;
} StromaObservationPhase;

typedef enum
{
  /* Met on the first (or last, see event_day) value of a run of `consecutive` values that all
   * satisfy the threshold(s) and the transfusion conditions. */
  STROMA_ENDPOINT_RUN,
  /* Met at assessment_day when no other endpoint of the same group has been met: the
   * "no response" of a response classification. */
  STROMA_ENDPOINT_FALLBACK,
} StromaEndpointKind;

/**
 * StromaEndpoint:
 *
 * An efficacy rule on one lab test, as data. A value v qualifies when
 * `stroma_comparison_eval (cmp, v, threshold)` and, with has_upper,
 * `stroma_comparison_eval (upper_cmp, v, upper_threshold)`.
 *
 * With count_by "values" a run is `consecutive` qualifying values on different days (gaps
 * allowed up to max_gap_days, 0 = any gap). With count_by "days" the qualifying values must
 * cover `consecutive` calendar days (last − first + 1 ≥ consecutive) with no two successive
 * values more than max_gap_days apart.
 *
 * Transfusions of `product`: with transfusion_free_days N, a value on day d qualifies only if
 * d − (day of the last transfusion on or before d) ≥ N (CIBMTR: a transfusion on day 0 makes
 * day 7 the first eligible day for N = 7). With transfusion_free_during_run, no transfusion may
 * fall between the first and the last day of the run.
 *
 * Endpoints sharing a `group` form one classification (platelet CR / PR / NR); the first met
 * in file order wins.
 */
typedef struct
{
  char               *id;
  char               *label;
  char               *definition;   /* "protocol" | "registry" */
  char               *reference;    /* where the rule comes from */
  StromaEndpointKind  kind;
  char               *group;        /* nullable */
  char               *category;     /* e.g. "CR"; nullable */
  char               *test_code;
  char               *unit;         /* canonical unit of the test */
  StromaComparison    cmp;
  double              threshold;
  gboolean            has_upper;
  StromaComparison    upper_cmp;
  double              upper_threshold;
  guint               consecutive;  /* ≥ 1 for runs, 0 for fallbacks */
  char               *count_by;     /* "days" | "values" */
  guint               max_gap_days; /* 0 = no limit */
  char               *event_day;    /* "first" | "last" of the run */
  gboolean            after_nadir;  /* only values after the lowest value count */
  char               *product;      /* "RBC" | "PLT" | NULL */
  guint               transfusion_free_days;
  gboolean            transfusion_free_during_run;
  guint               dependent_days;  /* > 0: applies only to subjects given `product` in the
                                        * N days up to the anchor (transfusion-dependent at the
                                        * start); others are not evaluable */
  char               *relative_to;  /* "day0" | "treatment_start" */
  gint                assessment_day;  /* STROMA_PROTOCOL_NO_DAY when none */
  char               *status;       /* "protocol" | "site-default" | "unverified"; nullable */
  char               *note;
} StromaEndpoint;

/* A safety rule: when `event` happens (with CTCAE grade ≥ min_grade, related if
 * related_only) within window_days after `after` (0 = any time), take `action`.
 * Mechanical ventilation is recorded as an adverse event: `terms` names the AE terms that
 * record it (with min_grade); for "adverse-event" rules `terms` narrows the rule to those
 * terms. */
typedef struct
{
  char     *id;
  char     *text;
  char     *source;
  char     *event;          /* "adverse-event" | "death" | "mechanical-ventilation" | "relapse" |
                             * "progression" */
  GStrv     terms;          /* AE terms, compared without case; NULL = any term */
  guint     min_grade;      /* 0 = any */
  gboolean  related_only;   /* relationship in StromaSafety.related_relationships */
  char     *after;          /* "infusion" | "day0" | "treatment_start" | NULL */
  guint     window_days;    /* 0 = no window */
  char     *action;         /* "flag-dlt" | "flag-dose-reduction" | "suspend-trial" |
                             * "stop-product" | "stop-subject" */
  gboolean  needs_review;   /* the condition needs the investigator's judgement: propose,
                             * do not decide */
  char     *note;
} StromaSafetyRule;

typedef struct
{
  char      *ctcae_version;          /* "5.0" */
  GStrv      related_relationships;  /* AE relationships that count as related */
  GStrv      sae_criteria;
  char      *reporting_start;        /* "consent" | "randomization" | "treatment_start";
                                      * nullable */
  guint      reporting_days_after_last_treatment;  /* 0 = not stated */
  char      *reporting_excludes;
  GPtrArray *rules;                  /* StromaSafetyRule* */
  char      *source;
  char      *note;
} StromaSafety;

/* Standard care given beside the study treatment. dose_min/dose_max are NAN when no dose. */
typedef struct
{
  char   *id;
  char   *agent;
  char   *text;
  double  dose_min;
  double  dose_max;
  char   *dose_unit;     /* "mg", "g", "ug", "U", "tablet"; nullable */
  char   *basis;         /* "kg", "m2", "flat"; nullable */
  char   *per;           /* "dose", "day"; nullable */
  char   *route;
  GStrv   arms;          /* arm ids */
  guint   max_level;     /* highest titration dose level (the starting dose is level 1);
                          * 0 = not stated */
  char   *source;
  char   *note;
} StromaCareItem;

/* Dose titration of a standard-care item by a lab value held for min_days. */
typedef struct
{
  char             *id;
  char             *care;          /* StromaCareItem id */
  char             *test_code;
  StromaComparison  cmp;
  double            threshold;
  gboolean          has_upper;
  StromaComparison  upper_cmp;
  double            upper_threshold;
  guint             min_days;      /* the condition must hold this long; 0 = one value */
  char             *action;        /* "increase" | "decrease" | "stop" */
  guint             steps;         /* dose levels to move; 0 for "stop" */
  char             *source;
  char             *note;
} StromaTitrationRule;

/* Sample-size settings for two proportions, as the protocol states them. */
typedef struct
{
  char     *test;                 /* "two-proportions" */
  double    p1;
  double    p2;
  double    alpha;
  double    power;
  guint     sides;                /* 1 | 2 */
  gboolean  continuity_correction;
  double    allocation_ratio;     /* n1 / n2 */
  double    dropout;              /* fraction, [0, 1) */
  char     *dropout_rule;         /* "multiply": n × (1 + d); "divide": n / (1 − d) */
  guint     stated_n_per_arm;     /* 0 = not stated */
  guint     stated_n_per_arm_with_dropout;
  char     *source;
  char     *note;
} StromaStatistics;

typedef struct
{
  char *start;    /* "YYYY-MM" */
  char *end;      /* "YYYY-MM" */
  char *text;
} StromaMilestone;

struct _StromaProtocol
{
  char *id;
  char *version;
  char *title;
  char *short_title;
  char *design;                /* "randomized-controlled" | "dose-escalation" | "single-arm" */
  char *subject_code_prefix;
  guint subject_code_digits;
  char *bsa_formula;           /* "mosteller" | "dubois" */
  double dose_deviation_threshold;  /* fraction; flag conditioning doses off by more */
  GPtrArray *arms;             /* StromaArm* */
  char *stratify_by;           /* subject field, e.g. "donor_type"; NULL = none */
  GStrv strata;                /* allowed stratum values */
  GArray *block_sizes;         /* guint */
  guint target_total;          /* 0 = not stated */
  GPtrArray *criteria;         /* StromaCriterion* */
  GPtrArray *regimens;         /* StromaRegimen* */
  StromaProductSchedule *product;  /* nullable */
  GPtrArray *observation;      /* StromaObservationPhase* */

  /* additions */
  guint format_version;
  char *masking;               /* "open-label" | "single-blind" | "double-blind"; nullable */
  char *sponsor;
  char *principal_investigator;
  char *site;
  char *time_zone;             /* the site's, e.g. "Asia/Shanghai"; NULL = UTC */
  char *department;
  char *funding;
  GStrv subject_identifiers;   /* e.g. "initials", "subject_code" */
  guint retention_years;       /* 0 = not stated */
  guint bsa_decimals;          /* BSA is rounded to this many decimals before dosing */
  char *allocation_method;     /* "stratified-blocks" | "blocks" | "cohort" */
  GStrv strata_labels;         /* parallel to strata */
  GPtrArray *assessments;      /* StromaAssessment* */
  GPtrArray *discontinuation;  /* StromaDiscontinuation* */
  StromaMobilisation *mobilisation;     /* nullable */
  StromaDoseEscalation *escalation;     /* nullable */
  GPtrArray *standard_care;    /* StromaCareItem* */
  GPtrArray *titration;        /* StromaTitrationRule* */
  GPtrArray *endpoints;        /* StromaEndpoint* */
  StromaSafety *safety;        /* nullable */
  StromaStatistics *statistics;  /* nullable */
  GStrv primary_outcomes;
  GStrv secondary_outcomes;
  GStrv safety_outcomes;
  GPtrArray *timeline;         /* StromaMilestone* */
  GPtrArray *notes;            /* StromaNote*, in file order */
  char *note;

  char *source_json;           /* the exact text loaded, to be stored in the trial file */
};

typedef struct _StromaProtocol StromaProtocol;

StromaProtocol         *stroma_protocol_load_file           (const char               *path,
                                                            GError                  **error);
StromaProtocol         *stroma_protocol_load_data           (const char               *data,
                                                            gssize                    length,
                                                            GError                  **error);
void                    stroma_protocol_free                (StromaProtocol           *self);

const StromaRegimen    *stroma_protocol_find_regimen        (const StromaProtocol     *self,
                                                            const char               *donor_type);
const StromaArm        *stroma_protocol_find_arm            (const StromaProtocol     *self,
                                                            const char               *arm_id);
const StromaCriterion  *stroma_protocol_find_criterion      (const StromaProtocol     *self,
                                                            const char               *id);
const StromaEndpoint   *stroma_protocol_find_endpoint       (const StromaProtocol     *self,
                                                            const char               *id);
const StromaAssessment *stroma_protocol_find_assessment     (const StromaProtocol     *self,
                                                            const char               *id);
const StromaCareItem   *stroma_protocol_find_care           (const StromaProtocol     *self,
                                                            const char               *id);
const char             *stroma_protocol_get_stratum_label   (const StromaProtocol     *self,
                                                            const char               *stratum);
double                  stroma_protocol_get_dose_per_kg     (const StromaProtocol     *self,
                                                            guint                     dose_level);
char                   *stroma_protocol_format_subject_code (const StromaProtocol     *self,
                                                            guint                     number);

const char             *stroma_protocol_lab_unit            (const char               *test_code);
guint                   stroma_regimen_agent_get_n_doses    (const StromaRegimenAgent *agent);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (StromaProtocol, stroma_protocol_free)

G_END_DECLS
