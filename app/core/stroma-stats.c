/* stroma-stats.c — proportions, exact tests, survival and sample size
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "stroma-stats"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>

#include "stroma-stats.h"

/* R's fisher.test () counts a table as "as extreme" when its probability is within this
 * relative tolerance of the observed one, so that ties are not lost to rounding. */
#define FISHER_RELATIVE_TOLERANCE (1 + 1e-7)

/* survival's quantile.survfit () default, sqrt (.Machine$double.eps) */
#define KM_QUANTILE_TOLERANCE 1.4901161193847656e-08

/* Enumeration costs O(n² log n); beyond this an asymptotic method is the right tool. */
#define FISHER_POWER_MAX_N 1000

G_DEFINE_QUARK (stroma-stats-error-quark, stroma_stats_error)

static gboolean
check_level (double       level,
             const char  *what,
             GError     **error)
{
  if (!(level > 0 && level < 1))
    {
      g_set_error (error, STROMA_STATS_ERROR, STROMA_STATS_ERROR_INVALID_ARGUMENT,
                   /* Translators: %s is "confidence level", "alpha" or "power" */
                   _("The %s must be between 0 and 1, not %g."), what, level);
      return FALSE;
    }

  return TRUE;
}

/* z = Φ⁻¹(1 − (1 − level)/2) for a two-sided interval; a level so close to 1 that the
 * quantile is infinite is refused rather than turned into NaN limits. */
static gboolean
two_sided_z (double       conf_level,
             double      *z,
             GError     **error)
{
  if (!check_level (conf_level, _("confidence level"), error))
    return FALSE;

  *z = gsl_cdf_ugaussian_Pinv (1 - (1 - conf_level) / 2);
  if (!isfinite (*z))
    {
      g_set_error (error, STROMA_STATS_ERROR, STROMA_STATS_ERROR_INVALID_ARGUMENT,
                   _("The confidence level %.17g is too close to 1."), conf_level);
      return FALSE;
    }

  return TRUE;
}

/* The x in [0, 1] where the regularized incomplete beta I_x(a, b) equals @p, or where
 * 1 − I_x(a, b) does (@upper_tail, which keeps precision near 1). gsl_cdf_beta_Pinv ()
 * would be the obvious call, but when its iteration fails to converge (1 of 100000 at
 * a 0.999999 level) it calls GSL's error handler, which aborts by default, and for very
 * large a and b it does not return at all. Bisection on the CDF, which GSL evaluates
 * without calling the handler, always ends: it stops when no double lies between the
 * bounds. Returns NaN where GSL cannot evaluate the CDF. */
static double
beta_quantile (double   p,
               double   a,
               double   b,
               gboolean upper_tail)
{
  double lo = 0, hi = 1;

  for (;;)
    {
      double mid = lo + (hi - lo) / 2;
      double tail;

      if (mid <= lo || mid >= hi)
        return mid;

      tail = upper_tail ? gsl_cdf_beta_Q (mid, a, b) : gsl_cdf_beta_P (mid, a, b);
      if (isnan (tail))
        return NAN;

      /* P grows with x and Q shrinks */
      if (upper_tail ? tail > p : tail < p)
        lo = mid;
      else
        hi = mid;
    }
}

static gboolean
check_probability (double       p,
                   const char  *what,
                   GError     **error)
{
  if (!(p >= 0 && p <= 1))
    {
      g_set_error (error, STROMA_STATS_ERROR, STROMA_STATS_ERROR_INVALID_ARGUMENT,
                   _("The proportion %s must be between 0 and 1, not %g."), what, p);
      return FALSE;
    }

  return TRUE;
}

/**
 * stroma_proportion_ci:
 * @x: the number of successes
 * @n: the number of trials
 * @conf_level: the two-sided confidence level, e.g. 0.95
 * @method: the interval to compute
 * @interval: (out caller-allocates): the estimate x/n and its interval
 * @error: return location for a #GError
 *
 * Computes a confidence interval for one binomial proportion: the Wilson score
 * interval, the Wilson interval with continuity correction (Newcombe 1998, method 4,
 * which is what R's `prop.test()` reports except when x = n/2 exactly, where R drops
 * the correction), or the exact Clopper–Pearson interval.
 *
 * Returns: %TRUE on success, %FALSE if @n is 0, @x exceeds @n or @conf_level is not
 *   between 0 and 1
 */
