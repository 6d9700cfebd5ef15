/* stroma-escalation.h — the 3+3 dose-escalation rule
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  STROMA_ESCALATION_ENROL,            /* fewer than 3 evaluable at this level: keep enrolling */
  STROMA_ESCALATION_ESCALATE,         /* 0/3 or ≤1/6: go to the next level */
  STROMA_ESCALATION_EXPAND,           /* 1/3: treat 3 more at this level */
  STROMA_ESCALATION_MTD_EXCEEDED,     /* ≥2 DLTs: stop; the MTD is the level below */
  STROMA_ESCALATION_TOP_REACHED,      /* the highest level passed: it is the recommended dose */
} StromaEscalationDecision;

typedef struct
{
  guint n_treated;   /* evaluable subjects at the level */
  guint n_dlt;       /* of whom had a dose-limiting toxicity */
} StromaEscalationLevel;

StromaEscalationDecision stroma_escalation_decide (const StromaEscalationLevel *level,
                                                   gboolean                     is_top_level);
gint                     stroma_escalation_mtd    (const StromaEscalationLevel *levels,
                                                   guint                        n_levels);
const char              *stroma_escalation_decision_to_string (StromaEscalationDecision decision);

G_END_DECLS
