/* test-escalation.c — the 3+3 rule and dose-level cohort summaries
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "core/stroma-escalation.h"
#include "stroma-test-records.h"

/* The 3+3 decision */

typedef struct
{
  guint       n;
  guint       dlt;
  gboolean    top;
  const char *expected;
} DecideCase;

/* Le Tourneau et al., JNCI 2009 */
static const DecideCase standard_cases[] = {
  { 0, 0, FALSE, "enrol" },
  { 1, 0, FALSE, "enrol" },
  { 2, 0, FALSE, "enrol" },
  { 1, 1, FALSE, "enrol" },
  { 2, 1, FALSE, "enrol" },
  { 2, 2, FALSE, "mtd-exceeded" },
  { 3, 0, FALSE, "escalate" },
  { 3, 0, TRUE, "top-reached" },
  { 3, 1, FALSE, "expand" },
  { 3, 1, TRUE, "expand" },
  { 3, 2, FALSE, "mtd-exceeded" },
  { 3, 3, FALSE, "mtd-exceeded" },
  { 4, 0, FALSE, "escalate" },
  { 4, 1, FALSE, "expand" },
  { 5, 1, FALSE, "expand" },
  { 4, 2, FALSE, "mtd-exceeded" },
  { 6, 0, FALSE, "escalate" },
  { 6, 1, FALSE, "escalate" },
  { 6, 1, TRUE, "top-reached" },
  { 6, 2, FALSE, "mtd-exceeded" },
  { 6, 2, TRUE, "mtd-exceeded" },
  { 7, 1, FALSE, "escalate" },
};

static void
test_decide_standard (void)
{
  g_autoptr(StromaProtocol) crc = stroma_test_shipped_protocol ("msc-crc");

  for (gsize i = 0; i < G_N_ELEMENTS (standard_cases); i++)
    {
      const DecideCase *c = &standard_cases[i];
      StromaEscalationLevel level = { c->n, c->dlt };

      g_test_message ("%u/%u%s", c->dlt, c->n, c->top ? " top" : "");
      g_assert_cmpstr (stroma_escalation_decision_to_id (stroma_escalation_decide (&level, c->top)),
                       ==, c->expected);
      /* msc-crc states the standard 3+3 as data. */
      g_assert_cmpstr (stroma_escalation_decision_to_id (
                         stroma_escalation_decide_with (crc->escalation, &level, c->top)),
                       ==, c->expected);
    }
}

/* Other settings: cohorts of 4, escalate at ≤ 1, expand by 4 at 2, escalate at ≤ 3 of 8. */
static void
test_decide_settings (void)
{
  static const StromaDoseEscalation rule = {
    .rule = (char *) "3+3", .cohort_size = 4, .escalate_max_dlt = 1, .expand_max_dlt = 2,
    .expansion_size = 4, .expanded_escalate_max_dlt = 3, .dlt_window_days = 28,
    .start_level = 1,
  };
  static const DecideCase cases[] = {
    { 3, 0, FALSE, "enrol" },
    { 3, 2, FALSE, "enrol" },
    { 3, 3, FALSE, "mtd-exceeded" },
    { 4, 1, FALSE, "escalate" },
    { 4, 2, FALSE, "expand" },
    { 4, 3, FALSE, "mtd-exceeded" },
    { 6, 3, FALSE, "expand" },
    { 8, 3, FALSE, "escalate" },
    { 8, 3, TRUE, "top-reached" },
    { 8, 4, FALSE, "mtd-exceeded" },
  };
  static const StromaEscalationLevel levels[] = { { 8, 3 }, { 4, 2 } };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      StromaEscalationLevel level = { cases[i].n, cases[i].dlt };

      g_test_message ("%u/%u", cases[i].dlt, cases[i].n);
      g_assert_cmpstr (stroma_escalation_decision_to_id (
                         stroma_escalation_decide_with (&rule, &level, cases[i].top)),
                       ==, cases[i].expected);
    }

  /* 3/8 passes these settings; the standard rule would call it exceeded. */
  g_assert_cmpint (stroma_escalation_mtd_with (&rule, levels, G_N_ELEMENTS (levels)), ==, 0);
  g_assert_cmpint (stroma_escalation_mtd (levels, G_N_ELEMENTS (levels)), ==, -1);
}

typedef struct
{
  const char            *name;
  StromaEscalationLevel  levels[4];
  guint                  n_levels;
  gint                   mtd;
} MtdCase;

