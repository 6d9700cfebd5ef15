/* stroma-chart-render.c — drawing a chart on any cairo_t
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "stroma-chart"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <pango/pangocairo.h>

#include "stroma-chart-private.h"
#include "stroma-chart-render.h"

#define PAD            8.0   /* around the whole drawing */
#define TICK_LENGTH    4.0
#define LABEL_GAP      4.0   /* between a tick and its label */
#define PANEL_GAP     12.0
#define LEGEND_SPACING 16.0
#define BAND_SWATCH   18.0
#define MIN_PLOT_HEIGHT 16.0
#define MARKER_LABEL_SCALE 0.85  /* marker labels are set a little smaller: they crowd */

typedef enum
{
  LEGEND_MARKER,
  LEGEND_BAND,
  LEGEND_THRESHOLD,
} LegendType;

typedef struct
{
  LegendType  type;
  guint       kind;
  const char *label;
  double      width;
  double      x;
  double      y;
} LegendEntry;

typedef struct
{
  StromaChart            *chart;
  cairo_t                *cr;
  PangoLayout            *layout;
  PangoFontDescription   *font;
  PangoFontDescription   *bold;
  PangoFontDescription   *small;   /* marker labels */
  const StromaChartStyle *style;
  StromaChartFrame       *frame;
  double                  view_first;
  double                  view_last;
  cairo_matrix_t          matrix;   /* user to device, for pixel snapping */
  gboolean                can_snap;
  double                  device_scale;
} Draw;

/* Which row of the marker lane each kind goes to, before empty rows are dropped:
 * day 0 and infusions share the first row, the endpoint has its own so its
 * label is never crowded out, and each kind of transfusion has a row. */
#define N_LANE_GROUPS 4
static const int lane_group[STROMA_CHART_N_MARKER_KINDS] = {
  [STROMA_CHART_MARKER_DAY_ZERO]        = 0,
  [STROMA_CHART_MARKER_MSC_INFUSION]    = 0,
  [STROMA_CHART_MARKER_RESPONSE]        = 1,
  [STROMA_CHART_MARKER_TREATMENT_START] = 1,
  [STROMA_CHART_MARKER_RBC_TRANSFUSION] = 2,
  [STROMA_CHART_MARKER_PLT_TRANSFUSION] = 3,
};

/* Transfusions are frequent; their lines stay faint so they do not hide the data. */
static const double marker_line_alpha[STROMA_CHART_N_MARKER_KINDS] = {
  [STROMA_CHART_MARKER_DAY_ZERO]        = 1.0,
  [STROMA_CHART_MARKER_MSC_INFUSION]    = 1.0,
  [STROMA_CHART_MARKER_RESPONSE]        = 1.0,
  [STROMA_CHART_MARKER_TREATMENT_START] = 1.0,
  [STROMA_CHART_MARKER_RBC_TRANSFUSION] = 0.5,
  [STROMA_CHART_MARKER_PLT_TRANSFUSION] = 0.5,
};

static const char *
marker_kind_name (StromaChartMarkerKind kind)
{
  switch (kind)
    {
    case STROMA_CHART_MARKER_DAY_ZERO:
      return _("Day 0 (transplant)");
    case STROMA_CHART_MARKER_MSC_INFUSION:
      return _("MSC infusion");
    case STROMA_CHART_MARKER_RBC_TRANSFUSION:
      return _("RBC transfusion");
    case STROMA_CHART_MARKER_PLT_TRANSFUSION:
      return _("Platelet transfusion");
    case STROMA_CHART_MARKER_RESPONSE:
      return _("Engraftment or response");
    case STROMA_CHART_MARKER_TREATMENT_START:
      return _("Start of treatment");
    case STROMA_CHART_N_MARKER_KINDS:
    default:
      g_return_val_if_reached ("");
    }
}

static const char *
band_kind_name (StromaChartBandKind kind)
{
  switch (kind)
    {
    case STROMA_CHART_BAND_CONDITIONING:
      return _("Conditioning");
    case STROMA_CHART_BAND_GROWTH_FACTOR:
      return _("Growth factor");
    case STROMA_CHART_BAND_OTHER:
      return _("Period");
    case STROMA_CHART_BAND_THROMBOPOIETIC:
      return _("Thrombopoietic agent");
    case STROMA_CHART_N_BAND_KINDS:
    default:
      g_return_val_if_reached ("");
    }
}

static void
set_color (cairo_t                *cr,
           const StromaChartColor *color)
{
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha);
}

static void
set_color_alpha (cairo_t                *cr,
                 const StromaChartColor *color,
                 double                  alpha)
{
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha * alpha);
}

static void
text_size (PangoLayout *layout,
           const char  *text,
           double      *width,
           double      *height)
{
  int w, h;

  pango_layout_set_text (layout, text, -1);
  pango_layout_get_size (layout, &w, &h);
  if (width != NULL)
    *width = (double) w / PANGO_SCALE;
  if (height != NULL)
    *height = (double) h / PANGO_SCALE;
}

static PangoFontDescription *
style_font (const StromaChartStyle *style,
            double                  scale,
            gboolean                bold)
{
  PangoFontDescription *font = pango_font_description_new ();

  pango_font_description_set_family (font, style->font_family ? style->font_family : "Sans");
  pango_font_description_set_absolute_size (font,
                                            MAX (style->font_size * scale, 1) * PANGO_SCALE);
  if (bold)
    pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);

  return font;
}

/* Ticks and labels */

static void
ensure_y_ticks (StromaChartPanel *panel,
                guint             max_ticks)
{
  const StromaChartAxis *axis = &panel->y_axis;
  double step = 0;

  if (panel->ticks != NULL &&
      panel->tick_max == max_ticks &&
      panel->tick_axis.scale == axis->scale &&
      panel->tick_axis.min == axis->min &&
      panel->tick_axis.max == axis->max)
    return;

  g_clear_pointer (&panel->ticks, g_array_unref);
  g_clear_pointer (&panel->tick_labels, g_ptr_array_unref);

  panel->ticks = stroma_chart_axis_compute_ticks (axis, max_ticks);
  panel->tick_labels = g_ptr_array_new_with_free_func (g_free);
  panel->tick_axis = *axis;
  panel->tick_max = max_ticks;

  if (panel->ticks->len > 1)
    step = g_array_index (panel->ticks, double, 1) - g_array_index (panel->ticks, double, 0);

  for (guint i = 0; i < panel->ticks->len; i++)
    g_ptr_array_add (panel->tick_labels,
                     stroma_chart_axis_format_tick (axis,
                                                    g_array_index (panel->ticks, double, i),
                                                    step));
}

static gboolean
chart_is_dated (StromaChart *self)
{
  return self->x_labels == STROMA_CHART_X_LABELS_DATES && g_date_valid (&self->day_zero);
}

static char *
format_x_tick (StromaChart *self,
               double       day,
               int         *last_year)
{
  long n = lround (day);

  if (chart_is_dated (self) && labs (n) < 100000)
    {
      GDate date = self->day_zero;
      char month[32];

      if (n >= 0)
        g_date_add_days (&date, (guint) n);
      else
        g_date_subtract_days (&date, (guint) -n);

      if (g_date_valid (&date) && g_date_strftime (month, sizeof month, "%b", &date) > 0)
        {
          int year = g_date_get_year (&date);
          char *text;

          /* The year goes on a second line, on the first label and where it changes. */
          if (year != *last_year)
            text = g_strdup_printf ("%d %s\n%d", g_date_get_day (&date), month, year);
          else
            text = g_strdup_printf ("%d %s", g_date_get_day (&date), month);
          *last_year = year;
          return text;
        }
    }

  if (n < 0)
    return g_strdup_printf ("−%ld", -n);
  return g_strdup_printf ("%ld", n);
}

