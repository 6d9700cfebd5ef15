/* test-safety.c — safety alerts and the reporting period against the protocols' rules
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "core/stroma-safety.h"
#include "stroma-test-records.h"

#define AS_OF "2025-12-31"

/* The msc-pgf subject of every case: day 0 on 2025-01-01, MSC infusions 1–4 on 2025-03-01,
 * 03-08, 03-15 and 03-22 (msc arm only). Day 14 after the last infusion is 2025-04-05; day 84
 * after day 0 is 2025-03-26. */
static StromaSubjectRecord *
pgf_subject (const char *arm,
             guint       missed_from)
{
  static const char * const dates[] = { "2025-03-01", "2025-03-08", "2025-03-15", "2025-03-22" };
  StromaSubjectRecord *record = stroma_test_record_new ("PGF-001", arm);

  if (g_strcmp0 (arm, "msc") == 0)
    {
      for (guint i = 0; i < G_N_ELEMENTS (dates); i++)
        stroma_test_add_infusion (record, i + 1, dates[i],
                                  missed_from != 0 && i + 1 >= missed_from ? "missed" : "given");
    }

  return record;
}

/* "rule-id rule-id? …" in order; "?" marks an alert that needs review. */
static char *
summarize (GPtrArray *alerts)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < alerts->len; i++)
    {
      const StromaSafetyAlert *alert = alerts->pdata[i];

      g_string_append_printf (out, "%s%s%s", i > 0 ? " " : "", alert->rule_id,
                              alert->needs_review ? "?" : "");
    }

  return g_string_free (out, FALSE);
}

static GPtrArray *
evaluate (const StromaProtocol       *protocol,
          const StromaSubjectRecord  *record,
          const char                 *as_of)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *alerts = stroma_safety_evaluate (protocol, record, as_of, &error);

  g_assert_no_error (error);
  g_assert_nonnull (alerts);

  return alerts;
}

typedef enum
{
  EVENT_AE,
  EVENT_FOLLOW_UP,
  EVENT_DISPOSITION,
} EventKind;

typedef struct
{
  const char *name;
  const char *arm;
  EventKind   kind;
  const char *what;           /* AE term, follow-up kind or disposition event */
  int         grade;
  const char *relationship;
  const char *date;
  const char *as_of;          /* NULL: AS_OF */
  guint       missed_from;    /* infusions from this number on were missed; 0: none */
  gboolean    voided;
  const char *expected;
} SafetyCase;

#define AE(term, grade, rel, date) EVENT_AE, term, grade, rel, date
#define FOLLOW_UP(kind, date) EVENT_FOLLOW_UP, kind, 0, NULL, date
#define DISPOSITION(event, date) EVENT_DISPOSITION, event, 0, NULL, date

/* msc-pgf rules, in file order: dlt, dlt-immune, dose-reduction, suspend-ventilation,
 * suspend-grade4, suspend-death, stop-on-relapse. */
