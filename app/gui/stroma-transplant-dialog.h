/* stroma-transplant-dialog.h — day 0, the graft, and the start of study treatment
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "stroma-desk.h"

G_BEGIN_DECLS

#define STROMA_TYPE_TRANSPLANT_DIALOG (stroma_transplant_dialog_get_type ())

G_DECLARE_FINAL_TYPE (StromaTransplantDialog, stroma_transplant_dialog, STROMA, TRANSPLANT_DIALOG,
                      AdwWindow)

GtkWindow *stroma_transplant_dialog_new (GtkWindow  *parent,
                                         StromaDesk *desk,
                                         gint64      subject_id);

G_END_DECLS
