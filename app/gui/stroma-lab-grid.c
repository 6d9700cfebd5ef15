/* stroma-lab-grid.c — a week of laboratory values, typed from the keyboard
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Seven dates down, the tests of one panel across (blood counts, chemistry, coagulation), each
 * column in a unit chosen from the units stroma-dosing converts. Tab moves right, Enter moves
 * down. Every value is read as it is typed by stroma_lab_value_parse: an invalid one turns red
 * and the line above the grid says what is wrong; a valid one shows its CTCAE v5.0 grade
 * beside it (stroma-ctcae). The grid opens with the values already saved for its dates;
 * changing or clearing one takes a reason. Saving writes every value or none.
 */

#define G_LOG_DOMAIN "stroma-lab-grid"

#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "core/stroma-ctcae.h"
#include "core/stroma-dosing.h"
#include "core/stroma-validate.h"
#include "stroma-correction-dialog.h"
#include "stroma-form.h"
#include "stroma-lab-grid.h"
#include "stroma-window-desk.h"

typedef struct
{
  const char *id;
  const char *label;
  const char *tests[6];
} Panel;

static const Panel panels[] = {
  /* Translators: the test panels of the laboratory grid */
  { "cbc", N_("Blood counts"), { "WBC", "NEUT", "HGB", "PLAT", "LYM", NULL } },
  { "chemistry", N_("Liver and kidney"), { "ALT", "AST", "BILI", "CREAT", NULL } },
  { "coagulation", N_("Coagulation"), { "PT", "APTT", "INR", NULL } },
};

/* Column titles as the ward says them; the CDISC code is the tooltip. */
static const struct { const char *code; const char *title; } column_titles[] = {
  /* Translators: short column titles of the laboratory grid */
  { "WBC", N_("WBC") }, { "NEUT", N_("ANC") }, { "HGB", N_("Hb") }, { "PLAT", N_("PLT") },
  { "LYM", N_("Lymphocytes") }, { "ALT", N_("ALT") }, { "AST", N_("AST") },
  { "BILI", N_("Bilirubin") }, { "CREAT", N_("Creatinine") }, { "PT", N_("PT") },
  { "APTT", N_("APTT") }, { "INR", N_("INR") },
};

/* Units as printed on a report; the stored spelling is CDISC's ASCII one. */
static const struct { const char *id; const char *label; } unit_labels[] = {
  { "10^9/L", "×10⁹/L" }, { "10^3/uL", "×10³/µL" }, { "10^3/mm3", "×10³/mm³" },
  { "K/uL", "K/µL" }, { "/uL", "/µL" }, { "cells/uL", "cells/µL" }, { "/mm3", "/mm³" },
  { "cells/mm3", "cells/mm³" }, { "umol/L", "µmol/L" }, { "ukat/L", "µkat/L" },
};

static const char *
column_title (const char *code)
{
  for (guint i = 0; i < G_N_ELEMENTS (column_titles); i++)
    if (g_str_equal (column_titles[i].code, code))
      return _(column_titles[i].title);
  return code;
}

static const char *
unit_label (const char *id)
{
  for (guint i = 0; i < G_N_ELEMENTS (unit_labels); i++)
    if (g_str_equal (unit_labels[i].id, id))
      return unit_labels[i].label;
  return id;
}

typedef struct
{
  GtkEntry         *entry;
  GtkLabel         *badge;
  const char       *test;
  guint             row;
  guint             column;
  StromaLabResult  *saved;      /* the value saved for this date and test; owned */
  gboolean          invalid;
} Cell;

struct _StromaLabGrid
{
  AdwWindow             parent_instance;

  /* Template widgets */
  GtkDropDown          *panel_dropdown;
  GtkEntry             *first_date_entry;
  GtkLabel             *message_label;
  GtkGrid              *grid;
  AdwPreferencesGroup  *reason_group;
  AdwEntryRow          *reason_row;

  /* Owned */
  StromaDesk           *desk;
  StromaSubjectRecord  *record;
  const Panel          *panel;
  GtkEntry             *dates[STROMA_LAB_GRID_ROWS];
  GtkDropDown          *units[6];
  GPtrArray            *unit_lists;    /* GStrv per column */
  GPtrArray            *cells;         /* Cell*, row by row */
  char                 *first_date;
  guint                 n_tests;
  gboolean              building;
};

