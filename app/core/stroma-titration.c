/* stroma-titration.c — dose titration advice for standard care (TPO-RA by platelet count)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * msc-pgf §5.1: PLT < 50 ×10⁹/L for at least 2 weeks → up one level; 200–400 → down one level;
 * > 400 → stop (§6.4 inverts the sentence; the protocol file follows §5.1 and says so). The
 * thresholds, the 2 weeks and the steps are the protocol's titration rules; this file only
 * reads the counts taken at the current level and applies them.
 */

#define G_LOG_DOMAIN "stroma-titration"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "stroma-safety-private.h"
#include "stroma-titration.h"

G_DEFINE_QUARK (stroma-titration-error-quark, stroma_titration_error)

static const char * const action_ids[] = { "none", "keep", "increase", "decrease", "stop" };

/**
 * stroma_titration_action_to_string:
 * @action: an action
 *
 * Returns: its stable id: "none", "keep", "increase", "decrease" or "stop"
 */
const char *
stroma_titration_action_to_string (StromaTitrationAction action)
{
  g_return_val_if_fail ((guint) action < G_N_ELEMENTS (action_ids), NULL);

  return action_ids[action];
}

/**
 * stroma_titration_action_from_string:
 * @id: (nullable): an action id
 * @action: (out): the action
 *
 * Returns: whether @id names an action
 */
gboolean
stroma_titration_action_from_string (const char            *id,
                                     StromaTitrationAction *action)
{
  g_return_val_if_fail (action != NULL, FALSE);

  for (guint i = 0; id != NULL && i < G_N_ELEMENTS (action_ids); i++)
    {
      if (g_str_equal (id, action_ids[i]))
        {
          *action = (StromaTitrationAction) i;
          return TRUE;
        }
    }

  return FALSE;
}

static void
clear_value (gpointer data)
{
  StromaTitrationValue *value = data;

  g_free (value->date);
}

/**
 * stroma_titration_advice_free:
 * @advice: (nullable): an advice
 *
 * Frees @advice and everything it holds.
 */
void
stroma_titration_advice_free (StromaTitrationAdvice *advice)
{
  if (advice == NULL)
    return;

  g_free (advice->care_id);
  g_free (advice->agent);
  g_free (advice->test_code);
  g_free (advice->rule_id);
  g_free (advice->level_since);
  g_free (advice->pending_rule_id);
  g_clear_pointer (&advice->values, g_array_unref);
  g_free (advice->message);
  g_free (advice);
}

/* A lab value, dated. */
typedef struct
{
  GDate  date;
  double value;
} Value;

static gint
compare_values (gconstpointer a,
                gconstpointer b)
{
  return g_date_compare (&((const Value *) a)->date, &((const Value *) b)->date);
}

/* The values of @test_code collected after @since and on or before @as_of, oldest first. */
static GArray *
collect_values (const StromaSubjectRecord *record,
                const char                *test_code,
                const GDate               *since,
                const GDate               *as_of)
{
  GArray *values = g_array_new (FALSE, TRUE, sizeof (Value));

  for (guint i = 0; record->labs != NULL && i < record->labs->len; i++)
    {
      const StromaLabResult *lab = record->labs->pdata[i];
      Value v = { .value = lab->stresn };

      if (lab->parent.voided || g_strcmp0 (lab->test_code, test_code) != 0 || isnan (v.value) ||
          !stroma_safety_parse_date (lab->collected_on, &v.date) ||
          g_date_compare (&v.date, since) <= 0 || g_date_compare (&v.date, as_of) > 0)
        continue;

      g_array_append_val (values, v);
    }

  g_array_sort (values, compare_values);
  return values;
}

static gboolean
qualifies (const StromaTitrationRule *rule,
           double                     value)
{
  return stroma_comparison_eval (rule->cmp, value, rule->threshold) &&
         (!rule->has_upper || stroma_comparison_eval (rule->upper_cmp, value,
                                                      rule->upper_threshold));
}

/* How a rule stands on the values: met, pending (holds, not yet long enough) or neither.
 * A lasting condition is a run of qualifying values ending at the latest one. */
typedef struct
{
  gboolean met;
  gboolean pending;
  guint    first;      /* index of the run's first value */
  gint     held_days;
} RuleState;

static RuleState
evaluate_rule (const StromaTitrationRule *rule,
               GArray                    *values)
{
  RuleState state = { 0 };
  guint last;

  if (values->len == 0)
    return state;

  last = values->len - 1;
  if (!qualifies (rule, g_array_index (values, Value, last).value))
    return state;

  state.first = last;
  if (rule->min_days == 0)
    {
      state.met = TRUE;
      return state;
    }

  while (state.first > 0 && qualifies (rule, g_array_index (values, Value, state.first - 1).value))
    state.first--;

  state.held_days = stroma_safety_days_between (&g_array_index (values, Value, state.first).date,
                                                &g_array_index (values, Value, last).date);
  state.met = state.held_days >= (gint) rule->min_days;
  state.pending = !state.met;

  return state;
}

