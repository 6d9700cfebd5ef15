/* stroma-escalation.c — the 3+3 dose-escalation rule and cohort summaries
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Le Tourneau et al., JNCI 2009: 0/3 → escalate; 1/3 → 3 more at the same level, then 1/6 →
 * escalate and ≥2/6 → MTD exceeded; ≥2/3 → MTD exceeded. The MTD is the highest level with at
 * most 1 DLT in 6 subjects. Cohort size, expansion and DLT limits are the protocol's
 * dose_escalation settings; the standard values are the defaults of the plain functions.
 */

#define G_LOG_DOMAIN "stroma-escalation"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "stroma-escalation.h"
#include "stroma-safety.h"
#include "stroma-safety-private.h"

G_DEFINE_QUARK (stroma-escalation-error-quark, stroma_escalation_error)

/* The standard 3+3: cohorts of 3, escalate at 0 DLT, expand by 3 at 1, escalate at ≤1/6. */
static const StromaDoseEscalation standard_3_plus_3 = {
  .rule = (char *) "3+3",
  .cohort_size = 3,
  .escalate_max_dlt = 0,
  .expand_max_dlt = 1,
  .expansion_size = 3,
  .expanded_escalate_max_dlt = 1,
  .start_level = 1,
};

/**
 * stroma_escalation_decide_with:
 * @rule: the protocol's dose-escalation settings
 * @level: what happened at the current level: evaluable subjects and DLTs among them
 * @is_top_level: whether no higher level exists
 *
 * With a cohort of c, escalation at ≤ e DLTs, expansion by s at ≤ x DLTs and escalation after
 * expansion at ≤ ee DLTs: up to c subjects, more than x DLTs exceed the MTD, fewer than c
 * subjects keep enrolling, ≤ e escalates and ≤ x expands. Beyond c subjects, ≤ e escalates,
 * more than ee exceeds the MTD, and otherwise the level escalates once c + s are evaluable.
 *
 * Returns: what the rule says to do next.
 */
StromaEscalationDecision
stroma_escalation_decide_with (const StromaDoseEscalation  *rule,
                               const StromaEscalationLevel *level,
                               gboolean                     is_top_level)
{
  StromaEscalationDecision pass = is_top_level ? STROMA_ESCALATION_TOP_REACHED
                                               : STROMA_ESCALATION_ESCALATE;
  guint n, d;

  g_return_val_if_fail (rule != NULL, STROMA_ESCALATION_ENROL);
  g_return_val_if_fail (level != NULL, STROMA_ESCALATION_ENROL);
  g_return_val_if_fail (level->n_dlt <= level->n_treated, STROMA_ESCALATION_MTD_EXCEEDED);

  n = level->n_treated;
  d = level->n_dlt;

  if (n <= rule->cohort_size)
    {
      if (d > rule->expand_max_dlt)
        return STROMA_ESCALATION_MTD_EXCEEDED;
      if (n < rule->cohort_size)
        return STROMA_ESCALATION_ENROL;
      if (d <= rule->escalate_max_dlt)
        return pass;
      return STROMA_ESCALATION_EXPAND;
    }

  /* Expanded (or more subjects than a cohort). */
  if (d <= rule->escalate_max_dlt)
    return pass;
  if (d > rule->expanded_escalate_max_dlt)
    return STROMA_ESCALATION_MTD_EXCEEDED;
  if (n < rule->cohort_size + rule->expansion_size)
    return STROMA_ESCALATION_EXPAND;

  return pass;
}

/**
 * stroma_escalation_decide:
 * @level: what happened at the current level
 * @is_top_level: whether no higher level exists
 *
 * The standard 3+3 (cohorts of 3, expansion by 3, escalate at 0/3 or ≤1/6).
 *
 * Returns: what the 3+3 rule says to do next.
 */
StromaEscalationDecision
stroma_escalation_decide (const StromaEscalationLevel *level,
                          gboolean                     is_top_level)
{
  return stroma_escalation_decide_with (&standard_3_plus_3, level, is_top_level);
}