G_DEFINE_FINAL_TYPE (StromaLabGrid, stroma_lab_grid, ADW_TYPE_WINDOW)

static void
cell_free (Cell *cell)
{
  stroma_record_free (cell->saved);
  g_free (cell);
}

static char *
add_days (const char *iso,
          int         days)
{
  GDate d;

  g_date_clear (&d, 1);
  g_date_set_parse (&d, iso);
  if (days >= 0)
    g_date_add_days (&d, (guint) days);
  else
    g_date_subtract_days (&d, (guint) -days);
  return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (&d), g_date_get_month (&d),
                          g_date_get_day (&d));
}

static Cell *
cell_at (StromaLabGrid *self,
         guint          row,
         guint          column)
{
  guint i = row * self->n_tests + column;

  return self->cells != NULL && i < self->cells->len ? self->cells->pdata[i] : NULL;
}

static const char *
column_unit (StromaLabGrid *self,
             guint          column)
{
  GStrv units = self->unit_lists->pdata[column];
  guint selected = gtk_drop_down_get_selected (self->units[column]);

  return selected < g_strv_length (units) ? units[selected] : units[0];
}

/* The unit a cell's text is read in: the saved value's own unit while the text is the saved
 * text, the column's otherwise. */
static const char *
cell_unit (StromaLabGrid *self,
           Cell          *cell)
{
  if (cell->saved != NULL && cell->saved->orresu != NULL &&
      g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (cell->entry)), cell->saved->orres) == 0)
    return cell->saved->orresu;
  return column_unit (self, cell->column);
}

static void
set_message (StromaLabGrid *self,
             const char    *text,
             gboolean       error)
{
  gtk_label_set_text (self->message_label, text != NULL && *text != '\0' ? text : " ");
  if (error)
    gtk_widget_add_css_class (GTK_WIDGET (self->message_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->message_label), "error");
}

static gboolean
cell_changed (Cell *cell)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (cell->entry))));

  if (cell->saved == NULL)
    return *text != '\0';
  return g_strcmp0 (text, cell->saved->orres) != 0;
}

static void
update_reason (StromaLabGrid *self)
{
  gboolean any = FALSE;

  for (guint i = 0; self->cells != NULL && i < self->cells->len; i++)
    {
      Cell *cell = self->cells->pdata[i];
      g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (cell->entry))));

      any |= cell->saved != NULL && g_strcmp0 (text, cell->saved->orres) != 0;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->reason_group), any);
}

/* Reads one cell: the badge shows the grade, or "!" and the message says what is wrong. */
static gboolean
check_cell (StromaLabGrid  *self,
            Cell           *cell,
            double         *canonical,
            GError        **error)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (cell->entry));
  g_autofree char *trimmed = g_strstrip (g_strdup (text));
  g_autoptr(GError) local = NULL;
  StromaCtcaeReference reference = STROMA_CTCAE_REFERENCE_INIT;
  StromaCtcaeResult result;
  double value;
  g_autofree char *tooltip = NULL;

  gtk_widget_remove_css_class (GTK_WIDGET (cell->badge), "grade-0");
  gtk_widget_remove_css_class (GTK_WIDGET (cell->badge), "error");
  for (guint g = 1; g <= 4; g++)
    {
      g_autofree char *name = g_strdup_printf ("grade-%u", g);
      gtk_widget_remove_css_class (GTK_WIDGET (cell->badge), name);
    }

  if (*trimmed == '\0' && cell->saved == NULL)
    {
      cell->invalid = FALSE;
      gtk_widget_remove_css_class (GTK_WIDGET (cell->entry), "error");
      gtk_label_set_text (cell->badge, "");
      gtk_widget_set_tooltip_text (GTK_WIDGET (cell->badge), NULL);
      return TRUE;
    }
  if (*trimmed == '\0')
    {
      /* A saved value cleared: it will be voided, with the reason. */
      cell->invalid = FALSE;
      gtk_widget_remove_css_class (GTK_WIDGET (cell->entry), "error");
      gtk_label_set_text (cell->badge, "✕");
      gtk_widget_set_tooltip_text (GTK_WIDGET (cell->badge), _("The saved value will be voided"));
      return TRUE;
    }

  if (!stroma_lab_value_parse (cell->test, text, cell_unit (self, cell), &value, NULL, &local))
    {
      cell->invalid = TRUE;
      gtk_widget_add_css_class (GTK_WIDGET (cell->entry), "error");
      gtk_label_set_text (cell->badge, "!");
      gtk_widget_add_css_class (GTK_WIDGET (cell->badge), "error");
      gtk_widget_set_tooltip_text (GTK_WIDGET (cell->entry), local->message);
      if (error != NULL)
        g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }

  cell->invalid = FALSE;
  gtk_widget_remove_css_class (GTK_WIDGET (cell->entry), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (cell->badge), "error");
  gtk_widget_set_tooltip_text (GTK_WIDGET (cell->entry), NULL);
  if (canonical != NULL)
    *canonical = value;

  if (stroma_ctcae_grade_lab (cell->test, value, &reference, &result, NULL) &&
      result.grade != STROMA_CTCAE_NO_GRADE)
    {
      g_autofree char *badge = g_strdup_printf ("G%d", result.grade);
      g_autofree char *css = g_strdup_printf ("grade-%d", result.grade);

      gtk_label_set_text (cell->badge, badge);
      gtk_widget_add_css_class (GTK_WIDGET (cell->badge), css);
      /* Translators: tooltip of a grade badge: "Platelet count decreased, CTCAE v5.0 grade 3:
       * <50.0 - 25.0 x 10e9 /L" */
      tooltip = g_strdup_printf (_("%s, CTCAE v%s grade %d%s%s"), result.term, result.version,
                                 result.grade, result.criterion ? ": " : "",
                                 result.criterion ? result.criterion : "");
    }
  else
    {
      gtk_label_set_text (cell->badge, "–");
      tooltip = g_strdup (stroma_ctcae_term (cell->test) != NULL
                          ? _("The grade needs the laboratory’s normal range")
                          : _("CTCAE does not grade this test"));
    }
  gtk_widget_set_tooltip_text (GTK_WIDGET (cell->badge), tooltip);
  return TRUE;
}