/* "< 50" or ">= 200 and <= 400" */
static char *
describe_condition (const StromaTitrationRule *rule)
{
  g_autofree char *lower = g_strdup_printf ("%s %g", stroma_comparison_to_string (rule->cmp),
                                            rule->threshold);
  g_autofree char *upper = NULL;

  if (!rule->has_upper)
    return g_steal_pointer (&lower);

  upper = g_strdup_printf ("%s %g", stroma_comparison_to_string (rule->upper_cmp),
                           rule->upper_threshold);
  /* Translators: two bounds of a lab value, e.g. ">= 200 and <= 400" */
  return g_strdup_printf (_("%s and %s"), lower, upper);
}

static char *
describe_values (const StromaTitrationRule *rule,
                 const StromaTitrationAdvice *advice,
                 gboolean                   lasting)
{
  const StromaTitrationValue *first = &g_array_index (advice->values, StromaTitrationValue, 0);
  const StromaTitrationValue *last =
    &g_array_index (advice->values, StromaTitrationValue, advice->values->len - 1);
  const char *unit = stroma_protocol_lab_unit (rule->test_code);
  g_autofree char *condition = describe_condition (rule);

  if (unit == NULL)
    unit = "";

  if (lasting && advice->pending_rule_id != NULL)
    /* Translators: test code, condition ("< 50"), unit, first date, days so far, days needed,
     * latest value, its date */
    return g_strdup_printf (_("%s %s %s since %s, %d of %u days so far (latest %g on %s)"),
                            rule->test_code, condition, unit, first->date, advice->held_days,
                            rule->min_days, last->value, last->date);

  if (lasting)
    /* Translators: test code, condition ("< 50"), unit, number of counts, first and last
     * date, days held, days needed, latest value */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "%s %s %s on %u count from %s to %s: %d days, %u "
                                         "needed (latest %g)",
                                         "%s %s %s on %u counts from %s to %s: %d days, %u "
                                         "needed (latest %g)",
                                         advice->values->len),
                            rule->test_code, condition, unit, advice->values->len, first->date,
                            last->date, advice->held_days, rule->min_days, last->value);

  /* Translators: test code, value, unit, date, and the rule's condition (">= 200 and <= 400") */
  return g_strdup_printf (_("%s %g %s on %s (rule: %s)"), rule->test_code, last->value, unit,
                          last->date, condition);
}

static char *
describe_action (const StromaTitrationAdvice *advice)
{
  const char *agent = advice->agent != NULL ? advice->agent : advice->care_id;

  switch (advice->action)
    {
    case STROMA_TITRATION_INCREASE:
      if (advice->current_level == 0)
        return g_strdup_printf (_("Increase %s (current level not recorded)"), agent);
      return g_strdup_printf (_("Increase %s from level %d to level %d"), agent,
                              advice->current_level, advice->new_level);
    case STROMA_TITRATION_DECREASE:
      if (advice->current_level == 0)
        return g_strdup_printf (_("Decrease %s (current level not recorded)"), agent);
      return g_strdup_printf (_("Decrease %s from level %d to level %d"), agent,
                              advice->current_level, advice->new_level);
    case STROMA_TITRATION_STOP:
      return g_strdup_printf (_("Stop %s"), agent);
    case STROMA_TITRATION_KEEP:
      if (advice->current_level == 0)
        return g_strdup_printf (_("Keep %s at the current level"), agent);
      return g_strdup_printf (_("Keep %s at level %d"), agent, advice->current_level);
    case STROMA_TITRATION_NONE:
    default:
      return g_strdup_printf (_("Not on %s"), agent);
    }
}

/* The active medication of @care on @as_of: started on or before, not ended before. The latest
 * start wins when records overlap. */
