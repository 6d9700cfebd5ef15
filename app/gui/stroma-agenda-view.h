/* stroma-agenda-view.h — infusions overdue, due today and this week, across subjects
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "stroma-desk.h"

G_BEGIN_DECLS

#define STROMA_TYPE_AGENDA_VIEW (stroma_agenda_view_get_type ())

G_DECLARE_FINAL_TYPE (StromaAgendaView, stroma_agenda_view, STROMA, AGENDA_VIEW, GtkWidget)

void        stroma_agenda_view_set_desk   (StromaAgendaView *self,
                                           StromaDesk       *desk);
gboolean    stroma_agenda_view_set_as_of  (StromaAgendaView *self,
                                           const char       *as_of);
const char *stroma_agenda_view_get_as_of  (StromaAgendaView *self);
GListModel *stroma_agenda_view_get_list   (StromaAgendaView *self,
                                           const char       *name);

G_END_DECLS
