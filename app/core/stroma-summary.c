/* stroma-summary.c — one subject at a glance: days, response, alerts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The subject list sorts and filters on derived values: the day after transplant, the
 * response, the alerts. They are derived here, once per subject, from the same endpoint,
 * schedule and safety modules the subject page and the workbook use.
 */

#define G_LOG_DOMAIN "stroma-summary"

#include "config.h"

#include <glib/gi18n.h>

#include "stroma-schedule-private.h"
#include "stroma-schedule.h"
#include "stroma-summary.h"

/**
 * stroma_subject_alert_free:
 * @alert: (transfer full) (nullable): an alert
 */
void
stroma_subject_alert_free (StromaSubjectAlert *alert)
{
  if (alert == NULL)
    return;

  g_free (alert->date);
  g_free (alert->message);
  g_free (alert);
}

/**
 * stroma_subject_summary_free:
 * @self: (transfer full) (nullable): a summary
 */
void
stroma_subject_summary_free (StromaSubjectSummary *self)
{
  if (self == NULL)
    return;

  g_free (self->as_of);
  g_free (self->clock);
  g_clear_pointer (&self->results, g_ptr_array_unref);
  g_clear_pointer (&self->alerts, g_ptr_array_unref);
  g_free (self);
}

/**
 * stroma_lab_short_label:
 * @test_code: a CDISC LBTESTCD, e.g. "NEUT"
 *
 * The abbreviation haematologists read on charts and badges: "ANC", "PLT", "Hb", "WBC",
 * "ALC"; other tests by their code.
 *
 * Returns: (transfer none): the label
 */
const char *
stroma_lab_short_label (const char *test_code)
{
  static const struct { const char *code; const char *label; } labels[] = {
    /* Translators: absolute neutrophil count */
    { "NEUT", N_("ANC") },
    /* Translators: platelet count */
    { "PLAT", N_("PLT") },
    /* Translators: haemoglobin */
    { "HGB", N_("Hb") },
    /* Translators: white blood cell count */
    { "WBC", N_("WBC") },
    /* Translators: absolute lymphocyte count */
    { "LYM", N_("ALC") },
  };

  g_return_val_if_fail (test_code != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_str_equal (labels[i].code, test_code))
      return _(labels[i].label);

  return test_code;
}

static gint
days_between (guint32 from,
              guint32 to)
{
  return (gint) to - (gint) from;
}

/* The first date at which the subject left the study: disposition or death. */
static gboolean
stop_date (const StromaSubjectRecord *record,
           guint32                   *julian)
{
  gboolean found = FALSE;

  for (guint i = 0; record->dispositions != NULL && i < record->dispositions->len; i++)
    {
      const StromaDisposition *d = record->dispositions->pdata[i];
      guint32 j;

      if (stroma_schedule_date_parse (d->event_date, &j) && (!found || j < *julian))
        {
          *julian = j;
          found = TRUE;
        }
    }

  for (guint i = 0; record->follow_ups != NULL && i < record->follow_ups->len; i++)
    {
      const StromaFollowUp *f = record->follow_ups->pdata[i];
      guint32 j;

      if (g_strcmp0 (f->kind, "death") == 0 &&
          stroma_schedule_date_parse (f->event_date, &j) && (!found || j < *julian))
        {
          *julian = j;
          found = TRUE;
        }
    }

  return found;
}

static void
add_alert (StromaSubjectSummary   *self,
           StromaSubjectAlertKind  kind,
           StromaSafetySeverity    severity,
           const char             *date,
           char                   *message)
{
  StromaSubjectAlert *alert = g_new0 (StromaSubjectAlert, 1);

  alert->kind = kind;
  alert->severity = severity;
  alert->date = g_strdup (date);
  alert->message = message;
  g_ptr_array_add (self->alerts, alert);
  if (severity == STROMA_SAFETY_SEVERITY_CRITICAL)
    self->n_critical++;
}

static gboolean
add_safety_alerts (StromaSubjectSummary       *self,
                   const StromaProtocol       *protocol,
                   const StromaSubjectRecord  *record,
                   GError                    **error)
{
  g_autoptr(GPtrArray) alerts = stroma_safety_evaluate (protocol, record, self->as_of, error);

  if (alerts == NULL)
    return FALSE;

  for (guint i = 0; i < alerts->len; i++)
    {
      const StromaSafetyAlert *a = alerts->pdata[i];

      add_alert (self, STROMA_SUBJECT_ALERT_SAFETY, a->severity, a->date, g_strdup (a->message));
    }

  return TRUE;
}

