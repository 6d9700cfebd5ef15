/* stroma-dose-dialog.h — record one conditioning dose as given or omitted
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "stroma-desk.h"

G_BEGIN_DECLS

#define STROMA_TYPE_DOSE_DIALOG (stroma_dose_dialog_get_type ())

G_DECLARE_FINAL_TYPE (StromaDoseDialog, stroma_dose_dialog, STROMA, DOSE_DIALOG, AdwWindow)

GtkWindow *stroma_dose_dialog_new (GtkWindow  *parent,
                                   StromaDesk *desk,
                                   gint64      record_id);

G_END_DECLS
