/* stroma-summary.h — one subject at a glance: days, response, alerts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "stroma-endpoints.h"
#include "stroma-protocol.h"
#include "stroma-records.h"
#include "stroma-safety.h"

G_BEGIN_DECLS

/* A day or an age that cannot be given: no date to count from. */
#define STROMA_SUMMARY_NO_DAY G_MININT

/**
 * StromaSubjectAlertKind:
 * @STROMA_SUBJECT_ALERT_SAFETY: a safety rule of the protocol fired (stroma-safety)
 * @STROMA_SUBJECT_ALERT_OVERDUE_DOSE: a dose of the product is past its window, neither given
 *   nor recorded as missed
 * @STROMA_SUBJECT_ALERT_OVERDUE_LAB: a scheduled lab test has no value for a closed slot
 */
typedef enum
{
  STROMA_SUBJECT_ALERT_SAFETY,
  STROMA_SUBJECT_ALERT_OVERDUE_DOSE,
  STROMA_SUBJECT_ALERT_OVERDUE_LAB,
} StromaSubjectAlertKind;

/**
 * StromaSubjectAlert:
 * @kind: what raised it
 * @severity: critical for safety actions that stop treatment, a warning otherwise
 * @date: ISO date of the event, or of the latest overdue due date
 * @message: a translated sentence naming what happened or what is missing, and when
 */
typedef struct
{
  StromaSubjectAlertKind  kind;
  StromaSafetySeverity    severity;
  char                   *date;
  char                   *message;
} StromaSubjectAlert;

/**
 * StromaSubjectSummary:
 * @as_of: the data cut the summary is derived at
 * @clock: the date days are counted to: @as_of, or the first disposition or death before it
 * @age_years: completed years from birth to @clock; %STROMA_SUMMARY_NO_DAY without a birth date
 * @day_post_hsct: days from day 0 to @clock; %STROMA_SUMMARY_NO_DAY without day 0
 * @treatment_day: days from the start of study treatment (day 0 of treatment) to @clock;
 *   %STROMA_SUMMARY_NO_DAY before or without a start
 * @results: (element-type StromaEndpointResult): every endpoint, in protocol order
 * @response: the classification of the protocol's first endpoint group (platelet CR / PR / NR):
 *   the deciding result, or %NULL when the protocol has no group
 * @response_category: @response's category when it is decided (met, or a met fallback), else
 *   %NULL: still open
 * @alerts: (element-type StromaSubjectAlert): safety alerts first, then overdue doses and labs
 * @n_critical: alerts of critical severity
 *
 * What the subject list shows of each subject, derived once from the record so that sorting
 * and filtering never derive again.
 */
typedef struct
{
  char                       *as_of;
  char                       *clock;
  gint                        age_years;
  gint                        day_post_hsct;
  gint                        treatment_day;
  GPtrArray                  *results;
  const StromaEndpointResult *response;
  const char                 *response_category;
  GPtrArray                  *alerts;
  guint                       n_critical;
} StromaSubjectSummary;

StromaSubjectSummary *stroma_subject_summary_new   (const StromaProtocol      *protocol,
                                                    const StromaSubjectRecord *record,
                                                    const char                *as_of,
                                                    const char                *time_zone,
                                                    GError                   **error);
void                  stroma_subject_summary_free  (StromaSubjectSummary      *self);
guint                 stroma_subject_summary_count_met (const StromaSubjectSummary *self,
                                                    const char                *definition);
const char           *stroma_lab_short_label       (const char                *test_code);
void                  stroma_subject_alert_free    (StromaSubjectAlert        *alert);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (StromaSubjectSummary, stroma_subject_summary_free)

G_END_DECLS