static gboolean
add_dose_alerts (StromaSubjectSummary       *self,
                 const StromaProtocol       *protocol,
                 const StromaSubjectRecord  *record,
                 const char                 *time_zone,
                 GError                    **error)
{
  StromaScheduleOptions options = STROMA_SCHEDULE_OPTIONS_INIT;
  g_autoptr(StromaProductPlan) plan = NULL;
  g_autoptr(GError) local_error = NULL;

  options.time_zone = time_zone;
  plan = stroma_product_plan_new (protocol, record, self->as_of, &options, &local_error);
  if (plan == NULL)
    {
      /* No product for the arm, or not started: nothing can be late. */
      if (g_error_matches (local_error, STROMA_SCHEDULE_ERROR, STROMA_SCHEDULE_ERROR_NO_PRODUCT) ||
          g_error_matches (local_error, STROMA_SCHEDULE_ERROR, STROMA_SCHEDULE_ERROR_NOT_STARTED))
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  for (guint i = 0; i < plan->doses->len; i++)
    {
      const StromaProductDose *dose = plan->doses->pdata[i];

      if (dose->status != STROMA_SCHEDULE_OVERDUE)
        continue;

      add_alert (self, STROMA_SUBJECT_ALERT_OVERDUE_DOSE, STROMA_SAFETY_SEVERITY_WARNING,
                 dose->due_date,
                 /* Translators: %u is the dose number, the %s are ISO dates */
                 g_strdup_printf (_("Infusion %u was due on %s; its window closed on %s and it "
                                    "is not recorded as given or missed."),
                                  dose->number, dose->due_date, dose->window_end));
    }

  return TRUE;
}

typedef struct
{
  const char *test_code;
  const char *label;
  const char *first_due;
  const char *last_due;
  guint       n;
} OverdueLab;

static gboolean
add_lab_alerts (StromaSubjectSummary       *self,
                const StromaProtocol       *protocol,
                const StromaSubjectRecord  *record,
                GError                    **error)
{
  g_autoptr(GHashTable) events = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(StromaObservationPlan) plan = NULL;
  g_autoptr(GArray) overdue = g_array_new (FALSE, TRUE, sizeof (OverdueLab));

  for (guint i = 0; i < self->results->len; i++)
    {
      const StromaEndpointResult *r = self->results->pdata[i];

      g_hash_table_insert (events, r->endpoint->id,
                           r->state == STROMA_ENDPOINT_MET ? r->event_date : NULL);
    }

  plan = stroma_observation_plan_new_due (protocol, record, events, self->as_of, error);
  if (plan == NULL)
    return FALSE;

  /* One alert per test: the slots it missed, from the first to the latest. */
  for (guint i = 0; i < plan->slots->len; i++)
    {
      const StromaObservationSlot *slot = plan->slots->pdata[i];
      OverdueLab *lab = NULL;

      if (slot->status != STROMA_SCHEDULE_OVERDUE || slot->test_code == NULL)
        continue;

      for (guint j = 0; j < overdue->len; j++)
        if (g_str_equal (g_array_index (overdue, OverdueLab, j).test_code, slot->test_code))
          lab = &g_array_index (overdue, OverdueLab, j);

      if (lab == NULL)
        {
          OverdueLab added = { slot->test_code, slot->label, slot->due_date, slot->due_date, 0 };

          g_array_append_val (overdue, added);
          lab = &g_array_index (overdue, OverdueLab, overdue->len - 1);
        }

      lab->n++;
      if (g_strcmp0 (slot->due_date, lab->first_due) < 0)
        lab->first_due = slot->due_date;
      if (g_strcmp0 (slot->due_date, lab->last_due) > 0)
        lab->last_due = slot->due_date;
    }

  for (guint i = 0; i < overdue->len; i++)
    {
      const OverdueLab *lab = &g_array_index (overdue, OverdueLab, i);
      char *message;

      if (lab->n == 1)
        /* Translators: "No ANC value for the count due on 2026-10-20 (Complete blood count)." */
        message = g_strdup_printf (_("No %s value for the count due on %s (%s)."),
                                   stroma_lab_short_label (lab->test_code), lab->last_due,
                                   lab->label);
      else
        /* Translators: "No ANC value for 3 counts due from 2026-10-06 to 2026-10-20 (…)." */
        message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                "No %s value for %u count due from %s to %s (%s).",
                                                "No %s value for %u counts due from %s to %s (%s).",
                                                lab->n),
                                   stroma_lab_short_label (lab->test_code), lab->n,
                                   lab->first_due, lab->last_due, lab->label);

      add_alert (self, STROMA_SUBJECT_ALERT_OVERDUE_LAB, STROMA_SAFETY_SEVERITY_WARNING,
                 lab->last_due, message);
    }

  return TRUE;
}