static void
ensure_x_ticks (StromaChart *self,
                double       first,
                double       last,
                guint        max_ticks)
{
  int last_year = G_MININT;

  if (self->xticks != NULL && self->xtick_serial == self->serial && self->xtick_max == max_ticks)
    return;

  g_clear_pointer (&self->xticks, g_array_unref);
  g_clear_pointer (&self->xtick_labels, g_ptr_array_unref);

  self->xticks = stroma_chart_compute_day_ticks (first, last, max_ticks);
  self->xtick_labels = g_ptr_array_new_with_free_func (g_free);
  self->xtick_serial = self->serial;
  self->xtick_max = max_ticks;

  for (guint i = 0; i < self->xticks->len; i++)
    g_ptr_array_add (self->xtick_labels,
                     format_x_tick (self, g_array_index (self->xticks, double, i), &last_year));
}

/* Legend */

static GArray *
legend_collect (StromaChart *self)
{
  GArray *entries = g_array_new (FALSE, TRUE, sizeof (LegendEntry));
  gboolean marker_seen[STROMA_CHART_N_MARKER_KINDS] = { FALSE, };
  gboolean band_seen[STROMA_CHART_N_BAND_KINDS] = { FALSE, };
  gboolean any_threshold = FALSE;

  for (guint i = 0; i < self->markers->len; i++)
    marker_seen[g_array_index (self->markers, StromaChartMarker, i).kind] = TRUE;

  for (guint k = 0; k < STROMA_CHART_N_MARKER_KINDS; k++)
    if (marker_seen[k])
      {
        LegendEntry entry = { LEGEND_MARKER, k, marker_kind_name (k), 0, 0, 0 };
        g_array_append_val (entries, entry);
      }

  for (guint i = 0; i < self->bands->len; i++)
    {
      const StromaChartBand *band = &g_array_index (self->bands, StromaChartBand, i);

      if (band_seen[band->kind])
        continue;
      band_seen[band->kind] = TRUE;

      {
        LegendEntry entry = { LEGEND_BAND, band->kind,
                              band->label ? band->label : band_kind_name (band->kind),
                              0, 0, 0 };
        g_array_append_val (entries, entry);
      }
    }

  for (guint i = 0; i < self->panels->len; i++)
    if (((StromaChartPanel *) g_ptr_array_index (self->panels, i))->thresholds->len > 0)
      any_threshold = TRUE;

  if (any_threshold)
    {
      LegendEntry entry = { LEGEND_THRESHOLD, 0, _("Threshold"), 0, 0, 0 };
      g_array_append_val (entries, entry);
    }

  return entries;
}

static double
legend_swatch_width (const LegendEntry      *entry,
                     const StromaChartStyle *style)
{
  return entry->type == LEGEND_MARKER ? style->glyph_size + 2 : BAND_SWATCH;
}

/* Places entries left to right from @x, wrapping at @right; returns the row count. */
static guint
legend_flow (GArray                 *entries,
             PangoLayout            *layout,
             const StromaChartStyle *style,
             double                  x,
             double                  right,
             double                  y,
             double                  row_height)
{
  double cx = x;
  guint rows = entries->len > 0 ? 1 : 0;

  for (guint i = 0; i < entries->len; i++)
    {
      LegendEntry *entry = &g_array_index (entries, LegendEntry, i);
      double text_width;

      text_size (layout, entry->label, &text_width, NULL);
      entry->width = legend_swatch_width (entry, style) + 5 + text_width;

      if (cx > x && cx + entry->width > right)
        {
          cx = x;
          rows++;
        }

      entry->x = cx;
      entry->y = y + (rows - 1) * row_height;
      cx += entry->width + LEGEND_SPACING;
    }

  return rows;
}

/* Layout */

static gboolean
frame_is_current (StromaChart            *self,
                  const StromaChartStyle *style,
                  double                  width,
                  double                  height)
{
  const StromaChartFrame *frame = &self->frame;

  return frame->valid &&
         frame->width == width &&
         frame->height == height &&
         frame->style == style &&
         frame->font_size == style->font_size &&
         frame->glyph_size == style->glyph_size &&
         frame->data_serial == self->data_serial &&
         frame->x_labels == self->x_labels &&
         frame->dated == chart_is_dated (self);
}

/*
 * Lays out the drawing for a size: the marker lane, the panels with their
 * headers and plots, the time-axis labels and the legend. It depends on the
 * data (y ticks, which markers exist) but not on the view, so panning reuses it.
 */
static StromaChartFrame *
ensure_frame (StromaChart            *self,
              PangoLayout            *layout,
              const StromaChartStyle *style,
              double                  width,
              double                  height)
{
  StromaChartFrame *frame = &self->frame;
  g_autoptr(GArray) legend = NULL;
  gboolean group_used[N_LANE_GROUPS] = { FALSE, };
  int group_row[N_LANE_GROUPS] = { -1, -1, -1, -1 };
  guint n_panels = self->panels->len;
  guint lane_rows = 0, legend_rows;
  double line_height, header_height, bottom, available, plot_height;
  double gutter = 0, right_gutter = 0, y;

  if (frame_is_current (self, style, width, height))
    return frame;

  _stroma_chart_frame_clear (frame);
  frame->panels = g_array_sized_new (FALSE, TRUE, sizeof (StromaChartPanelFrame), n_panels);
  g_array_set_size (frame->panels, n_panels);

  text_size (layout, "Ag", NULL, &line_height);
  frame->line_height = line_height;

  /* Marker lane: only the rows that have markers. */
  for (guint i = 0; i < self->markers->len; i++)
    group_used[lane_group[g_array_index (self->markers, StromaChartMarker, i).kind]] = TRUE;
  for (guint g = 0; g < N_LANE_GROUPS; g++)
    if (group_used[g])
      group_row[g] = (int) lane_rows++;
  for (guint k = 0; k < STROMA_CHART_N_MARKER_KINDS; k++)
    frame->lane_row[k] = group_row[lane_group[k]];
  frame->lane_row_height = MAX (style->glyph_size + 4, line_height + 1);

  frame->lane.x = 0;
  frame->lane.y = PAD;
  frame->lane.width = width;
  frame->lane.height = lane_rows * frame->lane_row_height;

  /* Bottom: tick labels, the axis title and the legend. */
  frame->x_label_lines = chart_is_dated (self) ? 2 : 1;
  legend = legend_collect (self);
  legend_rows = legend_flow (legend, layout, style, PAD, width - PAD, 0, line_height + 4);
  bottom = TICK_LENGTH + LABEL_GAP + frame->x_label_lines * line_height
           + 2 + line_height
           + (legend_rows > 0 ? 8 + legend_rows * (line_height + 4) : 0)
           + PAD;

  header_height = line_height + 6;
  available = height - frame->lane.y - frame->lane.height - (lane_rows > 0 ? 2 : 0)
              - n_panels * header_height - (n_panels > 0 ? (n_panels - 1) * PANEL_GAP : 0)
              - bottom;
  plot_height = n_panels > 0 ? MAX (available / n_panels, MIN_PLOT_HEIGHT) : 0;

  /* Y ticks depend on the plot height, the gutter on the tick labels. */
  for (guint i = 0; i < n_panels; i++)
    {
      StromaChartPanel *panel = g_ptr_array_index (self->panels, i);
      guint max_ticks = (guint) MAX (2, floor (plot_height / (line_height * 1.5)) + 1);

      ensure_y_ticks (panel, max_ticks);
      for (guint t = 0; t < panel->tick_labels->len; t++)
        {
          double w;

          text_size (layout, g_ptr_array_index (panel->tick_labels, t), &w, NULL);
          gutter = MAX (gutter, w);
        }
    }

  /* Threshold labels sit right of the plots. */
  for (guint i = 0; i < n_panels; i++)
    {
      StromaChartPanel *panel = g_ptr_array_index (self->panels, i);

      for (guint t = 0; t < panel->thresholds->len; t++)
        {
          const char *label = g_array_index (panel->thresholds, StromaChartThreshold, t).label;
          double w;

          if (label == NULL)
            continue;
          text_size (layout, label, &w, NULL);
          right_gutter = MAX (right_gutter, w + LABEL_GAP);
        }
    }

  frame->plot_x = PAD + gutter + LABEL_GAP + TICK_LENGTH;
  frame->plot_width = MAX (width - frame->plot_x - MAX (right_gutter, PAD) - PAD, 1);
  frame->lane.x = frame->plot_x;
  frame->lane.width = frame->plot_width;

  y = frame->lane.y + frame->lane.height + (lane_rows > 0 ? 2 : 0);
  for (guint i = 0; i < n_panels; i++)
    {
      StromaChartPanelFrame *pf = &g_array_index (frame->panels, StromaChartPanelFrame, i);

      pf->header = (StromaChartRect) { frame->plot_x, y, frame->plot_width, header_height };
      y += header_height;
      pf->plot = (StromaChartRect) { frame->plot_x, y, frame->plot_width, plot_height };
      y += plot_height + PANEL_GAP;
    }
  if (n_panels > 0)
    y -= PANEL_GAP;

  frame->x_labels_area = (StromaChartRect) {
    frame->plot_x, y, frame->plot_width,
    TICK_LENGTH + LABEL_GAP + (frame->x_label_lines + 1) * line_height + 2
  };
  y += frame->x_labels_area.height;
  frame->legend = (StromaChartRect) {
    PAD, y + 8, width - 2 * PAD, legend_rows * (line_height + 4)
  };

  frame->width = width;
  frame->height = height;
  frame->style = style;
  frame->font_size = style->font_size;
  frame->glyph_size = style->glyph_size;
  frame->data_serial = self->data_serial;
  frame->x_labels = self->x_labels;
  frame->dated = chart_is_dated (self);
  frame->valid = TRUE;

  return frame;
}

