/* stroma-ctcae.c — CTCAE v5.0 grades of laboratory values
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "stroma-ctcae"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "stroma-ctcae.h"

/* The criteria follow the pharmaverse admiral metadata (ncictcaev5.json): grades are
 * tried from the worst down and the first one met wins; values and limits are both
 * rounded to 15 significant digits before comparing, so that 3 × 14 is 42. Where
 * admiral cannot know the clinical context (is the subject on anticoagulation?) it
 * takes the worst case; Stroma does the same when told nothing, and follows the
 * CTCAE text when told. One deliberate difference: a high baseline without a
 * baseline value gives no grade, where admiral falls through to grade 0. */

#define SIGNIFICANT_DIGITS 15

typedef enum
{
  CMP_LESS,
  CMP_GREATER,
  CMP_GREATER_EQUAL,
} Comparison;

typedef enum
{
  REF_ABSOLUTE,
  REF_LLN,
  REF_ULN,
  REF_BASELINE,
} Reference;

typedef enum
{
  WHEN_ALWAYS,
  WHEN_BASELINE_NORMAL,
  WHEN_BASELINE_HIGH,
  WHEN_ANTICOAGULATED,          /* known to be on anticoagulation */
  WHEN_NOT_ANTICOAGULATED,      /* not known to be on it */
  WHEN_ANTICOAGULATION_UNKNOWN,
} Condition;

typedef struct
{
  const char *text;       /* NULL ends the list */
  Comparison  comparison;
  Reference   reference;
  double      factor;     /* the threshold itself for REF_ABSOLUTE */
  Condition   when;
  gboolean    required;   /* an unknown reference means "no grade", not "not met" */
} Criterion;

typedef struct
{
  const char *test_code;
  const char *term;
  const char *unit;
  gboolean    requires_uln;
  Criterion   grades[4][3];   /* grade 4, 3, 2, 1; up to three alternatives each */
} Term;

#define ABS_BELOW(t, text) { text, CMP_LESS, REF_ABSOLUTE, t, WHEN_ALWAYS, TRUE }
#define BELOW_LLN(text) { text, CMP_LESS, REF_LLN, 1, WHEN_ALWAYS, TRUE }
#define ULN_ABOVE(k, when, text) { text, CMP_GREATER, REF_ULN, k, when, TRUE }
#define BASE_ABOVE(k, when, text) { text, CMP_GREATER, REF_BASELINE, k, when, TRUE }

