/* test-dosing.c — BSA, doses, schedules and laboratory units
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "core/stroma-dosing.h"

#define assert_close(a, b, tol) g_assert_cmpfloat_with_epsilon ((a), (b), (tol))

static void
assert_relative (double actual,
                 double expected)
{
  assert_close (actual, expected, 1e-12 * fabs (expected));
}

/* BSA */

static void
test_bsa_oracles (void)
{
  /* DOMAIN.md §2.1 and §2.3 */
  static const struct {
    double           height, weight;
    StromaBsaFormula formula;
    double           bsa;
  } cases[] = {
    { 175, 70, STROMA_BSA_MOSTELLER, 1.8447 },
    { 175, 70, STROMA_BSA_DUBOIS, 1.8481 },
    { 170, 70, STROMA_BSA_MOSTELLER, 1.8181 },
    { 170, 70, STROMA_BSA_DUBOIS, 1.8097 },
    { 160, 50, STROMA_BSA_MOSTELLER, 1.4907 },
    { 160, 50, STROMA_BSA_DUBOIS, 1.5011 },
    { 180, 90, STROMA_BSA_MOSTELLER, 2.1213 },
    { 180, 90, STROMA_BSA_DUBOIS, 2.0989 },
    { 100, 16, STROMA_BSA_MOSTELLER, 0.6667 },
    { 170, 60, STROMA_BSA_MOSTELLER, 1.6833 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      double bsa = 0;

      g_test_message ("%g cm, %g kg, formula %d", cases[i].height, cases[i].weight,
                      cases[i].formula);
      g_assert_true (stroma_bsa (cases[i].formula, cases[i].height, cases[i].weight, &bsa,
                                 &error));
      g_assert_no_error (error);
      assert_close (bsa, cases[i].bsa, 5e-5);
    }
}

static void
test_bsa_third_party (void)
{
  double bsa;

  /* F8: a public calculator gives DuBois (175 cm, 70 kg) ≈ 1.687 m²; it is 1.848. */
  g_assert_true (stroma_bsa (STROMA_BSA_DUBOIS, 175, 70, &bsa, NULL));
  g_assert_cmpfloat (fabs (bsa - 1.687), >, 0.15);
}

static void
test_bsa_formula_ids (void)
{
  static const StromaBsaFormula formulas[] = { STROMA_BSA_MOSTELLER, STROMA_BSA_DUBOIS };
  static const char * const bad[] = { "Mosteller", "haycock", "", "dubois " };

  g_assert_cmpstr (stroma_bsa_formula_to_string (STROMA_BSA_MOSTELLER), ==, "mosteller");
  g_assert_cmpstr (stroma_bsa_formula_to_string (STROMA_BSA_DUBOIS), ==, "dubois");

  for (guint i = 0; i < G_N_ELEMENTS (formulas); i++)
    {
      StromaBsaFormula parsed = 99;

      g_assert_true (stroma_bsa_formula_from_string (stroma_bsa_formula_to_string (formulas[i]),
                                                     &parsed, NULL));
      g_assert_cmpint (parsed, ==, formulas[i]);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      StromaBsaFormula parsed;

      g_assert_false (stroma_bsa_formula_from_string (bad[i], &parsed, &error));
      g_assert_error (error, STROMA_DOSING_ERROR, STROMA_DOSING_ERROR_UNKNOWN_FORMULA);
    }
}

static void
test_bsa_errors (void)
{
  static const struct { double height, weight; } cases[] = {
    { 0, 70 }, { -170, 70 }, { NAN, 70 }, { 1.7, 70 }, { 300, 70 },
    { 170, 0 }, { 170, 700 }, { 170, INFINITY }, { 170, NAN },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      double bsa;

      g_test_message ("%g cm, %g kg", cases[i].height, cases[i].weight);
      g_assert_false (stroma_bsa (STROMA_BSA_MOSTELLER, cases[i].height, cases[i].weight,
                                  &bsa, &error));
      g_assert_error (error, STROMA_DOSING_ERROR, STROMA_DOSING_ERROR_INVALID_MEASUREMENT);
    }
}

/* Doses: DOMAIN.md §2.3, 60 kg and 170 cm (Mosteller 1.6833 → 1.68 m²) */

static void
test_dose_worked_example (void)
{
  static const struct {
    const char     *agent;
    double          amount;
    StromaDoseBasis basis;
    double          dose;
  } cases[] = {
    { "Me-CCNU 250 mg/m²", 250, STROMA_DOSE_PER_M2, 420 },
    { "Ara-C 4 g/m²/d", 4, STROMA_DOSE_PER_M2, 6.72 },
    { "Cy 1.8 g/m²/d", 1.8, STROMA_DOSE_PER_M2, 3.024 },
    { "Bu 0.8 mg/kg/dose", 0.8, STROMA_DOSE_PER_KG, 48 },
    { "ATG 2.5 mg/kg/d", 2.5, STROMA_DOSE_PER_KG, 150 },
    { "Cy 60 mg/kg/d", 60, STROMA_DOSE_PER_KG, 3600 },
    { "MSC 1e6 cells/kg", 1e6, STROMA_DOSE_PER_KG, 6.0e7 },
    { "flat 1 tablet", 1, STROMA_DOSE_FLAT, 1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      StromaDoseCalculation calc;

      g_test_message ("%s", cases[i].agent);
      g_assert_true (stroma_dose_calculate (cases[i].amount, cases[i].basis, 60, 170, NULL,
                                            &calc, &error));
      g_assert_no_error (error);
      assert_relative (calc.dose, cases[i].dose);
      g_assert_cmpint (calc.basis, ==, cases[i].basis);

      if (cases[i].basis == STROMA_DOSE_PER_M2)
        {
          assert_close (calc.bsa_exact, 1.6833, 5e-5);
          g_assert_cmpfloat (calc.bsa_used, ==, 1.68);
          g_assert_cmpint (calc.bsa_formula, ==, STROMA_BSA_MOSTELLER);
        }
      else
        {
          g_assert_true (isnan (calc.bsa_exact));
          g_assert_true (isnan (calc.bsa_used));
        }
    }
}

static void
test_dose_bsa_rounding (void)
{
  static const struct {
    StromaBsaFormula formula;
    int              decimals;
    double           bsa_used;
  } cases[] = {
    { STROMA_BSA_MOSTELLER, 2, 1.68 },
    { STROMA_BSA_MOSTELLER, 1, 1.7 },
    { STROMA_BSA_MOSTELLER, 3, 1.683 },
    { STROMA_BSA_MOSTELLER, -1, 1.6832508230603465 },   /* √(170·60/3600) */
    { STROMA_BSA_DUBOIS, 2, 1.69 },                    /* DuBois 1.6949… */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      StromaDoseOptions options = { cases[i].formula, cases[i].decimals };
      StromaDoseCalculation calc;

      g_test_message ("formula %d, %d decimals", cases[i].formula, cases[i].decimals);
      g_assert_true (stroma_dose_calculate (250, STROMA_DOSE_PER_M2, 60, 170, &options,
                                            &calc, NULL));
      assert_relative (calc.bsa_used, cases[i].bsa_used);
      assert_relative (calc.dose, 250 * cases[i].bsa_used);
      g_assert_cmpint (calc.bsa_formula, ==, cases[i].formula);
    }
}

static void
test_dose_basis_ids (void)
{
  static const struct { StromaDoseBasis basis; const char *id; } cases[] = {
    { STROMA_DOSE_PER_KG, "kg" },
    { STROMA_DOSE_PER_M2, "m2" },
    { STROMA_DOSE_FLAT, "flat" },
  };
  static const char * const bad[] = { "mg/kg", "PER-KG", "" };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      StromaDoseBasis parsed = 99;

      g_assert_cmpstr (stroma_dose_basis_to_string (cases[i].basis), ==, cases[i].id);
      g_assert_true (stroma_dose_basis_from_string (cases[i].id, &parsed, NULL));
      g_assert_cmpint (parsed, ==, cases[i].basis);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      StromaDoseBasis parsed;

      g_assert_false (stroma_dose_basis_from_string (bad[i], &parsed, &error));
      g_assert_error (error, STROMA_DOSING_ERROR, STROMA_DOSING_ERROR_UNKNOWN_BASIS);
    }
}

static void
test_dose_errors (void)
{
  static const struct {
    double          amount;
    StromaDoseBasis basis;
    double          weight, height;
    int             code;
  } cases[] = {
    { 0, STROMA_DOSE_PER_KG, 60, 170, STROMA_DOSING_ERROR_INVALID_DOSE },
    { -1, STROMA_DOSE_PER_KG, 60, 170, STROMA_DOSING_ERROR_INVALID_DOSE },
    { NAN, STROMA_DOSE_FLAT, 60, 170, STROMA_DOSING_ERROR_INVALID_DOSE },
    { 0.8, STROMA_DOSE_PER_KG, 0, 170, STROMA_DOSING_ERROR_INVALID_MEASUREMENT },
    { 0.8, STROMA_DOSE_PER_KG, NAN, 170, STROMA_DOSING_ERROR_INVALID_MEASUREMENT },
    { 250, STROMA_DOSE_PER_M2, 60, NAN, STROMA_DOSING_ERROR_INVALID_MEASUREMENT },
    { 250, STROMA_DOSE_PER_M2, 60, 1.7, STROMA_DOSING_ERROR_INVALID_MEASUREMENT },
  };
  StromaDoseCalculation calc;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;

      g_test_message ("case %u", i);
      g_assert_false (stroma_dose_calculate (cases[i].amount, cases[i].basis, cases[i].weight,
                                             cases[i].height, NULL, &calc, &error));
      g_assert_error (error, STROMA_DOSING_ERROR, cases[i].code);
    }

  /* a flat dose needs neither weight nor height; a dose per kg needs no height */
  g_assert_true (stroma_dose_calculate (5, STROMA_DOSE_FLAT, NAN, NAN, NULL, &calc, NULL));
  g_assert_cmpfloat (calc.dose, ==, 5);
  g_assert_true (stroma_dose_calculate (0.8, STROMA_DOSE_PER_KG, 60, NAN, NULL, &calc, NULL));
  assert_relative (calc.dose, 48);
}

