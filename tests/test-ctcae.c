/* test-ctcae.c — CTCAE v5.0 laboratory grades against the admiral test tables
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "core/stroma-ctcae.h"

#define NG STROMA_CTCAE_NO_GRADE
#define NA NAN

#define UNKNOWN STROMA_CTCAE_ANTICOAGULATION_UNKNOWN
#define NONE STROMA_CTCAE_ANTICOAGULATION_NONE
#define ON STROMA_CTCAE_ANTICOAGULATION_ON

typedef struct
{
  const char                *code;
  double                     value;
  double                     lln;
  double                     uln;
  double                     baseline;
  gboolean                   baseline_high;
  StromaCtcaeAnticoagulation anticoagulation;
  int                        grade;
} GradeCase;

static void
run_cases (const GradeCase *cases,
           gsize            n_cases,
           const char      *term)
{
  for (gsize i = 0; i < n_cases; i++)
    {
      const GradeCase *c = &cases[i];
      StromaCtcaeReference reference = {
        .lln = c->lln, .uln = c->uln, .baseline = c->baseline,
        .baseline_high = c->baseline_high, .anticoagulation = c->anticoagulation,
      };
      g_autoptr(GError) error = NULL;
      StromaCtcaeResult result = { 99, NULL, NULL, NULL };

      g_test_message ("%s %g (LLN %g, ULN %g, baseline %g%s, anticoagulation %d)",
                      c->code, c->value, c->lln, c->uln, c->baseline,
                      c->baseline_high ? " high" : "", c->anticoagulation);
      g_assert_true (stroma_ctcae_grade_lab (c->code, c->value, &reference, &result, &error));
      g_assert_no_error (error);
      g_assert_cmpint (result.grade, ==, c->grade);
      g_assert_cmpstr (result.term, ==, term);
      g_assert_cmpstr (result.version, ==, "5.0");
      if (c->grade > 0)
        g_assert_nonnull (result.criterion);
      else
        g_assert_null (result.criterion);
    }
}

#define RUN(cases, term) run_cases (cases, G_N_ELEMENTS (cases), term)

/* admiral tests/testthat/test-derive_var_atoxgr.R, CTCAE v5 */

static void
test_neutrophils (void)
{
  static const GradeCase cases[] = {
    { "NEUT", 0.49, 2, NA, NA, FALSE, UNKNOWN, 4 },
    { "NEUT", 0.5, 2, NA, NA, FALSE, UNKNOWN, 3 },
    { "NEUT", 0.99, 2, NA, NA, FALSE, UNKNOWN, 3 },
    { "NEUT", 1.0, 2, NA, NA, FALSE, UNKNOWN, 2 },
    { "NEUT", 1.49, 2, NA, NA, FALSE, UNKNOWN, 2 },
    { "NEUT", 1.5, 2, NA, NA, FALSE, UNKNOWN, 1 },
    { "NEUT", 1.9, 2, NA, NA, FALSE, UNKNOWN, 1 },
    { "NEUT", 2.0, 2, NA, NA, FALSE, UNKNOWN, 0 },
    /* without an LLN, grades 2–4 only */
    { "NEUT", 0.49, NA, NA, NA, FALSE, UNKNOWN, 4 },
    { "NEUT", 0.5, NA, NA, NA, FALSE, UNKNOWN, 3 },
    { "NEUT", 0.99, NA, NA, NA, FALSE, UNKNOWN, 3 },
    { "NEUT", 1.0, NA, NA, NA, FALSE, UNKNOWN, 2 },
    { "NEUT", 1.49, NA, NA, NA, FALSE, UNKNOWN, 2 },
    { "NEUT", 1.5, NA, NA, NA, FALSE, UNKNOWN, NG },
    /* the protocol's eligibility ANC ≥ 1.5 is exactly "grade ≤ 1" */
    { "NEUT", 1.5, 1.8, NA, NA, FALSE, UNKNOWN, 1 },
    { "NEUT", 1.4999999999999998, 1.8, NA, NA, FALSE, UNKNOWN, 1 },   /* 1.5 at 15 digits */
    { "NEUT", 0, 2, NA, NA, FALSE, UNKNOWN, 4 },
  };

  RUN (cases, "Neutrophil count decreased");
}

