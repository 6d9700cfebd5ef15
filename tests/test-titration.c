/* test-titration.c — TPO-RA titration advice by the protocol's platelet rules
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "core/stroma-titration.h"
#include "stroma-test-records.h"

/* Every case: a subject on TPO-RA at one level since 2025-03-01 (day 0 below), counts on days
 * relative to it. msc-pgf §5.1: PLT < 50 for ≥ 14 days → up one level; 200–400 → down one;
 * > 400 → stop. */
#define START "2025-03-01"
#define NO_LEVEL STROMA_NO_INT

typedef struct
{
  int    day;
  double value;      /* < 0 ends the list */
} Count;

#define END { 0, -1 }

typedef struct
{
  const char *name;
  gint64      level;
  Count       counts[5];
  int         as_of_day;
  const char *action;
  gint        new_level;
  const char *rule;        /* the deciding rule, or NULL */
  const char *pending;     /* a lasting rule not held long enough yet, or NULL */
  gint        held_days;
  guint       n_values;    /* values given as evidence */
  gboolean    at_bound;
} TitrationCase;

static const TitrationCase cases[] = {
  /* PLT < 50 for at least 2 weeks: 49 vs 50, 13 vs 14 days */
  { "49-once", 2, { { 1, 49 }, END }, 20, "keep", 2, NULL, "tpo-ra-up", 0, 1, FALSE },
  { "49-for-14-days", 2, { { 1, 49 }, { 15, 49 }, END }, 15, "increase", 3, "tpo-ra-up", NULL, 14,
    2, FALSE },
  { "49-for-13-days", 2, { { 1, 49 }, { 14, 49 }, END }, 20, "keep", 2, NULL, "tpo-ra-up", 13, 2,
    FALSE },
  { "50-for-14-days", 2, { { 1, 50 }, { 15, 50 }, END }, 20, "keep", 2, NULL, NULL, 0, 1, FALSE },
  { "run-broken-by-50", 2, { { 1, 49 }, { 8, 50 }, { 15, 49 }, END }, 20, "keep", 2, NULL,
    "tpo-ra-up", 0, 1, FALSE },
  { "run-of-three", 2, { { 1, 30 }, { 8, 45 }, { 15, 49.9 }, END }, 20, "increase", 3,
    "tpo-ra-up", NULL, 14, 3, FALSE },
  { "run-ends-at-latest", 2, { { 1, 30 }, { 15, 30 }, { 16, 60 }, END }, 20, "keep", 2, NULL,
    NULL, 0, 1, FALSE },

  /* 200–400 → down one level; > 400 → stop: 199/200, 400/401 */
  { "199", 2, { { 1, 199 }, END }, 20, "keep", 2, NULL, NULL, 0, 1, FALSE },
  { "200", 2, { { 1, 200 }, END }, 20, "decrease", 1, "tpo-ra-down", NULL, 0, 1, FALSE },
  { "400", 2, { { 1, 400 }, END }, 20, "decrease", 1, "tpo-ra-down", NULL, 0, 1, FALSE },
  { "401", 2, { { 1, 401 }, END }, 20, "stop", 0, "tpo-ra-stop", NULL, 0, 1, FALSE },
  { "decrease-from-3", 3, { { 1, 300 }, END }, 20, "decrease", 2, "tpo-ra-down", NULL, 0, 1,
    FALSE },
  { "latest-decides", 2, { { 1, 250 }, { 5, 120 }, END }, 20, "keep", 2, NULL, NULL, 0, 1, FALSE },
  { "latest-stops", 2, { { 1, 250 }, { 5, 450 }, END }, 20, "stop", 0, "tpo-ra-stop", NULL, 0, 1,
    FALSE },

  /* Only counts at the current level, up to the date of the advice */
  { "before-level-ignored", 2, { { -20, 30 }, { -5, 30 }, { 5, 30 }, END }, 20, "keep", 2, NULL,
    "tpo-ra-up", 0, 1, FALSE },
  { "start-day-ignored", 2, { { 0, 30 }, { 14, 30 }, END }, 20, "keep", 2, NULL, "tpo-ra-up", 0,
    1, FALSE },
  { "after-as-of-ignored", 2, { { 1, 30 }, { 15, 30 }, END }, 14, "keep", 2, NULL, "tpo-ra-up",
    0, 1, FALSE },
  { "no-counts", 2, { END }, 20, "keep", 2, NULL, NULL, 0, 0, FALSE },

  /* Bounds: no level below 1; msc-pgf states no highest level */
  { "lowest-level", 1, { { 1, 250 }, END }, 20, "keep", 1, "tpo-ra-down", NULL, 0, 1, TRUE },
  { "no-highest-level", 9, { { 1, 40 }, { 15, 40 }, END }, 20, "increase", 10, "tpo-ra-up", NULL,
    14, 2, FALSE },
  { "level-not-recorded", NO_LEVEL, { { 1, 40 }, { 15, 40 }, END }, 20, "increase", 0,
    "tpo-ra-up", NULL, 14, 2, FALSE },
};

