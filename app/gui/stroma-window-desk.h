/* stroma-window-desk.h — the coordinator's desk in the trial window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "stroma-desk.h"
#include "stroma-window.h"

G_BEGIN_DECLS

StromaDesk *stroma_window_get_desk             (StromaWindow  *self);
gint64      stroma_window_get_selected_subject (StromaWindow  *self);
gboolean    stroma_window_select_subject       (StromaWindow  *self,
                                                gint64         subject_id);
void        stroma_window_desk_saved           (StromaWindow  *self,
                                                gint64         subject_id);

/* Called by the window itself */
void        _stroma_window_desk_class_init     (GtkWidgetClass *widget_class);
void        _stroma_window_desk_init           (StromaWindow   *self);
void        _stroma_window_desk_set_trial      (StromaWindow   *self,
                                                StromaTrial    *trial);

G_END_DECLS