static const SafetyCase pgf_cases[] = {
  /* DLT and dose reduction: grade ≥ 3, related, after an infusion */
  { "grade3-related", "msc", AE ("Diarrhea", 3, "possible", "2025-03-05"), NULL, 0, FALSE,
    "dlt dose-reduction" },
  { "grade2-related", "msc", AE ("Allergic reaction", 2, "probable", "2025-03-05"), NULL, 0,
    FALSE, "dlt-immune?" },
  { "grade1-related", "msc", AE ("Allergic reaction", 1, "definite", "2025-03-05"), NULL, 0,
    FALSE, "" },
  { "grade3-unrelated", "msc", AE ("Diarrhea", 3, "unrelated", "2025-03-05"), NULL, 0, FALSE,
    "" },
  { "grade3-unlikely", "msc", AE ("Diarrhea", 3, "unlikely", "2025-03-05"), NULL, 0, FALSE,
    "" },
  { "grade3-no-relationship", "msc", AE ("Diarrhea", 3, NULL, "2025-03-05"), NULL, 0, FALSE,
    "dlt? dose-reduction?" },
  { "grade3-before-infusion", "msc", AE ("Diarrhea", 3, "possible", "2025-02-28"), NULL, 0,
    FALSE, "dlt" },
  { "grade2-before-infusion", "msc", AE ("Allergic reaction", 2, "probable", "2025-02-28"),
    NULL, 0, FALSE, "" },
  { "grade3-control-arm", "control", AE ("Diarrhea", 3, "possible", "2025-03-05"), NULL, 0,
    FALSE, "dlt" },
  { "grade3-voided", "msc", AE ("Diarrhea", 3, "possible", "2025-03-05"), NULL, 0, TRUE, "" },

  /* Suspension: grade 4 related within 14 days after an infusion */
  { "grade4-related-day0", "msc", AE ("Diarrhea", 4, "probable", "2025-03-01"), NULL, 0, FALSE,
    "dlt dose-reduction suspend-grade4" },
  { "grade4-related-day14", "msc", AE ("Diarrhea", 4, "probable", "2025-04-05"), NULL, 0, FALSE,
    "dlt dose-reduction suspend-grade4" },
  { "grade4-related-day15", "msc", AE ("Diarrhea", 4, "probable", "2025-04-06"), NULL, 0, FALSE,
    "dlt dose-reduction" },
  { "grade4-definite", "msc", AE ("Diarrhea", 4, "definite", "2025-03-05"), NULL, 0, FALSE,
    "dlt dose-reduction suspend-grade4" },
  { "grade4-unrelated", "msc", AE ("Diarrhea", 4, "unrelated", "2025-03-05"), NULL, 0, FALSE,
    "" },
  { "grade4-before-infusion", "msc", AE ("Diarrhea", 4, "probable", "2025-02-28"), NULL, 0,
    FALSE, "dlt" },
  { "grade4-missed-infusion", "msc", AE ("Diarrhea", 4, "probable", "2025-03-16"), NULL, 2,
    FALSE, "dlt dose-reduction" },
  { "grade4-given-infusion", "msc", AE ("Diarrhea", 4, "probable", "2025-03-16"), NULL, 0,
    FALSE, "dlt dose-reduction suspend-grade4" },
  { "grade4-control-arm", "control", AE ("Diarrhea", 4, "probable", "2025-03-05"), NULL, 0,
    FALSE, "dlt" },
  { "grade4-after-as-of", "msc", AE ("Diarrhea", 4, "probable", "2025-03-05"), "2025-03-04", 0,
    FALSE, "" },
  { "grade4-on-as-of", "msc", AE ("Diarrhea", 4, "probable", "2025-03-05"), "2025-03-05", 0,
    FALSE, "dlt dose-reduction suspend-grade4" },

  /* Suspension: ventilation, recorded as respiratory failure grade ≥ 4 */
  { "ventilation-day14", "msc", AE ("Respiratory failure", 4, "unrelated", "2025-04-05"), NULL,
    0, FALSE, "suspend-ventilation?" },
  { "ventilation-day15", "msc", AE ("Respiratory failure", 4, "unrelated", "2025-04-06"), NULL,
    0, FALSE, "" },
  { "ventilation-grade3", "msc", AE ("Respiratory failure", 3, "unrelated", "2025-03-05"), NULL,
    0, FALSE, "" },
  { "ventilation-case", "msc", AE ("respiratory FAILURE", 4, "unrelated", "2025-03-05"), NULL, 0,
    FALSE, "suspend-ventilation?" },
  { "ventilation-other-term", "msc", AE ("Pneumonitis", 4, "unrelated", "2025-03-05"), NULL, 0,
    FALSE, "" },
  { "ventilation-before-infusion", "msc",
    AE ("Respiratory failure", 4, "unrelated", "2025-02-28"), NULL, 0, FALSE, "" },
  /* Related: the firm grade 4 rule stands for the suspension, one alert per record. */
  { "ventilation-related", "msc", AE ("Respiratory failure", 4, "possible", "2025-03-05"), NULL,
    0, FALSE, "dlt dose-reduction suspend-grade4" },

  /* Suspension: death within 14 days after an infusion */
  { "death-day14", "msc", FOLLOW_UP ("death", "2025-04-05"), NULL, 0, FALSE, "suspend-death" },
  { "death-day15", "msc", FOLLOW_UP ("death", "2025-04-06"), NULL, 0, FALSE, "" },
  { "death-before-infusion", "msc", FOLLOW_UP ("death", "2025-02-28"), NULL, 0, FALSE, "" },
  { "death-disposition", "msc", DISPOSITION ("died", "2025-03-10"), NULL, 0, FALSE,
    "suspend-death" },
  { "death-grade5-unrelated", "msc", AE ("Sepsis", 5, "unrelated", "2025-03-10"), NULL, 0, FALSE,
    "suspend-death" },
  { "death-grade5-related", "msc", AE ("Sepsis", 5, "possible", "2025-03-10"), NULL, 0, FALSE,
    "dlt dose-reduction suspend-grade4" },
  { "death-control-arm", "control", FOLLOW_UP ("death", "2025-03-10"), NULL, 0, FALSE, "" },
  { "withdrawn-not-death", "msc", DISPOSITION ("withdrawn", "2025-03-10"), NULL, 0, FALSE, "" },

  /* Relapse during the MSC period (84 days after day 0) stops the product */
  { "relapse-day84", "msc", FOLLOW_UP ("relapse", "2025-03-26"), NULL, 0, FALSE,
    "stop-on-relapse" },
  { "relapse-day85", "msc", FOLLOW_UP ("relapse", "2025-03-27"), NULL, 0, FALSE, "" },
  { "relapse-day0", "msc", FOLLOW_UP ("relapse", "2025-01-01"), NULL, 0, FALSE,
    "stop-on-relapse" },
  { "relapse-before-day0", "msc", FOLLOW_UP ("relapse", "2024-12-31"), NULL, 0, FALSE, "" },
  { "relapse-control-arm", "control", FOLLOW_UP ("relapse", "2025-03-10"), NULL, 0, FALSE, "" },
  { "progression-not-relapse", "msc", FOLLOW_UP ("progression", "2025-03-10"), NULL, 0, FALSE,
    "" },
};

