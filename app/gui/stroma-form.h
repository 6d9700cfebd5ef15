/* stroma-form.h — what every data-entry window of the desk shares
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "stroma-desk.h"

G_BEGIN_DECLS

void        stroma_form_add_shortcuts  (GtkWindow       *window);
void        stroma_form_init           (GtkWindow       *dialog,
                                        GtkWindow       *parent);
const char *stroma_form_text           (gpointer         editable);
void        stroma_form_set_text       (gpointer         editable,
                                        const char      *text);
void        stroma_form_set_double     (gpointer         editable,
                                        double           value,
                                        int              decimals);
void        stroma_form_show_error     (GtkLabel        *label,
                                        gpointer         widget,
                                        const GError    *error);
void        stroma_form_clear_error    (GtkLabel        *label,
                                        gpointer         first,
                                        ...) G_GNUC_NULL_TERMINATED;
void        stroma_form_mark_invalid   (gpointer         widget,
                                        gboolean         invalid);
void        stroma_form_combo_set_ids  (AdwComboRow     *row,
                                        const char * const *labels);
const char *stroma_form_combo_id       (AdwComboRow     *row,
                                        const char * const *ids);
void        stroma_form_combo_select   (AdwComboRow     *row,
                                        const char * const *ids,
                                        const char      *id);
gboolean    stroma_form_require_user   (StromaDesk      *desk,
                                        StromaAction     action,
                                        GtkLabel        *label);
char       *stroma_form_describe_error (const GError    *error);
void        stroma_form_saved          (GtkWindow       *dialog,
                                        StromaDesk      *desk,
                                        gint64           subject_id);
void        stroma_form_notify_saved   (GtkWindow       *window,
                                        StromaDesk      *desk,
                                        gint64           subject_id);
const char * const *stroma_form_translate (const char * const *labels,
                                        const char     **out);

G_END_DECLS
