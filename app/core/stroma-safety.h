/* stroma-safety.h — safety alerts and the adverse-event reporting period
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "stroma-protocol.h"
#include "stroma-records.h"

G_BEGIN_DECLS

#define STROMA_SAFETY_ERROR (stroma_safety_error_quark ())

/**
 * StromaSafetyError:
 * @STROMA_SAFETY_ERROR_INVALID_DATE: the date to evaluate at is not an ISO date (YYYY-MM-DD)
 * @STROMA_SAFETY_ERROR_NOT_STATED: the protocol does not state what is asked for (no safety
 *   section, no reporting period)
 */
typedef enum
{
  STROMA_SAFETY_ERROR_INVALID_DATE,
  STROMA_SAFETY_ERROR_NOT_STATED,
} StromaSafetyError;

GQuark stroma_safety_error_quark (void);

/**
 * StromaSafetySeverity:
 * @STROMA_SAFETY_SEVERITY_WARNING: a flag for the investigator (DLT, dose reduction)
 * @STROMA_SAFETY_SEVERITY_CRITICAL: treatment or the trial must stop (suspension, stopping the
 *   product or the subject)
 *
 * String ids: "warning", "critical".
 */
typedef enum
{
  STROMA_SAFETY_SEVERITY_WARNING,
  STROMA_SAFETY_SEVERITY_CRITICAL,
} StromaSafetySeverity;

const char           *stroma_safety_severity_to_string   (StromaSafetySeverity  severity);
gboolean              stroma_safety_severity_from_string (const char           *id,
                                                          StromaSafetySeverity *severity);
StromaSafetySeverity  stroma_safety_action_severity      (const char           *action);
const char           *stroma_safety_action_label         (const char           *action);

/**
 * StromaSafetyAlert:
 * @rule_id: the protocol's safety rule
 * @action: the rule's action id: "flag-dlt", "flag-dose-reduction", "suspend-trial",
 *   "stop-product", "stop-subject"
 * @event: the rule's event id: "adverse-event", "mechanical-ventilation", "death", "relapse",
 *   "progression"
 * @severity: from the action
 * @subject_code: the subject's code
 * @date: ISO date of the event
 * @record_kind: the kind of record that triggered the alert (adverse event, follow-up or
 *   disposition)
 * @record_id: its id
 * @term: the adverse event's term; %NULL for other records
 * @grade: its CTCAE grade; 0 for other records
 * @relationship: its relationship to the study treatment; %NULL when not recorded
 * @anchor: the rule's `after` ("infusion", "day0", "treatment_start"), or %NULL
 * @anchor_date: ISO date of the anchor, or %NULL
 * @infusion_number: the infusion counted from, with anchor "infusion"; 0 otherwise
 * @days_after: days from the anchor to the event (the anchor's day is 0); 0 without anchor
 * @needs_review: the investigator must confirm: the rule says so, or the relationship of the
 *   adverse event is not recorded
 * @message: a translated sentence naming the action, the event, its date, term and grade
 */
typedef struct
{
  char                 *rule_id;
  char                 *action;
  char                 *event;
  StromaSafetySeverity  severity;
  char                 *subject_code;
  char                 *date;
  StromaRecordKind      record_kind;
  gint64                record_id;
  char                 *term;
  gint                  grade;
  char                 *relationship;
  char                 *anchor;
  char                 *anchor_date;
  guint                 infusion_number;
  gint                  days_after;
  gboolean              needs_review;
  char                 *message;
} StromaSafetyAlert;

void       stroma_safety_alert_free  (StromaSafetyAlert          *alert);

GPtrArray *stroma_safety_evaluate    (const StromaProtocol       *protocol,
                                      const StromaSubjectRecord  *record,
                                      const char                 *as_of,
                                      GError                    **error);

gboolean   stroma_safety_is_related  (const StromaSafety         *safety,
                                      const char                 *relationship,
                                      gboolean                   *assessed);

const StromaSafetyRule *stroma_safety_match_dlt (const StromaProtocol       *protocol,
                                                 const StromaSubjectRecord  *record,
                                                 const StromaAdverseEvent   *ae,
                                                 gboolean                   *needs_review);

/**
 * StromaReportingPeriod:
 * @start: ISO date the period starts (consent, randomization or start of treatment, as the
 *   protocol says); %NULL when that event is not recorded
 * @last_treatment: ISO date of the last study treatment so far; %NULL before any
 * @end: ISO date the period ends: @last_treatment plus the protocol's days; %NULL before any
 *   treatment
 * @provisional: treatment is still running (a planned infusion, a medication without end):
 *   @end will move
 */
typedef struct
{
  char     *start;
  char     *last_treatment;
  char     *end;
  gboolean  provisional;
} StromaReportingPeriod;

void                   stroma_reporting_period_free     (StromaReportingPeriod      *period);
StromaReportingPeriod *stroma_safety_reporting_period   (const StromaProtocol       *protocol,
                                                         const StromaSubjectRecord  *record,
                                                         const char                 *as_of,
                                                         GError                    **error);
gboolean               stroma_reporting_period_contains (const StromaReportingPeriod *period,
                                                         const char                  *date);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (StromaSafetyAlert, stroma_safety_alert_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (StromaReportingPeriod, stroma_reporting_period_free)

G_END_DECLS
