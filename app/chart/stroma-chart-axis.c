/* stroma-chart-axis.c — value axes: normalization to 0..1 and nice ticks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "stroma-chart"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "stroma-chart-axis.h"

/* Relative slack for comparisons of tick values that went through log10/pow. */
#define TICK_EPSILON 1e-9

/* The share of the range left free above and below the data when fitting. */
#define FIT_HEADROOM 0.03

/**
 * stroma_chart_axis_normalize:
 * @axis: an axis
 * @value: a value in data units
 *
 * Maps @value onto the axis: @axis->min gives 0, @axis->max gives 1; values
 * outside the range fall outside 0..1. On a log10 axis a value that is not
 * positive has no place and gives -%INFINITY; a missing value (NaN) stays NaN.
 *
 * Returns: the normalized position
 */
double
stroma_chart_axis_normalize (const StromaChartAxis *axis,
                             double                 value)
{
  g_return_val_if_fail (axis != NULL, NAN);

  if (isnan (value))
    return NAN;

  if (axis->scale == STROMA_CHART_SCALE_LOG10)
    {
      double lo, hi;

      if (value <= 0 || axis->min <= 0 || axis->max <= axis->min)
        return value <= 0 ? -INFINITY : 0;

      lo = log10 (axis->min);
      hi = log10 (axis->max);
      return (log10 (value) - lo) / (hi - lo);
    }

  if (axis->max == axis->min)
    return 0;

  return (value - axis->min) / (axis->max - axis->min);
}

/**
 * stroma_chart_axis_denormalize:
 * @axis: an axis
 * @t: a normalized position, 0 at @axis->min and 1 at @axis->max
 *
 * The inverse of stroma_chart_axis_normalize(), used to read a value back
 * from a pointer position.
 *
 * Returns: the value in data units
 */
double
stroma_chart_axis_denormalize (const StromaChartAxis *axis,
                               double                 t)
{
  g_return_val_if_fail (axis != NULL, NAN);

  if (axis->scale == STROMA_CHART_SCALE_LOG10 && axis->min > 0 && axis->max > 0)
    {
      double lo = log10 (axis->min);
      double hi = log10 (axis->max);

      return pow (10, lo + t * (hi - lo));
    }

  return axis->min + t * (axis->max - axis->min);
}

/* The largest of 1, 2, 5 × 10^k not above @v (v > 0). */
static double
floor_125 (double v)
{
  double e = floor (log10 (v));
  double p = pow (10, e);
  double m = v / p;

  if (m >= 5 - TICK_EPSILON)
    return 5 * p;
  if (m >= 2 - TICK_EPSILON)
    return 2 * p;
  if (m >= 1 - TICK_EPSILON)
    return p;
  return p / 2;
}

/* The smallest of 1, 2, 5 × 10^k not below @v (v > 0). */
static double
ceil_125 (double v)
{
  double e = floor (log10 (v));
  double p = pow (10, e);
  double m = v / p;

  if (m <= 1 + TICK_EPSILON)
    return p;
  if (m <= 2 + TICK_EPSILON)
    return 2 * p;
  if (m <= 5 + TICK_EPSILON)
    return 5 * p;
  return 10 * p;
}

static double
linear_step (double span,
             guint  max_ticks)
{
  guint intervals = MAX (max_ticks, 2) - 1;

  if (!(span > 0))
    return 1;

  return ceil_125 (span / intervals);
}

/**
 * stroma_chart_axis_fit:
 * @axis: an axis whose scale is set
 * @data_min: the smallest value to show
 * @data_max: the largest value to show
 *
 * Sets the range of @axis to nice bounds around the data, with a little
 * headroom: on a linear axis multiples of the tick step (never below zero for
 * data that are not), on a log10 axis values of 1, 2 or 5 × 10^k, so that
 * ticks fall on the edges. Values that are not finite (and, on a log
 * axis, not positive) must be left out by the caller; a degenerate range is
 * widened.
 */
