/* test-desk.c — the coordinator's desk, driven through its widgets under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One subject all the way: enrol → eligibility → randomize → transplant → regimen →
 * infusion from the agenda → a week of counts → a correction, with the bad-input paths on the
 * way; each step is checked in the trial file and its audit trail, not only on screen.
 */

#include "config.h"

#include <adwaita.h>
#include <math.h>

#include "core/stroma-eligibility.h"
#include "gui/stroma-agenda-row.h"
#include "gui/stroma-agenda-view.h"
#include "gui/stroma-adverse-event-dialog.h"
#include "gui/stroma-correction-dialog.h"
#include "gui/stroma-disposition-dialog.h"
#include "gui/stroma-medication-dialog.h"
#include "gui/stroma-transfusion-dialog.h"
#include "gui/stroma-dose-dialog.h"
#include "gui/stroma-enrol-dialog.h"
#include "gui/stroma-infusion-dialog.h"
#include "gui/stroma-lab-grid.h"
#include "gui/stroma-records-window.h"
#include "gui/stroma-regimen-window.h"
#include "gui/stroma-transplant-dialog.h"
#include "gui/stroma-window-desk.h"
#include "gui/stroma-window.h"
#include "io/stroma-demo.h"
#include "stroma-test-util.h"

static char *demo_path;

static void
iterate (void)
{
  for (guint i = 0; i < 5; i++)
    while (g_main_context_iteration (NULL, FALSE))
      ;
}

static GtkWindow *
find_window (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (w, type) && gtk_widget_get_visible (GTK_WIDGET (w)))
        return w;
    }

  return NULL;
}

static AdwMessageDialog *
find_message (const char *heading_prefix)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (w) && gtk_widget_get_visible (GTK_WIDGET (w)) &&
          g_str_has_prefix (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (w)), heading_prefix))
        return ADW_MESSAGE_DIALOG (w);
    }

  return NULL;
}

static gpointer
child (gpointer     widget,
       GType        type,
       const char  *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (widget), type, name);

  g_assert_nonnull (object);
  return object;
}

static void
type_into (gpointer     widget,
           GType        type,
           const char  *name,
           const char  *text)
{
  gtk_editable_set_text (GTK_EDITABLE (child (widget, type, name)), text);
}

static const char *
error_text (gpointer widget,
            GType    type)
{
  GtkLabel *label = child (widget, type, "error_label");

  return gtk_widget_get_visible (GTK_WIDGET (label)) ? gtk_label_get_text (label) : NULL;
}

static void
save (gpointer widget)
{
  gtk_widget_activate_action (GTK_WIDGET (widget), "dialog.save", NULL);
  iterate ();
}

/* Whether @window is still shown; it may have been destroyed, so it is only compared. */
static gboolean
is_open (gpointer window)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);

      if ((gpointer) w == window)
        return gtk_widget_get_visible (GTK_WIDGET (w));
    }

  return FALSE;
}

static char *
date_from_today (int days)
{
  /* Today at the site: msc-pgf names Asia/Shanghai, whatever this computer's zone. */
  g_autoptr(GTimeZone) site = g_time_zone_new_identifier ("Asia/Shanghai");
  g_autoptr(GDateTime) now = g_date_time_new_now (site);
  g_autoptr(GDateTime) then = g_date_time_add_days (now, days);

  return g_date_time_format (then, "%Y-%m-%d");
}

static gint64
count (const char *sql)
{
  return stroma_test_query (demo_path, sql);
}

typedef struct
{
  StromaWindow *window;
  StromaDesk   *desk;
  gint64        subject;
  char         *code;
  char         *stratum;
} Desk;

static void
open_desk (Desk *d)
{
  g_autoptr(GFile) file = g_file_new_for_path (demo_path);

  d->window = stroma_window_new (NULL);
  gtk_window_present (GTK_WINDOW (d->window));
  g_assert_true (stroma_window_open_trial (d->window, file));
  iterate ();
  d->desk = stroma_window_get_desk (d->window);
  g_assert_nonnull (d->desk);
}

static void
close_desk (Desk *d)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  /* Every window of the desk is closed with the trial window. */
  for (guint i = g_list_model_get_n_items (toplevels); i > 0; i--)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i - 1);

      if (w != GTK_WINDOW (d->window))
        gtk_window_destroy (w);
    }
  g_object_ref (d->window);
  gtk_window_destroy (GTK_WINDOW (d->window));
  iterate ();
  g_assert_finalize_object (d->window);
  g_free (d->code);
  g_free (d->stratum);
}

static void
sign_in (Desk       *d,
         const char *user)
{
  g_assert_true (stroma_desk_set_user (d->desk, user));
  iterate ();
}

/* A stratum whose next concealed allocation is the product arm: the test reads the list. */
static char *
stratum_with_msc_next (void)
{
  static const char * const strata[] = { "haplo", "smd", "umd" };

  for (guint i = 0; i < G_N_ELEMENTS (strata); i++)
    {
      g_autofree char *sql = g_strdup_printf (
        "SELECT count (*) FROM randomization_list WHERE stratum = '%s' AND arm = 'msc' AND "
        "sequence = (SELECT coalesce (max (sequence), 0) + 1 FROM allocations "
        "WHERE stratum = '%s')", strata[i], strata[i]);

      if (count (sql) == 1)
        return g_strdup (strata[i]);
    }

  g_assert_not_reached ();
}

