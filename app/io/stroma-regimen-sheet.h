/* stroma-regimen-sheet.h — the ward's printed conditioning sheet
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * StromaRegimenSheet:
 * @title: e.g. "Conditioning — Haploidentical (Me-CCNU + Ara-C + Bu + Cy + ATG)"
 * @subject: who, as the ward identifies the patient: code, initials, weight, height, BSA
 * @summary: day 0, the BSA arithmetic, the totals per agent
 * @notes: (nullable): the layout's status, edits to it
 * @printed: who printed it and when
 * @draft: the plan is not saved yet: the sheet says so on every page
 * @rows: (element-type GStrv): per dose: date, day, time, agent, dose, route
 */
typedef struct
{
  const char *title;
  const char *subject;
  const char *summary;
  const char *notes;
  const char *printed;
  gboolean    draft;
  GPtrArray  *rows;
} StromaRegimenSheet;

gboolean stroma_regimen_sheet_write_pdf (const StromaRegimenSheet *sheet,
                                         const char               *path,
                                         GError                  **error);

G_END_DECLS
