/* stroma-regimen.c — a conditioning regimen expanded into one subject's doses
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "stroma-regimen"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "stroma-regimen.h"
#include "stroma-schedule-private.h"

#define MINUTES_PER_DAY 1440

G_DEFINE_QUARK (stroma-regimen-error-quark, stroma_regimen_error)

static void
garray_unref (gpointer data)
{
  g_array_unref (data);
}

/**
 * stroma_regimen_layout_new:
 *
 * Returns: (transfer full): an empty layout: every agent on the protocol's days, optional
 *   agents left out, first doses at 00:00
 */
StromaRegimenLayout *
stroma_regimen_layout_new (void)
{
  StromaRegimenLayout *self = g_new0 (StromaRegimenLayout, 1);

  self->days = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, garray_unref);
  self->selected = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  return self;
}

/**
 * stroma_regimen_layout_free:
 * @self: (nullable): a layout
 */
void
stroma_regimen_layout_free (StromaRegimenLayout *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->days, g_hash_table_unref);
  g_clear_pointer (&self->selected, g_hash_table_unref);
  g_free (self->start_time);
  g_free (self);
}

/**
 * stroma_regimen_layout_set_days:
 * @self: a layout
 * @agent: the agent's name, as in the protocol
 * @days: (array length=n_days) (nullable): the study days the agent is given on
 * @n_days: the number of days; 0 with %NULL @days restores the protocol's days
 *
 * Moves an agent to other days, e.g. ATG from d−5…−2 to d−6…−3. The days are checked when a
 * plan is made.
 */
void
stroma_regimen_layout_set_days (StromaRegimenLayout *self,
                                const char          *agent,
                                const gint          *days,
                                guint                n_days)
{
  GArray *copy;

  g_return_if_fail (self != NULL);
  g_return_if_fail (agent != NULL);
  g_return_if_fail (days != NULL || n_days == 0);

  if (days == NULL)
    {
      g_hash_table_remove (self->days, agent);
      return;
    }

  copy = g_array_sized_new (FALSE, FALSE, sizeof (gint), n_days);
  g_array_append_vals (copy, days, n_days);
  g_hash_table_replace (self->days, g_strdup (agent), copy);
}

/**
 * stroma_regimen_layout_set_selected:
 * @self: a layout
 * @agent: an optional agent's name
 * @selected: whether the investigator selected it
 */
void
stroma_regimen_layout_set_selected (StromaRegimenLayout *self,
                                    const char          *agent,
                                    gboolean             selected)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (agent != NULL);

  if (selected)
    g_hash_table_add (self->selected, g_strdup (agent));
  else
    g_hash_table_remove (self->selected, agent);
}

/**
 * stroma_regimen_layout_set_start_time:
 * @self: a layout
 * @start_time: (nullable): "HH:MM" of each day's first dose; %NULL for 00:00
 */
void
stroma_regimen_layout_set_start_time (StromaRegimenLayout *self,
                                      const char          *start_time)
{
  g_return_if_fail (self != NULL);

  g_free (self->start_time);
  self->start_time = g_strdup (start_time);
}

static void
regimen_dose_free (StromaRegimenDose *dose)
{
  g_free (dose->agent);
  g_free (dose->date);
  g_free (dose->time);
  g_free (dose->dose_unit);
  g_free (dose->per);
  g_free (dose->route);
  g_free (dose);
}

static void
regimen_total_free (StromaRegimenTotal *total)
{
  g_free (total->agent);
  g_free (total->dose_unit);
  g_free (total);
}

/**
 * stroma_regimen_plan_free:
 * @self: (nullable): a plan
 */
void
stroma_regimen_plan_free (StromaRegimenPlan *self)
{
  if (self == NULL)
    return;

  g_free (self->regimen_id);
  g_free (self->regimen_label);
  g_free (self->layout_status);
  g_free (self->day0_date);
  g_free (self->start_time);
  g_clear_pointer (&self->doses, g_ptr_array_unref);
  g_clear_pointer (&self->totals, g_ptr_array_unref);
  g_strfreev (self->not_selected);
  g_free (self);
}