static void
add_event (StromaSubjectRecord *record,
           const SafetyCase    *c)
{
  StromaRecord *added = NULL;

  switch (c->kind)
    {
    case EVENT_AE:
      added = (StromaRecord *) stroma_test_add_adverse_event (record, c->what, c->grade,
                                                              c->relationship, c->date);
      break;
    case EVENT_FOLLOW_UP:
      added = (StromaRecord *) stroma_test_add_follow_up (record, c->what, c->date);
      break;
    case EVENT_DISPOSITION:
      added = (StromaRecord *) stroma_test_add_disposition (record, c->what, c->date);
      break;
    default:
      g_assert_not_reached ();
    }

  added->voided = c->voided;
}

static void
run_cases (const StromaProtocol *protocol,
           const SafetyCase     *cases,
           gsize                 n_cases)
{
  for (gsize i = 0; i < n_cases; i++)
    {
      const SafetyCase *c = &cases[i];
      g_autoptr(StromaSubjectRecord) record = pgf_subject (c->arm, c->missed_from);
      g_autoptr(GPtrArray) alerts = NULL;
      g_autofree char *got = NULL;

      add_event (record, c);
      alerts = evaluate (protocol, record, c->as_of != NULL ? c->as_of : AS_OF);
      got = summarize (alerts);

      g_test_message ("%s: got “%s”", c->name, got);
      g_assert_cmpstr (got, ==, c->expected);
    }
}

static void
test_pgf_rules (void)
{
  g_autoptr(StromaProtocol) protocol = stroma_test_shipped_protocol ("msc-pgf");

  run_cases (protocol, pgf_cases, G_N_ELEMENTS (pgf_cases));
}

