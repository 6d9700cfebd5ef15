/* stroma-schedule-private.h — calendar dates shared by the schedule and regimen planners
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Dates are Julian day numbers (GDate's, day 1 = 0001-01-01) inside the planners, so that
 * "date + n days" is integer arithmetic that no time zone or DST rule can touch. */

gboolean  stroma_schedule_date_parse  (const char  *text,
                                       guint32     *julian);
char     *stroma_schedule_date_format (guint32      julian);

G_END_DECLS
