/* stroma-chart-output.h — a chart as a PNG, SVG or PDF file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "stroma-chart-model.h"
#include "stroma-chart-style.h"

G_BEGIN_DECLS

#define STROMA_CHART_ERROR (stroma_chart_error_quark ())

typedef enum
{
  STROMA_CHART_ERROR_UNKNOWN_FORMAT,  /* the file name has no known extension */
  STROMA_CHART_ERROR_INVALID_SIZE,    /* zero, negative or too large */
  STROMA_CHART_ERROR_RENDER,          /* cairo could not produce the image */
} StromaChartError;

typedef enum
{
  STROMA_CHART_FORMAT_PNG,
  STROMA_CHART_FORMAT_SVG,
  STROMA_CHART_FORMAT_PDF,
} StromaChartFormat;

GQuark   stroma_chart_error_quark       (void);
gboolean stroma_chart_format_from_path  (const char             *path,
                                         StromaChartFormat      *format);
GBytes  *stroma_chart_render_to_bytes   (StromaChart            *self,
                                         StromaChartFormat       format,
                                         double                  width,
                                         double                  height,
                                         const StromaChartStyle *style,
                                         GError                **error);
gboolean stroma_chart_write_file        (StromaChart            *self,
                                         const char             *path,
                                         double                  width,
                                         double                  height,
                                         const StromaChartStyle *style,
                                         GError                **error);

G_END_DECLS
