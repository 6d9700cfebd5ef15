/* stroma-dosing.c — body surface area, doses, schedules and lab units
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "stroma-dosing"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "stroma-dosing.h"

/* Measurements a BSA can be computed from: beyond these the number is a typing or unit
 * error (height in metres, weight in pounds), not a patient. */
#define HEIGHT_MIN_CM 30.0
#define HEIGHT_MAX_CM 272.0
#define WEIGHT_MIN_KG 0.5
#define WEIGHT_MAX_KG 650.0

#define FREQUENCY_MAX_HOURS 168

G_DEFINE_QUARK (stroma-dosing-error-quark, stroma_dosing_error)

static const char * const bsa_formula_ids[] = {
  [STROMA_BSA_MOSTELLER] = "mosteller",
  [STROMA_BSA_DUBOIS] = "dubois",
};

static const char * const dose_basis_ids[] = {
  [STROMA_DOSE_PER_KG] = "kg",
  [STROMA_DOSE_PER_M2] = "m2",
  [STROMA_DOSE_FLAT] = "flat",
};

/**
 * stroma_bsa_formula_to_string:
 * @formula: a BSA formula
 *
 * Returns: the formula's stable id, "mosteller" or "dubois", as stored with each dose
 */
const char *
stroma_bsa_formula_to_string (StromaBsaFormula formula)
{
  g_return_val_if_fail (formula < G_N_ELEMENTS (bsa_formula_ids), NULL);

  return bsa_formula_ids[formula];
}

/**
 * stroma_bsa_formula_from_string:
 * @id: a formula id
 * @formula: (out): the formula
 * @error: return location for a #GError
 *
 * Parses a formula id written by stroma_bsa_formula_to_string().
 *
 * Returns: %TRUE if @id names a formula
 */
gboolean
stroma_bsa_formula_from_string (const char       *id,
                                StromaBsaFormula *formula,
                                GError          **error)
{
  g_return_val_if_fail (id != NULL, FALSE);
  g_return_val_if_fail (formula != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (bsa_formula_ids); i++)
    if (strcmp (id, bsa_formula_ids[i]) == 0)
      {
        *formula = i;
        return TRUE;
      }

  g_set_error (error, STROMA_DOSING_ERROR, STROMA_DOSING_ERROR_UNKNOWN_FORMULA,
               _("Unknown body surface area formula “%s”: use “mosteller” or “dubois”."),
               id);
  return FALSE;
}

static gboolean
check_height (double   height_cm,
              GError **error)
{
  if (!(height_cm >= HEIGHT_MIN_CM && height_cm <= HEIGHT_MAX_CM))
    {
      g_set_error (error, STROMA_DOSING_ERROR, STROMA_DOSING_ERROR_INVALID_MEASUREMENT,
                   _("A height of %g cm cannot be used: expected %g to %g cm."),
                   height_cm, HEIGHT_MIN_CM, HEIGHT_MAX_CM);
      return FALSE;
    }

  return TRUE;
}

static gboolean
check_weight (double   weight_kg,
              GError **error)
{
  if (!(weight_kg >= WEIGHT_MIN_KG && weight_kg <= WEIGHT_MAX_KG))
    {
      g_set_error (error, STROMA_DOSING_ERROR, STROMA_DOSING_ERROR_INVALID_MEASUREMENT,
                   _("A weight of %g kg cannot be used: expected %g to %g kg."),
                   weight_kg, WEIGHT_MIN_KG, WEIGHT_MAX_KG);
      return FALSE;
    }

  return TRUE;
}

/**
 * stroma_bsa:
 * @formula: the formula
 * @height_cm: the height in centimetres
 * @weight_kg: the actual body weight in kilograms
 * @bsa_m2: (out): the body surface area in m², unrounded
 * @error: return location for a #GError
 *
 * Computes the body surface area by Mosteller (1987) or DuBois & DuBois (1916).
 *
 * Returns: %TRUE on success, %FALSE if a measurement is out of range
 */