/**
 * stroma_escalation_mtd_with:
 * @rule: the protocol's dose-escalation settings
 * @levels: (array length=n_levels): the levels in order, lowest first
 * @n_levels: their number
 *
 * Returns: the 0-based index of the maximum tolerated dose — the highest level that passed
 *   with its cohort fully expanded (≤ ee DLTs in c + s subjects; ≤ e in c without expansion),
 *   below any level that exceeded the MTD — or -1 when none is established yet.
 */
gint
stroma_escalation_mtd_with (const StromaDoseEscalation  *rule,
                            const StromaEscalationLevel *levels,
                            guint                        n_levels)
{
  guint full, limit;
  gint mtd = -1;

  g_return_val_if_fail (rule != NULL, -1);
  g_return_val_if_fail (levels != NULL || n_levels == 0, -1);

  full = rule->cohort_size + rule->expansion_size;
  limit = rule->expansion_size > 0 ? rule->expanded_escalate_max_dlt : rule->escalate_max_dlt;

  for (guint i = 0; i < n_levels; i++)
    {
      if (stroma_escalation_decide_with (rule, &levels[i], FALSE) == STROMA_ESCALATION_MTD_EXCEEDED)
        break;
      if (levels[i].n_treated >= full && levels[i].n_dlt <= limit)
        mtd = (gint) i;
      else if (levels[i].n_treated < rule->cohort_size)
        break;
    }

  return mtd;
}

/**
 * stroma_escalation_mtd:
 * @levels: (array length=n_levels): the levels in order, lowest first
 * @n_levels: their number
 *
 * Returns: the 0-based index of the maximum tolerated dose by the standard 3+3 — the highest
 *   level with ≤1 DLT in at least 6 subjects below any level with ≥2 DLTs — or -1 when none
 *   is established yet.
 */
gint
stroma_escalation_mtd (const StromaEscalationLevel *levels,
                       guint                        n_levels)
{
  return stroma_escalation_mtd_with (&standard_3_plus_3, levels, n_levels);
}

/**
 * stroma_escalation_decision_to_string:
 * @decision: a decision
 *
 * Returns: what it asks for, translated
 */
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
    case STROMA_ESCALATION_PENDING:      return _("wait for the DLT windows to complete");
    default:
      g_return_val_if_reached ("");
    }
}

/**
 * stroma_escalation_decision_to_id:
 * @decision: a decision
 *
 * Returns: its stable string id: "enrol", "escalate", "expand", "mtd-exceeded",
 *   "top-reached" or "pending"
 */
const char *
stroma_escalation_decision_to_id (StromaEscalationDecision decision)
{
  switch (decision)
    {
    case STROMA_ESCALATION_ENROL:        return "enrol";
    case STROMA_ESCALATION_ESCALATE:     return "escalate";
    case STROMA_ESCALATION_EXPAND:       return "expand";
    case STROMA_ESCALATION_MTD_EXCEEDED: return "mtd-exceeded";
    case STROMA_ESCALATION_TOP_REACHED:  return "top-reached";
    case STROMA_ESCALATION_PENDING:      return "pending";
    default:
      g_return_val_if_reached (NULL);
    }
}

/* Cohort summaries */

static void
escalation_subject_free (StromaEscalationSubject *subject)
{
  g_free (subject->code);
  g_free (subject->first_dose);
  g_free (subject->window_end);
  g_free (subject->dlt_term);
  g_free (subject->dlt_date);
  g_free (subject);
}

static void
level_summary_free (StromaEscalationLevelSummary *level)
{
  g_strfreev (level->dlt_codes);
  g_clear_pointer (&level->subjects, g_ptr_array_unref);
  g_free (level);
}

/**
 * stroma_escalation_summary_free:
 * @summary: (nullable): a summary
 *
 * Frees @summary and everything it holds.
 */
void
stroma_escalation_summary_free (StromaEscalationSummary *summary)
{
  if (summary == NULL)
    return;

  g_free (summary->as_of);
  g_clear_pointer (&summary->levels, g_ptr_array_unref);
  g_free (summary->message);
  g_free (summary);
}

/* A subject counts as having a DLT when an adverse event in the window is recorded as one, or
 * meets a "flag-dlt" rule of the protocol firmly (a rule needing review only proposes). */