static void
fill_subject (GtkWindow  *dialog,
              const char *initials,
              const char *birth,
              const char *stratum)
{
  GType t = STROMA_TYPE_ENROL_DIALOG;
  g_autofree char *consent = date_from_today (-45);
  g_autofree char *screening = date_from_today (-44);
  static const char * const donors[] = { "", "haplo", "smd", "umd" };

  type_into (dialog, t, "initials_row", initials);
  adw_combo_row_set_selected (child (dialog, t, "sex_row"), 1);
  type_into (dialog, t, "birth_row", birth);
  type_into (dialog, t, "height_row", "170");
  type_into (dialog, t, "weight_row", "60");
  type_into (dialog, t, "kps_row", "80");
  type_into (dialog, t, "ecog_row", "1");
  for (guint i = 0; i < G_N_ELEMENTS (donors); i++)
    if (g_str_equal (donors[i], stratum))
      adw_combo_row_set_selected (child (dialog, t, "donor_row"), i);
  type_into (dialog, t, "screening_row", screening);
  type_into (dialog, t, "consent_row", consent);
  g_assert_true (stroma_enrol_dialog_set_value (STROMA_ENROL_DIALOG (dialog),
                                                "life_expectancy_months", "12", NULL));
}

/* 1. Enrolment, with the bad-input paths and a role that may not enter data */
static void
step_enrol (Desk *d)
{
  GType t = STROMA_TYPE_ENROL_DIALOG;
  gint64 subjects = count ("SELECT count (*) FROM subjects");
  g_autofree char *future = date_from_today (3);
  GtkWindow *dialog;

  d->stratum = stratum_with_msc_next ();

  /* The sponsor reads; the store refuses the save and logs the refusal. */
  sign_in (d, "sponsor.zhao");
  gtk_widget_activate_action (GTK_WIDGET (d->window), "win.new-subject", NULL);
  iterate ();
  dialog = find_window (STROMA_TYPE_ENROL_DIALOG);
  g_assert_nonnull (dialog);
  g_assert_nonnull (strstr (error_text (dialog, t), "may not enter clinical data"));
  fill_subject (dialog, "ZL", "1980-06-15", d->stratum);
  save (dialog);
  g_assert_true (is_open (dialog));
  g_assert_nonnull (strstr (error_text (dialog, t), "Not saved"));
  g_assert_cmpint (count ("SELECT count (*) FROM subjects"), ==, subjects);
  g_assert_cmpint (count ("SELECT count (*) FROM audit_log WHERE reason = 'access denied' AND "
                          "user_id = 'sponsor.zhao'"), ==, 1);
  gtk_window_destroy (dialog);

  sign_in (d, "coord.liu");
  gtk_widget_activate_action (GTK_WIDGET (d->window), "win.new-subject", NULL);
  iterate ();
  dialog = find_window (STROMA_TYPE_ENROL_DIALOG);
  g_assert_null (error_text (dialog, t));
  d->code = g_strdup (gtk_editable_get_text (GTK_EDITABLE (child (dialog, t, "code_row"))));
  g_assert_cmpstr (d->code, ==, "PGF-013");   /* suggested: the next number */

  /* Invalid initials: a specific message, and nothing saved */
  fill_subject (dialog, "Z1", "1980-06-15", d->stratum);
  save (dialog);
  g_assert_true (is_open (dialog));
  g_assert_nonnull (strstr (error_text (dialog, t), "Initials are letters A–Z only"));
  g_assert_true (gtk_widget_has_css_class (child (dialog, t, "initials_row"), "error"));
  g_assert_cmpint (count ("SELECT count (*) FROM subjects"), ==, subjects);

  /* A birth date in the future */
  fill_subject (dialog, "ZL", future, d->stratum);
  save (dialog);
  g_assert_nonnull (strstr (error_text (dialog, t), "is in the future"));
  g_assert_cmpint (count ("SELECT count (*) FROM subjects"), ==, subjects);

  /* A code that embeds the initials */
  fill_subject (dialog, "ZL", "1980-06-15", d->stratum);
  type_into (dialog, t, "code_row", "PGF-ZL1");
  save (dialog);
  g_assert_nonnull (strstr (error_text (dialog, t), "contains the initials"));
  type_into (dialog, t, "code_row", d->code);

  /* The coordinator may not answer the criteria of judgement. */
  g_assert_false (stroma_enrol_dialog_set_answer (STROMA_ENROL_DIALOG (dialog), "exc-infection",
                                                  "not-met"));

  save (dialog);
  g_assert_false (is_open (dialog));
  g_assert_cmpint (count ("SELECT count (*) FROM subjects"), ==, subjects + 1);

  {
    g_autofree char *sql = g_strdup_printf ("SELECT id FROM subjects WHERE code = '%s'", d->code);
    d->subject = count (sql);
  }
  g_assert_cmpint (d->subject, >, 0);
  g_assert_cmpint (stroma_window_get_selected_subject (d->window), ==, d->subject);
  /* Still screening: the investigator has not confirmed the criteria of judgement. */
  g_assert_cmpint (count ("SELECT count (*) FROM subjects WHERE status = 'screening' AND "
                          "code = 'PGF-013' AND initials = 'ZL'"), ==, 1);
  g_assert_cmpint (count ("SELECT count (*) FROM eligibility_answers WHERE criterion_id = "
                          "'inc-kps' AND answer = 'met' AND value = 80"), >=, 1);
  g_assert_cmpint (count ("SELECT count (*) FROM consents c JOIN subjects s ON s.id = c.subject_id "
                          "WHERE s.code = 'PGF-013'"), ==, 1);
}

