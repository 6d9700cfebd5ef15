/* stroma-adverse-event-dialog.h — record an adverse event with its CTCAE grade
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "stroma-desk.h"

G_BEGIN_DECLS

#define STROMA_TYPE_ADVERSE_EVENT_DIALOG (stroma_adverse_event_dialog_get_type ())

G_DECLARE_FINAL_TYPE (StromaAdverseEventDialog, stroma_adverse_event_dialog, STROMA, ADVERSE_EVENT_DIALOG,
                      AdwWindow)

GtkWindow *stroma_adverse_event_dialog_new (GtkWindow  *parent,
                                      StromaDesk *desk,
                                      gint64      subject_id);

G_END_DECLS