static void
on_cell_changed (GtkEditable *entry,
                 gpointer     user_data)
{
  StromaLabGrid *self = user_data;
  Cell *cell = g_object_get_data (G_OBJECT (entry), "cell");
  g_autoptr(GError) error = NULL;

  if (self->building)
    return;

  if (check_cell (self, cell, NULL, &error))
    set_message (self, NULL, FALSE);
  else
    {
      g_autofree char *text = g_strdup_printf ("%s, %s: %s",
                                               gtk_editable_get_text (GTK_EDITABLE (self->dates[cell->row])),
                                               column_title (cell->test), error->message);
      set_message (self, text, TRUE);
    }
  update_reason (self);
}

static void
on_cell_activate (GtkEntry *entry,
                  gpointer  user_data)
{
  StromaLabGrid *self = user_data;
  Cell *cell = g_object_get_data (G_OBJECT (entry), "cell");
  Cell *below = cell_at (self, cell->row + 1, cell->column);

  /* Enter goes down the column; from the last row, to the top of the next column. */
  if (below == NULL)
    below = cell_at (self, 0, cell->column + 1);
  if (below != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (below->entry));
}

static void
show_history (StromaLabGrid *self,
              Cell          *cell)
{
  GtkWindow *dialog;

  if (cell->saved == NULL)
    return;

  dialog = stroma_correction_dialog_new (GTK_WINDOW (self), self->desk,
                                         STROMA_RECORD_LAB_RESULT, cell->saved->parent.id,
                                         "orres");
  gtk_window_present (dialog);
}

static void
on_icon_press (GtkEntry             *entry,
               GtkEntryIconPosition  position,
               gpointer              user_data)
{
  show_history (user_data, g_object_get_data (G_OBJECT (entry), "cell"));
}

static gboolean
on_history_key (GtkWidget *widget,
                GVariant  *args,
                gpointer   user_data)
{
  StromaLabGrid *self = STROMA_LAB_GRID (widget);
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  for (GtkWidget *w = focus; w != NULL; w = gtk_widget_get_parent (w))
    if (GTK_IS_ENTRY (w) && g_object_get_data (G_OBJECT (w), "cell") != NULL)
      {
        show_history (self, g_object_get_data (G_OBJECT (w), "cell"));
        return TRUE;
      }

  return FALSE;
}

static void
on_unit_changed (StromaLabGrid *self)
{
  if (self->building)
    return;

  for (guint i = 0; i < self->cells->len; i++)
    on_cell_changed (GTK_EDITABLE (((Cell *) self->cells->pdata[i])->entry), self);
}

