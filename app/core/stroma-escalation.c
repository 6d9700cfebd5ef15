/* stroma-escalation.c — the 3+3 dose-escalation rule
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Le Tourneau et al., JNCI 2009: 0/3 → escalate; 1/3 → 3 more at the same level, then 1/6 →
 * escalate and ≥2/6 → MTD exceeded; ≥2/3 → MTD exceeded. The MTD is the highest level with at
 * most 1 DLT in 6 subjects.
 */

#define G_LOG_DOMAIN "stroma-escalation"

#include "config.h"

#include <glib/gi18n.h>

#include "stroma-escalation.h"

/**
 * stroma_escalation_decide:
 * @level: what happened at the current level
 * @is_top_level: whether no higher level exists
 *
 * Returns: what the 3+3 rule says to do next.
 */
StromaEscalationDecision
stroma_escalation_decide (const StromaEscalationLevel *level,
                          gboolean                     is_top_level)
{
  g_return_val_if_fail (level != NULL, STROMA_ESCALATION_ENROL);
  g_return_val_if_fail (level->n_dlt <= level->n_treated, STROMA_ESCALATION_MTD_EXCEEDED);

  if (level->n_dlt >= 2)
    return STROMA_ESCALATION_MTD_EXCEEDED;

  if (level->n_treated < 3)
    return STROMA_ESCALATION_ENROL;

  if (level->n_dlt == 1 && level->n_treated < 6)
    return STROMA_ESCALATION_EXPAND;

  /* 0/3, 0/6 or 1/6 */
  return is_top_level ? STROMA_ESCALATION_TOP_REACHED : STROMA_ESCALATION_ESCALATE;
}

/**
 * stroma_escalation_mtd:
 * @levels: (array length=n_levels): the levels in order, lowest first
 * @n_levels: their number
 *
 * Returns: the 0-based index of the maximum tolerated dose — the highest level with ≤1 DLT in
 *   at least 6 subjects below any level with ≥2 DLTs — or -1 when none is established yet.
 */
gint
stroma_escalation_mtd (const StromaEscalationLevel *levels,
                       guint                        n_levels)
{
  gint mtd = -1;

  g_return_val_if_fail (levels != NULL || n_levels == 0, -1);

  for (guint i = 0; i < n_levels; i++)
    {
      if (levels[i].n_dlt >= 2)
        break;
      if (levels[i].n_treated >= 6 && levels[i].n_dlt <= 1)
        mtd = (gint) i;
      else if (levels[i].n_treated < 3)
        break;
    }

  return mtd;
}

const char *
stroma_escalation_decision_to_string (StromaEscalationDecision decision)
{
  switch (decision)
    {
    /* Translators: decisions of the 3+3 dose-escalation rule */
    case STROMA_ESCALATION_ENROL:        return _("enrol at this level");
    case STROMA_ESCALATION_ESCALATE:     return _("escalate to the next level");
    case STROMA_ESCALATION_EXPAND:       return _("expand this level to 6");
    case STROMA_ESCALATION_MTD_EXCEEDED: return _("MTD exceeded: stop escalation");
    case STROMA_ESCALATION_TOP_REACHED:  return _("highest level tolerated");
    default:
      g_return_val_if_reached ("");
    }
}
