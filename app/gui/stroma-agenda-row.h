/* stroma-agenda-row.h — one product dose on the coordinator's agenda, as a list item
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "core/stroma-schedule.h"

G_BEGIN_DECLS

#define STROMA_TYPE_AGENDA_ROW (stroma_agenda_row_get_type ())

G_DECLARE_FINAL_TYPE (StromaAgendaRow, stroma_agenda_row, STROMA, AGENDA_ROW, GObject)

StromaAgendaRow *stroma_agenda_row_new            (const StromaProtocol    *protocol,
                                                   const StromaProductPlan *plan,
                                                   const StromaProductDose *dose,
                                                   const char              *as_of);
gint64           stroma_agenda_row_get_subject_id (StromaAgendaRow         *self);
guint            stroma_agenda_row_get_number     (StromaAgendaRow         *self);
const char      *stroma_agenda_row_get_subject_code (StromaAgendaRow       *self);
void             stroma_agenda_row_set_more_overdue (StromaAgendaRow       *self,
                                                     guint                  n_more);

G_END_DECLS
