/* stroma-subject-item.h — one subject as a list item
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "core/stroma-records.h"
#include "core/stroma-summary.h"

G_BEGIN_DECLS

#define STROMA_TYPE_SUBJECT_ITEM (stroma_subject_item_get_type ())

G_DECLARE_FINAL_TYPE (StromaSubjectItem, stroma_subject_item, STROMA, SUBJECT_ITEM, GObject)

StromaSubjectItem          *stroma_subject_item_new         (const StromaSubject  *subject,
                                                             const char           *arm_id,
                                                             const char           *arm_label,
                                                             const char           *donor_label);
const StromaSubject        *stroma_subject_item_get_subject (StromaSubjectItem    *self);
const StromaSubjectSummary *stroma_subject_item_get_summary (StromaSubjectItem    *self);
void                        stroma_subject_item_set_summary (StromaSubjectItem    *self,
                                                             StromaSubjectSummary *summary);

G_END_DECLS