static const StromaMedication *
find_active (const StromaSubjectRecord *record,
             const StromaCareItem      *care,
             const GDate               *as_of,
             GDate                     *since)
{
  const StromaMedication *active = NULL;

  for (guint i = 0; record->medications != NULL && i < record->medications->len; i++)
    {
      const StromaMedication *m = record->medications->pdata[i];
      GDate start, end;

      if (!stroma_safety_medication_is_care (m, care) ||
          !stroma_safety_parse_date (m->start_date, &start) ||
          g_date_compare (&start, as_of) > 0 ||
          (stroma_safety_parse_date (m->end_date, &end) && g_date_compare (&end, as_of) < 0))
        continue;

      if (active == NULL || g_date_compare (&start, since) >= 0)
        {
          active = m;
          *since = start;
        }
    }

  if (active == NULL)
    return NULL;

  /* A level continued in a new record (a renewed prescription) started with the first one. */
  for (gboolean extended = TRUE; extended;)
    {
      extended = FALSE;

      for (guint i = 0; i < record->medications->len; i++)
        {
          const StromaMedication *m = record->medications->pdata[i];
          GDate start, end;

          if (m == active || !stroma_safety_medication_is_care (m, care) ||
              m->dose_level != active->dose_level ||
              !stroma_safety_parse_date (m->start_date, &start) ||
              !stroma_safety_parse_date (m->end_date, &end) ||
              g_date_compare (&start, since) >= 0 ||
              stroma_safety_days_between (&end, since) > 1 ||
              stroma_safety_days_between (&end, since) < 0)
            continue;

          *since = start;
          extended = TRUE;
        }
    }

  return active;
}

/**
 * stroma_titration_advise:
 * @protocol: the trial's protocol
 * @care_id: a standard-care item with titration rules, e.g. "tpo-ra"
 * @record: the subject's record
 * @as_of: the ISO date to advise at
 * @error: return location for a #GError
 *
 * Advises on the dose level of the medication that belongs to @care_id (agent equal to the
 * item's id or agent, ignoring case) and is active on @as_of. Only counts taken after the
 * current level started are read, so every level gets the rules' full min_days to act. A rule
 * with min_days is met when every count of a run ending at the latest count qualifies and the
 * run spans min_days; a rule without it reads the latest count. A "stop" rule wins, otherwise
 * the first rule met in file order. Levels stay within 1 and the item's max_level (when
 * stated); a step past a bound keeps the level and sets @at_bound.
 *
 * Returns: (transfer full): the advice, or %NULL with @error set
 */