static StromaTitrationAdvice *
advise (const StromaProtocol       *protocol,
        const char                 *care,
        const StromaSubjectRecord  *record,
        const char                 *as_of)
{
  g_autoptr(GError) error = NULL;
  StromaTitrationAdvice *advice = stroma_titration_advise (protocol, care, record, as_of, &error);

  g_assert_no_error (error);
  g_assert_nonnull (advice);
  g_test_message ("%s", advice->message);

  return advice;
}

static StromaSubjectRecord *
subject_on (gint64       level,
            const Count *counts)
{
  StromaSubjectRecord *record = stroma_test_record_new ("PGF-002", "control");

  stroma_test_add_medication (record, "TPO-RA", level, START, NULL);
  for (guint i = 0; counts != NULL && counts[i].value >= 0; i++)
    {
      g_autofree char *date = stroma_test_date_add (START, counts[i].day);

      stroma_test_add_lab (record, "PLAT", date, counts[i].value);
    }

  return record;
}

static void
test_pgf_cases (void)
{
  g_autoptr(StromaProtocol) protocol = stroma_test_shipped_protocol ("msc-pgf");

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const TitrationCase *c = &cases[i];
      g_autoptr(StromaSubjectRecord) record = subject_on (c->level, c->counts);
      g_autofree char *as_of = stroma_test_date_add (START, c->as_of_day);
      g_autoptr(StromaTitrationAdvice) advice = NULL;

      g_test_message ("case %s", c->name);
      advice = advise (protocol, "tpo-ra", record, as_of);
      g_assert_cmpstr (advice->care_id, ==, "tpo-ra");
      g_assert_cmpstr (advice->agent, ==, "TPO-RA");
      g_assert_cmpstr (advice->test_code, ==, "PLAT");
      g_assert_cmpstr (stroma_titration_action_to_string (advice->action), ==, c->action);
      g_assert_cmpint (advice->current_level, ==, c->level == NO_LEVEL ? 0 : c->level);
      g_assert_cmpint (advice->new_level, ==, c->new_level);
      g_assert_cmpstr (advice->rule_id, ==, c->rule);
      g_assert_cmpstr (advice->pending_rule_id, ==, c->pending);
      g_assert_cmpint (advice->held_days, ==, c->held_days);
      g_assert_cmpuint (advice->values->len, ==, c->n_values);
      g_assert_cmpint (advice->at_bound, ==, c->at_bound);
      g_assert_cmpstr (advice->level_since, ==, START);
      g_assert_cmpuint (advice->max_level, ==, 0);
      g_assert_nonnull (advice->message);
    }
}

/* The values that decided, oldest first, and a message that names them. */
static void
test_evidence (void)
{
  static const Count counts[] = { { 1, 30 }, { 8, 45 }, { 15, 49.9 }, END };
  g_autoptr(StromaProtocol) protocol = stroma_test_shipped_protocol ("msc-pgf");
  g_autoptr(StromaSubjectRecord) record = subject_on (2, counts);
  g_autoptr(StromaTitrationAdvice) advice = advise (protocol, "tpo-ra", record, "2025-03-20");
  const StromaTitrationValue *values = (const StromaTitrationValue *) advice->values->data;

  g_assert_cmpuint (advice->values->len, ==, 3);
  g_assert_cmpstr (values[0].date, ==, "2025-03-02");
  g_assert_cmpfloat (values[0].value, ==, 30);
  g_assert_cmpstr (values[2].date, ==, "2025-03-16");
  g_assert_cmpfloat (values[2].value, ==, 49.9);
  g_assert_cmpstr (advice->message, ==,
                   "Increase TPO-RA from level 2 to level 3: PLAT < 50 10^9/L on 3 counts from "
                   "2025-03-02 to 2025-03-16: 14 days, 14 needed (latest 49.9).");
}

