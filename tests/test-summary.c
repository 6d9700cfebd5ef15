/* test-summary.c — one subject at a glance: days, response badge, alerts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "core/stroma-summary.h"
#include "stroma-test-records.h"

/* Day 0 is 2025-01-01 and treatment starts on 2025-03-01 in every test record. */

static void
test_days (void)
{
  g_autoptr(StromaProtocol) protocol = stroma_test_shipped_protocol ("msc-pgf");
  g_autoptr(StromaSubjectRecord) record = stroma_test_record_new ("PGF-001", "control");
  g_autoptr(StromaSubjectSummary) summary = NULL;
  g_autoptr(GError) error = NULL;

  record->subject->birth_date = g_strdup ("1980-03-20");
  summary = stroma_subject_summary_new (protocol, record, "2025-03-11", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (summary->clock, ==, "2025-03-11");
  g_assert_cmpint (summary->day_post_hsct, ==, 69);
  g_assert_cmpint (summary->treatment_day, ==, 10);
  g_assert_cmpint (summary->age_years, ==, 44);
  g_clear_pointer (&summary, stroma_subject_summary_free);

  /* Days stop at death. */
  stroma_test_add_follow_up (record, "death", "2025-03-05");
  summary = stroma_subject_summary_new (protocol, record, "2025-06-01", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (summary->clock, ==, "2025-03-05");
  g_assert_cmpint (summary->day_post_hsct, ==, 63);
  g_assert_cmpint (summary->treatment_day, ==, 4);
  g_clear_pointer (&summary, stroma_subject_summary_free);

  /* Before the start of treatment there is no treatment day. */
  summary = stroma_subject_summary_new (protocol, record, "2025-02-01", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (summary->treatment_day, ==, STROMA_SUMMARY_NO_DAY);
  g_assert_cmpint (summary->day_post_hsct, ==, 31);
  g_clear_pointer (&summary, stroma_subject_summary_free);

  summary = stroma_subject_summary_new (protocol, record, "yesterday", NULL, &error);
  g_assert_null (summary);
  g_assert_nonnull (error);
}

static void
test_response (void)
{
  g_autoptr(StromaProtocol) protocol = stroma_test_shipped_protocol ("msc-pgf");
  g_autoptr(StromaSubjectRecord) record = stroma_test_record_new ("PGF-002", "control");
  g_autoptr(StromaSubjectSummary) summary = NULL;
  g_autoptr(GError) error = NULL;

  /* Platelets ≥ 50 every day for a week from day 3 of treatment: complete response. */
  for (int d = 0; d < 12; d++)
    {
      g_autofree char *date = stroma_test_date_add ("2025-03-01", d);

      stroma_test_add_lab (record, "PLAT", date, d < 3 ? 30 : 60);
    }

  summary = stroma_subject_summary_new (protocol, record, "2025-03-20", NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (summary->response);
  g_assert_cmpstr (summary->response_category, ==, "CR");
  g_assert_cmpstr (summary->response->event_date, ==, "2025-03-04");
  g_assert_cmpuint (stroma_subject_summary_count_met (summary, "protocol"), ==, 1);
  g_clear_pointer (&summary, stroma_subject_summary_free);

  /* Before the run is complete the classification is still open. */
  summary = stroma_subject_summary_new (protocol, record, "2025-03-06", NULL, &error);
  g_assert_no_error (error);
  g_assert_null (summary->response_category);
  g_assert_cmpuint (stroma_subject_summary_count_met (summary, "protocol"), ==, 0);
}

static gboolean
has_alert (const StromaSubjectSummary *summary,
           StromaSubjectAlertKind      kind,
           const char                 *fragment)
{
  for (guint i = 0; i < summary->alerts->len; i++)
    {
      const StromaSubjectAlert *alert = summary->alerts->pdata[i];

      if (alert->kind == kind && strstr (alert->message, fragment) != NULL)
        return TRUE;
    }

  return FALSE;
}

static void
test_alerts (void)
{
  g_autoptr(StromaProtocol) protocol = stroma_test_shipped_protocol ("msc-pgf");
  g_autoptr(StromaSubjectRecord) record = stroma_test_record_new ("PGF-003", "msc");
  g_autoptr(StromaSubjectSummary) summary = NULL;
  g_autoptr(GError) error = NULL;

  /* Dose 1 given on time; nothing more recorded for weeks. */
  stroma_test_add_infusion (record, 1, "2025-03-01", "given");
  stroma_test_add_lab (record, "PLAT", "2025-03-01", 12);
  stroma_test_add_adverse_event (record, "Anaphylaxis", 4, "probable", "2025-03-01");

  summary = stroma_subject_summary_new (protocol, record, "2025-04-15", NULL, &error);
  g_assert_no_error (error);

  g_assert_true (has_alert (summary, STROMA_SUBJECT_ALERT_SAFETY, "Anaphylaxis"));
  g_assert_true (has_alert (summary, STROMA_SUBJECT_ALERT_OVERDUE_DOSE, "Infusion 2"));
  g_assert_true (has_alert (summary, STROMA_SUBJECT_ALERT_OVERDUE_LAB, "PLT"));
  g_assert_cmpuint (summary->n_critical, >=, 1);

  /* Safety alerts come first. */
  g_assert_cmpint (((StromaSubjectAlert *) summary->alerts->pdata[0])->kind, ==,
                   STROMA_SUBJECT_ALERT_SAFETY);
}

static void
test_short_labels (void)
{
  g_assert_cmpstr (stroma_lab_short_label ("NEUT"), ==, "ANC");
  g_assert_cmpstr (stroma_lab_short_label ("PLAT"), ==, "PLT");
  g_assert_cmpstr (stroma_lab_short_label ("HGB"), ==, "Hb");
  g_assert_cmpstr (stroma_lab_short_label ("ALT"), ==, "ALT");
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("TZ", "UTC", TRUE);
  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/summary/days", test_days);
  g_test_add_func ("/summary/response", test_response);
  g_test_add_func ("/summary/alerts", test_alerts);
  g_test_add_func ("/summary/short-labels", test_short_labels);

  return g_test_run ();
}