static void
test_mtd (void)
{
  static const MtdCase cases[] = {
    { "none", { { 0 } }, 0, -1 },
    { "0/3", { { 3, 0 } }, 1, -1 },
    { "0/6", { { 6, 0 } }, 1, 0 },
    { "1/6-then-2/3", { { 6, 1 }, { 3, 2 } }, 2, 0 },
    { "0/3-then-2/3", { { 3, 0 }, { 3, 2 } }, 2, -1 },
    { "0/3-1/6-2/6", { { 3, 0 }, { 6, 1 }, { 6, 2 } }, 3, 1 },
    { "1/6-1/6-0/3", { { 6, 1 }, { 6, 1 }, { 3, 0 } }, 3, 1 },
    { "2/3", { { 3, 2 } }, 1, -1 },
    { "0/6-then-0/2", { { 6, 0 }, { 2, 0 }, { 6, 0 } }, 3, 0 },
  };
  g_autoptr(StromaProtocol) crc = stroma_test_shipped_protocol ("msc-crc");

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("%s", cases[i].name);
      g_assert_cmpint (stroma_escalation_mtd (cases[i].levels, cases[i].n_levels), ==,
                       cases[i].mtd);
      g_assert_cmpint (stroma_escalation_mtd_with (crc->escalation, cases[i].levels,
                                                   cases[i].n_levels), ==, cases[i].mtd);
    }
}

static void
test_decision_ids (void)
{
  static const char * const ids[] = {
    "enrol", "escalate", "expand", "mtd-exceeded", "top-reached", "pending",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      const char *text = stroma_escalation_decision_to_string ((StromaEscalationDecision) i);

      g_assert_cmpstr (stroma_escalation_decision_to_id ((StromaEscalationDecision) i), ==, ids[i]);
      g_assert_nonnull (text);
      g_assert_cmpstr (text, !=, "");
    }
}

/* Cohort summaries: msc-crc, DLT window 21 days after the first infusion. */

#define BASE "2025-01-06"
#define NONE (-1)

typedef enum
{
  DLT_NONE,
  DLT_RULE,        /* grade 3 related: a DLT by the protocol's rule */
  DLT_FLAG,        /* grade 2 unrelated, recorded as a DLT by the investigator */
  DLT_UNRELATED,   /* grade 3 unrelated, not recorded as a DLT */
  DLT_UNASSESSED,  /* grade 3, relationship not recorded: a DLT only proposed */
} DltKind;

typedef struct
{
  guint   level;       /* 0 ends the list */
  int     first_dose;  /* days after BASE; NONE: not treated */
  DltKind dlt;
  int     dlt_day;     /* days after the first dose */
  int     off_day;     /* withdrawn this many days after the first dose; NONE: not */
  int     second_dose; /* days after the first dose; 0: none */
} Spec;

typedef struct
{
  guint       assigned;
  guint       treated;
  guint       evaluable;
  guint       pending;
  guint       dlt;
  const char *decision;
} LevelExpect;

typedef struct
{
  const char  *name;
  Spec         subjects[13];
  int          as_of;       /* days after BASE */
  LevelExpect  levels[3];
  guint        recommended;
  guint        mtd;
} Scenario;

#define S(level, day) { level, day, DLT_NONE, 0, NONE, 0 }
#define D(level, day, dlt_day) { level, day, DLT_RULE, dlt_day, NONE, 0 }
#define EMPTY { 0, 0, 0, 0, 0, "enrol" }

