/* stroma-analysis.h — the trial's results by arm
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "stroma-endpoints.h"
#include "stroma-protocol.h"
#include "stroma-records.h"
#include "stroma-stats.h"

G_BEGIN_DECLS

#define STROMA_ANALYSIS_ERROR (stroma_analysis_error_quark ())

typedef enum
{
  STROMA_ANALYSIS_ERROR_NO_ARMS,
  STROMA_ANALYSIS_ERROR_INVALID,
} StromaAnalysisError;

GQuark stroma_analysis_error_quark (void);

/* One subject's place in the analysis. */
typedef struct
{
  const StromaSubjectRecord *record;     /* borrowed; NULL when added with
                                          * stroma_analysis_add_subject() */
  int                        arm;        /* index into the protocol's arms; -1 = not randomized */
  GPtrArray                 *endpoints;  /* StromaEndpointResult*, the protocol's order;
                                          * without evidence and explanations when added
                                          * with stroma_analysis_add_subject() */
  /* Survival from the start of treatment, in days; events up to the data cut. */
  double                     os_days;
  gboolean                   os_event;
  double                     dfs_days;
  gboolean                   dfs_event;
  gboolean                   has_start;  /* FALSE: not treated, left out of survival */
} StromaSubjectAnalysis;

/* A response rate by arm: an endpoint, or the classification of a group (e.g. platelet CR or
 * PR). */
typedef struct
{
  char           *id;            /* endpoint id, or "<group>:<categories>" */
  char           *label;
  char           *definition;    /* "protocol" | "registry" */
  guint           n_met[2];
  guint           n_evaluable[2];
  StromaInterval  wilson[2];     /* 95% */
  StromaInterval  exact[2];      /* 95% Clopper–Pearson */
  double          fisher_p;      /* two-sided; NAN without two arms */
} StromaResponseRate;

typedef struct
{
  StromaKmEstimate at_one_year[2];
  gboolean         reached[2];   /* follow-up reaches one year in the arm */
  guint            n[2];
  guint            events[2];
  double           median[2];    /* NAN when not reached */
  StromaLogRank    log_rank;
  gboolean         has_log_rank;
} StromaSurvivalSummary;

typedef struct
{
  /* As the protocol states its assumptions */
  guint            stated_n_per_arm;
  guint            stated_with_dropout;
  StromaSampleSize as_stated;            /* the protocol's sides and correction */
  guint            as_stated_sides;
  gboolean         as_stated_cc;
  /* The assumptions that reproduce the stated number, if any of the usual four does */
  gboolean         reproduced;
  guint            reproduced_sides;
  gboolean         reproduced_cc;
  StromaSampleSize reproduced_size;
  double           fisher_power_at_stated;   /* exact, two-sided, at the stated n */
  double           dropout;
  double           with_dropout_multiply;    /* n × (1 + d), unrounded */
  double           with_dropout_divide;      /* n / (1 − d), unrounded */
} StromaSampleSizeCheck;

typedef struct
{
  const StromaProtocol  *protocol;       /* borrowed */
  char                  *data_cut;
  guint                  n_arms;         /* 0, 1 or 2 arms compared */
  const StromaArm       *arms[2];
  guint                  n_per_arm[2];
  guint                  evaluation_day; /* days of treatment before response is assessable */
  GPtrArray             *subjects;       /* StromaSubjectAnalysis* */
  GPtrArray             *responses;      /* StromaResponseRate* */
  StromaSurvivalSummary  os;
  StromaSurvivalSummary  dfs;
  gboolean               has_sample_size;
  StromaSampleSizeCheck  sample_size;
} StromaTrialAnalysis;

StromaTrialAnalysis *stroma_analysis_run  (const StromaProtocol *protocol,
                                           GPtrArray            *records,
                                           const char           *data_cut,
                                           GError              **error);
void                 stroma_analysis_free (StromaTrialAnalysis  *analysis);

StromaTrialAnalysis *stroma_analysis_new         (const StromaProtocol       *protocol,
                                                  const char                 *data_cut,
                                                  GError                    **error);
gboolean             stroma_analysis_add_subject (StromaTrialAnalysis        *analysis,
                                                  const StromaSubjectRecord  *record,
                                                  GPtrArray                 **endpoints,
                                                  GError                    **error);
void                 stroma_analysis_finish      (StromaTrialAnalysis        *analysis);

gboolean             stroma_analysis_check_sample_size (const StromaStatistics *statistics,
                                                        StromaSampleSizeCheck  *check,
                                                        GError                **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (StromaTrialAnalysis, stroma_analysis_free)

G_END_DECLS
