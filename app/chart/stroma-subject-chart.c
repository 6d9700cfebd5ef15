/* stroma-subject-chart.c — one subject's blood-count chart, built from the record
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The one place that decides what a subject's chart shows, for the window, `stroma chart`
 * and the workbook alike: the counts on log or linear panels, the protocol's thresholds, the
 * conditioning and growth-factor periods, day 0, the start of treatment, MSC infusions,
 * transfusions and the endpoint events core derived. It reads values; it derives none.
 */

#define G_LOG_DOMAIN "stroma-chart"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "core/stroma-summary.h"
#include "stroma-subject-chart.h"

static gboolean
parse_date (const char *text,
            GDate      *date)
{
  if (text == NULL || strlen (text) < 10)
    return FALSE;

  g_date_clear (date, 1);
  {
    g_autofree char *day = g_strndup (text, 10);
    g_date_set_parse (date, day);
  }
  return g_date_valid (date);
}

/* Days from @origin to @text (an ISO date or UTC time), or NAN. */
static double
day_of (const GDate *origin,
        const char  *text)
{
  GDate date;

  if (!parse_date (text, &date))
    return NAN;

  return (double) ((gint64) g_date_get_julian (&date) - (gint64) g_date_get_julian (origin));
}

static const char *
display_unit (const char *unit)
{
  if (g_strcmp0 (unit, "10^9/L") == 0)
    return "×10⁹/L";
  if (g_strcmp0 (unit, "10^12/L") == 0)
    return "×10¹²/L";
  return unit;
}

static void
add_series (StromaChartPanel          *panel,
            const StromaSubjectRecord *record,
            const GDate               *origin,
            const char                *test_code,
            guint                      color)
{
  StromaChartSeries *series = stroma_chart_panel_add_series (panel,
                                                             stroma_lab_short_label (test_code));
  g_autoptr(GArray) days = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) values = g_array_new (FALSE, FALSE, sizeof (double));

  stroma_chart_series_set_color_index (series, color);

  for (guint i = 0; record->labs != NULL && i < record->labs->len; i++)
    {
      const StromaLabResult *lab = record->labs->pdata[i];
      double day;

      if (g_strcmp0 (lab->test_code, test_code) != 0 || !isfinite (lab->stresn))
        continue;
      day = day_of (origin, lab->collected_on);
      if (isnan (day))
        continue;
      g_array_append_val (days, day);
      g_array_append_val (values, lab->stresn);
    }

  stroma_chart_series_set_points (series, (double *) (gpointer) days->data,
                                  (double *) (gpointer) values->data, days->len);
}

/* The protocol's thresholds on a test: every endpoint's, each value once. */
static void
add_thresholds (StromaChartPanel     *panel,
                const StromaProtocol *protocol,
                const char           *test_code)
{
  g_autoptr(GArray) seen = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint i = 0; protocol->endpoints != NULL && i < protocol->endpoints->len; i++)
    {
      const StromaEndpoint *endpoint = protocol->endpoints->pdata[i];
      double values[2] = { endpoint->threshold, endpoint->has_upper ? endpoint->upper_threshold
                                                                     : NAN };

      if (g_strcmp0 (endpoint->test_code, test_code) != 0)
        continue;

      for (guint k = 0; k < 2; k++)
        {
          gboolean dup = FALSE;
          g_autofree char *label = NULL;

          if (!isfinite (values[k]))
            continue;
          for (guint j = 0; j < seen->len; j++)
            dup |= g_array_index (seen, double, j) == values[k];
          if (dup)
            continue;

          g_array_append_val (seen, values[k]);
          label = g_strdup_printf ("%s %g", stroma_lab_short_label (test_code), values[k]);
          stroma_chart_panel_add_threshold (panel, values[k], label);
        }
    }
}

typedef enum
{
  AGENT_OTHER,
  AGENT_MYELOID,
  AGENT_THROMBOPOIETIC,
} AgentKind;

