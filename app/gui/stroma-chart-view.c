/* stroma-chart-view.c — a blood-count chart on screen: hover, zoom, pan, print, export
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The widget draws through the chart renderer (app/chart) and keeps the drawing as a render
 * node until the chart, the size or the style changes, so hovering only adds the crosshair on
 * top. Zoom: Ctrl+scroll, pinch, + and −; pan: drag, horizontal scroll, arrow keys; Home shows
 * everything. Plain vertical scrolling is left to the page around the chart.
 */

#define G_LOG_DOMAIN "stroma-chart-view"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

#include "stroma-chart-view.h"

G_DEFINE_BOXED_TYPE (StromaChart, stroma_chart, stroma_chart_ref, stroma_chart_unref)

struct _StromaChartView
{
  GtkWidget      parent_instance;

  GtkWidget     *readout;

  StromaChart   *chart;
  GskRenderNode *cache;
  int            cache_width;
  int            cache_height;
  guint64        cache_serial;
  gboolean       cache_dark;

  gboolean       hover;
  double         pointer_x;
  double         pointer_y;
  double         drag_last_x;
  double         zoom_last_scale;
};

enum {
  PROP_0,
  PROP_CHART,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (StromaChartView, stroma_chart_view, GTK_TYPE_WIDGET)

static const StromaChartStyle *
view_style (StromaChartView *self)
{
  return adw_style_manager_get_dark (adw_style_manager_get_default ())
         ? stroma_chart_style_get_dark () : stroma_chart_style_get_light ();
}

static void
invalidate (StromaChartView *self)
{
  g_clear_pointer (&self->cache, gsk_render_node_unref);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static char *
format_value (double value)
{
  if (!isfinite (value))
    return g_strdup ("—");
  if (fabs (value) >= 100)
    return g_strdup_printf ("%.0f", value);
  if (fabs (value) >= 10)
    return g_strdup_printf ("%.1f", value);
  return g_strdup_printf ("%.2g", value);
}

/**
 * stroma_chart_view_get_readout:
 * @self: a chart view
 *
 * The hover readout for the pointer's day: the date and day, then, per panel, each series'
 * value nearest in time (within three days), with its band when it has one.
 *
 * Returns: (transfer full) (nullable): Pango markup, or %NULL when the pointer is off the plots
 */
char *
stroma_chart_view_get_readout (StromaChartView *self)
{
  const StromaChartStyle *style;
  StromaChartHit hit;
  g_autoptr(GString) text = NULL;
  g_autofree char *day = NULL;
  int width, height;

  g_return_val_if_fail (STROMA_IS_CHART_VIEW (self), NULL);

  width = gtk_widget_get_width (GTK_WIDGET (self));
  height = gtk_widget_get_height (GTK_WIDGET (self));
  if (self->chart == NULL || !self->hover || stroma_chart_is_empty (self->chart))
    return NULL;

  style = view_style (self);
  if (!stroma_chart_hit_test (self->chart, style, width, height, self->pointer_x,
                              self->pointer_y, &hit))
    return NULL;

  day = stroma_chart_format_day (self->chart, hit.day);
  text = g_string_new (NULL);
  g_string_append_printf (text, "<b>%s</b>", day);

  for (guint p = 0; p < stroma_chart_get_n_panels (self->chart); p++)
    {
      StromaChartPanel *panel = stroma_chart_get_panel (self->chart, p);

      for (guint s = 0; s < stroma_chart_panel_get_n_series (panel); s++)
        {
          StromaChartSeries *series = stroma_chart_panel_get_series (panel, s);
          g_autofree char *value = NULL;
          g_autofree char *label = NULL;
          double d, v, lo, hi;
          guint index;

          if (stroma_chart_series_get_faint (series) ||
              !stroma_chart_series_nearest (series, hit.day, &index, &d, &v) ||
              fabs (d - hit.day) > 3)
            continue;

          value = format_value (v);
          /* Name the panel too when its series are not named after it. */
          if (g_strcmp0 (stroma_chart_series_get_label (series),
                         stroma_chart_panel_get_title (panel)) == 0)
            label = g_markup_escape_text (stroma_chart_series_get_label (series), -1);
          else
            label = g_markup_printf_escaped ("%s · %s", stroma_chart_panel_get_title (panel),
                                             stroma_chart_series_get_label (series));
          g_string_append_printf (text, "\n%s  <b>%s</b> %s", label, value,
                                  stroma_chart_panel_get_unit (panel)
                                  ? stroma_chart_panel_get_unit (panel) : "");
          if (stroma_chart_series_get_band_at (series, index, &lo, &hi))
            {
              g_autofree char *a = format_value (lo);
              g_autofree char *b = format_value (hi);

              /* Translators: the interquartile range in the hover readout */
              g_string_append_printf (text, _("  (IQR %s–%s)"), a, b);
            }
          if (lround (d) != lround (hit.day))
            {
              g_autofree char *when = stroma_chart_format_day (self->chart, d);

              g_string_append_printf (text, "  <small>%s</small>", when);
            }
        }
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
update_readout (StromaChartView *self)
{
  g_autofree char *markup = stroma_chart_view_get_readout (self);

  gtk_widget_set_visible (self->readout, markup != NULL);
  if (markup != NULL)
    gtk_label_set_markup (GTK_LABEL (self->readout), markup);
  gtk_widget_queue_allocate (GTK_WIDGET (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
stroma_chart_view_snapshot (GtkWidget   *widget,
                            GtkSnapshot *snapshot)
{
  StromaChartView *self = STROMA_CHART_VIEW (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  const StromaChartStyle *style = view_style (self);
  StromaChartHit hit;

  if (self->chart == NULL || width <= 0 || height <= 0 || stroma_chart_is_empty (self->chart))
    return;

  if (self->cache == NULL || self->cache_width != width || self->cache_height != height ||
      self->cache_serial != stroma_chart_get_serial (self->chart) || self->cache_dark != dark)
    {
      GtkSnapshot *cache = gtk_snapshot_new ();
      cairo_t *cr = gtk_snapshot_append_cairo (cache, &GRAPHENE_RECT_INIT (0, 0, width, height));

      stroma_chart_render (self->chart, cr, width, height, style);
      cairo_destroy (cr);

      g_clear_pointer (&self->cache, gsk_render_node_unref);
      self->cache = gtk_snapshot_free_to_node (cache);
      self->cache_width = width;
      self->cache_height = height;
      self->cache_serial = stroma_chart_get_serial (self->chart);
      self->cache_dark = dark;
    }

  if (self->cache != NULL)
    gtk_snapshot_append_node (snapshot, self->cache);

  /* The crosshair: a line at the pointer's day across the panels, rings on the values. */
  if (self->hover &&
      stroma_chart_hit_test (self->chart, style, width, height, self->pointer_x, self->pointer_y,
                             &hit))
    {
      guint n_panels = stroma_chart_get_n_panels (self->chart);
      cairo_rectangle_t top, bottom;
      cairo_t *cr;

      if (stroma_chart_get_plot_area (self->chart, style, width, height, 0, &top) &&
          stroma_chart_get_plot_area (self->chart, style, width, height, n_panels - 1, &bottom))
        {
          GdkRGBA line = { style->text.red, style->text.green, style->text.blue, 0.45 };

          gtk_snapshot_append_color (snapshot, &line,
                                     &GRAPHENE_RECT_INIT (floor (self->pointer_x), top.y, 1,
                                                          bottom.y + bottom.height - top.y));
        }

      cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
      cairo_set_line_width (cr, 2);
      for (guint p = 0; p < n_panels; p++)
        {
          StromaChartPanel *panel = stroma_chart_get_panel (self->chart, p);

          for (guint s = 0; s < stroma_chart_panel_get_n_series (panel); s++)
            {
              StromaChartSeries *series = stroma_chart_panel_get_series (panel, s);
              double d, v, x, y;

              if (stroma_chart_series_get_faint (series) ||
                  !stroma_chart_series_nearest (series, hit.day, NULL, &d, &v) ||
                  fabs (d - hit.day) > 3 ||
                  !stroma_chart_map_point (self->chart, style, width, height, p, d, v, &x, &y))
                continue;

              cairo_new_sub_path (cr);
              cairo_arc (cr, x, y, 5, 0, 2 * G_PI);
            }
        }
      cairo_set_source_rgba (cr, style->text.red, style->text.green, style->text.blue, 0.9);
      cairo_stroke (cr);
      cairo_destroy (cr);
    }

  gtk_widget_snapshot_child (widget, self->readout, snapshot);
}

static void
stroma_chart_view_size_allocate (GtkWidget *widget,
                                 int        width,
                                 int        height,
                                 int        baseline)
{
  StromaChartView *self = STROMA_CHART_VIEW (widget);
  GtkRequisition natural;
  int x, y;

  gtk_widget_get_preferred_size (self->readout, NULL, &natural);

  /* Beside the pointer, on whichever side has room, and never off the widget. */
  x = (int) self->pointer_x + 16;
  if (x + natural.width > width)
    x = (int) self->pointer_x - 16 - natural.width;
  x = CLAMP (x, 0, MAX (width - natural.width, 0));
  y = CLAMP ((int) self->pointer_y - natural.height / 2, 0, MAX (height - natural.height, 0));

  gtk_widget_allocate (self->readout, natural.width, natural.height, -1,
                       gsk_transform_translate (NULL, &GRAPHENE_POINT_INIT (x, y)));
}

static void
stroma_chart_view_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  /* The readout floats: it never sizes the chart. */
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 320 : 240;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 800 : 560;
}

/* Input */

static void
on_motion (StromaChartView *self,
           double           x,
           double           y)
{
  self->hover = TRUE;
  self->pointer_x = x;
  self->pointer_y = y;
  update_readout (self);
}

static void
on_leave (StromaChartView *self)
{
  self->hover = FALSE;
  update_readout (self);
}

static double
plot_width (StromaChartView *self)
{
  cairo_rectangle_t area;

  if (self->chart == NULL ||
      !stroma_chart_get_plot_area (self->chart, view_style (self),
                                   gtk_widget_get_width (GTK_WIDGET (self)),
                                   gtk_widget_get_height (GTK_WIDGET (self)), 0, &area))
    return 1;

  return MAX (area.width, 1);
}

static double
pointer_day (StromaChartView *self)
{
  StromaChartHit hit;
  double first, last;

  if (self->hover &&
      stroma_chart_hit_test (self->chart, view_style (self),
                             gtk_widget_get_width (GTK_WIDGET (self)),
                             gtk_widget_get_height (GTK_WIDGET (self)),
                             self->pointer_x, self->pointer_y, &hit))
    return hit.day;

  stroma_chart_get_view (self->chart, &first, &last);
  return (first + last) / 2;
}

static void
view_changed (StromaChartView *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
  update_readout (self);
}

static gboolean
on_scroll (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           StromaChartView          *self)
{
  GdkModifierType state;
  double first, last;

  if (self->chart == NULL)
    return FALSE;

  state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));

  if (state & GDK_CONTROL_MASK)
    {
      stroma_chart_zoom (self->chart, pointer_day (self), pow (1.15, -dy));
      view_changed (self);
      return TRUE;
    }

  if (state & GDK_SHIFT_MASK && dx == 0)
    dx = dy;

  if (dx != 0)
    {
      stroma_chart_get_view (self->chart, &first, &last);
      stroma_chart_pan (self->chart, dx * (last - first) / 20);
      view_changed (self);
      return TRUE;
    }

  /* Plain vertical scrolling scrolls the page. */
  return FALSE;
}

static void
on_drag_begin (GtkGestureDrag  *gesture,
               double           x,
               double           y,
               StromaChartView *self)
{
  self->drag_last_x = 0;
  gtk_widget_grab_focus (GTK_WIDGET (self));
}

static void
on_drag_update (GtkGestureDrag  *gesture,
                double           offset_x,
                double           offset_y,
                StromaChartView *self)
{
  double first, last;

  if (self->chart == NULL)
    return;

  stroma_chart_get_view (self->chart, &first, &last);
  stroma_chart_pan (self->chart, -(offset_x - self->drag_last_x) / plot_width (self)
                                 * (last - first));
  self->drag_last_x = offset_x;
  view_changed (self);
}

static void
on_zoom_begin (GtkGesture       *gesture,
               GdkEventSequence *sequence,
               StromaChartView  *self)
{
  self->zoom_last_scale = 1;
}

static void
on_zoom_scale_changed (GtkGestureZoom  *gesture,
                       double           scale,
                       StromaChartView *self)
{
  if (self->chart == NULL || scale <= 0)
    return;

  stroma_chart_zoom (self->chart, pointer_day (self), scale / self->zoom_last_scale);
  self->zoom_last_scale = scale;
  view_changed (self);
}

static void
on_click (GtkGestureClick *gesture,
          int              n_press,
          double           x,
          double           y,
          StromaChartView *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self));
  if (n_press == 2 && self->chart != NULL)
    {
      stroma_chart_fit_all (self->chart);
      view_changed (self);
    }
}

static void
zoom_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  stroma_chart_view_zoom (STROMA_CHART_VIEW (widget), g_variant_get_double (parameter));
}

static void
pan_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  stroma_chart_view_pan (STROMA_CHART_VIEW (widget), g_variant_get_double (parameter));
}

static void
fit_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  stroma_chart_view_set_range (STROMA_CHART_VIEW (widget), STROMA_CHART_RANGE_ALL);
}