static void
test_messages (void)
{
  static const struct
  {
    gint64      level;
    Count       counts[3];
    const char *expected;
  } messages[] = {
    { 2, { { 1, 401 }, END },
      "Stop TPO-RA: PLAT 401 10^9/L on 2025-03-02 (rule: > 400)." },
    { 2, { { 1, 300 }, END },
      "Decrease TPO-RA from level 2 to level 1: PLAT 300 10^9/L on 2025-03-02 "
      "(rule: >= 200 and <= 400)." },
    { 1, { { 1, 300 }, END },
      "Keep TPO-RA at level 1: PLAT 300 10^9/L on 2025-03-02 (rule: >= 200 and <= 400); "
      "already at the lowest level." },
    { 2, { { 1, 40 }, { 10, 45 }, END },
      "Keep TPO-RA at level 2: PLAT < 50 10^9/L since 2025-03-02, 9 of 14 days so far "
      "(latest 45 on 2025-03-11)." },
    { 2, { { 1, 120 }, END },
      "Keep TPO-RA at level 2: PLAT 120 10^9/L on 2025-03-02 meets no titration rule." },
    { 2, { END },
      "Keep TPO-RA at level 2: no PLAT count since the current level started on 2025-03-01." },
  };
  g_autoptr(StromaProtocol) protocol = stroma_test_shipped_protocol ("msc-pgf");

  for (gsize i = 0; i < G_N_ELEMENTS (messages); i++)
    {
      g_autoptr(StromaSubjectRecord) record = subject_on (messages[i].level, messages[i].counts);
      g_autoptr(StromaTitrationAdvice) advice = advise (protocol, "tpo-ra", record, "2025-03-20");

      g_assert_cmpstr (advice->message, ==, messages[i].expected);
    }
}

/* A highest level stated as data bounds an increase. */
static void
test_max_level (void)
{
  static const Count counts[] = { { 1, 40 }, { 15, 40 }, END };
  static const struct
  {
    gint64      level;
    const char *action;
    gint        new_level;
    gboolean    at_bound;
  } levels[] = {
    { 1, "increase", 2, FALSE },
    { 2, "keep", 2, TRUE },
  };
  g_autoptr(StromaProtocol) protocol =
    stroma_test_minimal_protocol ("minimal-randomized.json", "standard_care[0].max_level", "2");

  g_assert_cmpuint (stroma_protocol_find_care (protocol, "tpo")->max_level, ==, 2);

  for (gsize i = 0; i < G_N_ELEMENTS (levels); i++)
    {
      g_autoptr(StromaSubjectRecord) record = subject_on (levels[i].level, counts);
      g_autoptr(StromaTitrationAdvice) advice = advise (protocol, "tpo", record, "2025-03-20");

      g_assert_cmpstr (stroma_titration_action_to_string (advice->action), ==, levels[i].action);
      g_assert_cmpint (advice->new_level, ==, levels[i].new_level);
      g_assert_cmpint (advice->at_bound, ==, levels[i].at_bound);
      g_assert_cmpuint (advice->max_level, ==, 2);
      g_assert_cmpstr (advice->rule_id, ==, "up");
      if (levels[i].at_bound)
        g_assert_true (g_str_has_suffix (advice->message, "already at the highest level."));
    }
}

static void
test_not_on_treatment (void)
{
  static const struct
  {
    const char *name;
    const char *agent;
    const char *start;
    const char *end;
  } cases_off[] = {
    { "no-medication", NULL, NULL, NULL },
    { "ended", "TPO-RA", "2025-02-01", "2025-03-19" },
    { "starts-later", "TPO-RA", "2025-03-21", NULL },
    { "other-agent", "Eltrombopag", "2025-03-01", NULL },
  };
  g_autoptr(StromaProtocol) protocol = stroma_test_shipped_protocol ("msc-pgf");

  for (gsize i = 0; i < G_N_ELEMENTS (cases_off); i++)
    {
      g_autoptr(StromaSubjectRecord) record = stroma_test_record_new ("PGF-003", "msc");
      g_autoptr(StromaTitrationAdvice) advice = NULL;

      g_test_message ("case %s", cases_off[i].name);
      if (cases_off[i].agent != NULL)
        stroma_test_add_medication (record, cases_off[i].agent, 2, cases_off[i].start,
                                    cases_off[i].end);
      stroma_test_add_lab (record, "PLAT", "2025-03-10", 500);

      advice = advise (protocol, "tpo-ra", record, "2025-03-20");
      g_assert_cmpint (advice->action, ==, STROMA_TITRATION_NONE);
      g_assert_cmpint (advice->current_level, ==, 0);
      g_assert_null (advice->agent);
      g_assert_null (advice->level_since);
      g_assert_cmpuint (advice->values->len, ==, 0);
    }
}