StromaTitrationAdvice *
stroma_titration_advise (const StromaProtocol       *protocol,
                         const char                 *care_id,
                         const StromaSubjectRecord  *record,
                         const char                 *as_of,
                         GError                    **error)
{
  g_autoptr(StromaTitrationAdvice) advice = NULL;
  g_autofree char *action = NULL;
  g_autofree char *reason = NULL;
  const StromaTitrationRule *decided = NULL, *pending = NULL, *first_rule = NULL;
  const StromaMedication *medication;
  const StromaCareItem *care;
  RuleState decided_state = { 0 }, pending_state = { 0 };
  g_autoptr(GArray) decided_values = NULL;
  g_autoptr(GArray) pending_values = NULL;
  g_autoptr(GArray) latest_values = NULL;
  GDate today, since;

  g_return_val_if_fail (protocol != NULL, NULL);
  g_return_val_if_fail (care_id != NULL, NULL);
  g_return_val_if_fail (record != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!stroma_safety_check_as_of (as_of, &today, STROMA_TITRATION_ERROR,
                                  STROMA_TITRATION_ERROR_INVALID_DATE, error))
    return NULL;

  if ((care = stroma_protocol_find_care (protocol, care_id)) == NULL)
    {
      g_set_error (error, STROMA_TITRATION_ERROR, STROMA_TITRATION_ERROR_UNKNOWN_CARE,
                   _("The protocol has no standard care “%s”"), care_id);
      return NULL;
    }

  for (guint i = 0; protocol->titration != NULL && i < protocol->titration->len; i++)
    {
      const StromaTitrationRule *rule = protocol->titration->pdata[i];

      if (g_str_equal (rule->care, care_id))
        {
          first_rule = rule;
          break;
        }
    }
  if (first_rule == NULL)
    {
      g_set_error (error, STROMA_TITRATION_ERROR, STROMA_TITRATION_ERROR_NO_RULES,
                   _("The protocol does not titrate “%s”"), care_id);
      return NULL;
    }

  advice = g_new0 (StromaTitrationAdvice, 1);
  advice->care_id = g_strdup (care_id);
  advice->test_code = g_strdup (first_rule->test_code);
  advice->max_level = care->max_level;
  advice->values = g_array_new (FALSE, TRUE, sizeof (StromaTitrationValue));
  g_array_set_clear_func (advice->values, clear_value);

  g_date_clear (&since, 1);
  medication = find_active (record, care, &today, &since);
  if (medication == NULL)
    {
      advice->action = STROMA_TITRATION_NONE;
      advice->agent = NULL;
      action = describe_action (advice);
      /* Translators: "Not on tpo-ra on 2025-03-01." */
      advice->message = g_strdup_printf (_("%s on %s."), action, as_of);
      return g_steal_pointer (&advice);
    }

  advice->agent = g_strdup (medication->agent);
  advice->level_since = stroma_safety_format_date (&since);
  advice->current_level = medication->dose_level != STROMA_NO_INT && medication->dose_level > 0
                          ? (gint) medication->dose_level : 0;
  advice->new_level = advice->current_level;
  advice->action = STROMA_TITRATION_KEEP;

  for (guint i = 0; i < protocol->titration->len; i++)
    {
      const StromaTitrationRule *rule = protocol->titration->pdata[i];
      g_autoptr(GArray) values = NULL;
      RuleState state;

      if (!g_str_equal (rule->care, care_id))
        continue;

      values = collect_values (record, rule->test_code, &since, &today);
      state = evaluate_rule (rule, values);

      if (latest_values == NULL && values->len > 0)
        latest_values = g_array_ref (values);

      if (state.met &&
          (decided == NULL ||
           (g_str_equal (rule->action, "stop") && !g_str_equal (decided->action, "stop"))))
        {
          decided = rule;
          decided_state = state;
          g_clear_pointer (&decided_values, g_array_unref);
          decided_values = g_array_ref (values);
        }
      else if (state.pending && pending == NULL)
        {
          pending = rule;
          pending_state = state;
          pending_values = g_array_ref (values);
        }
    }

  if (decided != NULL)
    {
      gint level = advice->current_level;

      advice->rule_id = g_strdup (decided->id);
      advice->held_days = decided_state.held_days;

      if (g_str_equal (decided->action, "stop"))
        {
          advice->action = STROMA_TITRATION_STOP;
          advice->new_level = 0;
        }
      else if (g_str_equal (decided->action, "increase"))
        {
          advice->action = STROMA_TITRATION_INCREASE;
          if (level > 0)
            {
              advice->new_level = level + (gint) decided->steps;
              if (care->max_level > 0 && advice->new_level > (gint) care->max_level)
                advice->new_level = MAX ((gint) care->max_level, level);
            }
          else
            advice->new_level = 0;
        }
      else if (g_str_equal (decided->action, "decrease"))
        {
          advice->action = STROMA_TITRATION_DECREASE;
          advice->new_level = level > 0 ? MAX (level - (gint) decided->steps, 1) : 0;
        }

      if (level > 0 && advice->action != STROMA_TITRATION_STOP && advice->new_level == level)
        {
          advice->action = STROMA_TITRATION_KEEP;
          advice->at_bound = TRUE;
        }

      for (guint i = decided_state.first; i < decided_values->len; i++)
        {
          const Value *v = &g_array_index (decided_values, Value, i);
          StromaTitrationValue out = { stroma_safety_format_date (&v->date), v->value };

          g_array_append_val (advice->values, out);
        }
    }
  else if (pending != NULL)
    {
      advice->pending_rule_id = g_strdup (pending->id);
      advice->held_days = pending_state.held_days;

      for (guint i = pending_state.first; i < pending_values->len; i++)
        {
          const Value *v = &g_array_index (pending_values, Value, i);
          StromaTitrationValue out = { stroma_safety_format_date (&v->date), v->value };

          g_array_append_val (advice->values, out);
        }
    }
  else if (latest_values != NULL)
    {
      const Value *v = &g_array_index (latest_values, Value, latest_values->len - 1);
      StromaTitrationValue out = { stroma_safety_format_date (&v->date), v->value };

      g_array_append_val (advice->values, out);
    }

  action = describe_action (advice);

  if (decided != NULL)
    reason = describe_values (decided, advice, decided->min_days > 0);
  else if (pending != NULL)
    reason = describe_values (pending, advice, TRUE);
  else if (advice->values->len > 0)
    {
      const StromaTitrationValue *v = &g_array_index (advice->values, StromaTitrationValue, 0);
      const char *unit = stroma_protocol_lab_unit (advice->test_code);

      /* Translators: test code, value, unit, date: "PLAT 120 10^9/L on 2025-03-01" */
      reason = g_strdup_printf (_("%s %g %s on %s meets no titration rule"), advice->test_code,
                                v->value, unit != NULL ? unit : "", v->date);
    }
  else
    /* Translators: test code, date the current level started */
    reason = g_strdup_printf (_("no %s count since the current level started on %s"),
                              advice->test_code, advice->level_since);

  if (advice->at_bound)
    {
      const char *bound = advice->new_level <= 1 && g_str_equal (decided->action, "decrease")
                          ? _("already at the lowest level")
                          : _("already at the highest level");

      /* Translators: action, the reason a rule gave, and why the level stays */
      advice->message = g_strdup_printf (_("%s: %s; %s."), action, reason, bound);
    }
  else
    {
      /* Translators: action and its reason: "Increase TPO-RA from level 1 to level 2: PLAT < 50
       * 10^9/L on 3 counts from 2025-03-02 to 2025-03-16: 14 days, 14 needed (latest 31)." */
      advice->message = g_strdup_printf (_("%s: %s."), action, reason);
    }

  return g_steal_pointer (&advice);
}
