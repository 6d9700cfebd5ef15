/* stroma-sign-in-dialog.h — choose who enters data
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "stroma-desk.h"

G_BEGIN_DECLS

#define STROMA_TYPE_SIGN_IN_DIALOG (stroma_sign_in_dialog_get_type ())

G_DECLARE_FINAL_TYPE (StromaSignInDialog, stroma_sign_in_dialog, STROMA, SIGN_IN_DIALOG, AdwWindow)

GtkWindow *stroma_sign_in_dialog_new (GtkWindow  *parent,
                                      StromaDesk *desk);

G_END_DECLS
