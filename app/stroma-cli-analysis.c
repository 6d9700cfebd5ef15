/* stroma-cli-analysis.c — endpoints and stats
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The same derivations as the window and the workbook (core/stroma-endpoints,
 * core/stroma-analysis), printed as text for people or as CSV/JSON for programs. Subjects are
 * named by their code only.
 */

#define G_LOG_DOMAIN "stroma-cli"

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "core/stroma-analysis.h"
#include "core/stroma-endpoints.h"
#include "store/stroma-store.h"
#include "stroma-cli-private.h"

typedef enum { FORMAT_TEXT, FORMAT_CSV, FORMAT_JSON } Format;

static gboolean
parse_format (const char  *name,
              Format      *format,
              GError     **error)
{
  if (name == NULL || g_str_equal (name, "text"))
    *format = FORMAT_TEXT;
  else if (g_str_equal (name, "csv"))
    *format = FORMAT_CSV;
  else if (g_str_equal (name, "json"))
    *format = FORMAT_JSON;
  else
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("Unknown format “%s”: use text, csv or json."), name);
      return FALSE;
    }
  return TRUE;
}

static char *
format_number (double value,
               int    decimals)
{
  if (isnan (value))
    return g_strdup ("");
  return g_strdup_printf ("%.*f", decimals, value);
}

static char *
format_day (gint day)
{
  if (day == G_MININT)
    return g_strdup ("");
  return g_strdup_printf ("%d", day);
}

static char *
evidence_text (const StromaEndpointResult *r)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; r->evidence != NULL && i < r->evidence->len; i++)
    {
      const StromaEvidence *e = r->evidence->pdata[i];

      if (text->len)
        g_string_append (text, "; ");
      if (e->transfusion)
        g_string_append_printf (text, "%s %s transfusion", e->date, e->test_code);
      else
        g_string_append_printf (text, "%s %s %g", e->date, e->test_code, e->value);
    }

  return g_string_free (text, FALSE);
}

static const char *
arm_id (const StromaSubjectRecord *r)
{
  return r->allocation != NULL ? r->allocation->arm : "";
}

static StromaStore *
open_trial (const char      *command,
            const char      *path,
            StromaProtocol **protocol,
            GPtrArray      **records)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StromaStore) store = stroma_store_open (path, STROMA_STORE_OPEN_READ_ONLY, &error);

  if (store == NULL ||
      (*protocol = stroma_store_load_protocol (store, &error)) == NULL ||
      (*records = stroma_store_load_all_records (store, &error)) == NULL)
    {
      stroma_cli_print_error (command, error);
      return NULL;
    }

  return g_steal_pointer (&store);
}

