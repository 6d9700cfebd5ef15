/* bench-window.c — the investigator's window: start to first frame, and switching subjects
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: bench-window TRIAL-FILE [SWITCHES]
 *
 * Needs a display (run it under xvfb-run) and GSETTINGS_SCHEMA_DIR pointing at the build's
 * data folder. It reports:
 *   first frame  from the start of main() to the frame clock's "after-paint" of the first
 *                frame that shows the trial's subject list;
 *   derived      from the start to the moment every subject's summary and the arm profiles
 *                are in the list (derived off the main loop meanwhile);
 *   switch       selecting a subject until the frame that shows its header, alerts and chart
 *                is painted, median (and slowest) over SWITCHES subjects spread over the list;
 *   complete     selecting a subject until every section below the chart is built too and
 *                painted.
 */

#define G_LOG_DOMAIN "bench-window"

#include "config.h"

#include <adwaita.h>
#include <stdlib.h>

#include "gui/stroma-subject-item.h"
#include "gui/stroma-subject-page.h"
#include "gui/stroma-subjects-view.h"
#include "gui/stroma-trial.h"
#include "gui/stroma-window.h"

static gint64 painted_at;

static void
on_after_paint (GdkFrameClock *clock,
                gpointer       user_data)
{
  painted_at = g_get_monotonic_time ();
}

/* Runs the main loop until a frame is painted after @since. */
static gint64
wait_for_paint (GtkWidget *window,
                gint64     since)
{
  gtk_widget_queue_draw (window);
  while (painted_at <= since)
    g_main_context_iteration (NULL, TRUE);
  return painted_at;
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

static int
compare_doubles (const void *a,
                 const void *b)
{
  double da = *(const double *) a;
  double db = *(const double *) b;

  return (da > db) - (da < db);
}

int
main (int   argc,
      char *argv[])
{
  gint64 start = g_get_monotonic_time ();
  g_autoptr(GFile) file = NULL;
  StromaWindow *window;
  StromaTrial *trial;
  GListModel *subjects;
  GdkFrameClock *clock;
  g_autofree double *times = NULL;
  g_autofree double *complete = NULL;
  StromaSubjectPage *page;
  guint n_switches, n_subjects;
  gint64 first_frame, derived, opened;

  if (argc < 2)
    {
      g_printerr ("Usage: bench-window TRIAL-FILE [SWITCHES]\n");
      return EXIT_FAILURE;
    }
  n_switches = argc > 2 ? (guint) MAX (atoi (argv[2]), 1) : 41;

  gtk_init ();
  adw_init ();

  file = g_file_new_for_commandline_arg (argv[1]);
  window = stroma_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 1360, 860);
  gtk_widget_realize (GTK_WIDGET (window));
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), NULL);

  opened = g_get_monotonic_time ();
  if (!stroma_window_open_trial (window, file))
    {
      g_printerr ("Cannot open %s\n", argv[1]);
      return EXIT_FAILURE;
    }
  opened = g_get_monotonic_time () - opened;
  gtk_window_present (GTK_WINDOW (window));
  first_frame = wait_for_paint (GTK_WIDGET (window), start);

  trial = stroma_subjects_view_get_trial (STROMA_SUBJECTS_VIEW (
    find_by_type (GTK_WIDGET (window), STROMA_TYPE_SUBJECTS_VIEW)));
  while (stroma_trial_get_deriving (trial))
    g_main_context_iteration (NULL, TRUE);
  derived = g_get_monotonic_time ();

  subjects = stroma_window_get_subjects (window);
  n_subjects = g_list_model_get_n_items (subjects);
  times = g_new (double, n_switches);
  complete = g_new (double, n_switches);
  page = stroma_subjects_view_get_page (STROMA_SUBJECTS_VIEW (
    find_by_type (GTK_WIDGET (window), STROMA_TYPE_SUBJECTS_VIEW)));

  /* Warm up: the first page builds its widgets' styles. */
  {
    g_autoptr(StromaSubjectItem) item = g_list_model_get_item (subjects, 0);
    stroma_window_show_subject (window, stroma_subject_item_get_subject (item)->code);
    wait_for_paint (GTK_WIDGET (window), g_get_monotonic_time ());
  }

  for (guint i = 0; i < n_switches; i++)
    {
      g_autoptr(StromaSubjectItem) item = g_list_model_get_item (subjects,
                                                                 (i * 7919 + 1) % n_subjects);
      gint64 t = g_get_monotonic_time ();

      stroma_window_show_subject (window, stroma_subject_item_get_subject (item)->code);
      times[i] = (wait_for_paint (GTK_WIDGET (window), t) - t) / 1000.0;
      while (!stroma_subject_page_is_complete (page))
        g_main_context_iteration (NULL, TRUE);
      complete[i] = (wait_for_paint (GTK_WIDGET (window), g_get_monotonic_time ()) - t) / 1000.0;
    }
  qsort (times, n_switches, sizeof *times, compare_doubles);
  qsort (complete, n_switches, sizeof *complete, compare_doubles);

  g_print ("%s: %u subjects\n", argv[1], n_subjects);
  g_print ("  open         %8.1f ms (store, protocol and subject list)\n", opened / 1000.0);
  g_print ("  first frame  %8.1f ms\n", (first_frame - start) / 1000.0);
  g_print ("  derived      %8.1f ms\n", (derived - start) / 1000.0);
  g_print ("  switch       %8.1f ms median, %.1f ms slowest of %u\n",
           times[n_switches / 2], times[n_switches - 1], n_switches);
  g_print ("  complete     %8.1f ms median, %.1f ms slowest\n",
           complete[n_switches / 2], complete[n_switches - 1]);

  gtk_window_destroy (GTK_WINDOW (window));
  return EXIT_SUCCESS;
}