#define DECREASING(code, term, unit, t4, t3, t2)                                         \
  { code, term, unit, FALSE, {                                                          \
      { ABS_BELOW (t4, "<" #t4 " × 10⁹/L") },                                           \
      { ABS_BELOW (t3, "<" #t3 " – " #t4 " × 10⁹/L") },                                 \
      { ABS_BELOW (t2, "<" #t2 " – " #t3 " × 10⁹/L") },                                 \
      { BELOW_LLN ("<LLN – " #t2 " × 10⁹/L") } } }

/* ALT and AST share their text; bilirubin differs in its multipliers and in grade 1 of
 * an abnormal baseline (> 1.0 × baseline rather than ≥ 1.5 × baseline). */
#define AMINOTRANSFERASE(code, term)                                                    \
  { code, term, "U/L", TRUE, {                                                          \
      { ULN_ABOVE (20, WHEN_BASELINE_NORMAL, ">20.0 × ULN"),                            \
        BASE_ABOVE (20, WHEN_BASELINE_HIGH, ">20.0 × baseline") },                      \
      { ULN_ABOVE (5, WHEN_BASELINE_NORMAL, ">5.0 – 20.0 × ULN"),                       \
        BASE_ABOVE (5, WHEN_BASELINE_HIGH, ">5.0 – 20.0 × baseline") },                 \
      { ULN_ABOVE (3, WHEN_BASELINE_NORMAL, ">3.0 – 5.0 × ULN"),                        \
        BASE_ABOVE (3, WHEN_BASELINE_HIGH, ">3.0 – 5.0 × baseline") },                  \
      { ULN_ABOVE (1, WHEN_BASELINE_NORMAL, ">ULN – 3.0 × ULN"),                        \
        { "1.5 – 3.0 × baseline", CMP_GREATER_EQUAL, REF_BASELINE, 1.5,                 \
          WHEN_BASELINE_HIGH, TRUE } } } }

static const Term terms[] = {
  DECREASING ("NEUT", "Neutrophil count decreased", "10^9/L", 0.5, 1.0, 1.5),
  DECREASING ("PLAT", "Platelet count decreased", "10^9/L", 25.0, 50.0, 75.0),
  DECREASING ("WBC", "White blood cell decreased", "10^9/L", 1.0, 2.0, 3.0),
  DECREASING ("LYM", "Lymphocyte count decreased", "10^9/L", 0.2, 0.5, 0.8),

  /* Grade 4 anemia is clinical ("life-threatening consequences"), not a value. */
  { "HGB", "Anemia", "g/L", FALSE, {
      { { NULL } },
      { ABS_BELOW (80, "<80 g/L") },
      { ABS_BELOW (100, "<100 – 80 g/L") },
      { BELOW_LLN ("<LLN – 100 g/L") } } },

  AMINOTRANSFERASE ("ALT", "Alanine aminotransferase increased"),
  AMINOTRANSFERASE ("AST", "Aspartate aminotransferase increased"),

  { "BILI", "Blood bilirubin increased", "umol/L", TRUE, {
      { ULN_ABOVE (10, WHEN_BASELINE_NORMAL, ">10.0 × ULN"),
        BASE_ABOVE (10, WHEN_BASELINE_HIGH, ">10.0 × baseline") },
      { ULN_ABOVE (3, WHEN_BASELINE_NORMAL, ">3.0 – 10.0 × ULN"),
        BASE_ABOVE (3, WHEN_BASELINE_HIGH, ">3.0 – 10.0 × baseline") },
      { ULN_ABOVE (1.5, WHEN_BASELINE_NORMAL, ">1.5 – 3.0 × ULN"),
        BASE_ABOVE (1.5, WHEN_BASELINE_HIGH, ">1.5 – 3.0 × baseline") },
      { ULN_ABOVE (1, WHEN_BASELINE_NORMAL, ">ULN – 1.5 × ULN"),
        BASE_ABOVE (1, WHEN_BASELINE_HIGH, ">1.0 – 1.5 × baseline") } } },

  /* Grades 2 and 3 can also be met against baseline; a missing ULN or baseline just
   * leaves that alternative out, as admiral does, except for grade 1. */
  { "CREAT", "Creatinine increased", "umol/L", FALSE, {
      { { ">6.0 × ULN", CMP_GREATER, REF_ULN, 6, WHEN_ALWAYS, FALSE } },
      { { ">3.0 – 6.0 × ULN", CMP_GREATER, REF_ULN, 3, WHEN_ALWAYS, FALSE },
        { ">3.0 × baseline", CMP_GREATER, REF_BASELINE, 3, WHEN_ALWAYS, FALSE } },
      { { ">1.5 – 3.0 × ULN", CMP_GREATER, REF_ULN, 1.5, WHEN_ALWAYS, FALSE },
        { ">1.5 – 3.0 × baseline", CMP_GREATER, REF_BASELINE, 1.5, WHEN_ALWAYS, FALSE } },
      { ULN_ABOVE (1, WHEN_ALWAYS, ">ULN – 1.5 × ULN") } } },

  /* "If on anticoagulation" the baseline multiples replace the absolute limits. When
   * that is unknown both apply, as in admiral: the baseline alternative is skipped
   * if there is no baseline, except that grade 0 then cannot be told from grade 1.
   * There is no grade 4. */
  { "INR", "INR increased", "ratio", FALSE, {
      { { NULL } },
      { { ">2.5", CMP_GREATER, REF_ABSOLUTE, 2.5, WHEN_NOT_ANTICOAGULATED, TRUE },
        BASE_ABOVE (2.5, WHEN_ANTICOAGULATED, ">2.5 × baseline"),
        { ">2.5 × baseline", CMP_GREATER, REF_BASELINE, 2.5,
          WHEN_ANTICOAGULATION_UNKNOWN, FALSE } },
      { { ">1.5 – 2.5", CMP_GREATER, REF_ABSOLUTE, 1.5, WHEN_NOT_ANTICOAGULATED, TRUE },
        BASE_ABOVE (1.5, WHEN_ANTICOAGULATED, ">1.5 – 2.5 × baseline"),
        { ">1.5 – 2.5 × baseline", CMP_GREATER, REF_BASELINE, 1.5,
          WHEN_ANTICOAGULATION_UNKNOWN, FALSE } },
      { { ">1.2 – 1.5", CMP_GREATER, REF_ABSOLUTE, 1.2, WHEN_NOT_ANTICOAGULATED, TRUE },
        BASE_ABOVE (1, WHEN_ANTICOAGULATED, ">1 – 1.5 × baseline"),
        BASE_ABOVE (1, WHEN_ANTICOAGULATION_UNKNOWN, ">1 – 1.5 × baseline") } } },

  { "APTT", "Activated partial thromboplastin time prolonged", "s", TRUE, {
      { { NULL } },
      { ULN_ABOVE (2.5, WHEN_ALWAYS, ">2.5 × ULN") },
      { ULN_ABOVE (1.5, WHEN_ALWAYS, ">1.5 – 2.5 × ULN") },
      { ULN_ABOVE (1, WHEN_ALWAYS, ">ULN – 1.5 × ULN") } } },
};

G_DEFINE_QUARK (stroma-ctcae-error-quark, stroma_ctcae_error)

static const Term *
find_term (const char *test_code)
{
  for (guint i = 0; i < G_N_ELEMENTS (terms); i++)
    if (strcmp (terms[i].test_code, test_code) == 0)
      return &terms[i];

  return NULL;
}

/* R's signif (x, 15): round to 15 significant digits, through the decimal text so that
 * the result is the double nearest the rounded decimal. */
static double
signif (double x)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (x == 0 || !isfinite (x))
    return x;

  g_ascii_formatd (buffer, sizeof buffer, "%.14e", x);

  return g_ascii_strtod (buffer, NULL);
}

static gboolean
condition_holds (Condition                   when,
                 const StromaCtcaeReference *reference)
{
  switch (when)
    {
    case WHEN_ALWAYS:
      return TRUE;
    case WHEN_BASELINE_NORMAL:
      return !reference->baseline_high;
    case WHEN_BASELINE_HIGH:
      return reference->baseline_high;
    case WHEN_ANTICOAGULATED:
      return reference->anticoagulation == STROMA_CTCAE_ANTICOAGULATION_ON;
    case WHEN_NOT_ANTICOAGULATED:
      return reference->anticoagulation != STROMA_CTCAE_ANTICOAGULATION_ON;
    case WHEN_ANTICOAGULATION_UNKNOWN:
      return reference->anticoagulation == STROMA_CTCAE_ANTICOAGULATION_UNKNOWN;
    default:
      g_assert_not_reached ();
    }
}

static double
limit_of (const Criterion            *criterion,
          const StromaCtcaeReference *reference)
{
  switch (criterion->reference)
    {
    case REF_ABSOLUTE:
      return criterion->factor;
    case REF_LLN:
      return criterion->factor * reference->lln;
    case REF_ULN:
      return criterion->factor * reference->uln;
    case REF_BASELINE:
      return criterion->factor * reference->baseline;
    default:
      g_assert_not_reached ();
    }
}

static gboolean
compare (Comparison comparison,
         double     value,
         double     limit)
{
  switch (comparison)
    {
    case CMP_LESS:
      return value < limit;
    case CMP_GREATER:
      return value > limit;
    case CMP_GREATER_EQUAL:
      return value >= limit;
    default:
      g_assert_not_reached ();
    }
}

/* compare (signif (value), signif (limit)), without formatting numbers in the common case.
 * Rounding to 15 significant digits is monotonic and moves a value by at most half a unit of
 * its 15th digit, so two values further apart than a few such units compare the same rounded
 * or not: only near-ties need the rounding, which costs two printf/strtod round trips. */
static gboolean
compare_rounded (Comparison comparison,
                 double     value,
                 double     limit)
{
  if (fabs (value - limit) > 1e-12 * MAX (fabs (value), fabs (limit)))
    return compare (comparison, value, limit);

  return compare (comparison, signif (value), signif (limit));
}

static gboolean
check_reference_value (double       value,
                       const char  *name,
                       GError     **error)
{
  if (isnan (value))
    return TRUE;

  if (!isfinite (value) || value <= 0)
    {
      g_set_error (error, STROMA_CTCAE_ERROR, STROMA_CTCAE_ERROR_INVALID_REFERENCE,
                   /* Translators: %s is "lower limit of normal", "upper limit of normal"
                    * or "baseline" */
                   _("The %s must be a positive number, not %g."), _(name), value);
      return FALSE;
    }

  return TRUE;
}

/**
 * stroma_ctcae_grade_lab:
 * @test_code: the CDISC LBTESTCD: NEUT, PLAT, HGB, WBC, LYM, ALT, AST, BILI, CREAT,
 *   INR or APTT
 * @value: the result, in the unit stroma_ctcae_unit() names for @test_code
 * @reference: (nullable): the limits of normal and the baseline, in the same unit;
 *   %NULL when none is known
 * @result: (out caller-allocates): the grade, the CTCAE term and the criterion met
 * @error: return location for a #GError
 *
 * Grades a laboratory value by CTCAE v5.0. Decreasing terms grade "<A – B" as
 * value < A; increasing terms grade ">A × ULN" as value > A × ULN. Without an LLN a
 * low count can still be grade 2–4, but grade 0 and grade 1 cannot be told apart, so
 * the grade is %STROMA_CTCAE_NO_GRADE; ALT, AST, bilirubin and aPTT need the ULN for
 * any grade. When @reference says the baseline was high, ALT, AST and bilirubin are
 * graded against multiples of the baseline instead of the ULN; INR is graded against
 * baseline when the subject is on anticoagulation (see #StromaCtcaeAnticoagulation).
 *
 * Returns: %TRUE if the value was graded (possibly as %STROMA_CTCAE_NO_GRADE), %FALSE
 *   for an unknown test or an invalid value or reference
 */
gboolean
stroma_ctcae_grade_lab (const char                 *test_code,
                        double                      value,
                        const StromaCtcaeReference *reference,
                        StromaCtcaeResult          *result,
                        GError                    **error)
{
  static const StromaCtcaeReference unknown = STROMA_CTCAE_REFERENCE_INIT;
  const Term *term;

  g_return_val_if_fail (test_code != NULL, FALSE);
  g_return_val_if_fail (result != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (reference == NULL)
    reference = &unknown;

  if (!(term = find_term (test_code)))
    {
      if (strcmp (test_code, "PLT") == 0)
        g_set_error_literal (error, STROMA_CTCAE_ERROR, STROMA_CTCAE_ERROR_UNKNOWN_TEST,
                             _("Unknown test code “PLT”: the CDISC code for platelets "
                               "is PLAT."));
      else
        g_set_error (error, STROMA_CTCAE_ERROR, STROMA_CTCAE_ERROR_UNKNOWN_TEST,
                     _("No CTCAE grading is defined for the test code “%s”."), test_code);
      return FALSE;
    }

  if (!isfinite (value) || value < 0)
    {
      g_set_error (error, STROMA_CTCAE_ERROR, STROMA_CTCAE_ERROR_INVALID_VALUE,
                   _("A %s result of %g cannot be graded."), test_code, value);
      return FALSE;
    }

  /* Names translated only for an error: a lookup per value graded adds up. */
  if (!check_reference_value (reference->lln, N_("lower limit of normal"), error) ||
      !check_reference_value (reference->uln, N_("upper limit of normal"), error) ||
      !check_reference_value (reference->baseline, N_("baseline"), error))
    return FALSE;

  result->term = term->term;
  result->version = STROMA_CTCAE_VERSION;
  result->criterion = NULL;
  result->grade = STROMA_CTCAE_NO_GRADE;

  if (term->requires_uln && isnan (reference->uln))
    return TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (term->grades); i++)
    {
      for (guint j = 0; j < G_N_ELEMENTS (term->grades[i]) && term->grades[i][j].text; j++)
        {
          const Criterion *criterion = &term->grades[i][j];
          double limit;

          if (!condition_holds (criterion->when, reference))
            continue;

          limit = limit_of (criterion, reference);
          if (isnan (limit))
            {
              if (criterion->required)
                return TRUE;
              continue;
            }

          if (compare_rounded (criterion->comparison, value, limit))
            {
              result->grade = 4 - i;
              result->criterion = criterion->text;
              return TRUE;
            }
        }
    }

  result->grade = 0;

  return TRUE;
}

/**
 * stroma_ctcae_term:
 * @test_code: a CDISC LBTESTCD
 *
 * Returns: (nullable): the CTCAE v5.0 term graded for @test_code, e.g. "Anemia" for
 *   HGB, or %NULL if Stroma does not grade that test
 */
const char *
stroma_ctcae_term (const char *test_code)
{
  const Term *term;

  g_return_val_if_fail (test_code != NULL, NULL);

  term = find_term (test_code);

  return term ? term->term : NULL;
}

/**
 * stroma_ctcae_unit:
 * @test_code: a CDISC LBTESTCD
 *
 * The unit stroma_ctcae_grade_lab() expects values and limits in: 10^9/L for counts,
 * g/L for haemoglobin, U/L, umol/L, "ratio" for INR and s for aPTT.
 *
 * Returns: (nullable): the unit, or %NULL if Stroma does not grade that test
 */
const char *
stroma_ctcae_unit (const char *test_code)
{
  const Term *term;

  g_return_val_if_fail (test_code != NULL, NULL);

  term = find_term (test_code);

  return term ? term->unit : NULL;
}