static void
test_platelets (void)
{
  static const GradeCase cases[] = {
    { "PLAT", 24, 100, NA, NA, FALSE, UNKNOWN, 4 },
    { "PLAT", 25, 100, NA, NA, FALSE, UNKNOWN, 3 },
    { "PLAT", 49, 100, NA, NA, FALSE, UNKNOWN, 3 },
    { "PLAT", 50, 100, NA, NA, FALSE, UNKNOWN, 2 },
    { "PLAT", 74, 100, NA, NA, FALSE, UNKNOWN, 2 },
    { "PLAT", 75, 100, NA, NA, FALSE, UNKNOWN, 1 },
    { "PLAT", 99, 100, NA, NA, FALSE, UNKNOWN, 1 },
    { "PLAT", 100, 100, NA, NA, FALSE, UNKNOWN, 0 },
    { "PLAT", 74, NA, NA, NA, FALSE, UNKNOWN, 2 },
    { "PLAT", 75, NA, NA, NA, FALSE, UNKNOWN, NG },
  };

  RUN (cases, "Platelet count decreased");
}

static void
test_hemoglobin (void)
{
  static const GradeCase cases[] = {
    { "HGB", 79, 140, NA, NA, FALSE, UNKNOWN, 3 },
    { "HGB", 80, 140, NA, NA, FALSE, UNKNOWN, 2 },
    { "HGB", 99, 140, NA, NA, FALSE, UNKNOWN, 2 },
    { "HGB", 100, 140, NA, NA, FALSE, UNKNOWN, 1 },
    { "HGB", 139, 140, NA, NA, FALSE, UNKNOWN, 1 },
    { "HGB", 140, 140, NA, NA, FALSE, UNKNOWN, 0 },
    { "HGB", 140, NA, NA, NA, FALSE, UNKNOWN, NG },
    { "HGB", 139, NA, NA, NA, FALSE, UNKNOWN, NG },
    { "HGB", 100, NA, NA, NA, FALSE, UNKNOWN, NG },
    { "HGB", 99, NA, NA, NA, FALSE, UNKNOWN, 2 },
    { "HGB", 79, NA, NA, NA, FALSE, UNKNOWN, 3 },
    /* grade 4 is clinical, never a value */
    { "HGB", 20, 140, NA, NA, FALSE, UNKNOWN, 3 },
    /* Hb 90 g/L (the protocol's 9 g/dL) sits inside grade 2, not on a boundary */
    { "HGB", 90, 130, NA, NA, FALSE, UNKNOWN, 2 },
  };

  RUN (cases, "Anemia");
}

static void
test_white_cells (void)
{
  static const GradeCase cases[] = {
    { "WBC", 0.9, 5, NA, NA, FALSE, UNKNOWN, 4 },
    { "WBC", 1, 5, NA, NA, FALSE, UNKNOWN, 3 },
    { "WBC", 1.9, 5, NA, NA, FALSE, UNKNOWN, 3 },
    { "WBC", 2, 5, NA, NA, FALSE, UNKNOWN, 2 },
    { "WBC", 2.9, 5, NA, NA, FALSE, UNKNOWN, 2 },
    { "WBC", 3, 5, NA, NA, FALSE, UNKNOWN, 1 },
    { "WBC", 4.9, 5, NA, NA, FALSE, UNKNOWN, 1 },
    { "WBC", 5, 5, NA, NA, FALSE, UNKNOWN, 0 },
    { "WBC", 3, NA, NA, NA, FALSE, UNKNOWN, NG },
  };

  RUN (cases, "White blood cell decreased");
}