/* Pixel snapping: 1 px lines on pixel centres, edges on pixel edges. */

static double
device_line_width (Draw   *d,
                   double  width)
{
  return MAX (1, round (width * d->device_scale));
}

static void
set_line_width (Draw   *d,
                double  width)
{
  cairo_set_line_width (d->cr, device_line_width (d, width) / d->device_scale);
}

static double
snap_line (Draw   *d,
           double  user,
           double  scale,
           double  offset,
           double  width)
{
  double device;

  if (!d->can_snap)
    return user;

  device = user * scale + offset;
  if ((long) device_line_width (d, width) % 2 == 1)
    device = floor (device) + 0.5;
  else
    device = round (device);

  return (device - offset) / scale;
}

static double
snap_x (Draw   *d,
        double  x,
        double  width)
{
  return snap_line (d, x, d->matrix.xx, d->matrix.x0, width);
}

static double
snap_y (Draw   *d,
        double  y,
        double  width)
{
  return snap_line (d, y, d->matrix.yy, d->matrix.y0, width);
}

static double
snap_edge_x (Draw   *d,
             double  x)
{
  if (!d->can_snap)
    return x;
  return (round (x * d->matrix.xx + d->matrix.x0) - d->matrix.x0) / d->matrix.xx;
}

static double
day_to_x (Draw                  *d,
          const StromaChartRect *plot,
          double                 day)
{
  return plot->x + (day - d->view_first) / (d->view_last - d->view_first) * plot->width;
}

static void
draw_text (Draw                   *d,
           const char             *text,
           double                  x,
           double                  y,
           double                  align_x,
           const StromaChartColor *color)
{
  double w;

  text_size (d->layout, text, &w, NULL);
  cairo_move_to (d->cr, x - align_x * w, y);
  set_color (d->cr, color);
  pango_cairo_show_layout (d->cr, d->layout);
}

static void
clip_rect (cairo_t               *cr,
           const StromaChartRect *rect)
{
  cairo_rectangle (cr, rect->x, rect->y, rect->width, rect->height);
  cairo_clip (cr);
}

/* Glyphs */

static void
glyph_path (cairo_t               *cr,
            StromaChartMarkerKind  kind,
            double                 cx,
            double                 cy,
            double                 size)
{
  double r = size / 2;

  switch (kind)
    {
    case STROMA_CHART_MARKER_DAY_ZERO:        /* diamond */
      cairo_move_to (cr, cx, cy - r * 1.15);
      cairo_line_to (cr, cx + r * 1.15, cy);
      cairo_line_to (cr, cx, cy + r * 1.15);
      cairo_line_to (cr, cx - r * 1.15, cy);
      cairo_close_path (cr);
      break;

    case STROMA_CHART_MARKER_MSC_INFUSION:    /* triangle pointing down, into the plots */
      cairo_move_to (cr, cx - r * 1.1, cy - r * 0.8);
      cairo_line_to (cr, cx + r * 1.1, cy - r * 0.8);
      cairo_line_to (cr, cx, cy + r * 1.05);
      cairo_close_path (cr);
      break;

    case STROMA_CHART_MARKER_RBC_TRANSFUSION: /* disc */
      cairo_new_sub_path (cr);
      cairo_arc (cr, cx, cy, r * 0.9, 0, 2 * G_PI);
      cairo_close_path (cr);
      break;

    case STROMA_CHART_MARKER_PLT_TRANSFUSION: /* square */
      cairo_rectangle (cr, cx - r * 0.8, cy - r * 0.8, r * 1.6, r * 1.6);
      break;

    case STROMA_CHART_MARKER_RESPONSE:        /* five-pointed star */
      for (int i = 0; i < 10; i++)
        {
          double angle = -G_PI / 2 + i * G_PI / 5;
          double radius = (i % 2 == 0) ? r * 1.25 : r * 0.5;

          if (i == 0)
            cairo_move_to (cr, cx + radius * cos (angle), cy + radius * sin (angle));
          else
            cairo_line_to (cr, cx + radius * cos (angle), cy + radius * sin (angle));
        }
      cairo_close_path (cr);
      break;

    case STROMA_CHART_MARKER_TREATMENT_START: /* triangle pointing right: "play" */
      cairo_move_to (cr, cx - r * 0.85, cy - r * 1.05);
      cairo_line_to (cr, cx + r * 1.1, cy);
      cairo_line_to (cr, cx - r * 0.85, cy + r * 1.05);
      cairo_close_path (cr);
      break;

    case STROMA_CHART_N_MARKER_KINDS:
    default:
      g_assert_not_reached ();
    }
}

static void
draw_glyph (Draw                  *d,
            StromaChartMarkerKind  kind,
            double                 cx,
            double                 cy)
{
  glyph_path (d->cr, kind, cx, cy, d->style->glyph_size);
  set_color (d->cr, &d->style->marker[kind]);
  cairo_fill_preserve (d->cr);
  /* A thin outline in the background colour keeps touching glyphs apart. */
  set_color (d->cr, &d->style->background);
  cairo_set_line_width (d->cr, 1 / d->device_scale);
  cairo_stroke (d->cr);
}

