/* stroma-records-window.h — every record of a subject, its fields and its history
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "stroma-desk.h"

G_BEGIN_DECLS

#define STROMA_TYPE_RECORDS_WINDOW (stroma_records_window_get_type ())

G_DECLARE_FINAL_TYPE (StromaRecordsWindow, stroma_records_window, STROMA, RECORDS_WINDOW, AdwWindow)

GtkWindow  *stroma_records_window_new         (GtkWindow           *parent,
                                               StromaDesk          *desk,
                                               gint64               subject_id);
GListModel *stroma_records_window_get_history (StromaRecordsWindow *self);
gboolean    stroma_records_window_select      (StromaRecordsWindow *self,
                                               StromaRecordKind     kind,
                                               gint64               record_id);
GtkWindow  *stroma_records_window_correct     (StromaRecordsWindow *self,
                                               const char          *field);
gboolean    stroma_records_window_void        (StromaRecordsWindow *self,
                                               const char          *reason);

G_END_DECLS