int
stroma_cli_endpoints (int    argc,
                      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(StromaStore) store = NULL;
  g_autoptr(StromaProtocol) protocol = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(JsonBuilder) json = json_builder_new ();
  g_autofree char *subject_code = NULL;
  g_autofree char *format_name = NULL;
  g_autofree char *data_cut = NULL;
  guint n_shown = 0;
  Format format;
  GOptionEntry entries[] = {
    { "subject", 0, 0, G_OPTION_ARG_STRING, &subject_code, N_("Only this subject"), N_("CODE") },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format_name, N_("text (default), csv or json"),
      N_("FORMAT") },
    { "data-cut", 0, 0, G_OPTION_ARG_STRING, &data_cut,
      N_("Leave out data after this date (default: today)"), N_("YYYY-MM-DD") },
    { NULL }
  };

  context = stroma_cli_option_context (_("endpoints FILE"),
                                       _("Every subject’s endpoints — the protocol’s and the "
                                         "registry’s — with their dates, days and the values "
                                         "that decided them."), entries);
  if (!g_option_context_parse (context, &argc, &argv, &error) ||
      !parse_format (format_name, &format, &error))
    return stroma_cli_usage_error (context, error->message);
  if (argc != 3)
    return stroma_cli_usage_error (context, _("Name one trial file."));
  if (data_cut != NULL && !stroma_cli_valid_date (data_cut))
    return stroma_cli_usage_error (context, _("--data-cut takes a date as YYYY-MM-DD."));

  store = open_trial ("endpoints", argv[2], &protocol, &records);
  if (store == NULL)
    return STROMA_EXIT_USAGE;

  if (format == FORMAT_CSV)
    g_string_append (out, "subject,arm,endpoint,definition,group,category,state,event_date,"
                          "day_from_day0,day_from_treatment,evidence,explanation\n");
  json_builder_begin_array (json);

  for (guint i = 0; i < records->len; i++)
    {
      const StromaSubjectRecord *r = records->pdata[i];
      g_autoptr(GPtrArray) results = NULL;

      if (subject_code != NULL && g_strcmp0 (subject_code, r->subject->code) != 0)
        continue;

      results = stroma_endpoints_evaluate (protocol, r, data_cut, &error);
      if (results == NULL)
        {
          g_prefix_error (&error, "%s: ", r->subject->code);
          stroma_cli_print_error ("endpoints", error);
          return STROMA_EXIT_PROBLEMS;
        }
      n_shown++;

      if (format == FORMAT_TEXT)
        g_string_append_printf (out, "%s  %s\n", r->subject->code, arm_id (r));

      for (guint k = 0; k < results->len; k++)
        {
          const StromaEndpointResult *res = results->pdata[k];
          const StromaEndpoint *ep = res->endpoint;
          g_autofree char *d0 = format_day (res->day_from_day0);
          g_autofree char *dt = format_day (res->day_from_treatment);
          g_autofree char *evidence = evidence_text (res);
          const char *state = stroma_endpoint_state_to_string (res->state);

          switch (format)
            {
            case FORMAT_TEXT:
              g_string_append_printf (out, "  %-24s %-9s %-12s %-11s %s\n", ep->id,
                                      ep->definition, state,
                                      res->event_date ? res->event_date : "",
                                      res->explanation ? res->explanation : "");
              break;
            case FORMAT_CSV:
              stroma_cli_csv_field (out, r->subject->code, FALSE);
              stroma_cli_csv_field (out, arm_id (r), FALSE);
              stroma_cli_csv_field (out, ep->id, FALSE);
              stroma_cli_csv_field (out, ep->definition, FALSE);
              stroma_cli_csv_field (out, ep->group, FALSE);
              stroma_cli_csv_field (out, ep->category, FALSE);
              stroma_cli_csv_field (out, state, FALSE);
              stroma_cli_csv_field (out, res->event_date, FALSE);
              stroma_cli_csv_field (out, d0, FALSE);
              stroma_cli_csv_field (out, dt, FALSE);
              stroma_cli_csv_field (out, evidence, FALSE);
              stroma_cli_csv_field (out, res->explanation, TRUE);
              break;
            case FORMAT_JSON:
            default:
              json_builder_begin_object (json);
              json_builder_set_member_name (json, "subject");
              json_builder_add_string_value (json, r->subject->code);
              json_builder_set_member_name (json, "arm");
              json_builder_add_string_value (json, arm_id (r));
              json_builder_set_member_name (json, "endpoint");
              json_builder_add_string_value (json, ep->id);
              json_builder_set_member_name (json, "definition");
              json_builder_add_string_value (json, ep->definition);
              json_builder_set_member_name (json, "group");
              json_builder_add_string_value (json, ep->group);
              json_builder_set_member_name (json, "category");
              json_builder_add_string_value (json, ep->category);
              json_builder_set_member_name (json, "state");
              json_builder_add_string_value (json, state);
              json_builder_set_member_name (json, "event_date");
              json_builder_add_string_value (json, res->event_date);
              json_builder_set_member_name (json, "day_from_day0");
              if (res->day_from_day0 == G_MININT)
                json_builder_add_null_value (json);
              else
                json_builder_add_int_value (json, res->day_from_day0);
              json_builder_set_member_name (json, "day_from_treatment");
              if (res->day_from_treatment == G_MININT)
                json_builder_add_null_value (json);
              else
                json_builder_add_int_value (json, res->day_from_treatment);
              json_builder_set_member_name (json, "evidence");
              json_builder_begin_array (json);
              for (guint e = 0; res->evidence != NULL && e < res->evidence->len; e++)
                {
                  const StromaEvidence *ev = res->evidence->pdata[e];
                  json_builder_begin_object (json);
                  json_builder_set_member_name (json, "date");
                  json_builder_add_string_value (json, ev->date);
                  json_builder_set_member_name (json, "test");
                  json_builder_add_string_value (json, ev->test_code);
                  json_builder_set_member_name (json, ev->transfusion ? "transfusion" : "value");
                  if (ev->transfusion)
                    json_builder_add_boolean_value (json, TRUE);
                  else
                    json_builder_add_double_value (json, ev->value);
                  json_builder_end_object (json);
                }
              json_builder_end_array (json);
              json_builder_set_member_name (json, "explanation");
              json_builder_add_string_value (json, res->explanation);
              json_builder_end_object (json);
              break;
            }
        }
    }

  json_builder_end_array (json);

  if (subject_code != NULL && n_shown == 0)
    {
      g_printerr (_("stroma endpoints: there is no subject “%s” in %s\n"), subject_code, argv[2]);
      return STROMA_EXIT_USAGE;
    }

  if (format == FORMAT_JSON)
    {
      g_autoptr(JsonNode) root = json_builder_get_root (json);
      g_autofree char *text = json_to_string (root, TRUE);
      g_print ("%s\n", text);
    }
  else
    fputs (out->str, stdout);

  return STROMA_EXIT_OK;
}