/**
 * stroma_subject_summary_new:
 * @protocol: the trial's protocol
 * @record: everything recorded for the subject
 * @as_of: the data cut, an ISO date: later records are left out
 * @time_zone: (nullable): the site's time zone, to date infusion times; %NULL for UTC
 * @error: return location for a #GError
 *
 * Derives what the subject list shows: the day after transplant and of treatment, the age,
 * the endpoints with the group classification (the response badge), and the alerts — the
 * protocol's safety rules, overdue doses of the product and scheduled counts without a value.
 * Days count to the data cut, or to the subject's first disposition or death before it.
 *
 * Returns: (transfer full): the summary, or %NULL with @error set when a date of the record
 *   cannot be read
 */
StromaSubjectSummary *
stroma_subject_summary_new (const StromaProtocol       *protocol,
                            const StromaSubjectRecord  *record,
                            const char                 *as_of,
                            const char                 *time_zone,
                            GError                    **error)
{
  g_autoptr(StromaSubjectSummary) self = NULL;
  const StromaSubject *subject;
  guint32 cut, clock, stop, j;

  g_return_val_if_fail (protocol != NULL, NULL);
  g_return_val_if_fail (record != NULL && record->subject != NULL, NULL);
  g_return_val_if_fail (as_of != NULL, NULL);

  if (!stroma_schedule_date_parse (as_of, &cut))
    {
      g_set_error (error, STROMA_SCHEDULE_ERROR, STROMA_SCHEDULE_ERROR_INVALID_DATE,
                   _("The data cut “%s” is not a date: write it as YYYY-MM-DD."), as_of);
      return NULL;
    }

  subject = record->subject;
  self = g_new0 (StromaSubjectSummary, 1);
  self->as_of = g_strdup (as_of);
  self->alerts = g_ptr_array_new_with_free_func ((GDestroyNotify) stroma_subject_alert_free);
  self->age_years = STROMA_SUMMARY_NO_DAY;
  self->day_post_hsct = STROMA_SUMMARY_NO_DAY;
  self->treatment_day = STROMA_SUMMARY_NO_DAY;

  clock = cut;
  if (stop_date (record, &stop) && stop < clock)
    clock = stop;
  self->clock = stroma_schedule_date_format (clock);

  if (record->transplant != NULL && stroma_schedule_date_parse (record->transplant->day0_date, &j)
      && j <= clock)
    self->day_post_hsct = days_between (j, clock);

  if (stroma_schedule_date_parse (subject->treatment_start, &j) && j <= clock)
    self->treatment_day = days_between (j, clock);

  if (stroma_schedule_date_parse (subject->birth_date, &j) && j <= clock)
    {
      GDate birth, now;
      gint age;

      g_date_set_julian (&birth, j);
      g_date_set_julian (&now, clock);
      age = g_date_get_year (&now) - g_date_get_year (&birth);
      if (g_date_get_month (&now) < g_date_get_month (&birth) ||
          (g_date_get_month (&now) == g_date_get_month (&birth) &&
           g_date_get_day (&now) < g_date_get_day (&birth)))
        age--;
      self->age_years = age;
    }

  self->results = stroma_endpoints_evaluate (protocol, record, as_of, error);
  if (self->results == NULL)
    return NULL;

  /* The response badge: the protocol's first classification group. */
  for (guint i = 0; protocol->endpoints != NULL && i < protocol->endpoints->len; i++)
    {
      const StromaEndpoint *endpoint = protocol->endpoints->pdata[i];

      if (endpoint->group == NULL)
        continue;

      self->response = stroma_endpoints_group_result (self->results, endpoint->group);
      if (self->response != NULL && self->response->state == STROMA_ENDPOINT_MET)
        self->response_category = self->response->endpoint->category;
      break;
    }

  if (!add_safety_alerts (self, protocol, record, error) ||
      !add_dose_alerts (self, protocol, record, time_zone, error) ||
      !add_lab_alerts (self, protocol, record, error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * stroma_subject_summary_count_met:
 * @self: a summary
 * @definition: (nullable): "protocol" or "registry"; %NULL for both
 *
 * Returns: how many run endpoints of @definition are met (fallbacks, the "no response" of a
 *   group, are not counted)
 */
guint
stroma_subject_summary_count_met (const StromaSubjectSummary *self,
                                  const char                 *definition)
{
  guint n = 0;

  g_return_val_if_fail (self != NULL, 0);

  for (guint i = 0; i < self->results->len; i++)
    {
      const StromaEndpointResult *r = self->results->pdata[i];

      if (r->state == STROMA_ENDPOINT_MET && r->endpoint->kind == STROMA_ENDPOINT_RUN &&
          (definition == NULL || g_strcmp0 (r->endpoint->definition, definition) == 0))
        n++;
    }

  return n;
}