static void
test_lymphocytes (void)
{
  static const GradeCase cases[] = {
    { "LYM", 0.19, 140, NA, NA, FALSE, UNKNOWN, 4 },
    { "LYM", 0.2, 140, NA, NA, FALSE, UNKNOWN, 3 },
    { "LYM", 0.49, 140, NA, NA, FALSE, UNKNOWN, 3 },
    { "LYM", 0.5, 140, NA, NA, FALSE, UNKNOWN, 2 },
    { "LYM", 0.79, 140, NA, NA, FALSE, UNKNOWN, 2 },
    { "LYM", 0.8, 140, NA, NA, FALSE, UNKNOWN, 1 },
    { "LYM", 1.09, 1.1, NA, NA, FALSE, UNKNOWN, 1 },
    { "LYM", 1.1, 1.1, NA, NA, FALSE, UNKNOWN, 0 },
    { "LYM", 0.19, NA, NA, NA, FALSE, UNKNOWN, 4 },
    { "LYM", 0.2, NA, NA, NA, FALSE, UNKNOWN, 3 },
    { "LYM", 0.49, NA, NA, NA, FALSE, UNKNOWN, 3 },
    { "LYM", 0.5, NA, NA, NA, FALSE, UNKNOWN, 2 },
    { "LYM", 0.79, NA, NA, NA, FALSE, UNKNOWN, 2 },
    { "LYM", 0.8, NA, NA, NA, FALSE, UNKNOWN, NG },
    { "LYM", 1.09, NA, NA, NA, FALSE, UNKNOWN, NG },
    { "LYM", 1.1, NA, NA, NA, FALSE, UNKNOWN, NG },
  };

  RUN (cases, "Lymphocyte count decreased");
}

/* ALT and AST have the same criteria; admiral's abnormal-baseline rows use BASE 40 with
 * ULN 39 and BNRIND "HIGH". */
#define AMINOTRANSFERASE_CASES(code)                                                    \
  { code, 801, NA, 40, 40, FALSE, UNKNOWN, 4 },                                         \
  { code, 800, NA, 40, 40, FALSE, UNKNOWN, 3 },                                         \
  { code, 201, NA, 40, 40, FALSE, UNKNOWN, 3 },                                         \
  { code, 200, NA, 40, 40, FALSE, UNKNOWN, 2 },                                         \
  { code, 121, NA, 40, 40, FALSE, UNKNOWN, 2 },                                         \
  { code, 120, NA, 40, 40, FALSE, UNKNOWN, 1 },                                         \
  { code, 41, NA, 40, 40, FALSE, UNKNOWN, 1 },                                          \
  { code, 40, NA, 40, 40, FALSE, UNKNOWN, 0 },                                          \
  { code, 100, NA, NA, NA, FALSE, UNKNOWN, NG },                                        \
  { code, 801, NA, 39, 40, TRUE, UNKNOWN, 4 },                                          \
  { code, 800, NA, 39, 40, TRUE, UNKNOWN, 3 },                                          \
  { code, 201, NA, 39, 40, TRUE, UNKNOWN, 3 },                                          \
  { code, 200, NA, 39, 40, TRUE, UNKNOWN, 2 },                                          \
  { code, 121, NA, 39, 40, TRUE, UNKNOWN, 2 },                                          \
  { code, 120, NA, 39, 40, TRUE, UNKNOWN, 1 },                                          \
  { code, 60, NA, 39, 40, TRUE, UNKNOWN, 1 },      /* ≥ 1.5 × baseline */              \
  { code, 59, NA, 39, 40, TRUE, UNKNOWN, 0 },      /* above ULN, below 1.5 × baseline */ \
  { code, 100, NA, NA, 40, TRUE, UNKNOWN, NG },                                         \
  /* Stroma: a high baseline without its value cannot be graded */                      \
  { code, 100, NA, 39, NA, TRUE, UNKNOWN, NG }

static void
test_alt (void)
{
  static const GradeCase cases[] = { AMINOTRANSFERASE_CASES ("ALT") };

  RUN (cases, "Alanine aminotransferase increased");
}

