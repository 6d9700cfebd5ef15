/* test-profile.c — medians and quartiles of counts by arm and day of treatment
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "core/stroma-profile.h"
#include "stroma-test-records.h"

static void
test_quantile (void)
{
  static const struct {
    double values[8];
    guint  n;
    double p;
    double expected;
  } cases[] = {
    /* R: quantile(c(1, 2, 3, 4), type = 7) */
    { { 1, 2, 3, 4 }, 4, 0.25, 1.75 },
    { { 1, 2, 3, 4 }, 4, 0.5, 2.5 },
    { { 1, 2, 3, 4 }, 4, 0.75, 3.25 },
    { { 1, 2, 3, 4, 5 }, 5, 0.5, 3 },
    { { 1, 2, 3, 4, 5 }, 5, 0.25, 2 },
    { { 7 }, 1, 0.25, 7 },
    { { 7 }, 1, 0.75, 7 },
    { { 2, 10 }, 2, 0.75, 8 },
    { { 1, 2, 3, 4 }, 4, 0, 1 },
    { { 1, 2, 3, 4 }, 4, 1, 4 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpfloat_with_epsilon (stroma_profile_quantile (cases[i].values, cases[i].n,
                                                             cases[i].p),
                                    cases[i].expected, 1e-12);

  g_assert_true (isnan (stroma_profile_quantile (NULL, 0, 0.5)));
}

/* Treatment starts on 2025-03-01 in every test record. */
static StromaSubjectRecord *
subject_with (const char   *code,
              const char   *arm,
              const char  **dates,
              const double *values,
              guint         n)
{
  StromaSubjectRecord *record = stroma_test_record_new (code, arm);

  for (guint i = 0; i < n; i++)
    stroma_test_add_lab (record, "PLAT", dates[i], values[i]);

  return record;
}

static void
test_by_arm (void)
{
  g_autoptr(StromaProtocol) protocol = stroma_test_shipped_protocol ("msc-pgf");
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) stroma_subject_record_free);
  g_autoptr(GPtrArray) profiles = NULL;
  g_autoptr(GError) error = NULL;
  StromaProfileOptions options = { 0, 10, 4, 3, NULL };
  const char *dates[] = { "2025-03-01", "2025-03-03", "2025-03-05", "2025-03-11" };
  const double a[] = { 10, 20, 30, 100 };
  const double b[] = { 20, 40, 60, 100 };
  const double c[] = { 30, 60, 90, 100 };
  const double d[] = { 5, 5, 5, 5 };
  const StromaArmProfile *msc, *control;

  g_ptr_array_add (records, subject_with ("PGF-001", "msc", dates, a, 4));
  g_ptr_array_add (records, subject_with ("PGF-002", "msc", dates, b, 4));
  g_ptr_array_add (records, subject_with ("PGF-003", "msc", dates, c, 4));
  g_ptr_array_add (records, subject_with ("PGF-004", "control", dates, d, 4));
  /* Not randomized: left out. */
  g_ptr_array_add (records, subject_with ("PGF-005", NULL, dates, d, 4));
  /* A second value on one day counts as the day's mean. */
  stroma_test_add_lab (records->pdata[3], "PLAT", "2025-03-01", 15);

  profiles = stroma_profile_compute (protocol, (StromaSubjectRecord **) records->pdata,
                                     records->len, "PLAT", &options, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (profiles->len, ==, 2);

  msc = profiles->pdata[0];
  control = profiles->pdata[1];
  g_assert_cmpstr (msc->arm_id, ==, "msc");
  g_assert_cmpstr (control->arm_id, ==, "control");
  g_assert_cmpuint (msc->n_subjects, ==, 3);
  g_assert_cmpuint (control->n_subjects, ==, 1);
  g_assert_cmpuint (msc->days->len, ==, 11);

  /* Day 0: sampled 10, 20, 30 */
  g_assert_cmpfloat (g_array_index (msc->median, double, 0), ==, 20);
  g_assert_cmpfloat (g_array_index (msc->q1, double, 0), ==, 15);
  g_assert_cmpfloat (g_array_index (msc->q3, double, 0), ==, 25);
  g_assert_cmpuint (g_array_index (msc->n, guint, 0), ==, 3);

  /* Day 1: halfway between day 0 and day 2: 15, 30, 45 */
  g_assert_cmpfloat (g_array_index (msc->median, double, 1), ==, 30);
  g_assert_cmpfloat (g_array_index (msc->q1, double, 1), ==, 22.5);

  /* Days 5 to 9: the samples of days 4 and 10 are 6 days apart, more than the gap allowed */
  for (guint d5 = 5; d5 < 10; d5++)
    {
      g_assert_true (isnan (g_array_index (msc->median, double, d5)));
      g_assert_cmpuint (g_array_index (msc->n, guint, d5), ==, 0);
    }
  g_assert_cmpfloat (g_array_index (msc->median, double, 10), ==, 100);

  /* One subject is fewer than the three a day needs */
  g_assert_true (isnan (g_array_index (control->median, double, 0)));
  g_assert_cmpuint (g_array_index (control->n, guint, 0), ==, 1);
  g_assert_cmpuint (((StromaProfileCurve *) control->curves->pdata[0])->days->len, ==, 4);
  g_assert_cmpfloat (g_array_index (((StromaProfileCurve *) control->curves->pdata[0])->values,
                                    double, 0), ==, 10);
}

