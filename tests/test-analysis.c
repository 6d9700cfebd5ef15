/* test-analysis.c — the trial's results by arm
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "core/stroma-analysis.h"

static StromaProtocol *
load_msc_pgf (void)
{
  const char *datadir = g_getenv ("STROMA_SOURCE_DATADIR");
  g_autofree char *fallback = g_build_filename (g_getenv ("G_TEST_SRCDIR"), "..", "data", NULL);
  g_autofree char *path = g_build_filename (datadir ? datadir : fallback, "protocols",
                                            "msc-pgf.json", NULL);
  g_autoptr(GError) error = NULL;
  StromaProtocol *protocol = stroma_protocol_load_file (path, &error);

  g_assert_no_error (error);
  return protocol;
}

static char *
plus_days (const char *iso,
           int         days)
{
  GDate d;

  g_date_clear (&d, 1);
  g_date_set_parse (&d, iso);
  if (days >= 0)
    g_date_add_days (&d, days);
  else
    g_date_subtract_days (&d, -days);
  return g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (&d), g_date_get_month (&d),
                          g_date_get_day (&d));
}

#define START "2025-01-01"
#define CUT "2026-03-31"

/* A subject treated from START in @arm: platelets from day 1 at @plt (no transfusions), and
 * optionally a death or a relapse on the given treatment day (0 = none). */
static StromaSubjectRecord *
subject_new (guint       number,
             const char *arm,
             double      plt,
             int         death_day,
             int         relapse_day)
{
  StromaSubjectRecord *r = stroma_subject_record_new ();

  r->subject = stroma_record_new (STROMA_RECORD_SUBJECT);
  r->subject->parent.id = number;
  r->subject->code = g_strdup_printf ("PGF-%03u", number);
  r->subject->treatment_start = g_strdup (START);

  r->allocation = stroma_record_new (STROMA_RECORD_ALLOCATION);
  r->allocation->arm = g_strdup (arm);

  r->transplant = stroma_record_new (STROMA_RECORD_TRANSPLANT);
  r->transplant->day0_date = plus_days (START, -40);

  for (int d = 1; d <= 60; d++)
    {
      StromaLabResult *lab = stroma_record_new (STROMA_RECORD_LAB_RESULT);

      lab->collected_on = plus_days (START, d);
      lab->test_code = g_strdup ("PLAT");
      lab->stresn = plt;
      lab->stresu = g_strdup ("10^9/L");
      g_ptr_array_add (r->labs, lab);
    }

  if (death_day > 0)
    {
      StromaFollowUp *f = stroma_record_new (STROMA_RECORD_FOLLOW_UP);
      f->kind = g_strdup ("death");
      f->event_date = plus_days (START, death_day);
      g_ptr_array_add (r->follow_ups, f);
    }
  if (relapse_day > 0)
    {
      StromaFollowUp *f = stroma_record_new (STROMA_RECORD_FOLLOW_UP);
      f->kind = g_strdup ("relapse");
      f->event_date = plus_days (START, relapse_day);
      g_ptr_array_add (r->follow_ups, f);
    }

  /* Known alive up to the last contact */
  {
    StromaFollowUp *f = stroma_record_new (STROMA_RECORD_FOLLOW_UP);
    f->kind = g_strdup ("contact");
    f->event_date = plus_days (START, death_day > 0 ? death_day : 400);
    g_ptr_array_add (r->follow_ups, f);
  }

  return r;
}

static const StromaResponseRate *
find_rate (StromaTrialAnalysis *a,
           const char          *id)
{
  for (guint i = 0; i < a->responses->len; i++)
    if (g_str_equal (((StromaResponseRate *) a->responses->pdata[i])->id, id))
      return a->responses->pdata[i];
  return NULL;
}

/* 6 of 8 MSC subjects and 2 of 8 controls reach a platelet CR (PLT 80 for 60 days); the others
 * stay below 20 and are non-responders at week 8. */
