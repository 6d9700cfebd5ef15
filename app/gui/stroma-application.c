/* stroma-application.c — the application: windows, app-wide actions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "stroma-application"

#include "config.h"

#include <glib/gi18n.h>

#include "stroma-application.h"
#include "stroma-window.h"

struct _StromaApplication
{
  AdwApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (StromaApplication, stroma_application, ADW_TYPE_APPLICATION)

static void
stroma_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (stroma_window_new (STROMA_APPLICATION (app)));

  gtk_window_present (window);
}

static void
stroma_application_open (GApplication  *app,
                         GFile        **files,
                         int            n_files,
                         const char    *hint)
{
  for (int i = 0; i < n_files; i++)
    {
      StromaWindow *window = stroma_window_new (STROMA_APPLICATION (app));

      stroma_window_open_trial (window, files[i]);
      gtk_window_present (GTK_WINDOW (window));
    }
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  static const char *developers[] = { "The Stroma developers", NULL };
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (user_data));

  adw_show_about_window (window,
                         "application-name", _("Stroma"),
                         "application-icon", APP_ID,
                         "developer-name", _("The Stroma developers"),
                         "version", PACKAGE_VERSION,
                         "developers", developers,
                         /* Translators: shown in the About window */
                         "comments", _("Run mesenchymal-stem-cell cell-therapy trials: charts, "
                                       "schedules, audited data entry and sponsor workbooks."),
                         "license-type", GTK_LICENSE_GPL_3_0,
                         NULL);
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static const GActionEntry app_actions[] = {
  { "about", about_action },
  { "quit", quit_action },
};

static void
stroma_application_startup (GApplication *app)
{
  static const char *quit_accels[] = { "<Control>q", NULL };

  G_APPLICATION_CLASS (stroma_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions),
                                   app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
}

static void
stroma_application_class_init (StromaApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->activate = stroma_application_activate;
  app_class->open = stroma_application_open;
  app_class->startup = stroma_application_startup;
}

static void
stroma_application_init (StromaApplication *self)
{
}

StromaApplication *
stroma_application_new (void)
{
  return g_object_new (STROMA_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "resource-base-path", RESOURCE_BASE_PATH,
                       "flags", G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE,
                       NULL);
}
