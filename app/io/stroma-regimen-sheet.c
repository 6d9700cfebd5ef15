/* stroma-regimen-sheet.c — the ward's printed conditioning sheet
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An A4 PDF, drawn with Cairo and Pango: the patient as the ward identifies them, the
 * regimen, the BSA and weight the doses come from, and one line per administration with
 * empty columns for the time given and the nurse's initials. A plan not yet saved is printed
 * as a draft on every page, so that it cannot be mistaken for the order.
 */

#define G_LOG_DOMAIN "stroma-regimen-sheet"

#include "config.h"

#include <cairo-pdf.h>
#include <gio/gio.h>
#include <pango/pangocairo.h>
#include <glib/gi18n.h>

#include "stroma-regimen-sheet.h"

#define PAGE_WIDTH   595.28   /* A4 in points */
#define PAGE_HEIGHT  841.89
#define MARGIN       40.0
#define ROW_HEIGHT   17.0

static double
draw_text (cairo_t    *cr,
           const char *text,
           const char *font,
           double      x,
           double      y,
           double      width)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *desc = pango_font_description_from_string (font);
  int w, h;

  pango_layout_set_font_description (layout, desc);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_text (layout, text != NULL ? text : "", -1);
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
  pango_layout_get_pixel_size (layout, &w, &h);
  pango_font_description_free (desc);
  g_object_unref (layout);

  return h;
}

static const double columns[] = { 0, 66, 104, 144, 250, 380, 420, 475 };
static const double table_width = PAGE_WIDTH - 2 * MARGIN;

static double
draw_header_row (cairo_t *cr,
                 double   y)
{
  const char *titles[] = {
    /* Translators: column titles of the printed regimen sheet */
    _("Date"), _("Day"), _("Time"), _("Agent"), _("Dose"), _("Route"), _("Given at"),
    _("Initials")
  };

  cairo_set_source_rgb (cr, 0.9, 0.9, 0.9);
  cairo_rectangle (cr, MARGIN, y, table_width, ROW_HEIGHT);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  for (guint c = 0; c < G_N_ELEMENTS (titles); c++)
    {
      double next = c + 1 < G_N_ELEMENTS (columns) ? columns[c + 1] : table_width;
      draw_text (cr, titles[c], "Sans Bold 8", MARGIN + columns[c] + 3, y + 3, next - columns[c] - 4);
    }
  return y + ROW_HEIGHT;
}

static void
draw_footer (cairo_t                  *cr,
             const StromaRegimenSheet *sheet,
             guint                     page,
             guint                     n_pages)
{
  g_autofree char *footer = g_strdup_printf (_("%s · page %u of %u"), sheet->printed, page,
                                             n_pages);

  cairo_set_source_rgb (cr, 0.3, 0.3, 0.3);
  draw_text (cr, footer, "Sans 7", MARGIN, PAGE_HEIGHT - MARGIN + 10, table_width);
  if (sheet->draft)
    {
      cairo_save (cr);
      cairo_set_source_rgba (cr, 0.8, 0.1, 0.1, 0.18);
      cairo_translate (cr, PAGE_WIDTH / 2 - 200, PAGE_HEIGHT / 2 + 120);
      cairo_rotate (cr, -0.7);
      /* Translators: printed across a regimen sheet whose plan is not saved */
      draw_text (cr, _("DRAFT — NOT SAVED"), "Sans Bold 48", 0, 0, 600);
      cairo_restore (cr);
    }
  cairo_set_source_rgb (cr, 0, 0, 0);
}

/**
 * stroma_regimen_sheet_write_pdf:
 * @sheet: what to print
 * @path: the PDF file to write
 * @error: a #GError
 *
 * Returns: %TRUE when written
 */
gboolean
stroma_regimen_sheet_write_pdf (const StromaRegimenSheet *sheet,
                                const char               *path,
                                GError                  **error)
{
  cairo_surface_t *surface;
  cairo_t *cr;
  cairo_status_t status;
  guint rows_per_first, rows_per_page, n_pages, row = 0;
  double y;

  g_return_val_if_fail (sheet != NULL && sheet->rows != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  surface = cairo_pdf_surface_create (path, PAGE_WIDTH, PAGE_HEIGHT);
  cr = cairo_create (surface);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, sheet->title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Stroma " PACKAGE_VERSION);

  rows_per_first = 30;
  rows_per_page = 40;
  n_pages = sheet->rows->len <= rows_per_first ? 1
            : 1 + (sheet->rows->len - rows_per_first + rows_per_page - 1) / rows_per_page;

  for (guint page = 1; page <= n_pages; page++)
    {
      guint n = page == 1 ? rows_per_first : rows_per_page;

      y = MARGIN;
      cairo_set_source_rgb (cr, 0, 0, 0);
      y += draw_text (cr, sheet->title, "Sans Bold 14", MARGIN, y, table_width) + 4;
      y += draw_text (cr, sheet->subject, "Sans Bold 10", MARGIN, y, table_width) + 6;
      if (page == 1)
        {
          y += draw_text (cr, sheet->summary, "Sans 8.5", MARGIN, y, table_width) + 4;
          if (sheet->notes != NULL)
            y += draw_text (cr, sheet->notes, "Sans Italic 8", MARGIN, y, table_width) + 4;
          y += 6;
        }

      y = draw_header_row (cr, y);
      for (guint i = 0; i < n && row < sheet->rows->len; i++, row++)
        {
          GStrv cells = sheet->rows->pdata[row];

          if (row % 2 == 1)
            {
              cairo_set_source_rgb (cr, 0.97, 0.97, 0.97);
              cairo_rectangle (cr, MARGIN, y, table_width, ROW_HEIGHT);
              cairo_fill (cr);
              cairo_set_source_rgb (cr, 0, 0, 0);
            }
          for (guint c = 0; cells[c] != NULL && c < G_N_ELEMENTS (columns); c++)
            {
              double next = c + 1 < G_N_ELEMENTS (columns) ? columns[c + 1] : table_width;
              draw_text (cr, cells[c], "Sans 8", MARGIN + columns[c] + 3, y + 3,
                         next - columns[c] - 4);
            }
          cairo_set_line_width (cr, 0.4);
          cairo_move_to (cr, MARGIN, y + ROW_HEIGHT);
          cairo_line_to (cr, MARGIN + table_width, y + ROW_HEIGHT);
          cairo_stroke (cr);
          y += ROW_HEIGHT;
        }

      draw_footer (cr, sheet, page, n_pages);
      cairo_show_page (cr);
    }

  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Could not write “%s”: %s"), path,
                   cairo_status_to_string (status));
      return FALSE;
    }

  return TRUE;
}
