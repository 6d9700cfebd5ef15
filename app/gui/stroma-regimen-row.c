/* stroma-regimen-row.c — one conditioning dose of the regimen plan, as a list item
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A row of the plan table: when (date, day relative to day 0, time), what (agent and its dose
 * number), how much — the calculated dose with its arithmetic ("48 mg = 0.8 mg/kg × 60 kg") —
 * and, once recorded, what was given, by whom, and how far it is from the calculation.
 */

#define G_LOG_DOMAIN "stroma-regimen-row"

#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "core/stroma-dosing.h"
#include "stroma-regimen-row.h"

struct _StromaRegimenRow
{
  GObject  parent_instance;

  gint64   record_id;
  char    *date;
  char    *day;
  char    *time;
  char    *agent;
  char    *number;
  char    *calculated;
  char    *given;
  char    *status;
  char    *by;
};

enum {
  PROP_0,
  PROP_DATE,
  PROP_DAY,
  PROP_TIME,
  PROP_AGENT,
  PROP_NUMBER,
  PROP_CALCULATED,
  PROP_GIVEN,
  PROP_STATUS,
  PROP_BY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (StromaRegimenRow, stroma_regimen_row, G_TYPE_OBJECT)

static void
stroma_regimen_row_finalize (GObject *object)
{
  StromaRegimenRow *self = STROMA_REGIMEN_ROW (object);

  g_free (self->date);
  g_free (self->day);
  g_free (self->time);
  g_free (self->agent);
  g_free (self->number);
  g_free (self->calculated);
  g_free (self->given);
  g_free (self->status);
  g_free (self->by);

  G_OBJECT_CLASS (stroma_regimen_row_parent_class)->finalize (object);
}

static void
stroma_regimen_row_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  StromaRegimenRow *self = STROMA_REGIMEN_ROW (object);
  const char *values[N_PROPS] = {
    NULL, self->date, self->day, self->time, self->agent, self->number, self->calculated,
    self->given, self->status, self->by
  };

