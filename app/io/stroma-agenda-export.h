/* stroma-agenda-export.h — the coordinator's agenda as an iCalendar file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "core/stroma-protocol.h"
#include "core/stroma-schedule.h"

G_BEGIN_DECLS

char *stroma_agenda_to_ics         (const StromaProtocol *protocol,
                                    const StromaAgenda   *agenda,
                                    GDateTime            *stamp);
char *stroma_agenda_dose_uid       (const StromaProtocol *protocol,
                                    const char           *subject_code,
                                    guint                 number);
char *stroma_agenda_dose_label     (const StromaProtocol    *protocol,
                                    const StromaProductPlan *plan,
                                    const StromaProductDose *dose);
void  stroma_ics_append_line       (GString              *out,
                                    const char           *line);
void  stroma_ics_append_text       (GString              *out,
                                    const char           *name,
                                    const char           *text);

G_END_DECLS