static void
test_response_rates (void)
{
  g_autoptr(StromaProtocol) protocol = load_msc_pgf ();
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) stroma_subject_record_free);
  g_autoptr(StromaTrialAnalysis) a = NULL;
  g_autoptr(GError) error = NULL;
  const StromaResponseRate *cr, *group;

  for (guint i = 0; i < 8; i++)
    g_ptr_array_add (records, subject_new (i + 1, "msc", i < 6 ? 80 : 10, 0, 0));
  for (guint i = 0; i < 8; i++)
    g_ptr_array_add (records, subject_new (i + 9, "control", i < 2 ? 80 : 10, 0, 0));

  a = stroma_analysis_run (protocol, records, CUT, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (a->n_arms, ==, 2);
  g_assert_cmpstr (a->arms[0]->id, ==, "msc");
  g_assert_cmpuint (a->n_per_arm[0], ==, 8);
  g_assert_cmpuint (a->evaluation_day, ==, 56);

  cr = find_rate (a, "platelet-cr");
  g_assert_nonnull (cr);
  g_assert_cmpuint (cr->n_met[0], ==, 6);
  g_assert_cmpuint (cr->n_evaluable[0], ==, 8);
  g_assert_cmpuint (cr->n_met[1], ==, 2);
  g_assert_cmpuint (cr->n_evaluable[1], ==, 8);
  g_assert_cmpfloat_with_epsilon (cr->wilson[0].estimate, 0.75, 1e-12);
  /* R: fisher.test (matrix (c (6, 2, 2, 6), 2))$p.value = 0.1319 */
  g_assert_cmpfloat_with_epsilon (cr->fisher_p, 0.131935, 1e-5);
  g_assert_true (cr->exact[0].lower < cr->wilson[0].lower);

  group = find_rate (a, "platelet-response:CR+PR");
  g_assert_nonnull (group);
  g_assert_cmpuint (group->n_met[0], ==, 6);
  g_assert_cmpuint (group->n_evaluable[1], ==, 8);
}

/* A subject inside the evaluation period is left out of the denominator until assessable; one
 * who died inside it counts as a non-responder. */
static void
test_evaluation_period (void)
{
  g_autoptr(StromaProtocol) protocol = load_msc_pgf ();
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) stroma_subject_record_free);
  g_autoptr(StromaTrialAnalysis) early = NULL;
  const StromaResponseRate *group;

  g_ptr_array_add (records, subject_new (1, "msc", 10, 0, 0));
  g_ptr_array_add (records, subject_new (2, "msc", 10, 20, 0));
  g_ptr_array_add (records, subject_new (3, "control", 10, 0, 0));

  /* Day 30 of treatment: subject 1 is not yet assessable, subject 2 died on day 20. */
  early = stroma_analysis_run (protocol, records, "2025-01-31", NULL);
  group = find_rate (early, "platelet-response:CR+PR");
  g_assert_cmpuint (group->n_evaluable[0], ==, 1);
  g_assert_cmpuint (group->n_met[0], ==, 0);
  g_assert_cmpuint (group->n_evaluable[1], ==, 0);
  g_assert_true (isnan (group->fisher_p));
}

/* Survival from treatment start: deaths and relapses by arm, the one-year estimate and the
 * log-rank test. */