/* The latest value saved for a date and test */
static const StromaLabResult *
saved_value (StromaLabGrid *self,
             const char    *date,
             const char    *test)
{
  const StromaLabResult *found = NULL;

  for (guint i = 0; self->record != NULL && i < self->record->labs->len; i++)
    {
      const StromaLabResult *lab = self->record->labs->pdata[i];

      if (g_strcmp0 (lab->collected_on, date) == 0 && g_strcmp0 (lab->test_code, test) == 0 &&
          (found == NULL || lab->parent.id > found->parent.id))
        found = lab;
    }

  return found;
}

static void
build (StromaLabGrid *self)
{
  GtkWidget *child;
  GtkWidget *date_header;

  self->building = TRUE;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->grid))) != NULL)
    gtk_grid_remove (self->grid, child);
  g_clear_pointer (&self->cells, g_ptr_array_unref);
  g_clear_pointer (&self->unit_lists, g_ptr_array_unref);
  self->cells = g_ptr_array_new_with_free_func ((GDestroyNotify) cell_free);
  self->unit_lists = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

  for (self->n_tests = 0; self->panel->tests[self->n_tests] != NULL; self->n_tests++)
    ;

  date_header = gtk_label_new (_("Date"));
  gtk_widget_add_css_class (date_header, "heading");
  gtk_label_set_xalign (GTK_LABEL (date_header), 0);
  gtk_widget_set_valign (date_header, GTK_ALIGN_END);
  gtk_grid_attach (self->grid, date_header, 0, 0, 1, 1);

  for (guint c = 0; c < self->n_tests; c++)
    {
      const char *test = self->panel->tests[c];
      GStrv units = stroma_lab_units (test);
      g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
      GtkWidget *name = gtk_label_new (column_title (test));
      GtkWidget *unit;
      const char *saved_unit = NULL;
      g_autofree char *tooltip = NULL;

      for (guint k = 0; units[k] != NULL; k++)
        gtk_string_list_append (labels, unit_label (units[k]));
      unit = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&labels)), NULL);

      /* A column opens in the unit its saved values were entered in. */
      for (guint r = 0; r < STROMA_LAB_GRID_ROWS && saved_unit == NULL; r++)
        {
          g_autofree char *date = add_days (self->first_date, (int) r);
          const StromaLabResult *lab = saved_value (self, date, test);

          if (lab != NULL)
            saved_unit = lab->orresu;
        }
      for (guint k = 0; saved_unit != NULL && units[k] != NULL; k++)
        if (g_str_equal (units[k], saved_unit))
          gtk_drop_down_set_selected (GTK_DROP_DOWN (unit), k);

      gtk_widget_add_css_class (name, "heading");
      gtk_label_set_xalign (GTK_LABEL (name), 0);
      /* Translators: tooltip of a column title: "PLAT · Platelet count decreased" */
      tooltip = g_strdup_printf ("%s%s%s", test, stroma_ctcae_term (test) ? " · " : "",
                                 stroma_ctcae_term (test) ? stroma_ctcae_term (test) : "");
      gtk_widget_set_tooltip_text (name, tooltip);
      gtk_accessible_update_property (GTK_ACCESSIBLE (unit), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      test, -1);
      gtk_widget_set_tooltip_text (unit, _("The unit this column is entered in"));
      gtk_box_append (GTK_BOX (box), name);
      gtk_box_append (GTK_BOX (box), unit);
      gtk_grid_attach (self->grid, box, (int) c + 1, 0, 1, 1);
      self->units[c] = GTK_DROP_DOWN (unit);
      g_ptr_array_add (self->unit_lists, units);
      g_signal_connect_swapped (unit, "notify::selected", G_CALLBACK (on_unit_changed), self);
    }

  for (guint r = 0; r < STROMA_LAB_GRID_ROWS; r++)
    {
      g_autofree char *date = add_days (self->first_date, (int) r);
      GtkWidget *date_entry = gtk_entry_new ();

      gtk_editable_set_text (GTK_EDITABLE (date_entry), date);
      gtk_editable_set_width_chars (GTK_EDITABLE (date_entry), 11);
      gtk_accessible_update_property (GTK_ACCESSIBLE (date_entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Date"), -1);
      gtk_grid_attach (self->grid, date_entry, 0, (int) r + 1, 1, 1);
      self->dates[r] = GTK_ENTRY (date_entry);

      for (guint c = 0; c < self->n_tests; c++)
        {
          Cell *cell = g_new0 (Cell, 1);
          GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
          const StromaLabResult *lab = saved_value (self, date, self->panel->tests[c]);
          g_autofree char *label = g_strdup_printf ("%s %s", self->panel->tests[c], date);

          cell->test = self->panel->tests[c];
          cell->row = r;
          cell->column = c;
          cell->entry = GTK_ENTRY (gtk_entry_new ());
          cell->badge = GTK_LABEL (gtk_label_new (""));
          gtk_editable_set_width_chars (GTK_EDITABLE (cell->entry), 7);
          gtk_editable_set_max_width_chars (GTK_EDITABLE (cell->entry), 9);
          gtk_entry_set_input_purpose (cell->entry, GTK_INPUT_PURPOSE_NUMBER);
          gtk_accessible_update_property (GTK_ACCESSIBLE (cell->entry),
                                          GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
          gtk_label_set_width_chars (cell->badge, 3);
          gtk_widget_set_valign (GTK_WIDGET (cell->badge), GTK_ALIGN_CENTER);
          gtk_widget_add_css_class (GTK_WIDGET (cell->badge), "grade-badge");
          if (lab != NULL)
            {
              cell->saved = stroma_record_copy (lab);
              gtk_editable_set_text (GTK_EDITABLE (cell->entry), lab->orres);
              gtk_entry_set_icon_from_icon_name (cell->entry, GTK_ENTRY_ICON_SECONDARY,
                                                 "document-open-recent-symbolic");
              gtk_entry_set_icon_tooltip_text (cell->entry, GTK_ENTRY_ICON_SECONDARY,
                                               _("History of this value (Ctrl+H)"));
              gtk_widget_add_css_class (GTK_WIDGET (cell->entry), "saved-value");
            }
          g_object_set_data (G_OBJECT (cell->entry), "cell", cell);
          g_signal_connect (cell->entry, "changed", G_CALLBACK (on_cell_changed), self);
          g_signal_connect (cell->entry, "activate", G_CALLBACK (on_cell_activate), self);
          g_signal_connect (cell->entry, "icon-press", G_CALLBACK (on_icon_press), self);
          gtk_box_append (GTK_BOX (box), GTK_WIDGET (cell->entry));
          gtk_box_append (GTK_BOX (box), GTK_WIDGET (cell->badge));
          gtk_grid_attach (self->grid, box, (int) c + 1, (int) r + 1, 1, 1);
          g_ptr_array_add (self->cells, cell);
          check_cell (self, cell, NULL, NULL);
        }
    }

  self->building = FALSE;
  update_reason (self);
  set_message (self, NULL, FALSE);
}

/**
 * stroma_lab_grid_set_panel:
 * @self: the grid
 * @panel: "cbc", "chemistry" or "coagulation"
 *
 * Returns: %TRUE when @panel names one
 */
gboolean
stroma_lab_grid_set_panel (StromaLabGrid *self,
                           const char    *panel)
{
  g_return_val_if_fail (STROMA_IS_LAB_GRID (self), FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (panels); i++)
    if (g_str_equal (panels[i].id, panel))
      {
        gtk_drop_down_set_selected (self->panel_dropdown, i);
        return TRUE;
      }

  return FALSE;
}

static void
on_panel_changed (StromaLabGrid *self)
{
  guint selected = gtk_drop_down_get_selected (self->panel_dropdown);

  self->panel = &panels[MIN (selected, G_N_ELEMENTS (panels) - 1)];
  build (self);
}

/**
 * stroma_lab_grid_set_first_date:
 * @self: the grid
 * @date: the ISO date of the grid's first row
 *
 * Returns: %TRUE when @date is a date (the grid then shows the week from it)
 */
gboolean
stroma_lab_grid_set_first_date (StromaLabGrid *self,
                                const char    *date)
{
  StromaDateRule rule = { _("First date"), NULL, 0, NULL, NULL, FALSE };
  g_autoptr(GError) error = NULL;
  g_autofree char *parsed = NULL;

  g_return_val_if_fail (STROMA_IS_LAB_GRID (self), FALSE);

  if (!stroma_validate_date (date, &rule, &parsed, &error))
    {
      set_message (self, error->message, TRUE);
      return FALSE;
    }

  g_free (self->first_date);
  self->first_date = g_steal_pointer (&parsed);
  gtk_editable_set_text (GTK_EDITABLE (self->first_date_entry), self->first_date);
  build (self);
  return TRUE;
}

static void
on_first_date_activate (StromaLabGrid *self)
{
  stroma_lab_grid_set_first_date (self, gtk_editable_get_text (GTK_EDITABLE (self->first_date_entry)));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  StromaLabGrid *self = STROMA_LAB_GRID (widget);
  StromaStore *store = stroma_desk_get_store (self->desk);
  g_autofree char *today = stroma_desk_today (self->desk);
  g_autoptr(GPtrArray) inserts = g_ptr_array_new_with_free_func (stroma_record_free);
  g_autoptr(GPtrArray) updates = g_ptr_array_new_with_free_func (stroma_record_free);
  g_autoptr(GPtrArray) voids = g_ptr_array_new_with_free_func (stroma_record_free);
  g_autoptr(GPtrArray) date_list = g_ptr_array_new_full (STROMA_LAB_GRID_ROWS, g_free);
  char **dates;
  g_autofree char *reason = NULL;
  g_autoptr(GError) error = NULL;
  const char *consent = self->record->consent != NULL ? self->record->consent->consent_date : NULL;
  StromaEditContext context;
  gint64 subject_id = self->record->subject->parent.id;

  gtk_widget_remove_css_class (GTK_WIDGET (self->reason_row), "error");
  g_ptr_array_set_size (date_list, STROMA_LAB_GRID_ROWS);
  dates = (char **) date_list->pdata;

  for (guint r = 0; r < STROMA_LAB_GRID_ROWS; r++)
    {
      gboolean used = FALSE;

      gtk_widget_remove_css_class (GTK_WIDGET (self->dates[r]), "error");
      for (guint c = 0; c < self->n_tests; c++)
        used |= cell_changed (cell_at (self, r, c)) || cell_at (self, r, c)->saved != NULL;
      if (!used)
        continue;

      {
        StromaDateRule rule = { _("Date"), today, 0, consent, _("the consent date"), FALSE };

        if (!stroma_validate_date (gtk_editable_get_text (GTK_EDITABLE (self->dates[r])), &rule,
                                   &dates[r], &error))
          {
            set_message (self, error->message, TRUE);
            gtk_widget_add_css_class (GTK_WIDGET (self->dates[r]), "error");
            gtk_widget_grab_focus (GTK_WIDGET (self->dates[r]));
            return;
          }
      }
      for (guint k = 0; k < r; k++)
        if (dates[k] != NULL && g_str_equal (dates[k], dates[r]))
          {
            g_autofree char *text = g_strdup_printf (_("Date: %s is on two rows; give each row "
                                                       "its own date."), dates[r]);
            set_message (self, text, TRUE);
            gtk_widget_add_css_class (GTK_WIDGET (self->dates[r]), "error");
            gtk_widget_grab_focus (GTK_WIDGET (self->dates[r]));
            return;
          }
    }

  for (guint i = 0; i < self->cells->len; i++)
    {
      Cell *cell = self->cells->pdata[i];
      g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (cell->entry))));
      gboolean date_moved = cell->saved != NULL && dates[cell->row] != NULL &&
                            g_strcmp0 (cell->saved->collected_on, dates[cell->row]) != 0;
      double value = NAN;
      StromaLabResult *lab;

      if (!cell_changed (cell) && !date_moved)
        continue;

      if (*text == '\0')
        {
          g_ptr_array_add (voids, stroma_record_copy (cell->saved));
          continue;
        }

      if (!check_cell (self, cell, &value, &error))
        {
          g_autofree char *message = g_strdup_printf ("%s, %s: %s", dates[cell->row],
                                                      column_title (cell->test), error->message);
          set_message (self, message, TRUE);
          gtk_widget_grab_focus (GTK_WIDGET (cell->entry));
          return;
        }

      lab = cell->saved != NULL ? stroma_record_copy (cell->saved)
                                : stroma_record_new (STROMA_RECORD_LAB_RESULT);
      lab->parent.subject_id = subject_id;
      g_free (lab->collected_on);
      lab->collected_on = g_strdup (dates[cell->row]);
      g_free (lab->test_code);
      lab->test_code = g_strdup (cell->test);
      g_free (lab->orres);
      lab->orres = g_strdup (text);
      g_free (lab->orresu);
      lab->orresu = g_strdup (cell_unit (self, cell));
      lab->stresn = value;
      g_free (lab->stresu);
      lab->stresu = g_strdup (stroma_lab_canonical_unit (cell->test));
      if (lab->source == NULL)
        lab->source = g_strdup ("entry");
      g_ptr_array_add (cell->saved != NULL ? updates : inserts, lab);
    }

  if (inserts->len + updates->len + voids->len == 0)
    {
      set_message (self, _("Nothing to save: type values into the grid."), FALSE);
      return;
    }

  if (updates->len + voids->len > 0 &&
      !stroma_validate_reason (stroma_form_text (self->reason_row), &reason, &error))
    {
      gtk_widget_set_visible (GTK_WIDGET (self->reason_group), TRUE);
      set_message (self, error->message, TRUE);
      gtk_widget_add_css_class (GTK_WIDGET (self->reason_row), "error");
      gtk_widget_grab_focus (GTK_WIDGET (self->reason_row));
      return;
    }

  context = stroma_desk_context (self->desk, reason);
  if (!stroma_store_begin (store, &context, &error))
    goto failed;

  for (guint i = 0; i < inserts->len; i++)
    {
      StromaEditContext first = stroma_desk_context (self->desk, NULL);

      if (!stroma_store_save (store, &first, inserts->pdata[i], &error))
        goto rollback;
    }
  for (guint i = 0; i < updates->len; i++)
    if (!stroma_store_save (store, NULL, updates->pdata[i], &error))
      goto rollback;
  for (guint i = 0; i < voids->len; i++)
    if (!stroma_store_void (store, NULL, voids->pdata[i], &error))
      goto rollback;

  if (!stroma_store_commit (store, &error))
    goto failed;

  {
    GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

    if (STROMA_IS_WINDOW (parent))
      stroma_window_desk_saved (STROMA_WINDOW (parent), subject_id);
    else
      stroma_desk_saved (self->desk, subject_id);
  }
  gtk_window_close (GTK_WINDOW (self));
  return;