static const Scenario scenarios[] = {
  { "0/3", { S (1, 0), S (1, 2), S (1, 4) }, 200,
    { { 3, 3, 3, 0, 0, "escalate" }, EMPTY, EMPTY }, 2, 0 },
  { "1/3", { S (1, 0), D (1, 2, 5), S (1, 4) }, 200,
    { { 3, 3, 3, 0, 1, "expand" }, EMPTY, EMPTY }, 1, 0 },
  { "1/6", { S (1, 0), D (1, 2, 5), S (1, 4), S (1, 30), S (1, 32), S (1, 34) }, 200,
    { { 6, 6, 6, 0, 1, "escalate" }, EMPTY, EMPTY }, 2, 1 },
  { "2/6", { S (1, 0), D (1, 2, 5), S (1, 4), S (1, 30), D (1, 32, 10), S (1, 34) }, 200,
    { { 6, 6, 6, 0, 2, "mtd-exceeded" }, EMPTY, EMPTY }, 0, 0 },
  { "2/3", { S (1, 0), S (1, 2), S (1, 4), D (2, 30, 1), D (2, 32, 2), S (2, 34) }, 200,
    { { 3, 3, 3, 0, 0, "escalate" }, { 3, 3, 3, 0, 2, "mtd-exceeded" }, EMPTY }, 1, 0 },
  { "all-levels-pass", { S (1, 0), S (1, 2), S (1, 4), S (2, 30), S (2, 32), S (2, 34),
                         S (3, 60), S (3, 62), S (3, 64) }, 200,
    { { 3, 3, 3, 0, 0, "escalate" }, { 3, 3, 3, 0, 0, "escalate" },
      { 3, 3, 3, 0, 0, "top-reached" } }, 3, 0 },
  { "top-level-1/6", { S (1, 0), S (1, 2), S (1, 4), S (2, 30), S (2, 32), S (2, 34),
                       S (3, 60), S (3, 62), D (3, 64, 3), S (3, 90), S (3, 92), S (3, 94) }, 200,
    { { 3, 3, 3, 0, 0, "escalate" }, { 3, 3, 3, 0, 0, "escalate" },
      { 6, 6, 6, 0, 1, "top-reached" } }, 3, 3 },

  /* The DLT window: not complete on its last day, complete the day after */
  { "windows-open", { S (1, 190), S (1, 192), S (1, 195) }, 200,
    { { 3, 3, 0, 3, 0, "pending" }, EMPTY, EMPTY }, 1, 0 },
  { "window-last-day", { S (1, 170), S (1, 178), S (1, 179) }, 200,
    { { 3, 3, 2, 1, 0, "pending" }, EMPTY, EMPTY }, 1, 0 },
  { "window-complete", { S (1, 170), S (1, 177), S (1, 178) }, 200,
    { { 3, 3, 3, 0, 0, "escalate" }, EMPTY, EMPTY }, 2, 0 },
  { "too-few-treated", { S (1, 170), S (1, 175) }, 200,
    { { 2, 2, 2, 0, 0, "enrol" }, EMPTY, EMPTY }, 1, 0 },
  { "dlt-in-open-window", { D (1, 190, 3), S (1, 192), S (1, 195) }, 200,
    { { 3, 3, 1, 2, 1, "pending" }, EMPTY, EMPTY }, 1, 0 },
  { "expansion-pending", { S (1, 0), D (1, 2, 5), S (1, 4), S (1, 190), S (1, 192),
                           S (1, 195) }, 200,
    { { 6, 6, 3, 3, 1, "pending" }, EMPTY, EMPTY }, 1, 0 },

  /* Which adverse events are DLTs: day 21 vs 22 of the window, related vs unrelated */
  { "dlt-day21-vs-22", { D (1, 0, 21), D (1, 2, 22), S (1, 4) }, 200,
    { { 3, 3, 3, 0, 1, "expand" }, EMPTY, EMPTY }, 1, 0 },
  { "dlt-before-first-dose", { D (1, 0, -1), S (1, 2), S (1, 4) }, 200,
    { { 3, 3, 3, 0, 0, "escalate" }, EMPTY, EMPTY }, 2, 0 },
  { "unrelated-grade3", { { 1, 0, DLT_UNRELATED, 5, NONE, 0 }, S (1, 2), S (1, 4) }, 200,
    { { 3, 3, 3, 0, 0, "escalate" }, EMPTY, EMPTY }, 2, 0 },
  { "recorded-as-dlt", { { 1, 0, DLT_FLAG, 5, NONE, 0 }, S (1, 2), S (1, 4) }, 200,
    { { 3, 3, 3, 0, 1, "expand" }, EMPTY, EMPTY }, 1, 0 },
  { "recorded-dlt-before-first-dose", { { 1, 0, DLT_FLAG, -1, NONE, 0 }, S (1, 2), S (1, 4) },
    200, { { 3, 3, 3, 0, 0, "escalate" }, EMPTY, EMPTY }, 2, 0 },
  { "relationship-not-recorded", { { 1, 0, DLT_UNASSESSED, 5, NONE, 0 }, S (1, 2), S (1, 4) },
    200, { { 3, 3, 3, 0, 0, "escalate" }, EMPTY, EMPTY }, 2, 0 },
  /* Related grade 3 within 21 days of the second cycle: a DLT alert, but outside the first
   * cycle that decides escalation. */
  { "dlt-in-second-cycle", { { 1, 0, DLT_RULE, 25, NONE, 21 }, S (1, 2), S (1, 4) }, 200,
    { { 3, 3, 3, 0, 0, "escalate" }, EMPTY, EMPTY }, 2, 0 },

  /* Subjects who leave early without DLT are replaced; untreated ones wait */
  { "left-early", { S (1, 0), { 1, 2, DLT_NONE, 0, 10, 0 }, S (1, 4) }, 200,
    { { 3, 3, 2, 0, 0, "enrol" }, EMPTY, EMPTY }, 1, 0 },
  { "left-after-window", { S (1, 0), { 1, 2, DLT_NONE, 0, 21, 0 }, S (1, 4) }, 200,
    { { 3, 3, 3, 0, 0, "escalate" }, EMPTY, EMPTY }, 2, 0 },
  { "left-after-dlt", { S (1, 0), { 1, 2, DLT_RULE, 3, 5, 0 }, S (1, 4) }, 200,
    { { 3, 3, 3, 0, 1, "expand" }, EMPTY, EMPTY }, 1, 0 },
  { "not-treated", { S (1, 0), S (1, NONE), S (1, 4) }, 200,
    { { 3, 2, 2, 0, 0, "enrol" }, EMPTY, EMPTY }, 1, 0 },
  { "treated-after-as-of", { S (1, 0), S (1, 2), S (1, 250) }, 200,
    { { 3, 2, 2, 0, 0, "enrol" }, EMPTY, EMPTY }, 1, 0 },

  /* After the MTD, more subjects at it do not reopen the decision */
  { "expansion-at-mtd", { S (1, 0), S (1, 2), S (1, 4), S (2, 30), D (2, 32, 4), S (2, 34),
                          S (2, 60), S (2, 62), S (2, 64), D (3, 90, 2), D (3, 92, 2), S (3, 94),
                          D (2, 150, 3) }, 200,
    { { 3, 3, 3, 0, 0, "escalate" }, { 7, 7, 7, 0, 2, "escalate" },
      { 3, 3, 3, 0, 2, "mtd-exceeded" } }, 2, 2 },
  { "de-escalate-to-expand", { S (1, 0), S (1, 2), S (1, 4), S (2, 30), S (2, 32), S (2, 34),
                               D (3, 60, 2), D (3, 62, 2), S (3, 64) }, 200,
    { { 3, 3, 3, 0, 0, "escalate" }, { 3, 3, 3, 0, 0, "escalate" },
      { 3, 3, 3, 0, 2, "mtd-exceeded" } }, 2, 0 },
};