static void
test_survival (void)
{
  g_autoptr(StromaProtocol) protocol = load_msc_pgf ();
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) stroma_subject_record_free);
  g_autoptr(StromaTrialAnalysis) a = NULL;

  /* MSC: 1 death of 4; control: 3 deaths of 4, one after a relapse. */
  g_ptr_array_add (records, subject_new (1, "msc", 80, 100, 0));
  g_ptr_array_add (records, subject_new (2, "msc", 80, 0, 0));
  g_ptr_array_add (records, subject_new (3, "msc", 80, 0, 200));
  g_ptr_array_add (records, subject_new (4, "msc", 80, 0, 0));
  g_ptr_array_add (records, subject_new (5, "control", 10, 50, 0));
  g_ptr_array_add (records, subject_new (6, "control", 10, 150, 100));
  g_ptr_array_add (records, subject_new (7, "control", 10, 250, 0));
  g_ptr_array_add (records, subject_new (8, "control", 10, 0, 0));

  a = stroma_analysis_run (protocol, records, CUT, NULL);

  g_assert_cmpuint (a->os.n[0], ==, 4);
  g_assert_cmpuint (a->os.events[0], ==, 1);
  g_assert_cmpuint (a->os.events[1], ==, 3);
  g_assert_true (a->os.reached[0]);
  g_assert_cmpfloat_with_epsilon (a->os.at_one_year[0].survival, 0.75, 1e-12);
  g_assert_cmpfloat_with_epsilon (a->os.at_one_year[1].survival, 0.25, 1e-12);
  /* S is exactly 0.5 from day 150 to day 250: the median is the midpoint, as in R's survfit */
  g_assert_cmpfloat_with_epsilon (a->os.median[1], 200, 1e-9);
  g_assert_true (a->os.has_log_rank);
  g_assert_true (a->os.log_rank.p_value > 0 && a->os.log_rank.p_value < 1);

  /* DFS counts subject 3's relapse and subject 6's relapse (before its death). */
  g_assert_cmpuint (a->dfs.events[0], ==, 2);
  g_assert_cmpuint (a->dfs.events[1], ==, 3);
  g_assert_cmpfloat_with_epsilon (a->dfs.median[1], 175, 1e-9);
}

/* DOMAIN.md F1/F2: the stated 31 per arm follows from a two-sided test with continuity
 * correction; the protocol's stated one-sided test gives 20. */
static void
test_sample_size_check (void)
{
  g_autoptr(StromaProtocol) protocol = load_msc_pgf ();
  StromaSampleSizeCheck c;
  g_autoptr(GError) error = NULL;

  g_assert_true (stroma_analysis_check_sample_size (protocol->statistics, &c, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (c.stated_n_per_arm, ==, 31);
  g_assert_cmpuint (c.as_stated_sides, ==, 1);
  g_assert_false (c.as_stated_cc);
  g_assert_cmpuint (c.as_stated.per_group, ==, 20);
  g_assert_cmpfloat_with_epsilon (c.as_stated.exact, 19.914, 1e-3);
  g_assert_true (c.reproduced);
  g_assert_cmpuint (c.reproduced_sides, ==, 2);
  g_assert_true (c.reproduced_cc);
  g_assert_cmpfloat_with_epsilon (c.reproduced_size.exact, 30.469, 1e-3);
  g_assert_cmpfloat_with_epsilon (c.fisher_power_at_stated, 0.8213, 5e-4);
  g_assert_cmpfloat_with_epsilon (c.with_dropout_multiply, 34.1, 1e-9);
  g_assert_cmpfloat_with_epsilon (c.with_dropout_divide, 34.444, 1e-3);
}

static void
test_bad_cut (void)
{
  g_autoptr(StromaProtocol) protocol = load_msc_pgf ();
  g_autoptr(GPtrArray) records = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(StromaTrialAnalysis) a = stroma_analysis_run (protocol, records, "2025-02-30", &error);

  g_assert_null (a);
  g_assert_error (error, STROMA_ANALYSIS_ERROR, STROMA_ANALYSIS_ERROR_INVALID);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("TZ", "UTC", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/analysis/response-rates", test_response_rates);
  g_test_add_func ("/analysis/evaluation-period", test_evaluation_period);
  g_test_add_func ("/analysis/survival", test_survival);
  g_test_add_func ("/analysis/sample-size-check", test_sample_size_check);
  g_test_add_func ("/analysis/bad-cut", test_bad_cut);

  return g_test_run ();
}
