/* stroma-transfusion-dialog.h — record a blood transfusion
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "stroma-desk.h"

G_BEGIN_DECLS

#define STROMA_TYPE_TRANSFUSION_DIALOG (stroma_transfusion_dialog_get_type ())

G_DECLARE_FINAL_TYPE (StromaTransfusionDialog, stroma_transfusion_dialog, STROMA, TRANSFUSION_DIALOG,
                      AdwWindow)

GtkWindow *stroma_transfusion_dialog_new (GtkWindow  *parent,
                                      StromaDesk *desk,
                                      gint64      subject_id);

G_END_DECLS
