/* stroma-chart-style.c — light and dark chart styles
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "stroma-chart"

#include "config.h"

#include <glib/gi18n.h>

#include "stroma-chart-style.h"

#define RGB(r, g, b)     { (r) / 255.0, (g) / 255.0, (b) / 255.0, 1.0 }
#define RGBA(r, g, b, a) { (r) / 255.0, (g) / 255.0, (b) / 255.0, (a) }

/* Okabe–Ito */
#define OI_BLACK          RGB (0, 0, 0)
#define OI_ORANGE         RGB (230, 159, 0)
#define OI_SKY_BLUE       RGB (86, 180, 233)
#define OI_BLUISH_GREEN   RGB (0, 158, 115)
#define OI_YELLOW         RGB (240, 228, 66)
#define OI_BLUE           RGB (0, 114, 178)
#define OI_VERMILLION     RGB (213, 94, 0)
#define OI_REDDISH_PURPLE RGB (204, 121, 167)

static const StromaChartStyle light_style = {
  .background      = RGB (255, 255, 255),
  .plot_background = RGB (255, 255, 255),
  .text            = RGB (31, 31, 31),
  .text_muted      = RGB (94, 94, 100),
  .grid            = RGB (228, 228, 231),
  .axis            = RGB (138, 138, 143),
  .threshold       = OI_VERMILLION,
  .halo            = RGBA (255, 255, 255, 0.85),
  .series = {
    OI_BLUE,
    OI_BLUISH_GREEN,
    OI_REDDISH_PURPLE,
    OI_ORANGE,
    OI_SKY_BLUE,
    OI_BLACK,
  },
  .band = {
    [STROMA_CHART_BAND_CONDITIONING]  = RGBA (128, 128, 128, 0.16),
    [STROMA_CHART_BAND_GROWTH_FACTOR] = RGBA (240, 228, 66, 0.30),
    [STROMA_CHART_BAND_OTHER]         = RGBA (204, 121, 167, 0.14),
    [STROMA_CHART_BAND_THROMBOPOIETIC] = RGBA (86, 180, 233, 0.16),
  },
  .marker = {
    [STROMA_CHART_MARKER_DAY_ZERO]        = RGB (31, 31, 31),
    [STROMA_CHART_MARKER_MSC_INFUSION]    = OI_BLUISH_GREEN,
    [STROMA_CHART_MARKER_RBC_TRANSFUSION] = OI_VERMILLION,
    [STROMA_CHART_MARKER_PLT_TRANSFUSION] = OI_ORANGE,
    [STROMA_CHART_MARKER_RESPONSE]        = OI_BLUE,
    [STROMA_CHART_MARKER_TREATMENT_START] = OI_SKY_BLUE,
  },
  .series_line_width    = 1.75,
  .point_radius         = 2.75,
  .grid_line_width      = 1,
  .axis_line_width      = 1,
  .threshold_line_width = 1,
  .marker_line_width    = 1,
  .glyph_size           = 9,
  .faint_alpha          = 0.2,
  .band_alpha           = 0.22,
  .font_family          = "Sans",
  .font_size            = 12,
};

static const StromaChartStyle dark_style = {
  .background      = RGB (30, 30, 30),
  .plot_background = RGB (36, 36, 36),
  .text            = RGB (240, 240, 240),
  .text_muted      = RGB (176, 176, 176),
  .grid            = RGB (58, 58, 58),
  .axis            = RGB (128, 128, 128),
  .threshold       = RGB (232, 116, 59),  /* vermillion, lifted for a dark ground */
  .halo            = RGBA (36, 36, 36, 0.85),
  .series = {
    OI_SKY_BLUE,
    OI_BLUISH_GREEN,
    OI_REDDISH_PURPLE,
    OI_ORANGE,
    OI_YELLOW,
    RGB (240, 240, 240),
  },
  .band = {
    [STROMA_CHART_BAND_CONDITIONING]  = RGBA (255, 255, 255, 0.10),
    [STROMA_CHART_BAND_GROWTH_FACTOR] = RGBA (240, 228, 66, 0.18),
    [STROMA_CHART_BAND_OTHER]         = RGBA (204, 121, 167, 0.20),
    [STROMA_CHART_BAND_THROMBOPOIETIC] = RGBA (86, 180, 233, 0.16),
  },
  .marker = {
    [STROMA_CHART_MARKER_DAY_ZERO]        = RGB (240, 240, 240),
    [STROMA_CHART_MARKER_MSC_INFUSION]    = OI_BLUISH_GREEN,
    [STROMA_CHART_MARKER_RBC_TRANSFUSION] = RGB (232, 116, 59),
    [STROMA_CHART_MARKER_PLT_TRANSFUSION] = OI_ORANGE,
    [STROMA_CHART_MARKER_RESPONSE]        = OI_SKY_BLUE,
    [STROMA_CHART_MARKER_TREATMENT_START] = OI_YELLOW,
  },
  .series_line_width    = 1.75,
  .point_radius         = 2.75,
  .grid_line_width      = 1,
  .axis_line_width      = 1,
  .threshold_line_width = 1,
  .marker_line_width    = 1,
  .glyph_size           = 9,
  .faint_alpha          = 0.25,
  .band_alpha           = 0.28,
  .font_family          = "Sans",
  .font_size            = 12,
};

/**
 * stroma_chart_style_get_light:
 *
 * The style for a light background. Copy it to change a field.
 *
 * Returns: (transfer none): the light style
 */
const StromaChartStyle *
stroma_chart_style_get_light (void)
{
  return &light_style;
}

/**
 * stroma_chart_style_get_dark:
 *
 * The style for a dark background. Copy it to change a field.
 *
 * Returns: (transfer none): the dark style
 */
const StromaChartStyle *
stroma_chart_style_get_dark (void)
{
  return &dark_style;
}
