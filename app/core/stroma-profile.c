/* stroma-profile.c — blood counts by arm: median and interquartile range by day of treatment
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Counts are sampled daily early on and twice a week later, on different days for different
 * subjects; a median of whoever happened to be sampled on a day would jump. So each subject's
 * count is read on every day between two of its samples at most max_gap_days apart, by linear
 * interpolation, and the day's median and quartiles pool those readings. Days with fewer than
 * min_subjects readings have none: the band stops where the data thin out.
 */

#define G_LOG_DOMAIN "stroma-profile"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdlib.h>

#include "stroma-profile.h"
#include "stroma-schedule-private.h"

G_DEFINE_QUARK (stroma-profile-error-quark, stroma_profile_error)

static void
curve_free (gpointer data)
{
  StromaProfileCurve *curve = data;

  g_array_unref (curve->days);
  g_array_unref (curve->values);
  g_free (curve);
}

/**
 * stroma_arm_profile_free:
 * @profile: (transfer full) (nullable): a profile
 */
void
stroma_arm_profile_free (StromaArmProfile *profile)
{
  if (profile == NULL)
    return;

  g_free (profile->arm_id);
  g_free (profile->arm_label);
  g_free (profile->test_code);
  g_array_unref (profile->days);
  g_array_unref (profile->median);
  g_array_unref (profile->q1);
  g_array_unref (profile->q3);
  g_array_unref (profile->n);
  g_ptr_array_unref (profile->curves);
  g_free (profile);
}

/**
 * stroma_profile_quantile:
 * @sorted: (array length=n): values in ascending order
 * @n: how many, at least one
 * @p: the probability, 0 to 1
 *
 * The sample quantile by linear interpolation between order statistics (Hyndman and Fan's
 * type 7, R's and NumPy's default): h = (n − 1) p, x[⌊h⌋] + (h − ⌊h⌋)(x[⌊h⌋ + 1] − x[⌊h⌋]).
 *
 * Returns: the quantile, or NAN when @n is 0
 */
double
stroma_profile_quantile (const double *sorted,
                         guint         n,
                         double        p)
{
  double h, lo;
  guint i;

  g_return_val_if_fail (p >= 0 && p <= 1, NAN);

  if (n == 0 || sorted == NULL)
    return NAN;

  h = (n - 1) * p;
  lo = floor (h);
  i = (guint) lo;
  if (i + 1 >= n)
    return sorted[n - 1];

  return sorted[i] + (h - lo) * (sorted[i + 1] - sorted[i]);
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double da = *(const double *) a;
  double db = *(const double *) b;

  return (da > db) - (da < db);
}

typedef struct
{
  double day;
  double value;
} Sample;

static int
compare_samples (const void *a,
                 const void *b)
{
  const Sample *sa = a;
  const Sample *sb = b;

  return (sa->day > sb->day) - (sa->day < sb->day);
}

/* The subject's samples of the test by day of treatment: one value a day, the mean. */
static StromaProfileCurve *
subject_curve (const StromaSubjectRecord *record,
               const char                *test_code,
               guint32                    start,
               guint32                    cut,
               gint                       first_day,
               gint                       last_day)
{
  StromaProfileCurve *curve = g_new0 (StromaProfileCurve, 1);
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (Sample));

  curve->subject_id = record->subject->parent.id;
  curve->days = g_array_new (FALSE, FALSE, sizeof (double));
  curve->values = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint i = 0; record->labs != NULL && i < record->labs->len; i++)
    {
      const StromaLabResult *lab = record->labs->pdata[i];
      Sample sample;
      guint32 j;

      if (g_strcmp0 (lab->test_code, test_code) != 0 || !isfinite (lab->stresn) ||
          !stroma_schedule_date_parse (lab->collected_on, &j) || j > cut)
        continue;

      sample.day = (double) ((gint) j - (gint) start);
      sample.value = lab->stresn;
      if (sample.day < first_day || sample.day > last_day)
        continue;
      g_array_append_val (samples, sample);
    }

  /* Stable enough: values of one day are averaged whatever their order. */
  qsort (samples->data, samples->len, sizeof (Sample), compare_samples);

  for (guint i = 0; i < samples->len;)
    {
      double day = g_array_index (samples, Sample, i).day, sum = 0, mean;
      guint count = 0;

      for (; i < samples->len && g_array_index (samples, Sample, i).day == day; i++, count++)
        sum += g_array_index (samples, Sample, i).value;

      mean = sum / count;
      g_array_append_val (curve->days, day);
      g_array_append_val (curve->values, mean);
    }

  return curve;
}

/* The curve's value on @day: sampled, or interpolated between samples close enough. */
static double
curve_value_at (const StromaProfileCurve *curve,
                double                    day,
                guint                     max_gap,
                guint                    *cursor)
{
  const double *days = (const double *) (gpointer) curve->days->data;
  const double *values = (const double *) (gpointer) curve->values->data;
  guint n = curve->days->len;
  guint i = *cursor;

  while (i < n && days[i] < day)
    i++;
  *cursor = i > 0 ? i - 1 : 0;

  if (i < n && days[i] == day)
    return values[i];
  if (i == 0 || i >= n || days[i] - days[i - 1] > max_gap)
    return NAN;

  return values[i - 1] + (day - days[i - 1]) / (days[i] - days[i - 1]) * (values[i] - values[i - 1]);
}

