/* stroma-ctcae.h — CTCAE v5.0 grades of laboratory values
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <math.h>

G_BEGIN_DECLS

#define STROMA_CTCAE_VERSION "5.0"

/* The grade when the value alone cannot decide, e.g. a neutrophil count of 1.6 without
 * a lower limit of normal: it may be grade 0 or grade 1. */
#define STROMA_CTCAE_NO_GRADE (-1)

#define STROMA_CTCAE_ERROR (stroma_ctcae_error_quark ())

typedef enum
{
  STROMA_CTCAE_ERROR_UNKNOWN_TEST,
  STROMA_CTCAE_ERROR_INVALID_VALUE,
  STROMA_CTCAE_ERROR_INVALID_REFERENCE,
} StromaCtcaeError;

GQuark stroma_ctcae_error_quark (void);

/* INR is graded against absolute limits, or against baseline if the subject is on
 * anticoagulation. When that is not known, both apply and the worse grade wins (as in
 * admiral), and a value below both cannot be called normal without a baseline. */
typedef enum
{
  STROMA_CTCAE_ANTICOAGULATION_UNKNOWN,
  STROMA_CTCAE_ANTICOAGULATION_NONE,
  STROMA_CTCAE_ANTICOAGULATION_ON,
} StromaCtcaeAnticoagulation;

/* What a grade is measured against, in the same unit as the value. NAN = unknown. */
typedef struct
{
  double                     lln;            /* lower limit of normal */
  double                     uln;            /* upper limit of normal */
  double                     baseline;       /* the subject's baseline value */
  gboolean                   baseline_high;  /* baseline above its ULN (CDISC BNRIND
                                              * "HIGH"): ALT, AST and bilirubin are
                                              * graded against baseline */
  StromaCtcaeAnticoagulation anticoagulation;
} StromaCtcaeReference;

#define STROMA_CTCAE_REFERENCE_INIT \
  { NAN, NAN, NAN, FALSE, STROMA_CTCAE_ANTICOAGULATION_UNKNOWN }

typedef struct
{
  int         grade;        /* 0–4, or STROMA_CTCAE_NO_GRADE */
  const char *term;         /* the CTCAE term, e.g. "Neutrophil count decreased" */
  const char *version;      /* STROMA_CTCAE_VERSION */
  const char *criterion;    /* the CTCAE text of the grade met; NULL for 0 and no grade */
} StromaCtcaeResult;

gboolean    stroma_ctcae_grade_lab (const char                 *test_code,
                                    double                      value,
                                    const StromaCtcaeReference *reference,
                                    StromaCtcaeResult          *result,
                                    GError                    **error);
const char *stroma_ctcae_term      (const char                 *test_code);
const char *stroma_ctcae_unit      (const char                 *test_code);

G_END_DECLS