  if (prop_id > 0 && prop_id < N_PROPS)
    g_value_set_string (value, values[prop_id]);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
stroma_regimen_row_class_init (StromaRegimenRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  static const char * const names[N_PROPS] = {
    NULL, "date", "day", "time", "agent", "number", "calculated", "given", "status", "by"
  };

  object_class->finalize = stroma_regimen_row_finalize;
  object_class->get_property = stroma_regimen_row_get_property;

  for (guint i = 1; i < N_PROPS; i++)
    properties[i] = g_param_spec_string (names[i], NULL, NULL, NULL,
                                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
stroma_regimen_row_init (StromaRegimenRow *self)
{
}

/**
 * stroma_regimen_format_amount:
 * @amount: a dose
 * @unit: its unit
 *
 * Returns: (transfer full): the dose with four significant digits, e.g. "3.024 g", "48 mg"
 */
char *
stroma_regimen_format_amount (double      amount,
                              const char *unit)
{
  if (!isfinite (amount))
    return g_strdup ("—");
  return g_strdup_printf ("%.4g %s", amount, unit != NULL ? unit : "");
}

static char *
day_label (gint day)
{
  /* Translators: a day relative to day 0, e.g. "d−7" */
  return day < 0 ? g_strdup_printf (_("d−%d"), -day) : g_strdup_printf (_("d+%d"), day);
}

static char *
arithmetic (double           amount,
            const char      *unit,
            double           prescribed,
            StromaDoseBasis  basis,
            const char      *per,
            double           weight,
            double           bsa,
            guint            per_day)
{
  g_autofree char *dose = stroma_regimen_format_amount (amount, unit);
  const char *daily = g_strcmp0 (per, "day") == 0 ? _("/day") : "";

  switch (basis)
    {
    case STROMA_DOSE_PER_KG:
      if (per_day > 1 && g_strcmp0 (per, "day") == 0)
        /* Translators: "750 mg = 2.5 mg/kg/day × 60 kg ÷ 2" */
        return g_strdup_printf (_("%s = %g %s/kg%s × %.1f kg ÷ %u"), dose, prescribed, unit, daily,
                                weight, per_day);
      /* Translators: "48 mg = 0.8 mg/kg × 60 kg" */
      return g_strdup_printf (_("%s = %g %s/kg%s × %.1f kg"), dose, prescribed, unit, daily, weight);
    case STROMA_DOSE_PER_M2:
      /* Translators: "420 mg = 250 mg/m² × 1.68 m²" */
      return g_strdup_printf (_("%s = %g %s/m²%s × %.2f m²"), dose, prescribed, unit, daily, bsa);
    case STROMA_DOSE_FLAT:
    default:
      return g_strdup (dose);
    }
}

/**
 * stroma_regimen_row_new_planned:
 * @dose: a dose of a plan not saved yet
 *
 * Returns: (transfer full): the row
 */
StromaRegimenRow *
stroma_regimen_row_new_planned (const StromaRegimenDose *dose)
{
  StromaRegimenRow *self = g_object_new (STROMA_TYPE_REGIMEN_ROW, NULL);
  guint per_day = dose->daily_dose > 0 && dose->dose > 0
                  ? (guint) lround (dose->daily_dose / dose->dose) : 1;

  self->date = g_strdup (dose->date != NULL ? dose->date : "—");
  self->day = day_label (dose->layout_day);
  self->time = g_strdup (dose->time);
  self->agent = g_strdup (dose->agent);
  self->number = g_strdup_printf ("%u", dose->dose_number);
  self->calculated = arithmetic (dose->dose, dose->dose_unit, dose->prescribed, dose->basis,
                                 dose->per, dose->weight_kg, dose->bsa_used, per_day);
  self->given = g_strdup ("");
  /* Translators: a dose of a plan that is not saved yet */
  self->status = g_strdup (_("proposed"));
  self->by = g_strdup ("");
  return self;
}

/**
 * stroma_regimen_row_new_recorded:
 * @record: a saved conditioning dose
 * @limit: the deviation allowed without a reason, a fraction
 * @given_local: (nullable): when it was given, at the site ("2026-03-04 08:10")
 * @planned: (nullable): the same dose in the plan, for the arithmetic of its calculation
 *
 * Returns: (transfer full): the row
 */
StromaRegimenRow *
stroma_regimen_row_new_recorded (const StromaConditioningDose *record,
                                 double                        limit,
                                 const char                   *given_local,
                                 const StromaRegimenDose      *planned)
{
  StromaRegimenRow *self = g_object_new (STROMA_TYPE_REGIMEN_ROW, NULL);
  StromaDoseBasis basis = STROMA_DOSE_FLAT;
  g_autofree char *dose = stroma_regimen_format_amount (record->calculated_dose, record->dose_unit);

  stroma_dose_basis_from_string (record->basis, &basis, NULL);
  self->record_id = record->parent.id;
  self->date = g_strdup (record->planned_date != NULL ? record->planned_date : "—");
  self->day = day_label ((gint) record->study_day);
  self->time = g_strdup (record->planned_time != NULL ? record->planned_time : "");
  self->agent = g_strdup (record->agent);
  self->number = g_strdup_printf ("%" G_GINT64_FORMAT, record->dose_number);
  if (planned != NULL && fabs (planned->dose - record->calculated_dose) < 1e-9)
    {
      guint per_day = planned->daily_dose > 0 && planned->dose > 0
                      ? (guint) lround (planned->daily_dose / planned->dose) : 1;

      self->calculated = arithmetic (record->calculated_dose, record->dose_unit,
                                     planned->prescribed, basis, planned->per, record->weight_kg,
                                     record->bsa_m2, per_day);
    }
  else
    {
      self->calculated = basis == STROMA_DOSE_PER_M2 && isfinite (record->bsa_m2)
                         /* Translators: "420 mg (BSA 1.68 m²)" */
                         ? g_strdup_printf (_("%s (BSA %.2f m²)"), dose, record->bsa_m2)
                         : basis == STROMA_DOSE_PER_KG && isfinite (record->weight_kg)
                         /* Translators: "48 mg (60.0 kg)" */
                         ? g_strdup_printf (_("%s (%.1f kg)"), dose, record->weight_kg)
                         : g_strdup (dose);
    }

  if (g_strcmp0 (record->status, "given") == 0)
    {
      g_autofree char *given = stroma_regimen_format_amount (record->given_dose, record->dose_unit);
      double off = stroma_dose_deviation (record->calculated_dose, record->given_dose);

      self->given = isfinite (off) && fabs (off) > 0.0005
                    /* Translators: the dose given and how far it is from the calculation */
                    ? g_strdup_printf (_("%s (%+.1f%%)%s"), given, 100 * off,
                                       fabs (off) > limit + 1e-12 ? " ⚠" : "")
                    : g_strdup (given);
      self->status = given_local != NULL ? g_strdup_printf (_("given %s"), given_local)
                                         : g_strdup (_("given"));
    }
  else if (g_strcmp0 (record->status, "omitted") == 0)
    {
      self->given = g_strdup ("—");
      self->status = g_strdup_printf (_("omitted: %s"), record->deviation_reason != NULL
                                                        ? record->deviation_reason : "");
    }
  else
    {
      self->given = g_strdup ("");
      self->status = g_strdup (_("planned"));
    }
  self->by = g_strdup (record->given_by != NULL ? record->given_by : "");
  return self;
}

gint64
stroma_regimen_row_get_record_id (StromaRegimenRow *self)
{
  g_return_val_if_fail (STROMA_IS_REGIMEN_ROW (self), 0);
  return self->record_id;
}