/* The minimal protocol counts only "possible" as related: relationships are the protocol's. */
static void
test_relationships (void)
{
  static const SafetyCase cases[] = {
    { "possible", "a", AE ("Diarrhea", 4, "possible", "2025-03-05"), NULL, 0, FALSE, "s" },
    { "probable", "a", AE ("Diarrhea", 4, "probable", "2025-03-05"), NULL, 0, FALSE, "" },
    { "grade3", "a", AE ("Diarrhea", 3, "possible", "2025-03-05"), NULL, 0, FALSE, "" },
  };
  g_autoptr(StromaProtocol) protocol =
    stroma_test_minimal_protocol ("minimal-randomized.json", NULL, NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(StromaSubjectRecord) record = stroma_test_record_new ("MIN-001", "a");
      g_autoptr(GPtrArray) alerts = NULL;
      g_autofree char *got = NULL;

      stroma_test_add_infusion (record, 1, "2025-03-01", "given");
      add_event (record, &cases[i]);
      alerts = evaluate (protocol, record, AS_OF);
      got = summarize (alerts);
      g_test_message ("%s: got “%s”", cases[i].name, got);
      g_assert_cmpstr (got, ==, cases[i].expected);
    }

  g_assert_true (stroma_safety_is_related (protocol->safety, "possible", NULL));
  g_assert_false (stroma_safety_is_related (protocol->safety, "probable", NULL));
}

/* msc-crc: DLT is grade ≥ 3 related within 21 days after an infusion. */
static void
test_crc_dlt_window (void)
{
  static const SafetyCase cases[] = {
    { "day21", NULL, AE ("Cytokine release syndrome", 3, "probable", "2025-03-22"), NULL, 0,
      FALSE, "dlt" },
    { "day22", NULL, AE ("Cytokine release syndrome", 3, "probable", "2025-03-23"), NULL, 0,
      FALSE, "" },
    { "grade2", NULL, AE ("Cytokine release syndrome", 2, "probable", "2025-03-05"), NULL, 0,
      FALSE, "" },
    { "unrelated", NULL, AE ("Cytokine release syndrome", 4, "unrelated", "2025-03-05"), NULL, 0,
      FALSE, "" },
  };
  g_autoptr(StromaProtocol) protocol = stroma_test_shipped_protocol ("msc-crc");

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(StromaSubjectRecord) record = stroma_test_record_new ("CRC-001", NULL);
      g_autoptr(GPtrArray) alerts = NULL;
      g_autofree char *got = NULL;

      record->subject->dose_level = 1;
      stroma_test_add_infusion (record, 1, "2025-03-01", "given");
      add_event (record, &cases[i]);
      alerts = evaluate (protocol, record, AS_OF);
      got = summarize (alerts);
      g_test_message ("%s: got “%s”", cases[i].name, got);
      g_assert_cmpstr (got, ==, cases[i].expected);
    }
}