static StromaEscalationSubject *
evaluate_subject (const StromaProtocol       *protocol,
                  const StromaSubjectRecord  *record,
                  const GDate                *first,
                  const GDate                *today)
{
  const StromaDoseEscalation *rule = protocol->escalation;
  StromaEscalationSubject *subject = g_new0 (StromaEscalationSubject, 1);
  gboolean off_study = FALSE;
  GDate window_end = *first, dlt_date;

  g_date_add_days (&window_end, rule->dlt_window_days);
  g_date_clear (&dlt_date, 1);

  subject->code = g_strdup (record->subject->code);
  subject->first_dose = stroma_safety_format_date (first);
  subject->window_end = stroma_safety_format_date (&window_end);

  for (guint i = 0; record->adverse_events != NULL && i < record->adverse_events->len; i++)
    {
      const StromaAdverseEvent *ae = record->adverse_events->pdata[i];
      gboolean needs_review = FALSE;
      GDate onset;

      if (ae->parent.voided || !stroma_safety_parse_date (ae->onset_date, &onset) ||
          g_date_compare (&onset, first) < 0 || g_date_compare (&onset, &window_end) > 0 ||
          g_date_compare (&onset, today) > 0)
        continue;

      if (!ae->dlt &&
          (stroma_safety_match_dlt (protocol, record, ae, &needs_review) == NULL || needs_review))
        continue;

      if (!subject->dlt || g_date_compare (&onset, &dlt_date) < 0)
        {
          subject->dlt = TRUE;
          dlt_date = onset;
          g_free (subject->dlt_term);
          subject->dlt_term = g_strdup (ae->term);
          subject->dlt_grade = ae->grade != STROMA_NO_INT ? (gint) ae->grade : 0;
        }
    }
  subject->dlt_date = stroma_safety_format_date (&dlt_date);

  /* Leaving the study before the window ends makes a subject without DLT not evaluable. */
  for (guint i = 0; record->dispositions != NULL && i < record->dispositions->len; i++)
    {
      const StromaDisposition *d = record->dispositions->pdata[i];
      GDate date;

      if (!d->parent.voided && g_strcmp0 (d->event, "completed") != 0 &&
          stroma_safety_parse_date (d->event_date, &date) &&
          g_date_compare (&date, &window_end) < 0 && g_date_compare (&date, today) <= 0)
        off_study = TRUE;
    }

  subject->evaluable = subject->dlt ||
                       (!off_study && g_date_compare (today, &window_end) > 0);
  subject->pending = !subject->evaluable && !off_study;

  return subject;
}

static gint
compare_subjects (gconstpointer a,
                  gconstpointer b)
{
  const StromaEscalationSubject *x = *(const StromaEscalationSubject * const *) a;
  const StromaEscalationSubject *y = *(const StromaEscalationSubject * const *) b;
  gint cmp = g_strcmp0 (x->first_dose, y->first_dose);

  return cmp != 0 ? cmp : g_strcmp0 (x->code, y->code);
}

static StromaEscalationLevelSummary *
level_summary_new (const StromaProtocol *protocol,
                   guint                 level)
{
  StromaEscalationLevelSummary *summary = g_new0 (StromaEscalationLevelSummary, 1);

  summary->level = level;
  summary->dose_per_kg = stroma_protocol_get_dose_per_kg (protocol, level);
  summary->subjects = g_ptr_array_new_with_free_func ((GDestroyNotify) escalation_subject_free);

  return summary;
}