/* 2. Randomization waits for the investigator; then it is revealed once */
static void
step_randomize (Desk *d)
{
  GType t = STROMA_TYPE_ENROL_DIALOG;
  g_autoptr(StromaProtocol) protocol = stroma_test_load_protocol ("msc-pgf");
  AdwMessageDialog *message;
  GtkWindow *dialog;

  gtk_widget_activate_action (GTK_WIDGET (d->window), "win.randomize", NULL);
  iterate ();
  message = find_message ("Not Ready");
  g_assert_nonnull (message);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (message), "still open"));
  adw_message_dialog_response (message, "close");
  iterate ();

  /* The investigator confirms the criteria of judgement. */
  sign_in (d, "dr.chen");
  gtk_widget_activate_action (GTK_WIDGET (d->window), "win.eligibility", NULL);
  iterate ();
  dialog = find_window (STROMA_TYPE_ENROL_DIALOG);
  g_assert_nonnull (dialog);
  for (guint i = 0; i < protocol->criteria->len; i++)
    {
      const StromaCriterion *c = protocol->criteria->pdata[i];

      if (stroma_criterion_needs_judgement (c))
        g_assert_true (stroma_enrol_dialog_set_answer (STROMA_ENROL_DIALOG (dialog), c->id,
                                                       g_str_equal (c->kind, "exclusion")
                                                       ? "not-met" : "met"));
    }
  save (dialog);
  g_assert_null (find_window (STROMA_TYPE_ENROL_DIALOG));
  g_assert_cmpint (count ("SELECT count (*) FROM subjects WHERE code = 'PGF-013' AND "
                          "status = 'enrolled'"), ==, 1);
  g_assert_cmpint (count ("SELECT count (*) FROM eligibility_answers WHERE criterion_id = "
                          "'exc-infection' AND assessed_by = 'dr.chen'"), >=, 1);
  (void) t;

  /* The coordinator randomizes: asked once, revealed once. */
  sign_in (d, "coord.liu");
  gtk_widget_activate_action (GTK_WIDGET (d->window), "win.randomize", NULL);
  iterate ();
  message = find_message ("Randomize PGF-013");
  g_assert_nonnull (message);
  adw_message_dialog_response (message, "randomize");
  iterate ();
  message = find_message ("UC-MSC");
  g_assert_nonnull (message);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (message), "final"));
  adw_message_dialog_response (message, "close");
  iterate ();

  {
    g_autofree char *sql = g_strdup_printf ("SELECT count (*) FROM allocations WHERE subject_id = "
                                            "%" G_GINT64_FORMAT " AND arm = 'msc' AND stratum = "
                                            "'%s' AND allocated_by = 'coord.liu'", d->subject,
                                            d->stratum);
    g_assert_cmpint (count (sql), ==, 1);
  }

  /* Never twice */
  gtk_widget_activate_action (GTK_WIDGET (d->window), "win.randomize", NULL);
  iterate ();
  message = find_message ("Already Randomized");
  g_assert_nonnull (message);
  adw_message_dialog_response (message, "close");
  iterate ();
}

/* 3. Transplant and treatment start, with a date out of range */
static void
step_transplant (Desk *d)
{
  GType t = STROMA_TYPE_TRANSPLANT_DIALOG;
  g_autofree char *day0 = date_from_today (-40);
  g_autofree char *pgf = date_from_today (-10);
  g_autofree char *start = date_from_today (0);
  g_autofree char *far = date_from_today (30);
  GtkWindow *dialog;

  gtk_widget_activate_action (GTK_WIDGET (d->window), "win.transplant", NULL);
  iterate ();
  dialog = find_window (STROMA_TYPE_TRANSPLANT_DIALOG);
  g_assert_nonnull (dialog);
  type_into (dialog, t, "day0_row", day0);
  adw_combo_row_set_selected (child (dialog, t, "graft_row"), 1);
  type_into (dialog, t, "cd34_row", "4.2");
  adw_combo_row_set_selected (child (dialog, t, "abo_row"), 1);
  type_into (dialog, t, "hla_row", "5/10");
  type_into (dialog, t, "pgf_row", pgf);
  type_into (dialog, t, "start_row", far);
  save (dialog);
  g_assert_true (is_open (dialog));
  g_assert_nonnull (strstr (error_text (dialog, t), "Treatment start"));
  type_into (dialog, t, "hla_row", "5-10");
  type_into (dialog, t, "start_row", start);
  save (dialog);
  g_assert_nonnull (strstr (error_text (dialog, t), "HLA match"));
  type_into (dialog, t, "hla_row", "5/10");
  save (dialog);
  g_assert_false (is_open (dialog));

  g_assert_cmpint (count ("SELECT count (*) FROM transplants t JOIN subjects s ON s.id = "
                          "t.subject_id WHERE s.code = 'PGF-013' AND t.graft_source = 'PBSC' AND "
                          "t.abo_match = 'match'"), ==, 1);
  g_assert_cmpint (count ("SELECT count (*) FROM subjects WHERE code = 'PGF-013' AND "
                          "status = 'on-treatment' AND treatment_start IS NOT NULL"), ==, 1);
}