static StromaSubjectRecord *
crc_subject (guint       number,
             const Spec *spec)
{
  g_autofree char *code = g_strdup_printf ("CRC-%03u", number);
  StromaSubjectRecord *record = stroma_test_record_new (code, NULL);
  g_autofree char *first = NULL;
  g_autofree char *onset = NULL;
  StromaAdverseEvent *ae;

  record->subject->dose_level = spec->level;
  if (spec->first_dose == NONE)
    return record;

  first = stroma_test_date_add (BASE, spec->first_dose);
  g_free (record->subject->treatment_start);
  record->subject->treatment_start = g_strdup (first);
  stroma_test_add_infusion (record, 1, first, "given");
  if (spec->second_dose != 0)
    {
      g_autofree char *second = stroma_test_date_add (first, spec->second_dose);

      stroma_test_add_infusion (record, 2, second, "given");
    }

  onset = stroma_test_date_add (first, spec->dlt_day);
  switch (spec->dlt)
    {
    case DLT_RULE:
      stroma_test_add_adverse_event (record, "Cytokine release syndrome", 3, "probable", onset);
      break;
    case DLT_FLAG:
      ae = stroma_test_add_adverse_event (record, "Colitis", 2, "unrelated", onset);
      ae->dlt = TRUE;
      break;
    case DLT_UNRELATED:
      stroma_test_add_adverse_event (record, "Colitis", 3, "unrelated", onset);
      break;
    case DLT_UNASSESSED:
      stroma_test_add_adverse_event (record, "Cytokine release syndrome", 3, NULL, onset);
      break;
    case DLT_NONE:
    default:
      break;
    }

  if (spec->off_day != NONE)
    {
      g_autofree char *off = stroma_test_date_add (first, spec->off_day);

      stroma_test_add_disposition (record, "withdrawn", off);
    }

  return record;
}

