/* stroma-escalation.h — the 3+3 dose-escalation rule and cohort summaries
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "stroma-protocol.h"
#include "stroma-records.h"

G_BEGIN_DECLS

#define STROMA_ESCALATION_ERROR (stroma_escalation_error_quark ())

/**
 * StromaEscalationError:
 * @STROMA_ESCALATION_ERROR_INVALID_DATE: the date to summarize at is not an ISO date
 * @STROMA_ESCALATION_ERROR_NOT_ESCALATION: the protocol has no dose escalation
 * @STROMA_ESCALATION_ERROR_NO_WINDOW: the protocol states no DLT window, so no subject can
 *   be called evaluable
 */
typedef enum
{
  STROMA_ESCALATION_ERROR_INVALID_DATE,
  STROMA_ESCALATION_ERROR_NOT_ESCALATION,
  STROMA_ESCALATION_ERROR_NO_WINDOW,
} StromaEscalationError;

GQuark stroma_escalation_error_quark (void);

/* String ids: "enrol", "escalate", "expand", "mtd-exceeded", "top-reached", "pending". */
typedef enum
{
  STROMA_ESCALATION_ENROL,            /* fewer than a cohort evaluable: keep enrolling */
  STROMA_ESCALATION_ESCALATE,         /* 0/3 or ≤1/6: go to the next level */
  STROMA_ESCALATION_EXPAND,           /* 1/3: treat 3 more at this level */
  STROMA_ESCALATION_MTD_EXCEEDED,     /* ≥2 DLTs: stop; the MTD is the level below */
  STROMA_ESCALATION_TOP_REACHED,      /* the highest level passed: it is the recommended dose */
  STROMA_ESCALATION_PENDING,          /* enough treated; wait for their DLT windows */
} StromaEscalationDecision;

typedef struct
{
  guint n_treated;   /* evaluable subjects at the level */
  guint n_dlt;       /* of whom had a dose-limiting toxicity */
} StromaEscalationLevel;

StromaEscalationDecision stroma_escalation_decide      (const StromaEscalationLevel *level,
                                                        gboolean                     is_top_level);
gint                     stroma_escalation_mtd         (const StromaEscalationLevel *levels,
                                                        guint                        n_levels);
StromaEscalationDecision stroma_escalation_decide_with (const StromaDoseEscalation  *rule,
                                                        const StromaEscalationLevel *level,
                                                        gboolean                     is_top_level);
gint                     stroma_escalation_mtd_with    (const StromaDoseEscalation  *rule,
                                                        const StromaEscalationLevel *levels,
                                                        guint                        n_levels);
const char              *stroma_escalation_decision_to_string (StromaEscalationDecision decision);
const char              *stroma_escalation_decision_to_id     (StromaEscalationDecision decision);

/**
 * StromaEscalationSubject:
 * @code: the subject's code
 * @first_dose: ISO date of the first infusion given
 * @window_end: ISO date of the last day of the DLT window (first dose + window days)
 * @evaluable: the DLT window is complete, or the subject had a DLT in it
 * @pending: treated, window still open, no DLT yet
 * @dlt: a dose-limiting toxicity in the window
 * @dlt_term: its term; %NULL without DLT
 * @dlt_grade: its grade; 0 without DLT
 * @dlt_date: its onset date; %NULL without DLT
 * @counted: the subject is one of the level's escalation cohort (the first evaluable or
 *   pending subjects, up to cohort plus expansion, by first dose): the 3+3 decision reads
 *   only these
 */
typedef struct
{
  char     *code;
  char     *first_dose;
  char     *window_end;
  gboolean  evaluable;
  gboolean  pending;
  gboolean  dlt;
  char     *dlt_term;
  gint      dlt_grade;
  char     *dlt_date;
  gboolean  counted;
} StromaEscalationSubject;

/**
 * StromaEscalationLevelSummary:
 * @level: the dose level, 1-based
 * @dose_per_kg: its dose (cells/kg); NAN when the protocol lists no such level
 * @n_assigned: subjects assigned to the level
 * @n_treated: of whom received a first infusion
 * @n_evaluable: of whom completed the DLT window or had a DLT in it
 * @n_pending: treated, window open, no DLT yet
 * @n_dlt: subjects with a DLT in the window
 * @dlt_codes: their codes
 * @counted: what the 3+3 decision read: evaluable subjects and DLTs of the escalation cohort
 * @decision: the 3+3 decision at this level
 * @subjects: (element-type StromaEscalationSubject): the treated subjects, by first dose
 */
typedef struct
{
  guint                     level;
  double                    dose_per_kg;
  guint                     n_assigned;
  guint                     n_treated;
  guint                     n_evaluable;
  guint                     n_pending;
  guint                     n_dlt;
  GStrv                     dlt_codes;
  StromaEscalationLevel     counted;
  StromaEscalationDecision  decision;
  GPtrArray                *subjects;
} StromaEscalationLevelSummary;

/**
 * StromaEscalationSummary:
 * @as_of: ISO date of the summary
 * @levels: (element-type StromaEscalationLevelSummary): every level, lowest first
 * @recommended_level: the level the next subject should receive (1-based); 0 when even the
 *   lowest level exceeded the MTD
 * @mtd_level: the maximum tolerated dose level (1-based); 0 while not established
 * @message: a translated sentence: the recommended level and why
 */
typedef struct
{
  char      *as_of;
  GPtrArray *levels;
  guint      recommended_level;
  guint      mtd_level;
  char      *message;
} StromaEscalationSummary;

void                     stroma_escalation_summary_free (StromaEscalationSummary     *summary);
StromaEscalationSummary *stroma_escalation_summarize    (const StromaProtocol        *protocol,
                                                         StromaSubjectRecord * const *records,
                                                         guint                        n_records,
                                                         const char                  *as_of,
                                                         GError                     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (StromaEscalationSummary, stroma_escalation_summary_free)

G_END_DECLS
