/* test-stats.c — proportions, exact tests, survival and sample size against published values
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "core/stroma-stats.h"

#define assert_close(a, b, tol) g_assert_cmpfloat_with_epsilon ((a), (b), (tol))

/* One proportion */

typedef struct
{
  guint          x, n;
  StromaCiMethod method;
  double         lower, upper;
  double         tolerance;
} CiCase;

static const CiCase ci_cases[] = {
  /* scipy binomtest (k=7, n=50).proportion_ci () */
  { 7, 50, STROMA_CI_CLOPPER_PEARSON, 0.05819170033997342, 0.26739600249700846, 1e-9 },
  /* R prop.test (340, 400)$conf.int */
  { 340, 400, STROMA_CI_WILSON_CC, 0.8103309, 0.8827749, 5e-8 },
  /* Newcombe 1998 examples, four decimals */
  { 81, 263, STROMA_CI_WILSON, 0.2553, 0.3662, 5e-5 },
  { 81, 263, STROMA_CI_CLOPPER_PEARSON, 0.2527, 0.3676, 5e-5 },
  { 15, 148, STROMA_CI_WILSON, 0.0624, 0.1605, 5e-5 },
  { 15, 148, STROMA_CI_CLOPPER_PEARSON, 0.0578, 0.1617, 5e-5 },
  { 0, 20, STROMA_CI_WILSON, 0, 0.1611, 5e-5 },
  { 0, 20, STROMA_CI_CLOPPER_PEARSON, 0, 0.1684, 5e-5 },
  { 1, 29, STROMA_CI_WILSON, 0.0061, 0.1718, 5e-5 },
  { 1, 29, STROMA_CI_CLOPPER_PEARSON, 0.0009, 0.1776, 5e-5 },
};

static void
test_proportion_oracles (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (ci_cases); i++)
    {
      const CiCase *c = &ci_cases[i];
      g_autoptr(GError) error = NULL;
      StromaInterval ci;

      g_test_message ("%u/%u method %d", c->x, c->n, c->method);
      g_assert_true (stroma_proportion_ci (c->x, c->n, 0.95, c->method, &ci, &error));
      g_assert_no_error (error);
      assert_close (ci.estimate, (double) c->x / c->n, 1e-15);
      assert_close (ci.lower, c->lower, c->tolerance);
      assert_close (ci.upper, c->upper, c->tolerance);
    }
}

static void
test_proportion_edges (void)
{
  static const StromaCiMethod methods[] = {
    STROMA_CI_WILSON, STROMA_CI_WILSON_CC, STROMA_CI_CLOPPER_PEARSON,
  };

  for (guint i = 0; i < G_N_ELEMENTS (methods); i++)
    {
      StromaInterval none, all, mid;

      g_assert_true (stroma_proportion_ci (0, 12, 0.95, methods[i], &none, NULL));
      g_assert_cmpfloat (none.lower, ==, 0);
      g_assert_cmpfloat (none.upper, >, 0);

      g_assert_true (stroma_proportion_ci (12, 12, 0.95, methods[i], &all, NULL));
      g_assert_cmpfloat (all.upper, ==, 1);
      g_assert_cmpfloat (all.lower, <, 1);

      /* symmetric in successes and failures */
      g_assert_true (stroma_proportion_ci (5, 12, 0.95, methods[i], &mid, NULL));
      {
        StromaInterval mirror;

        g_assert_true (stroma_proportion_ci (7, 12, 0.95, methods[i], &mirror, NULL));
        assert_close (mid.lower, 1 - mirror.upper, 1e-10);
        assert_close (mid.upper, 1 - mirror.lower, 1e-10);
      }

      /* a wider level gives a wider interval */
      {
        StromaInterval wide;

        g_assert_true (stroma_proportion_ci (5, 12, 0.99, methods[i], &wide, NULL));
        g_assert_cmpfloat (wide.lower, <, mid.lower);
        g_assert_cmpfloat (wide.upper, >, mid.upper);
      }
    }
}

