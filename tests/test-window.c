/* test-window.c — the trial window, headless under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "gui/stroma-overview-view.h"
#include "gui/stroma-subject-page.h"
#include "gui/stroma-subjects-view.h"
#include "gui/stroma-trial.h"
#include "gui/stroma-window.h"
#include "io/stroma-demo.h"
#include "stroma-test-util.h"

static char *demo_path;

static void
iterate (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static GtkWidget *
find_by_type (GtkWidget *root,
              GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_by_type (child, type);
      if (found != NULL)
        return found;
    }

  return NULL;
}

/* The window's own stack: the one with the trial page. */
static GtkStack *
find_trial_stack (GtkWidget *root)
{
  if (GTK_IS_STACK (root) && gtk_stack_get_child_by_name (GTK_STACK (root), "trial") != NULL)
    return GTK_STACK (root);

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkStack *found = find_trial_stack (child);
      if (found != NULL)
        return found;
    }

  return NULL;
}

static GtkWidget *
find_with_class (GtkWidget  *root,
                 GType       type,
                 const char *css_class)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type) && gtk_widget_has_css_class (root, css_class))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_with_class (child, type, css_class);
      if (found != NULL)
        return found;
    }

  return NULL;
}

static void
collect_by_type (GtkWidget *root,
                 GType      type,
                 GPtrArray *found)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    g_ptr_array_add (found, root);

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_by_type (child, type, found);
}

/* The list's own toggle, not the ones inside its drop-downs. */
static GtkToggleButton *
find_alerts_toggle (GtkWidget *root)
{
  g_autoptr(GPtrArray) toggles = g_ptr_array_new ();

  collect_by_type (root, GTK_TYPE_TOGGLE_BUTTON, toggles);
  for (guint i = 0; i < toggles->len; i++)
    if (g_strcmp0 (gtk_button_get_icon_name (toggles->pdata[i]), "dialog-warning-symbolic") == 0)
      return toggles->pdata[i];

  g_assert_not_reached ();
}

/* The trial derives its summaries in a thread; wait for them on the main loop. */
static void
wait_derived (StromaTrial *trial)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (stroma_trial_get_deriving (trial) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (stroma_trial_get_deriving (trial));
  iterate ();
}

static guint
count_where (GListModel *model,
             const char *property,
             const char *value)
{
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);
      g_autofree char *v = NULL;

      g_object_get (item, property, &v, NULL);
      n += g_strcmp0 (v, value) == 0;
    }

  return n;
}

