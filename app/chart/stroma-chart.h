/* stroma-chart.h — the blood-count chart renderer: model, axes, style, drawing, files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "stroma-chart-axis.h"
#include "stroma-chart-model.h"
#include "stroma-chart-output.h"
#include "stroma-chart-render.h"
#include "stroma-chart-style.h"
#include "stroma-subject-chart.h"