rollback:
  stroma_store_rollback (store);
failed:
  {
    g_autofree char *text = stroma_form_describe_error (error);
    set_message (self, text, TRUE);
  }
}

/**
 * stroma_lab_grid_get_cell:
 * @self: the grid
 * @row: 0 to %STROMA_LAB_GRID_ROWS − 1
 * @test_code: a test of the panel shown
 *
 * Returns: (transfer none) (nullable): the cell's entry
 */
GtkEntry *
stroma_lab_grid_get_cell (StromaLabGrid *self,
                          guint          row,
                          const char    *test_code)
{
  g_return_val_if_fail (STROMA_IS_LAB_GRID (self), NULL);

  for (guint c = 0; c < self->n_tests; c++)
    if (g_strcmp0 (self->panel->tests[c], test_code) == 0)
      return cell_at (self, row, c) != NULL ? cell_at (self, row, c)->entry : NULL;

  return NULL;
}

GtkEntry *
stroma_lab_grid_get_date (StromaLabGrid *self,
                          guint          row)
{
  g_return_val_if_fail (STROMA_IS_LAB_GRID (self), NULL);
  return row < STROMA_LAB_GRID_ROWS ? self->dates[row] : NULL;
}

const char *
stroma_lab_grid_get_badge (StromaLabGrid *self,
                           guint          row,
                           const char    *test_code)
{
  g_return_val_if_fail (STROMA_IS_LAB_GRID (self), NULL);

  for (guint c = 0; c < self->n_tests; c++)
    if (g_strcmp0 (self->panel->tests[c], test_code) == 0 && cell_at (self, row, c) != NULL)
      return gtk_label_get_text (cell_at (self, row, c)->badge);

  return NULL;
}