/* What an alert says: dates, term, grade, the infusion counted from. */
static void
test_alert_fields (void)
{
  g_autoptr(StromaProtocol) protocol = stroma_test_shipped_protocol ("msc-pgf");
  g_autoptr(StromaSubjectRecord) record = pgf_subject ("msc", 0);
  StromaAdverseEvent *ae = stroma_test_add_adverse_event (record, "Diarrhea", 4, "probable",
                                                          "2025-04-05");
  g_autoptr(GPtrArray) alerts = evaluate (protocol, record, AS_OF);
  const StromaSafetyAlert *dlt, *suspend;

  g_assert_cmpuint (alerts->len, ==, 3);
  dlt = alerts->pdata[0];
  suspend = alerts->pdata[2];

  g_assert_cmpstr (dlt->action, ==, "flag-dlt");
  g_assert_cmpint (dlt->severity, ==, STROMA_SAFETY_SEVERITY_WARNING);
  g_assert_null (dlt->anchor);
  g_assert_null (dlt->anchor_date);
  g_assert_cmpuint (dlt->infusion_number, ==, 0);
  g_assert_true (strstr (dlt->message, "grade 4 Diarrhea (probable) on 2025-04-05") != NULL);

  g_assert_cmpstr (suspend->rule_id, ==, "suspend-grade4");
  g_assert_cmpstr (suspend->action, ==, "suspend-trial");
  g_assert_cmpstr (suspend->event, ==, "adverse-event");
  g_assert_cmpint (suspend->severity, ==, STROMA_SAFETY_SEVERITY_CRITICAL);
  g_assert_cmpstr (suspend->subject_code, ==, "PGF-001");
  g_assert_cmpstr (suspend->date, ==, "2025-04-05");
  g_assert_cmpint (suspend->record_kind, ==, STROMA_RECORD_ADVERSE_EVENT);
  g_assert_cmpint (suspend->record_id, ==, ae->parent.id);
  g_assert_cmpstr (suspend->term, ==, "Diarrhea");
  g_assert_cmpint (suspend->grade, ==, 4);
  g_assert_cmpstr (suspend->relationship, ==, "probable");
  g_assert_cmpstr (suspend->anchor, ==, "infusion");
  g_assert_cmpstr (suspend->anchor_date, ==, "2025-03-22");
  g_assert_cmpuint (suspend->infusion_number, ==, 4);
  g_assert_cmpint (suspend->days_after, ==, 14);
  g_assert_false (suspend->needs_review);
  g_test_message ("%s", suspend->message);
  g_assert_true (g_str_has_prefix (suspend->message, "Suspend the trial"));
  g_assert_true (strstr (suspend->message, "grade 4 Diarrhea (probable) on 2025-04-05") != NULL);
  g_assert_true (strstr (suspend->message, "14 days after infusion 4 on 2025-03-22") != NULL);
}

static void
test_alert_messages (void)
{
  static const struct
  {
    EventKind   kind;
    const char *what;
    int         grade;
    const char *relationship;
    const char *date;
    const char *expected;
  } cases[] = {
    { EVENT_FOLLOW_UP, "relapse", 0, NULL, "2025-03-26",
      "Stop the study product: relapse on 2025-03-26, day +84 of the transplant on 2025-01-01." },
    { EVENT_FOLLOW_UP, "death", 0, NULL, "2025-03-22",
      "Suspend the trial for re-evaluation: death on 2025-03-22, the day of infusion 4." },
    { EVENT_AE, "Allergic reaction", 2, "probable", "2025-03-09",
      "Dose-limiting toxicity — to be confirmed by the investigator: grade 2 Allergic reaction "
      "(probable) on 2025-03-09, 1 day after infusion 2 on 2025-03-08." },
    { EVENT_AE, "Diarrhea", 3, NULL, "2025-02-27",
      "Dose-limiting toxicity — to be confirmed by the investigator: grade 3 Diarrhea "
      "(relationship not recorded) on 2025-02-27." },
  };
  g_autoptr(StromaProtocol) protocol = stroma_test_shipped_protocol ("msc-pgf");

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(StromaSubjectRecord) record = pgf_subject ("msc", 0);
      g_autoptr(GPtrArray) alerts = NULL;
      SafetyCase c = { "message", "msc", cases[i].kind, cases[i].what, cases[i].grade,
                       cases[i].relationship, cases[i].date, NULL, 0, FALSE, NULL };
      const StromaSafetyAlert *alert;

      add_event (record, &c);
      alerts = evaluate (protocol, record, AS_OF);
      g_assert_cmpuint (alerts->len, ==, 1);
      alert = alerts->pdata[0];
      g_assert_cmpstr (alert->message, ==, cases[i].expected);
    }
}

/* Alerts come by date; on one day in the protocol's rule order. */
static void
test_alert_order (void)
{
  g_autoptr(StromaProtocol) protocol = stroma_test_shipped_protocol ("msc-pgf");
  g_autoptr(StromaSubjectRecord) record = pgf_subject ("msc", 0);
  g_autoptr(GPtrArray) alerts = NULL;
  g_autofree char *got = NULL;

  stroma_test_add_follow_up (record, "death", "2025-03-30");
  stroma_test_add_follow_up (record, "relapse", "2025-03-20");
  stroma_test_add_adverse_event (record, "Diarrhea", 3, "possible", "2025-03-25");
  alerts = evaluate (protocol, record, AS_OF);
  got = summarize (alerts);
  g_assert_cmpstr (got, ==, "stop-on-relapse dlt dose-reduction suspend-death");

  for (guint i = 1; i < alerts->len; i++)
    g_assert_cmpstr (((StromaSafetyAlert *) alerts->pdata[i - 1])->date, <=,
                     ((StromaSafetyAlert *) alerts->pdata[i])->date);
}