/* Counts, the escalation cohort and the decision of one level. */
static void
decide_level (const StromaDoseEscalation   *rule,
              StromaEscalationLevelSummary *level,
              gboolean                      is_top)
{
  g_autoptr(GStrvBuilder) codes = g_strv_builder_new ();
  guint full = rule->cohort_size + rule->expansion_size;
  guint counted = 0, counted_pending = 0, needed;

  g_ptr_array_sort (level->subjects, compare_subjects);

  for (guint i = 0; i < level->subjects->len; i++)
    {
      StromaEscalationSubject *s = level->subjects->pdata[i];

      level->n_treated++;
      level->n_evaluable += s->evaluable ? 1 : 0;
      level->n_pending += s->pending ? 1 : 0;
      if (s->dlt)
        {
          level->n_dlt++;
          g_strv_builder_add (codes, s->code);
        }

      /* The decision reads the first c + s subjects who are, or will be, evaluable; later ones
       * (an expansion at the chosen dose) do not reopen it, and those who left early are
       * replaced. */
      if ((s->evaluable || s->pending) && counted < full)
        {
          s->counted = TRUE;
          counted++;
          counted_pending += s->pending ? 1 : 0;
          level->counted.n_treated += s->evaluable ? 1 : 0;
          level->counted.n_dlt += s->dlt ? 1 : 0;
        }
    }
  level->dlt_codes = g_strv_builder_end (codes);

  level->decision = stroma_escalation_decide_with (rule, &level->counted, is_top);

  /* Enough subjects treated: wait for their windows rather than enrol more. */
  needed = level->decision == STROMA_ESCALATION_ENROL ? rule->cohort_size : full;
  if ((level->decision == STROMA_ESCALATION_ENROL ||
       level->decision == STROMA_ESCALATION_EXPAND) &&
      counted_pending > 0 && level->counted.n_treated + counted_pending >= needed)
    level->decision = STROMA_ESCALATION_PENDING;
}

static char *
describe_summary (const StromaEscalationSummary *summary,
                  guint                          exceeded_level)
{
  const StromaEscalationLevelSummary *level;

  if (summary->recommended_level == 0)
    return g_strdup (_("Even the lowest dose level exceeded the maximum tolerated dose: "
                       "stop escalation."));

  level = summary->levels->pdata[summary->recommended_level - 1];

  if (summary->mtd_level > 0 && summary->mtd_level == summary->recommended_level)
    /* Translators: MTD level, DLTs, evaluable subjects */
    return g_strdup_printf (_("The maximum tolerated dose is level %u (%u DLT in %u evaluable "
                              "subjects); further subjects receive it."),
                            summary->mtd_level, level->counted.n_dlt, level->counted.n_treated);

  if (exceeded_level > 0)
    /* Translators: the level that exceeded the MTD, its DLTs and evaluable subjects, the
     * level below, its DLTs and evaluable subjects */
    return g_strdup_printf (_("Level %u exceeded the maximum tolerated dose (%u DLT in %u); "
                              "treat level %u (%u DLT in %u so far) to establish the MTD."),
                            exceeded_level,
                            ((StromaEscalationLevelSummary *)
                             summary->levels->pdata[exceeded_level - 1])->counted.n_dlt,
                            ((StromaEscalationLevelSummary *)
                             summary->levels->pdata[exceeded_level - 1])->counted.n_treated,
                            summary->recommended_level, level->counted.n_dlt,
                            level->counted.n_treated);

  /* Translators: level, the 3+3 decision there, DLTs, evaluable and pending subjects */
  return g_strdup_printf (_("Next subjects: level %u — %s (%u DLT in %u evaluable, %u "
                            "pending)."),
                          summary->recommended_level,
                          stroma_escalation_decision_to_string (level->decision),
                          level->counted.n_dlt, level->counted.n_treated, level->n_pending);
}

/**
 * stroma_escalation_summarize:
 * @protocol: a protocol with dose escalation
 * @records: (array length=n_records): the records of the trial's subjects
 * @n_records: their number
 * @as_of: the ISO date to summarize at; later records are ignored
 * @error: return location for a #GError
 *
 * Summarizes each dose level: subjects assigned (subject->dose_level), treated (an infusion
 * given), evaluable (the DLT window of dose_escalation.dlt_window_days after the first
 * infusion complete — the first infusion's day is day 0, the window's last day included — or
 * a DLT in it; leaving the study early without DLT makes a subject not evaluable), and those
 * with a DLT (an adverse event in the window recorded as a DLT or meeting a "flag-dlt" safety
 * rule that needs no review). Each level gets the protocol's 3+3 decision; from start_level
 * the recommended level climbs while levels escalate and steps down below any level that
 * exceeded the MTD.
 *
 * Returns: (transfer full): the summary, or %NULL with @error set
 */
