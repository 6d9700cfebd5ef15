/* stroma-regimen-row.h — one conditioning dose of the regimen plan, as a list item
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "core/stroma-regimen.h"

G_BEGIN_DECLS

#define STROMA_TYPE_REGIMEN_ROW (stroma_regimen_row_get_type ())

G_DECLARE_FINAL_TYPE (StromaRegimenRow, stroma_regimen_row, STROMA, REGIMEN_ROW, GObject)

StromaRegimenRow *stroma_regimen_row_new_planned  (const StromaRegimenDose      *dose);
StromaRegimenRow *stroma_regimen_row_new_recorded (const StromaConditioningDose *record,
                                                   double                        limit,
                                                   const char                   *given_local,
                                                   const StromaRegimenDose      *planned);
gint64            stroma_regimen_row_get_record_id (StromaRegimenRow            *self);
char             *stroma_regimen_format_amount    (double                        amount,
                                                   const char                   *unit);

G_END_DECLS
