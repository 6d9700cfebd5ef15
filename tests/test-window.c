/* test-window.c — the trial window, headless under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

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

static void
test_open_demo (void)
{
  StromaWindow *window = stroma_window_new (NULL);
  g_autoptr(GFile) file = g_file_new_for_path (demo_path);
  GListModel *subjects;
  GtkWidget *search;
  GtkStack *stack;

  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (stroma_window_open_trial (window, file));
  iterate ();

  stack = find_trial_stack (GTK_WIDGET (window));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "trial");

  subjects = stroma_window_get_subjects (window);
  g_assert_cmpuint (g_list_model_get_n_items (subjects), ==, 12);

  /* the search narrows the list to the matching code */
  search = find_by_type (GTK_WIDGET (window), GTK_TYPE_SEARCH_ENTRY);
  gtk_editable_set_text (GTK_EDITABLE (search), "PGF-007");
  iterate ();
  g_assert_cmpuint (g_list_model_get_n_items (subjects), ==, 1);
  gtk_editable_set_text (GTK_EDITABLE (search), "");
  iterate ();
  g_assert_cmpuint (g_list_model_get_n_items (subjects), ==, 12);

  /* selecting a subject shows it */
  gtk_single_selection_set_selected (GTK_SINGLE_SELECTION (subjects), 3);
  iterate ();
  {
    GtkWidget *page = gtk_paned_get_end_child (GTK_PANED (find_by_type (GTK_WIDGET (window),
                                                                         GTK_TYPE_PANED)));
    g_assert_true (g_str_has_prefix (adw_status_page_get_title (ADW_STATUS_PAGE (page)), "PGF-004"));
  }

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

  g_test_add_func ("/window/open-demo", test_open_demo);
  g_test_add_func ("/window/open-bad-file", test_open_bad_file);

  ret = g_test_run ();
  g_free (demo_path);
  return ret;
}