/* A medication is active through its last day. */
static void
test_last_day (void)
{
  static const Count counts[] = { { 1, 450 }, END };
  g_autoptr(StromaProtocol) protocol = stroma_test_shipped_protocol ("msc-pgf");
  g_autoptr(StromaSubjectRecord) record = subject_on (2, counts);
  g_autoptr(StromaTitrationAdvice) on_last_day = NULL;
  g_autoptr(StromaTitrationAdvice) day_after = NULL;
  StromaMedication *medication = record->medications->pdata[0];

  medication->end_date = g_strdup ("2025-03-20");
  on_last_day = advise (protocol, "tpo-ra", record, "2025-03-20");
  day_after = advise (protocol, "tpo-ra", record, "2025-03-21");
  g_assert_cmpint (on_last_day->action, ==, STROMA_TITRATION_STOP);
  g_assert_cmpint (day_after->action, ==, STROMA_TITRATION_NONE);
}

/* Where rules overlap, "stop" wins over file order; a band's upper bound holds. */
static void
test_rule_precedence (void)
{
  static const struct
  {
    double      value;
    const char *rule;
    const char *action;
  } values[] = {
    { 199, NULL, "keep" },
    { 250, "down", "decrease" },
    { 300, "stop", "stop" },
    { 350, "stop", "stop" },
  };
  static const struct
  {
    double      value;
    const char *action;
  } band_only[] = {
    { 199, "keep" }, { 200, "decrease" }, { 400, "decrease" }, { 401, "keep" },
  };
  g_autoptr(StromaProtocol) overlapping = stroma_test_minimal_protocol (
    "minimal-randomized.json", "titration",
    "[{\"id\": \"down\", \"care\": \"tpo\", \"test\": \"PLAT\", \"comparison\": \">=\","
    "  \"threshold\": 200, \"action\": \"decrease\", \"steps\": 1},"
    " {\"id\": \"stop\", \"care\": \"tpo\", \"test\": \"PLAT\", \"comparison\": \">=\","
    "  \"threshold\": 300, \"action\": \"stop\"}]");
  g_autoptr(StromaProtocol) band = stroma_test_minimal_protocol (
    "minimal-randomized.json", "titration",
    "[{\"id\": \"down\", \"care\": \"tpo\", \"test\": \"PLAT\", \"comparison\": \">=\","
    "  \"threshold\": 200, \"upper_comparison\": \"<=\", \"upper_threshold\": 400,"
    "  \"action\": \"decrease\", \"steps\": 1}]");

  for (gsize i = 0; i < G_N_ELEMENTS (values); i++)
    {
      Count counts[] = { { 1, values[i].value }, END };
      g_autoptr(StromaSubjectRecord) record = subject_on (2, counts);
      g_autoptr(StromaTitrationAdvice) advice = advise (overlapping, "tpo", record, "2025-03-20");

      g_assert_cmpstr (advice->rule_id, ==, values[i].rule);
      g_assert_cmpstr (stroma_titration_action_to_string (advice->action), ==, values[i].action);
    }

  for (gsize i = 0; i < G_N_ELEMENTS (band_only); i++)
    {
      Count counts[] = { { 1, band_only[i].value }, END };
      g_autoptr(StromaSubjectRecord) record = subject_on (2, counts);
      g_autoptr(StromaTitrationAdvice) advice = advise (band, "tpo", record, "2025-03-20");

      g_assert_cmpstr (stroma_titration_action_to_string (advice->action), ==,
                       band_only[i].action);
    }
}

