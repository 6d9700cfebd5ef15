/* stroma-export-dialog.h — the sponsor workbook, from the window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "stroma-trial.h"

G_BEGIN_DECLS

#define STROMA_TYPE_EXPORT_DIALOG (stroma_export_dialog_get_type ())

G_DECLARE_FINAL_TYPE (StromaExportDialog, stroma_export_dialog, STROMA, EXPORT_DIALOG, AdwWindow)

StromaExportDialog *stroma_export_dialog_new             (StromaTrial        *trial,
                                                          GtkWindow          *parent);
void                stroma_export_dialog_set_destination (StromaExportDialog *self,
                                                          GFile              *file);
GFile              *stroma_export_dialog_get_destination (StromaExportDialog *self);
void                stroma_export_dialog_set_user        (StromaExportDialog *self,
                                                          const char         *user);
gboolean            stroma_export_dialog_get_running     (StromaExportDialog *self);

G_END_DECLS