static void
test_ast (void)
{
  static const GradeCase cases[] = { AMINOTRANSFERASE_CASES ("AST") };

  RUN (cases, "Aspartate aminotransferase increased");
}

static void
test_bilirubin (void)
{
  static const GradeCase cases[] = {
    { "BILI", 401, NA, 40, 40, FALSE, UNKNOWN, 4 },
    { "BILI", 400, NA, 40, 40, FALSE, UNKNOWN, 3 },
    { "BILI", 121, NA, 40, 40, FALSE, UNKNOWN, 3 },
    { "BILI", 120, NA, 40, 40, FALSE, UNKNOWN, 2 },
    { "BILI", 61, NA, 40, 40, FALSE, UNKNOWN, 2 },
    { "BILI", 60, NA, 40, 40, FALSE, UNKNOWN, 1 },
    { "BILI", 41, NA, 40, 40, FALSE, UNKNOWN, 1 },
    { "BILI", 40, NA, 40, 40, FALSE, UNKNOWN, 0 },
    { "BILI", 100, NA, NA, NA, FALSE, UNKNOWN, NG },
    /* abnormal baseline: BASE 40, ULN 39 */
    { "BILI", 401, NA, 39, 40, TRUE, UNKNOWN, 4 },
    { "BILI", 400, NA, 39, 40, TRUE, UNKNOWN, 3 },
    { "BILI", 121, NA, 39, 40, TRUE, UNKNOWN, 3 },
    { "BILI", 120, NA, 39, 40, TRUE, UNKNOWN, 2 },
    { "BILI", 61, NA, 39, 40, TRUE, UNKNOWN, 2 },
    { "BILI", 60, NA, 39, 40, TRUE, UNKNOWN, 1 },
    { "BILI", 41, NA, 39, 40, TRUE, UNKNOWN, 1 },
    { "BILI", 40, NA, 39, 40, TRUE, UNKNOWN, 0 },
  };

  RUN (cases, "Blood bilirubin increased");
}

static void
test_creatinine (void)
{
  static const GradeCase cases[] = {
    { "CREAT", 241, NA, 40, 241, FALSE, UNKNOWN, 4 },
    { "CREAT", 240, NA, 40, 230, FALSE, UNKNOWN, 3 },
    { "CREAT", 121, NA, 40, 120, FALSE, UNKNOWN, 3 },
    { "CREAT", 120, NA, 40, 119, FALSE, UNKNOWN, 2 },
    { "CREAT", 61, NA, 40, 60, FALSE, UNKNOWN, 2 },
    { "CREAT", 60, NA, 40, 60, FALSE, UNKNOWN, 1 },
    { "CREAT", 41, NA, 40, 41, FALSE, UNKNOWN, 1 },
    { "CREAT", 40, NA, 40, 40, FALSE, UNKNOWN, 0 },
    /* against baseline */
    { "CREAT", 42, NA, 40, 6, FALSE, UNKNOWN, 3 },
    { "CREAT", 42, NA, 40, 13.9, FALSE, UNKNOWN, 3 },
    { "CREAT", 42, NA, 40, 14, FALSE, UNKNOWN, 2 },      /* 42 is not > 3 × 14 */
    { "CREAT", 42.1, NA, 40, 28, FALSE, UNKNOWN, 2 },
    /* no ULN: above baseline alone cannot be called grade 0 or 1 */
    { "CREAT", 42, NA, NA, 42, FALSE, UNKNOWN, NG },
    { "CREAT", 43, NA, NA, 14, FALSE, UNKNOWN, 3 },
    /* no baseline: the ULN alone decides */
    { "CREAT", 30, NA, 40, NA, FALSE, UNKNOWN, 0 },
    { "CREAT", 241, NA, 40, NA, FALSE, UNKNOWN, 4 },
  };

  RUN (cases, "Creatinine increased");
}