static void
set_marker_dash (Draw                  *d,
                 StromaChartMarkerKind  kind)
{
  switch (kind)
    {
    case STROMA_CHART_MARKER_DAY_ZERO:
    case STROMA_CHART_MARKER_RESPONSE:
    case STROMA_CHART_MARKER_TREATMENT_START:
      cairo_set_dash (d->cr, NULL, 0, 0);
      break;

    case STROMA_CHART_MARKER_MSC_INFUSION:
      cairo_set_dash (d->cr, (double[]) { 4, 3 }, 2, 0);
      break;

    case STROMA_CHART_MARKER_RBC_TRANSFUSION:
    case STROMA_CHART_MARKER_PLT_TRANSFUSION:
      cairo_set_dash (d->cr, (double[]) { 1, 3 }, 2, 0);
      break;

    case STROMA_CHART_N_MARKER_KINDS:
    default:
      g_assert_not_reached ();
    }
}

/* Panels */

static void
draw_bands (Draw                  *d,
            const StromaChartRect *plot)
{
  for (guint i = 0; i < d->chart->bands->len; i++)
    {
      const StromaChartBand *band = &g_array_index (d->chart->bands, StromaChartBand, i);
      double x0, x1;

      if (band->last_day + 1 < d->view_first || band->first_day > d->view_last)
        continue;

      x0 = snap_edge_x (d, MAX (day_to_x (d, plot, band->first_day), plot->x));
      x1 = snap_edge_x (d, MIN (day_to_x (d, plot, band->last_day + 1), plot->x + plot->width));
      if (x1 <= x0)
        continue;

      cairo_rectangle (d->cr, x0, plot->y, x1 - x0, plot->height);
      set_color (d->cr, &d->style->band[band->kind]);
      cairo_fill (d->cr);
    }
}

static void
draw_grid (Draw                  *d,
           StromaChartPanel      *panel,
           const StromaChartRect *plot)
{
  cairo_t *cr = d->cr;
  double width = d->style->grid_line_width;

  set_line_width (d, width);
  set_color (cr, &d->style->grid);

  for (guint i = 0; i < panel->ticks->len; i++)
    {
      double t = stroma_chart_axis_normalize (&panel->y_axis,
                                              g_array_index (panel->ticks, double, i));
      double y;

      if (!(t >= 0 && t <= 1))
        continue;
      y = snap_y (d, plot->y + (1 - t) * plot->height, width);
      cairo_move_to (cr, plot->x, y);
      cairo_line_to (cr, plot->x + plot->width, y);
    }

  for (guint i = 0; i < d->chart->xticks->len; i++)
    {
      double x = snap_x (d, day_to_x (d, plot, g_array_index (d->chart->xticks, double, i)), width);

      cairo_move_to (cr, x, plot->y);
      cairo_line_to (cr, x, plot->y + plot->height);
    }

  cairo_stroke (cr);

  /* A log axis labelled by decades keeps faint lines at 2 and 5 to read values by. */
  if (panel->y_axis.scale == STROMA_CHART_SCALE_LOG10 && panel->ticks->len >= 2 &&
      g_array_index (panel->ticks, double, 1) / g_array_index (panel->ticks, double, 0) > 9.99)
    {
      int d0 = (int) floor (log10 (panel->y_axis.min));
      int d1 = (int) ceil (log10 (panel->y_axis.max));

      set_color_alpha (cr, &d->style->grid, 0.5);
      for (int e = d0; e <= d1; e++)
        for (int m = 2; m <= 5; m += 3)
          {
            double t = stroma_chart_axis_normalize (&panel->y_axis, m * pow (10, e));
            double y;

            if (!(t > 0 && t < 1))
              continue;
            y = snap_y (d, plot->y + (1 - t) * plot->height, width);
            cairo_move_to (cr, plot->x, y);
            cairo_line_to (cr, plot->x + plot->width, y);
          }
      cairo_stroke (cr);
    }
}

static void
draw_marker_lines (Draw                  *d,
                   const StromaChartRect *plot)
{
  cairo_t *cr = d->cr;
  double width = d->style->marker_line_width;

  cairo_save (cr);
  set_line_width (d, width);

  for (guint i = 0; i < d->chart->markers->len; i++)
    {
      const StromaChartMarker *marker = &g_array_index (d->chart->markers, StromaChartMarker, i);
      double x;

      if (marker->day < d->view_first || marker->day > d->view_last)
        continue;

      x = snap_x (d, day_to_x (d, plot, marker->day), width);
      set_marker_dash (d, marker->kind);
      set_color_alpha (cr, &d->style->marker[marker->kind], marker_line_alpha[marker->kind]);
      cairo_move_to (cr, x, plot->y);
      cairo_line_to (cr, x, plot->y + plot->height);
      cairo_stroke (cr);
    }

  cairo_restore (cr);
}

static double
threshold_y (Draw                       *d,
             StromaChartPanel           *panel,
             const StromaChartRect      *plot,
             const StromaChartThreshold *threshold,
             gboolean                   *visible)
{
  double t = stroma_chart_axis_normalize (&panel->y_axis, threshold->value);

  *visible = t >= 0 && t <= 1;
  return snap_y (d, plot->y + (1 - t) * plot->height, d->style->threshold_line_width);
}

static void
draw_threshold_lines (Draw                  *d,
                      StromaChartPanel      *panel,
                      const StromaChartRect *plot)
{
  cairo_t *cr = d->cr;

  cairo_save (cr);
  set_line_width (d, d->style->threshold_line_width);
  cairo_set_dash (cr, (double[]) { 6, 4 }, 2, 0);
  set_color (cr, &d->style->threshold);

  for (guint i = 0; i < panel->thresholds->len; i++)
    {
      const StromaChartThreshold *threshold = &g_array_index (panel->thresholds,
                                                              StromaChartThreshold, i);
      gboolean visible;
      double y = threshold_y (d, panel, plot, threshold, &visible);

      if (!visible)
        continue;
      cairo_move_to (cr, plot->x, y);
      cairo_line_to (cr, plot->x + plot->width, y);
    }

  cairo_stroke (cr);
  cairo_restore (cr);
}

static void
draw_label_with_halo (Draw                   *d,
                      const char             *text,
                      double                  x,
                      double                  y,
                      double                  align_x,
                      const StromaChartColor *color)
{
  double w, h;

  text_size (d->layout, text, &w, &h);
  cairo_rectangle (d->cr, x - align_x * w - 2, y, w + 4, h);
  set_color (d->cr, &d->style->halo);
  cairo_fill (d->cr);
  draw_text (d, text, x, y, align_x, color);
}

typedef struct
{
  double      y;
  const char *label;
} ThresholdLabel;

static int
compare_threshold_labels (gconstpointer a,
                          gconstpointer b)
{
  const ThresholdLabel *la = a;
  const ThresholdLabel *lb = b;

  return (la->y > lb->y) - (la->y < lb->y);
}

/* Labels go in the right margin, level with their line, so they never cover
 * data; labels of close lines are pushed apart, and one that would leave the
 * panel is left out rather than drawn over another. */