gboolean
stroma_bsa (StromaBsaFormula  formula,
            double            height_cm,
            double            weight_kg,
            double           *bsa_m2,
            GError          **error)
{
  g_return_val_if_fail (bsa_m2 != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_height (height_cm, error) || !check_weight (weight_kg, error))
    return FALSE;

  switch (formula)
    {
    case STROMA_BSA_MOSTELLER:
      *bsa_m2 = sqrt (height_cm * weight_kg / 3600);
      break;

    case STROMA_BSA_DUBOIS:
      *bsa_m2 = 0.007184 * pow (height_cm, 0.725) * pow (weight_kg, 0.425);
      break;

    default:
      g_return_val_if_reached (FALSE);
    }

  return TRUE;
}

/**
 * stroma_dose_basis_to_string:
 * @basis: a dose basis
 *
 * Returns: the basis's stable id: "kg", "m2" or "flat"
 */
const char *
stroma_dose_basis_to_string (StromaDoseBasis basis)
{
  g_return_val_if_fail (basis < G_N_ELEMENTS (dose_basis_ids), NULL);

  return dose_basis_ids[basis];
}

/**
 * stroma_dose_basis_from_string:
 * @id: a basis id
 * @basis: (out): the basis
 * @error: return location for a #GError
 *
 * Parses a basis id written by stroma_dose_basis_to_string().
 *
 * Returns: %TRUE if @id names a basis
 */
gboolean
stroma_dose_basis_from_string (const char       *id,
                               StromaDoseBasis  *basis,
                               GError          **error)
{
  g_return_val_if_fail (id != NULL, FALSE);
  g_return_val_if_fail (basis != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (dose_basis_ids); i++)
    if (strcmp (id, dose_basis_ids[i]) == 0)
      {
        *basis = i;
        return TRUE;
      }

  g_set_error (error, STROMA_DOSING_ERROR, STROMA_DOSING_ERROR_UNKNOWN_BASIS,
               _("Unknown dose basis “%s”: use “per-kg”, “per-m2” or “flat”."), id);
  return FALSE;
}

/* Half-up rounding of a positive value to @decimals places. The nudge makes decimal
 * ties that binary cannot hold (1.685 is stored as 1.68499999…) round up, as they do on
 * paper. */
static double
round_decimals (double value,
                int    decimals)
{
  double scale = pow (10, decimals);

  return floor (value * scale + 0.5 + 1e-9) / scale;
}

/**
 * stroma_dose_calculate:
 * @amount: the prescribed amount per unit of @basis, e.g. 250 for 250 mg/m²
 * @basis: what @amount is per
 * @weight_kg: the body weight used for dosing; ignored for flat doses
 * @height_cm: the height; used only for doses per m²
 * @options: (nullable): the BSA formula and rounding; %NULL for Mosteller rounded to
 *   2 decimals
 * @calculation: (out caller-allocates): the dose and the BSA it used
 * @error: return location for a #GError
 *
 * Computes a dose from its prescription. Per m², the BSA is rounded before it is
 * multiplied (to 2 decimals by default, as on most order forms), and both the exact and
 * the rounded BSA are returned so that the record can show its working.
 *
 * Returns: %TRUE on success
 */