static void
test_inr (void)
{
  static const GradeCase cases[] = {
    /* anticoagulation unknown: admiral's worst case of both criteria */
    { "INR", 2.51, NA, NA, 2.6, FALSE, UNKNOWN, 3 },
    { "INR", 2.5, NA, NA, 1, FALSE, UNKNOWN, 2 },
    { "INR", 1.51, NA, NA, 1, FALSE, UNKNOWN, 2 },
    { "INR", 1.5, NA, NA, 1, FALSE, UNKNOWN, 1 },
    { "INR", 1.2, NA, NA, 1, FALSE, UNKNOWN, 1 },
    { "INR", 1.19, NA, NA, 1.19, FALSE, UNKNOWN, 0 },
    { "INR", 2.5, NA, NA, 0.99, FALSE, UNKNOWN, 3 },
    { "INR", 1.5, NA, NA, 0.6, FALSE, UNKNOWN, 2 },
    { "INR", 1.5, NA, NA, 0.99, FALSE, UNKNOWN, 2 },
    { "INR", 1.2, NA, NA, 0.8, FALSE, UNKNOWN, 1 },     /* 1.5 × 0.8 = 1.2000000000000002 */
    { "INR", 1.2, NA, NA, 1.19, FALSE, UNKNOWN, 1 },
    { "INR", 1.2, NA, NA, 1.2, FALSE, UNKNOWN, 0 },
    { "INR", 1.2, NA, NA, NA, FALSE, UNKNOWN, NG },
    { "INR", 1.3, NA, NA, NA, FALSE, UNKNOWN, 1 },
    /* not on anticoagulation: absolute limits only */
    { "INR", 2.51, NA, NA, NA, FALSE, NONE, 3 },
    { "INR", 2.5, NA, NA, NA, FALSE, NONE, 2 },
    { "INR", 1.51, NA, NA, NA, FALSE, NONE, 2 },
    { "INR", 1.5, NA, NA, NA, FALSE, NONE, 1 },
    { "INR", 1.21, NA, NA, NA, FALSE, NONE, 1 },
    { "INR", 1.2, NA, NA, 0.8, FALSE, NONE, 0 },
    /* on anticoagulation: multiples of baseline only */
    { "INR", 2.6, NA, NA, 2.5, FALSE, ON, 1 },
    { "INR", 3.75, NA, NA, 2.5, FALSE, ON, 1 },
    { "INR", 3.76, NA, NA, 2.5, FALSE, ON, 2 },
    { "INR", 6.25, NA, NA, 2.5, FALSE, ON, 2 },
    { "INR", 6.26, NA, NA, 2.5, FALSE, ON, 3 },
    { "INR", 2.5, NA, NA, 2.5, FALSE, ON, 0 },
    { "INR", 2.6, NA, NA, NA, FALSE, ON, NG },
  };

  RUN (cases, "INR increased");
}

static void
test_aptt (void)
{
  static const GradeCase cases[] = {
    { "APTT", 251, NA, 100, NA, FALSE, UNKNOWN, 3 },
    { "APTT", 250, NA, 100, NA, FALSE, UNKNOWN, 2 },
    { "APTT", 151, NA, 100, NA, FALSE, UNKNOWN, 2 },
    { "APTT", 150, NA, 100, NA, FALSE, UNKNOWN, 1 },
    { "APTT", 101, NA, 100, NA, FALSE, UNKNOWN, 1 },
    { "APTT", 100, NA, 100, NA, FALSE, UNKNOWN, 0 },
    { "APTT", 100, NA, NA, NA, FALSE, UNKNOWN, NG },
    { "APTT", 900, NA, NA, NA, FALSE, UNKNOWN, NG },
  };

  RUN (cases, "Activated partial thromboplastin time prolonged");
}

