/* stroma-lab-grid.h — a week of laboratory values, typed from the keyboard
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "stroma-desk.h"

G_BEGIN_DECLS

#define STROMA_TYPE_LAB_GRID (stroma_lab_grid_get_type ())

G_DECLARE_FINAL_TYPE (StromaLabGrid, stroma_lab_grid, STROMA, LAB_GRID, AdwWindow)

#define STROMA_LAB_GRID_ROWS 7

GtkWindow  *stroma_lab_grid_new         (GtkWindow     *parent,
                                         StromaDesk    *desk,
                                         gint64         subject_id);
gboolean    stroma_lab_grid_set_panel   (StromaLabGrid *self,
                                         const char    *panel);
gboolean    stroma_lab_grid_set_first_date (StromaLabGrid *self,
                                         const char    *date);
GtkEntry   *stroma_lab_grid_get_cell    (StromaLabGrid *self,
                                         guint          row,
                                         const char    *test_code);
GtkEntry   *stroma_lab_grid_get_date    (StromaLabGrid *self,
                                         guint          row);
const char *stroma_lab_grid_get_badge   (StromaLabGrid *self,
                                         guint          row,
                                         const char    *test_code);
gboolean    stroma_lab_grid_set_unit    (StromaLabGrid *self,
                                         const char    *test_code,
                                         const char    *unit);
const char *stroma_lab_grid_get_message (StromaLabGrid *self);

G_END_DECLS