/**
 * stroma_lab_grid_set_unit:
 * @self: the grid
 * @test_code: a test of the panel shown
 * @unit: one of its units
 *
 * Returns: %TRUE when the column takes @unit
 */
gboolean
stroma_lab_grid_set_unit (StromaLabGrid *self,
                          const char    *test_code,
                          const char    *unit)
{
  g_return_val_if_fail (STROMA_IS_LAB_GRID (self), FALSE);

  for (guint c = 0; c < self->n_tests; c++)
    if (g_strcmp0 (self->panel->tests[c], test_code) == 0)
      {
        GStrv units = self->unit_lists->pdata[c];

        for (guint k = 0; units[k] != NULL; k++)
          if (g_str_equal (units[k], unit))
            {
              gtk_drop_down_set_selected (self->units[c], k);
              return TRUE;
            }
      }

  return FALSE;
}

const char *
stroma_lab_grid_get_message (StromaLabGrid *self)
{
  g_return_val_if_fail (STROMA_IS_LAB_GRID (self), NULL);
  return gtk_label_get_text (self->message_label);
}

static void
stroma_lab_grid_dispose (GObject *object)
{
  StromaLabGrid *self = STROMA_LAB_GRID (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), STROMA_TYPE_LAB_GRID);
  g_clear_object (&self->desk);
  g_clear_pointer (&self->record, stroma_subject_record_free);
  g_clear_pointer (&self->cells, g_ptr_array_unref);
  g_clear_pointer (&self->unit_lists, g_ptr_array_unref);
  g_clear_pointer (&self->first_date, g_free);

  G_OBJECT_CLASS (stroma_lab_grid_parent_class)->dispose (object);
}