static AgentKind
classify_agent (const char *agent)
{
  static const char *myeloid[] = { "g-csf", "gm-csf", "filgrastim", "pegfilgrastim",
                                   "lenograstim", "sargramostim" };
  static const char *thrombopoietic[] = { "rhtpo", "tpo", "tpo-ra", "eltrombopag",
                                          "romiplostim", "avatrombopag", "hetrombopag",
                                          "lusutrombopag" };
  g_autofree char *lower = NULL;

  if (agent == NULL)
    return AGENT_OTHER;

  lower = g_ascii_strdown (agent, -1);
  for (guint i = 0; i < G_N_ELEMENTS (myeloid); i++)
    if (g_str_equal (lower, myeloid[i]))
      return AGENT_MYELOID;
  for (guint i = 0; i < G_N_ELEMENTS (thrombopoietic); i++)
    if (g_str_equal (lower, thrombopoietic[i]))
      return AGENT_THROMBOPOIETIC;

  return AGENT_OTHER;
}

static double
last_recorded_day (StromaChart *chart)
{
  double first, last;

  return stroma_chart_get_extent (chart, &first, &last) ? last : 0;
}

static void
add_periods (StromaChart               *chart,
             const StromaSubjectRecord *record,
             const GDate               *origin)
{
  double first = INFINITY, last = -INFINITY, open_end;

  for (guint i = 0; record->conditioning != NULL && i < record->conditioning->len; i++)
    {
      const StromaConditioningDose *dose = record->conditioning->pdata[i];
      double day;

      if (g_strcmp0 (dose->status, "omitted") == 0)
        continue;
      day = dose->study_day != STROMA_NO_INT ? (double) dose->study_day
                                              : day_of (origin, dose->planned_date);
      if (isnan (day))
        continue;
      first = MIN (first, day);
      last = MAX (last, day);
    }

  if (isfinite (first))
    stroma_chart_add_band (chart, STROMA_CHART_BAND_CONDITIONING, first, last, NULL);

  /* A course still running is drawn to the last day with data. */
  open_end = last_recorded_day (chart);
  for (guint i = 0; record->medications != NULL && i < record->medications->len; i++)
    {
      const StromaMedication *m = record->medications->pdata[i];
      AgentKind kind = classify_agent (m->agent);
      double from, to;

      if (kind == AGENT_OTHER)
        continue;
      from = day_of (origin, m->start_date);
      to = m->end_date != NULL ? day_of (origin, m->end_date) : MAX (open_end, from);
      if (isnan (from) || isnan (to))
        continue;

      stroma_chart_add_band (chart, kind == AGENT_MYELOID ? STROMA_CHART_BAND_GROWTH_FACTOR
                                                          : STROMA_CHART_BAND_THROMBOPOIETIC,
                             from, to, NULL);
    }
}

static void
add_markers (StromaChart               *chart,
             const StromaSubjectRecord *record,
             GPtrArray                 *results,
             const GDate               *origin,
             gboolean                   have_day0)
{
  double day;

  if (have_day0)
    /* Translators: the marker of day 0, the stem-cell transplant */
    stroma_chart_add_marker (chart, STROMA_CHART_MARKER_DAY_ZERO, 0, _("HSCT"));

  day = day_of (origin, record->subject->treatment_start);
  if (!isnan (day))
    /* Translators: the marker of the start of study treatment */
    stroma_chart_add_marker (chart, STROMA_CHART_MARKER_TREATMENT_START, day, _("Start"));

  for (guint i = 0; record->infusions != NULL && i < record->infusions->len; i++)
    {
      const StromaInfusion *infusion = record->infusions->pdata[i];
      g_autofree char *label = NULL;

      if (g_strcmp0 (infusion->status, "given") != 0 || infusion->given_at == NULL)
        continue;
      day = day_of (origin, infusion->given_at);
      if (isnan (day))
        continue;
      /* Translators: the marker of the n-th infusion of mesenchymal stem cells */
      label = g_strdup_printf (_("MSC %lld"), (long long) infusion->number);
      stroma_chart_add_marker (chart, STROMA_CHART_MARKER_MSC_INFUSION, day, label);
    }

  for (guint i = 0; record->transfusions != NULL && i < record->transfusions->len; i++)
    {
      const StromaTransfusion *t = record->transfusions->pdata[i];
      StromaChartMarkerKind kind;

      if (g_strcmp0 (t->product, "RBC") == 0)
        kind = STROMA_CHART_MARKER_RBC_TRANSFUSION;
      else if (g_strcmp0 (t->product, "PLT") == 0)
        kind = STROMA_CHART_MARKER_PLT_TRANSFUSION;
      else
        continue;

      day = day_of (origin, t->given_on);
      if (!isnan (day))
        stroma_chart_add_marker (chart, kind, day, NULL);
    }

  /* The protocol's own endpoints that are met; the registry's stay in the cards. */
  for (guint i = 0; results != NULL && i < results->len; i++)
    {
      const StromaEndpointResult *r = results->pdata[i];
      const StromaEndpoint *e = r->endpoint;
      g_autofree char *label = NULL;

      if (r->state != STROMA_ENDPOINT_MET || e->kind != STROMA_ENDPOINT_RUN ||
          g_strcmp0 (e->definition, "protocol") != 0)
        continue;
      day = day_of (origin, r->event_date);
      if (isnan (day))
        continue;

      if (e->category != NULL)
        label = g_strdup_printf ("%s %s", stroma_lab_short_label (e->test_code), e->category);
      else
        label = g_strdup (stroma_lab_short_label (e->test_code));
      stroma_chart_add_marker (chart, STROMA_CHART_MARKER_RESPONSE, day, label);
    }
}

