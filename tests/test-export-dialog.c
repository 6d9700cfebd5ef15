/* test-export-dialog.c — the export dialog, driven headless under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "gui/stroma-export-dialog.h"
#include "gui/stroma-trial.h"
#include "io/stroma-demo.h"
#include "stroma-test-util.h"

static char *trial_path;

typedef struct
{
  gboolean  done;
  gboolean  success;
  char     *message;
} Outcome;

static void
iterate (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
on_finished (StromaExportDialog *dialog,
             gboolean            success,
             const char         *message,
             Outcome            *outcome)
{
  outcome->done = TRUE;
  outcome->success = success;
  outcome->message = g_strdup (message);
}

static void
wait_for (Outcome *outcome)
{
  gint64 deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;

  while (!outcome->done && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (outcome->done);
}

static void
collect (GtkWidget *root,
         GType      type,
         GPtrArray *found)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    g_ptr_array_add (found, root);

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect (child, type, found);
}

static GtkWidget *
find_row (GtkWidget  *root,
          GType       type,
          const char *title_prefix)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();

  collect (root, type, found);
  for (guint i = 0; i < found->len; i++)
    if (g_str_has_prefix (adw_preferences_row_get_title (found->pdata[i]), title_prefix))
      return found->pdata[i];

  g_assert_not_reached ();
}

static GtkWidget *
find_button (GtkWidget  *root,
             const char *label)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();

  collect (root, GTK_TYPE_BUTTON, found);
  for (guint i = 0; i < found->len; i++)
    if (g_strcmp0 (gtk_button_get_label (found->pdata[i]), label) == 0)
      return found->pdata[i];

  g_assert_not_reached ();
}

static StromaExportDialog *
open_dialog (StromaTrial **trial_out)
{
  g_autoptr(GFile) file = g_file_new_for_path (trial_path);
  g_autoptr(GError) error = NULL;
  StromaTrial *trial = stroma_trial_open (file, &error);
  StromaExportDialog *dialog;

  g_assert_no_error (error);
  dialog = stroma_export_dialog_new (trial, NULL);
  gtk_window_present (GTK_WINDOW (dialog));
  iterate ();
  *trial_out = trial;
  return dialog;
}

static void
close_dialog (StromaExportDialog *dialog,
              StromaTrial        *trial)
{
  g_object_ref (dialog);
  gtk_window_destroy (GTK_WINDOW (dialog));
  iterate ();
  g_assert_finalize_object (dialog);
  g_assert_finalize_object (trial);
}

static char *
temp_folder (const char *name)
{
  char *folder = stroma_test_temp_path (name);

  g_assert_cmpint (g_mkdir_with_parents (folder, 0755), ==, 0);
  return folder;
}

static guint
count_files (const char *folder)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  guint n = 0;

  while (g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

/* A site export: profile, reason, data cut and file set in the dialog, then Export. */
static void
test_export (void)
{
  StromaTrial *trial = NULL;
  StromaExportDialog *dialog = open_dialog (&trial);
  g_autofree char *folder = temp_folder ("dialog-export");
  g_autofree char *path = g_build_filename (folder, "site.xlsx", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *expected = NULL;
  GtkWidget *export_button = find_button (GTK_WIDGET (dialog), "_Export");
  GtkWidget *reason = find_row (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW, "Reason");
  GtkWidget *cut = find_row (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW, "Data cut");
  Outcome outcome = { 0 };
  gint64 exports = stroma_test_query (trial_path, "SELECT count(*) FROM export_log");

  g_signal_connect (dialog, "finished", G_CALLBACK (on_finished), &outcome);

  /* sponsor by default, with a proposed file: ready */
  g_assert_false (gtk_widget_get_visible (reason));
  g_assert_nonnull (stroma_export_dialog_get_destination (dialog));
  g_assert_true (gtk_widget_get_sensitive (export_button));

  /* the site profile asks for a reason before it can export */
  adw_combo_row_set_selected (ADW_COMBO_ROW (find_row (GTK_WIDGET (dialog), ADW_TYPE_COMBO_ROW,
                                                       "Profile")), 1);
  iterate ();
  g_assert_true (gtk_widget_get_visible (reason));
  g_assert_false (gtk_widget_get_sensitive (export_button));
  gtk_editable_set_text (GTK_EDITABLE (reason), "source data verification");
  iterate ();
  g_assert_true (gtk_widget_get_sensitive (export_button));

  /* a data cut that is no date stops it too */
  gtk_editable_set_text (GTK_EDITABLE (cut), "2024-13-01");
  iterate ();
  g_assert_false (gtk_widget_get_sensitive (export_button));
  g_assert_true (gtk_widget_has_css_class (cut, "error"));
  gtk_editable_set_text (GTK_EDITABLE (cut), STROMA_DEMO_DATA_CUT);
  iterate ();

  /* as the window does for whoever is signed in: the demo's investigator */
  stroma_export_dialog_set_user (dialog, "dr.chen");
  stroma_export_dialog_set_destination (dialog, file);
  g_signal_emit_by_name (export_button, "clicked");
  g_assert_true (stroma_export_dialog_get_running (dialog));
  g_assert_false (gtk_widget_get_sensitive (export_button));
  wait_for (&outcome);

  g_test_message ("%s", outcome.message);
  g_assert_true (outcome.success);
  g_assert_false (stroma_export_dialog_get_running (dialog));
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpuint (count_files (folder), ==, 1);

  /* recorded in the trial, under the user's name, with the reason */
  g_assert_cmpint (stroma_test_query (trial_path, "SELECT count(*) FROM export_log"), ==,
                   exports + 1);
  expected = g_strdup_printf ("SELECT count(*) FROM export_log WHERE profile = 'site' AND "
                              "reason = 'source data verification' AND data_cut = '"
                              STROMA_DEMO_DATA_CUT "' AND file_name = 'site.xlsx' AND "
                              "user_id = 'dr.chen'");
  g_assert_cmpint (stroma_test_query (trial_path, expected), ==, 1);

  /* nothing left to cancel */
  find_button (GTK_WIDGET (dialog), "_Close");

  g_free (outcome.message);
  close_dialog (dialog, trial);
}

/* Cancel during the export: no file, no temporary file, nothing logged, and the dialog says so. */
static void
test_cancel (void)
{
  StromaTrial *trial = NULL;
  StromaExportDialog *dialog = open_dialog (&trial);
  g_autofree char *folder = temp_folder ("dialog-cancel");
  g_autofree char *path = g_build_filename (folder, "cancelled.xlsx", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  Outcome outcome = { 0 };
  gint64 exports = stroma_test_query (trial_path, "SELECT count(*) FROM export_log");

  g_signal_connect (dialog, "finished", G_CALLBACK (on_finished), &outcome);
  stroma_export_dialog_set_user (dialog, "sponsor.zhao");
  stroma_export_dialog_set_destination (dialog, file);

  g_signal_emit_by_name (find_button (GTK_WIDGET (dialog), "_Export"), "clicked");
  g_assert_true (stroma_export_dialog_get_running (dialog));
  g_signal_emit_by_name (find_button (GTK_WIDGET (dialog), "_Cancel"), "clicked");
  wait_for (&outcome);

  g_assert_false (outcome.success);
  g_assert_nonnull (strstr (outcome.message, "cancelled"));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_files (folder), ==, 0);
  g_assert_cmpint (stroma_test_query (trial_path, "SELECT count(*) FROM export_log"), ==,
                   exports);

  /* the dialog stays, and can export again */
  g_assert_true (gtk_widget_get_sensitive (find_button (GTK_WIDGET (dialog), "_Export")));

  g_free (outcome.message);
  close_dialog (dialog, trial);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(StromaProtocol) protocol = NULL;
  g_autoptr(StromaStore) store = NULL;
  g_autoptr(GError) error = NULL;
  StromaDemoOptions options = { .n_subjects = 8, .seed = 5 };
  int ret;

  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_setenv ("LANGUAGE", "C", TRUE);
  g_setenv ("TZ", "UTC", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  protocol = stroma_test_load_protocol ("msc-pgf");
  trial_path = stroma_test_temp_path ("dialog-demo.db");
  store = stroma_demo_write (trial_path, protocol, &options, &error);
  g_assert_no_error (error);
  g_clear_pointer (&store, stroma_store_close);

  g_test_add_func ("/export-dialog/export", test_export);
  g_test_add_func ("/export-dialog/cancel", test_cancel);

  ret = g_test_run ();
  stroma_test_remove_trial (trial_path);
  g_free (trial_path);
  return ret;
}