static void
test_proportion_extremes (void)
{
  /* Large counts at extreme levels must give an answer, or a clean error, never an abort
   * from GSL's error handler or an endless loop. */
  static const struct { guint x, n; double level; gboolean ok; } cases[] = {
    { 1, 100000, 0.999999, TRUE },
    { 50000, 100000, 0.999999, TRUE },
    { 99999, 100000, 0.999999, TRUE },
    { 1, 1, 0.95, TRUE },
    { 3, 1000000000, 0.95, TRUE },
    { 500000000, 1000000000, 0.95, FALSE },   /* beyond GSL's incomplete beta */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      StromaInterval ci;
      gboolean ok;

      g_test_message ("%u/%u at %g", cases[i].x, cases[i].n, cases[i].level);
      ok = stroma_proportion_ci (cases[i].x, cases[i].n, cases[i].level,
                                 STROMA_CI_CLOPPER_PEARSON, &ci, &error);
      g_assert_cmpint (ok, ==, cases[i].ok);
      if (ok)
        {
          g_assert_no_error (error);
          g_assert_cmpfloat (ci.lower, >=, 0);
          g_assert_cmpfloat (ci.lower, <=, ci.estimate);
          g_assert_cmpfloat (ci.upper, >=, ci.estimate);
          g_assert_cmpfloat (ci.upper, <=, 1);
          g_assert_cmpfloat (ci.lower, <, ci.upper);
        }
      else
        g_assert_error (error, STROMA_STATS_ERROR, STROMA_STATS_ERROR_DEGENERATE);
    }
}

static void
test_proportion_errors (void)
{
  static const struct { guint x, n; double level; int code; } cases[] = {
    { 0, 0, 0.95, STROMA_STATS_ERROR_NO_DATA },
    { 5, 4, 0.95, STROMA_STATS_ERROR_INVALID_ARGUMENT },
    { 1, 4, 0, STROMA_STATS_ERROR_INVALID_ARGUMENT },
    { 1, 4, 1, STROMA_STATS_ERROR_INVALID_ARGUMENT },
    { 1, 4, 95, STROMA_STATS_ERROR_INVALID_ARGUMENT },
    { 1, 4, NAN, STROMA_STATS_ERROR_INVALID_ARGUMENT },
    { 1, 4, 0.9999999999999999, STROMA_STATS_ERROR_INVALID_ARGUMENT },   /* z = ∞ */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      StromaInterval ci;

      g_assert_false (stroma_proportion_ci (cases[i].x, cases[i].n, cases[i].level,
                                            STROMA_CI_WILSON, &ci, &error));
      g_assert_error (error, STROMA_STATS_ERROR, cases[i].code);
    }
}

/* Fisher's exact test */

typedef struct
{
  guint             a, b, c, d;
  StromaAlternative alternative;
  double            p;
  double            tolerance;
} FisherCase;

static const FisherCase fisher_cases[] = {
  /* R fisher.test () TeaTasting: 17/70, two-sided 34/70 */
  { 3, 1, 1, 3, STROMA_ALTERNATIVE_GREATER, 17.0 / 70, 1e-12 },
  { 3, 1, 1, 3, STROMA_ALTERNATIVE_GREATER, 0.2429, 5e-5 },
  { 3, 1, 1, 3, STROMA_ALTERNATIVE_TWO_SIDED, 34.0 / 70, 1e-12 },
  { 3, 1, 1, 3, STROMA_ALTERNATIVE_LESS, 69.0 / 70, 1e-12 },
  /* R fisher.test () Convictions [[2, 15], [10, 3]] */
  { 2, 15, 10, 3, STROMA_ALTERNATIVE_LESS, 0.0004652, 5e-8 },
  { 2, 15, 10, 3, STROMA_ALTERNATIVE_LESS, 0.00046518094, 5e-12 },
  { 2, 15, 10, 3, STROMA_ALTERNATIVE_TWO_SIDED, 0.0005367, 5e-8 },
  { 2, 15, 10, 3, STROMA_ALTERNATIVE_TWO_SIDED, 0.00053672412, 5e-12 },
  /* P(0) = P(1) = 56/120 exactly, but not in floating point: the tie must still count */
  { 1, 1, 2, 6, STROMA_ALTERNATIVE_TWO_SIDED, 1, 1e-12 },
  { 0, 2, 3, 5, STROMA_ALTERNATIVE_TWO_SIDED, 1, 1e-12 },
  /* nothing to test: every p-value is 1 */
  { 0, 0, 0, 0, STROMA_ALTERNATIVE_TWO_SIDED, 1, 1e-12 },
  { 0, 5, 0, 5, STROMA_ALTERNATIVE_LESS, 1, 1e-12 },
};

static void
test_fisher_oracles (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (fisher_cases); i++)
    {
      const FisherCase *c = &fisher_cases[i];

      g_test_message ("[[%u, %u], [%u, %u]] alternative %d", c->a, c->b, c->c, c->d,
                      c->alternative);
      assert_close (stroma_fisher_exact_test (c->a, c->b, c->c, c->d, c->alternative),
                    c->p, c->tolerance);
    }
}

