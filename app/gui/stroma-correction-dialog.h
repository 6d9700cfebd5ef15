/* stroma-correction-dialog.h — correct one saved value, with a reason, beside its history
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "stroma-desk.h"

G_BEGIN_DECLS

#define STROMA_TYPE_CORRECTION_DIALOG (stroma_correction_dialog_get_type ())

G_DECLARE_FINAL_TYPE (StromaCorrectionDialog, stroma_correction_dialog, STROMA, CORRECTION_DIALOG,
                      AdwWindow)

GtkWindow  *stroma_correction_dialog_new         (GtkWindow              *parent,
                                                  StromaDesk             *desk,
                                                  StromaRecordKind        kind,
                                                  gint64                  record_id,
                                                  const char             *field);
GListModel *stroma_correction_dialog_get_history (StromaCorrectionDialog *self);
gboolean    stroma_field_parse                   (const StromaFieldInfo  *field,
                                                  gpointer                record,
                                                  const char             *text,
                                                  const char             *today,
                                                  GError                **error);
char       *stroma_field_format                  (gconstpointer           record,
                                                  const StromaFieldInfo  *field);
gboolean    stroma_field_is_correctable          (const StromaRecordInfo *info,
                                                  const StromaFieldInfo  *field);

G_END_DECLS