static void
draw_threshold_labels (Draw                  *d,
                       StromaChartPanel      *panel,
                       const StromaChartRect *plot)
{
  g_autoptr(GArray) labels = g_array_new (FALSE, FALSE, sizeof (ThresholdLabel));
  double line_height = d->frame->line_height;
  double next_free = plot->y - line_height / 2;

  for (guint i = 0; i < panel->thresholds->len; i++)
    {
      const StromaChartThreshold *threshold = &g_array_index (panel->thresholds,
                                                              StromaChartThreshold, i);
      gboolean visible;
      ThresholdLabel label;

      label.y = threshold_y (d, panel, plot, threshold, &visible);
      label.label = threshold->label;
      if (visible && label.label != NULL)
        g_array_append_val (labels, label);
    }

  g_array_sort (labels, compare_threshold_labels);

  for (guint i = 0; i < labels->len; i++)
    {
      const ThresholdLabel *label = &g_array_index (labels, ThresholdLabel, i);
      double top = MAX (label->y - line_height / 2, next_free);

      if (top + line_height > plot->y + plot->height + line_height / 2)
        break;

      draw_text (d, label->label, plot->x + plot->width + LABEL_GAP, top, 0,
                 &d->style->threshold);
      next_free = top + line_height;
    }
}

static const StromaChartColor *
series_color (Draw              *d,
              StromaChartSeries *series)
{
  return &d->style->series[series->color_index % STROMA_CHART_N_SERIES_COLORS];
}

static void
draw_series (Draw                  *d,
             StromaChartSeries     *series,
             const StromaChartRect *plot)
{
  cairo_t *cr = d->cr;
  const StromaChartGeometry *geometry;
  const double *gx, *gy;
  guint columns, n;
  double radius = d->style->point_radius;
  gboolean points;

  columns = (guint) MAX (1, ceil (plot->width * d->device_scale));
  geometry = _stroma_chart_series_get_geometry (series, d->view_first, d->view_last, columns);
  gx = (const double *) (gpointer) geometry->x->data;
  gy = (const double *) (gpointer) geometry->y->data;
  n = geometry->x->len;

  if (n == 0)
    return;

  /* Point glyphs only where they stand apart; a dense series reads as a line. */
  points = series->style != STROMA_CHART_SERIES_LINE &&
           !geometry->decimated &&
           geometry->n_visible * radius * 3 <= plot->width;

  set_color (cr, series_color (d, series));

  if (series->style != STROMA_CHART_SERIES_POINTS)
    {
      gboolean pen_down = FALSE;

      for (guint i = 0; i < n; i++)
        {
          double x, y;

          if (isnan (gy[i]))
            {
              pen_down = FALSE;
              continue;
            }

          x = plot->x + gx[i] * plot->width;
          y = plot->y + (1 - gy[i]) * plot->height;
          if (pen_down)
            cairo_line_to (cr, x, y);
          else
            cairo_move_to (cr, x, y);
          pen_down = TRUE;
        }

      cairo_save (cr);
      cairo_set_line_width (cr, d->style->series_line_width);
      if (geometry->decimated)
        {
          /* A reduced series zigzags within every pixel column: round joins are
           * invisible there, and cairo's fast rasterizer is several times
           * quicker on such paths with no visible difference. */
          cairo_set_antialias (cr, CAIRO_ANTIALIAS_FAST);
          cairo_set_line_join (cr, CAIRO_LINE_JOIN_BEVEL);
        }
      else
        {
          cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
          cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
        }
      cairo_stroke (cr);
      cairo_restore (cr);
    }

  for (guint i = 0; i < n; i++)
    {
      gboolean isolated;
      double x, y;

      if (isnan (gy[i]))
        continue;

      /* A value between two gaps has no line: it always gets its point. */
      isolated = (i == 0 || isnan (gy[i - 1])) && (i + 1 == n || isnan (gy[i + 1]));
      if (!points && !isolated && series->style != STROMA_CHART_SERIES_POINTS)
        continue;

      x = plot->x + gx[i] * plot->width;
      y = plot->y + (1 - gy[i]) * plot->height;
      cairo_new_sub_path (cr);
      cairo_arc (cr, x, y, points ? radius : MAX (radius * 0.6, 1.0), 0, 2 * G_PI);
    }
  cairo_fill (cr);
}

/*
 * Faint series are background: many subjects' curves behind their arm's summary. They are
 * stroked one path per colour, so a thousand curves cost one stroke and overlaps do not add
 * up to a solid mass.
 */
static void
draw_faint_series (Draw                  *d,
                   StromaChartPanel      *panel,
                   const StromaChartRect *plot)
{
  cairo_t *cr = d->cr;
  guint columns = (guint) MAX (1, ceil (plot->width * d->device_scale));

  for (guint c = 0; c < STROMA_CHART_N_SERIES_COLORS; c++)
    {
      gboolean any = FALSE;

      for (guint i = 0; i < panel->series->len; i++)
        {
          StromaChartSeries *series = g_ptr_array_index (panel->series, i);
          const StromaChartGeometry *geometry;
          const double *gx, *gy;
          gboolean pen_down = FALSE;

          if (!series->faint || series->color_index % STROMA_CHART_N_SERIES_COLORS != c)
            continue;

          geometry = _stroma_chart_series_get_geometry (series, d->view_first, d->view_last,
                                                        columns);
          gx = (const double *) (gpointer) geometry->x->data;
          gy = (const double *) (gpointer) geometry->y->data;

          for (guint j = 0; j < geometry->x->len; j++)
            {
              double x, y;

              if (isnan (gy[j]))
                {
                  pen_down = FALSE;
                  continue;
                }

              x = plot->x + gx[j] * plot->width;
              y = plot->y + (1 - gy[j]) * plot->height;
              if (pen_down)
                cairo_line_to (cr, x, y);
              else
                cairo_move_to (cr, x, y);
              pen_down = TRUE;
              any = TRUE;
            }
        }

      if (!any)
        {
          cairo_new_path (cr);
          continue;
        }

      cairo_save (cr);
      set_color_alpha (cr, &d->style->series[c], d->style->faint_alpha);
      cairo_set_line_width (cr, 1 / d->device_scale);
      cairo_set_line_join (cr, CAIRO_LINE_JOIN_BEVEL);
      cairo_stroke (cr);
      cairo_restore (cr);
    }
}

/* The band of a series: its upper edge left to right and its lower edge back, one polygon
 * per run of points where both edges are known. */
static void
draw_series_band (Draw                  *d,
                  StromaChartSeries     *series,
                  const StromaChartRect *plot)
{
  cairo_t *cr = d->cr;
  const double *days, *lower, *upper;
  const StromaChartAxis *axis = &series->panel->y_axis;
  double span = d->view_last - d->view_first;
  guint n, i = 0;

  if (series->faint || series->lower == NULL)
    return;

  _stroma_chart_series_ensure_sorted (series);
  days = (const double *) (gpointer) series->days->data;
  lower = (const double *) (gpointer) series->lower->data;
  upper = (const double *) (gpointer) series->upper->data;
  n = series->days->len;

  while (i < n)
    {
      guint start, end;

      while (i < n && (isnan (lower[i]) || isnan (upper[i])))
        i++;
      start = i;
      while (i < n && !isnan (lower[i]) && !isnan (upper[i]))
        i++;
      end = i;
      if (end <= start)
        continue;

      for (guint j = start; j < end; j++)
        {
          double t = stroma_chart_axis_normalize (axis, upper[j]);
          double x = plot->x + (days[j] - d->view_first) / span * plot->width;
          double y = plot->y + (1 - (isfinite (t) ? t : 0)) * plot->height;

          if (j == start)
            cairo_move_to (cr, x, y);
          else
            cairo_line_to (cr, x, y);
        }
      for (guint j = end; j > start; j--)
        {
          double t = stroma_chart_axis_normalize (axis, lower[j - 1]);
          double x = plot->x + (days[j - 1] - d->view_first) / span * plot->width;
          double y = plot->y + (1 - (isfinite (t) ? t : 0)) * plot->height;

          cairo_line_to (cr, x, y);
        }
      cairo_close_path (cr);
    }

  set_color_alpha (cr, series_color (d, series), d->style->band_alpha);
  cairo_fill (cr);
}