static void
test_fisher_symmetry (void)
{
  /* Swapping the rows turns "less" into "greater" and leaves two-sided alone. */
  assert_close (stroma_fisher_exact_test (2, 15, 10, 3, STROMA_ALTERNATIVE_LESS),
                stroma_fisher_exact_test (10, 3, 2, 15, STROMA_ALTERNATIVE_GREATER), 1e-15);
  assert_close (stroma_fisher_exact_test (2, 15, 10, 3, STROMA_ALTERNATIVE_TWO_SIDED),
                stroma_fisher_exact_test (10, 3, 2, 15, STROMA_ALTERNATIVE_TWO_SIDED), 1e-15);
}

typedef struct
{
  guint             n;
  StromaAlternative alternative;
  double            power;
} PowerCase;

static const PowerCase power_cases[] = {
  /* DOMAIN.md §4: p1 = 0.76, p2 = 0.38, alpha = 0.05, by full enumeration */
  { 24, STROMA_ALTERNATIVE_GREATER, 0.7986 },
  { 25, STROMA_ALTERNATIVE_GREATER, 0.8245 },
  { 26, STROMA_ALTERNATIVE_GREATER, 0.8476 },
  { 28, STROMA_ALTERNATIVE_GREATER, 0.8427 },
  { 30, STROMA_ALTERNATIVE_TWO_SIDED, 0.7979 },
  { 31, STROMA_ALTERNATIVE_TWO_SIDED, 0.8213 },
  { 32, STROMA_ALTERNATIVE_TWO_SIDED, 0.8425 },
};

static void
test_fisher_power (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (power_cases); i++)
    {
      const PowerCase *c = &power_cases[i];
      g_autoptr(GError) error = NULL;
      double power = -1;

      g_test_message ("n = %u alternative %d", c->n, c->alternative);
      g_assert_true (stroma_fisher_power (0.76, 0.38, c->n, 0.05, c->alternative,
                                          &power, &error));
      g_assert_no_error (error);
      assert_close (power, c->power, 5e-5);

      /* the mirror design: arm 1 worse, tested for "less" */
      if (c->alternative == STROMA_ALTERNATIVE_GREATER)
        {
          double mirror = -1;

          g_assert_true (stroma_fisher_power (0.38, 0.76, c->n, 0.05,
                                              STROMA_ALTERNATIVE_LESS, &mirror, NULL));
          assert_close (mirror, power, 1e-12);
        }
    }
}

static void
test_fisher_power_sawtooth (void)
{
  double p26, p28;

  /* The discreteness of the test: a larger trial can have less power. */
  g_assert_true (stroma_fisher_power (0.76, 0.38, 26, 0.05, STROMA_ALTERNATIVE_GREATER,
                                      &p26, NULL));
  g_assert_true (stroma_fisher_power (0.76, 0.38, 28, 0.05, STROMA_ALTERNATIVE_GREATER,
                                      &p28, NULL));
  g_assert_cmpfloat (p28, <, p26);
}

static void
test_fisher_power_boundary (void)
{
  double alpha = stroma_fisher_exact_test (3, 1, 1, 3, STROMA_ALTERNATIVE_GREATER);
  double at, below;

  /* A p-value equal to alpha rejects: the region grows by the tables at exactly alpha. */
  g_assert_true (stroma_fisher_power (0.76, 0.38, 4, alpha, STROMA_ALTERNATIVE_GREATER,
                                      &at, NULL));
  g_assert_true (stroma_fisher_power (0.76, 0.38, 4, alpha * (1 - 1e-9),
                                      STROMA_ALTERNATIVE_GREATER, &below, NULL));
  g_assert_cmpfloat (at, >, below);
}

