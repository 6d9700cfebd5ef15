/* stroma-validate.h — the rules of every form field, as pure functions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "stroma-protocol.h"

G_BEGIN_DECLS

#define STROMA_VALIDATE_ERROR (stroma_validate_error_quark ())

/**
 * StromaValidateError:
 * @STROMA_VALIDATE_ERROR_EMPTY: nothing was entered where a value is required
 * @STROMA_VALIDATE_ERROR_FORMAT: the text is not written the way the field is written
 * @STROMA_VALIDATE_ERROR_RANGE: the value is outside what the field allows
 * @STROMA_VALIDATE_ERROR_FUTURE: a date after today (or after the days ahead a plan allows)
 * @STROMA_VALIDATE_ERROR_ORDER: a date before the date it must follow (consent, day 0, …)
 * @STROMA_VALIDATE_ERROR_IDENTIFYING: a subject code that embeds the subject's initials
 * @STROMA_VALIDATE_ERROR_NEEDS_REASON: an amount that deviates from its plan without a reason
 *
 * Every message names the field and says what to enter instead.
 */
typedef enum
{
  STROMA_VALIDATE_ERROR_EMPTY,
  STROMA_VALIDATE_ERROR_FORMAT,
  STROMA_VALIDATE_ERROR_RANGE,
  STROMA_VALIDATE_ERROR_FUTURE,
  STROMA_VALIDATE_ERROR_ORDER,
  STROMA_VALIDATE_ERROR_IDENTIFYING,
  STROMA_VALIDATE_ERROR_NEEDS_REASON,
} StromaValidateError;

GQuark stroma_validate_error_quark (void);

/**
 * StromaDateRule:
 * @label: the field, as the form names it, e.g. "Consent date"
 * @today: ISO date of today; no date after it (but @future_days) is accepted; %NULL: no limit
 * @future_days: how many days after @today a planned date may fall (a planned day 0); 0 for
 *   dates of things that happened
 * @not_before: ISO date the value may not precede; %NULL: no limit
 * @not_before_label: what @not_before is, e.g. "the consent date"
 * @after: the value must fall strictly after @not_before (an infusion after day 0)
 *
 * The date logic of one field (RELIABILITY DI-3).
 */
typedef struct
{
  const char *label;
  const char *today;
  guint       future_days;
  const char *not_before;
  const char *not_before_label;
  gboolean    after;
} StromaDateRule;

gboolean stroma_validate_initials     (const char            *text,
                                       char                 **initials,
                                       GError               **error);
gboolean stroma_validate_subject_code (const StromaProtocol  *protocol,
                                       const char            *text,
                                       const char            *initials,
                                       char                 **code,
                                       GError               **error);
gboolean stroma_validate_sex          (const char            *text,
                                       char                 **sex,
                                       GError               **error);
gboolean stroma_validate_date         (const char            *text,
                                       const StromaDateRule  *rule,
                                       char                 **date,
                                       GError               **error);
gboolean stroma_validate_birth_date   (const char            *text,
                                       const char            *today,
                                       char                 **date,
                                       GError               **error);
int      stroma_validate_age_on       (const char            *birth_date,
                                       const char            *on);
gboolean stroma_validate_time         (const char            *text,
                                       char                 **time,
                                       GError               **error);
gboolean stroma_validate_date_time    (const char            *date,
                                       const char            *time,
                                       const char            *time_zone,
                                       char                 **utc,
                                       GError               **error);
gboolean stroma_validate_number       (const char            *text,
                                       const char            *label,
                                       double                 min,
                                       double                 max,
                                       double                *value,
                                       GError               **error);
gboolean stroma_validate_optional_number (const char         *text,
                                       const char            *label,
                                       double                 min,
                                       double                 max,
                                       double                *value,
                                       GError               **error);
gboolean stroma_validate_height       (const char            *text,
                                       double                *height_cm,
                                       GError               **error);
gboolean stroma_validate_weight       (const char            *text,
                                       double                *weight_kg,
                                       GError               **error);
gboolean stroma_validate_kps          (const char            *text,
                                       gint64                *kps,
                                       GError               **error);
gboolean stroma_validate_ecog         (const char            *text,
                                       gint64                *ecog,
                                       GError               **error);
gboolean stroma_validate_cells        (const char            *text,
                                       double                *cells,
                                       GError               **error);
gboolean stroma_validate_lot          (const char            *text,
                                       const char            *label,
                                       char                 **lot,
                                       GError               **error);
gboolean stroma_validate_reason       (const char            *text,
                                       char                 **reason,
                                       GError               **error);
gboolean stroma_validate_vitals       (const char            *temperature,
                                       const char            *pulse,
                                       const char            *blood_pressure,
                                       const char            *spo2,
                                       char                 **summary,
                                       GError               **error);
gboolean stroma_validate_given_amount (const char            *text,
                                       const char            *label,
                                       double                 planned,
                                       double                 limit,
                                       const char            *reason,
                                       double                *given,
                                       gboolean              *deviates,
                                       GError               **error);
gboolean stroma_validate_day_list     (const char            *text,
                                       guint                  expected,
                                       GArray               **days,
                                       GError               **error);
gboolean stroma_validate_transfusion_units (const char       *text,
                                       double                *units,
                                       GError               **error);

char    *stroma_format_day_list       (const GArray          *days);
char    *stroma_format_cells          (double                 cells);

G_END_DECLS