static void
draw_axes (Draw                  *d,
           StromaChartPanel      *panel,
           const StromaChartRect *plot,
           gboolean               last)
{
  cairo_t *cr = d->cr;
  double width = d->style->axis_line_width;
  double left = snap_x (d, plot->x, width);
  double bottom = snap_y (d, plot->y + plot->height, width);
  double line_height = d->frame->line_height;
  double label_top_min = plot->y - (d->frame->line_height + 6) + 2;

  set_line_width (d, width);
  set_color (cr, &d->style->axis);
  cairo_move_to (cr, left, plot->y);
  cairo_line_to (cr, left, bottom);
  cairo_line_to (cr, plot->x + plot->width, bottom);

  for (guint i = 0; i < panel->ticks->len; i++)
    {
      double t = stroma_chart_axis_normalize (&panel->y_axis,
                                              g_array_index (panel->ticks, double, i));
      double y;

      if (!(t >= 0 && t <= 1))
        continue;
      y = snap_y (d, plot->y + (1 - t) * plot->height, width);
      cairo_move_to (cr, left - TICK_LENGTH, y);
      cairo_line_to (cr, left, y);
    }

  if (last)
    for (guint i = 0; i < d->chart->xticks->len; i++)
      {
        double x = snap_x (d, day_to_x (d, plot, g_array_index (d->chart->xticks, double, i)),
                           width);

        cairo_move_to (cr, x, bottom);
        cairo_line_to (cr, x, bottom + TICK_LENGTH);
      }

  cairo_stroke (cr);

  for (guint i = 0; i < panel->ticks->len; i++)
    {
      double t = stroma_chart_axis_normalize (&panel->y_axis,
                                              g_array_index (panel->ticks, double, i));
      double y;

      if (!(t >= 0 && t <= 1))
        continue;
      y = plot->y + (1 - t) * plot->height - line_height / 2;
      y = MAX (y, label_top_min);
      draw_text (d, g_ptr_array_index (panel->tick_labels, i),
                 plot->x - TICK_LENGTH - LABEL_GAP, y, 1, &d->style->text_muted);
    }
}

static void
draw_header (Draw                        *d,
             StromaChartPanel            *panel,
             const StromaChartPanelFrame *pf)
{
  double title_width, x, right;
  double y = pf->header.y + 2;
  guint n_shown = 0;

  pango_layout_set_font_description (d->layout, d->bold);
  draw_text (d, panel->title, pf->header.x, y, 0, &d->style->text);
  text_size (d->layout, panel->title, &title_width, NULL);
  pango_layout_set_font_description (d->layout, d->font);

  x = pf->header.x + title_width + 6;
  if (panel->unit != NULL)
    {
      double unit_width;

      draw_text (d, panel->unit, x, y, 0, &d->style->text_muted);
      text_size (d->layout, panel->unit, &unit_width, NULL);
      x += unit_width + 6;
    }

  /* One series is named by the title; several get a legend at the right. */
  for (guint i = 0; i < panel->series->len; i++)
    if (!((StromaChartSeries *) g_ptr_array_index (panel->series, i))->faint)
      n_shown++;
  if (n_shown < 2)
    return;

  right = pf->header.x + pf->header.width;
  for (guint i = panel->series->len; i > 0; i--)
    {
      StromaChartSeries *series = g_ptr_array_index (panel->series, i - 1);
      double w, cy = y + d->frame->line_height / 2;

      if (series->faint)
        continue;

      text_size (d->layout, series->label, &w, NULL);
      if (right - w - BAND_SWATCH - 4 < x)
        break;

      draw_text (d, series->label, right, y, 1, &d->style->text);
      right -= w + 4;
      /* The swatch is drawn the way the series is. */
      if (series->lower != NULL)
        {
          cairo_rectangle (d->cr, right - BAND_SWATCH, cy - 5, BAND_SWATCH, 10);
          set_color_alpha (d->cr, series_color (d, series), d->style->band_alpha);
          cairo_fill (d->cr);
        }
      set_color (d->cr, series_color (d, series));
      if (series->style != STROMA_CHART_SERIES_POINTS)
        {
          cairo_set_line_width (d->cr, d->style->series_line_width);
          cairo_move_to (d->cr, right - BAND_SWATCH, cy);
          cairo_line_to (d->cr, right, cy);
          cairo_stroke (d->cr);
        }
      if (series->style != STROMA_CHART_SERIES_LINE)
        {
          cairo_arc (d->cr, right - BAND_SWATCH / 2, cy, d->style->point_radius, 0, 2 * G_PI);
          cairo_fill (d->cr);
        }
      right -= BAND_SWATCH + LEGEND_SPACING;
    }
}

static void
draw_panel (Draw                        *d,
            StromaChartPanel            *panel,
            const StromaChartPanelFrame *pf,
            gboolean                     last)
{
  cairo_t *cr = d->cr;
  const StromaChartRect *plot = &pf->plot;
  StromaChartRect clip = *plot;

  cairo_rectangle (cr, plot->x, plot->y, plot->width, plot->height);
  set_color (cr, &d->style->plot_background);
  cairo_fill (cr);

  cairo_save (cr);
  clip_rect (cr, plot);
  draw_bands (d, plot);
  draw_grid (d, panel, plot);
  draw_marker_lines (d, plot);
  draw_threshold_lines (d, panel, plot);
  cairo_restore (cr);

  /* Points on the edge of the y range are drawn whole; x stays exact. */
  clip.y -= d->style->point_radius + 1;
  clip.height += 2 * (d->style->point_radius + 1);
  cairo_save (cr);
  clip_rect (cr, &clip);
  draw_faint_series (d, panel, plot);
  for (guint i = 0; i < panel->series->len; i++)
    draw_series_band (d, g_ptr_array_index (panel->series, i), plot);
  for (guint i = 0; i < panel->series->len; i++)
    if (!((StromaChartSeries *) g_ptr_array_index (panel->series, i))->faint)
      draw_series (d, g_ptr_array_index (panel->series, i), plot);
  cairo_restore (cr);

  draw_threshold_labels (d, panel, plot);

  draw_axes (d, panel, plot, last);
  draw_header (d, panel, pf);
}

/* Marker lane, time axis, legend */