/* 4. Conditioning: plan, move days, save, record a dose, print */
static void
step_regimen (Desk *d)
{
  g_autofree char *pdf = stroma_test_temp_path ("regimen-sheet.pdf");
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  StromaRegimenWindow *regimen;
  GListModel *rows;
  guint n_planned;
  gint64 first_dose;
  gsize length;

  gtk_widget_activate_action (GTK_WIDGET (d->window), "win.regimen", NULL);
  iterate ();
  regimen = STROMA_REGIMEN_WINDOW (find_window (STROMA_TYPE_REGIMEN_WINDOW));
  g_assert_nonnull (regimen);
  rows = stroma_regimen_window_get_rows (regimen);
  n_planned = g_list_model_get_n_items (rows);
  g_assert_cmpuint (n_planned, >, 0);

  /* Moving an agent to the wrong number of days is refused. */
  {
    g_autoptr(StromaProtocol) protocol = stroma_test_load_protocol ("msc-pgf");
    const StromaRegimen *r = stroma_protocol_find_regimen (protocol, d->stratum);
    const StromaRegimenAgent *agent = r->agents->pdata[0];

    g_assert_false (stroma_regimen_window_move_days (regimen, agent->agent, "-3, -2, -1, -20, -21, -22",
                                                     NULL));
    g_assert_nonnull (strstr (stroma_regimen_window_get_message (regimen), "Days:"));
    g_assert_false (stroma_regimen_window_move_days (regimen, "Aspirin", "-3", NULL));
    g_assert_nonnull (strstr (stroma_regimen_window_get_message (regimen), "Aspirin"));
  }

  /* The printed draft says it is a draft. */
  g_assert_true (stroma_regimen_window_write_sheet (regimen, pdf, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (pdf, &contents, &length, NULL));
  g_assert_true (g_str_has_prefix (contents, "%PDF"));

  g_assert_true (stroma_regimen_window_save_plan (regimen));
  iterate ();
  {
    g_autofree char *sql = g_strdup_printf ("SELECT count (*) FROM conditioning_doses WHERE "
                                            "subject_id = %" G_GINT64_FORMAT " AND status = "
                                            "'planned' AND planned_time IS NOT NULL", d->subject);
    g_assert_cmpint (count (sql), ==, n_planned);
  }

  /* Move the last agent's days by one after saving: needs a reason */
  {
    g_autofree char *sql = g_strdup_printf ("SELECT min (id) FROM conditioning_doses WHERE "
                                            "subject_id = %" G_GINT64_FORMAT, d->subject);
    first_dose = count (sql);
  }
  {
    g_autofree char *agent = NULL;
    g_autofree char *sql = NULL;
    g_autofree char *days = NULL;
    gint64 lo, hi;
    g_autoptr(StromaStore) store = stroma_store_open (demo_path, STROMA_STORE_OPEN_READ_ONLY, NULL);
    g_autoptr(StromaConditioningDose) dose = stroma_store_load (store, STROMA_RECORD_CONDITIONING_DOSE,
                                                                first_dose, NULL);

    agent = g_strdup (dose->agent);
    sql = g_strdup_printf ("SELECT min (study_day) FROM conditioning_doses WHERE agent = '%s' AND "
                           "subject_id = %" G_GINT64_FORMAT, agent, d->subject);
    lo = count (sql);
    g_free (sql);
    sql = g_strdup_printf ("SELECT max (study_day) FROM conditioning_doses WHERE agent = '%s' AND "
                           "subject_id = %" G_GINT64_FORMAT, agent, d->subject);
    hi = count (sql);
    days = g_strdup_printf ("%" G_GINT64_FORMAT "..%" G_GINT64_FORMAT, lo - 1, hi - 1);

    g_assert_false (stroma_regimen_window_move_days (regimen, agent, days, ""));
    g_assert_nonnull (strstr (stroma_regimen_window_get_message (regimen), "Reason"));
    g_assert_true (stroma_regimen_window_move_days (regimen, agent, days,
                                                    "the ward starts this agent a day earlier"));
    iterate ();
    g_free (sql);
    sql = g_strdup_printf ("SELECT count (*) FROM audit_log WHERE table_name = "
                           "'conditioning_doses' AND column_name = 'study_day' AND reason = "
                           "'the ward starts this agent a day earlier'");
    g_assert_cmpint (count (sql), >, 0);
  }

  /* Record the first dose: a deviation beyond the threshold needs a reason */
  {
    GType t = STROMA_TYPE_DOSE_DIALOG;
    GtkWindow *dose_dialog;
    g_autofree char *sql = NULL;
    double calculated;

    g_signal_emit_by_name (gtk_widget_get_template_child (GTK_WIDGET (regimen),
                                                          STROMA_TYPE_REGIMEN_WINDOW, "plan_view"),
                           "activate", 0);
    iterate ();
    dose_dialog = find_window (t);
    g_assert_nonnull (dose_dialog);
    calculated = g_ascii_strtod (gtk_editable_get_text (GTK_EDITABLE (child (dose_dialog, t,
                                                                             "amount_row"))),
                                 NULL);
    g_assert_cmpfloat (calculated, >, 0);
    {
      g_autofree char *off = g_strdup_printf ("%g", round (calculated * 1.2));
      type_into (dose_dialog, t, "amount_row", off);
    }
    save (dose_dialog);
    g_assert_true (is_open (dose_dialog));
    g_assert_nonnull (strstr (error_text (dose_dialog, t), "give the reason"));
    type_into (dose_dialog, t, "reason_row", "vial size: the ward rounds up to whole vials");
    save (dose_dialog);
    g_assert_false (is_open (dose_dialog));
    sql = g_strdup_printf ("SELECT count (*) FROM conditioning_doses WHERE subject_id = %"
                           G_GINT64_FORMAT " AND status = 'given' AND given_by = 'coord.liu' AND "
                           "deviation_reason LIKE 'vial size%%'", d->subject);
    g_assert_cmpint (count (sql), ==, 1);
  }

  gtk_window_destroy (GTK_WINDOW (regimen));
  iterate ();
}

/* 5. The infusion from the agenda, with a cell count typed as cells/kg */
static void
step_infusion (Desk *d)
{
  GType t = STROMA_TYPE_INFUSION_DIALOG;
  StromaAgendaView *agenda = STROMA_AGENDA_VIEW (gtk_widget_get_template_child (GTK_WIDGET (d->window),
                                                                                 STROMA_TYPE_WINDOW,
                                                                                 "agenda_view"));
  GListModel *today;
  StromaAgendaRow *row = NULL;
  GtkWindow *dialog;

  gtk_widget_activate_action (GTK_WIDGET (d->window), "win.show-agenda", NULL);
  iterate ();
  today = stroma_agenda_view_get_list (agenda, "today");
  for (guint i = 0; i < g_list_model_get_n_items (today); i++)
    {
      g_autoptr(StromaAgendaRow) r = g_list_model_get_item (today, i);

      if (g_strcmp0 (stroma_agenda_row_get_subject_code (r), d->code) == 0)
        row = r;
    }
  g_assert_nonnull (row);
  g_assert_cmpuint (stroma_agenda_row_get_number (row), ==, 1);

  g_signal_emit_by_name (gtk_widget_get_template_child (GTK_WIDGET (agenda),
                                                        STROMA_TYPE_AGENDA_VIEW, "today_list"),
                         "activate", 0);
  iterate ();
  dialog = find_window (t);
  g_assert_nonnull (dialog);
  g_assert_cmpuint (stroma_infusion_dialog_get_number (STROMA_INFUSION_DIALOG (dialog)), ==, 1);

  type_into (dialog, t, "cells_row", "1");
  type_into (dialog, t, "lot_row", "UCMSC-2611-007");
  save (dialog);
  g_assert_nonnull (strstr (error_text (dialog, t), "not cells/kg"));

  /* 5.0×10⁷ for a target of 6.0×10⁷ at 60 kg: beyond the protocol's 5%, a reason is needed */
  type_into (dialog, t, "cells_row", "5.0e7");
  save (dialog);
  g_assert_nonnull (strstr (error_text (dialog, t), "give the reason"));
  g_assert_true (gtk_widget_get_visible (child (dialog, t, "deviation_row")));

  type_into (dialog, t, "cells_row", "6.0×10^7");
  type_into (dialog, t, "pre_temp_row", "36.6");
  type_into (dialog, t, "pre_hr_row", "78");
  type_into (dialog, t, "pre_bp_row", "80/120");
  save (dialog);
  g_assert_nonnull (strstr (error_text (dialog, t), "swapped"));
  type_into (dialog, t, "pre_bp_row", "120/80");
  type_into (dialog, t, "pre_spo2_row", "98");
  save (dialog);
  g_assert_false (is_open (dialog));

  {
    g_autofree char *sql = g_strdup_printf ("SELECT count (*) FROM infusions WHERE subject_id = %"
                                            G_GINT64_FORMAT " AND number = 1 AND status = "
                                            "'given' AND total_cells = 6e7 AND lot = "
                                            "'UCMSC-2611-007' AND vitals_pre LIKE 'T 36.6%%'",
                                            d->subject);
    g_assert_cmpint (count (sql), ==, 1);
  }

  /* The agenda follows at once: dose 1 has left today's list. */
  today = stroma_agenda_view_get_list (agenda, "today");
  for (guint i = 0; i < g_list_model_get_n_items (today); i++)
    {
      g_autoptr(StromaAgendaRow) r = g_list_model_get_item (today, i);
      g_assert_cmpstr (stroma_agenda_row_get_subject_code (r), !=, d->code);
    }
}

/* 6. A week of counts: a comma, a unit mismatch, the CTCAE grade as typed */
static void
step_labs (Desk *d)
{
  static const char * const plat[] = { "18", "20", "22", "25", "31", "40", "46" };
  StromaLabGrid *grid;
  g_autofree char *first = date_from_today (-6);

  gtk_widget_activate_action (GTK_WIDGET (d->window), "win.enter-labs", NULL);
  iterate ();
  grid = STROMA_LAB_GRID (find_window (STROMA_TYPE_LAB_GRID));
  g_assert_nonnull (grid);
  g_assert_true (stroma_lab_grid_set_first_date (grid, first));

  for (guint r = 0; r < STROMA_LAB_GRID_ROWS; r++)
    {
      gtk_editable_set_text (GTK_EDITABLE (stroma_lab_grid_get_cell (grid, r, "WBC")), "1.8");
      gtk_editable_set_text (GTK_EDITABLE (stroma_lab_grid_get_cell (grid, r, "NEUT")), "0.6");
      gtk_editable_set_text (GTK_EDITABLE (stroma_lab_grid_get_cell (grid, r, "HGB")), "78");
      gtk_editable_set_text (GTK_EDITABLE (stroma_lab_grid_get_cell (grid, r, "PLAT")), plat[r]);
      gtk_editable_set_text (GTK_EDITABLE (stroma_lab_grid_get_cell (grid, r, "LYM")), "0.4");
    }
  g_assert_cmpstr (stroma_lab_grid_get_badge (grid, 0, "PLAT"), ==, "G4");
  g_assert_cmpstr (stroma_lab_grid_get_badge (grid, 6, "PLAT"), ==, "G3");
  g_assert_cmpstr (stroma_lab_grid_get_badge (grid, 0, "NEUT"), ==, "G3");

  /* A decimal comma */
  gtk_editable_set_text (GTK_EDITABLE (stroma_lab_grid_get_cell (grid, 3, "HGB")), "7,8");
  g_assert_nonnull (strstr (stroma_lab_grid_get_message (grid), "comma"));
  g_assert_cmpstr (stroma_lab_grid_get_badge (grid, 3, "HGB"), ==, "!");
  save (grid);
  g_assert_true (is_open (grid));
  g_assert_cmpint (count ("SELECT count (*) FROM lab_results WHERE source = 'entry'"), ==, 0);

  /* g/dL typed in a g/L column: implausible, named with its unit */
  gtk_editable_set_text (GTK_EDITABLE (stroma_lab_grid_get_cell (grid, 3, "HGB")), "7.8");
  g_assert_nonnull (strstr (stroma_lab_grid_get_message (grid), "not physiologically possible"));
  save (grid);
  g_assert_cmpint (count ("SELECT count (*) FROM lab_results WHERE source = 'entry'"), ==, 0);

  /* The column in g/dL: every value of it is read in g/dL */
  g_assert_true (stroma_lab_grid_set_unit (grid, "HGB", "g/dL"));
  for (guint r = 0; r < STROMA_LAB_GRID_ROWS; r++)
    gtk_editable_set_text (GTK_EDITABLE (stroma_lab_grid_get_cell (grid, r, "HGB")), "7.8");
  g_assert_cmpstr (stroma_lab_grid_get_badge (grid, 3, "HGB"), ==, "G3");
  save (grid);
  g_assert_false (is_open (grid));

  {
    g_autofree char *sql = g_strdup_printf ("SELECT count (*) FROM lab_results WHERE subject_id = %"
                                            G_GINT64_FORMAT " AND source = 'entry'", d->subject);
    g_assert_cmpint (count (sql), ==, 35);
    g_free (sql);
    sql = g_strdup_printf ("SELECT count (*) FROM lab_results WHERE subject_id = %" G_GINT64_FORMAT
                           " AND test_code = 'HGB' AND orresu = 'g/dL' AND stresn = 78",
                           d->subject);
    g_assert_cmpint (count (sql), ==, 7);
  }
}

/* 7. A correction: reason required, history one click away, stale saves refused */
static void
step_correction (Desk *d)
{
  GType t = STROMA_TYPE_CORRECTION_DIALOG;
  g_autofree char *first = date_from_today (-6);
  g_autofree char *sql = g_strdup_printf ("SELECT id FROM lab_results WHERE subject_id = %"
                                          G_GINT64_FORMAT " AND test_code = 'PLAT' AND "
                                          "collected_on = '%s'", d->subject, first);
  gint64 lab = count (sql);
  StromaRecordsWindow *records;
  GtkWindow *dialog;
  GListModel *history;

  gtk_widget_activate_action (GTK_WIDGET (d->window), "win.subject-data", NULL);
  iterate ();
  records = STROMA_RECORDS_WINDOW (find_window (STROMA_TYPE_RECORDS_WINDOW));
  g_assert_nonnull (records);
  g_assert_true (stroma_records_window_select (records, STROMA_RECORD_LAB_RESULT, lab));
  dialog = stroma_records_window_correct (records, "orres");
  gtk_window_present (dialog);
  iterate ();

  history = stroma_correction_dialog_get_history (STROMA_CORRECTION_DIALOG (dialog));
  g_assert_cmpuint (g_list_model_get_n_items (history), ==, 1);   /* entered as 18 */

  type_into (dialog, t, "value_row", "81");
  save (dialog);
  g_assert_true (is_open (dialog));
  g_assert_nonnull (strstr (error_text (dialog, t), "Reason"));
  g_free (sql);
  sql = g_strdup_printf ("SELECT count (*) FROM lab_results WHERE id = %" G_GINT64_FORMAT
                         " AND orres = '18'", lab);
  g_assert_cmpint (count (sql), ==, 1);

  type_into (dialog, t, "reason_row", "transcription error: the report says 81");
  save (dialog);
  g_assert_false (is_open (dialog));
  g_free (sql);
  sql = g_strdup_printf ("SELECT count (*) FROM lab_results WHERE id = %" G_GINT64_FORMAT
                         " AND orres = '81' AND stresn = 81 AND rev = 2", lab);
  g_assert_cmpint (count (sql), ==, 1);

  /* Its history now holds both values, with the reason */
  dialog = stroma_records_window_correct (records, "orres");
  gtk_window_present (dialog);
  iterate ();
  history = stroma_correction_dialog_get_history (STROMA_CORRECTION_DIALOG (dialog));
  g_assert_cmpuint (g_list_model_get_n_items (history), ==, 2);
  {
    g_autoptr(GObject) last = g_list_model_get_item (history, 1);
    g_autofree char *change = NULL;
    g_autofree char *reason = NULL;

    g_object_get (last, "change", &change, "reason", &reason, NULL);
    g_assert_cmpstr (change, ==, "18 → 81");
    g_assert_cmpstr (reason, ==, "transcription error: the report says 81");
  }

  /* Someone else corrects the same value meanwhile: this save is refused, naming them. */
  {
    g_autoptr(StromaStore) other = stroma_store_open (demo_path, STROMA_STORE_OPEN_DEFAULT, NULL);
    g_autoptr(StromaLabResult) copy = stroma_store_load (other, STROMA_RECORD_LAB_RESULT, lab, NULL);
    StromaEditContext chen = { "dr.chen", "re-read the report: 82" };

    g_free (copy->orres);
    copy->orres = g_strdup ("82");
    copy->stresn = 82;
    g_assert_true (stroma_store_save (other, &chen, copy, NULL));
  }
  type_into (dialog, t, "value_row", "80");
  type_into (dialog, t, "reason_row", "second look");
  save (dialog);
  g_assert_true (is_open (dialog));
  g_assert_nonnull (strstr (error_text (dialog, t), "changed by dr.chen at"));
  g_assert_nonnull (strstr (error_text (dialog, t), "Reload"));
  gtk_window_destroy (dialog);

  /* Voiding needs a reason and deletes nothing; the first try meets dr.chen's change and the
   * window shows the record as it is now. */
  g_assert_false (stroma_records_window_void (records, " "));
  g_assert_false (stroma_records_window_void (records, "entered for the wrong date"));
  g_assert_true (stroma_records_window_select (records, STROMA_RECORD_LAB_RESULT, lab));
  g_assert_true (stroma_records_window_void (records, "entered for the wrong date"));
  g_free (sql);
  sql = g_strdup_printf ("SELECT count (*) FROM lab_results WHERE id = %" G_GINT64_FORMAT
                         " AND voided = 1", lab);
  g_assert_cmpint (count (sql), ==, 1);
  gtk_window_destroy (GTK_WINDOW (records));
  iterate ();
}

/* 8. Every step is in the subject's audit trail */
static void
step_audit (Desk *d)
{
  static const char * const tables[] = {
    "subjects", "consents", "eligibility_answers", "allocations", "transplants",
    "conditioning_doses", "infusions", "lab_results",
  };
  g_autoptr(StromaStore) store = stroma_store_open (demo_path, STROMA_STORE_OPEN_READ_ONLY, NULL);
  g_autoptr(GPtrArray) trail = stroma_store_list_audit (store, "subjects", d->subject, NULL);
  gboolean corrected = FALSE, voided = FALSE;
  GString *report = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      gboolean found = FALSE;

      for (guint k = 0; k < trail->len; k++)
        {
          StromaAuditEntry *e = trail->pdata[k];
          found |= g_str_equal (e->table_name, tables[i]) && g_str_equal (e->action, "insert");
        }
      g_test_message ("%s inserted: %d", tables[i], found);
      g_assert_true (found);
    }

  for (guint k = 0; k < trail->len; k++)
    {
      StromaAuditEntry *e = trail->pdata[k];

      corrected |= g_strcmp0 (e->column_name, "orres") == 0 &&
                   g_strcmp0 (e->reason, "transcription error: the report says 81") == 0 &&
                   g_strcmp0 (e->user, "coord.liu") == 0;
      voided |= g_str_equal (e->action, "void") &&
                g_strcmp0 (e->reason, "entered for the wrong date") == 0;
    }
  g_assert_true (corrected);
  g_assert_true (voided);

  g_assert_true (stroma_store_check (store, report));
  g_string_free (report, TRUE);
}

