/* stroma-profile.h — blood counts by arm: median and interquartile range by day of treatment
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "stroma-protocol.h"
#include "stroma-records.h"

G_BEGIN_DECLS

#define STROMA_PROFILE_ERROR (stroma_profile_error_quark ())

/**
 * StromaProfileError:
 * @STROMA_PROFILE_ERROR_INVALID: the options are out of range, or the data cut is not an
 *   ISO date
 */
typedef enum
{
  STROMA_PROFILE_ERROR_INVALID,
} StromaProfileError;

GQuark stroma_profile_error_quark (void);

/**
 * StromaProfileOptions:
 * @first_day: the first day after the start of treatment to summarize (may be negative)
 * @last_day: the last day
 * @max_gap_days: a subject's value on a day between two samples is interpolated linearly when
 *   the samples are at most this many days apart; otherwise the subject has no value that day
 * @min_subjects: a day's median and quartiles need values of at least this many subjects
 * @as_of: (nullable): the data cut, an ISO date; later values are left out
 */
typedef struct
{
  gint        first_day;
  gint        last_day;
  guint       max_gap_days;
  guint       min_subjects;
  const char *as_of;
} StromaProfileOptions;

/* Counts are daily to twice weekly while a graft is watched and monthly in follow-up: a month
 * between samples is still read off the line between them. */
#define STROMA_PROFILE_OPTIONS_INIT { -14, 180, 31, 3, NULL }

/* One subject's values of the test, by day after the start of treatment (samples only, from
 * the first to the last day summarized). */
typedef struct
{
  gint64  subject_id;
  GArray *days;      /* double */
  GArray *values;    /* double, the mean of the day's values */
} StromaProfileCurve;

/**
 * StromaArmProfile:
 * @arm_id: the arm
 * @arm_label: its label
 * @test_code: the lab test
 * @n_subjects: subjects of the arm with a start of treatment and at least one value
 * @days: (element-type gdouble): first_day … last_day
 * @median: (element-type gdouble): NAN where fewer than min_subjects have a value
 * @q1: (element-type gdouble): the first quartile (type 7, as R's default), NAN likewise
 * @q3: (element-type gdouble): the third quartile
 * @n: (element-type guint): subjects with a value, sampled or interpolated, on the day
 * @curves: (element-type StromaProfileCurve): each subject's samples, to draw behind
 */
typedef struct
{
  char      *arm_id;
  char      *arm_label;
  char      *test_code;
  guint      n_subjects;
  GArray    *days;
  GArray    *median;
  GArray    *q1;
  GArray    *q3;
  GArray    *n;
  GPtrArray *curves;
} StromaArmProfile;

GPtrArray *stroma_profile_compute   (const StromaProtocol         *protocol,
                                     StromaSubjectRecord * const  *records,
                                     guint                         n_records,
                                     const char                   *test_code,
                                     const StromaProfileOptions   *options,
                                     GError                      **error);
double     stroma_profile_quantile  (const double                 *sorted,
                                     guint                         n,
                                     double                        p);
void       stroma_arm_profile_free  (StromaArmProfile             *profile);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (StromaArmProfile, stroma_arm_profile_free)

G_END_DECLS