static void
test_criterion_text (void)
{
  static const struct {
    const char *code;
    double      value;
    double      uln;
    double      baseline;
    gboolean    baseline_high;
    const char *criterion;
  } cases[] = {
    { "NEUT", 0.7, NA, NA, FALSE, "<1.0 – 0.5 × 10⁹/L" },
    { "PLAT", 30, NA, NA, FALSE, "<50.0 – 25.0 × 10⁹/L" },
    { "ALT", 130, 40, 30, FALSE, ">3.0 – 5.0 × ULN" },
    { "ALT", 130, 40, 50, TRUE, "1.5 – 3.0 × baseline" },
    { "CREAT", 42, 40, 13.9, FALSE, ">3.0 × baseline" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      StromaCtcaeReference reference = STROMA_CTCAE_REFERENCE_INIT;
      StromaCtcaeResult result;

      reference.uln = cases[i].uln;
      reference.baseline = cases[i].baseline;
      reference.baseline_high = cases[i].baseline_high;
      g_assert_true (stroma_ctcae_grade_lab (cases[i].code, cases[i].value, &reference,
                                             &result, NULL));
      g_assert_cmpstr (result.criterion, ==, cases[i].criterion);
    }
}

static void
test_no_reference (void)
{
  StromaCtcaeResult result;

  /* a NULL reference is "nothing known" */
  g_assert_true (stroma_ctcae_grade_lab ("NEUT", 0.3, NULL, &result, NULL));
  g_assert_cmpint (result.grade, ==, 4);
  g_assert_true (stroma_ctcae_grade_lab ("NEUT", 3, NULL, &result, NULL));
  g_assert_cmpint (result.grade, ==, NG);
  g_assert_true (stroma_ctcae_grade_lab ("ALT", 3000, NULL, &result, NULL));
  g_assert_cmpint (result.grade, ==, NG);
}

static void
test_lookup (void)
{
  static const struct { const char *code, *term, *unit; } cases[] = {
    { "NEUT", "Neutrophil count decreased", "10^9/L" },
    { "PLAT", "Platelet count decreased", "10^9/L" },
    { "HGB", "Anemia", "g/L" },
    { "WBC", "White blood cell decreased", "10^9/L" },
    { "LYM", "Lymphocyte count decreased", "10^9/L" },
    { "ALT", "Alanine aminotransferase increased", "U/L" },
    { "AST", "Aspartate aminotransferase increased", "U/L" },
    { "BILI", "Blood bilirubin increased", "umol/L" },
    { "CREAT", "Creatinine increased", "umol/L" },
    { "INR", "INR increased", "ratio" },
    { "APTT", "Activated partial thromboplastin time prolonged", "s" },
    { "PLT", NULL, NULL },
    { "neut", NULL, NULL },
    { "", NULL, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_assert_cmpstr (stroma_ctcae_term (cases[i].code), ==, cases[i].term);
      g_assert_cmpstr (stroma_ctcae_unit (cases[i].code), ==, cases[i].unit);
    }
}

static void
test_errors (void)
{
  static const struct {
    const char *code;
    double      value;
    double      lln;
    double      uln;
    double      baseline;
    int         error;
    const char *message_part;
  } cases[] = {
    { "PLT", 50, NA, NA, NA, STROMA_CTCAE_ERROR_UNKNOWN_TEST, "PLAT" },
    { "GLUC", 5, NA, NA, NA, STROMA_CTCAE_ERROR_UNKNOWN_TEST, "GLUC" },
    { "NEUT", NAN, 2, NA, NA, STROMA_CTCAE_ERROR_INVALID_VALUE, "NEUT" },
    { "NEUT", INFINITY, 2, NA, NA, STROMA_CTCAE_ERROR_INVALID_VALUE, "NEUT" },
    { "NEUT", -0.1, 2, NA, NA, STROMA_CTCAE_ERROR_INVALID_VALUE, "NEUT" },
    { "NEUT", 1, -2, NA, NA, STROMA_CTCAE_ERROR_INVALID_REFERENCE, NULL },
    { "ALT", 50, NA, 0, NA, STROMA_CTCAE_ERROR_INVALID_REFERENCE, NULL },
    { "ALT", 50, NA, INFINITY, NA, STROMA_CTCAE_ERROR_INVALID_REFERENCE, NULL },
    { "CREAT", 50, NA, 40, -1, STROMA_CTCAE_ERROR_INVALID_REFERENCE, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      StromaCtcaeReference reference = STROMA_CTCAE_REFERENCE_INIT;
      g_autoptr(GError) error = NULL;
      StromaCtcaeResult result;

      reference.lln = cases[i].lln;
      reference.uln = cases[i].uln;
      reference.baseline = cases[i].baseline;
      g_assert_false (stroma_ctcae_grade_lab (cases[i].code, cases[i].value, &reference,
                                              &result, &error));
      g_assert_error (error, STROMA_CTCAE_ERROR, cases[i].error);
      if (cases[i].message_part)
        g_assert_nonnull (strstr (error->message, cases[i].message_part));
    }
}

/* The reference rule, spelled out: round both sides to 15 significant digits through text. */
static double
reference_signif (double x)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (x == 0 || !isfinite (x))
    return x;
  g_ascii_formatd (buffer, sizeof buffer, "%.14e", x);
  return g_ascii_strtod (buffer, NULL);
}

/* ALT grades ">k × ULN" against ULN = 14 for k = 1, 3, 5, 20: values a few units of the last
 * digit either side of each limit grade as the rounded comparison says, and so do values far
 * from any limit. */
static void
test_near_ties (void)
{
  static const double factors[] = { 20, 5, 3, 1 };
  static const double steps[] = { 0, 1e-16, 3e-16, 1e-15, 3e-15, 1e-14, 3e-14, 1e-13, 1e-12,
                                   1e-9, 1e-3 };
  StromaCtcaeReference reference = STROMA_CTCAE_REFERENCE_INIT;
  guint n_ties = 0;

  reference.uln = 14;

  for (guint f = 0; f < G_N_ELEMENTS (factors); f++)
    for (guint s = 0; s < G_N_ELEMENTS (steps); s++)
      for (int sign = -1; sign <= 1; sign += 2)
        {
          double limit = factors[f] * reference.uln;
          double value = limit * (1 + sign * steps[s]);
          StromaCtcaeResult result;
          int expected = 0;

          for (guint g = 0; g < G_N_ELEMENTS (factors); g++)
            if (reference_signif (value) > reference_signif (factors[g] * reference.uln))
              {
                expected = 4 - (int) g;
                break;
              }
          n_ties += reference_signif (value) == reference_signif (limit) && value != limit;

          g_test_message ("ALT %.17g against %.17g", value, limit);
          g_assert_true (stroma_ctcae_grade_lab ("ALT", value, &reference, &result, NULL));
          g_assert_cmpint (result.grade, ==, expected);
        }

  /* some of the values differ from their limit and still round onto it */
  g_assert_cmpuint (n_ties, >, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ctcae/neutrophils", test_neutrophils);
  g_test_add_func ("/ctcae/platelets", test_platelets);
  g_test_add_func ("/ctcae/hemoglobin", test_hemoglobin);
  g_test_add_func ("/ctcae/white-cells", test_white_cells);
  g_test_add_func ("/ctcae/lymphocytes", test_lymphocytes);
  g_test_add_func ("/ctcae/alt", test_alt);
  g_test_add_func ("/ctcae/ast", test_ast);
  g_test_add_func ("/ctcae/bilirubin", test_bilirubin);
  g_test_add_func ("/ctcae/creatinine", test_creatinine);
  g_test_add_func ("/ctcae/inr", test_inr);
  g_test_add_func ("/ctcae/aptt", test_aptt);
  g_test_add_func ("/ctcae/criterion-text", test_criterion_text);
  g_test_add_func ("/ctcae/no-reference", test_no_reference);
  g_test_add_func ("/ctcae/lookup", test_lookup);
  g_test_add_func ("/ctcae/errors", test_errors);
  g_test_add_func ("/ctcae/near-ties", test_near_ties);

  return g_test_run ();
}