static void
test_coordinator_flow (void)
{
  Desk d = { 0 };

  open_desk (&d);
  step_enrol (&d);
  step_randomize (&d);
  step_transplant (&d);
  step_regimen (&d);
  step_infusion (&d);
  step_labs (&d);
  step_correction (&d);
  step_audit (&d);
  close_desk (&d);
}

/* Signing in is remembered per trial file while Stroma runs; nobody signed in asks first. */
static void
test_sign_in (void)
{
  Desk d = { 0 };
  Desk again = { 0 };

  open_desk (&d);
  g_assert_null (stroma_desk_get_user (d.desk));
  g_assert_false (stroma_desk_set_user (d.desk, "mallory"));
  gtk_widget_activate_action (GTK_WIDGET (d.window), "win.new-subject", NULL);
  iterate ();
  g_assert_null (find_window (STROMA_TYPE_ENROL_DIALOG));
  g_assert_nonnull (find_window (g_type_from_name ("StromaSignInDialog")));
  g_assert_true (stroma_desk_set_user (d.desk, "dr.chen"));
  g_assert_true (stroma_desk_may (d.desk, STROMA_ACTION_GRADE_ADVERSE_EVENT));
  g_assert_true (stroma_desk_set_user (d.desk, "coord.liu"));
  g_assert_false (stroma_desk_may (d.desk, STROMA_ACTION_GRADE_ADVERSE_EVENT));
  close_desk (&d);

  open_desk (&again);
  g_assert_cmpstr (stroma_desk_get_user (again.desk), ==, "coord.liu");
  close_desk (&again);
}