/**
 * stroma_regimen_plan_find_total:
 * @self: a plan
 * @agent: an agent's name
 *
 * Returns: (transfer none) (nullable): the agent's course, or %NULL if the plan has none
 */
const StromaRegimenTotal *
stroma_regimen_plan_find_total (const StromaRegimenPlan *self,
                                const char              *agent)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (agent != NULL, NULL);

  for (guint i = 0; i < self->totals->len; i++)
    {
      const StromaRegimenTotal *total = self->totals->pdata[i];

      if (strcmp (total->agent, agent) == 0)
        return total;
    }

  return NULL;
}

static gboolean
parse_time (const char *text,
            guint      *minutes)
{
  guint h, m;

  if (strlen (text) != 5 || text[2] != ':' ||
      !g_ascii_isdigit (text[0]) || !g_ascii_isdigit (text[1]) ||
      !g_ascii_isdigit (text[3]) || !g_ascii_isdigit (text[4]))
    return FALSE;

  h = (text[0] - '0') * 10 + (text[1] - '0');
  m = (text[3] - '0') * 10 + (text[4] - '0');
  if (h > 23 || m > 59)
    return FALSE;

  *minutes = h * 60 + m;
  return TRUE;
}

static const StromaRegimenAgent *
find_agent (const StromaRegimen *regimen,
            const char          *name)
{
  for (guint i = 0; i < regimen->agents->len; i++)
    {
      const StromaRegimenAgent *agent = regimen->agents->pdata[i];

      if (strcmp (agent->agent, name) == 0)
        return agent;
    }

  return NULL;
}

static int
compare_gint (gconstpointer a,
              gconstpointer b)
{
  gint x = *(const gint *) a;
  gint y = *(const gint *) b;

  return (x > y) - (x < y);
}

/* The agent's days, sorted, from the layout when it moves them; checked like the protocol
 * loader checks its own. */
static GArray *
agent_days (const StromaRegimenAgent  *agent,
            const StromaRegimenLayout *layout,
            gboolean                  *edited,
            GError                   **error)
{
  const GArray *source = agent->days;
  g_autoptr(GArray) days = NULL;

  *edited = FALSE;

  if (layout != NULL)
    {
      const GArray *moved = g_hash_table_lookup (layout->days, agent->agent);

      if (moved != NULL)
        source = moved;
    }

  days = g_array_sized_new (FALSE, FALSE, sizeof (gint), source != NULL ? source->len : 0);
  if (source != NULL)
    g_array_append_vals (days, source->data, source->len);
  g_array_sort (days, compare_gint);

  if (days->len == 0)
    {
      g_set_error (error, STROMA_REGIMEN_ERROR, STROMA_REGIMEN_ERROR_INVALID_LAYOUT,
                   _("%s: the layout gives no day for this agent."), agent->agent);
      return NULL;
    }

  for (guint i = 0; i < days->len; i++)
    {
      gint day = g_array_index (days, gint, i);

      if (day < STROMA_REGIMEN_FIRST_DAY || day > -1)
        {
          g_set_error (error, STROMA_REGIMEN_ERROR, STROMA_REGIMEN_ERROR_INVALID_LAYOUT,
                       _("%s: day %d is not a conditioning day: use days %d to %d."),
                       agent->agent, day, STROMA_REGIMEN_FIRST_DAY, -1);
          return NULL;
        }
      if (i > 0 && day == g_array_index (days, gint, i - 1))
        {
          g_set_error (error, STROMA_REGIMEN_ERROR, STROMA_REGIMEN_ERROR_INVALID_LAYOUT,
                       _("%s: day %d is given twice in the layout."), agent->agent, day);
          return NULL;
        }
    }

  if (source != agent->days)
    {
      g_autoptr(GArray) original = g_array_sized_new (FALSE, FALSE, sizeof (gint),
                                                      agent->days->len);

      g_array_append_vals (original, agent->days->data, agent->days->len);
      g_array_sort (original, compare_gint);
      *edited = original->len != days->len ||
                memcmp (original->data, days->data, days->len * sizeof (gint)) != 0;
    }

  return g_steal_pointer (&days);
}