static void
draw_lane (Draw *d)
{
  StromaChartFrame *frame = d->frame;
  const StromaChartRect *plot;
  double label_end[N_LANE_GROUPS] = { -INFINITY, -INFINITY, -INFINITY, -INFINITY };
  double lane_bottom;

  if (d->chart->markers->len == 0 || frame->panels->len == 0)
    return;

  plot = &g_array_index (frame->panels, StromaChartPanelFrame, 0).plot;
  lane_bottom = frame->lane.y + frame->lane.height;

  cairo_save (d->cr);
  /* Glyphs may overhang the plot edges by half their size, no more. */
  cairo_rectangle (d->cr, plot->x - d->style->glyph_size, frame->lane.y,
                   plot->width + 2 * d->style->glyph_size, plot->y - frame->lane.y);
  cairo_clip (d->cr);

  /* Stems first, so that glyphs sit on top of them. */
  set_line_width (d, d->style->marker_line_width);
  for (guint i = 0; i < d->chart->markers->len; i++)
    {
      const StromaChartMarker *marker = &g_array_index (d->chart->markers, StromaChartMarker, i);
      int row = frame->lane_row[marker->kind];
      double x, cy;

      if (marker->day < d->view_first || marker->day > d->view_last || row < 0)
        continue;

      x = snap_x (d, day_to_x (d, plot, marker->day), d->style->marker_line_width);
      cy = frame->lane.y + (row + 0.5) * frame->lane_row_height;
      set_marker_dash (d, marker->kind);
      set_color (d->cr, &d->style->marker[marker->kind]);
      cairo_move_to (d->cr, x, cy);
      cairo_line_to (d->cr, x, lane_bottom);
      cairo_stroke (d->cr);
    }
  cairo_set_dash (d->cr, NULL, 0, 0);

  for (guint i = 0; i < d->chart->markers->len; i++)
    {
      const StromaChartMarker *marker = &g_array_index (d->chart->markers, StromaChartMarker, i);
      int row = frame->lane_row[marker->kind];
      double x, cy;

      if (marker->day < d->view_first || marker->day > d->view_last || row < 0)
        continue;

      x = day_to_x (d, plot, marker->day);
      cy = frame->lane.y + (row + 0.5) * frame->lane_row_height;
      draw_glyph (d, marker->kind, x, cy);

      /* Labels only on the event rows, only where they stop short of the next glyph. */
      if (marker->label != NULL && lane_group[marker->kind] <= 1)
        {
          double half = d->style->glyph_size * 0.6;
          double w, h, lx = x + half + 2;
          double next_x = plot->x + plot->width + half;

          for (guint j = i + 1; j < d->chart->markers->len; j++)
            {
              const StromaChartMarker *next = &g_array_index (d->chart->markers,
                                                              StromaChartMarker, j);

              if (frame->lane_row[next->kind] == row && next->day <= d->view_last)
                {
                  next_x = day_to_x (d, plot, next->day) - half - 2;
                  break;
                }
            }

          pango_layout_set_font_description (d->layout, d->small);
          text_size (d->layout, marker->label, &w, &h);
          if (lx > label_end[lane_group[marker->kind]] && lx + w <= next_x)
            {
              draw_label_with_halo (d, marker->label, lx, cy - h / 2, 0, &d->style->text);
              label_end[lane_group[marker->kind]] = lx + w;
            }
          pango_layout_set_font_description (d->layout, d->font);
        }
    }

  cairo_restore (d->cr);
}

static void
draw_x_axis (Draw *d)
{
  StromaChartFrame *frame = d->frame;
  const StromaChartRect *area = &frame->x_labels_area;
  const StromaChartRect *plot;
  double previous_end = -INFINITY;
  double label_y = area->y + TICK_LENGTH + LABEL_GAP;
  const char *title;

  g_assert (frame->panels->len > 0);
  plot = &g_array_index (frame->panels, StromaChartPanelFrame, frame->panels->len - 1).plot;

  pango_layout_set_alignment (d->layout, PANGO_ALIGN_CENTER);
  for (guint i = 0; i < d->chart->xticks->len; i++)
    {
      const char *label = g_ptr_array_index (d->chart->xtick_labels, i);
      double x = day_to_x (d, plot, g_array_index (d->chart->xticks, double, i));
      double w, left;

      text_size (d->layout, label, &w, NULL);
      left = CLAMP (x - w / 2, 0, frame->width - w);
      if (left < previous_end + 6)
        continue;

      draw_text (d, label, left, label_y, 0, &d->style->text_muted);
      previous_end = left + w;
    }
  pango_layout_set_alignment (d->layout, PANGO_ALIGN_LEFT);

  if (d->chart->x_title != NULL)
    title = d->chart->x_title;
  else
    title = chart_is_dated (d->chart) ? _("Date") : _("Day after transplant");
  draw_text (d, title, plot->x + plot->width / 2,
             label_y + frame->x_label_lines * frame->line_height + 2,
             0.5, &d->style->text_muted);
}

static void
draw_legend (Draw *d)
{
  StromaChartFrame *frame = d->frame;
  g_autoptr(GArray) entries = legend_collect (d->chart);
  cairo_t *cr = d->cr;

  legend_flow (entries, d->layout, d->style, frame->legend.x,
               frame->legend.x + frame->legend.width, frame->legend.y, frame->line_height + 4);

  for (guint i = 0; i < entries->len; i++)
    {
      const LegendEntry *entry = &g_array_index (entries, LegendEntry, i);
      double swatch = legend_swatch_width (entry, d->style);
      double cy = entry->y + frame->line_height / 2;

      switch (entry->type)
        {
        case LEGEND_MARKER:
          draw_glyph (d, entry->kind, entry->x + swatch / 2, cy);
          break;

        case LEGEND_BAND:
          cairo_rectangle (cr, entry->x, cy - 5, swatch, 10);
          set_color (cr, &d->style->plot_background);
          cairo_fill_preserve (cr);
          set_color (cr, &d->style->band[entry->kind]);
          cairo_fill_preserve (cr);
          set_color (cr, &d->style->grid);
          cairo_set_line_width (cr, 1 / d->device_scale);
          cairo_stroke (cr);
          break;

        case LEGEND_THRESHOLD:
          cairo_save (cr);
          set_line_width (d, d->style->threshold_line_width);
          cairo_set_dash (cr, (double[]) { 6, 4 }, 2, 0);
          set_color (cr, &d->style->threshold);
          cairo_move_to (cr, entry->x, snap_y (d, cy, d->style->threshold_line_width));
          cairo_line_to (cr, entry->x + swatch, snap_y (d, cy, d->style->threshold_line_width));
          cairo_stroke (cr);
          cairo_restore (cr);
          break;

        default:
          g_assert_not_reached ();
        }

      draw_text (d, entry->label, entry->x + swatch + 5, entry->y, 0, &d->style->text);
    }
}

static PangoLayout *
create_layout (cairo_t                *cr,
               const PangoFontDescription *font)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoContext *context = pango_layout_get_context (layout);
  cairo_font_options_t *options = cairo_font_options_create ();

  /* Unhinted metrics keep text the same size at any scale and on any surface. */
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  pango_cairo_context_set_font_options (context, options);
  cairo_font_options_destroy (options);
  pango_layout_context_changed (layout);
  pango_layout_set_font_description (layout, font);

  return layout;
}

/* The layout for a size without drawing, for hit-tests before the first frame. */
static StromaChartFrame *
frame_for_size (StromaChart            *self,
                const StromaChartStyle *style,
                double                  width,
                double                  height)
{
  cairo_surface_t *surface;
  cairo_t *cr;
  PangoFontDescription *font;
  PangoLayout *layout;
  StromaChartFrame *frame;

  _stroma_chart_ensure_y_axes (self);

  if (frame_is_current (self, style, width, height))
    return &self->frame;

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
  cr = cairo_create (surface);
  font = style_font (style, 1, FALSE);
  layout = create_layout (cr, font);
  frame = ensure_frame (self, layout, style, width, height);
  g_object_unref (layout);
  pango_font_description_free (font);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);

  return frame;
}

/**
 * stroma_chart_render:
 * @self: a chart
 * @cr: where to draw, with (0, 0) at the top left of the chart
 * @width: the width in user units of @cr
 * @height: the height in user units of @cr
 * @style: the colours, line widths and font
 *
 * Draws the chart: panels stacked on one time axis with grid, ticks and
 * labels, bands, thresholds, series, the marker lane and a legend. An empty
 * chart (see stroma_chart_is_empty()) draws the background only.
 *
 * The same call serves a widget's snapshot, printing and file export. For
 * HiDPI, scale @cr and keep @width and @height in logical pixels: thin lines
 * are aligned to device pixels and series are reduced to the device columns.
 * Work that depends only on the data, the view or the size (normalized
 * geometry, ticks, layout) is cached in @self, so redrawing an unchanged
 * chart only strokes and fills.
 */