gboolean
stroma_proportion_ci (guint           x,
                      guint           n,
                      double          conf_level,
                      StromaCiMethod  method,
                      StromaInterval *interval,
                      GError        **error)
{
  double alpha, z, z2, p, q, denom;

  g_return_val_if_fail (interval != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (n == 0)
    {
      g_set_error_literal (error, STROMA_STATS_ERROR, STROMA_STATS_ERROR_NO_DATA,
                           _("A proportion needs at least one observation."));
      return FALSE;
    }

  if (x > n)
    {
      g_set_error (error, STROMA_STATS_ERROR, STROMA_STATS_ERROR_INVALID_ARGUMENT,
                   _("The number of successes (%u) exceeds the number of observations (%u)."),
                   x, n);
      return FALSE;
    }

  if (!two_sided_z (conf_level, &z, error))
    return FALSE;

  alpha = 1 - conf_level;
  z2 = z * z;
  p = (double) x / n;
  q = 1 - p;
  denom = 2 * (n + z2);

  interval->estimate = p;

  switch (method)
    {
    case STROMA_CI_WILSON:
      {
        double centre = 2 * n * p + z2;
        double half = z * sqrt (z2 + 4 * n * p * q);

        interval->lower = x == 0 ? 0 : (centre - half) / denom;
        interval->upper = x == n ? 1 : (centre + half) / denom;
      }
      break;

    case STROMA_CI_WILSON_CC:
      {
        double centre = 2 * n * p + z2;
        double lower_root = z2 - 2 - 1.0 / n + 4 * p * (n * q + 1);
        double upper_root = z2 + 2 - 1.0 / n + 4 * p * (n * q - 1);

        /* For 0 < x < n both roots exceed z² + 2 − 1/n > 0. */
        interval->lower = x == 0 ? 0 : (centre - 1 - z * sqrt (lower_root)) / denom;
        interval->upper = x == n ? 1 : (centre + 1 + z * sqrt (upper_root)) / denom;
      }
      break;

    case STROMA_CI_CLOPPER_PEARSON:
      /* L: P(X ≥ x | L) = α/2, i.e. I_L(x, n − x + 1) = α/2;
       * U: P(X ≤ x | U) = α/2, i.e. 1 − I_U(x + 1, n − x) = α/2 */
      interval->lower = x == 0 ? 0 : beta_quantile (alpha / 2, x, n - x + 1, FALSE);
      interval->upper = x == n ? 1 : beta_quantile (alpha / 2, x + 1, n - x, TRUE);
      if (isnan (interval->lower) || isnan (interval->upper))
        {
          g_set_error (error, STROMA_STATS_ERROR, STROMA_STATS_ERROR_DEGENERATE,
                       _("The exact interval of %u in %u cannot be computed; use the "
                         "Wilson interval."), x, n);
          return FALSE;
        }
      break;

    default:
      g_return_val_if_reached (FALSE);
    }

  interval->lower = CLAMP (interval->lower, 0, 1);
  interval->upper = CLAMP (interval->upper, 0, 1);

  return TRUE;
}

/* The hypergeometric distribution of the top-left cell given the margins: row totals
 * @n1 and @n2, first column total @m. Fills @pmf[k - lo] for k in [lo, hi]. */
static void
hypergeometric_support (guint   n1,
                        guint   n2,
                        guint   m,
                        guint  *lo,
                        guint  *hi,
                        double *pmf)
{
  *lo = m > n2 ? m - n2 : 0;
  *hi = MIN (n1, m);

  for (guint k = *lo; k <= *hi; k++)
    pmf[k - *lo] = gsl_ran_hypergeometric_pdf (k, n1, n2, m);
}

static double
fisher_p_value (const double      *pmf,
                guint              n_support,
                guint              index,
                StromaAlternative  alternative)
{
  double sum = 0;

  switch (alternative)
    {
    case STROMA_ALTERNATIVE_LESS:
      for (guint i = 0; i <= index; i++)
        sum += pmf[i];
      break;

    case STROMA_ALTERNATIVE_GREATER:
      for (guint i = index; i < n_support; i++)
        sum += pmf[i];
      break;

    case STROMA_ALTERNATIVE_TWO_SIDED:
      {
        double limit = pmf[index] * FISHER_RELATIVE_TOLERANCE;

        for (guint i = 0; i < n_support; i++)
          if (pmf[i] <= limit)
            sum += pmf[i];
      }
      break;

    default:
      g_assert_not_reached ();
    }

  return MIN (sum, 1.0);
}

/**
 * stroma_fisher_exact_test:
 * @a: the top-left cell
 * @b: the top-right cell
 * @c: the bottom-left cell
 * @d: the bottom-right cell
 * @alternative: the alternative hypothesis, about the odds ratio (a·d)/(b·c)
 *
 * Fisher's exact test of the 2×2 table [[a, b], [c, d]] with all margins fixed.
 * "Less" sums P(X ≤ a), "greater" sums P(X ≥ a); two-sided sums every table whose
 * probability is at most that of the observed one (R's definition, with its relative
 * tolerance of 1e-7).
 *
 * Returns: the p-value
 */
double
stroma_fisher_exact_test (guint             a,
                          guint             b,
                          guint             c,
                          guint             d,
                          StromaAlternative alternative)
{
  g_autofree double *pmf = NULL;
  guint lo, hi;

  g_return_val_if_fail (alternative == STROMA_ALTERNATIVE_TWO_SIDED ||
                        alternative == STROMA_ALTERNATIVE_LESS ||
                        alternative == STROMA_ALTERNATIVE_GREATER, NAN);

  pmf = g_new (double, MIN (a + b, a + c) + 1);
  hypergeometric_support (a + b, c + d, a + c, &lo, &hi, pmf);

  return fisher_p_value (pmf, hi - lo + 1, a - lo, alternative);
}

static int
compare_doubles (const void *pa,
                 const void *pb)
{
  double a = *(const double *) pa;
  double b = *(const double *) pb;

  return (a > b) - (a < b);
}

/**
 * stroma_fisher_power:
 * @p1: the success probability in arm 1
 * @p2: the success probability in arm 2
 * @n_per_arm: the number of subjects in each arm
 * @alpha: the significance level
 * @alternative: the test's alternative; %STROMA_ALTERNATIVE_GREATER when arm 1 is
 *   expected to do better
 * @power: (out): the probability of rejecting the null hypothesis
 * @error: return location for a #GError
 *
 * The exact power of Fisher's test for two arms of @n_per_arm subjects, by summing
 * the binomial probabilities of every outcome table whose p-value is at most @alpha.
 * Power is not monotone in n (the discreteness of the test makes a sawtooth), so look
 * at the neighbours of a candidate size, not just the first n that reaches a target.
 *
 * Returns: %TRUE on success
 */
gboolean
stroma_fisher_power (double            p1,
                     double            p2,
                     guint             n_per_arm,
                     double            alpha,
                     StromaAlternative alternative,
                     double           *power,
                     GError          **error)
{
  g_autofree double *pmf = NULL;
  g_autofree double *sorted = NULL;
  g_autofree double *cumulative = NULL;
  guint n = n_per_arm;
  double total = 0;

  g_return_val_if_fail (power != NULL, FALSE);
  g_return_val_if_fail (alternative == STROMA_ALTERNATIVE_TWO_SIDED ||
                        alternative == STROMA_ALTERNATIVE_LESS ||
                        alternative == STROMA_ALTERNATIVE_GREATER, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_probability (p1, "p1", error) ||
      !check_probability (p2, "p2", error) ||
      !check_level (alpha, _("significance level"), error))
    return FALSE;

  if (n == 0 || n > FISHER_POWER_MAX_N)
    {
      g_set_error (error, STROMA_STATS_ERROR, STROMA_STATS_ERROR_INVALID_ARGUMENT,
                   _("Exact power is computed for 1 to %u subjects per arm, not %u."),
                   FISHER_POWER_MAX_N, n);
      return FALSE;
    }

  pmf = g_new (double, n + 1);
  sorted = g_new (double, n + 1);
  cumulative = g_new (double, n + 2);

  /* Group the tables by their first-column total m = x1 + x2: the conditional
   * distribution, and so every p-value, depends only on m. */
  for (guint m = 0; m <= 2 * n; m++)
    {
      guint lo, hi, n_support;
      double less = 0;

      hypergeometric_support (n, n, m, &lo, &hi, pmf);
      n_support = hi - lo + 1;

      if (alternative == STROMA_ALTERNATIVE_TWO_SIDED)
        {
          memcpy (sorted, pmf, n_support * sizeof (double));
          qsort (sorted, n_support, sizeof (double), compare_doubles);
          cumulative[0] = 0;
          for (guint i = 0; i < n_support; i++)
            cumulative[i + 1] = cumulative[i] + sorted[i];
        }

      for (guint i = 0; i < n_support; i++)
        {
          guint x1 = lo + i;
          guint x2 = m - x1;
          double p_value;

          less += pmf[i];

          switch (alternative)
            {
            case STROMA_ALTERNATIVE_LESS:
              p_value = less;
              break;

            case STROMA_ALTERNATIVE_GREATER:
              p_value = fisher_p_value (pmf, n_support, i, alternative);
              break;

            case STROMA_ALTERNATIVE_TWO_SIDED:
              {
                double limit = pmf[i] * FISHER_RELATIVE_TOLERANCE;
                guint below = 0, above = n_support;

                /* the number of sorted probabilities ≤ limit */
                while (below < above)
                  {
                    guint mid = below + (above - below) / 2;

                    if (sorted[mid] <= limit)
                      below = mid + 1;
                    else
                      above = mid;
                  }
                p_value = cumulative[below];
              }
              break;

            default:
              g_assert_not_reached ();
            }

          if (p_value <= alpha)
            total += gsl_ran_binomial_pdf (x1, p1, n) * gsl_ran_binomial_pdf (x2, p2, n);
        }
    }

  *power = MIN (total, 1.0);

  return TRUE;
}

typedef struct
{
  double   time;
  gboolean event;
  guint    group;
} Observation;

static int
compare_observations (const void *pa,
                      const void *pb)
{
  const Observation *a = pa;
  const Observation *b = pb;

  return (a->time > b->time) - (a->time < b->time);
}

static Observation *
sorted_observations (const double   *times,
                     const gboolean *events,
                     const guint    *groups,
                     gsize           n,
                     GError        **error)
{
  g_autofree Observation *obs = NULL;

  if (n == 0)
    {
      g_set_error_literal (error, STROMA_STATS_ERROR, STROMA_STATS_ERROR_NO_DATA,
                           _("There are no subjects to analyse."));
      return NULL;
    }

  obs = g_new (Observation, n);

  for (gsize i = 0; i < n; i++)
    {
      if (!isfinite (times[i]) || times[i] < 0)
        {
          g_set_error (error, STROMA_STATS_ERROR, STROMA_STATS_ERROR_INVALID_ARGUMENT,
                       _("Follow-up time %g of subject %lu is not a "
                         "non-negative number."), times[i], (unsigned long) (i + 1));
          return NULL;
        }

      obs[i].time = times[i];
      obs[i].event = events[i] != FALSE;
      obs[i].group = groups != NULL ? groups[i] : 0;
    }

  qsort (obs, n, sizeof (Observation), compare_observations);

  return g_steal_pointer (&obs);
}

/**
 * stroma_kaplan_meier_new:
 * @times: (array length=n): follow-up times, in any unit (days, months)
 * @events: (array length=n): %TRUE for an event at that time, %FALSE for censoring
 * @n: the number of subjects
 * @conf_level: the confidence level of the pointwise intervals, e.g. 0.95
 * @error: return location for a #GError
 *
 * The Kaplan–Meier estimate, as R's `survfit()` computes it by default: one step per
 * distinct event time, subjects censored at an event time still at risk there,
 * Greenwood's variance and a log-type interval with its upper limit truncated at 1.
 *
 * Returns: (transfer full) (nullable): the estimate, or %NULL with @error set
 */
StromaKaplanMeier *
stroma_kaplan_meier_new (const double   *times,
                         const gboolean *events,
                         gsize           n,
                         double          conf_level,
                         GError        **error)
{
  g_autofree Observation *obs = NULL;
  g_autoptr(StromaKaplanMeier) km = NULL;
  double z, survival = 1, greenwood = 0;
  gsize i = 0;

  g_return_val_if_fail (times != NULL || n == 0, NULL);
  g_return_val_if_fail (events != NULL || n == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!two_sided_z (conf_level, &z, error))
    return NULL;

  if (n > G_MAXUINT)
    {
      g_set_error_literal (error, STROMA_STATS_ERROR, STROMA_STATS_ERROR_INVALID_ARGUMENT,
                           _("Too many subjects."));
      return NULL;
    }

  if (!(obs = sorted_observations (times, events, NULL, n, error)))
    return NULL;

  km = g_new0 (StromaKaplanMeier, 1);
  km->steps = g_new0 (StromaKmStep, n);
  km->times = g_new (double, n);
  km->n_subjects = n;
  km->conf_level = conf_level;
  km->max_time = obs[n - 1].time;

  for (gsize j = 0; j < n; j++)
    km->times[j] = obs[j].time;

  while (i < n)
    {
      guint at_risk = n - i;
      guint deaths = 0;
      double t = obs[i].time;
      StromaKmStep *step;

      for (; i < n && obs[i].time == t; i++)
        deaths += obs[i].event;

      if (deaths == 0)
        continue;

      survival *= 1 - (double) deaths / at_risk;
      if (at_risk > deaths)
        greenwood += (double) deaths / ((double) at_risk * (at_risk - deaths));

      step = &km->steps[km->n_steps++];
      step->time = t;
      step->n_risk = at_risk;
      step->n_event = deaths;
      km->n_events += deaths;

      if (at_risk > deaths)
        {
          double se_log = sqrt (greenwood);

          step->survival = survival;
          step->std_err = survival * se_log;
          step->lower = exp (log (survival) - z * se_log);
          step->upper = MIN (1.0, exp (log (survival) + z * se_log));
        }
      else
        {
          /* Everyone still at risk died: the log interval is undefined (R: NaN, NA). */
          step->survival = 0;
          step->std_err = NAN;
          step->lower = NAN;
          step->upper = NAN;
        }
    }

  return g_steal_pointer (&km);
}

/**
 * stroma_kaplan_meier_free:
 * @km: (nullable): an estimate
 *
 * Frees @km.
 */
void
stroma_kaplan_meier_free (StromaKaplanMeier *km)
{
  if (km == NULL)
    return;

  g_free (km->steps);
  g_free (km->times);
  g_free (km);
}

/* Where a horizontal line at @p meets the curve (survival's findq ()): the first step at
 * or below p; when the curve sits exactly on p, the middle of that flat, which runs to
 * the next step, or to the end of follow-up after the last one. NaN values (the
 * interval once S = 0) are skipped, as R's approx () does. */
static double
curve_quantile (const StromaKaplanMeier *km,
                gsize                    value_offset,
                double                   p)
{
  for (guint j = 0; j < km->n_steps; j++)
    {
      double v = G_STRUCT_MEMBER (double, &km->steps[j], value_offset);

      if (isnan (v) || v > p + KM_QUANTILE_TOLERANCE)
        continue;

      if (fabs (v - p) >= KM_QUANTILE_TOLERANCE)
        return km->steps[j].time;

      for (guint k = j + 1; k < km->n_steps; k++)
        {
          double w = G_STRUCT_MEMBER (double, &km->steps[k], value_offset);

          if (!isnan (w) && w <= p - KM_QUANTILE_TOLERANCE)
            return (km->steps[j].time + km->steps[k].time) / 2;
        }

      return (km->steps[j].time + km->max_time) / 2;
    }

  return NAN;
}

/**
 * stroma_kaplan_meier_median:
 * @km: an estimate
 * @median: (out) (optional): the median survival time, or NAN if not reached
 * @lower: (out) (optional): the lower confidence limit of the median, or NAN
 * @upper: (out) (optional): the upper confidence limit of the median, or NAN
 *
 * The median survival time, R's way: the first time the curve is at or below 0.5
 * (the middle of the flat if it is exactly 0.5); the limits are where the pointwise
 * confidence band crosses 0.5.
 *
 * Returns: %TRUE if the median was reached
 */
gboolean
stroma_kaplan_meier_median (const StromaKaplanMeier *km,
                            double                  *median,
                            double                  *lower,
                            double                  *upper)
{
  double m;

  g_return_val_if_fail (km != NULL, FALSE);

  m = curve_quantile (km, G_STRUCT_OFFSET (StromaKmStep, survival), 0.5);

  if (median != NULL)
    *median = m;
  if (lower != NULL)
    *lower = curve_quantile (km, G_STRUCT_OFFSET (StromaKmStep, lower), 0.5);
  if (upper != NULL)
    *upper = curve_quantile (km, G_STRUCT_OFFSET (StromaKmStep, upper), 0.5);

  return !isnan (m);
}

/**
 * stroma_kaplan_meier_survival_at:
 * @km: an estimate
 * @time: the time, e.g. 365 for one-year survival in days
 * @estimate: (out caller-allocates): the survival at @time and its interval
 *
 * Reads the curve at @time. Beyond the longest follow-up the curve is unknown: the
 * estimate is then "not reached", its values NAN, and the function returns %FALSE.
 *
 * Returns: %TRUE if follow-up reaches @time
 */
gboolean
stroma_kaplan_meier_survival_at (const StromaKaplanMeier *km,
                                 double                   time,
                                 StromaKmEstimate        *estimate)
{
  const StromaKmStep *last = NULL;
  guint at_risk = 0;

  g_return_val_if_fail (km != NULL, FALSE);
  g_return_val_if_fail (estimate != NULL, FALSE);
  g_return_val_if_fail (!isnan (time), FALSE);

  estimate->time = time;

  if (time > km->max_time)
    {
      estimate->n_risk = 0;
      estimate->survival = NAN;
      estimate->std_err = NAN;
      estimate->lower = NAN;
      estimate->upper = NAN;
      return FALSE;
    }

  for (guint j = 0; j < km->n_steps && km->steps[j].time <= time; j++)
    last = &km->steps[j];

  for (guint j = 0; j < km->n_subjects; j++)
    if (km->times[j] >= time)
      at_risk++;

  estimate->n_risk = at_risk;

  if (last == NULL)
    {
      estimate->survival = 1;
      estimate->std_err = 0;
      estimate->lower = 1;
      estimate->upper = 1;
    }
  else
    {
      estimate->survival = last->survival;
      estimate->std_err = last->std_err;
      estimate->lower = last->lower;
      estimate->upper = last->upper;
    }

  return TRUE;
}

/**
 * stroma_log_rank_test:
 * @times: (array length=n): follow-up times
 * @events: (array length=n): %TRUE for an event, %FALSE for censoring
 * @groups: (array length=n): 0 or 1, the group of each subject
 * @n: the number of subjects
 * @result: (out caller-allocates): observed and expected events, variance, χ², p
 * @error: return location for a #GError
 *
 * The log-rank test (Mantel–Haenszel; R's `survdiff()` with rho = 0) comparing two
 * groups: at each event time E₀ += d·n₀/n and V += d·(n₀/n)(1 − n₀/n)(n − d)/(n − 1);
 * χ² = (O₀ − E₀)²/V on one degree of freedom.
 *
 * Returns: %TRUE on success, %FALSE if a group is empty or there are no events
 */
gboolean
stroma_log_rank_test (const double   *times,
                      const gboolean *events,
                      const guint    *groups,
                      gsize           n,
                      StromaLogRank  *result,
                      GError        **error)
{
  g_autofree Observation *obs = NULL;
  guint at_risk[2] = { 0, 0 };
  double observed[2] = { 0, 0 };
  double expected0 = 0, variance = 0;
  gsize i = 0;

  g_return_val_if_fail (times != NULL || n == 0, FALSE);
  g_return_val_if_fail (events != NULL || n == 0, FALSE);
  g_return_val_if_fail (groups != NULL || n == 0, FALSE);
  g_return_val_if_fail (result != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  for (gsize j = 0; j < n; j++)
    {
      if (groups[j] > 1)
        {
          g_set_error (error, STROMA_STATS_ERROR, STROMA_STATS_ERROR_INVALID_ARGUMENT,
                       _("Subject %lu is in group %u; the log-rank test "
                         "compares groups 0 and 1."), (unsigned long) (j + 1), groups[j]);
          return FALSE;
        }
      at_risk[groups[j]]++;
    }

  if (!(obs = sorted_observations (times, events, groups, n, error)))
    return FALSE;

  if (at_risk[0] == 0 || at_risk[1] == 0)
    {
      g_set_error_literal (error, STROMA_STATS_ERROR, STROMA_STATS_ERROR_NO_DATA,
                           _("Both groups need at least one subject."));
      return FALSE;
    }

  result->n[0] = at_risk[0];
  result->n[1] = at_risk[1];

  while (i < n)
    {
      double t = obs[i].time;
      double total = at_risk[0] + at_risk[1];
      double share = at_risk[0] / total;
      guint deaths[2] = { 0, 0 };
      guint leaving[2] = { 0, 0 };
      double d;

      for (; i < n && obs[i].time == t; i++)
        {
          deaths[obs[i].group] += obs[i].event;
          leaving[obs[i].group]++;
        }

      d = deaths[0] + deaths[1];
      if (d > 0)
        {
          observed[0] += deaths[0];
          observed[1] += deaths[1];
          expected0 += d * share;
          if (total > 1)
            variance += d * share * (1 - share) * (total - d) / (total - 1);
        }

      at_risk[0] -= leaving[0];
      at_risk[1] -= leaving[1];
    }

  if (!(variance > 0))
    {
      g_set_error_literal (error, STROMA_STATS_ERROR, STROMA_STATS_ERROR_DEGENERATE,
                           _("The groups cannot be compared: there is no event where "
                             "both groups are at risk."));
      return FALSE;
    }

  result->observed[0] = observed[0];
  result->observed[1] = observed[1];
  result->expected[0] = expected0;
  result->expected[1] = observed[0] + observed[1] - expected0;
  result->variance = variance;
  result->chisq = (observed[0] - expected0) * (observed[0] - expected0) / variance;
  result->p_value = gsl_cdf_chisq_Q (result->chisq, 1);

  return TRUE;
}

/**
 * stroma_sample_size_round_up:
 * @n: a sample size before rounding
 *
 * Rounds a computed sample size up to whole subjects, forgiving the last bits of
 * floating-point noise (30 × 1.1 is 33.000000000000004, which must give 33).
 *
 * Returns: the smallest whole number of subjects not below @n
 */
guint
stroma_sample_size_round_up (double n)
{
  g_return_val_if_fail (isfinite (n) && n >= 0 && n < G_MAXUINT, 0);

  return (guint) ceil (n - 1e-9 * MAX (1.0, n));
}

/**
 * stroma_sample_size_two_proportions:
 * @options: the design
 * @size: (out caller-allocates): the size per group, exact and rounded up
 * @error: return location for a #GError
 *
 * The number of subjects per group to compare two proportions with 1:1 allocation.
 * Pooled variance is the Fleiss / Casagrande–Pike formula
 * n = [z_a·√(2p̄q̄) + z_b·√(p₁q₁ + p₂q₂)]² / Δ²; unpooled is
 * n = (z_a + z_b)²·(p₁q₁ + p₂q₂) / Δ², with z_a = Φ⁻¹(1 − α/sides) and z_b = Φ⁻¹(power).
 * The Fleiss–Tytun–Ury continuity correction gives n/4·[1 + √(1 + 4/(nΔ))]².
 *
 * Returns: %TRUE on success
 */
gboolean
stroma_sample_size_two_proportions (const StromaSampleSizeOptions *options,
                                    StromaSampleSize              *size,
                                    GError                       **error)
{
  double p1, p2, q1, q2, delta, za, zb, pbar, n;

  g_return_val_if_fail (options != NULL, FALSE);
  g_return_val_if_fail (size != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  p1 = options->p1;
  p2 = options->p2;

  if (!check_probability (p1, "p1", error) ||
      !check_probability (p2, "p2", error) ||
      !check_level (options->alpha, _("significance level"), error) ||
      !check_level (options->power, _("power"), error))
    return FALSE;

  if (options->sides != 1 && options->sides != 2)
    {
      g_set_error (error, STROMA_STATS_ERROR, STROMA_STATS_ERROR_INVALID_ARGUMENT,
                   _("A test is one- or two-sided, not %u-sided."), options->sides);
      return FALSE;
    }

  delta = fabs (p1 - p2);
  if (delta == 0)
    {
      g_set_error_literal (error, STROMA_STATS_ERROR, STROMA_STATS_ERROR_DEGENERATE,
                           _("The two proportions are equal: no sample size can detect "
                             "a difference of zero."));
      return FALSE;
    }

  q1 = 1 - p1;
  q2 = 1 - p2;
  pbar = (p1 + p2) / 2;
  za = gsl_cdf_ugaussian_Pinv (1 - options->alpha / options->sides);
  zb = gsl_cdf_ugaussian_Pinv (options->power);

  switch (options->variance)
    {
    case STROMA_VARIANCE_POOLED:
      n = za * sqrt (2 * pbar * (1 - pbar)) + zb * sqrt (p1 * q1 + p2 * q2);
      n = n * n / (delta * delta);
      break;

    case STROMA_VARIANCE_UNPOOLED:
      n = (za + zb) * (za + zb) * (p1 * q1 + p2 * q2) / (delta * delta);
      break;

    default:
      g_return_val_if_reached (FALSE);
    }

  if (options->continuity_correction)
    {
      double root = 1 + sqrt (1 + 4 / (n * delta));

      n = n / 4 * root * root;
    }

  if (!(n < G_MAXUINT))
    {
      g_set_error_literal (error, STROMA_STATS_ERROR, STROMA_STATS_ERROR_DEGENERATE,
                           _("The sample size is too large to compute."));
      return FALSE;
    }

  size->exact = n;
  size->per_group = stroma_sample_size_round_up (n);

  return TRUE;
}

/**
 * stroma_sample_size_with_dropout:
 * @n: the sample size per group before dropout
 * @dropout: the expected dropout fraction, 0 ≤ d < 1
 * @rule: how to inflate
 * @size: (out caller-allocates): the inflated size, exact and rounded up
 * @error: return location for a #GError
 *
 * Inflates a sample size for dropout. n/(1 − d) keeps n evaluable subjects when a
 * fraction d drops out; n × (1 + d) is a common shortcut that falls slightly short
 * (31 × 1.10 = 34.1, while 31/0.9 = 34.4). Say which rule a number comes from.
 *
 * Returns: %TRUE on success
 */
gboolean
stroma_sample_size_with_dropout (guint              n,
                                 double             dropout,
                                 StromaDropoutRule  rule,
                                 StromaSampleSize  *size,
                                 GError           **error)
{
  double inflated;

  g_return_val_if_fail (size != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!(dropout >= 0 && dropout < 1))
    {
      g_set_error (error, STROMA_STATS_ERROR, STROMA_STATS_ERROR_INVALID_ARGUMENT,
                   _("The dropout fraction must be at least 0 and below 1, not %g."),
                   dropout);
      return FALSE;
    }

  switch (rule)
    {
    case STROMA_DROPOUT_MULTIPLY:
      inflated = n * (1 + dropout);
      break;

    case STROMA_DROPOUT_DIVIDE:
      inflated = n / (1 - dropout);
      break;

    default:
      g_return_val_if_reached (FALSE);
    }

  if (!(inflated < G_MAXUINT))
    {
      g_set_error_literal (error, STROMA_STATS_ERROR, STROMA_STATS_ERROR_DEGENERATE,
                           _("The sample size is too large to compute."));
      return FALSE;
    }

  size->exact = inflated;
  size->per_group = stroma_sample_size_round_up (inflated);

  return TRUE;
}