static GPtrArray *
build_records (const Spec *specs,
               gsize       n_specs)
{
  GPtrArray *records = g_ptr_array_new_with_free_func ((GDestroyNotify) stroma_subject_record_free);

  for (gsize i = 0; i < n_specs && specs[i].level != 0; i++)
    g_ptr_array_add (records, crc_subject ((guint) i + 1, &specs[i]));

  return records;
}

static StromaEscalationSummary *
summarize (const StromaProtocol *protocol,
           GPtrArray            *records,
           const char           *as_of)
{
  g_autoptr(GError) error = NULL;
  StromaEscalationSummary *summary =
    stroma_escalation_summarize (protocol, (StromaSubjectRecord * const *) records->pdata,
                                 records->len, as_of, &error);

  g_assert_no_error (error);
  g_assert_nonnull (summary);
  g_test_message ("%s", summary->message);

  return summary;
}

static void
test_summary_scenarios (void)
{
  g_autoptr(StromaProtocol) protocol = stroma_test_shipped_protocol ("msc-crc");

  for (gsize i = 0; i < G_N_ELEMENTS (scenarios); i++)
    {
      const Scenario *s = &scenarios[i];
      g_autoptr(GPtrArray) records = build_records (s->subjects, G_N_ELEMENTS (s->subjects));
      g_autofree char *as_of = stroma_test_date_add (BASE, s->as_of);
      g_autoptr(StromaEscalationSummary) summary = NULL;

      g_test_message ("scenario %s", s->name);
      summary = summarize (protocol, records, as_of);
      g_assert_cmpstr (summary->as_of, ==, as_of);
      g_assert_cmpuint (summary->levels->len, ==, 3);

      for (guint j = 0; j < 3; j++)
        {
          const StromaEscalationLevelSummary *level = summary->levels->pdata[j];
          const LevelExpect *e = &s->levels[j];

          g_test_message ("level %u", j + 1);
          g_assert_cmpuint (level->level, ==, j + 1);
          g_assert_cmpuint (level->n_assigned, ==, e->assigned);
          g_assert_cmpuint (level->n_treated, ==, e->treated);
          g_assert_cmpuint (level->n_evaluable, ==, e->evaluable);
          g_assert_cmpuint (level->n_pending, ==, e->pending);
          g_assert_cmpuint (level->n_dlt, ==, e->dlt);
          g_assert_cmpuint (g_strv_length (level->dlt_codes), ==, e->dlt);
          g_assert_cmpuint (level->subjects->len, ==, e->treated);
          g_assert_cmpstr (stroma_escalation_decision_to_id (level->decision), ==, e->decision);
        }

      g_assert_cmpuint (summary->recommended_level, ==, s->recommended);
      g_assert_cmpuint (summary->mtd_level, ==, s->mtd);
      g_assert_nonnull (summary->message);
    }
}

/* Per-subject detail: window dates, DLT term and date, who the decision counted. */
static void
test_summary_subjects (void)
{
  g_autoptr(StromaProtocol) protocol = stroma_test_shipped_protocol ("msc-crc");
  const Scenario *s = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(StromaEscalationSummary) summary = NULL;
  const StromaEscalationLevelSummary *level2;
  const StromaEscalationSubject *first, *late;

  for (gsize i = 0; i < G_N_ELEMENTS (scenarios); i++)
    if (g_str_equal (scenarios[i].name, "expansion-at-mtd"))
      s = &scenarios[i];
  g_assert_nonnull (s);

  records = build_records (s->subjects, G_N_ELEMENTS (s->subjects));
  summary = summarize (protocol, records, "2025-07-25");
  level2 = summary->levels->pdata[1];

  g_assert_cmpfloat (level2->dose_per_kg, ==, 1e6);
  g_assert_cmpstrv (level2->dlt_codes, ((const char * const []) { "CRC-005", "CRC-013", NULL }));
  g_assert_cmpuint (level2->counted.n_treated, ==, 6);
  g_assert_cmpuint (level2->counted.n_dlt, ==, 1);

  first = level2->subjects->pdata[1];
  g_assert_cmpstr (first->code, ==, "CRC-005");
  g_assert_cmpstr (first->first_dose, ==, "2025-02-07");
  g_assert_cmpstr (first->window_end, ==, "2025-02-28");
  g_assert_true (first->dlt);
  g_assert_cmpstr (first->dlt_term, ==, "Cytokine release syndrome");
  g_assert_cmpint (first->dlt_grade, ==, 3);
  g_assert_cmpstr (first->dlt_date, ==, "2025-02-11");
  g_assert_true (first->evaluable);
  g_assert_true (first->counted);

  late = level2->subjects->pdata[6];
  g_assert_cmpstr (late->code, ==, "CRC-013");
  g_assert_true (late->dlt);
  g_assert_false (late->counted);

  g_assert_cmpstr (summary->message, ==,
                   "The maximum tolerated dose is level 2 (1 DLT in 6 evaluable subjects); "
                   "further subjects receive it.");
}