void
stroma_chart_axis_fit (StromaChartAxis *axis,
                       double           data_min,
                       double           data_max)
{
  g_return_if_fail (axis != NULL);

  if (axis->scale == STROMA_CHART_SCALE_LOG10)
    {
      if (!(data_min > 0) || !isfinite (data_min))
        data_min = data_max > 0 && isfinite (data_max) ? data_max / 10 : 0.1;
      if (!(data_max > 0) || !isfinite (data_max))
        data_max = data_min * 10;
      if (data_max < data_min)
        {
          double tmp = data_min;
          data_min = data_max;
          data_max = tmp;
        }

      /* Headroom of a few percent, so that nothing sits on the frame. */
      {
        double pad = pow (10, MAX (log10 (data_max / data_min), 1) * FIT_HEADROOM);

        axis->min = floor_125 (data_min / pad);
        axis->max = ceil_125 (data_max * pad);
      }
      if (axis->max <= axis->min)
        axis->max = ceil_125 (axis->min * 2.0000001);
      return;
    }

  if (!isfinite (data_min) || !isfinite (data_max))
    {
      data_min = 0;
      data_max = 1;
    }
  if (data_max < data_min)
    {
      double tmp = data_min;
      data_min = data_max;
      data_max = tmp;
    }
  if (data_max == data_min)
    {
      double pad = data_min == 0 ? 1 : fabs (data_min) * 0.1;

      data_min -= pad;
      data_max += pad;
    }

  {
    double pad = (data_max - data_min) * FIT_HEADROOM;
    double step;

    /* Counts are never negative: headroom stops at zero. */
    data_min = data_min >= 0 ? MAX (data_min - pad, 0) : data_min - pad;
    data_max += pad;
    step = linear_step (data_max - data_min, 6);

    axis->min = floor (data_min / step + TICK_EPSILON) * step;
    axis->max = ceil (data_max / step - TICK_EPSILON) * step;
  }
}

static void
append_tick (GArray *ticks,
             double  value)
{
  g_array_append_val (ticks, value);
}

/* The 1, 2, 5 × 10^k value after @step. */
static double
next_125 (double step)
{
  double p = pow (10, floor (log10 (step) + TICK_EPSILON));
  double m = step / p;

  if (m < 1.5)
    return 2 * p;
  if (m < 3.5)
    return 5 * p;
  return 10 * p;
}

static GArray *
linear_ticks (double lo,
              double hi,
              guint  max_ticks)
{
  GArray *ticks = g_array_new (FALSE, FALSE, sizeof (double));
  double step = floor_125 ((hi - lo) / max_ticks);
  double first, last;

  /* The finest 1-2-5 step whose ticks inside the range still fit. */
  for (;;)
    {
      first = ceil (lo / step - TICK_EPSILON);
      last = floor (hi / step + TICK_EPSILON);
      if (last - first + 1 <= max_ticks)
        break;
      step = next_125 (step);
    }

  /* Too short for two nice ticks: label the ends, so the scale can still be read. */
  if (last - first + 1 < 2)
    {
      append_tick (ticks, lo);
      append_tick (ticks, hi);
      return ticks;
    }

  for (double k = first; k <= last; k++)
    {
      double v = k * step;

      /* Keep 0 a clean zero rather than -1e-17. */
      if (fabs (v) < step * TICK_EPSILON)
        v = 0;
      append_tick (ticks, v);
    }

  return ticks;
}

/* Ticks at m × 10^k for the mantissas given, every @every decades. */
static GArray *
log_ticks (double        lo,
           double        hi,
           const double *mantissas,
           guint         n_mantissas,
           int           every)
{
  GArray *ticks = g_array_new (FALSE, FALSE, sizeof (double));
  int d0 = (int) floor (log10 (lo) + TICK_EPSILON);
  int d1 = (int) ceil (log10 (hi) - TICK_EPSILON);

  for (int d = d0; d <= d1; d++)
    {
      if (((d % every) + every) % every != 0)
        continue;

      for (guint i = 0; i < n_mantissas; i++)
        {
          double v = mantissas[i] * pow (10, d);

          if (v >= lo * (1 - TICK_EPSILON) && v <= hi * (1 + TICK_EPSILON))
            append_tick (ticks, v);
        }
    }

  return ticks;
}

/**
 * stroma_chart_axis_compute_ticks:
 * @axis: an axis
 * @max_ticks: how many ticks fit, at most
 *
 * Computes nice tick values inside the range of @axis. A linear axis gets
 * steps of 1, 2 or 5 × 10^k; a log10 axis gets 1, 2, 5 per decade, or one
 * tick per decade (or per few decades) when those do not fit. A log axis
 * spanning less than a decade falls back to linear steps, which still read
 * well there.
 *
 * Returns: (transfer full): a #GArray of doubles, ascending
 */