static int
compare_doses (gconstpointer a,
               gconstpointer b)
{
  const StromaRegimenDose *x = *(StromaRegimenDose * const *) a;
  const StromaRegimenDose *y = *(StromaRegimenDose * const *) b;
  int cmp;

  if (x->study_day != y->study_day)
    return x->study_day < y->study_day ? -1 : 1;
  if ((cmp = strcmp (x->time, y->time)) != 0)
    return cmp;
  if (x->agent_index != y->agent_index)
    return x->agent_index < y->agent_index ? -1 : 1;

  return (x->dose_number > y->dose_number) - (x->dose_number < y->dose_number);
}

static StromaRegimenPlan *
plan_new (const StromaProtocol       *protocol,
          const StromaRegimen        *regimen,
          double                      weight_kg,
          double                      height_cm,
          const char                 *day0_date,
          const StromaRegimenLayout  *layout,
          GHashTable                 *recorded,
          GError                    **error)
{
  g_autoptr(StromaRegimenPlan) plan = g_new0 (StromaRegimenPlan, 1);
  g_autoptr(GStrvBuilder) not_selected = g_strv_builder_new ();
  StromaDoseOptions options = STROMA_DOSE_OPTIONS_INIT;
  guint32 day0 = 0;
  guint start_minutes = 0;

  if (!stroma_bsa_formula_from_string (protocol->bsa_formula != NULL ? protocol->bsa_formula
                                                                     : "mosteller",
                                       &options.bsa_formula, error))
    return NULL;
  options.bsa_decimals = (int) protocol->bsa_decimals;

  if (day0_date != NULL && !stroma_schedule_date_parse (day0_date, &day0))
    {
      g_set_error (error, STROMA_REGIMEN_ERROR, STROMA_REGIMEN_ERROR_INVALID_DATE,
                   _("Day 0 “%s” is not a date: write it as YYYY-MM-DD."), day0_date);
      return NULL;
    }

  if (layout != NULL && layout->start_time != NULL &&
      !parse_time (layout->start_time, &start_minutes))
    {
      g_set_error (error, STROMA_REGIMEN_ERROR, STROMA_REGIMEN_ERROR_INVALID_TIME,
                   _("The first-dose time “%s” is not a time: write it as HH:MM, from 00:00 "
                     "to 23:59."), layout->start_time);
      return NULL;
    }

  /* A layout naming an agent the regimen lacks is a mistake, not something to ignore. */
  if (layout != NULL)
    {
      GHashTable *tables[] = { layout->days, layout->selected };

      for (guint t = 0; t < G_N_ELEMENTS (tables); t++)
        {
          GHashTableIter iter;
          gpointer key;

          g_hash_table_iter_init (&iter, tables[t]);
          while (g_hash_table_iter_next (&iter, &key, NULL))
            if (find_agent (regimen, key) == NULL)
              {
                g_set_error (error, STROMA_REGIMEN_ERROR, STROMA_REGIMEN_ERROR_UNKNOWN_AGENT,
                             _("The regimen “%s” has no agent “%s”."), regimen->label,
                             (const char *) key);
                return NULL;
              }
        }
    }

  plan->regimen_id = g_strdup (regimen->id);
  plan->regimen_label = g_strdup (regimen->label);
  plan->layout_status = g_strdup (regimen->layout_status);
  plan->day0_date = day0_date != NULL ? stroma_schedule_date_format (day0) : NULL;
  plan->weight_kg = weight_kg;
  plan->height_cm = height_cm;
  plan->bsa_formula = options.bsa_formula;
  plan->bsa_decimals = protocol->bsa_decimals;
  plan->bsa_exact = NAN;
  plan->bsa_used = NAN;
  plan->start_time = g_strdup_printf ("%02u:%02u", start_minutes / 60, start_minutes % 60);
  plan->doses = g_ptr_array_new_with_free_func ((GDestroyNotify) regimen_dose_free);
  plan->totals = g_ptr_array_new_with_free_func ((GDestroyNotify) regimen_total_free);

  for (guint a = 0; a < regimen->agents->len; a++)
    {
      const StromaRegimenAgent *agent = regimen->agents->pdata[a];
      g_autoptr(GArray) days = NULL;
      StromaDoseCalculation calc;
      StromaRegimenTotal *total;
      StromaDoseBasis basis;
      gboolean edited;
      guint per_day = MAX (agent->doses_per_day, 1);
      guint step = MINUTES_PER_DAY / per_day;
      double each, daily;

      if (agent->optional &&
          !(layout != NULL && g_hash_table_contains (layout->selected, agent->agent)) &&
          !(recorded != NULL && g_hash_table_contains (recorded, agent->agent)))
        {
          g_strv_builder_add (not_selected, agent->agent);
          continue;
        }

      if (!(days = agent_days (agent, layout, &edited, error)))
        return NULL;

      if (!stroma_dose_basis_from_string (agent->basis, &basis, error) ||
          !stroma_dose_calculate (agent->dose, basis, weight_kg, height_cm, &options, &calc,
                                  error))
        {
          g_prefix_error (error, "%s: ", agent->agent);
          return NULL;
        }

      if (g_strcmp0 (agent->per, "day") == 0)
        {
          daily = calc.dose;
          each = calc.dose / per_day;
        }
      else
        {
          each = calc.dose;
          daily = calc.dose * per_day;
        }

      if (basis == STROMA_DOSE_PER_M2 && isnan (plan->bsa_used))
        {
          plan->bsa_exact = calc.bsa_exact;
          plan->bsa_used = calc.bsa_used;
        }

      for (guint d = 0; d < days->len; d++)
        {
          gint day = g_array_index (days, gint, d);

          for (guint k = 0; k < per_day; k++)
            {
              StromaRegimenDose *dose = g_new0 (StromaRegimenDose, 1);
              guint minutes = start_minutes + k * step;

              dose->agent = g_strdup (agent->agent);
              dose->agent_index = a;
              dose->dose_number = d * per_day + k + 1;
              dose->dose_of_day = k + 1;
              dose->layout_day = day;
              dose->study_day = day + (gint) (minutes / MINUTES_PER_DAY);
              if (day0_date != NULL)
                dose->date = stroma_schedule_date_format ((guint32) ((gint64) day0 +
                                                                     dose->study_day));
              minutes %= MINUTES_PER_DAY;
              dose->time = g_strdup_printf ("%02u:%02u", minutes / 60, minutes % 60);
              dose->dose = each;
              dose->daily_dose = daily;
              dose->dose_unit = g_strdup (agent->dose_unit);
              dose->prescribed = agent->dose;
              dose->basis = basis;
              dose->per = g_strdup (agent->per);
              dose->bsa_exact = calc.bsa_exact;
              dose->bsa_used = calc.bsa_used;
              dose->bsa_formula = calc.bsa_formula;
              dose->weight_kg = basis == STROMA_DOSE_FLAT ? NAN : weight_kg;
              dose->route = g_strdup (agent->route);
              dose->optional = agent->optional;
              g_ptr_array_add (plan->doses, dose);
            }
        }

      total = g_new0 (StromaRegimenTotal, 1);
      total->agent = g_strdup (agent->agent);
      total->agent_index = a;
      total->n_days = days->len;
      total->n_doses = days->len * per_day;
      total->first_day = g_array_index (days, gint, 0);
      total->last_day = g_array_index (days, gint, days->len - 1);
      total->dose = each;
      total->daily_dose = daily;
      total->total = each * total->n_doses;
      total->dose_unit = g_strdup (agent->dose_unit);
      total->edited = edited;
      total->optional = agent->optional;
      g_ptr_array_add (plan->totals, total);

      plan->edited |= edited;
    }

  g_ptr_array_sort (plan->doses, compare_doses);
  plan->not_selected = g_strv_builder_end (not_selected);

  return g_steal_pointer (&plan);
}