/* The smaller forms, on a subject of the demo: bad input first, then a save each */
static void
test_other_forms (void)
{
  Desk d = { 0 };
  GtkWindow *dialog;
  gint64 subject = count ("SELECT id FROM subjects WHERE code = 'PGF-004'");
  gint64 aes = count ("SELECT count (*) FROM adverse_events");
  g_autofree char *today = date_from_today (0);
  g_autofree char *sql = NULL;

  open_desk (&d);
  sign_in (&d, "coord.liu");
  g_assert_true (stroma_window_select_subject (d.window, subject));

  /* Transfusion: 1.3 units is no unit */
  gtk_widget_activate_action (GTK_WIDGET (d.window), "win.record-transfusion", NULL);
  iterate ();
  dialog = find_window (STROMA_TYPE_TRANSFUSION_DIALOG);
  g_assert_nonnull (dialog);
  type_into (dialog, STROMA_TYPE_TRANSFUSION_DIALOG, "units_row", "1.3");
  save (dialog);
  g_assert_nonnull (strstr (error_text (dialog, STROMA_TYPE_TRANSFUSION_DIALOG), "half unit"));
  type_into (dialog, STROMA_TYPE_TRANSFUSION_DIALOG, "units_row", "2");
  save (dialog);
  g_assert_false (is_open (dialog));
  sql = g_strdup_printf ("SELECT count (*) FROM transfusions WHERE subject_id = %" G_GINT64_FORMAT
                         " AND given_on = '%s' AND units = 2 AND product = 'RBC'", subject, today);
  g_assert_cmpint (count (sql), ==, 1);

  /* Medication: the TPO-RA level, with the titration advice beside it */
  gtk_widget_activate_action (GTK_WIDGET (d.window), "win.record-medication", NULL);
  iterate ();
  dialog = find_window (STROMA_TYPE_MEDICATION_DIALOG);
  g_assert_nonnull (dialog);
  adw_combo_row_set_selected (child (dialog, STROMA_TYPE_MEDICATION_DIALOG, "agent_row"), 2);
  iterate ();
  g_assert_true (gtk_widget_get_visible (child (dialog, STROMA_TYPE_MEDICATION_DIALOG,
                                                "advice_group")));
  g_assert_nonnull (adw_preferences_row_get_title (child (dialog, STROMA_TYPE_MEDICATION_DIALOG,
                                                          "advice_row")));
  type_into (dialog, STROMA_TYPE_MEDICATION_DIALOG, "level_row", "1.5");
  save (dialog);
  g_assert_nonnull (strstr (error_text (dialog, STROMA_TYPE_MEDICATION_DIALOG), "not a level"));
  type_into (dialog, STROMA_TYPE_MEDICATION_DIALOG, "level_row", "2");
  save (dialog);
  g_assert_false (is_open (dialog));
  g_assert_cmpint (count ("SELECT count (*) FROM medications WHERE agent = 'TPO-RA' AND "
                          "dose_level = 2 AND end_date IS NULL"), ==, 1);

  /* Adverse event: the coordinator is told, and refused; the investigator records it */
  gtk_widget_activate_action (GTK_WIDGET (d.window), "win.record-adverse-event", NULL);
  iterate ();
  dialog = find_window (STROMA_TYPE_ADVERSE_EVENT_DIALOG);
  g_assert_nonnull (strstr (error_text (dialog, STROMA_TYPE_ADVERSE_EVENT_DIALOG),
                            "may not record and grade adverse events"));
  type_into (dialog, STROMA_TYPE_ADVERSE_EVENT_DIALOG, "term_row", "Febrile neutropenia");
  adw_combo_row_set_selected (child (dialog, STROMA_TYPE_ADVERSE_EVENT_DIALOG, "grade_row"), 2);
  save (dialog);
  g_assert_true (is_open (dialog));
  g_assert_cmpint (count ("SELECT count (*) FROM adverse_events"), ==, aes);
  gtk_window_destroy (dialog);

  sign_in (&d, "dr.chen");
  gtk_widget_activate_action (GTK_WIDGET (d.window), "win.record-adverse-event", NULL);
  iterate ();
  dialog = find_window (STROMA_TYPE_ADVERSE_EVENT_DIALOG);
  g_assert_null (error_text (dialog, STROMA_TYPE_ADVERSE_EVENT_DIALOG));
  type_into (dialog, STROMA_TYPE_ADVERSE_EVENT_DIALOG, "term_row", "Febrile neutropenia");
  adw_combo_row_set_selected (child (dialog, STROMA_TYPE_ADVERSE_EVENT_DIALOG, "grade_row"), 2);
  type_into (dialog, STROMA_TYPE_ADVERSE_EVENT_DIALOG, "resolved_row", "2020-01-01");
  save (dialog);
  g_assert_nonnull (strstr (error_text (dialog, STROMA_TYPE_ADVERSE_EVENT_DIALOG), "before the onset"));
  type_into (dialog, STROMA_TYPE_ADVERSE_EVENT_DIALOG, "resolved_row", "");
  save (dialog);
  g_assert_false (is_open (dialog));
  g_assert_cmpint (count ("SELECT count (*) FROM adverse_events WHERE term = 'Febrile neutropenia' "
                          "AND grade = 3 AND ctcae_version = '5.0'"), ==, 1);

  /* Disposition: a withdrawal names the protocol's criterion and needs a reason */
  sign_in (&d, "coord.liu");
  gtk_widget_activate_action (GTK_WIDGET (d.window), "win.record-disposition", NULL);
  iterate ();
  dialog = find_window (STROMA_TYPE_DISPOSITION_DIALOG);
  g_assert_nonnull (dialog);
  g_assert_true (gtk_widget_get_visible (child (dialog, STROMA_TYPE_DISPOSITION_DIALOG,
                                                "criterion_row")));
  save (dialog);
  g_assert_nonnull (strstr (error_text (dialog, STROMA_TYPE_DISPOSITION_DIALOG), "Reason"));
  type_into (dialog, STROMA_TYPE_DISPOSITION_DIALOG, "detail_row", "moved to another city");
  save (dialog);
  g_assert_false (is_open (dialog));
  g_free (sql);
  sql = g_strdup_printf ("SELECT count (*) FROM dispositions WHERE subject_id = %" G_GINT64_FORMAT
                         " AND event = 'withdrawn' AND criterion_id IS NOT NULL AND reason = "
                         "'moved to another city'", subject);
  g_assert_cmpint (count (sql), ==, 1);
  g_free (sql);
  sql = g_strdup_printf ("SELECT count (*) FROM subjects WHERE id = %" G_GINT64_FORMAT
                         " AND status = 'withdrawn'", subject);
  g_assert_cmpint (count (sql), ==, 1);

  close_desk (&d);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(StromaProtocol) protocol = NULL;
  g_autoptr(StromaStore) store = NULL;
  g_autoptr(GError) error = NULL;
  StromaDemoOptions options = { .n_subjects = 12, .seed = 3 };
  int ret;

  g_setenv ("TZ", "UTC", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  protocol = stroma_test_load_protocol ("msc-pgf");
  demo_path = stroma_test_temp_path ("desk-demo.db");
  store = stroma_demo_write (demo_path, protocol, &options, &error);
  g_assert_no_error (error);
  g_clear_pointer (&store, stroma_store_close);

  g_test_add_func ("/desk/sign-in", test_sign_in);
  g_test_add_func ("/desk/coordinator-flow", test_coordinator_flow);
  g_test_add_func ("/desk/other-forms", test_other_forms);

  ret = g_test_run ();

  /* To look at the result in the window: STROMA_TEST_KEEP_TRIAL=copy.db */
  if (g_getenv ("STROMA_TEST_KEEP_TRIAL") != NULL)
    {
      g_autoptr(GFile) from = g_file_new_for_path (demo_path);
      g_autoptr(GFile) to = g_file_new_for_path (g_getenv ("STROMA_TEST_KEEP_TRIAL"));

      g_file_copy (from, to, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, NULL);
    }
  g_free (demo_path);
  return ret;
}
