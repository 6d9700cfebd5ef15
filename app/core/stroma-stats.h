/* stroma-stats.h — proportions, exact tests, survival and sample size
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define STROMA_STATS_ERROR (stroma_stats_error_quark ())

typedef enum
{
  STROMA_STATS_ERROR_INVALID_ARGUMENT,
  STROMA_STATS_ERROR_NO_DATA,
  STROMA_STATS_ERROR_DEGENERATE,
} StromaStatsError;

GQuark stroma_stats_error_quark (void);

/* One proportion */

typedef enum
{
  STROMA_CI_WILSON,
  STROMA_CI_WILSON_CC,          /* Newcombe method 4; the interval of R prop.test () */
  STROMA_CI_CLOPPER_PEARSON,    /* exact */
} StromaCiMethod;

typedef struct
{
  double estimate;
  double lower;
  double upper;
} StromaInterval;

gboolean stroma_proportion_ci (guint           x,
                               guint           n,
                               double          conf_level,
                               StromaCiMethod  method,
                               StromaInterval *interval,
                               GError        **error);

/* Fisher's exact test for the 2×2 table [[a, b], [c, d]] */

typedef enum
{
  STROMA_ALTERNATIVE_TWO_SIDED,
  STROMA_ALTERNATIVE_LESS,      /* odds ratio < 1: few a */
  STROMA_ALTERNATIVE_GREATER,   /* odds ratio > 1: many a */
} StromaAlternative;

double   stroma_fisher_exact_test (guint             a,
                                   guint             b,
                                   guint             c,
                                   guint             d,
                                   StromaAlternative alternative);

gboolean stroma_fisher_power      (double            p1,
                                   double            p2,
                                   guint             n_per_arm,
                                   double            alpha,
                                   StromaAlternative alternative,
                                   double           *power,
                                   GError          **error);

/* Kaplan–Meier */

typedef struct
{
  double time;
  guint  n_risk;
  guint  n_event;
  double survival;
  double std_err;     /* Greenwood standard error of the survival; NAN once it reaches 0 */
  double lower;       /* log-type interval, upper limit truncated at 1; NAN when S = 0 */
  double upper;
} StromaKmStep;

typedef struct
{
  StromaKmStep *steps;          /* one per distinct event time, ascending */
  guint         n_steps;
  double       *times;          /* every subject's follow-up time, ascending */
  guint         n_subjects;
  guint         n_events;
  double        max_time;       /* the longest follow-up, event or censored */
  double        conf_level;
} StromaKaplanMeier;

typedef struct
{
  double time;
  guint  n_risk;
  double survival;
  double std_err;
  double lower;
  double upper;
} StromaKmEstimate;

StromaKaplanMeier *stroma_kaplan_meier_new         (const double            *times,
                                                    const gboolean          *events,
                                                    gsize                    n,
                                                    double                   conf_level,
                                                    GError                 **error);
void               stroma_kaplan_meier_free        (StromaKaplanMeier       *km);
gboolean           stroma_kaplan_meier_median      (const StromaKaplanMeier *km,
                                                    double                  *median,
                                                    double                  *lower,
                                                    double                  *upper);
gboolean           stroma_kaplan_meier_survival_at (const StromaKaplanMeier *km,
                                                    double                   time,
                                                    StromaKmEstimate        *estimate);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (StromaKaplanMeier, stroma_kaplan_meier_free)

/* Log-rank (Mantel–Haenszel) test of two groups */

typedef struct
{
  guint  n[2];
  double observed[2];
  double expected[2];
  double variance;
  double chisq;        /* on 1 degree of freedom */
  double p_value;
} StromaLogRank;

gboolean stroma_log_rank_test (const double   *times,
                               const gboolean *events,
                               const guint    *groups,
                               gsize           n,
                               StromaLogRank  *result,
                               GError        **error);

/* Sample size for comparing two proportions, 1:1 allocation */

typedef enum
{
  STROMA_VARIANCE_POOLED,       /* Fleiss / Casagrande–Pike */
  STROMA_VARIANCE_UNPOOLED,
} StromaVarianceMethod;

typedef struct
{
  double               p1;
  double               p2;
  double               alpha;
  double               power;
  guint                sides;                  /* 1 or 2 */
  gboolean             continuity_correction;  /* Fleiss–Tytun–Ury */
  StromaVarianceMethod variance;
} StromaSampleSizeOptions;

typedef struct
{
  double exact;        /* per group, before rounding */
  guint  per_group;    /* rounded up */
} StromaSampleSize;

typedef enum
{
  STROMA_DROPOUT_MULTIPLY,      /* n × (1 + d) */
  STROMA_DROPOUT_DIVIDE,        /* n / (1 − d) */
} StromaDropoutRule;

gboolean stroma_sample_size_two_proportions (const StromaSampleSizeOptions *options,
                                             StromaSampleSize              *size,
                                             GError                       **error);
gboolean stroma_sample_size_with_dropout    (guint                          n,
                                             double                         dropout,
                                             StromaDropoutRule              rule,
                                             StromaSampleSize              *size,
                                             GError                       **error);
guint    stroma_sample_size_round_up        (double                         n);

G_END_DECLS