static void
test_match_dlt (void)
{
  g_autoptr(StromaProtocol) protocol = stroma_test_shipped_protocol ("msc-pgf");
  g_autoptr(StromaSubjectRecord) record = pgf_subject ("msc", 0);
  StromaAdverseEvent *grade3 = stroma_test_add_adverse_event (record, "Diarrhea", 3, "possible",
                                                              "2025-03-05");
  StromaAdverseEvent *grade2 = stroma_test_add_adverse_event (record, "Allergic reaction", 2,
                                                              "probable", "2025-03-05");
  StromaAdverseEvent *unrelated = stroma_test_add_adverse_event (record, "Diarrhea", 4,
                                                                 "unrelated", "2025-03-05");
  const StromaSafetyRule *rule;
  gboolean review = TRUE;

  rule = stroma_safety_match_dlt (protocol, record, grade3, &review);
  g_assert_nonnull (rule);
  g_assert_cmpstr (rule->id, ==, "dlt");
  g_assert_false (review);

  rule = stroma_safety_match_dlt (protocol, record, grade2, &review);
  g_assert_nonnull (rule);
  g_assert_cmpstr (rule->id, ==, "dlt-immune");
  g_assert_true (review);

  g_assert_null (stroma_safety_match_dlt (protocol, record, unrelated, &review));
  g_assert_false (review);
}

static void
test_no_safety_section (void)
{
  g_autoptr(StromaProtocol) protocol =
    stroma_test_minimal_protocol ("minimal-escalation.json", NULL, NULL);
  g_autoptr(StromaSubjectRecord) record = pgf_subject ("m", 0);
  g_autoptr(GPtrArray) alerts = NULL;

  stroma_test_add_adverse_event (record, "Diarrhea", 5, "definite", "2025-03-05");
  alerts = evaluate (protocol, record, AS_OF);
  g_assert_cmpuint (alerts->len, ==, 0);
}

static void
test_invalid_date (void)
{
  static const char * const dates[] = {
    "", "2025-02-30", "2025-3-1", "20250301", "2025-03-01T00:00:00Z", "yesterday",
  };
  g_autoptr(StromaProtocol) protocol = stroma_test_shipped_protocol ("msc-pgf");
  g_autoptr(StromaSubjectRecord) record = pgf_subject ("msc", 0);

  for (gsize i = 0; i < G_N_ELEMENTS (dates); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GError) period_error = NULL;

      g_test_message ("as of “%s”", dates[i]);
      g_assert_null (stroma_safety_evaluate (protocol, record, dates[i], &error));
      g_assert_error (error, STROMA_SAFETY_ERROR, STROMA_SAFETY_ERROR_INVALID_DATE);
      g_assert_null (stroma_safety_reporting_period (protocol, record, dates[i], &period_error));
      g_assert_error (period_error, STROMA_SAFETY_ERROR, STROMA_SAFETY_ERROR_INVALID_DATE);
    }
}

