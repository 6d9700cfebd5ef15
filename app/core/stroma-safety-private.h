/* stroma-safety-private.h — helpers shared by safety, titration and escalation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "stroma-protocol.h"
#include "stroma-records.h"

G_BEGIN_DECLS

gboolean stroma_safety_parse_date         (const char               *text,
                                           GDate                    *date);
char    *stroma_safety_format_date        (const GDate              *date);
gint     stroma_safety_days_between       (const GDate              *from,
                                           const GDate              *to);
gboolean stroma_safety_check_as_of        (const char               *as_of,
                                           GDate                    *date,
                                           GQuark                    domain,
                                           gint                      code,
                                           GError                  **error);
gboolean stroma_safety_infusion_given     (const StromaInfusion     *infusion,
                                           const GDate              *as_of,
                                           GDate                    *date);
gboolean stroma_safety_first_infusion     (const StromaSubjectRecord *record,
                                           const GDate              *as_of,
                                           GDate                    *date);
gboolean stroma_safety_medication_is_care (const StromaMedication   *medication,
                                           const StromaCareItem     *care);

G_END_DECLS