static void
test_summary_messages (void)
{
  static const struct
  {
    const char *scenario;
    const char *message;
  } cases[] = {
    { "0/3", "Next subjects: level 2 — enrol at this level (0 DLT in 0 evaluable, 0 pending)." },
    { "1/3", "Next subjects: level 1 — expand this level to 6 (1 DLT in 3 evaluable, 0 "
             "pending)." },
    { "windows-open", "Next subjects: level 1 — wait for the DLT windows to complete (0 DLT in "
                      "0 evaluable, 3 pending)." },
    { "2/6", "Even the lowest dose level exceeded the maximum tolerated dose: stop escalation." },
    { "de-escalate-to-expand", "Level 3 exceeded the maximum tolerated dose (2 DLT in 3); treat "
                               "level 2 (0 DLT in 3 so far) to establish the MTD." },
  };
  g_autoptr(StromaProtocol) protocol = stroma_test_shipped_protocol ("msc-crc");

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const Scenario *s = NULL;
      g_autoptr(GPtrArray) records = NULL;
      g_autoptr(StromaEscalationSummary) summary = NULL;
      g_autofree char *as_of = NULL;

      for (gsize j = 0; j < G_N_ELEMENTS (scenarios); j++)
        if (g_str_equal (scenarios[j].name, cases[i].scenario))
          s = &scenarios[j];
      g_assert_nonnull (s);

      records = build_records (s->subjects, G_N_ELEMENTS (s->subjects));
      as_of = stroma_test_date_add (BASE, s->as_of);
      summary = summarize (protocol, records, as_of);
      g_assert_cmpstr (summary->message, ==, cases[i].message);
    }
}

/* A protocol without safety rules: only DLTs the investigator recorded count. */
static void
test_summary_recorded_dlt_only (void)
{
  static const Spec specs[] = {
    { 1, 0, DLT_RULE, 3, NONE, 0 }, { 1, 2, DLT_FLAG, 3, NONE, 0 }, S (1, 4), { 0 },
  };
  g_autoptr(StromaProtocol) protocol =
    stroma_test_minimal_protocol ("minimal-escalation.json", NULL, NULL);
  g_autoptr(GPtrArray) records = build_records (specs, G_N_ELEMENTS (specs));
  g_autoptr(StromaEscalationSummary) summary = summarize (protocol, records, "2025-07-25");
  const StromaEscalationLevelSummary *level = summary->levels->pdata[0];

  g_assert_null (protocol->safety);
  g_assert_cmpuint (level->n_dlt, ==, 1);
  g_assert_cmpstrv (level->dlt_codes, ((const char * const []) { "CRC-002", NULL }));
  g_assert_cmpint (level->decision, ==, STROMA_ESCALATION_EXPAND);
}

/* A start level above 1, and a window length from the file. */
static void
test_summary_settings (void)
{
  static const Spec specs[] = { S (2, 0), S (2, 2), S (2, 20), { 0 } };
  g_autoptr(StromaProtocol) start2 =
    stroma_test_minimal_protocol ("minimal-escalation.json", "dose_escalation.start_level", "2");
  g_autoptr(StromaProtocol) window7 =
    stroma_test_minimal_protocol ("minimal-escalation.json", "dose_escalation.dlt_window_days",
                                  "7");
  g_autoptr(GPtrArray) records = build_records (specs, G_N_ELEMENTS (specs));
  g_autoptr(StromaEscalationSummary) from2 = NULL;
  g_autoptr(StromaEscalationSummary) short_window = NULL;
  g_autoptr(StromaEscalationSummary) long_window = NULL;

  /* Level 2 passed 0/3 (as of day 42, the 21-day windows are complete): on to level 3. */
  from2 = summarize (start2, records, "2025-02-17");
  g_assert_cmpuint (from2->recommended_level, ==, 3);

  /* 8 days after the last subject's first dose: a 7-day window is complete, 21 days not. */
  short_window = summarize (window7, records, "2025-02-03");
  long_window = summarize (start2, records, "2025-02-03");
  g_assert_cmpint (((StromaEscalationLevelSummary *) short_window->levels->pdata[1])->decision,
                   ==, STROMA_ESCALATION_ESCALATE);
  g_assert_cmpint (((StromaEscalationLevelSummary *) long_window->levels->pdata[1])->decision,
                   ==, STROMA_ESCALATION_PENDING);
}

