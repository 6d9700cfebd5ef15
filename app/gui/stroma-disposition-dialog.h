/* stroma-disposition-dialog.h — withdrawal, termination, relapse, death, last contact
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "stroma-desk.h"

G_BEGIN_DECLS

#define STROMA_TYPE_DISPOSITION_DIALOG (stroma_disposition_dialog_get_type ())

G_DECLARE_FINAL_TYPE (StromaDispositionDialog, stroma_disposition_dialog, STROMA, DISPOSITION_DIALOG,
                      AdwWindow)

GtkWindow *stroma_disposition_dialog_new (GtkWindow  *parent,
                                      StromaDesk *desk,
                                      gint64      subject_id);

G_END_DECLS