static void
test_dose_deviation (void)
{
  static const struct {
    double   calculated, given, limit;
    gboolean exceeds;
  } cases[] = {
    { 420, 462, 0.10, FALSE },      /* exactly +10% is within the limit */
    { 420, 462.1, 0.10, TRUE },
    { 420, 378, 0.10, FALSE },      /* exactly −10% */
    { 0.5, 0.55, 0.10, FALSE },     /* in binary, 0.55 − 0.5 > 0.1 × 0.5 */
    { 0.8, 0.72, 0.10, FALSE },
    { 420, 377.9, 0.10, TRUE },
    { 420, 400, 0.05, FALSE },
    { 420, 395, 0.05, TRUE },
    { 48, 50, 0.10, FALSE },
    { 6e7, 6.6e7, 0.10, FALSE },
    { 6e7, 6.7e7, 0.10, TRUE },
    { 100, 100, 0, FALSE },
    { 100, 100.001, 0, TRUE },
    { 0, 10, 0.10, TRUE },          /* nothing to compare with */
    { 100, NAN, 0.10, TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("%g vs %g, limit %g", cases[i].calculated, cases[i].given,
                      cases[i].limit);
      g_assert_cmpint (stroma_dose_deviation_exceeds (cases[i].calculated, cases[i].given,
                                                      cases[i].limit), ==, cases[i].exceeds);
    }

  assert_close (stroma_dose_deviation (420, 441), 0.05, 1e-15);
  assert_close (stroma_dose_deviation (420, 399), -0.05, 1e-15);
  g_assert_true (isnan (stroma_dose_deviation (0, 1)));
  g_assert_cmpfloat (STROMA_DOSE_DEVIATION_LIMIT_DEFAULT, ==, 0.10);
}

/* Schedules */

static void
test_frequency_parse (void)
{
  static const struct { const char *text; guint hours; } good[] = {
    { "q6h", 6 }, { "Q6H", 6 }, { " q 12 h ", 12 }, { "q24h", 24 }, { "q1h", 1 },
    { "q168h", 168 }, { "q08h", 8 },
  };
  static const char * const bad[] = {
    "q0h", "q169h", "6h", "q6", "qh", "q6.5h", "every 6 hours", "", "q-6h", "qd",
    "q99999999999999999999h", "q6hh",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      guint hours = 0;

      g_test_message ("“%s”", good[i].text);
      g_assert_true (stroma_frequency_parse (good[i].text, &hours, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (hours, ==, good[i].hours);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      guint hours = 0;

      g_test_message ("“%s”", bad[i]);
      g_assert_false (stroma_frequency_parse (bad[i], &hours, &error));
      g_assert_error (error, STROMA_DOSING_ERROR, STROMA_DOSING_ERROR_INVALID_FREQUENCY);
    }
}

static void
test_frequency_round_trip (void)
{
  for (guint hours = 1; hours <= 168; hours++)
    {
      g_autofree char *text = stroma_frequency_to_string (hours);
      guint parsed = 0;

      g_assert_true (stroma_frequency_parse (text, &parsed, NULL));
      g_assert_cmpuint (parsed, ==, hours);
    }

  {
    g_autofree char *text = stroma_frequency_to_string (6);

    g_assert_cmpstr (text, ==, "q6h");
  }
}

static void
test_schedule_arithmetic (void)
{
  static const struct { guint hours, days, n_doses; double per_day; } counts[] = {
    { 6, 1, 4, 4 },
    { 6, 2, 8, 4 },        /* Bu q6h × 2 d */
    { 6, 4, 16, 4 },       /* Bu q6h × 4 d */
    { 8, 3, 9, 3 },
    { 12, 5, 10, 2 },
    { 24, 4, 4, 1 },
    { 48, 5, 3, 0.5 },     /* days 0, 2 and 4 */
    { 6, 0, 0, 4 },
  };
  static const struct { guint hours, dose, start, day; } days[] = {
    { 6, 1, 0, 0 }, { 6, 4, 0, 0 }, { 6, 5, 0, 1 }, { 6, 8, 0, 1 }, { 6, 9, 0, 2 },
    { 6, 16, 0, 3 },
    { 6, 1, 18, 0 }, { 6, 2, 18, 1 }, { 6, 5, 18, 1 }, { 6, 6, 18, 2 },
    { 24, 4, 8, 3 }, { 48, 3, 0, 4 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
    {
      g_test_message ("q%uh × %u d", counts[i].hours, counts[i].days);
      g_assert_cmpuint (stroma_schedule_n_doses (counts[i].hours, counts[i].days), ==,
                        counts[i].n_doses);
      g_assert_cmpfloat (stroma_schedule_doses_per_day (counts[i].hours), ==,
                         counts[i].per_day);
    }

  for (guint i = 0; i < G_N_ELEMENTS (days); i++)
    {
      g_test_message ("q%uh dose %u from %u:00", days[i].hours, days[i].dose, days[i].start);
      g_assert_cmpuint (stroma_schedule_dose_day (days[i].hours, days[i].dose, days[i].start),
                        ==, days[i].day);
    }

  /* DOMAIN.md §2.3: Bu 48 mg q6h: 8 doses 384 mg, 16 doses 768 mg; ATG 150 mg/d × 4 */
  assert_relative (stroma_schedule_total (48, 6, 2), 384);
  assert_relative (stroma_schedule_total (48, 6, 4), 768);
  assert_relative (stroma_schedule_total (150, 24, 4), 600);
  /* Bu 0.8 mg/kg q6h × 4 d is 12.8 mg/kg */
  assert_relative (stroma_schedule_total (0.8, 6, 4), 12.8);
}

/* Laboratory values */

typedef struct
{
  const char *code;
  const char *text;
  const char *unit;
  double      canonical;
  const char *canonical_unit;
} LabCase;

static const LabCase lab_cases[] = {
  { "HGB", "8.5", "g/dL", 85, "g/L" },
  { "HGB", "140", "g/L", 140, "g/L" },
  { "HGB", "8.7", "mmol/L", 87 / 0.6206, "g/L" },
  { "HGB", " 8.5 ", "g/dl", 85, "g/L" },
  { "HGB", "10", "g/L", 10, "g/L" },                   /* the plausible range is closed */
  { "HGB", "300", "g/L", 300, "g/L" },
  { "NEUT", "1500", "/mm3", 1.5, "10^9/L" },
  { "NEUT", "1500", "/µL", 1.5, "10^9/L" },
  { "NEUT", "1500", "cells/μL", 1.5, "10^9/L" },       /* Greek mu */
  { "NEUT", "1.5", "10^3/uL", 1.5, "10^9/L" },
  { "NEUT", "1.5", "10³/µL", 1.5, "10^9/L" },
  { "NEUT", "1.5", "x10^9/L", 1.5, "10^9/L" },
  { "NEUT", "1.5", "×10⁹/L", 1.5, "10^9/L" },
  { "NEUT", "1.5", "10e9/L", 1.5, "10^9/L" },
  { "NEUT", "0", "10^9/L", 0, "10^9/L" },
  { "NEUT", "1e3", "/uL", 1, "10^9/L" },
  { "PLAT", "75000", "/mm³", 75, "10^9/L" },
  { "PLAT", "75", "10*9/L", 75, "10^9/L" },
  { "PLAT", "75", "K/uL", 75, "10^9/L" },
  { "WBC", "4.2", "G/L", 4.2, "10^9/L" },
  { "LYM", "+0.8", "10^9/L", 0.8, "10^9/L" },
  { "CREAT", "1.0", "mg/dL", 88.4, "umol/L" },
  { "CREAT", "88", "µmol/L", 88, "umol/L" },            /* micro sign */
  { "CREAT", "88", "μmol/L", 88, "umol/L" },            /* Greek mu */
  { "CREAT", "88", "umol/L", 88, "umol/L" },
  { "BILI", "1.0", "mg/dL", 17.1, "umol/L" },
  { "BILI", "17", "umol/l", 17, "umol/L" },
  { "ALT", "40", "U/L", 40, "U/L" },
  { "AST", "40", "IU/L", 40, "U/L" },
  { "ALT", "0.5", "ukat/L", 30, "U/L" },
  { "INR", "1.1", NULL, 1.1, "ratio" },
  { "INR", "1.1", "", 1.1, "ratio" },
  { "INR", "1.1", "ratio", 1.1, "ratio" },
  { "APTT", "32", "s", 32, "s" },
  { "APTT", "32.5", "sec", 32.5, "s" },
  { "PT", "12.4", "s", 12.4, "s" },
};

static void
test_lab_conversions (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (lab_cases); i++)
    {
      const LabCase *c = &lab_cases[i];
      g_autoptr(GError) error = NULL;
      const char *canonical_unit = NULL;
      double canonical = -1;

      g_test_message ("%s “%s” %s", c->code, c->text, c->unit ? c->unit : "(no unit)");
      g_assert_true (stroma_lab_value_parse (c->code, c->text, c->unit, &canonical,
                                             &canonical_unit, &error));
      g_assert_no_error (error);
      assert_close (canonical, c->canonical, 1e-12 * MAX (1, c->canonical));
      g_assert_cmpstr (canonical_unit, ==, c->canonical_unit);
      g_assert_cmpstr (stroma_lab_canonical_unit (c->code), ==, c->canonical_unit);
    }
}

typedef struct
{
  const char *code;
  const char *text;
  const char *unit;
  int         error;
  const char *message_part;   /* what the message must name, so it says what to fix */
} LabErrorCase;

static const LabErrorCase lab_error_cases[] = {
  { "NEUT", "", "10^9/L", STROMA_DOSING_ERROR_EMPTY, "Neutrophils" },
  { "NEUT", "   ", "10^9/L", STROMA_DOSING_ERROR_EMPTY, "Neutrophils" },
  { "NEUT", NULL, "10^9/L", STROMA_DOSING_ERROR_EMPTY, "Neutrophils" },
  { "NEUT", "abc", "10^9/L", STROMA_DOSING_ERROR_NOT_A_NUMBER, "abc" },
  { "NEUT", ".", "10^9/L", STROMA_DOSING_ERROR_NOT_A_NUMBER, "." },
  { "NEUT", "-", "10^9/L", STROMA_DOSING_ERROR_NOT_A_NUMBER, "-" },
  { "NEUT", "−1", "10^9/L", STROMA_DOSING_ERROR_NOT_A_NUMBER, "−1" },   /* minus sign */
  { "NEUT", "1,5", "10^9/L", STROMA_DOSING_ERROR_TRAILING_TEXT, "dot" },
  { "HGB", "8.5 g/dL", "g/dL", STROMA_DOSING_ERROR_TRAILING_TEXT, "g/dL" },
  { "NEUT", "12abc", "10^9/L", STROMA_DOSING_ERROR_TRAILING_TEXT, "abc" },
  { "NEUT", "0x10", "10^9/L", STROMA_DOSING_ERROR_TRAILING_TEXT, "x10" },
  { "NEUT", "1.5.2", "10^9/L", STROMA_DOSING_ERROR_TRAILING_TEXT, ".2" },
  { "PLAT", "1 000", "/uL", STROMA_DOSING_ERROR_TRAILING_TEXT, "000" },
  { "NEUT", "<0.5", "10^9/L", STROMA_DOSING_ERROR_CENSORED, "<0.5" },
  { "PLAT", ">1000", "10^9/L", STROMA_DOSING_ERROR_CENSORED, ">1000" },
  { "NEUT", "≤0.1", "10^9/L", STROMA_DOSING_ERROR_CENSORED, "≤0.1" },
  { "NEUT", "nan", "10^9/L", STROMA_DOSING_ERROR_NOT_FINITE, "nan" },
  { "NEUT", "NaN", "10^9/L", STROMA_DOSING_ERROR_NOT_FINITE, "NaN" },
  { "NEUT", "inf", "10^9/L", STROMA_DOSING_ERROR_NOT_FINITE, "inf" },
  { "NEUT", "-Infinity", "10^9/L", STROMA_DOSING_ERROR_NOT_FINITE, "Infinity" },
  { "NEUT", "1e999", "10^9/L", STROMA_DOSING_ERROR_NOT_FINITE, "1e999" },
  { "NEUT", "-1", "10^9/L", STROMA_DOSING_ERROR_NEGATIVE, "-1" },
  { "HGB", "-0.5", "g/dL", STROMA_DOSING_ERROR_NEGATIVE, "Hemoglobin" },
  { "HGB", "8.5", "mg/L", STROMA_DOSING_ERROR_UNKNOWN_UNIT, "g/dL" },
  { "NEUT", "1.5", "g/dL", STROMA_DOSING_ERROR_UNKNOWN_UNIT, "10^9/L" },
  { "NEUT", "1.5", NULL, STROMA_DOSING_ERROR_UNKNOWN_UNIT, "10^9/L" },
  { "NEUT", "1.5", "", STROMA_DOSING_ERROR_UNKNOWN_UNIT, "10^9/L" },
  { "CREAT", "88", "mmol/L", STROMA_DOSING_ERROR_UNKNOWN_UNIT, "mg/dL" },
  { "HGB", "8.5", "g/L", STROMA_DOSING_ERROR_IMPLAUSIBLE, "8.5" },     /* meant g/dL */
  { "HGB", "35", "g/dL", STROMA_DOSING_ERROR_IMPLAUSIBLE, "35" },
  { "HGB", "300.1", "g/L", STROMA_DOSING_ERROR_IMPLAUSIBLE, "300.1" },
  { "NEUT", "1500", "10^9/L", STROMA_DOSING_ERROR_IMPLAUSIBLE, "1500" }, /* meant /µL */
  { "PLAT", "150000", "10^9/L", STROMA_DOSING_ERROR_IMPLAUSIBLE, "150000" },
  { "CREAT", "0.9", "umol/L", STROMA_DOSING_ERROR_IMPLAUSIBLE, "0.9" },  /* meant mg/dL */
  { "INR", "0.1", NULL, STROMA_DOSING_ERROR_IMPLAUSIBLE, "0.1" },
  { "APTT", "3200", "s", STROMA_DOSING_ERROR_IMPLAUSIBLE, "3200" },
  { "PLT", "75", "10^9/L", STROMA_DOSING_ERROR_UNKNOWN_TEST, "PLAT" },
  { "GLUC", "5", "mmol/L", STROMA_DOSING_ERROR_UNKNOWN_TEST, "GLUC" },
};

static void
test_lab_parse_errors (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (lab_error_cases); i++)
    {
      const LabErrorCase *c = &lab_error_cases[i];
      g_autoptr(GError) error = NULL;
      const char *canonical_unit = "untouched";
      double canonical = -1;

      g_test_message ("%s “%s” %s", c->code, c->text ? c->text : "(null)",
                      c->unit ? c->unit : "(no unit)");
      g_assert_false (stroma_lab_value_parse (c->code, c->text, c->unit, &canonical,
                                              &canonical_unit, &error));
      g_assert_error (error, STROMA_DOSING_ERROR, c->error);
      g_test_message ("→ %s", error->message);
      g_assert_nonnull (strstr (error->message, c->message_part));
      g_assert_cmpfloat (canonical, ==, -1);
      g_assert_cmpstr (canonical_unit, ==, "untouched");
    }
}

static void
test_lab_convert (void)
{
  static const struct { const char *code; double value; const char *unit; int error; } bad[] = {
    { "NEUT", NAN, "10^9/L", STROMA_DOSING_ERROR_NOT_FINITE },
    { "NEUT", INFINITY, "10^9/L", STROMA_DOSING_ERROR_NOT_FINITE },
    { "NEUT", -0.1, "10^9/L", STROMA_DOSING_ERROR_NEGATIVE },
    { "NEUT", 1.5, "mg/dL", STROMA_DOSING_ERROR_UNKNOWN_UNIT },
    { "HGB", 8.5, "g/L", STROMA_DOSING_ERROR_IMPLAUSIBLE },
    { "PLT", 75, "10^9/L", STROMA_DOSING_ERROR_UNKNOWN_TEST },
  };
  const char *unit = NULL;
  double canonical = 0;

  g_assert_true (stroma_lab_value_convert ("PLAT", 75000, "/uL", &canonical, &unit, NULL));
  assert_relative (canonical, 75);
  g_assert_cmpstr (unit, ==, "10^9/L");
  g_assert_true (stroma_lab_value_convert ("HGB", 8.5, "g/dL", &canonical, NULL, NULL));
  assert_relative (canonical, 85);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_test_message ("%s %g %s", bad[i].code, bad[i].value, bad[i].unit);
      g_assert_false (stroma_lab_value_convert (bad[i].code, bad[i].value, bad[i].unit,
                                                &canonical, &unit, &error));
      g_assert_error (error, STROMA_DOSING_ERROR, bad[i].error);
    }
}

static void
test_lab_units (void)
{
  static const char * const hgb[] = { "g/L", "g/dL", "mmol/L", NULL };
  g_auto(GStrv) units = stroma_lab_units ("HGB");
  static const char * const codes[] = {
    "NEUT", "PLAT", "WBC", "LYM", "HGB", "ALT", "AST", "BILI", "CREAT", "INR", "PT", "APTT",
  };

  g_assert_nonnull (units);
  g_assert_true (g_strv_equal ((const char * const *) units, hgb));
  g_assert_null (stroma_lab_units ("PLT"));
  g_assert_null (stroma_lab_canonical_unit ("PLT"));

  /* every test lists its canonical unit first, and accepts it */
  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    {
      g_auto(GStrv) list = stroma_lab_units (codes[i]);
      const char *canonical = stroma_lab_canonical_unit (codes[i]);
      double value;

      g_assert_nonnull (list);
      g_assert_nonnull (canonical);
      g_assert_cmpstr (list[0], ==, canonical);
      g_assert_true (stroma_lab_value_parse (codes[i], "20", canonical, &value, NULL, NULL));
      g_assert_cmpfloat (value, ==, 20);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/dosing/bsa/oracles", test_bsa_oracles);
  g_test_add_func ("/dosing/bsa/third-party", test_bsa_third_party);
  g_test_add_func ("/dosing/bsa/formula-ids", test_bsa_formula_ids);
  g_test_add_func ("/dosing/bsa/errors", test_bsa_errors);
  g_test_add_func ("/dosing/dose/worked-example", test_dose_worked_example);
  g_test_add_func ("/dosing/dose/bsa-rounding", test_dose_bsa_rounding);
  g_test_add_func ("/dosing/dose/basis-ids", test_dose_basis_ids);
  g_test_add_func ("/dosing/dose/errors", test_dose_errors);
  g_test_add_func ("/dosing/dose/deviation", test_dose_deviation);
  g_test_add_func ("/dosing/schedule/frequency-parse", test_frequency_parse);
  g_test_add_func ("/dosing/schedule/frequency-round-trip", test_frequency_round_trip);
  g_test_add_func ("/dosing/schedule/arithmetic", test_schedule_arithmetic);
  g_test_add_func ("/dosing/lab/conversions", test_lab_conversions);
  g_test_add_func ("/dosing/lab/parse-errors", test_lab_parse_errors);
  g_test_add_func ("/dosing/lab/convert", test_lab_convert);
  g_test_add_func ("/dosing/lab/units", test_lab_units);

  return g_test_run ();
}