/**
 * stroma_profile_compute:
 * @protocol: the trial's protocol
 * @records: (array length=n_records): every subject's record
 * @n_records: how many
 * @test_code: the lab test, e.g. "PLAT"
 * @options: (nullable): the days, gaps and data cut; %NULL for %STROMA_PROFILE_OPTIONS_INIT
 * @error: return location for a #GError
 *
 * Summarizes a count by arm, by day after the start of study treatment (the start is day 0):
 * for each day the median, first and third quartile over the arm's subjects that have a value
 * on that day, sampled or interpolated (see the top of this file), and each subject's samples
 * to draw faintly behind. Subjects not randomized or without a start of treatment are left
 * out.
 *
 * Returns: (transfer full) (element-type StromaArmProfile): one profile per arm of the
 *   protocol, in its order, or %NULL with @error set
 */
GPtrArray *
stroma_profile_compute (const StromaProtocol         *protocol,
                        StromaSubjectRecord * const  *records,
                        guint                         n_records,
                        const char                   *test_code,
                        const StromaProfileOptions   *options,
                        GError                      **error)
{
  StromaProfileOptions defaults = STROMA_PROFILE_OPTIONS_INIT;
  g_autoptr(GPtrArray) profiles = NULL;
  g_autofree double *pool = NULL;
  guint32 cut = G_MAXUINT32;
  guint n_days;

  g_return_val_if_fail (protocol != NULL, NULL);
  g_return_val_if_fail (records != NULL || n_records == 0, NULL);
  g_return_val_if_fail (test_code != NULL, NULL);

  if (options == NULL)
    options = &defaults;

  if (options->last_day < options->first_day || options->last_day - options->first_day > 10000 ||
      options->min_subjects == 0)
    {
      g_set_error (error, STROMA_PROFILE_ERROR, STROMA_PROFILE_ERROR_INVALID,
                   _("The days to summarize run from %d to %d: the first must not come after "
                     "the last, and at least one subject is needed a day."),
                   options->first_day, options->last_day);
      return NULL;
    }

  if (options->as_of != NULL && !stroma_schedule_date_parse (options->as_of, &cut))
    {
      g_set_error (error, STROMA_PROFILE_ERROR, STROMA_PROFILE_ERROR_INVALID,
                   _("The data cut “%s” is not a date: write it as YYYY-MM-DD."), options->as_of);
      return NULL;
    }

  n_days = (guint) (options->last_day - options->first_day + 1);
  profiles = g_ptr_array_new_with_free_func ((GDestroyNotify) stroma_arm_profile_free);
  pool = g_new (double, MAX (n_records, 1));

  for (guint a = 0; protocol->arms != NULL && a < protocol->arms->len; a++)
    {
      const StromaArm *arm = protocol->arms->pdata[a];
      StromaArmProfile *profile = g_new0 (StromaArmProfile, 1);
      g_autofree guint *cursors = NULL;

      profile->arm_id = g_strdup (arm->id);
      profile->arm_label = g_strdup (arm->label ? arm->label : arm->id);
      profile->test_code = g_strdup (test_code);
      profile->days = g_array_sized_new (FALSE, FALSE, sizeof (double), n_days);
      profile->median = g_array_sized_new (FALSE, FALSE, sizeof (double), n_days);
      profile->q1 = g_array_sized_new (FALSE, FALSE, sizeof (double), n_days);
      profile->q3 = g_array_sized_new (FALSE, FALSE, sizeof (double), n_days);
      profile->n = g_array_sized_new (FALSE, FALSE, sizeof (guint), n_days);
      profile->curves = g_ptr_array_new_with_free_func (curve_free);
      g_ptr_array_add (profiles, profile);

      for (guint r = 0; r < n_records; r++)
        {
          const StromaSubjectRecord *record = records[r];
          StromaProfileCurve *curve;
          guint32 start;

          if (record->allocation == NULL || g_strcmp0 (record->allocation->arm, arm->id) != 0 ||
              !stroma_schedule_date_parse (record->subject->treatment_start, &start))
            continue;

          curve = subject_curve (record, test_code, start, cut, options->first_day,
                                 options->last_day);
          if (curve->days->len == 0)
            {
              curve_free (curve);
              continue;
            }
          g_ptr_array_add (profile->curves, curve);
        }
      profile->n_subjects = profile->curves->len;

      cursors = g_new0 (guint, MAX (profile->curves->len, 1));
      for (guint d = 0; d < n_days; d++)
        {
          double day = options->first_day + (gint) d;
          double median = NAN, q1 = NAN, q3 = NAN;
          guint n = 0;

          for (guint c = 0; c < profile->curves->len; c++)
            {
              double v = curve_value_at (profile->curves->pdata[c], day, options->max_gap_days,
                                         &cursors[c]);

              if (!isnan (v))
                pool[n++] = v;
            }

          if (n >= options->min_subjects)
            {
              qsort (pool, n, sizeof *pool, compare_doubles);
              median = stroma_profile_quantile (pool, n, 0.5);
              q1 = stroma_profile_quantile (pool, n, 0.25);
              q3 = stroma_profile_quantile (pool, n, 0.75);
            }

          g_array_append_val (profile->days, day);
          g_array_append_val (profile->median, median);
          g_array_append_val (profile->q1, q1);
          g_array_append_val (profile->q3, q3);
          g_array_append_val (profile->n, n);
        }
    }

  return g_steal_pointer (&profiles);
}
