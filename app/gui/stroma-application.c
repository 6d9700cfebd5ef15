/* stroma-application.c — the application: windows, app-wide actions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "stroma-application"

#include "config.h"

#include <glib/gi18n.h>

#include "stroma-application.h"
#include "stroma-window.h"

/* The schema is the same for the development flavour. */
#define SCHEMA_ID "io.github.stroma.Stroma"

/* How many trials the Open Recent menu offers. */
#define MAX_RECENT 8

struct _StromaApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;      /* NULL when the schema is not installed */
  char           *subject_code;  /* --subject: show this subject of the trial opened */
};

G_DEFINE_FINAL_TYPE (StromaApplication, stroma_application, ADW_TYPE_APPLICATION)

static void
stroma_application_activate (GApplication *app)
{
  StromaApplication *self = STROMA_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    {
      g_autofree char *last = self->settings ? g_settings_get_string (self->settings, "last-trial")
                                             : NULL;

      window = GTK_WINDOW (stroma_window_new (self));
      /* Carry on where the investigator left off. */
      if (last != NULL && last[0] != '\0')
        {
          g_autoptr(GFile) file = g_file_new_for_uri (last);

          if (g_file_query_exists (file, NULL))
            stroma_window_open_trial (STROMA_WINDOW (window), file);
        }
    }

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
      StromaApplication *self = STROMA_APPLICATION (app);
      StromaWindow *window = stroma_window_new (self);

      gtk_window_present (GTK_WINDOW (window));
      if (stroma_window_open_trial (window, files[i]) && self->subject_code != NULL)
        stroma_window_show_subject (window, self->subject_code);
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

static void
apply_style_variant (StromaApplication *self,
                     const char        *variant)
{
  AdwColorScheme scheme = ADW_COLOR_SCHEME_DEFAULT;

  if (g_strcmp0 (variant, "light") == 0)
    scheme = ADW_COLOR_SCHEME_FORCE_LIGHT;
  else if (g_strcmp0 (variant, "dark") == 0)
    scheme = ADW_COLOR_SCHEME_FORCE_DARK;

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), scheme);
}

static void
on_style_variant_changed (StromaApplication *self)
{
  g_autofree char *variant = g_settings_get_string (self->settings, "style-variant");

  apply_style_variant (self, variant);
}

/* Without settings the style still switches, for this run only. */
static void
style_variant_action (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  g_simple_action_set_state (action, parameter);
  apply_style_variant (user_data, g_variant_get_string (parameter, NULL));
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

  StromaApplication *self = STROMA_APPLICATION (app);
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions),
                                   app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, SCHEMA_ID, TRUE);

  if (schema != NULL)
    {
      g_autoptr(GAction) style = NULL;

      self->settings = g_settings_new (SCHEMA_ID);
      style = g_settings_create_action (self->settings, "style-variant");
      g_action_map_add_action (G_ACTION_MAP (app), style);
      g_signal_connect_object (self->settings, "changed::style-variant",
                               G_CALLBACK (on_style_variant_changed), self,
                               G_CONNECT_SWAPPED);
      on_style_variant_changed (self);
    }
  else
    {
      g_autoptr(GSimpleAction) style = NULL;

      g_printerr (_("Stroma’s settings schema (%s) is not installed, so settings and recent "
                    "trials are not kept. Install Stroma, or run the build with "
                    "GSETTINGS_SCHEMA_DIR set to its data folder.\n"), SCHEMA_ID);
      style = g_simple_action_new_stateful ("style-variant", G_VARIANT_TYPE_STRING,
                                            g_variant_new_string ("default"));
      g_signal_connect (style, "activate", G_CALLBACK (style_variant_action), self);
      g_action_map_add_action (G_ACTION_MAP (app), G_ACTION (style));
    }
}

static int
stroma_application_handle_local_options (GApplication *app,
                                         GVariantDict *options)
{
  StromaApplication *self = STROMA_APPLICATION (app);

  g_clear_pointer (&self->subject_code, g_free);
  g_variant_dict_lookup (options, "subject", "s", &self->subject_code);

  return -1;
}

static void
stroma_application_finalize (GObject *object)
{
  StromaApplication *self = STROMA_APPLICATION (object);

  g_clear_object (&self->settings);
  g_clear_pointer (&self->subject_code, g_free);

  G_OBJECT_CLASS (stroma_application_parent_class)->finalize (object);
}

static void
stroma_application_class_init (StromaApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = stroma_application_finalize;
  app_class->handle_local_options = stroma_application_handle_local_options;
  app_class->activate = stroma_application_activate;
  app_class->open = stroma_application_open;
  app_class->startup = stroma_application_startup;
}

static void
stroma_application_init (StromaApplication *self)
{
  static const GOptionEntry entries[] = {
    { "subject", 0, 0, G_OPTION_ARG_STRING, NULL,
      N_("Show this subject of the trial file opened"), N_("CODE") },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), entries);
}

/**
 * stroma_application_get_settings:
 * @self: the application
 *
 * Returns: (transfer none) (nullable): Stroma's settings, or %NULL when the schema is not
 *   installed (a message said so at start)
 */
GSettings *
stroma_application_get_settings (StromaApplication *self)
{
  g_return_val_if_fail (STROMA_IS_APPLICATION (self), NULL);
  return self->settings;
}

/**
 * stroma_application_add_recent:
 * @self: the application
 * @file: a trial file just opened
 *
 * Puts @file first in the recent trials and remembers it as the last trial.
 */
void
stroma_application_add_recent (StromaApplication *self,
                               GFile             *file)
{
  g_auto(GStrv) recent = NULL;
  g_autoptr(GStrvBuilder) builder = NULL;
  g_autofree char *uri = NULL;
  guint n = 1;

  g_return_if_fail (STROMA_IS_APPLICATION (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->settings == NULL)
    return;

  uri = g_file_get_uri (file);
  recent = g_settings_get_strv (self->settings, "recent-trials");
  builder = g_strv_builder_new ();
  g_strv_builder_add (builder, uri);
  for (guint i = 0; recent[i] != NULL && n < MAX_RECENT; i++)
    if (g_strcmp0 (recent[i], uri) != 0)
      {
        g_strv_builder_add (builder, recent[i]);
        n++;
      }

  {
    g_auto(GStrv) updated = g_strv_builder_end (builder);

    g_settings_set_strv (self->settings, "recent-trials", (const char * const *) updated);
    g_settings_set_string (self->settings, "last-trial", uri);
  }
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