/* A subject recorded above the protocol's levels is shown, on a level above the top. */
static void
test_summary_beyond_top (void)
{
  static const Spec specs[] = { S (1, 0), S (1, 2), S (1, 4), S (4, 30), { 0 } };
  g_autoptr(StromaProtocol) protocol = stroma_test_shipped_protocol ("msc-crc");
  g_autoptr(GPtrArray) records = build_records (specs, G_N_ELEMENTS (specs));
  g_autoptr(StromaEscalationSummary) summary = summarize (protocol, records, "2025-07-25");
  const StromaEscalationLevelSummary *beyond;

  g_assert_cmpuint (summary->levels->len, ==, 4);
  beyond = summary->levels->pdata[3];
  g_assert_cmpuint (beyond->n_treated, ==, 1);
  g_assert_true (isnan (beyond->dose_per_kg));
  g_assert_cmpuint (summary->recommended_level, ==, 2);
}

static void
test_summary_errors (void)
{
  g_autoptr(StromaProtocol) pgf = stroma_test_shipped_protocol ("msc-pgf");
  g_autoptr(StromaProtocol) crc = stroma_test_shipped_protocol ("msc-crc");
  g_autoptr(StromaProtocol) no_window =
    stroma_test_minimal_protocol ("minimal-escalation.json", "dose_escalation.dlt_window_days",
                                  NULL);
  g_autoptr(GError) e1 = NULL;
  g_autoptr(GError) e2 = NULL;
  g_autoptr(GError) e3 = NULL;
  g_autoptr(StromaEscalationSummary) empty = NULL;

  g_assert_null (stroma_escalation_summarize (pgf, NULL, 0, "2025-07-25", &e1));
  g_assert_error (e1, STROMA_ESCALATION_ERROR, STROMA_ESCALATION_ERROR_NOT_ESCALATION);

  g_assert_cmpuint (no_window->escalation->dlt_window_days, ==, 0);
  g_assert_null (stroma_escalation_summarize (no_window, NULL, 0, "2025-07-25", &e2));
  g_assert_error (e2, STROMA_ESCALATION_ERROR, STROMA_ESCALATION_ERROR_NO_WINDOW);

  g_assert_null (stroma_escalation_summarize (crc, NULL, 0, "25-07-2025", &e3));
  g_assert_error (e3, STROMA_ESCALATION_ERROR, STROMA_ESCALATION_ERROR_INVALID_DATE);

  /* No subjects yet: enrol at the start level. */
  empty = stroma_escalation_summarize (crc, NULL, 0, "2025-07-25", NULL);
  g_assert_nonnull (empty);
  g_assert_cmpuint (empty->levels->len, ==, 3);
  g_assert_cmpuint (empty->recommended_level, ==, 1);
  g_assert_cmpuint (empty->mtd_level, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/escalation/decide/standard", test_decide_standard);
  g_test_add_func ("/escalation/decide/settings", test_decide_settings);
  g_test_add_func ("/escalation/mtd", test_mtd);
  g_test_add_func ("/escalation/decision-ids", test_decision_ids);
  g_test_add_func ("/escalation/summary/scenarios", test_summary_scenarios);
  g_test_add_func ("/escalation/summary/subjects", test_summary_subjects);
  g_test_add_func ("/escalation/summary/messages", test_summary_messages);
  g_test_add_func ("/escalation/summary/recorded-dlt-only", test_summary_recorded_dlt_only);
  g_test_add_func ("/escalation/summary/settings", test_summary_settings);
  g_test_add_func ("/escalation/summary/beyond-top", test_summary_beyond_top);
  g_test_add_func ("/escalation/summary/errors", test_summary_errors);

  return g_test_run ();
}
