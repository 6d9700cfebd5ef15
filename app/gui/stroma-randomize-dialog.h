/* stroma-randomize-dialog.h — randomize one subject, and show the allocation once
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "stroma-desk.h"

G_BEGIN_DECLS

GtkWindow *stroma_randomize_dialog_present (GtkWindow  *parent,
                                            StromaDesk *desk,
                                            gint64      subject_id);

G_END_DECLS
