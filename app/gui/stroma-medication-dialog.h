/* stroma-medication-dialog.h — record standard-care medication, with the TPO-RA titration advice
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "stroma-desk.h"

G_BEGIN_DECLS

#define STROMA_TYPE_MEDICATION_DIALOG (stroma_medication_dialog_get_type ())

G_DECLARE_FINAL_TYPE (StromaMedicationDialog, stroma_medication_dialog, STROMA, MEDICATION_DIALOG,
                      AdwWindow)

GtkWindow *stroma_medication_dialog_new (GtkWindow  *parent,
                                      StromaDesk *desk,
                                      gint64      subject_id);

G_END_DECLS