static void
stroma_lab_grid_class_init (StromaLabGridClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = stroma_lab_grid_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE_PATH "/ui/stroma-lab-grid.ui");
  gtk_widget_class_bind_template_child (widget_class, StromaLabGrid, panel_dropdown);
  gtk_widget_class_bind_template_child (widget_class, StromaLabGrid, first_date_entry);
  gtk_widget_class_bind_template_child (widget_class, StromaLabGrid, message_label);
  gtk_widget_class_bind_template_child (widget_class, StromaLabGrid, grid);
  gtk_widget_class_bind_template_child (widget_class, StromaLabGrid, reason_group);
  gtk_widget_class_bind_template_child (widget_class, StromaLabGrid, reason_row);

  gtk_widget_class_install_action (widget_class, "dialog.save", NULL, save_action);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_h, GDK_CONTROL_MASK, on_history_key, NULL);
}

static void
stroma_lab_grid_init (StromaLabGrid *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * stroma_lab_grid_new:
 * @parent: the trial window
 * @desk: its desk
 * @subject_id: the subject
 *
 * Returns: (transfer none): the grid window, showing the week that ends today
 */
GtkWindow *
stroma_lab_grid_new (GtkWindow  *parent,
                     StromaDesk *desk,
                     gint64      subject_id)
{
  StromaLabGrid *self;
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *today = NULL;
  g_autofree char *title = NULL;

  g_return_val_if_fail (STROMA_IS_DESK (desk), NULL);

  self = g_object_new (STROMA_TYPE_LAB_GRID, NULL);
  self->desk = g_object_ref (desk);
  stroma_form_init (GTK_WINDOW (self), parent);

  self->record = stroma_trial_load_subject (stroma_desk_get_trial (desk), subject_id, &error);
  if (self->record == NULL)
    {
      set_message (self, error->message, TRUE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "dialog.save", FALSE);
      return GTK_WINDOW (self);
    }

  for (guint i = 0; i < G_N_ELEMENTS (panels); i++)
    gtk_string_list_append (names, _(panels[i].label));
  gtk_drop_down_set_model (self->panel_dropdown, G_LIST_MODEL (names));

  today = stroma_desk_today (desk);
  self->first_date = add_days (today, -(STROMA_LAB_GRID_ROWS - 1));
  gtk_editable_set_text (GTK_EDITABLE (self->first_date_entry), self->first_date);
  self->panel = &panels[0];
  build (self);

  g_signal_connect_swapped (self->panel_dropdown, "notify::selected", G_CALLBACK (on_panel_changed),
                            self);
  g_signal_connect_swapped (self->first_date_entry, "activate",
                            G_CALLBACK (on_first_date_activate), self);

  title = g_strdup_printf (_("Laboratory Values — %s"), self->record->subject->code);
  gtk_window_set_title (GTK_WINDOW (self), title);

  if (!stroma_desk_may (desk, STROMA_ACTION_ENTER_DATA))
    {
      g_autofree char *who = stroma_desk_describe_user (desk);
      g_autofree char *text = g_strdup_printf (_("%s may not %s. Sign in as someone who may."), who,
                                               stroma_action_label (STROMA_ACTION_ENTER_DATA));
      set_message (self, text, TRUE);
    }

  if (self->cells->len > 0)
    gtk_widget_grab_focus (GTK_WIDGET (((Cell *) self->cells->pdata[0])->entry));

  return GTK_WINDOW (self);
}