StromaEscalationSummary *
stroma_escalation_summarize (const StromaProtocol        *protocol,
                             StromaSubjectRecord * const *records,
                             guint                        n_records,
                             const char                  *as_of,
                             GError                     **error)
{
  g_autoptr(StromaEscalationSummary) summary = NULL;
  g_autofree StromaEscalationLevel *counted = NULL;
  const StromaDoseEscalation *rule;
  guint n_levels = 0, n_protocol_levels = 0, level, exceeded_level = 0;
  gint mtd;
  GDate today;

  g_return_val_if_fail (protocol != NULL, NULL);
  g_return_val_if_fail (records != NULL || n_records == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!stroma_safety_check_as_of (as_of, &today, STROMA_ESCALATION_ERROR,
                                  STROMA_ESCALATION_ERROR_INVALID_DATE, error))
    return NULL;

  if ((rule = protocol->escalation) == NULL)
    {
      g_set_error (error, STROMA_ESCALATION_ERROR, STROMA_ESCALATION_ERROR_NOT_ESCALATION,
                   _("Protocol “%s” has no dose escalation"), protocol->id);
      return NULL;
    }
  if (rule->dlt_window_days == 0)
    {
      g_set_error (error, STROMA_ESCALATION_ERROR, STROMA_ESCALATION_ERROR_NO_WINDOW,
                   _("Protocol “%s” states no DLT window (dose_escalation.dlt_window_days): "
                     "no subject can be called evaluable"), protocol->id);
      return NULL;
    }

  /* The loader requires dose levels with dose escalation; subjects recorded at a level beyond
   * them are still shown, as levels above the top. */
  if (protocol->product != NULL && protocol->product->dose_levels != NULL)
    n_protocol_levels = protocol->product->dose_levels->len;
  n_levels = MAX (n_protocol_levels, MAX (rule->start_level, 1));

  for (guint i = 0; i < n_records; i++)
    {
      const StromaSubject *subject = records[i] != NULL ? records[i]->subject : NULL;

      if (subject != NULL && subject->dose_level != STROMA_NO_INT && subject->dose_level > 0 &&
          subject->dose_level <= G_MAXINT)
        n_levels = MAX (n_levels, (guint) subject->dose_level);
    }

  summary = g_new0 (StromaEscalationSummary, 1);
  summary->as_of = g_strdup (as_of);
  summary->levels = g_ptr_array_new_with_free_func ((GDestroyNotify) level_summary_free);
  for (guint i = 1; i <= n_levels; i++)
    g_ptr_array_add (summary->levels, level_summary_new (protocol, i));

  for (guint i = 0; i < n_records; i++)
    {
      const StromaSubjectRecord *record = records[i];
      StromaEscalationLevelSummary *level_summary;
      GDate first;

      if (record == NULL || record->subject == NULL || record->subject->parent.voided ||
          record->subject->dose_level == STROMA_NO_INT || record->subject->dose_level <= 0 ||
          record->subject->dose_level > n_levels)
        continue;

      level_summary = summary->levels->pdata[record->subject->dose_level - 1];
      level_summary->n_assigned++;

      if (stroma_safety_first_infusion (record, &today, &first))
        g_ptr_array_add (level_summary->subjects,
                         evaluate_subject (protocol, record, &first, &today));
    }

  counted = g_new0 (StromaEscalationLevel, n_levels);
  for (guint i = 0; i < n_levels; i++)
    {
      StromaEscalationLevelSummary *l = summary->levels->pdata[i];

      decide_level (rule, l, i + 1 >= n_protocol_levels);
      counted[i] = l->counted;
    }

  mtd = stroma_escalation_mtd_with (rule, counted, n_levels);
  summary->mtd_level = (guint) (mtd + 1);

  /* Climb from the start level while levels pass; below a level that exceeded, step down past
   * every level that exceeded too. */
  level = CLAMP (rule->start_level, 1, n_levels);
  for (;;)
    {
      const StromaEscalationLevelSummary *l = summary->levels->pdata[level - 1];

      if (l->decision == STROMA_ESCALATION_ESCALATE && level < n_levels)
        {
          level++;
          continue;
        }

      if (l->decision == STROMA_ESCALATION_MTD_EXCEEDED)
        {
          exceeded_level = level;
          do
            level--;
          while (level > 0 &&
                 ((StromaEscalationLevelSummary *) summary->levels->pdata[level - 1])->decision ==
                 STROMA_ESCALATION_MTD_EXCEEDED);
        }
      break;
    }
  summary->recommended_level = level;
  summary->message = describe_summary (summary, exceeded_level);

  return g_steal_pointer (&summary);
}