/* JSON has no NaN: an interval that cannot be computed (nobody assessable) is [null, null]. */
static void
json_interval (JsonBuilder          *json,
               const char           *name,
               const StromaInterval *interval)
{
  json_builder_set_member_name (json, name);
  json_builder_begin_array (json);
  if (isnan (interval->lower))
    json_builder_add_null_value (json);
  else
    json_builder_add_double_value (json, interval->lower);
  if (isnan (interval->upper))
    json_builder_add_null_value (json);
  else
    json_builder_add_double_value (json, interval->upper);
  json_builder_end_array (json);
}

static void
json_number (JsonBuilder *json,
             const char  *name,
             double       value)
{
  json_builder_set_member_name (json, name);
  if (isnan (value))
    json_builder_add_null_value (json);
  else
    json_builder_add_double_value (json, value);
}

static void
text_survival (GString                     *out,
               const StromaTrialAnalysis   *a,
               const char                  *title,
               const StromaSurvivalSummary *s)
{
  g_string_append_printf (out, "\n%s\n", title);
  for (guint arm = 0; arm < a->n_arms; arm++)
    {
      const StromaKmEstimate *e = &s->at_one_year[arm];

      if (s->reached[arm])
        g_string_append_printf (out, _("  %-10s n=%-4u events=%-4u 1-year %.3f (95%% CI %.3f–%.3f)"),
                                a->arms[arm]->id, s->n[arm], s->events[arm], e->survival,
                                e->lower, e->upper);
      else
        g_string_append_printf (out, _("  %-10s n=%-4u events=%-4u 1-year not reached (follow-up "
                                       "shorter than one year)"),
                                a->arms[arm]->id, s->n[arm], s->events[arm]);
      if (isnan (s->median[arm]))
        g_string_append (out, _("  median not reached\n"));
      else
        g_string_append_printf (out, _("  median %.0f days\n"), s->median[arm]);
    }
  if (s->has_log_rank && s->log_rank.p_value < 0.0001)
    g_string_append_printf (out, _("  log-rank χ² = %.3f, p < 0.0001\n"), s->log_rank.chisq);
  else if (s->has_log_rank)
    g_string_append_printf (out, _("  log-rank χ² = %.3f, p = %.4f\n"), s->log_rank.chisq,
                            s->log_rank.p_value);
}

static void
json_survival (JsonBuilder                 *json,
               const StromaTrialAnalysis   *a,
               const char                  *name,
               const StromaSurvivalSummary *s)
{
  json_builder_set_member_name (json, name);
  json_builder_begin_object (json);
  json_builder_set_member_name (json, "arms");
  json_builder_begin_array (json);
  for (guint arm = 0; arm < a->n_arms; arm++)
    {
      json_builder_begin_object (json);
      json_builder_set_member_name (json, "arm");
      json_builder_add_string_value (json, a->arms[arm]->id);
      json_builder_set_member_name (json, "n");
      json_builder_add_int_value (json, s->n[arm]);
      json_builder_set_member_name (json, "events");
      json_builder_add_int_value (json, s->events[arm]);
      json_number (json, "one_year", s->reached[arm] ? s->at_one_year[arm].survival : NAN);
      json_number (json, "one_year_lower", s->reached[arm] ? s->at_one_year[arm].lower : NAN);
      json_number (json, "one_year_upper", s->reached[arm] ? s->at_one_year[arm].upper : NAN);
      json_number (json, "median_days", s->median[arm]);
      json_builder_end_object (json);
    }
  json_builder_end_array (json);
  json_number (json, "log_rank_chisq", s->has_log_rank ? s->log_rank.chisq : NAN);
  json_number (json, "log_rank_p", s->has_log_rank ? s->log_rank.p_value : NAN);
  json_builder_end_object (json);
}