/**
 * stroma_subject_chart_new:
 * @protocol: the trial's protocol
 * @record: everything recorded for the subject
 * @results: (nullable) (element-type StromaEndpointResult): the subject's endpoints, from
 *   stroma_endpoints_evaluate(); %NULL marks no endpoint events
 * @options: (nullable): what to show; %NULL for %STROMA_SUBJECT_CHART_OPTIONS_INIT
 *
 * Builds the subject's blood-count chart: neutrophils (with white cells and lymphocytes on
 * request), platelets on log scales and haemoglobin on a linear one, sharing the time axis in
 * days after transplant; the protocol's thresholds as lines; the conditioning period and
 * growth-factor courses shaded; day 0, the start of treatment, each MSC infusion given, red
 * cell and platelet transfusions and the protocol endpoints met marked.
 *
 * Without day 0 the days count from the start of treatment, and without that from the first
 * count. A chart of a subject with no count is empty (stroma_chart_is_empty()).
 *
 * Returns: (transfer full): the chart
 */
StromaChart *
stroma_subject_chart_new (const StromaProtocol            *protocol,
                          const StromaSubjectRecord       *record,
                          GPtrArray                       *results,
                          const StromaSubjectChartOptions *options)
{
  StromaSubjectChartOptions defaults = STROMA_SUBJECT_CHART_OPTIONS_INIT;
  StromaChart *chart;
  StromaChartPanel *panel;
  GDate origin;
  gboolean have_day0;
  const char *unit;

  g_return_val_if_fail (protocol != NULL, NULL);
  g_return_val_if_fail (record != NULL && record->subject != NULL, NULL);

  if (options == NULL)
    options = &defaults;

  chart = stroma_chart_new ();

  have_day0 = record->transplant != NULL && parse_date (record->transplant->day0_date, &origin);
  if (have_day0)
    {
      stroma_chart_set_day_zero (chart, &origin);
      stroma_chart_set_x_labels (chart, options->x_labels);
    }
  else if (parse_date (record->subject->treatment_start, &origin))
    stroma_chart_set_x_title (chart, _("Day of treatment"));
  else
    {
      const StromaLabResult *first = record->labs != NULL && record->labs->len > 0
                                     ? record->labs->pdata[0] : NULL;

      if (first == NULL || !parse_date (first->collected_on, &origin))
        return chart;
      stroma_chart_set_x_title (chart, _("Day from the first count"));
    }

  unit = display_unit (stroma_protocol_lab_unit ("NEUT"));
  panel = stroma_chart_add_panel (chart,
                                  options->show_wbc || options->show_lymphocytes
                                  ? _("White cells") : stroma_lab_short_label ("NEUT"),
                                  unit, STROMA_CHART_SCALE_LOG10);
  add_series (panel, record, &origin, "NEUT", STROMA_SUBJECT_CHART_COLOR_ANC);
  if (options->show_wbc)
    add_series (panel, record, &origin, "WBC", STROMA_SUBJECT_CHART_COLOR_WBC);
  if (options->show_lymphocytes)
    add_series (panel, record, &origin, "LYM", STROMA_SUBJECT_CHART_COLOR_LYM);
  add_thresholds (panel, protocol, "NEUT");

  panel = stroma_chart_add_panel (chart, stroma_lab_short_label ("PLAT"),
                                  display_unit (stroma_protocol_lab_unit ("PLAT")),
                                  STROMA_CHART_SCALE_LOG10);
  add_series (panel, record, &origin, "PLAT", STROMA_SUBJECT_CHART_COLOR_PLT);
  add_thresholds (panel, protocol, "PLAT");

  panel = stroma_chart_add_panel (chart, stroma_lab_short_label ("HGB"),
                                  display_unit (stroma_protocol_lab_unit ("HGB")),
                                  STROMA_CHART_SCALE_LINEAR);
  add_series (panel, record, &origin, "HGB", STROMA_SUBJECT_CHART_COLOR_HGB);
  add_thresholds (panel, protocol, "HGB");

  add_periods (chart, record, &origin);
  add_markers (chart, record, results, &origin, have_day0);

  return chart;
}