static void
test_fisher_power_errors (void)
{
  static const struct { double p1, p2; guint n; double alpha; } cases[] = {
    { 0.76, 0.38, 0, 0.05 },
    { 0.76, 0.38, 1001, 0.05 },
    { 1.2, 0.38, 30, 0.05 },
    { 0.76, -0.1, 30, 0.05 },
    { 0.76, 0.38, 30, 0 },
    { 0.76, 0.38, 30, 1 },
    { NAN, 0.38, 30, 0.05 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      double power;

      g_assert_false (stroma_fisher_power (cases[i].p1, cases[i].p2, cases[i].n,
                                           cases[i].alpha, STROMA_ALTERNATIVE_TWO_SIDED,
                                           &power, &error));
      g_assert_error (error, STROMA_STATS_ERROR, STROMA_STATS_ERROR_INVALID_ARGUMENT);
    }
}

/* Kaplan–Meier and log-rank: the AML maintenance data (R survival::aml) */

static const double aml_times[] = {
  9, 13, 13, 18, 23, 28, 31, 34, 45, 48, 161,
  5, 5, 8, 8, 12, 16, 23, 27, 30, 33, 43, 45,
};
static const gboolean aml_events[] = {
  1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 0,
  1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1,
};
static const guint aml_groups[] = {
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
};
#define AML_N_MAINTAINED 11
#define AML_N G_N_ELEMENTS (aml_times)

/* survival tests/doaml.Rout.save, summary (survfit ()) as printed */
static const StromaKmStep aml_maintained[] = {
  { 9, 11, 1, 0.909, 0.0867, 0.7541, 1.000 },
  { 13, 10, 1, 0.818, 0.1163, 0.6192, 1.000 },
  { 18, 8, 1, 0.716, 0.1397, 0.4884, 1.000 },
  { 23, 7, 1, 0.614, 0.1526, 0.3769, 0.999 },
  { 31, 5, 1, 0.491, 0.1642, 0.2549, 0.946 },
  { 34, 4, 1, 0.368, 0.1627, 0.1549, 0.875 },
  { 48, 2, 1, 0.184, 0.1535, 0.0359, 0.944 },
};

static const StromaKmStep aml_nonmaintained[] = {
  { 5, 12, 2, 0.8333, 0.1076, 0.6470, 1.000 },
  { 8, 10, 2, 0.6667, 0.1361, 0.4468, 0.995 },
  { 12, 8, 1, 0.5833, 0.1423, 0.3616, 0.941 },
  { 23, 6, 1, 0.4861, 0.1481, 0.2675, 0.883 },
  { 27, 5, 1, 0.3889, 0.1470, 0.1854, 0.816 },
  { 30, 4, 1, 0.2917, 0.1387, 0.1148, 0.741 },
  { 33, 3, 1, 0.1944, 0.1219, 0.0569, 0.664 },
  { 43, 2, 1, 0.0972, 0.0919, 0.0153, 0.620 },
  { 45, 1, 1, 0.0000, NAN, NAN, NAN },
};

/* R prints these columns with a fixed number of decimals: half a unit in the last one. */
#define DECIMALS_3 5e-4
#define DECIMALS_4 5e-5

static void
assert_printed (double actual,
                double expected,
                double tolerance)
{
  if (isnan (expected))
    g_assert_true (isnan (actual));
  else
    assert_close (actual, expected, tolerance + 1e-12);
}

static void
check_km_table (const StromaKaplanMeier *km,
                const StromaKmStep      *expected,
                guint                    n_expected,
                gboolean                 three_digit_survival)
{
  g_assert_cmpuint (km->n_steps, ==, n_expected);

  for (guint j = 0; j < n_expected; j++)
    {
      const StromaKmStep *got = &km->steps[j];
      const StromaKmStep *want = &expected[j];

      g_test_message ("t = %g", want->time);
      g_assert_cmpfloat (got->time, ==, want->time);
      g_assert_cmpuint (got->n_risk, ==, want->n_risk);
      g_assert_cmpuint (got->n_event, ==, want->n_event);
      assert_printed (got->survival, want->survival,
                      three_digit_survival ? DECIMALS_3 : DECIMALS_4);
      assert_printed (got->std_err, want->std_err, DECIMALS_4);
      assert_printed (got->lower, want->lower, DECIMALS_4);
      assert_printed (got->upper, want->upper, DECIMALS_3);
      if (!isnan (got->upper))
        g_assert_cmpfloat (got->upper, <=, 1);
    }
}

static void
test_km_aml (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StromaKaplanMeier) maintained = NULL;
  g_autoptr(StromaKaplanMeier) nonmaintained = NULL;

  maintained = stroma_kaplan_meier_new (aml_times, aml_events, AML_N_MAINTAINED, 0.95, &error);
  g_assert_no_error (error);
  g_assert_nonnull (maintained);
  g_assert_cmpuint (maintained->n_subjects, ==, 11);
  g_assert_cmpuint (maintained->n_events, ==, 7);
  g_assert_cmpfloat (maintained->max_time, ==, 161);
  check_km_table (maintained, aml_maintained, G_N_ELEMENTS (aml_maintained), TRUE);

  nonmaintained = stroma_kaplan_meier_new (aml_times + AML_N_MAINTAINED,
                                           aml_events + AML_N_MAINTAINED,
                                           AML_N - AML_N_MAINTAINED, 0.95, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (nonmaintained->n_events, ==, 11);
  check_km_table (nonmaintained, aml_nonmaintained, G_N_ELEMENTS (aml_nonmaintained), FALSE);
}

static void
test_km_unsorted_input (void)
{
  static const double times[] = { 161, 13, 48, 9, 45, 34, 31, 28, 23, 18, 13 };
  static const gboolean events[] = { 0, 0, 1, 1, 0, 1, 1, 0, 1, 1, 1 };
  g_autoptr(StromaKaplanMeier) km = NULL;

  km = stroma_kaplan_meier_new (times, events, G_N_ELEMENTS (times), 0.95, NULL);
  g_assert_nonnull (km);
  check_km_table (km, aml_maintained, G_N_ELEMENTS (aml_maintained), TRUE);
}

static void
test_km_median (void)
{
  g_autoptr(StromaKaplanMeier) maintained = NULL;
  g_autoptr(StromaKaplanMeier) nonmaintained = NULL;
  double median, lower, upper;

  maintained = stroma_kaplan_meier_new (aml_times, aml_events, AML_N_MAINTAINED, 0.95, NULL);
  nonmaintained = stroma_kaplan_meier_new (aml_times + AML_N_MAINTAINED,
                                           aml_events + AML_N_MAINTAINED,
                                           AML_N - AML_N_MAINTAINED, 0.95, NULL);

  /* R: median 31 (0.95LCL 18, UCL NA) and 23 (8, NA) */
  g_assert_true (stroma_kaplan_meier_median (maintained, &median, &lower, &upper));
  g_assert_cmpfloat (median, ==, 31);
  g_assert_cmpfloat (lower, ==, 18);
  g_assert_true (isnan (upper));

  g_assert_true (stroma_kaplan_meier_median (nonmaintained, &median, &lower, &upper));
  g_assert_cmpfloat (median, ==, 23);
  g_assert_cmpfloat (lower, ==, 8);
  g_assert_true (isnan (upper));
}

static void
test_km_median_flat (void)
{
  static const double times[] = { 1, 2, 3, 4 };
  static const gboolean all_events[] = { 1, 1, 1, 1 };
  static const gboolean late_censored[] = { 1, 1, 0, 0 };
  static const gboolean few_events[] = { 1, 0, 0, 0 };
  g_autoptr(StromaKaplanMeier) flat = NULL;
  g_autoptr(StromaKaplanMeier) flat_to_end = NULL;
  g_autoptr(StromaKaplanMeier) not_reached = NULL;
  double median;

  /* S = 0.5 exactly on [2, 3): the middle of the flat, as R reports */
  flat = stroma_kaplan_meier_new (times, all_events, 4, 0.95, NULL);
  g_assert_true (stroma_kaplan_meier_median (flat, &median, NULL, NULL));
  g_assert_cmpfloat (median, ==, 2.5);

  /* S = 0.5 from 2 to the end of follow-up at 4 */
  flat_to_end = stroma_kaplan_meier_new (times, late_censored, 4, 0.95, NULL);
  g_assert_true (stroma_kaplan_meier_median (flat_to_end, &median, NULL, NULL));
  g_assert_cmpfloat (median, ==, 3);

  not_reached = stroma_kaplan_meier_new (times, few_events, 4, 0.95, NULL);
  g_assert_false (stroma_kaplan_meier_median (not_reached, &median, NULL, NULL));
  g_assert_true (isnan (median));
}

static void
test_km_survival_at (void)
{
  static const struct {
    double   time;
    gboolean reached;
    guint    n_risk;
    double   survival;
    double   lower;
  } cases[] = {
    { 0, TRUE, 11, 1, 1 },
    { 8.99, TRUE, 11, 1, 1 },
    { 9, TRUE, 11, 0.909, 0.7541 },
    { 30, TRUE, 5, 0.614, 0.3769 },
    { 100, TRUE, 1, 0.184, 0.0359 },
    { 161, TRUE, 1, 0.184, 0.0359 },
    { 365, FALSE, 0, NAN, NAN },   /* follow-up ends at 161: one-year survival not reached */
  };
  g_autoptr(StromaKaplanMeier) km = NULL;

  km = stroma_kaplan_meier_new (aml_times, aml_events, AML_N_MAINTAINED, 0.95, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      StromaKmEstimate estimate;

      g_test_message ("t = %g", cases[i].time);
      g_assert_cmpint (stroma_kaplan_meier_survival_at (km, cases[i].time, &estimate), ==,
                       cases[i].reached);
      g_assert_cmpfloat (estimate.time, ==, cases[i].time);
      g_assert_cmpuint (estimate.n_risk, ==, cases[i].n_risk);
      assert_printed (estimate.survival, cases[i].survival, DECIMALS_3);
      assert_printed (estimate.lower, cases[i].lower, DECIMALS_4);
    }
}

static void
test_km_errors (void)
{
  static const double negative[] = { 3, -1 };
  static const double not_finite[] = { 3, INFINITY };
  static const double not_a_number[] = { NAN, 3 };
  static const gboolean events[] = { 1, 1 };
  static const struct { const double *times; gsize n; double level; int code; } cases[] = {
    { negative, 0, 0.95, STROMA_STATS_ERROR_NO_DATA },
    { negative, 2, 0.95, STROMA_STATS_ERROR_INVALID_ARGUMENT },
    { not_finite, 2, 0.95, STROMA_STATS_ERROR_INVALID_ARGUMENT },
    { not_a_number, 2, 0.95, STROMA_STATS_ERROR_INVALID_ARGUMENT },
    { negative, 1, 1.0, STROMA_STATS_ERROR_INVALID_ARGUMENT },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(StromaKaplanMeier) km = NULL;

      km = stroma_kaplan_meier_new (cases[i].times, events, cases[i].n, cases[i].level, &error);
      g_assert_null (km);
      g_assert_error (error, STROMA_STATS_ERROR, cases[i].code);
    }
}

static void
test_log_rank_aml (void)
{
  g_autoptr(GError) error = NULL;
  StromaLogRank lr;

  g_assert_true (stroma_log_rank_test (aml_times, aml_events, aml_groups, AML_N, &lr, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (lr.n[0], ==, 11);
  g_assert_cmpuint (lr.n[1], ==, 12);
  g_assert_cmpfloat (lr.observed[0], ==, 7);
  g_assert_cmpfloat (lr.observed[1], ==, 11);
  /* R survdiff: E = 10.69 / 7.31, chisq 3.4, p 0.0653; unrounded values from DOMAIN.md §6.3 */
  assert_close (lr.expected[0], 10.69, 5e-3);
  assert_close (lr.expected[1], 7.31, 5e-3);
  assert_close (lr.expected[0], 10.6893, 5e-5);
  assert_close (lr.variance, 4.0076, 5e-5);
  assert_close (lr.chisq, 3.3964, 5e-5);
  assert_close (lr.p_value, 0.06534, 5e-6);
}

static void
test_log_rank_swapped (void)
{
  guint swapped[AML_N];
  StromaLogRank a, b;

  for (guint i = 0; i < AML_N; i++)
    swapped[i] = 1 - aml_groups[i];

  g_assert_true (stroma_log_rank_test (aml_times, aml_events, aml_groups, AML_N, &a, NULL));
  g_assert_true (stroma_log_rank_test (aml_times, aml_events, swapped, AML_N, &b, NULL));
  assert_close (a.chisq, b.chisq, 1e-12);
  assert_close (a.expected[0], b.expected[1], 1e-12);
}

static void
test_log_rank_errors (void)
{
  static const double times[] = { 1, 2, 3 };
  static const gboolean events[] = { 1, 0, 1 };
  static const gboolean no_events[] = { 0, 0, 0 };
  static const guint bad_group[] = { 0, 2, 1 };
  static const guint one_group[] = { 1, 1, 1 };
  static const guint two_groups[] = { 0, 1, 0 };
  static const struct { const gboolean *events; const guint *groups; int code; } cases[] = {
    { events, bad_group, STROMA_STATS_ERROR_INVALID_ARGUMENT },
    { events, one_group, STROMA_STATS_ERROR_NO_DATA },
    { no_events, two_groups, STROMA_STATS_ERROR_DEGENERATE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      StromaLogRank lr;

      g_assert_false (stroma_log_rank_test (times, cases[i].events, cases[i].groups, 3, &lr,
                                            &error));
      g_assert_error (error, STROMA_STATS_ERROR, cases[i].code);
    }
}

/* Sample size: DOMAIN.md §4, p1 = 0.76, p2 = 0.38, alpha = 0.05 */

typedef struct
{
  guint                sides;
  gboolean             cc;
  double               power;
  StromaVarianceMethod variance;
  double               exact;
  guint                per_group;
} SizeCase;

static const SizeCase size_cases[] = {
  { 1, FALSE, 0.80, STROMA_VARIANCE_POOLED, 19.914, 20 },
  { 1, FALSE, 0.80, STROMA_VARIANCE_UNPOOLED, 17.897, 18 },
  { 1, FALSE, 0.90, STROMA_VARIANCE_POOLED, 27.155, 28 },
  { 1, TRUE, 0.80, STROMA_VARIANCE_POOLED, 24.899, 25 },
  { 1, TRUE, 0.80, STROMA_VARIANCE_UNPOOLED, 22.857, 23 },
  { 1, TRUE, 0.90, STROMA_VARIANCE_POOLED, 32.203, 33 },
  { 2, FALSE, 0.80, STROMA_VARIANCE_POOLED, 25.433, 26 },
  { 2, FALSE, 0.80, STROMA_VARIANCE_UNPOOLED, 22.720, 23 },
  { 2, FALSE, 0.90, STROMA_VARIANCE_POOLED, 33.543, 34 },
  { 2, TRUE, 0.80, STROMA_VARIANCE_POOLED, 30.469, 31 },   /* the protocol's 31 (F1) */
  { 2, TRUE, 0.80, STROMA_VARIANCE_UNPOOLED, 27.734, 28 },
  { 2, TRUE, 0.90, STROMA_VARIANCE_POOLED, 38.627, 39 },
};

static void
test_sample_size_table (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (size_cases); i++)
    {
      const SizeCase *c = &size_cases[i];
      StromaSampleSizeOptions options = {
        .p1 = 0.76, .p2 = 0.38, .alpha = 0.05, .power = c->power,
        .sides = c->sides, .continuity_correction = c->cc, .variance = c->variance,
      };
      g_autoptr(GError) error = NULL;
      StromaSampleSize size;

      g_test_message ("sides %u cc %d power %g variance %d", c->sides, c->cc, c->power,
                      c->variance);
      g_assert_true (stroma_sample_size_two_proportions (&options, &size, &error));
      g_assert_no_error (error);
      assert_close (size.exact, c->exact, 5e-4);
      g_assert_cmpuint (size.per_group, ==, c->per_group);

      /* the size does not depend on which arm is called 1 */
      options.p1 = 0.38;
      options.p2 = 0.76;
      {
        StromaSampleSize swapped;

        g_assert_true (stroma_sample_size_two_proportions (&options, &swapped, NULL));
        assert_close (swapped.exact, size.exact, 1e-9);
      }
    }
}

static void
test_sample_size_dropout (void)
{
  static const struct {
    guint             n;
    double            dropout;
    StromaDropoutRule rule;
    double            exact;
    guint             per_group;
  } cases[] = {
    /* F2: the protocol's 34 is 31 × 1.10 = 34.1 rounded down; rounding up gives 35 */
    { 31, 0.10, STROMA_DROPOUT_MULTIPLY, 34.1, 35 },
    { 31, 0.10, STROMA_DROPOUT_DIVIDE, 34.444444444, 35 },
    /* floating-point noise must not add a subject: 33.000000000000004, 29.999999999999996 */
    { 30, 0.10, STROMA_DROPOUT_MULTIPLY, 33, 33 },
    { 27, 0.10, STROMA_DROPOUT_DIVIDE, 30, 30 },
    { 31, 0, STROMA_DROPOUT_DIVIDE, 31, 31 },
    { 20, 0.20, STROMA_DROPOUT_DIVIDE, 25, 25 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      StromaSampleSize size;

      g_test_message ("%u, d = %g, rule %d", cases[i].n, cases[i].dropout, cases[i].rule);
      g_assert_true (stroma_sample_size_with_dropout (cases[i].n, cases[i].dropout,
                                                      cases[i].rule, &size, &error));
      g_assert_no_error (error);
      assert_close (size.exact, cases[i].exact, 1e-8);
      g_assert_cmpuint (size.per_group, ==, cases[i].per_group);
    }
}

static void
test_sample_size_round_up (void)
{
  static const struct { double n; guint rounded; } cases[] = {
    { 30.469, 31 }, { 19.914, 20 }, { 20, 20 }, { 33.000000000000004, 33 },
    { 20.001, 21 }, { 0, 0 }, { 0.2, 1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpuint (stroma_sample_size_round_up (cases[i].n), ==, cases[i].rounded);
}

static void
test_sample_size_errors (void)
{
  static const StromaSampleSizeOptions cases[] = {
    { 0.76, 0.38, 0.05, 0.80, 3, FALSE, STROMA_VARIANCE_POOLED },
    { 0.76, 0.38, 0.05, 0.80, 0, FALSE, STROMA_VARIANCE_POOLED },
    { 0.50, 0.50, 0.05, 0.80, 2, FALSE, STROMA_VARIANCE_POOLED },
    { 1.76, 0.38, 0.05, 0.80, 2, FALSE, STROMA_VARIANCE_POOLED },
    { 0.76, NAN, 0.05, 0.80, 2, FALSE, STROMA_VARIANCE_POOLED },
    { 0.76, 0.38, 0, 0.80, 2, FALSE, STROMA_VARIANCE_POOLED },
    { 0.76, 0.38, 0.05, 1, 2, FALSE, STROMA_VARIANCE_POOLED },
    { 0.76, 0.38, 0.05, 0, 2, FALSE, STROMA_VARIANCE_POOLED },
  };
  static const int codes[] = {
    STROMA_STATS_ERROR_INVALID_ARGUMENT, STROMA_STATS_ERROR_INVALID_ARGUMENT,
    STROMA_STATS_ERROR_DEGENERATE, STROMA_STATS_ERROR_INVALID_ARGUMENT,
    STROMA_STATS_ERROR_INVALID_ARGUMENT, STROMA_STATS_ERROR_INVALID_ARGUMENT,
    STROMA_STATS_ERROR_INVALID_ARGUMENT, STROMA_STATS_ERROR_INVALID_ARGUMENT,
  };
  static const double dropouts[] = { 1, -0.1, 1.5, NAN };

  G_STATIC_ASSERT (G_N_ELEMENTS (cases) == G_N_ELEMENTS (codes));

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      StromaSampleSize size;

      g_test_message ("case %u", i);
      g_assert_false (stroma_sample_size_two_proportions (&cases[i], &size, &error));
      g_assert_error (error, STROMA_STATS_ERROR, codes[i]);
    }

  for (guint i = 0; i < G_N_ELEMENTS (dropouts); i++)
    {
      g_autoptr(GError) error = NULL;
      StromaSampleSize size;

      g_assert_false (stroma_sample_size_with_dropout (31, dropouts[i], STROMA_DROPOUT_DIVIDE,
                                                       &size, &error));
      g_assert_error (error, STROMA_STATS_ERROR, STROMA_STATS_ERROR_INVALID_ARGUMENT);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/stats/proportion/oracles", test_proportion_oracles);
  g_test_add_func ("/stats/proportion/edges", test_proportion_edges);
  g_test_add_func ("/stats/proportion/extremes", test_proportion_extremes);
  g_test_add_func ("/stats/proportion/errors", test_proportion_errors);
  g_test_add_func ("/stats/fisher/oracles", test_fisher_oracles);
  g_test_add_func ("/stats/fisher/symmetry", test_fisher_symmetry);
  g_test_add_func ("/stats/fisher/power", test_fisher_power);
  g_test_add_func ("/stats/fisher/power-sawtooth", test_fisher_power_sawtooth);
  g_test_add_func ("/stats/fisher/power-boundary", test_fisher_power_boundary);
  g_test_add_func ("/stats/fisher/power-errors", test_fisher_power_errors);
  g_test_add_func ("/stats/kaplan-meier/aml", test_km_aml);
  g_test_add_func ("/stats/kaplan-meier/unsorted-input", test_km_unsorted_input);
  g_test_add_func ("/stats/kaplan-meier/median", test_km_median);
  g_test_add_func ("/stats/kaplan-meier/median-flat", test_km_median_flat);
  g_test_add_func ("/stats/kaplan-meier/survival-at", test_km_survival_at);
  g_test_add_func ("/stats/kaplan-meier/errors", test_km_errors);
  g_test_add_func ("/stats/log-rank/aml", test_log_rank_aml);
  g_test_add_func ("/stats/log-rank/swapped", test_log_rank_swapped);
  g_test_add_func ("/stats/log-rank/errors", test_log_rank_errors);
  g_test_add_func ("/stats/sample-size/table", test_sample_size_table);
  g_test_add_func ("/stats/sample-size/dropout", test_sample_size_dropout);
  g_test_add_func ("/stats/sample-size/round-up", test_sample_size_round_up);
  g_test_add_func ("/stats/sample-size/errors", test_sample_size_errors);

  return g_test_run ();
}