/**
 * stroma_regimen_plan_new:
 * @protocol: the protocol, for its BSA formula and rounding
 * @regimen: one of @protocol's regimens
 * @weight_kg: the weight doses are computed from
 * @height_cm: the height, for doses per m²
 * @day0_date: (nullable): the ISO date of day 0; %NULL plans study days without dates
 * @layout: (nullable): the site's edits to the day layout; %NULL for the protocol's
 * @error: return location for a #GError
 *
 * Expands a regimen into one administration per dose: each agent's days from the protocol or
 * the layout, doses_per_day administrations a day at even steps from the layout's start time
 * (q6h: 00:00, 06:00, 12:00, 18:00), the amount from stroma_dose_calculate() with the
 * protocol's BSA formula and rounding, and each agent's totals. A dose "per day" is divided
 * among the day's administrations. Optional agents are planned only when @layout selects them.
 *
 * Returns: (transfer full): the plan, or %NULL with @error set
 */
StromaRegimenPlan *
stroma_regimen_plan_new (const StromaProtocol      *protocol,
                         const StromaRegimen       *regimen,
                         double                     weight_kg,
                         double                     height_cm,
                         const char                *day0_date,
                         const StromaRegimenLayout *layout,
                         GError                   **error)
{
  g_return_val_if_fail (protocol != NULL, NULL);
  g_return_val_if_fail (regimen != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return plan_new (protocol, regimen, weight_kg, height_cm, day0_date, layout, NULL, error);
}

/**
 * stroma_regimen_plan_new_for_subject:
 * @protocol: the subject's protocol
 * @record: the subject's record
 * @layout: (nullable): the site's edits to the day layout
 * @error: return location for a #GError
 *
 * Plans the regimen of the subject's donor type with the subject's weight and height and the
 * transplant's day 0 (no dates before the transplant is recorded). An optional agent is
 * planned when @layout selects it or when conditioning doses of it are already recorded.
 *
 * Returns: (transfer full): the plan, or %NULL with @error set
 */
StromaRegimenPlan *
stroma_regimen_plan_new_for_subject (const StromaProtocol      *protocol,
                                     const StromaSubjectRecord *record,
                                     const StromaRegimenLayout *layout,
                                     GError                   **error)
{
  g_autoptr(GHashTable) recorded = NULL;
  const StromaRegimen *regimen;
  const char *donor_type;

  g_return_val_if_fail (protocol != NULL, NULL);
  g_return_val_if_fail (record != NULL && record->subject != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  donor_type = record->subject->donor_type;
  if (donor_type == NULL && record->transplant != NULL)
    donor_type = record->transplant->donor_type;

  regimen = donor_type != NULL ? stroma_protocol_find_regimen (protocol, donor_type) : NULL;
  if (regimen == NULL)
    {
      g_set_error (error, STROMA_REGIMEN_ERROR, STROMA_REGIMEN_ERROR_NO_REGIMEN,
                   _("%s: protocol %s has no conditioning regimen for donor type “%s”."),
                   record->subject->code != NULL ? record->subject->code : "?", protocol->id,
                   donor_type != NULL ? donor_type : _("(none)"));
      return NULL;
    }

  recorded = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; record->conditioning != NULL && i < record->conditioning->len; i++)
    {
      const StromaConditioningDose *dose = record->conditioning->pdata[i];

      if (dose->agent != NULL &&
          (dose->regimen_id == NULL || strcmp (dose->regimen_id, regimen->id) == 0))
        g_hash_table_add (recorded, dose->agent);
    }

  return plan_new (protocol, regimen, record->subject->weight_kg, record->subject->height_cm,
                   record->transplant != NULL ? record->transplant->day0_date : NULL, layout,
                   recorded, error);
}
