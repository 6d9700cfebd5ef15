/* stroma-agenda-row.c — one product dose on the coordinator's agenda, as a list item
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a row of the agenda shows, worked out once from the core plan: the subject, which dose,
 * when it is due and its window, and its state in words ("due today", "3 days overdue",
 * "rescheduled: fever"). Only the subject code: the agenda is read over shoulders.
 */

#define G_LOG_DOMAIN "stroma-agenda-row"

#include "config.h"

#include <glib/gi18n.h>

#include "core/stroma-validate.h"
#include "io/stroma-agenda-export.h"
#include "stroma-agenda-row.h"

struct _StromaAgendaRow
{
  GObject  parent_instance;

  gint64   subject_id;
  guint    number;
  char    *subject_code;
  char    *dose_label;
  char    *due_date;
  char    *window;
  char    *state;
  char    *target;
  char    *tooltip;
};

enum {
  PROP_0,
  PROP_SUBJECT_CODE,
  PROP_DOSE_LABEL,
  PROP_DUE_DATE,
  PROP_WINDOW,
  PROP_STATE,
  PROP_TARGET,
  PROP_TOOLTIP,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (StromaAgendaRow, stroma_agenda_row, G_TYPE_OBJECT)

static void
stroma_agenda_row_finalize (GObject *object)
{
  StromaAgendaRow *self = STROMA_AGENDA_ROW (object);

  g_free (self->subject_code);
  g_free (self->dose_label);
  g_free (self->due_date);
  g_free (self->window);
  g_free (self->state);
  g_free (self->target);
  g_free (self->tooltip);

  G_OBJECT_CLASS (stroma_agenda_row_parent_class)->finalize (object);
}

static void
stroma_agenda_row_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  StromaAgendaRow *self = STROMA_AGENDA_ROW (object);

  switch (prop_id)
    {
    case PROP_SUBJECT_CODE: g_value_set_string (value, self->subject_code); break;
    case PROP_DOSE_LABEL: g_value_set_string (value, self->dose_label); break;
    case PROP_DUE_DATE: g_value_set_string (value, self->due_date); break;
    case PROP_WINDOW: g_value_set_string (value, self->window); break;
    case PROP_STATE: g_value_set_string (value, self->state); break;
    case PROP_TARGET: g_value_set_string (value, self->target); break;
    case PROP_TOOLTIP: g_value_set_string (value, self->tooltip); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
stroma_agenda_row_class_init (StromaAgendaRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  static const char * const names[N_PROPS] = {
    NULL, "subject-code", "dose-label", "due-date", "window", "state", "target", "tooltip"
  };

  object_class->finalize = stroma_agenda_row_finalize;
  object_class->get_property = stroma_agenda_row_get_property;

  for (guint i = 1; i < N_PROPS; i++)
    properties[i] = g_param_spec_string (names[i], NULL, NULL, NULL,
                                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
stroma_agenda_row_init (StromaAgendaRow *self)
{
}

static gint
days_between (const char *from,
              const char *to)
{
  GDate a, b;

  g_date_clear (&a, 1);
  g_date_clear (&b, 1);
  g_date_set_parse (&a, from);
  g_date_set_parse (&b, to);
  return g_date_valid (&a) && g_date_valid (&b) ? g_date_days_between (&a, &b) : 0;
}

/**
 * stroma_agenda_row_new:
 * @protocol: the trial's protocol
 * @plan: the subject's plan
 * @dose: the dose
 * @as_of: the agenda's today
 *
 * Returns: (transfer full): the row
 */
StromaAgendaRow *
stroma_agenda_row_new (const StromaProtocol    *protocol,
                       const StromaProductPlan *plan,
                       const StromaProductDose *dose,
                       const char              *as_of)
{
  StromaAgendaRow *self = g_object_new (STROMA_TYPE_AGENDA_ROW, NULL);
  g_autofree char *cells = stroma_format_cells (dose->total_cells);
  gint late = days_between (dose->window_end, as_of);
  gint ahead = days_between (as_of, dose->due_date);

  self->subject_id = plan->subject_id;
  self->number = dose->number;
  self->subject_code = g_strdup (plan->subject_code);
  self->dose_label = stroma_agenda_dose_label (protocol, plan, dose);
  self->due_date = g_strdup (dose->due_date);
  /* Translators: a dose's window: "2026-03-08 – 03-11" */
  self->window = g_strdup_printf (_("%s – %s"), dose->window_start, dose->window_end + 5);
  self->target = g_strdup_printf (_("%s cells"), cells);

  switch (dose->status)
    {
    case STROMA_SCHEDULE_OVERDUE:
      /* Translators: days since the window of an overdue dose closed */
      self->state = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day past its window",
                                                  "%d days past its window", late), late);
      break;
    case STROMA_SCHEDULE_DUE:
      self->state = ahead == 0 ? g_strdup (_("due today"))
                    : ahead > 0 ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                                "window open, due in %d day",
                                                                "window open, due in %d days",
                                                                ahead), ahead)
                    : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                    "window open, %d day past due",
                                                    "window open, %d days past due", -ahead),
                                       -ahead);
      break;
    case STROMA_SCHEDULE_PLANNED:
    case STROMA_SCHEDULE_GIVEN:
    case STROMA_SCHEDULE_MISSED:
    case STROMA_SCHEDULE_DONE:
    default:
      self->state = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "in %d day", "in %d days",
                                                  ahead), ahead);
      break;
    }

  if (g_strcmp0 (dose->record_status, "delayed") == 0 && dose->reason != NULL)
    {
      char *state = g_strdup_printf (_("%s · rescheduled: %s"), self->state, dose->reason);

      g_free (self->state);
      self->state = state;
    }

  self->tooltip = g_strdup_printf (_("%s %s: due %s, window %s to %s, target %s cells "
                                     "(%.1f kg). Press Enter to record it."),
                                   plan->subject_code, self->dose_label, dose->due_date,
                                   dose->window_start, dose->window_end, cells, dose->weight_kg);
  return self;
}

gint64
stroma_agenda_row_get_subject_id (StromaAgendaRow *self)
{
  g_return_val_if_fail (STROMA_IS_AGENDA_ROW (self), 0);
  return self->subject_id;
}

guint
stroma_agenda_row_get_number (StromaAgendaRow *self)
{
  g_return_val_if_fail (STROMA_IS_AGENDA_ROW (self), 0);
  return self->number;
}

const char *
stroma_agenda_row_get_subject_code (StromaAgendaRow *self)
{
  g_return_val_if_fail (STROMA_IS_AGENDA_ROW (self), NULL);
  return self->subject_code;
}

/**
 * stroma_agenda_row_set_more_overdue:
 * @self: the row of a subject's first overdue dose
 * @n_more: how many later doses of the subject are overdue too
 *
 * One row per subject in the overdue list: the doses after the first follow it by the
 * protocol's rule, and the state says how many there are.
 */
void
stroma_agenda_row_set_more_overdue (StromaAgendaRow *self,
                                    guint            n_more)
{
  char *state;

  g_return_if_fail (STROMA_IS_AGENDA_ROW (self));

  if (n_more == 0)
    return;

  /* Translators: "484 days past its window · +2 later" */
  state = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · +%u later", "%s · +%u later",
                                        n_more),
                           self->state, n_more);
  g_free (self->state);
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}