void
stroma_chart_render (StromaChart            *self,
                     cairo_t                *cr,
                     double                  width,
                     double                  height,
                     const StromaChartStyle *style)
{
  Draw d = { 0, };
  double x_label_width;

  g_return_if_fail (self != NULL);
  g_return_if_fail (cr != NULL);
  g_return_if_fail (style != NULL);

  if (!(width > 0) || !(height > 0))
    return;

  cairo_save (cr);

  cairo_rectangle (cr, 0, 0, width, height);
  set_color (cr, &style->background);
  cairo_fill (cr);

  if (stroma_chart_is_empty (self))
    {
      cairo_restore (cr);
      return;
    }

  _stroma_chart_ensure_y_axes (self);
  _stroma_chart_sort_markers (self);

  d.chart = self;
  d.cr = cr;
  d.style = style;
  d.font = style_font (style, 1, FALSE);
  d.bold = style_font (style, 1, TRUE);
  d.small = style_font (style, MARKER_LABEL_SCALE, FALSE);
  d.layout = create_layout (cr, d.font);
  cairo_get_matrix (cr, &d.matrix);
  d.can_snap = d.matrix.xy == 0 && d.matrix.yx == 0 && d.matrix.xx > 0 && d.matrix.yy > 0;
  d.device_scale = d.can_snap ? MAX (d.matrix.xx, d.matrix.yy) : 1;
  d.frame = ensure_frame (self, d.layout, style, width, height);
  stroma_chart_get_view (self, &d.view_first, &d.view_last);

  text_size (d.layout, chart_is_dated (self) ? "30 Sep" : "−000", &x_label_width, NULL);
  ensure_x_ticks (self, d.view_first, d.view_last,
                  (guint) MAX (2, floor (d.frame->plot_width / (x_label_width + 16))));

  for (guint i = 0; i < self->panels->len; i++)
    draw_panel (&d, g_ptr_array_index (self->panels, i),
                &g_array_index (d.frame->panels, StromaChartPanelFrame, i),
                i + 1 == self->panels->len);

  draw_lane (&d);
  draw_x_axis (&d);
  draw_legend (&d);

  g_object_unref (d.layout);
  pango_font_description_free (d.font);
  pango_font_description_free (d.bold);
  pango_font_description_free (d.small);
  cairo_restore (cr);
}

/**
 * stroma_chart_hit_test:
 * @self: a chart
 * @style: the style the chart is drawn with
 * @width: the width the chart is drawn at
 * @height: the height the chart is drawn at
 * @x: a point, e.g. the pointer, in the same units
 * @y: the point's y
 * @hit: (out caller-allocates): what lies under the point
 *
 * Finds the panel, the study day and the value under a point, for a hover
 * crosshair. With @hit->day, stroma_chart_panel_nearest() gives the nearest
 * measured value in each panel, and stroma_chart_map_point() where to draw it.
 *
 * Returns: %TRUE if the point is over the plots' range of days
 */
gboolean
stroma_chart_hit_test (StromaChart            *self,
                       const StromaChartStyle *style,
                       double                  width,
                       double                  height,
                       double                  x,
                       double                  y,
                       StromaChartHit         *hit)
{
  StromaChartFrame *frame;
  double first, last;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (style != NULL, FALSE);
  g_return_val_if_fail (hit != NULL, FALSE);

  hit->panel = -1;
  hit->in_plot = FALSE;
  hit->day = NAN;
  hit->value = NAN;

  if (!(width > 0) || !(height > 0) || self->panels->len == 0)
    return FALSE;

  frame = frame_for_size (self, style, width, height);
  stroma_chart_get_view (self, &first, &last);

  for (guint i = 0; i < frame->panels->len; i++)
    {
      const StromaChartPanelFrame *pf = &g_array_index (frame->panels, StromaChartPanelFrame, i);
      const StromaChartPanel *panel = g_ptr_array_index (self->panels, i);

      if (y >= pf->header.y && y <= pf->plot.y + pf->plot.height)
        {
          hit->panel = (int) i;
          if (y >= pf->plot.y && x >= pf->plot.x && x <= pf->plot.x + pf->plot.width)
            {
              hit->in_plot = TRUE;
              hit->value = stroma_chart_axis_denormalize (&panel->y_axis,
                                                          1 - (y - pf->plot.y) / pf->plot.height);
            }
          break;
        }
    }

  if (x < frame->plot_x || x > frame->plot_x + frame->plot_width)
    return FALSE;

  hit->day = first + (x - frame->plot_x) / frame->plot_width * (last - first);
  return TRUE;
}

/**
 * stroma_chart_get_plot_area:
 * @self: a chart
 * @style: the style the chart is drawn with
 * @width: the width the chart is drawn at
 * @height: the height the chart is drawn at
 * @panel: a panel index
 * @area: (out caller-allocates): the panel's plot area
 *
 * Where a panel's data are drawn, e.g. to clip a crosshair to it.
 *
 * Returns: %FALSE if there is no such panel
 */
gboolean
stroma_chart_get_plot_area (StromaChart            *self,
                            const StromaChartStyle *style,
                            double                  width,
                            double                  height,
                            guint                   panel,
                            cairo_rectangle_t      *area)
{
  StromaChartFrame *frame;
  const StromaChartPanelFrame *pf;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (style != NULL, FALSE);
  g_return_val_if_fail (area != NULL, FALSE);

  if (panel >= self->panels->len || !(width > 0) || !(height > 0))
    return FALSE;

  frame = frame_for_size (self, style, width, height);
  pf = &g_array_index (frame->panels, StromaChartPanelFrame, panel);
  area->x = pf->plot.x;
  area->y = pf->plot.y;
  area->width = pf->plot.width;
  area->height = pf->plot.height;

  return TRUE;
}

/**
 * stroma_chart_map_point:
 * @self: a chart
 * @style: the style the chart is drawn with
 * @width: the width the chart is drawn at
 * @height: the height the chart is drawn at
 * @panel: a panel index
 * @day: a study day
 * @value: a value in the panel's unit
 * @x: (out): where @day is drawn
 * @y: (out): where @value is drawn in the panel
 *
 * Maps a data point to the drawing, e.g. to ring the value nearest the pointer.
 * The point may lie outside the plot area when it is out of view.
 *
 * Returns: %FALSE if there is no such panel or the value has no place on a
 *   log axis
 */
gboolean
stroma_chart_map_point (StromaChart            *self,
                        const StromaChartStyle *style,
                        double                  width,
                        double                  height,
                        guint                   panel,
                        double                  day,
                        double                  value,
                        double                 *x,
                        double                 *y)
{
  StromaChartPanel *p;
  cairo_rectangle_t area;
  double first, last, t;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (x != NULL && y != NULL, FALSE);

  if (!stroma_chart_get_plot_area (self, style, width, height, panel, &area))
    return FALSE;

  p = g_ptr_array_index (self->panels, panel);
  t = stroma_chart_axis_normalize (&p->y_axis, value);
  if (!isfinite (t))
    return FALSE;

  stroma_chart_get_view (self, &first, &last);
  *x = area.x + (day - first) / (last - first) * area.width;
  *y = area.y + (1 - t) * area.height;

  return TRUE;
}