static void
test_severity (void)
{
  static const struct
  {
    const char           *action;
    StromaSafetySeverity  severity;
  } cases[] = {
    { "flag-dlt", STROMA_SAFETY_SEVERITY_WARNING },
    { "flag-dose-reduction", STROMA_SAFETY_SEVERITY_WARNING },
    { "suspend-trial", STROMA_SAFETY_SEVERITY_CRITICAL },
    { "stop-product", STROMA_SAFETY_SEVERITY_CRITICAL },
    { "stop-subject", STROMA_SAFETY_SEVERITY_CRITICAL },
  };
  StromaSafetySeverity severity;

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *id;

      g_assert_cmpint (stroma_safety_action_severity (cases[i].action), ==, cases[i].severity);
      g_assert_cmpstr (stroma_safety_action_label (cases[i].action), !=, cases[i].action);
      id = stroma_safety_severity_to_string (cases[i].severity);
      g_assert_true (stroma_safety_severity_from_string (id, &severity));
      g_assert_cmpint (severity, ==, cases[i].severity);
    }

  g_assert_cmpstr (stroma_safety_severity_to_string (STROMA_SAFETY_SEVERITY_WARNING), ==,
                   "warning");
  g_assert_cmpstr (stroma_safety_severity_to_string (STROMA_SAFETY_SEVERITY_CRITICAL), ==,
                   "critical");
  g_assert_false (stroma_safety_severity_from_string ("fatal", &severity));
  g_assert_false (stroma_safety_severity_from_string (NULL, &severity));
}

/* Reporting period: msc-pgf, consent to 183 days after the last treatment. */

typedef struct
{
  const char *name;
  const char *arm;
  guint       planned_from;   /* infusions from this number on are still planned; 0: none */
  const char *medication;     /* agent, or NULL */
  const char *medication_end; /* NULL: still running */
  const char *disposition;    /* date of a disposition, or NULL */
  const char *as_of;
  const char *last_treatment;
  const char *end;
  gboolean    provisional;
} PeriodCase;

static void
test_reporting_period (void)
{
  static const PeriodCase cases[] = {
    { "infusions", "msc", 0, NULL, NULL, NULL, AS_OF, "2025-03-22", "2025-09-21", FALSE },
    { "tpo-ra-after-infusions", "msc", 0, "TPO-RA", "2025-05-01", NULL, AS_OF, "2025-05-01",
      "2025-10-31", FALSE },
    { "other-medication", "msc", 0, "Acyclovir", "2025-05-01", NULL, AS_OF, "2025-03-22",
      "2025-09-21", FALSE },
    { "tpo-ra-running", "control", 0, "TPO-RA", NULL, NULL, "2025-06-30", "2025-06-30",
      "2025-12-30", TRUE },
    { "tpo-ra-ends-later", "control", 0, "TPO-RA", "2025-08-01", NULL, "2025-06-30",
      "2025-06-30", "2025-12-30", TRUE },
    { "tpo-ra-stopped-by-disposition", "control", 0, "TPO-RA", NULL, "2025-06-01", "2025-06-30",
      "2025-06-01", "2025-12-01", FALSE },
    { "infusions-planned", "msc", 3, NULL, NULL, NULL, "2025-03-10", "2025-03-08", "2025-09-07",
      TRUE },
    { "no-treatment", "control", 0, NULL, NULL, NULL, AS_OF, NULL, NULL, FALSE },
  };
  g_autoptr(StromaProtocol) protocol = stroma_test_shipped_protocol ("msc-pgf");

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const PeriodCase *c = &cases[i];
      g_autoptr(StromaSubjectRecord) record = pgf_subject (c->arm, 0);
      g_autoptr(StromaReportingPeriod) period = NULL;
      g_autoptr(GError) error = NULL;

      g_test_message ("%s", c->name);
      for (guint j = 0; j < record->infusions->len; j++)
        {
          StromaInfusion *infusion = record->infusions->pdata[j];

          if (c->planned_from != 0 && infusion->number >= c->planned_from)
            {
              g_free (infusion->status);
              infusion->status = g_strdup ("planned");
              g_clear_pointer (&infusion->given_at, g_free);
            }
        }
      if (c->medication != NULL)
        stroma_test_add_medication (record, c->medication, 1, "2025-03-01", c->medication_end);
      if (c->disposition != NULL)
        stroma_test_add_disposition (record, "withdrawn", c->disposition);

      period = stroma_safety_reporting_period (protocol, record, c->as_of, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (period->start, ==, "2024-12-20");
      g_assert_cmpstr (period->last_treatment, ==, c->last_treatment);
      g_assert_cmpstr (period->end, ==, c->end);
      g_assert_cmpint (period->provisional, ==, c->provisional);
    }
}