gboolean
stroma_dose_calculate (double                   amount,
                       StromaDoseBasis          basis,
                       double                   weight_kg,
                       double                   height_cm,
                       const StromaDoseOptions *options,
                       StromaDoseCalculation   *calculation,
                       GError                 **error)
{
  static const StromaDoseOptions defaults = STROMA_DOSE_OPTIONS_INIT;

  g_return_val_if_fail (calculation != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (options == NULL)
    options = &defaults;

  if (!(isfinite (amount) && amount > 0))
    {
      g_set_error (error, STROMA_DOSING_ERROR, STROMA_DOSING_ERROR_INVALID_DOSE,
                   _("A prescribed amount of %g cannot be used: it must be a positive "
                     "number."), amount);
      return FALSE;
    }

  calculation->basis = basis;
  calculation->bsa_formula = options->bsa_formula;
  calculation->bsa_exact = NAN;
  calculation->bsa_used = NAN;

  switch (basis)
    {
    case STROMA_DOSE_PER_KG:
      if (!check_weight (weight_kg, error))
        return FALSE;
      calculation->dose = amount * weight_kg;
      break;

    case STROMA_DOSE_PER_M2:
      if (!stroma_bsa (options->bsa_formula, height_cm, weight_kg,
                       &calculation->bsa_exact, error))
        return FALSE;
      calculation->bsa_used = options->bsa_decimals < 0
                              ? calculation->bsa_exact
                              : round_decimals (calculation->bsa_exact, options->bsa_decimals);
      calculation->dose = amount * calculation->bsa_used;
      break;

    case STROMA_DOSE_FLAT:
      calculation->dose = amount;
      break;

    default:
      g_return_val_if_reached (FALSE);
    }

  return TRUE;
}

/**
 * stroma_dose_deviation:
 * @calculated: the dose the prescription calls for
 * @given: the dose ordered or given
 *
 * Returns: the relative deviation (given − calculated)/calculated, e.g. 0.05 for 5%
 *   above; NAN if @calculated is not positive
 */
double
stroma_dose_deviation (double calculated,
                       double given)
{
  if (!(calculated > 0) || !isfinite (calculated) || !isfinite (given))
    return NAN;

  return (given - calculated) / calculated;
}

/**
 * stroma_dose_deviation_exceeds:
 * @calculated: the dose the prescription calls for
 * @given: the dose ordered or given
 * @limit: the largest acceptable relative deviation either way, e.g.
 *   %STROMA_DOSE_DEVIATION_LIMIT_DEFAULT; 0 flags any difference
 *
 * Whether a dose deviates from its calculation by more than @limit. A deviation of
 * exactly the limit is acceptable ("within 10%"), without floating-point noise deciding:
 * 462 mg against 420 mg is exactly 10%.
 *
 * Returns: %TRUE if the dose should be flagged; a dose that cannot be compared (no
 *   positive calculated dose) is always flagged
 */
gboolean
stroma_dose_deviation_exceeds (double calculated,
                               double given,
                               double limit)
{
  g_return_val_if_fail (limit >= 0, TRUE);

  if (isnan (stroma_dose_deviation (calculated, given)))
    return TRUE;

  /* A relative slack of 1e-9 absorbs binary noise (0.55 − 0.5 exceeds 0.1 × 0.5 in
   * doubles); the absolute one lets a limit of 0 accept an identical dose. */
  return fabs (given - calculated) > limit * calculated * (1 + 1e-9) + 1e-12 * calculated;
}

/**
 * stroma_frequency_parse:
 * @text: a dosing frequency such as "q6h" (every 6 hours) or "q24h"
 * @interval_hours: (out): the hours between doses
 * @error: return location for a #GError
 *
 * Parses "q<N>h", ignoring case and spaces, for intervals of 1 to 168 hours.
 *
 * Returns: %TRUE on success
 */
gboolean
stroma_frequency_parse (const char  *text,
                        guint       *interval_hours,
                        GError     **error)
{
  g_autoptr(GString) compact = NULL;
  guint64 hours = 0;
  const char *p;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (interval_hours != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  compact = g_string_new (NULL);
  for (p = text; *p; p++)
    if (!g_ascii_isspace (*p))
      g_string_append_c (compact, g_ascii_tolower (*p));

  p = compact->str;
  if (compact->len >= 3 && p[0] == 'q' && p[compact->len - 1] == 'h')
    {
      gsize digits = compact->len - 2;
      gsize i;

      for (i = 1; i <= digits && g_ascii_isdigit (p[i]) && hours <= FREQUENCY_MAX_HOURS; i++)
        hours = hours * 10 + (p[i] - '0');

      if (i == digits + 1 && hours >= 1 && hours <= FREQUENCY_MAX_HOURS)
        {
          *interval_hours = hours;
          return TRUE;
        }
    }

  g_set_error (error, STROMA_DOSING_ERROR, STROMA_DOSING_ERROR_INVALID_FREQUENCY,
               _("“%s” is not a dosing frequency: write “q” and the hours between doses, "
                 "e.g. “q6h”, from q1h to q%uh."), text, FREQUENCY_MAX_HOURS);
  return FALSE;
}

/**
 * stroma_frequency_to_string:
 * @interval_hours: the hours between doses
 *
 * Returns: (transfer full): the frequency as stroma_frequency_parse() reads it, e.g. "q6h"
 */
char *
stroma_frequency_to_string (guint interval_hours)
{
  g_return_val_if_fail (interval_hours >= 1, NULL);

  return g_strdup_printf ("q%uh", interval_hours);
}

/**
 * stroma_schedule_doses_per_day:
 * @interval_hours: the hours between doses
 *
 * Returns: doses per 24 hours: 4 for q6h, 0.5 for q48h
 */
double
stroma_schedule_doses_per_day (guint interval_hours)
{
  g_return_val_if_fail (interval_hours >= 1, 0);

  return 24.0 / interval_hours;
}

/**
 * stroma_schedule_n_doses:
 * @interval_hours: the hours between doses
 * @n_days: the length of the course in days
 *
 * The number of doses in a course started at the beginning of its first day: those
 * that fall within its @n_days × 24 hours. "q6h × 4 d" is 16 doses.
 *
 * Returns: the number of doses
 */
guint
stroma_schedule_n_doses (guint interval_hours,
                         guint n_days)
{
  g_return_val_if_fail (interval_hours >= 1, 0);

  return (guint) (((guint64) n_days * 24 + interval_hours - 1) / interval_hours);
}

/**
 * stroma_schedule_dose_day:
 * @interval_hours: the hours between doses
 * @dose_number: the dose, counted from 1
 * @start_hour: the hour of the day (0–23) the first dose is given
 *
 * On which day of the course a dose falls: dose k is given at
 * start + interval × (k − 1) hours. For q6h from midnight, doses 1–4 fall on day 0
 * and dose 5 on day 1.
 *
 * Returns: the day index, 0 for the day of the first dose
 */
guint
stroma_schedule_dose_day (guint interval_hours,
                          guint dose_number,
                          guint start_hour)
{
  g_return_val_if_fail (interval_hours >= 1, 0);
  g_return_val_if_fail (dose_number >= 1, 0);
  g_return_val_if_fail (start_hour < 24, 0);

  return (guint) ((start_hour + (guint64) interval_hours * (dose_number - 1)) / 24);
}

/**
 * stroma_schedule_total:
 * @dose: the amount given at each administration
 * @interval_hours: the hours between doses
 * @n_days: the length of the course in days
 *
 * Returns: the total over the course: 48 mg q6h × 4 d is 768 mg
 */
double
stroma_schedule_total (double dose,
                       guint  interval_hours,
                       guint  n_days)
{
  g_return_val_if_fail (interval_hours >= 1, NAN);

  return dose * stroma_schedule_n_doses (interval_hours, n_days);
}

/* Laboratory units */

typedef struct
{
  const char *unit;       /* as displayed */
  double      factor;     /* canonical = value × factor */
} UnitFactor;

typedef struct
{
  const char       *test_code;
  const char       *name;             /* translatable, for messages */
  const char       *canonical_unit;
  double            min;              /* physiologically possible, canonical unit */
  double            max;
  gboolean          unit_optional;    /* a ratio: no unit is needed */
  const UnitFactor *units;            /* ends with { NULL } */
} LabTest;

/* Units are written in ASCII, as CDISC writes them (u for micro); what users type is
 * matched through normalize_unit (), so "µmol/L" and "10³/µL" are accepted too.
 * 10⁹/L ≡ 10³/µL ≡ 10³/mm³ (G/L is the French and German spelling); a bare /µL is a
 * count of cells, a thousandth of that. */
static const UnitFactor count_units[] = {
  { "10^9/L", 1 }, { "G/L", 1 }, { "10^3/uL", 1 }, { "10^3/mm3", 1 }, { "K/uL", 1 },
  { "/uL", 0.001 }, { "cells/uL", 0.001 }, { "/mm3", 0.001 }, { "cells/mm3", 0.001 },
  { NULL },
};

/* g/dL × 10 = g/L; g/dL × 0.6206 = mmol/L of the haemoglobin monomer */
static const UnitFactor hemoglobin_units[] = {
  { "g/L", 1 }, { "g/dL", 10 }, { "mmol/L", 10 / 0.6206 }, { NULL },
};

/* 1 µkat/L = 60 U/L (1 U = 1 µmol/min) */
static const UnitFactor enzyme_units[] = {
  { "U/L", 1 }, { "IU/L", 1 }, { "ukat/L", 60 }, { NULL },
};

static const UnitFactor bilirubin_units[] = {
  { "umol/L", 1 }, { "mg/dL", 17.1 }, { NULL },
};

static const UnitFactor creatinine_units[] = {
  { "umol/L", 1 }, { "mg/dL", 88.4 }, { NULL },
};

static const UnitFactor ratio_units[] = {
  { "ratio", 1 }, { NULL },
};

static const UnitFactor time_units[] = {
  { "s", 1 }, { "sec", 1 }, { NULL },
};

/* The ranges are wide on purpose: they reject what no living patient has — usually a
 * value typed in one unit and labelled with another — not what is merely alarming. */
static const LabTest lab_tests[] = {
  { "NEUT", N_("Neutrophils"), "10^9/L", 0, 1000, FALSE, count_units },
  { "PLAT", N_("Platelets"), "10^9/L", 0, 5000, FALSE, count_units },
  { "WBC", N_("Leukocytes"), "10^9/L", 0, 2000, FALSE, count_units },
  { "LYM", N_("Lymphocytes"), "10^9/L", 0, 2000, FALSE, count_units },
  { "HGB", N_("Hemoglobin"), "g/L", 10, 300, FALSE, hemoglobin_units },
  { "ALT", N_("Alanine aminotransferase"), "U/L", 0, 50000, FALSE, enzyme_units },
  { "AST", N_("Aspartate aminotransferase"), "U/L", 0, 50000, FALSE, enzyme_units },
  { "BILI", N_("Bilirubin"), "umol/L", 0, 2000, FALSE, bilirubin_units },
  { "CREAT", N_("Creatinine"), "umol/L", 10, 5000, FALSE, creatinine_units },
  { "INR", N_("INR"), "ratio", 0.5, 50, TRUE, ratio_units },
  { "PT", N_("Prothrombin time"), "s", 5, 300, FALSE, time_units },
  { "APTT", N_("Activated partial thromboplastin time"), "s", 10, 600, FALSE, time_units },
};

static const LabTest *
find_lab_test (const char  *test_code,
               GError     **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (lab_tests); i++)
    if (strcmp (lab_tests[i].test_code, test_code) == 0)
      return &lab_tests[i];

  if (strcmp (test_code, "PLT") == 0)
    g_set_error_literal (error, STROMA_DOSING_ERROR, STROMA_DOSING_ERROR_UNKNOWN_TEST,
                         _("Unknown test code “PLT”: the CDISC code for platelets is PLAT."));
  else
    g_set_error (error, STROMA_DOSING_ERROR, STROMA_DOSING_ERROR_UNKNOWN_TEST,
                 _("Unknown laboratory test code “%s”."), test_code);
  return NULL;
}

/* The spelling-independent form of a unit: ASCII lowercase, no spaces, carets or
 * asterisks; micro and Greek mu as "u"; superscript digits as digits; "x10^9" and
 * "10e9" as "109". So "10⁹/L", "x10^9/l" and "10*9/L" all read "109/l". */
static char *
normalize_unit (const char *unit)
{
  GString *out = g_string_new (NULL);
  const char *p;

  for (p = unit; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      switch (c)
        {
        case ' ': case '\t': case '^': case '*':
          break;
        case 0x00B5: case 0x03BC:   /* µ μ */
          g_string_append_c (out, 'u');
          break;
        case 0x00D7:                /* × */
          g_string_append_c (out, 'x');
          break;
        case 0x00B9:
          g_string_append_c (out, '1');
          break;
        case 0x00B2: case 0x00B3:
          g_string_append_c (out, '0' + (c - 0x00B0));
          break;
        case 0x2070: case 0x2074: case 0x2075: case 0x2076: case 0x2077: case 0x2078:
        case 0x2079:
          g_string_append_c (out, '0' + (c - 0x2070));
          break;
        default:
          if (c < 0x80)
            g_string_append_c (out, g_ascii_tolower ((char) c));
          else
            g_string_append_len (out, p, g_utf8_next_char (p) - p);
        }
    }

  if (out->len > 1 && out->str[0] == 'x' && g_ascii_isdigit (out->str[1]))
    g_string_erase (out, 0, 1);
  if (g_str_has_prefix (out->str, "10e") && out->len > 3 && g_ascii_isdigit (out->str[3]))
    g_string_erase (out, 2, 1);

  return g_string_free (out, FALSE);
}

static char *
accepted_units (const LabTest *test)
{
  GString *list = g_string_new (NULL);

  for (const UnitFactor *u = test->units; u->unit; u++)
    {
      if (list->len > 0)
        g_string_append (list, ", ");
      g_string_append (list, u->unit);
    }

  return g_string_free (list, FALSE);
}

/**
 * stroma_lab_canonical_unit:
 * @test_code: a CDISC LBTESTCD
 *
 * Returns: (nullable): the unit Stroma stores @test_code in (10^9/L, g/L, U/L, umol/L,
 *   ratio or s), or %NULL for a test it does not know
 */
const char *
stroma_lab_canonical_unit (const char *test_code)
{
  const LabTest *test;

  g_return_val_if_fail (test_code != NULL, NULL);

  test = find_lab_test (test_code, NULL);

  return test ? test->canonical_unit : NULL;
}

/**
 * stroma_lab_units:
 * @test_code: a CDISC LBTESTCD
 *
 * Returns: (transfer full) (nullable): the units a value of @test_code may be entered
 *   in, canonical first, or %NULL for a test Stroma does not know
 */
GStrv
stroma_lab_units (const char *test_code)
{
  g_autoptr(GStrvBuilder) builder = NULL;
  const LabTest *test;

  g_return_val_if_fail (test_code != NULL, NULL);

  if (!(test = find_lab_test (test_code, NULL)))
    return NULL;

  builder = g_strv_builder_new ();
  for (const UnitFactor *u = test->units; u->unit; u++)
    g_strv_builder_add (builder, u->unit);

  return g_strv_builder_end (builder);
}

static gboolean
convert (const LabTest  *test,
         double          value,
         const char     *unit,
         double         *canonical,
         GError        **error)
{
  g_autofree char *key = NULL;
  const UnitFactor *match = NULL;
  double converted;

  if (unit == NULL || *unit == '\0')
    {
      if (test->unit_optional)
        match = &test->units[0];
      else
        {
          g_autofree char *list = accepted_units (test);

          g_set_error (error, STROMA_DOSING_ERROR, STROMA_DOSING_ERROR_UNKNOWN_UNIT,
                       /* Translators: the first %s is a test ("Neutrophils"), the second
                        * a list of units */
                       _("Enter the unit of the %s value (one of %s)."),
                       _(test->name), list);
          return FALSE;
        }
    }
  else
    {
      key = normalize_unit (unit);
      for (const UnitFactor *u = test->units; u->unit && !match; u++)
        {
          g_autofree char *candidate = normalize_unit (u->unit);

          if (strcmp (key, candidate) == 0)
            match = u;
        }

      if (match == NULL)
        {
          g_autofree char *list = accepted_units (test);

          g_set_error (error, STROMA_DOSING_ERROR, STROMA_DOSING_ERROR_UNKNOWN_UNIT,
                       /* Translators: "“mg/L” is not a unit for Hemoglobin: use one of
                        * g/L, g/dL, mmol/L." */
                       _("“%s” is not a unit for %s: use one of %s."),
                       unit, _(test->name), list);
          return FALSE;
        }
    }

  converted = value * match->factor;

  if ((converted < test->min || converted > test->max) && test->unit_optional)
    {
      g_set_error (error, STROMA_DOSING_ERROR, STROMA_DOSING_ERROR_IMPLAUSIBLE,
                   /* Translators: "INR of 0.1 is not physiologically possible (0.5 to 50):
                    * check the value." */
                   _("%s of %g is not physiologically possible (%g to %g): check the "
                     "value."),
                   _(test->name), value, test->min, test->max);
      return FALSE;
    }

  if (converted < test->min || converted > test->max)
    {
      g_set_error (error, STROMA_DOSING_ERROR, STROMA_DOSING_ERROR_IMPLAUSIBLE,
                   /* Translators: "Hemoglobin of 8.5 g/L is not physiologically possible
                    * (10 to 300 g/L): check the value and its unit." */
                   _("%s of %g %s is not physiologically possible (%g to %g %s): check "
                     "the value and its unit."),
                   _(test->name), value, match->unit, test->min, test->max,
                   test->canonical_unit);
      return FALSE;
    }

  *canonical = converted;

  return TRUE;
}

/**
 * stroma_lab_value_convert:
 * @test_code: a CDISC LBTESTCD, e.g. "NEUT"
 * @value: the value as reported
 * @unit: (nullable): the unit it was reported in, e.g. "/µL"
 * @canonical: (out): the value in the canonical unit
 * @canonical_unit: (out) (optional) (transfer none): the canonical unit
 * @error: return location for a #GError
 *
 * Converts a reported laboratory value to the unit Stroma stores and grades it in,
 * rejecting negative and non-finite values, units that do not belong to the test and
 * values no patient can have.
 *
 * Returns: %TRUE on success
 */
gboolean
stroma_lab_value_convert (const char  *test_code,
                          double       value,
                          const char  *unit,
                          double      *canonical,
                          const char **canonical_unit,
                          GError     **error)
{
  const LabTest *test;

  g_return_val_if_fail (test_code != NULL, FALSE);
  g_return_val_if_fail (canonical != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!(test = find_lab_test (test_code, error)))
    return FALSE;

  if (!isfinite (value))
    {
      g_set_error (error, STROMA_DOSING_ERROR, STROMA_DOSING_ERROR_NOT_FINITE,
                   _("%s must be a finite number."), _(test->name));
      return FALSE;
    }

  if (value < 0)
    {
      g_set_error (error, STROMA_DOSING_ERROR, STROMA_DOSING_ERROR_NEGATIVE,
                   _("%s cannot be negative (%g)."), _(test->name), value);
      return FALSE;
    }

  if (!convert (test, value, unit, canonical, error))
    return FALSE;

  if (canonical_unit != NULL)
    *canonical_unit = test->canonical_unit;

  return TRUE;
}

/* The length of the decimal number at the start of @s: [+-]digits[.digits][e[+-]digits].
 * Stricter than strtod, which also takes hex, "inf" and "nan". */
static gsize
scan_decimal (const char *s)
{
  gsize i = 0, digits = 0;

  if (s[i] == '+' || s[i] == '-')
    i++;
  for (; g_ascii_isdigit (s[i]); i++)
    digits++;
  if (s[i] == '.')
    for (i++; g_ascii_isdigit (s[i]); i++)
      digits++;
  if (digits == 0)
    return 0;

  if (s[i] == 'e' || s[i] == 'E')
    {
      gsize j = i + 1;

      if (s[j] == '+' || s[j] == '-')
        j++;
      if (g_ascii_isdigit (s[j]))
        {
          while (g_ascii_isdigit (s[j]))
            j++;
          i = j;
        }
    }

  return i;
}

/**
 * stroma_lab_value_parse:
 * @test_code: a CDISC LBTESTCD, e.g. "HGB"
 * @text: the value as typed or imported, e.g. "8.5"
 * @unit: (nullable): its unit, e.g. "g/dL"
 * @canonical: (out): the value in the canonical unit, e.g. 85
 * @canonical_unit: (out) (optional) (transfer none): the canonical unit, e.g. "g/L"
 * @error: return location for a #GError
 *
 * Validates a laboratory value as entered: a plain decimal number (a dot as decimal
 * separator, an optional exponent), nothing after it, not negative, finite, in a unit
 * known for the test and within what is physiologically possible. Each failure has its
 * own error code and a message that says what to fix.
 *
 * Returns: %TRUE if @text is a valid value
 */
gboolean
stroma_lab_value_parse (const char  *test_code,
                        const char  *text,
                        const char  *unit,
                        double      *canonical,
                        const char **canonical_unit,
                        GError     **error)
{
  g_autofree char *trimmed = NULL;
  const LabTest *test;
  double value;
  gsize length;

  g_return_val_if_fail (test_code != NULL, FALSE);
  g_return_val_if_fail (canonical != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!(test = find_lab_test (test_code, error)))
    return FALSE;

  trimmed = g_strstrip (g_strdup (text ? text : ""));

  if (*trimmed == '\0')
    {
      g_set_error (error, STROMA_DOSING_ERROR, STROMA_DOSING_ERROR_EMPTY,
                   _("Enter a value for %s."), _(test->name));
      return FALSE;
    }

  if (strchr ("<>", *trimmed) || g_str_has_prefix (trimmed, "≤") ||
      g_str_has_prefix (trimmed, "≥"))
    {
      g_set_error (error, STROMA_DOSING_ERROR, STROMA_DOSING_ERROR_CENSORED,
                   _("“%s” is a reporting limit, not a measured value: record the "
                     "number the laboratory measured."), trimmed);
      return FALSE;
    }

  length = scan_decimal (trimmed);

  if (length == 0)
    {
      const char *word = trimmed + (*trimmed == '+' || *trimmed == '-');

      if (g_ascii_strcasecmp (word, "inf") == 0 ||
          g_ascii_strcasecmp (word, "infinity") == 0 ||
          g_ascii_strcasecmp (word, "nan") == 0)
        g_set_error (error, STROMA_DOSING_ERROR, STROMA_DOSING_ERROR_NOT_FINITE,
                     _("%s must be a finite number, not “%s”."), _(test->name), trimmed);
      else
        g_set_error (error, STROMA_DOSING_ERROR, STROMA_DOSING_ERROR_NOT_A_NUMBER,
                     _("“%s” is not a number."), trimmed);
      return FALSE;
    }

  if (trimmed[length] != '\0')
    {
      if (trimmed[length] == ',' && g_ascii_isdigit (trimmed[length + 1]))
        g_set_error (error, STROMA_DOSING_ERROR, STROMA_DOSING_ERROR_TRAILING_TEXT,
                     _("“%s” has a comma: use a dot as the decimal separator."), trimmed);
      else
        g_set_error (error, STROMA_DOSING_ERROR, STROMA_DOSING_ERROR_TRAILING_TEXT,
                     _("Unexpected “%s” after the number %.*s: enter the number alone, "
                       "and its unit in the unit field."),
                     trimmed + length, (int) length, trimmed);
      return FALSE;
    }

  value = g_ascii_strtod (trimmed, NULL);

  if (!isfinite (value))
    {
      g_set_error (error, STROMA_DOSING_ERROR, STROMA_DOSING_ERROR_NOT_FINITE,
                   _("%s must be a finite number, not “%s”."), _(test->name), trimmed);
      return FALSE;
    }

  if (value < 0)
    {
      g_set_error (error, STROMA_DOSING_ERROR, STROMA_DOSING_ERROR_NEGATIVE,
                   _("%s cannot be negative (%s)."), _(test->name), trimmed);
      return FALSE;
    }

  if (!convert (test, value, unit, canonical, error))
    return FALSE;

  if (canonical_unit != NULL)
    *canonical_unit = test->canonical_unit;

  return TRUE;
}