static void
on_dark_changed (StromaChartView *self)
{
  invalidate (self);
}

static void
stroma_chart_view_dispose (GObject *object)
{
  StromaChartView *self = STROMA_CHART_VIEW (object);

  g_signal_handlers_disconnect_by_func (adw_style_manager_get_default (), on_dark_changed, self);
  g_clear_pointer (&self->readout, gtk_widget_unparent);
  g_clear_pointer (&self->cache, gsk_render_node_unref);
  g_clear_pointer (&self->chart, stroma_chart_unref);

  G_OBJECT_CLASS (stroma_chart_view_parent_class)->dispose (object);
}

static void
stroma_chart_view_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  StromaChartView *self = STROMA_CHART_VIEW (object);

  switch (prop_id)
    {
    case PROP_CHART:
      g_value_set_boxed (value, self->chart);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
stroma_chart_view_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  StromaChartView *self = STROMA_CHART_VIEW (object);

  switch (prop_id)
    {
    case PROP_CHART:
      stroma_chart_view_set_chart (self, g_value_get_boxed (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
stroma_chart_view_class_init (StromaChartViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = stroma_chart_view_dispose;
  object_class->get_property = stroma_chart_view_get_property;
  object_class->set_property = stroma_chart_view_set_property;

  widget_class->snapshot = stroma_chart_view_snapshot;
  widget_class->size_allocate = stroma_chart_view_size_allocate;
  widget_class->measure = stroma_chart_view_measure;

  properties[PROP_CHART] =
    g_param_spec_boxed ("chart", NULL, NULL, STROMA_TYPE_CHART,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "chart.zoom", "d", zoom_action);
  gtk_widget_class_install_action (widget_class, "chart.pan", "d", pan_action);
  gtk_widget_class_install_action (widget_class, "chart.fit", NULL, fit_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, 0, "chart.zoom", "d", 1.5);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, 0, "chart.zoom", "d", 1.5);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, 0, "chart.zoom", "d", 1.5);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, 0, "chart.zoom", "d", 1 / 1.5);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, 0, "chart.zoom", "d",
                                       1 / 1.5);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, 0, "chart.pan", "d", -0.1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, 0, "chart.pan", "d", 0.1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Home, 0, "chart.fit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, 0, "chart.fit", NULL);

  gtk_widget_class_set_css_name (widget_class, "chartview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
stroma_chart_view_init (StromaChartView *self)
{
  GtkEventController *controller;
  GtkGesture *gesture;

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "crosshair");

  self->readout = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->readout, "chart-readout");
  gtk_widget_set_can_target (self->readout, FALSE);
  gtk_widget_set_visible (self->readout, FALSE);
  gtk_widget_set_parent (self->readout, GTK_WIDGET (self));

  controller = gtk_event_controller_motion_new ();
  g_signal_connect_swapped (controller, "enter", G_CALLBACK (on_motion), self);
  g_signal_connect_swapped (controller, "motion", G_CALLBACK (on_motion), self);
  g_signal_connect_swapped (controller, "leave", G_CALLBACK (on_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);
  g_signal_connect (controller, "scroll", G_CALLBACK (on_scroll), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  gesture = gtk_gesture_drag_new ();
  g_signal_connect (gesture, "drag-begin", G_CALLBACK (on_drag_begin), self);
  g_signal_connect (gesture, "drag-update", G_CALLBACK (on_drag_update), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_zoom_new ();
  g_signal_connect (gesture, "begin", G_CALLBACK (on_zoom_begin), self);
  g_signal_connect (gesture, "scale-changed", G_CALLBACK (on_zoom_scale_changed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_click_new ();
  g_signal_connect (gesture, "pressed", G_CALLBACK (on_click), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  g_signal_connect_swapped (adw_style_manager_get_default (), "notify::dark",
                            G_CALLBACK (on_dark_changed), self);
}

GtkWidget *
stroma_chart_view_new (void)
{
  return g_object_new (STROMA_TYPE_CHART_VIEW, NULL);
}

/**
 * stroma_chart_view_get_chart:
 * @self: a chart view
 *
 * Returns: (transfer none) (nullable): the chart shown
 */
StromaChart *
stroma_chart_view_get_chart (StromaChartView *self)
{
  g_return_val_if_fail (STROMA_IS_CHART_VIEW (self), NULL);
  return self->chart;
}

/**
 * stroma_chart_view_set_chart:
 * @self: a chart view
 * @chart: (nullable): the chart to show
 */
void
stroma_chart_view_set_chart (StromaChartView *self,
                             StromaChart     *chart)
{
  g_return_if_fail (STROMA_IS_CHART_VIEW (self));

  if (self->chart == chart)
    return;

  g_clear_pointer (&self->chart, stroma_chart_unref);
  if (chart != NULL)
    self->chart = stroma_chart_ref (chart);

  invalidate (self);
  update_readout (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHART]);
}

/**
 * stroma_chart_view_set_range:
 * @self: a chart view
 * @range: a preset range
 */
void
stroma_chart_view_set_range (StromaChartView  *self,
                             StromaChartRange  range)
{
  g_return_if_fail (STROMA_IS_CHART_VIEW (self));

  if (self->chart == NULL)
    return;

  stroma_chart_set_range (self->chart, range);
  view_changed (self);
}

/**
 * stroma_chart_view_zoom:
 * @self: a chart view
 * @factor: above 1 zooms in, about the pointer's day or the middle of the view
 */
void
stroma_chart_view_zoom (StromaChartView *self,
                        double           factor)
{
  g_return_if_fail (STROMA_IS_CHART_VIEW (self));

  if (self->chart == NULL || !(factor > 0))
    return;

  stroma_chart_zoom (self->chart, pointer_day (self), factor);
  view_changed (self);
}

/**
 * stroma_chart_view_pan:
 * @self: a chart view
 * @fraction: how far to move, as a fraction of the days in view; negative moves back in time
 */
void
stroma_chart_view_pan (StromaChartView *self,
                       double           fraction)
{
  double first, last;

  g_return_if_fail (STROMA_IS_CHART_VIEW (self));

  if (self->chart == NULL)
    return;

  stroma_chart_get_view (self->chart, &first, &last);
  stroma_chart_pan (self->chart, fraction * (last - first));
  view_changed (self);
}

/* Printing */

typedef struct
{
  StromaChart *chart;
  char        *title;
} PrintData;

static void
print_data_free (gpointer data)
{
  PrintData *print = data;

  stroma_chart_unref (print->chart);
  g_free (print->title);
  g_free (print);
}

static void
on_draw_page (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page_nr,
              PrintData         *print)
{
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  double width = gtk_print_context_get_width (context);
  double height = gtk_print_context_get_height (context);
  PangoLayout *layout = gtk_print_context_create_pango_layout (context);
  PangoFontDescription *font = pango_font_description_from_string ("Sans Bold 12");
  int title_height = 0;

  if (print->title != NULL)
    {
      pango_layout_set_font_description (layout, font);
      pango_layout_set_text (layout, print->title, -1);
      pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
      pango_layout_get_pixel_size (layout, NULL, &title_height);
      cairo_set_source_rgb (cr, 0, 0, 0);
      pango_cairo_show_layout (cr, layout);
      title_height += 8;
    }

  cairo_translate (cr, 0, title_height);
  stroma_chart_render (print->chart, cr, width, height - title_height,
                       stroma_chart_style_get_light ());

  pango_font_description_free (font);
  g_object_unref (layout);
}

/**
 * stroma_chart_view_print:
 * @self: a chart view
 * @parent: (nullable): the window to attach the print dialog to
 * @title: (nullable): a heading printed above the chart, e.g. the subject
 *
 * Prints the chart as shown (same range) on one landscape page, in the light style.
 */
void
stroma_chart_view_print (StromaChartView *self,
                         GtkWindow       *parent,
                         const char      *title)
{
  g_autoptr(GtkPrintOperation) operation = NULL;
  g_autoptr(GtkPageSetup) setup = NULL;
  g_autoptr(GError) error = NULL;
  PrintData *print;

  g_return_if_fail (STROMA_IS_CHART_VIEW (self));

  if (self->chart == NULL)
    return;

  print = g_new0 (PrintData, 1);
  print->chart = stroma_chart_ref (self->chart);
  print->title = g_strdup (title);

  operation = gtk_print_operation_new ();
  setup = gtk_page_setup_new ();
  gtk_page_setup_set_orientation (setup, GTK_PAGE_ORIENTATION_LANDSCAPE);
  gtk_print_operation_set_default_page_setup (operation, setup);
  gtk_print_operation_set_n_pages (operation, 1);
  gtk_print_operation_set_job_name (operation, title ? title : _("Chart"));
  g_signal_connect_data (operation, "draw-page", G_CALLBACK (on_draw_page), print,
                         (GClosureNotify) (void (*) (void)) print_data_free, 0);

  if (gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG, parent,
                               &error) == GTK_PRINT_OPERATION_RESULT_ERROR)
    g_warning ("Cannot print the chart: %s", error->message);
}

/* Export */

static void
show_export_error (GtkWindow  *parent,
                   const char *message)
{
  GtkWidget *dialog = adw_message_dialog_new (parent, _("Could Not Export the Chart"), message);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_export_response (GtkNativeDialog *dialog,
                    int              response,
                    gpointer         user_data)
{
  StromaChart *chart = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (file);
      g_autoptr(GError) error = NULL;
      StromaChartFormat format;
      double width = 1600, height = 1000;

      if (path != NULL && stroma_chart_format_from_path (path, &format) &&
          format != STROMA_CHART_FORMAT_PNG)
        {
          /* A4 landscape, in points */
          width = 842;
          height = 595;
        }

      if (path == NULL)
        show_export_error (gtk_native_dialog_get_transient_for (dialog),
                           _("Charts can only be saved to files on this computer."));
      else if (!stroma_chart_write_file (chart, path, width, height,
                                         stroma_chart_style_get_light (), &error))
        show_export_error (gtk_native_dialog_get_transient_for (dialog), error->message);
    }

  stroma_chart_unref (chart);
  g_object_unref (dialog);
}

/**
 * stroma_chart_view_export:
 * @self: a chart view
 * @parent: (nullable): the window to attach the file chooser to
 * @basename: (nullable): the file name offered, without extension
 *
 * Asks for a file and writes the chart as shown to it: PNG, SVG or PDF by the extension.
 */
void
stroma_chart_view_export (StromaChartView *self,
                          GtkWindow       *parent,
                          const char      *basename)
{
  GtkFileChooserNative *dialog;
  g_autofree char *name = NULL;
  static const struct { const char *name; const char *pattern; } filters[] = {
    { N_("PDF document"), "*.pdf" },
    { N_("PNG image"), "*.png" },
    { N_("SVG image"), "*.svg" },
  };

  g_return_if_fail (STROMA_IS_CHART_VIEW (self));

  if (self->chart == NULL)
    return;

  dialog = gtk_file_chooser_native_new (_("Export Chart"), parent, GTK_FILE_CHOOSER_ACTION_SAVE,
                                        _("_Export"), _("_Cancel"));
  name = g_strdup_printf ("%s.pdf", basename ? basename : _("chart"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  for (guint i = 0; i < G_N_ELEMENTS (filters); i++)
    {
      g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

      gtk_file_filter_set_name (filter, _(filters[i].name));
      gtk_file_filter_add_pattern (filter, filters[i].pattern);
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
    }

  g_signal_connect (dialog, "response", G_CALLBACK (on_export_response),
                    stroma_chart_ref (self->chart));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}
