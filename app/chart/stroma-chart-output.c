/* stroma-chart-output.c — a chart as a PNG, SVG or PDF file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "stroma-chart"

#include "config.h"

#include <glib/gi18n.h>
#include <cairo.h>
#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <math.h>

#include "stroma-chart-output.h"
#include "stroma-chart-render.h"

/* Cairo's limit for image surfaces, and the PDF page limit (200 inches). */
#define MAX_IMAGE_SIZE 32767.0
#define MAX_PDF_SIZE   14400.0

G_DEFINE_QUARK (stroma-chart-error-quark, stroma_chart_error)

/**
 * stroma_chart_format_from_path:
 * @path: a file name
 * @format: (out) (optional): the format its extension names
 *
 * Reads the output format from a file name: ".png", ".svg" or ".pdf", in any case.
 *
 * Returns: %FALSE if the extension is none of those
 */
gboolean
stroma_chart_format_from_path (const char        *path,
                               StromaChartFormat *format)
{
  static const struct {
    const char        *extension;
    StromaChartFormat  format;
  } formats[] = {
    { ".png", STROMA_CHART_FORMAT_PNG },
    { ".svg", STROMA_CHART_FORMAT_SVG },
    { ".pdf", STROMA_CHART_FORMAT_PDF },
  };
  g_autofree char *lower = NULL;

  g_return_val_if_fail (path != NULL, FALSE);

  lower = g_ascii_strdown (path, -1);

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    if (g_str_has_suffix (lower, formats[i].extension))
      {
        if (format != NULL)
          *format = formats[i].format;
        return TRUE;
      }

  return FALSE;
}

static cairo_status_t
append_to_byte_array (void                *closure,
                      const unsigned char *data,
                      unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static gboolean
check_status (cairo_status_t   status,
              GError         **error)
{
  if (status == CAIRO_STATUS_SUCCESS)
    return TRUE;

  g_set_error (error, STROMA_CHART_ERROR, STROMA_CHART_ERROR_RENDER,
               _("Could not draw the chart: %s"), cairo_status_to_string (status));
  return FALSE;
}

/**
 * stroma_chart_render_to_bytes:
 * @self: a chart
 * @format: PNG, SVG or PDF
 * @width: the width: pixels for PNG, points for SVG and PDF
 * @height: the height, in the same unit
 * @style: the colours, line widths and font
 * @error: return location for a #GError
 *
 * Renders the chart into an in-memory file, e.g. to embed its PNG in a
 * workbook. A PNG is drawn at one device pixel per unit.
 *
 * Returns: (transfer full): the file's bytes, or %NULL with @error set
 */
GBytes *
stroma_chart_render_to_bytes (StromaChart             *self,
                              StromaChartFormat        format,
                              double                   width,
                              double                   height,
                              const StromaChartStyle  *style,
                              GError                 **error)
{
  g_autoptr(GByteArray) bytes = NULL;
  cairo_surface_t *surface = NULL;
  cairo_status_t status;
  cairo_t *cr;
  double max_size;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (style != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  max_size = format == STROMA_CHART_FORMAT_PDF ? MAX_PDF_SIZE : MAX_IMAGE_SIZE;
  if (!(width >= 1 && height >= 1 && width <= max_size && height <= max_size))
    {
      g_set_error (error, STROMA_CHART_ERROR, STROMA_CHART_ERROR_INVALID_SIZE,
                   _("Cannot draw a chart of %g × %g: sizes go from 1 to %g"),
                   width, height, max_size);
      return NULL;
    }

  bytes = g_byte_array_new ();

  switch (format)
    {
    case STROMA_CHART_FORMAT_PNG:
      surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                            (int) ceil (width), (int) ceil (height));
      break;

    case STROMA_CHART_FORMAT_SVG:
      surface = cairo_svg_surface_create_for_stream (append_to_byte_array, bytes, width, height);
      break;

    case STROMA_CHART_FORMAT_PDF:
      surface = cairo_pdf_surface_create_for_stream (append_to_byte_array, bytes, width, height);
      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Stroma");
      break;

    default:
      g_set_error (error, STROMA_CHART_ERROR, STROMA_CHART_ERROR_UNKNOWN_FORMAT,
                   _("Unknown chart format %d"), (int) format);
      return NULL;
    }

  cr = cairo_create (surface);
  stroma_chart_render (self, cr, width, height, style);
  status = cairo_status (cr);
  cairo_destroy (cr);

  if (status == CAIRO_STATUS_SUCCESS && format == STROMA_CHART_FORMAT_PNG)
    status = cairo_surface_write_to_png_stream (surface, append_to_byte_array, bytes);

  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (!check_status (status, error))
    return NULL;

  return g_byte_array_free_to_bytes (g_steal_pointer (&bytes));
}

/**
 * stroma_chart_write_file:
 * @self: a chart
 * @path: the file to write; its extension (.png, .svg, .pdf) picks the format
 * @width: the width: pixels for PNG, points for SVG and PDF
 * @height: the height, in the same unit
 * @style: the colours, line widths and font
 * @error: return location for a #GError
 *
 * Saves the chart as a file. The file is replaced atomically, so a failed
 * save leaves an existing file as it was. Errors are in %STROMA_CHART_ERROR
 * (unknown extension, bad size) or %G_FILE_ERROR (the file cannot be written).
 *
 * Returns: %TRUE on success
 */
gboolean
stroma_chart_write_file (StromaChart             *self,
                         const char              *path,
                         double                   width,
                         double                   height,
                         const StromaChartStyle  *style,
                         GError                 **error)
{
  g_autoptr(GBytes) bytes = NULL;
  StromaChartFormat format;
  const guint8 *data;
  gsize size;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (style != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!stroma_chart_format_from_path (path, &format))
    {
      g_autofree char *name = g_filename_display_basename (path);

      g_set_error (error, STROMA_CHART_ERROR, STROMA_CHART_ERROR_UNKNOWN_FORMAT,
                   _("Cannot save the chart as “%s”: the name must end in .png, .svg or .pdf"),
                   name);
      return FALSE;
    }

  bytes = stroma_chart_render_to_bytes (self, format, width, height, style, error);
  if (bytes == NULL)
    return FALSE;

  data = g_bytes_get_data (bytes, &size);
  if (!g_file_set_contents (path, (const char *) data, (gssize) size, error))
    {
      g_prefix_error (error, _("Could not save the chart: "));
      return FALSE;
    }

  return TRUE;
}
