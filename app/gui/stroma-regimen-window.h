/* stroma-regimen-window.h — the conditioning plan: calculated doses, days, doses given
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "stroma-desk.h"

G_BEGIN_DECLS

#define STROMA_TYPE_REGIMEN_WINDOW (stroma_regimen_window_get_type ())

G_DECLARE_FINAL_TYPE (StromaRegimenWindow, stroma_regimen_window, STROMA, REGIMEN_WINDOW, AdwWindow)

GtkWindow  *stroma_regimen_window_new        (GtkWindow           *parent,
                                              StromaDesk          *desk,
                                              gint64               subject_id);
GListModel *stroma_regimen_window_get_rows   (StromaRegimenWindow *self);
gboolean    stroma_regimen_window_save_plan  (StromaRegimenWindow *self);
gboolean    stroma_regimen_window_move_days  (StromaRegimenWindow *self,
                                              const char          *agent,
                                              const char          *days,
                                              const char          *reason);
gboolean    stroma_regimen_window_select_agent (StromaRegimenWindow *self,
                                              const char          *agent,
                                              gboolean             selected);
gboolean    stroma_regimen_window_write_sheet (StromaRegimenWindow *self,
                                              const char          *path,
                                              GError             **error);
const char *stroma_regimen_window_get_message (StromaRegimenWindow *self);

G_END_DECLS