static void
test_reporting_period_contains (void)
{
  static const struct
  {
    const char *date;
    gboolean    inside;
  } cases[] = {
    { "2024-12-19", FALSE }, { "2024-12-20", TRUE }, { "2025-06-01", TRUE },
    { "2025-09-21", TRUE }, { "2025-09-22", FALSE }, { "not a date", FALSE },
  };
  g_autoptr(StromaProtocol) protocol = stroma_test_shipped_protocol ("msc-pgf");
  g_autoptr(StromaSubjectRecord) record = pgf_subject ("msc", 0);
  g_autoptr(StromaReportingPeriod) period = NULL;
  g_autoptr(GError) error = NULL;
  StromaReportingPeriod open = { NULL, NULL, NULL, FALSE };

  period = stroma_safety_reporting_period (protocol, record, AS_OF, &error);
  g_assert_no_error (error);

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("%s", cases[i].date);
      g_assert_cmpint (stroma_reporting_period_contains (period, cases[i].date), ==,
                       cases[i].inside);
    }

  /* Nothing recorded yet: open at both ends. */
  g_assert_true (stroma_reporting_period_contains (&open, "1999-01-01"));
}

static void
test_reporting_start (void)
{
  static const struct
  {
    const char *start;
    const char *expected;
  } cases[] = {
    { "'consent'", "2024-12-20" },
    { "'randomization'", "2025-02-20" },
    { "'treatment_start'", "2025-03-01" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(StromaProtocol) protocol = NULL;
      g_autoptr(StromaSubjectRecord) record = pgf_subject ("msc", 0);
      g_autoptr(StromaReportingPeriod) period = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *json = g_strdelimit (g_strdup (cases[i].start), "'", '"');

      protocol = stroma_test_minimal_protocol ("minimal-randomized.json",
                                               "safety.reporting.start", json);
      period = stroma_safety_reporting_period (protocol, record, AS_OF, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (period->start, ==, cases[i].expected);
      g_assert_cmpstr (period->end, ==, "2025-09-21");
    }
}

static void
test_reporting_not_stated (void)
{
  g_autoptr(StromaProtocol) protocol =
    stroma_test_minimal_protocol ("minimal-escalation.json", NULL, NULL);
  g_autoptr(StromaProtocol) crc = stroma_test_shipped_protocol ("msc-crc");
  g_autoptr(StromaSubjectRecord) record = pgf_subject ("m", 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) crc_error = NULL;

  g_assert_null (stroma_safety_reporting_period (protocol, record, AS_OF, &error));
  g_assert_error (error, STROMA_SAFETY_ERROR, STROMA_SAFETY_ERROR_NOT_STATED);

  /* msc-crc has safety rules but no reporting period. */
  g_assert_null (stroma_safety_reporting_period (crc, record, AS_OF, &crc_error));
  g_assert_error (crc_error, STROMA_SAFETY_ERROR, STROMA_SAFETY_ERROR_NOT_STATED);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/safety/pgf/rules", test_pgf_rules);
  g_test_add_func ("/safety/relationships", test_relationships);
  g_test_add_func ("/safety/crc/dlt-window", test_crc_dlt_window);
  g_test_add_func ("/safety/alert/fields", test_alert_fields);
  g_test_add_func ("/safety/alert/messages", test_alert_messages);
  g_test_add_func ("/safety/alert/order", test_alert_order);
  g_test_add_func ("/safety/match-dlt", test_match_dlt);
  g_test_add_func ("/safety/no-safety-section", test_no_safety_section);
  g_test_add_func ("/safety/invalid-date", test_invalid_date);
  g_test_add_func ("/safety/severity", test_severity);
  g_test_add_func ("/safety/reporting-period/end", test_reporting_period);
  g_test_add_func ("/safety/reporting-period/contains", test_reporting_period_contains);
  g_test_add_func ("/safety/reporting-period/start", test_reporting_start);
  g_test_add_func ("/safety/reporting-period/not-stated", test_reporting_not_stated);

  return g_test_run ();
}