GArray *
stroma_chart_axis_compute_ticks (const StromaChartAxis *axis,
                                 guint                  max_ticks)
{
  static const double one_two_five[] = { 1, 2, 5 };
  static const double one[] = { 1 };
  double lo, hi;

  g_return_val_if_fail (axis != NULL, NULL);

  lo = MIN (axis->min, axis->max);
  hi = MAX (axis->min, axis->max);
  max_ticks = MAX (max_ticks, 2);

  if (!isfinite (lo) || !isfinite (hi) || lo == hi)
    return g_array_new (FALSE, FALSE, sizeof (double));

  if (axis->scale == STROMA_CHART_SCALE_LOG10 && lo > 0)
    {
      GArray *ticks = log_ticks (lo, hi, one_two_five, G_N_ELEMENTS (one_two_five), 1);

      if (ticks->len < 3)
        {
          g_array_unref (ticks);
          return linear_ticks (lo, hi, max_ticks);
        }
      if (ticks->len <= max_ticks)
        return ticks;
      g_array_unref (ticks);

      for (int every = 1; ; every++)
        {
          ticks = log_ticks (lo, hi, one, 1, every);
          if (ticks->len <= max_ticks || ticks->len <= 2)
            return ticks;
          g_array_unref (ticks);
        }
    }

  return linear_ticks (lo, hi, max_ticks);
}

/**
 * stroma_chart_axis_format_tick:
 * @axis: an axis
 * @value: a tick value
 * @step: the distance to the neighbouring tick (linear axes)
 *
 * Formats a tick label with as many decimals as the tick needs and no more:
 * "0.5", "20", "0.05". Uses the locale's decimal mark.
 *
 * Returns: (transfer full): the label
 */
char *
stroma_chart_axis_format_tick (const StromaChartAxis *axis,
                               double                 value,
                               double                 step)
{
  double magnitude;
  int decimals = 0;

  g_return_val_if_fail (axis != NULL, NULL);

  if (axis->scale == STROMA_CHART_SCALE_LOG10 && value > 0)
    magnitude = value;
  else
    magnitude = fabs (step);

  if (magnitude > 0 && magnitude < 1)
    decimals = (int) ceil (-log10 (magnitude) - TICK_EPSILON);

  /* A step such as 0.25 needs one more digit than its magnitude says. */
  if (decimals > 0)
    {
      double scaled = magnitude * pow (10, decimals);

      if (fabs (scaled - round (scaled)) > 1e-6)
        decimals++;
    }

  if (value == 0)
    value = 0;  /* no "-0" */

  return g_strdup_printf ("%.*f", MIN (decimals, 6), value);
}

/**
 * stroma_chart_day_tick_step:
 * @span: the number of days shown
 * @max_ticks: how many labels fit
 *
 * Chooses a step for the time axis among days and whole weeks (1, 2, 7, 14,
 * 28 days, then 8, 13, 26 and 52 weeks and multiples of a year), since visits
 * follow a weekly schedule after day 0.
 *
 * Returns: the step in days
 */
double
stroma_chart_day_tick_step (double span,
                            guint  max_ticks)
{
  static const double steps[] = { 1, 2, 7, 14, 28, 56, 91, 182, 364 };

  max_ticks = MAX (max_ticks, 2);

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (span / steps[i] <= max_ticks - 1)
      return steps[i];

  return 364 * ceil (span / 364 / (max_ticks - 1));
}

/**
 * stroma_chart_compute_day_ticks:
 * @first_day: the first study day shown
 * @last_day: the last study day shown
 * @max_ticks: how many labels fit
 *
 * Ticks for the time axis, at multiples of stroma_chart_day_tick_step()
 * counted from day 0, so day 0 is a tick whenever it is shown.
 *
 * Returns: (transfer full): a #GArray of doubles, ascending
 */
GArray *
stroma_chart_compute_day_ticks (double first_day,
                                double last_day,
                                guint  max_ticks)
{
  GArray *ticks = g_array_new (FALSE, FALSE, sizeof (double));
  double step;

  if (!isfinite (first_day) || !isfinite (last_day) || last_day <= first_day)
    return ticks;

  step = stroma_chart_day_tick_step (last_day - first_day, max_ticks);

  for (double k = ceil (first_day / step); k * step <= last_day; k++)
    {
      double v = k * step;

      if (v == 0)
        v = 0;
      append_tick (ticks, v);
    }

  return ticks;
}