static void
test_data_cut (void)
{
  g_autoptr(StromaProtocol) protocol = stroma_test_shipped_protocol ("msc-pgf");
  g_autoptr(StromaSubjectRecord) record = NULL;
  g_autoptr(GPtrArray) profiles = NULL;
  g_autoptr(GError) error = NULL;
  StromaProfileOptions options = { -2, 20, 7, 1, "2025-03-04" };
  const char *dates[] = { "2025-02-20", "2025-02-27", "2025-03-03", "2025-03-05" };
  const double values[] = { 100, 1, 3, 9 };
  const StromaProfileCurve *curve;

  record = subject_with ("PGF-001", "msc", dates, values, 4);
  profiles = stroma_profile_compute (protocol, &record, 1, "PLAT", &options, &error);
  g_assert_no_error (error);

  curve = ((StromaArmProfile *) profiles->pdata[0])->curves->pdata[0];
  /* The sample after the cut is left out, and so is one before the first day */
  g_assert_cmpuint (curve->days->len, ==, 2);
  g_assert_cmpfloat (g_array_index (curve->days, double, 0), ==, -2);
  g_assert_cmpfloat (g_array_index (curve->days, double, 1), ==, 2);
  /* Day 0, index 2: interpolated between days −2 and 2 */
  g_assert_cmpfloat (g_array_index (((StromaArmProfile *) profiles->pdata[0])->median, double, 2),
                     ==, 2);
}

static void
test_invalid (void)
{
  g_autoptr(StromaProtocol) protocol = stroma_test_shipped_protocol ("msc-pgf");
  g_autoptr(GError) error = NULL;
  StromaProfileOptions backwards = { 10, 0, 7, 3, NULL };
  StromaProfileOptions bad_cut = { 0, 10, 7, 3, "31/12/2025" };
  GPtrArray *profiles;

  profiles = stroma_profile_compute (protocol, NULL, 0, "PLAT", &backwards, &error);
  g_assert_null (profiles);
  g_assert_error (error, STROMA_PROFILE_ERROR, STROMA_PROFILE_ERROR_INVALID);
  g_clear_error (&error);

  profiles = stroma_profile_compute (protocol, NULL, 0, "PLAT", &bad_cut, &error);
  g_assert_null (profiles);
  g_assert_error (error, STROMA_PROFILE_ERROR, STROMA_PROFILE_ERROR_INVALID);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("TZ", "UTC", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/profile/quantile", test_quantile);
  g_test_add_func ("/profile/by-arm", test_by_arm);
  g_test_add_func ("/profile/data-cut", test_data_cut);
  g_test_add_func ("/profile/invalid", test_invalid);

  return g_test_run ();
}
