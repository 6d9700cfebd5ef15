/* stroma-dosing.h — body surface area, doses, schedules and lab units
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define STROMA_DOSING_ERROR (stroma_dosing_error_quark ())

typedef enum
{
  STROMA_DOSING_ERROR_INVALID_MEASUREMENT,
  STROMA_DOSING_ERROR_UNKNOWN_FORMULA,
  STROMA_DOSING_ERROR_UNKNOWN_BASIS,
  STROMA_DOSING_ERROR_INVALID_DOSE,
  STROMA_DOSING_ERROR_INVALID_FREQUENCY,
  STROMA_DOSING_ERROR_UNKNOWN_TEST,
  STROMA_DOSING_ERROR_EMPTY,
  STROMA_DOSING_ERROR_NOT_A_NUMBER,
  STROMA_DOSING_ERROR_CENSORED,
  STROMA_DOSING_ERROR_TRAILING_TEXT,
  STROMA_DOSING_ERROR_NOT_FINITE,
  STROMA_DOSING_ERROR_NEGATIVE,
  STROMA_DOSING_ERROR_UNKNOWN_UNIT,
  STROMA_DOSING_ERROR_IMPLAUSIBLE,
} StromaDosingError;

GQuark stroma_dosing_error_quark (void);

/* Body surface area */

typedef enum
{
  STROMA_BSA_MOSTELLER,   /* √(height·weight/3600) */
  STROMA_BSA_DUBOIS,      /* 0.007184·height^0.725·weight^0.425 */
} StromaBsaFormula;

const char *stroma_bsa_formula_to_string   (StromaBsaFormula  formula);
gboolean    stroma_bsa_formula_from_string (const char       *id,
                                            StromaBsaFormula *formula,
                                            GError          **error);
gboolean    stroma_bsa                     (StromaBsaFormula  formula,
                                            double            height_cm,
                                            double            weight_kg,
                                            double           *bsa_m2,
                                            GError          **error);

/* Doses */

typedef enum
{
  STROMA_DOSE_PER_KG,
  STROMA_DOSE_PER_M2,
  STROMA_DOSE_FLAT,
} StromaDoseBasis;

typedef struct
{
  StromaBsaFormula bsa_formula;
  int              bsa_decimals;   /* round BSA to this many decimals before multiplying;
                                    * negative: use it unrounded */
} StromaDoseOptions;

#define STROMA_DOSE_OPTIONS_INIT { STROMA_BSA_MOSTELLER, 2 }

typedef struct
{
  double           dose;          /* in the unit of the amount: mg/kg × kg = mg */
  StromaDoseBasis  basis;
  double           bsa_exact;     /* m²; NAN unless per m² */
  double           bsa_used;      /* m², after rounding; NAN unless per m² */
  StromaBsaFormula bsa_formula;
} StromaDoseCalculation;

/* HOPA: rounding within 10% of the ordered dose is acceptable; trials may ask for less. */
#define STROMA_DOSE_DEVIATION_LIMIT_DEFAULT 0.10

const char *stroma_dose_basis_to_string    (StromaDoseBasis              basis);
gboolean    stroma_dose_basis_from_string  (const char                  *id,
                                            StromaDoseBasis             *basis,
                                            GError                     **error);
gboolean    stroma_dose_calculate          (double                       amount,
                                            StromaDoseBasis              basis,
                                            double                       weight_kg,
                                            double                       height_cm,
                                            const StromaDoseOptions     *options,
                                            StromaDoseCalculation       *calculation,
                                            GError                     **error);
double      stroma_dose_deviation          (double                       calculated,
                                            double                       given);
gboolean    stroma_dose_deviation_exceeds  (double                       calculated,
                                            double                       given,
                                            double                       limit);

/* Schedules: "q6h" and the like */

gboolean    stroma_frequency_parse         (const char                  *text,
                                            guint                       *interval_hours,
                                            GError                     **error);
char       *stroma_frequency_to_string     (guint                        interval_hours);
double      stroma_schedule_doses_per_day  (guint                        interval_hours);
guint       stroma_schedule_n_doses        (guint                        interval_hours,
                                            guint                        n_days);
guint       stroma_schedule_dose_day       (guint                        interval_hours,
                                            guint                        dose_number,
                                            guint                        start_hour);
double      stroma_schedule_total          (double                       dose,
                                            guint                        interval_hours,
                                            guint                        n_days);

/* Laboratory values in canonical units */

const char *stroma_lab_canonical_unit      (const char                  *test_code);
GStrv       stroma_lab_units               (const char                  *test_code);
gboolean    stroma_lab_value_convert       (const char                  *test_code,
                                            double                       value,
                                            const char                  *unit,
                                            double                      *canonical,
                                            const char                 **canonical_unit,
                                            GError                     **error);
gsize       stroma_scan_decimal            (const char                  *s);
gboolean    stroma_lab_value_parse         (const char                  *test_code,
                                            const char                  *text,
                                            const char                  *unit,
                                            double                      *canonical,
                                            const char                 **canonical_unit,
                                            GError                     **error);

G_END_DECLS