static void
test_open_demo (void)
{
  StromaWindow *window = stroma_window_new (NULL);
  g_autoptr(GFile) file = g_file_new_for_path (demo_path);
  g_autoptr(GPtrArray) dropdowns = g_ptr_array_new ();
  StromaSubjectsView *view;
  StromaOverviewView *overview;
  StromaSubjectPage *page;
  StromaTrial *trial;
  GListModel *subjects;
  GtkToggleButton *alerts;
  GtkWidget *search, *title;
  GtkStack *stack;
  guint n_msc, n_alerts;

  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (stroma_window_open_trial (window, file));
  iterate ();

  stack = find_trial_stack (GTK_WIDGET (window));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "trial");

  view = STROMA_SUBJECTS_VIEW (find_by_type (GTK_WIDGET (window), STROMA_TYPE_SUBJECTS_VIEW));
  trial = stroma_subjects_view_get_trial (view);
  wait_derived (trial);

  subjects = stroma_window_get_subjects (window);
  g_assert_cmpuint (g_list_model_get_n_items (subjects), ==, 12);

  /* Every subject has its derived columns. */
  g_assert_cmpuint (count_where (subjects, "response", "…"), ==, 0);
  g_assert_cmpuint (count_where (subjects, "day-label", "…"), ==, 0);

  /* The overview has its chart. */
  overview = STROMA_OVERVIEW_VIEW (find_by_type (GTK_WIDGET (window), STROMA_TYPE_OVERVIEW_VIEW));
  g_assert_nonnull (stroma_overview_view_get_chart (overview));
  g_assert_false (stroma_chart_is_empty (stroma_overview_view_get_chart (overview)));

  /* the search narrows the list to the matching code */
  search = find_by_type (GTK_WIDGET (window), GTK_TYPE_SEARCH_ENTRY);
  gtk_editable_set_text (GTK_EDITABLE (search), "PGF-007");
  iterate ();
  g_assert_cmpuint (g_list_model_get_n_items (subjects), ==, 1);
  gtk_editable_set_text (GTK_EDITABLE (search), "");
  iterate ();
  g_assert_cmpuint (g_list_model_get_n_items (subjects), ==, 12);

  /* the arm filter: "All arms", then the protocol's arms */
  collect_by_type (GTK_WIDGET (view), GTK_TYPE_DROP_DOWN, dropdowns);
  g_assert_cmpuint (dropdowns->len, >=, 2);
  n_msc = count_where (stroma_trial_get_subjects (trial), "arm-id", "msc");
  g_assert_cmpuint (n_msc, >, 0);
  gtk_drop_down_set_selected (dropdowns->pdata[0], 1);
  iterate ();
  g_assert_cmpuint (g_list_model_get_n_items (subjects), ==, n_msc);
  g_assert_cmpuint (count_where (subjects, "arm-id", "control"), ==, 0);
  gtk_drop_down_set_selected (dropdowns->pdata[0], 0);
  iterate ();
  g_assert_cmpuint (g_list_model_get_n_items (subjects), ==, 12);

  /* the status filter: "All statuses", then the statuses in order; 7 is "completed" */
  gtk_drop_down_set_selected (dropdowns->pdata[1], 7);
  iterate ();
  g_assert_cmpuint (g_list_model_get_n_items (subjects), ==,
                    count_where (stroma_trial_get_subjects (trial), "status-id", "completed"));
  g_assert_cmpuint (count_where (subjects, "status-id", "completed"), ==,
                    g_list_model_get_n_items (subjects));
  gtk_drop_down_set_selected (dropdowns->pdata[1], 0);
  iterate ();

  /* the alert filter keeps the subjects with alerts */
  n_alerts = count_where (stroma_trial_get_subjects (trial), "alert-state", "alerts");
  alerts = find_alerts_toggle (GTK_WIDGET (view));
  gtk_toggle_button_set_active (alerts, TRUE);
  iterate ();
  g_assert_cmpuint (g_list_model_get_n_items (subjects), ==, n_alerts);
  gtk_toggle_button_set_active (alerts, FALSE);
  iterate ();
  g_assert_cmpuint (g_list_model_get_n_items (subjects), ==, 12);

  /* selecting a subject shows its page: code, endpoint cards, a chart with counts */
  g_assert_true (stroma_window_show_subject (window, "PGF-004"));
  iterate ();
  page = stroma_subjects_view_get_page (view);
  g_assert_nonnull (stroma_subject_page_get_item (page));
  title = find_with_class (GTK_WIDGET (page), GTK_TYPE_LABEL, "subject-title");
  g_assert_true (g_str_has_prefix (gtk_label_get_text (GTK_LABEL (title)), "PGF-004"));
  g_assert_nonnull (find_with_class (GTK_WIDGET (page), GTK_TYPE_BOX, "endpoint-card"));
  g_assert_nonnull (stroma_subject_page_get_chart (page));
  g_assert_false (stroma_chart_is_empty (stroma_subject_page_get_chart (page)));
  g_assert_false (stroma_window_show_subject (window, "PGF-999"));

  /* the keyboard walks the list */
  gtk_widget_activate_action (GTK_WIDGET (view), "subjects.next", NULL);
  iterate ();
  g_assert_true (g_str_has_prefix (gtk_label_get_text (GTK_LABEL (title)), "PGF-005"));

  g_object_ref (window);
  gtk_window_destroy (GTK_WINDOW (window));
  iterate ();
  g_assert_finalize_object (window);
}

static void
test_open_bad_file (void)
{
  StromaWindow *window = stroma_window_new (NULL);
  g_autofree char *path = stroma_test_temp_path ("garbage.db");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GtkStack *stack;
  AdwStatusPage *page;

  g_assert_true (g_file_set_contents (path, "not a trial at all", -1, NULL));
  gtk_window_present (GTK_WINDOW (window));
  g_assert_false (stroma_window_open_trial (window, file));
  iterate ();

  stack = find_trial_stack (GTK_WIDGET (window));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "empty");
  page = ADW_STATUS_PAGE (gtk_stack_get_visible_child (stack));
  g_assert_nonnull (strstr (adw_status_page_get_description (page), "not a Stroma trial"));
  g_assert_cmpuint (g_list_model_get_n_items (stroma_window_get_subjects (window)), ==, 0);

  g_object_ref (window);
  gtk_window_destroy (GTK_WINDOW (window));
  iterate ();
  g_assert_finalize_object (window);
}

static void
on_css_error (GtkCssProvider *provider,
              GtkCssSection  *section,
              const GError   *error,
              guint          *n_errors)
{
  g_autofree char *where = gtk_css_section_to_string (section);

  g_test_message ("style.css: %s: %s", where, error->message);
  (*n_errors)++;
}

/* The stylesheet parses without a single error: a broken block silently drops every rule
 * after it. */
static void
test_stylesheet_parses (void)
{
  g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();
  guint n_errors = 0;

  g_signal_connect (provider, "parsing-error", G_CALLBACK (on_css_error), &n_errors);
  gtk_css_provider_load_from_resource (provider, RESOURCE_BASE_PATH "/style.css");
  g_assert_cmpuint (n_errors, ==, 0);
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
  demo_path = stroma_test_temp_path ("window-demo.db");
  store = stroma_demo_write (demo_path, protocol, &options, &error);
  g_assert_no_error (error);
  g_clear_pointer (&store, stroma_store_close);

  g_test_add_func ("/window/stylesheet-parses", test_stylesheet_parses);
  g_test_add_func ("/window/open-demo", test_open_demo);
  g_test_add_func ("/window/open-bad-file", test_open_bad_file);

  ret = g_test_run ();
  g_free (demo_path);
  return ret;
}