int
stroma_cli_stats (int    argc,
                  char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(StromaStore) store = NULL;
  g_autoptr(StromaProtocol) protocol = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(StromaTrialAnalysis) a = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *format_name = NULL;
  g_autofree char *data_cut = NULL;
  Format format;
  GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format_name, N_("text (default), csv or json"),
      N_("FORMAT") },
    { "data-cut", 0, 0, G_OPTION_ARG_STRING, &data_cut,
      N_("Leave out data after this date (default: today)"), N_("YYYY-MM-DD") },
    { NULL }
  };

  context = stroma_cli_option_context (_("stats FILE"),
                                       /* xgettext:no-c-format */
                                       _("Per arm: subjects, response rates with 95% intervals "
                                         "(Wilson and exact), Fisher’s exact test, one-year "
                                         "overall and disease-free survival (Kaplan–Meier) with "
                                         "the log-rank test, and the protocol’s sample size "
                                         "checked."), entries);
  if (!g_option_context_parse (context, &argc, &argv, &error) ||
      !parse_format (format_name, &format, &error))
    return stroma_cli_usage_error (context, error->message);
  if (argc != 3)
    return stroma_cli_usage_error (context, _("Name one trial file."));
  if (data_cut != NULL && !stroma_cli_valid_date (data_cut))
    return stroma_cli_usage_error (context, _("--data-cut takes a date as YYYY-MM-DD."));

  store = open_trial ("stats", argv[2], &protocol, &records);
  if (store == NULL)
    return STROMA_EXIT_USAGE;

  a = stroma_analysis_run (protocol, records, data_cut, &error);
  if (a == NULL)
    {
      stroma_cli_print_error ("stats", error);
      return STROMA_EXIT_PROBLEMS;
    }

  if (format == FORMAT_CSV)
    {
      g_string_append (out, "measure,arm,n,events_or_met,evaluable,estimate,lower,upper,"
                            "exact_lower,exact_upper,p_value\n");
      for (guint i = 0; i < a->responses->len; i++)
        {
          const StromaResponseRate *r = a->responses->pdata[i];

          for (guint arm = 0; arm < a->n_arms; arm++)
            {
              g_autofree char *n = g_strdup_printf ("%u", a->n_per_arm[arm]);
              g_autofree char *met = g_strdup_printf ("%u", r->n_met[arm]);
              g_autofree char *ev = g_strdup_printf ("%u", r->n_evaluable[arm]);
              g_autofree char *est = format_number (r->wilson[arm].estimate, 4);
              g_autofree char *lo = format_number (r->wilson[arm].lower, 4);
              g_autofree char *hi = format_number (r->wilson[arm].upper, 4);
              g_autofree char *elo = format_number (r->exact[arm].lower, 4);
              g_autofree char *ehi = format_number (r->exact[arm].upper, 4);
              g_autofree char *p = format_number (r->fisher_p, 4);

              stroma_cli_csv_field (out, r->id, FALSE);
              stroma_cli_csv_field (out, a->arms[arm]->id, FALSE);
              stroma_cli_csv_field (out, n, FALSE);
              stroma_cli_csv_field (out, met, FALSE);
              stroma_cli_csv_field (out, ev, FALSE);
              stroma_cli_csv_field (out, est, FALSE);
              stroma_cli_csv_field (out, lo, FALSE);
              stroma_cli_csv_field (out, hi, FALSE);
              stroma_cli_csv_field (out, elo, FALSE);
              stroma_cli_csv_field (out, ehi, FALSE);
              stroma_cli_csv_field (out, p, TRUE);
            }
        }
      for (guint which = 0; which < 2; which++)
        {
          const StromaSurvivalSummary *s = which == 0 ? &a->os : &a->dfs;

          for (guint arm = 0; arm < a->n_arms; arm++)
            {
              g_autofree char *n = g_strdup_printf ("%u", s->n[arm]);
              g_autofree char *events = g_strdup_printf ("%u", s->events[arm]);
              g_autofree char *est = format_number (s->reached[arm] ? s->at_one_year[arm].survival : NAN, 4);
              g_autofree char *lo = format_number (s->reached[arm] ? s->at_one_year[arm].lower : NAN, 4);
              g_autofree char *hi = format_number (s->reached[arm] ? s->at_one_year[arm].upper : NAN, 4);
              g_autofree char *p = format_number (s->has_log_rank ? s->log_rank.p_value : NAN, 4);

              stroma_cli_csv_field (out, which == 0 ? "os-1-year" : "dfs-1-year", FALSE);
              stroma_cli_csv_field (out, a->arms[arm]->id, FALSE);
              stroma_cli_csv_field (out, n, FALSE);
              stroma_cli_csv_field (out, events, FALSE);
              stroma_cli_csv_field (out, "", FALSE);
              stroma_cli_csv_field (out, est, FALSE);
              stroma_cli_csv_field (out, lo, FALSE);
              stroma_cli_csv_field (out, hi, FALSE);
              stroma_cli_csv_field (out, "", FALSE);
              stroma_cli_csv_field (out, "", FALSE);
              stroma_cli_csv_field (out, p, TRUE);
            }
        }
      fputs (out->str, stdout);
      return STROMA_EXIT_OK;
    }

  if (format == FORMAT_JSON)
    {
      g_autoptr(JsonBuilder) json = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *text = NULL;

      json_builder_begin_object (json);
      json_builder_set_member_name (json, "protocol");
      json_builder_add_string_value (json, protocol->id);
      json_builder_set_member_name (json, "data_cut");
      json_builder_add_string_value (json, a->data_cut);
      json_builder_set_member_name (json, "evaluation_day");
      json_builder_add_int_value (json, a->evaluation_day);
      json_builder_set_member_name (json, "arms");
      json_builder_begin_array (json);
      for (guint arm = 0; arm < a->n_arms; arm++)
        {
          json_builder_begin_object (json);
          json_builder_set_member_name (json, "id");
          json_builder_add_string_value (json, a->arms[arm]->id);
          json_builder_set_member_name (json, "label");
          json_builder_add_string_value (json, a->arms[arm]->label);
          json_builder_set_member_name (json, "n");
          json_builder_add_int_value (json, a->n_per_arm[arm]);
          json_builder_end_object (json);
        }
      json_builder_end_array (json);
      json_builder_set_member_name (json, "responses");
      json_builder_begin_array (json);
      for (guint i = 0; i < a->responses->len; i++)
        {
          const StromaResponseRate *r = a->responses->pdata[i];

          json_builder_begin_object (json);
          json_builder_set_member_name (json, "id");
          json_builder_add_string_value (json, r->id);
          json_builder_set_member_name (json, "definition");
          json_builder_add_string_value (json, r->definition);
          json_builder_set_member_name (json, "arms");
          json_builder_begin_array (json);
          for (guint arm = 0; arm < a->n_arms; arm++)
            {
              json_builder_begin_object (json);
              json_builder_set_member_name (json, "met");
              json_builder_add_int_value (json, r->n_met[arm]);
              json_builder_set_member_name (json, "evaluable");
              json_builder_add_int_value (json, r->n_evaluable[arm]);
              json_number (json, "rate", r->wilson[arm].estimate);
              json_interval (json, "wilson_95", &r->wilson[arm]);
              json_interval (json, "exact_95", &r->exact[arm]);
              json_builder_end_object (json);
            }
          json_builder_end_array (json);
          json_number (json, "fisher_p", r->fisher_p);
          json_builder_end_object (json);
        }
      json_builder_end_array (json);
      json_survival (json, a, "overall_survival", &a->os);
      json_survival (json, a, "disease_free_survival", &a->dfs);
      if (a->has_sample_size)
        {
          const StromaSampleSizeCheck *c = &a->sample_size;

          json_builder_set_member_name (json, "sample_size");
          json_builder_begin_object (json);
          json_builder_set_member_name (json, "stated_per_arm");
          json_builder_add_int_value (json, c->stated_n_per_arm);
          json_builder_set_member_name (json, "as_stated_per_arm");
          json_builder_add_int_value (json, c->as_stated.per_group);
          json_number (json, "as_stated_exact", c->as_stated.exact);
          json_builder_set_member_name (json, "reproduced");
          json_builder_add_boolean_value (json, c->reproduced);
          if (c->reproduced)
            {
              json_builder_set_member_name (json, "reproduced_sides");
              json_builder_add_int_value (json, c->reproduced_sides);
              json_builder_set_member_name (json, "reproduced_continuity_correction");
              json_builder_add_boolean_value (json, c->reproduced_cc);
              json_number (json, "reproduced_exact", c->reproduced_size.exact);
            }
          json_number (json, "fisher_power_two_sided_at_stated", c->fisher_power_at_stated);
          json_number (json, "with_dropout_multiply", c->with_dropout_multiply);
          json_number (json, "with_dropout_divide", c->with_dropout_divide);
          json_builder_end_object (json);
        }
      json_builder_end_object (json);

      root = json_builder_get_root (json);
      text = json_to_string (root, TRUE);
      g_print ("%s\n", text);
      return STROMA_EXIT_OK;
    }

  /* Text for people */
  g_string_append_printf (out, _("Protocol %s, data cut %s\n"), protocol->id, a->data_cut);
  for (guint arm = 0; arm < a->n_arms; arm++)
    g_string_append_printf (out, "  %-10s %-40s n = %u\n", a->arms[arm]->id, a->arms[arm]->label,
                            a->n_per_arm[arm]);
  g_string_append_printf (out, _("\nResponse rates (intention to treat; assessable after %u days "
                                 "of treatment or earlier death), 95%% Wilson interval, "
                                 "Fisher’s exact test (two-sided)\n"), a->evaluation_day);
  for (guint i = 0; i < a->responses->len; i++)
    {
      const StromaResponseRate *r = a->responses->pdata[i];

      g_string_append_printf (out, "  %-34s %-8s", r->id, r->definition ? r->definition : "");
      for (guint arm = 0; arm < a->n_arms; arm++)
        {
          if (r->n_evaluable[arm] == 0)
            g_string_append_printf (out, "  %s 0/0", a->arms[arm]->id);
          else
            g_string_append_printf (out, "  %s %u/%u %.1f%% (%.1f–%.1f)", a->arms[arm]->id,
                                    r->n_met[arm], r->n_evaluable[arm],
                                    100 * r->wilson[arm].estimate, 100 * r->wilson[arm].lower,
                                    100 * r->wilson[arm].upper);
        }
      if (!isnan (r->fisher_p) && r->fisher_p < 0.0001)
        g_string_append (out, "  p < 0.0001");
      else if (!isnan (r->fisher_p))
        g_string_append_printf (out, "  p = %.4f", r->fisher_p);
      g_string_append_c (out, '\n');
    }

  text_survival (out, a, _("Overall survival from the start of treatment"), &a->os);
  text_survival (out, a, _("Disease-free survival (relapse or death) from the start of treatment"),
                 &a->dfs);

  if (a->has_sample_size)
    {
      const StromaSampleSizeCheck *c = &a->sample_size;

      g_string_append_printf (out, _("\nSample size (two proportions %.2f vs %.2f, α %.2f, power "
                                     "%.2f)\n"),
                              protocol->statistics->p1, protocol->statistics->p2,
                              protocol->statistics->alpha, protocol->statistics->power);
      g_string_append_printf (out, _("  stated: %u per arm (%u with dropout)\n"),
                              c->stated_n_per_arm, c->stated_with_dropout);
      g_string_append_printf (out, _("  as the protocol states its test (%u-sided, %s continuity "
                                     "correction): %.3f → %u per arm\n"),
                              c->as_stated_sides, c->as_stated_cc ? _("with") : _("without"),
                              c->as_stated.exact, c->as_stated.per_group);
      if (c->reproduced)
        g_string_append_printf (out, _("  %u per arm follows from a %u-sided test %s continuity "
                                       "correction: %.3f → %u; exact Fisher power at %u per arm "
                                       "(two-sided): %.3f\n"),
                                c->stated_n_per_arm, c->reproduced_sides,
                                c->reproduced_cc ? _("with") : _("without"),
                                c->reproduced_size.exact, c->reproduced_size.per_group,
                                c->stated_n_per_arm, c->fisher_power_at_stated);
      else
        g_string_append_printf (out, _("  no usual assumption (1- or 2-sided, with or without "
                                       "continuity correction) gives %u per arm\n"),
                                c->stated_n_per_arm);
      g_string_append_printf (out, _("  dropout %.0f%%: n × (1 + d) = %.1f; n / (1 − d) = %.1f\n"),
                              100 * c->dropout, c->with_dropout_multiply,
                              c->with_dropout_divide);
    }

  fputs (out->str, stdout);
  return STROMA_EXIT_OK;
}
