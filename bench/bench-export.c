/* bench-export.c — the workbook's cells written by libxlsxwriter and nothing else
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: bench-export CELLS OUT.xlsx
 *
 * The floor for `stroma export`: reads the cells of the sponsor workbook from a text file that
 * bench-export.py --dump wrote from the same trial file (one "S<TAB>name" line per sheet, one
 * line per row, each cell typed by its first character), and writes them with libxlsxwriter in
 * constant memory with the same formats: bold frozen header, widths, autofilter, date, time,
 * percent, p value and scientific formats. No reading of the trial file, no derivation, no
 * checksum, no log: what is left is the cost of the cells themselves.
 */

#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

static const char * const sheet_names[] = {
  "README", "DM", "EX", "CM", "PR", "LB", "AE", "DS", "ENDPOINTS", "SUMMARY", "DICTIONARY",
};

#define N_SHEETS (sizeof sheet_names / sizeof sheet_names[0])

/* Undoes bench-export.py's escapes in place. */
static void
unescape (char *text)
{
  char *out = text;

  for (char *p = text; *p; p++)
    {
      if (*p == '\\' && p[1] != '\0')
        {
          p++;
          *out++ = *p == 't' ? '\t' : *p == 'n' ? '\n' : *p;
        }
      else
        *out++ = *p;
    }
  *out = '\0';
}

int
main (int   argc,
      char *argv[])
{
  lxw_workbook_options options = { .constant_memory = LXW_TRUE, .use_zip64 = LXW_TRUE };
  lxw_worksheet *sheets[N_SHEETS];
  lxw_row_t rows[N_SHEETS] = { 0 };
  lxw_col_t cols[N_SHEETS] = { 0 };
  lxw_format *header, *date, *stamp, *percent, *pvalue, *scientific;
  lxw_workbook *workbook;
  lxw_worksheet *sheet = NULL;
  size_t current = 0;
  char *line = NULL;
  size_t capacity = 0;
  ssize_t length;
  FILE *in;

  if (argc != 3)
    {
      fprintf (stderr, "Usage: bench-export CELLS OUT.xlsx\n");
      return 2;
    }

  in = fopen (argv[1], "r");
  if (in == NULL)
    {
      perror (argv[1]);
      return 1;
    }

  /* Temporary files beside the workbook, as Stroma keeps them */
  options.tmpdir = dirname (strdup (argv[2]));
  workbook = workbook_new_opt (argv[2], &options);
  header = workbook_add_format (workbook);
  format_set_bold (header);
  date = workbook_add_format (workbook);
  format_set_num_format (date, "yyyy-mm-dd");
  stamp = workbook_add_format (workbook);
  format_set_num_format (stamp, "yyyy-mm-dd hh:mm:ss");
  percent = workbook_add_format (workbook);
  format_set_num_format (percent, "0.0%");
  pvalue = workbook_add_format (workbook);
  format_set_num_format (pvalue, "0.0000");
  scientific = workbook_add_format (workbook);
  format_set_num_format (scientific, "0.00E+00");

  for (size_t i = 0; i < N_SHEETS; i++)
    sheets[i] = workbook_add_worksheet (workbook, sheet_names[i]);

  while ((length = getline (&line, &capacity, in)) > 0)
    {
      lxw_col_t col = 0;
      char *cell;
      char *rest;

      if (line[length - 1] == '\n')
        line[--length] = '\0';

      if (line[0] == 'S' && line[1] == '\t')
        {
          for (current = 0; current < N_SHEETS; current++)
            if (strcmp (sheet_names[current], line + 2) == 0)
              break;
          if (current == N_SHEETS)
            {
              fprintf (stderr, "unknown sheet %s\n", line + 2);
              return 1;
            }
          sheet = sheets[current];
          rows[current] = 0;
          worksheet_freeze_panes (sheet, 1, 0);
          continue;
        }

      if (sheet == NULL)
        continue;

      rest = line;
      while ((cell = strsep (&rest, "\t")) != NULL)
        {
          lxw_row_t row = rows[current];

          switch (cell[0])
            {
            case 's':
              unescape (cell + 1);
              if (row == 0)
                {
                  worksheet_set_column (sheet, col, col, 12, NULL);
                  worksheet_write_string (sheet, row, col, cell + 1, header);
                }
              else
                worksheet_write_string (sheet, row, col, cell + 1, NULL);
              break;
            case 'n':
              worksheet_write_number (sheet, row, col, strtod (cell + 1, NULL), NULL);
              break;
            case 'd':
              worksheet_write_number (sheet, row, col, strtod (cell + 1, NULL), date);
              break;
            case 't':
              worksheet_write_number (sheet, row, col, strtod (cell + 1, NULL), stamp);
              break;
            case 'p':
              worksheet_write_number (sheet, row, col, strtod (cell + 1, NULL), percent);
              break;
            case 'v':
              worksheet_write_number (sheet, row, col, strtod (cell + 1, NULL), pvalue);
              break;
            case 'e':
              worksheet_write_number (sheet, row, col, strtod (cell + 1, NULL), scientific);
              break;
            default:
              break;
            }
          col++;
        }

      if (rows[current] == 0)
        cols[current] = col;
      rows[current]++;
    }

  free (line);
  fclose (in);

  for (size_t i = 0; i < N_SHEETS; i++)
    if (rows[i] > 0)
      worksheet_autofilter (sheets[i], 0, 0, rows[i] - 1, cols[i] - 1);

  return workbook_close (workbook) == LXW_NO_ERROR ? 0 : 1;
}
