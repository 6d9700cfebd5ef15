/* stroma-overview-view.h — every arm's counts by day of treatment
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "chart/stroma-chart.h"
#include "stroma-trial.h"

G_BEGIN_DECLS

#define STROMA_TYPE_OVERVIEW_VIEW (stroma_overview_view_get_type ())

G_DECLARE_FINAL_TYPE (StromaOverviewView, stroma_overview_view, STROMA, OVERVIEW_VIEW, GtkWidget)

void         stroma_overview_view_set_trial (StromaOverviewView *self,
                                             StromaTrial        *trial);
StromaChart *stroma_overview_view_get_chart (StromaOverviewView *self);

G_END_DECLS
