/* stroma-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "stroma-application.h"

G_BEGIN_DECLS

#define STROMA_TYPE_WINDOW (stroma_window_get_type ())

G_DECLARE_FINAL_TYPE (StromaWindow, stroma_window, STROMA, WINDOW, AdwApplicationWindow)

StromaWindow *stroma_window_new          (StromaApplication *application);
gboolean      stroma_window_open_trial   (StromaWindow      *self,
                                          GFile             *file);
GListModel   *stroma_window_get_subjects (StromaWindow      *self);
gboolean      stroma_window_show_subject (StromaWindow      *self,
                                          const char        *code);

G_END_DECLS