static guint
arm_color (guint arm)
{
  static const guint colors[] = { 0, 3, 1, 2 };

  return colors[arm % G_N_ELEMENTS (colors)];
}

/**
 * stroma_profile_chart_new:
 * @profiles: (array length=n_tests): for each test, the arms' profiles from
 *   stroma_profile_compute()
 * @test_codes: (array length=n_tests): the tests, one panel each
 * @n_tests: how many
 * @show_curves: draw each subject's samples faintly behind its arm
 *
 * Builds the arm overview: one panel per count, and in each, per arm, the median by day of
 * treatment with the interquartile range as a band, in the arm's colour.
 *
 * Returns: (transfer full): the chart
 */
StromaChart *
stroma_profile_chart_new (GPtrArray * const  *profiles,
                          const char * const *test_codes,
                          guint               n_tests,
                          gboolean            show_curves)
{
  StromaChart *chart = stroma_chart_new ();

  g_return_val_if_fail (profiles != NULL || n_tests == 0, chart);

  stroma_chart_set_x_title (chart, _("Day of treatment"));

  for (guint t = 0; t < n_tests; t++)
    {
      gboolean log = g_strcmp0 (test_codes[t], "HGB") != 0;
      StromaChartPanel *panel;

      panel = stroma_chart_add_panel (chart, stroma_lab_short_label (test_codes[t]),
                                      display_unit (stroma_protocol_lab_unit (test_codes[t])),
                                      log ? STROMA_CHART_SCALE_LOG10 : STROMA_CHART_SCALE_LINEAR);

      for (guint a = 0; show_curves && a < profiles[t]->len; a++)
        {
          const StromaArmProfile *profile = profiles[t]->pdata[a];

          for (guint c = 0; c < profile->curves->len; c++)
            {
              const StromaProfileCurve *curve = profile->curves->pdata[c];
              StromaChartSeries *series = stroma_chart_panel_add_series (panel, profile->arm_label);

              stroma_chart_series_set_points (series, (double *) (gpointer) curve->days->data,
                                              (double *) (gpointer) curve->values->data,
                                              curve->days->len);
              stroma_chart_series_set_faint (series, TRUE);
              stroma_chart_series_set_style (series, STROMA_CHART_SERIES_LINE);
              stroma_chart_series_set_color_index (series, arm_color (a));
            }
        }

      for (guint a = 0; a < profiles[t]->len; a++)
        {
          const StromaArmProfile *profile = profiles[t]->pdata[a];
          StromaChartSeries *series;
          g_autofree char *label = NULL;

          /* Translators: the legend of an arm's median, e.g. "MSC median (n = 34)" */
          label = g_strdup_printf (_("%s median (n = %u)"), profile->arm_label,
                                   profile->n_subjects);
          series = stroma_chart_panel_add_series (panel, label);
          stroma_chart_series_set_points (series, (double *) (gpointer) profile->days->data,
                                          (double *) (gpointer) profile->median->data,
                                          profile->days->len);
          stroma_chart_series_set_band (series, (double *) (gpointer) profile->q1->data,
                                        (double *) (gpointer) profile->q3->data,
                                        profile->days->len);
          stroma_chart_series_set_style (series, STROMA_CHART_SERIES_LINE);
          stroma_chart_series_set_color_index (series, arm_color (a));
        }
    }

  /* Day 0 of treatment */
  stroma_chart_add_marker (chart, STROMA_CHART_MARKER_TREATMENT_START, 0, NULL);

  return chart;
}