/* The medication's agent matches the care item's id or agent, ignoring case. */
static void
test_agent_match (void)
{
  static const char * const agents[] = {
    "TPO-RA", "tpo-ra", "Thrombopoietin receptor agonist (TPO-RA)",
  };
  static const Count counts[] = { { 1, 450 }, END };
  g_autoptr(StromaProtocol) protocol = stroma_test_shipped_protocol ("msc-pgf");

  for (gsize i = 0; i < G_N_ELEMENTS (agents); i++)
    {
      g_autoptr(StromaSubjectRecord) record = stroma_test_record_new ("PGF-004", "msc");
      g_autoptr(StromaTitrationAdvice) advice = NULL;

      stroma_test_add_medication (record, agents[i], 1, START, NULL);
      stroma_test_add_lab (record, "PLAT", "2025-03-02", counts[0].value);
      advice = advise (protocol, "tpo-ra", record, "2025-03-20");
      g_assert_cmpint (advice->action, ==, STROMA_TITRATION_STOP);
      g_assert_cmpstr (advice->agent, ==, agents[i]);
    }
}

/* A level continued in a renewed prescription started with the first record; a change of level
 * restarts the count. */
static void
test_level_since (void)
{
  static const struct
  {
    gint64      previous_level;
    const char *since;
    const char *action;
  } renewals[] = {
    { 2, "2025-02-01", "increase" },
    { 1, START, "keep" },
  };
  g_autoptr(StromaProtocol) protocol = stroma_test_shipped_protocol ("msc-pgf");

  for (gsize i = 0; i < G_N_ELEMENTS (renewals); i++)
    {
      g_autoptr(StromaSubjectRecord) record = stroma_test_record_new ("PGF-005", "msc");
      g_autoptr(StromaTitrationAdvice) advice = NULL;

      stroma_test_add_medication (record, "TPO-RA", renewals[i].previous_level, "2025-02-01",
                                  "2025-02-28");
      stroma_test_add_medication (record, "TPO-RA", 2, START, NULL);
      stroma_test_add_lab (record, "PLAT", "2025-02-09", 40);
      stroma_test_add_lab (record, "PLAT", "2025-03-02", 40);

      advice = advise (protocol, "tpo-ra", record, "2025-03-05");
      g_assert_cmpstr (advice->level_since, ==, renewals[i].since);
      g_assert_cmpstr (stroma_titration_action_to_string (advice->action), ==,
                       renewals[i].action);
      g_assert_cmpint (advice->current_level, ==, 2);
    }
}

static void
test_errors (void)
{
  static const struct
  {
    const char *care;
    const char *as_of;
    gint        code;
  } errors[] = {
    { "tpo-ra", "2025-02-30", STROMA_TITRATION_ERROR_INVALID_DATE },
    { "tpo-ra", "", STROMA_TITRATION_ERROR_INVALID_DATE },
    { "romiplostim", "2025-03-20", STROMA_TITRATION_ERROR_UNKNOWN_CARE },
    { "g-csf", "2025-03-20", STROMA_TITRATION_ERROR_NO_RULES },
  };
  g_autoptr(StromaProtocol) protocol = stroma_test_shipped_protocol ("msc-pgf");
  g_autoptr(StromaSubjectRecord) record = subject_on (1, NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (errors); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_null (stroma_titration_advise (protocol, errors[i].care, record, errors[i].as_of,
                                              &error));
      g_assert_error (error, STROMA_TITRATION_ERROR, errors[i].code);
    }
}

static void
test_action_ids (void)
{
  static const char * const ids[] = { "none", "keep", "increase", "decrease", "stop" };

  for (gsize i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      StromaTitrationAction action;

      g_assert_true (stroma_titration_action_from_string (ids[i], &action));
      g_assert_cmpint (action, ==, (StromaTitrationAction) i);
      g_assert_cmpstr (stroma_titration_action_to_string (action), ==, ids[i]);
    }

  {
    StromaTitrationAction action;

    g_assert_false (stroma_titration_action_from_string ("double", &action));
    g_assert_false (stroma_titration_action_from_string (NULL, &action));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/titration/pgf/cases", test_pgf_cases);
  g_test_add_func ("/titration/evidence", test_evidence);
  g_test_add_func ("/titration/messages", test_messages);
  g_test_add_func ("/titration/max-level", test_max_level);
  g_test_add_func ("/titration/not-on-treatment", test_not_on_treatment);
  g_test_add_func ("/titration/last-day", test_last_day);
  g_test_add_func ("/titration/rule-precedence", test_rule_precedence);
  g_test_add_func ("/titration/agent-match", test_agent_match);
  g_test_add_func ("/titration/level-since", test_level_since);
  g_test_add_func ("/titration/errors", test_errors);
  g_test_add_func ("/titration/action-ids", test_action_ids);

  return g_test_run ();
}
