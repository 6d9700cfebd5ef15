/* stroma-protocol.c — load and validate a trial protocol from JSON
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "stroma-protocol"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <stdarg.h>
#include <string.h>

#include "stroma-protocol.h"

/* The loader is strict on purpose: a protocol drives eligibility, dosing and endpoint
 * derivations, so a typo must stop the load with the exact place named, never fall back to a
 * default silently. Each object is checked for unknown members before its fields are read, so a
 * misspelt member is reported as such rather than as a missing one. */

G_DEFINE_QUARK (stroma-protocol-error-quark, stroma_protocol_error)

/* Canonical (SI) units of the lab tests a protocol may name, by CDISC LBTESTCD. */
static const struct
{
  const char *code;
  const char *unit;
} lab_tests[] = {
  { "WBC", "10^9/L" },
  { "NEUT", "10^9/L" },
  { "LYM", "10^9/L" },
  { "PLAT", "10^9/L" },
  { "HGB", "g/L" },
  { "ALT", "U/L" },
  { "AST", "U/L" },
  { "BILI", "umol/L" },
  { "CREAT", "umol/L" },
  { "INR", "ratio" },
  { "PT", "s" },
  { "APTT", "s" },
};

/* Subject fields an eligibility rule may test besides lab values, with the plausible range of
 * their limits. */
static const struct
{
  const char *name;
  double      lo;
  double      hi;
} criterion_fields[] = {
  { "age", 0, 150 },
  { "kps", 0, 100 },
  { "ecog", 0, 5 },
  { "life_expectancy_months", 0, 1200 },
  { "measurable_lesions", 0, 1000 },
};

static const char * const designs[] = {
  "randomized-controlled", "dose-escalation", "single-arm", NULL
};
static const char * const maskings[] = { "open-label", "single-blind", "double-blind", NULL };
static const char * const bsa_formulas[] = { "mosteller", "dubois", NULL };
static const char * const note_kinds[] = {
  "defect", "contradiction", "interpretation", "unverified", "site-default", NULL
};
static const char * const allocation_methods[] = { "stratified-blocks", "blocks", "cohort", NULL };
static const char * const criterion_kinds[] = { "inclusion", "exclusion", NULL };
static const char * const discontinuation_kinds[] = { "removal", "termination", NULL };
static const char * const regimen_dose_units[] = { "mg", "g", "ug", NULL };
static const char * const care_dose_units[] = { "mg", "g", "ug", "U", "tablet", NULL };
static const char * const bases[] = { "kg", "m2", "flat", NULL };
static const char * const pers[] = { "dose", "day", NULL };
static const char * const routes[] = { "iv", "oral", "sc", "im", NULL };
static const char * const layout_statuses[] = { "site-default", "protocol", "confirmed", NULL };
static const char * const collection_products[] = { "PBSC", "BM", "cord", NULL };
static const char * const recipients[] = { "donor", NULL };
static const char * const product_anchors[] = { "treatment_start", "day0", NULL };
static const char * const value_statuses[] = { "protocol", "site-default", NULL };
static const char * const level_statuses[] = { "protocol", "placeholder", NULL };
static const char * const delay_rules[] = { "shift-following", "keep-schedule", NULL };
static const char * const weight_bases[] = { "actual", "ideal", "adjusted", NULL };
static const char * const escalation_rules[] = { "3+3", NULL };
static const char * const comparisons[] = { "<", "<=", ">", ">=", NULL };
static const char * const titration_actions[] = { "increase", "decrease", "stop", NULL };
static const char * const definitions[] = { "protocol", "registry", NULL };
static const char * const endpoint_kinds[] = { "run", "fallback", NULL };
static const char * const count_bys[] = { "days", "values", NULL };
static const char * const event_days[] = { "first", "last", NULL };
static const char * const transfusion_products[] = { "RBC", "PLT", NULL };
static const char * const endpoint_anchors[] = { "day0", "treatment_start", NULL };
static const char * const endpoint_statuses[] = { "protocol", "site-default", "unverified", NULL };
static const char * const observation_anchors[] = {
  "day0", "treatment_start", "screening", "endpoint", NULL
};
static const char * const ctcae_versions[] = { "5.0", NULL };
static const char * const relationships[] = {
  "unrelated", "unlikely", "possible", "probable", "definite", NULL
};
static const char * const sae_criteria[] = {
  "death", "life-threatening", "hospitalization", "disability", "congenital-anomaly",
  "important-medical-event", NULL
};
static const char * const reporting_starts[] = {
  "consent", "randomization", "treatment_start", NULL
};
static const char * const safety_events[] = {
  "adverse-event", "death", "mechanical-ventilation", "relapse", "progression", NULL
};
static const char * const safety_anchors[] = { "infusion", "day0", "treatment_start", NULL };
static const char * const safety_actions[] = {
  "flag-dlt", "flag-dose-reduction", "suspend-trial", "stop-product", "stop-subject", NULL
};
static const char * const statistics_tests[] = { "two-proportions", NULL };
static const char * const dropout_rules[] = { "multiply", "divide", NULL };

/* Freeing */

static void
stroma_note_free (StromaNote *note)
{
  g_free (note->path);
  g_free (note->source);
  g_free (note->kind);
  g_free (note->original);
  g_free (note->reading);
  g_free (note);
}

static void
stroma_arm_free (StromaArm *arm)
{
  g_free (arm->id);
  g_free (arm->label);
  g_free (arm->note);
  g_free (arm);
}

static void
stroma_assessment_free (StromaAssessment *assessment)
{
  g_free (assessment->id);
  g_free (assessment->label);
  g_strfreev (assessment->tests);
  g_free (assessment);
}

static void
stroma_criterion_free (StromaCriterion *criterion)
{
  g_free (criterion->id);
  g_free (criterion->kind);
  g_free (criterion->text);
  g_free (criterion->source);
  g_free (criterion->field);
  g_free (criterion->unit);
  g_free (criterion->note);
  g_free (criterion);
}

static void
stroma_discontinuation_free (StromaDiscontinuation *item)
{
  g_free (item->id);
  g_free (item->kind);
  g_free (item->text);
  g_free (item->source);
  g_free (item->note);
  g_free (item);
}

static void
stroma_regimen_agent_free (StromaRegimenAgent *agent)
{
  g_free (agent->agent);
  g_free (agent->dose_unit);
  g_free (agent->basis);
  g_free (agent->per);
  g_clear_pointer (&agent->days, g_array_unref);
  g_free (agent->route);
  g_free (agent->note);
  g_free (agent->text);
  g_free (agent);
}

static void
stroma_regimen_free (StromaRegimen *regimen)
{
  g_free (regimen->id);
  g_free (regimen->label);
  g_strfreev (regimen->donor_types);
  g_clear_pointer (&regimen->agents, g_ptr_array_unref);
  g_free (regimen->layout_status);
  g_free (regimen->note);
  g_free (regimen->text);
  g_free (regimen->source);
  g_free (regimen);
}

static void
stroma_collection_free (StromaCollection *collection)
{
  g_free (collection->product);
  g_free (collection->text);
  g_free (collection);
}

static void
stroma_mobilisation_free (StromaMobilisation *mobilisation)
{
  g_free (mobilisation->recipient);
  g_clear_pointer (&mobilisation->agents, g_ptr_array_unref);
  g_clear_pointer (&mobilisation->collections, g_ptr_array_unref);
  g_free (mobilisation->text);
  g_free (mobilisation->source);
  g_free (mobilisation->note);
  g_free (mobilisation);
}

static void
stroma_product_schedule_free (StromaProductSchedule *product)
{
  g_free (product->name);
  g_clear_pointer (&product->dose_levels, g_array_unref);
  g_free (product->delay_rule);
  g_free (product->description);
  g_free (product->manufacturer);
  g_free (product->route);
  g_free (product->relative_to);
  g_free (product->window_status);
  g_free (product->dose_levels_status);
  g_free (product->weight_basis);
  g_free (product->source);
  g_free (product->note);
  g_free (product);
}

static void
stroma_dose_escalation_free (StromaDoseEscalation *escalation)
{
  g_free (escalation->rule);
  g_free (escalation->source);
  g_free (escalation->note);
  g_free (escalation);
}

static void
stroma_observation_phase_free (StromaObservationPhase *phase)
{
  g_free (phase->id);
  g_free (phase->label);
  g_free (phase->relative_to);
  g_strfreev (phase->tests);
  g_free (phase->phase);
  g_clear_pointer (&phase->days, g_array_unref);
  g_free (phase->anchor_endpoint);
  g_free (phase->after_endpoint);
  g_free (phase->until_endpoint);
  g_free (phase->source);
  g_free (phase->note);
  g_free (phase);
}

static void
stroma_endpoint_free (StromaEndpoint *endpoint)
{
  g_free (endpoint->id);
  g_free (endpoint->label);
  g_free (endpoint->definition);
  g_free (endpoint->reference);
  g_free (endpoint->group);
  g_free (endpoint->category);
  g_free (endpoint->test_code);
  g_free (endpoint->unit);
  g_free (endpoint->count_by);
  g_free (endpoint->event_day);
  g_free (endpoint->product);
  g_free (endpoint->relative_to);
  g_free (endpoint->status);
  g_free (endpoint->note);
  g_free (endpoint);
}

static void
stroma_safety_rule_free (StromaSafetyRule *rule)
{
  g_free (rule->id);
  g_free (rule->text);
  g_free (rule->source);
  g_free (rule->event);
  g_strfreev (rule->terms);
  g_free (rule->after);
  g_free (rule->action);
  g_free (rule->note);
  g_free (rule);
}

static void
stroma_safety_free (StromaSafety *safety)
{
  g_free (safety->ctcae_version);
  g_strfreev (safety->related_relationships);
  g_strfreev (safety->sae_criteria);
  g_free (safety->reporting_start);
  g_free (safety->reporting_excludes);
  g_clear_pointer (&safety->rules, g_ptr_array_unref);
  g_free (safety->source);
  g_free (safety->note);
  g_free (safety);
}

static void
stroma_care_item_free (StromaCareItem *item)
{
  g_free (item->id);
  g_free (item->agent);
  g_free (item->text);
  g_free (item->dose_unit);
  g_free (item->basis);
  g_free (item->per);
  g_free (item->route);
  g_strfreev (item->arms);
  g_free (item->source);
  g_free (item->note);
  g_free (item);
}

static void
stroma_titration_rule_free (StromaTitrationRule *rule)
{
  g_free (rule->id);
  g_free (rule->care);
  g_free (rule->test_code);
  g_free (rule->action);
  g_free (rule->source);
  g_free (rule->note);
  g_free (rule);
}

static void
stroma_statistics_free (StromaStatistics *statistics)
{
  g_free (statistics->test);
  g_free (statistics->dropout_rule);
  g_free (statistics->source);
  g_free (statistics->note);
  g_free (statistics);
}

static void
stroma_milestone_free (StromaMilestone *milestone)
{
  g_free (milestone->start);
  g_free (milestone->end);
  g_free (milestone->text);
  g_free (milestone);
}

/**
 * stroma_protocol_free:
 * @self: (nullable) (transfer full): a protocol
 *
 * Frees @self and everything it holds.
 */
void
stroma_protocol_free (StromaProtocol *self)
{
  if (self == NULL)
    return;

  g_free (self->id);
  g_free (self->version);
  g_free (self->title);
  g_free (self->short_title);
  g_free (self->design);
  g_free (self->subject_code_prefix);
  g_free (self->bsa_formula);
  g_clear_pointer (&self->arms, g_ptr_array_unref);
  g_free (self->stratify_by);
  g_strfreev (self->strata);
  g_clear_pointer (&self->block_sizes, g_array_unref);
  g_clear_pointer (&self->criteria, g_ptr_array_unref);
  g_clear_pointer (&self->regimens, g_ptr_array_unref);
  g_clear_pointer (&self->product, stroma_product_schedule_free);
  g_clear_pointer (&self->observation, g_ptr_array_unref);
  g_free (self->masking);
  g_free (self->sponsor);
  g_free (self->principal_investigator);
  g_free (self->site);
  g_free (self->time_zone);
  g_free (self->department);
  g_free (self->funding);
  g_strfreev (self->subject_identifiers);
  g_free (self->allocation_method);
  g_strfreev (self->strata_labels);
  g_clear_pointer (&self->assessments, g_ptr_array_unref);
  g_clear_pointer (&self->discontinuation, g_ptr_array_unref);
  g_clear_pointer (&self->mobilisation, stroma_mobilisation_free);
  g_clear_pointer (&self->escalation, stroma_dose_escalation_free);
  g_clear_pointer (&self->standard_care, g_ptr_array_unref);
  g_clear_pointer (&self->titration, g_ptr_array_unref);
  g_clear_pointer (&self->endpoints, g_ptr_array_unref);
  g_clear_pointer (&self->safety, stroma_safety_free);
  g_clear_pointer (&self->statistics, stroma_statistics_free);
  g_strfreev (self->primary_outcomes);
  g_strfreev (self->secondary_outcomes);
  g_strfreev (self->safety_outcomes);
  g_clear_pointer (&self->timeline, g_ptr_array_unref);
  g_clear_pointer (&self->notes, g_ptr_array_unref);
  g_free (self->note);
  g_free (self->source_json);
  g_free (self);
}

static StromaProtocol *
stroma_protocol_new (void)
{
  StromaProtocol *self = g_new0 (StromaProtocol, 1);

  self->arms = g_ptr_array_new_with_free_func ((GDestroyNotify) stroma_arm_free);
  self->block_sizes = g_array_new (FALSE, FALSE, sizeof (guint));
  self->criteria = g_ptr_array_new_with_free_func ((GDestroyNotify) stroma_criterion_free);
  self->regimens = g_ptr_array_new_with_free_func ((GDestroyNotify) stroma_regimen_free);
  self->observation =
    g_ptr_array_new_with_free_func ((GDestroyNotify) stroma_observation_phase_free);
  self->assessments = g_ptr_array_new_with_free_func ((GDestroyNotify) stroma_assessment_free);
  self->discontinuation =
    g_ptr_array_new_with_free_func ((GDestroyNotify) stroma_discontinuation_free);
  self->standard_care = g_ptr_array_new_with_free_func ((GDestroyNotify) stroma_care_item_free);
  self->titration = g_ptr_array_new_with_free_func ((GDestroyNotify) stroma_titration_rule_free);
  self->endpoints = g_ptr_array_new_with_free_func ((GDestroyNotify) stroma_endpoint_free);
  self->timeline = g_ptr_array_new_with_free_func ((GDestroyNotify) stroma_milestone_free);
  self->notes = g_ptr_array_new_with_free_func ((GDestroyNotify) stroma_note_free);

  return self;
}

/* Comparisons */

/**
 * stroma_comparison_eval:
 * @cmp: the comparison
 * @value: the observed value
 * @threshold: the value it is compared with
 *
 * Evaluates `value cmp threshold`. Values within a relative 1e-9 of @threshold count as equal,
 * so that a value converted between units (9 g/dL → 90 g/L) does not miss a boundary by a
 * rounding error. A NaN @value never satisfies a comparison.
 *
 * Returns: whether the comparison holds
 */
gboolean
stroma_comparison_eval (StromaComparison cmp,
                        double           value,
                        double           threshold)
{
  gboolean equal;

  if (isnan (value) || isnan (threshold))
    return FALSE;

  equal = fabs (value - threshold) <= 1e-9 * MAX (1.0, fabs (threshold));

  switch (cmp)
    {
    case STROMA_CMP_LT:
      return !equal && value < threshold;
    case STROMA_CMP_LE:
      return equal || value < threshold;
    case STROMA_CMP_GT:
      return !equal && value > threshold;
    case STROMA_CMP_GE:
      return equal || value > threshold;
    default:
      g_return_val_if_reached (FALSE);
    }
}

/**
 * stroma_comparison_to_string:
 * @cmp: a comparison
 *
 * Returns: (transfer none): the operator as written in a protocol file, e.g. ">="
 */
const char *
stroma_comparison_to_string (StromaComparison cmp)
{
  g_return_val_if_fail (cmp <= STROMA_CMP_GE, NULL);

  return comparisons[cmp];
}

/**
 * stroma_comparison_from_string:
 * @str: an operator: "<", "<=", ">" or ">="
 * @cmp: (out): the comparison
 *
 * Returns: %TRUE if @str is a known operator
 */
gboolean
stroma_comparison_from_string (const char       *str,
                               StromaComparison *cmp)
{
  g_return_val_if_fail (cmp != NULL, FALSE);

  if (str == NULL)
    return FALSE;

  for (guint i = 0; comparisons[i] != NULL; i++)
    {
      if (g_str_equal (str, comparisons[i]))
        {
          *cmp = (StromaComparison) i;
          return TRUE;
        }
    }

  return FALSE;
}

/* Reader: walks the JSON tree, keeps the JSON path of the value being read, and turns every
 * problem into a GError whose message starts with that path. */

typedef struct
{
  GString    *path;
  GHashTable *member_counts;  /* JsonObject* → members parsed, to spot repeated names */
  GHashTable *repeated;       /* JsonObject* → the first repeated member name */
  GPtrArray  *notes;          /* StromaNote*, borrowed from the protocol */
} Reader;

static gsize
path_push (Reader     *r,
           const char *member)
{
  gsize len = r->path->len;

  g_string_append_c (r->path, '.');
  g_string_append (r->path, member);

  return len;
}

static gsize
path_push_index (Reader *r,
                 guint   index)
{
  gsize len = r->path->len;

  g_string_append_printf (r->path, "[%u]", index);

  return len;
}

static void
path_pop (Reader *r,
          gsize   len)
{
  g_string_truncate (r->path, len);
}

static gboolean G_GNUC_PRINTF (4, 0)
vfail (Reader               *r,
       GError              **error,
       StromaProtocolError   code,
       const char           *format,
       va_list               args)
{
  g_autofree char *reason = g_strdup_vprintf (format, args);

  g_set_error (error, STROMA_PROTOCOL_ERROR, code, "%s: %s", r->path->str, reason);

  return FALSE;
}

/* Fails at the current path. Always returns FALSE. */
static gboolean G_GNUC_PRINTF (4, 5)
fail (Reader               *r,
      GError              **error,
      StromaProtocolError   code,
      const char           *format,
      ...)
{
  va_list args;

  va_start (args, format);
  vfail (r, error, code, format, args);
  va_end (args);

  return FALSE;
}

/* Fails at member @member of the current path. Always returns FALSE. */
static gboolean G_GNUC_PRINTF (5, 6)
fail_member (Reader               *r,
             GError              **error,
             const char           *member,
             StromaProtocolError   code,
             const char           *format,
             ...)
{
  va_list args;

  path_push (r, member);
  va_start (args, format);
  vfail (r, error, code, format, args);
  va_end (args);

  return FALSE;
}

/* Fails at element @index of member @member of the current path. Always returns FALSE. */
static gboolean G_GNUC_PRINTF (6, 7)
fail_element (Reader               *r,
              GError              **error,
              const char           *member,
              guint                 index,
              StromaProtocolError   code,
              const char           *format,
              ...)
{
  va_list args;

  path_push (r, member);
  path_push_index (r, index);
  va_start (args, format);
  vfail (r, error, code, format, args);
  va_end (args);

  return FALSE;
}

static void
on_object_member (G_GNUC_UNUSED JsonParser *parser,
                  JsonObject               *object,
                  const char               *member_name,
                  gpointer                  user_data)
{
  Reader *r = user_data;
  guint count = GPOINTER_TO_UINT (g_hash_table_lookup (r->member_counts, object)) + 1;

  g_hash_table_insert (r->member_counts, object, GUINT_TO_POINTER (count));

  /* A repeated name replaces the earlier value, so the object is one member short. */
  if (count > json_object_get_size (object) && !g_hash_table_contains (r->repeated, object))
    g_hash_table_insert (r->repeated, object, g_strdup (member_name));
}

static gboolean
strv_contains (const char * const *strv,
               const char         *str)
{
  return strv != NULL && str != NULL && g_strv_contains (strv, str);
}

static char *
quote_list (const char * const *allowed)
{
  GString *str = g_string_new (NULL);

  for (guint i = 0; allowed[i] != NULL; i++)
    g_string_append_printf (str, "%s“%s”", i > 0 ? ", " : "", allowed[i]);

  return g_string_free (str, FALSE);
}

static gboolean
is_identifier (const char *str)
{
  if (str == NULL || *str == '\0')
    return FALSE;

  for (const char *p = str; *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_' && *p != '.' && *p != '+')
        return FALSE;
    }

  return TRUE;
}

static gboolean
is_blank (const char *str)
{
  for (const char *p = str; *p != '\0'; p++)
    {
      if (!g_ascii_isspace (*p))
        return FALSE;
    }

  return TRUE;
}

/* Looks up @name in @obj. An absent member, or a null one, gives NULL, which is an error only
 * if @required. */
static gboolean
get_member (Reader      *r,
            JsonObject  *obj,
            const char  *name,
            gboolean     required,
            JsonNode   **out,
            GError     **error)
{
  JsonNode *node = json_object_get_member (obj, name);

  *out = NULL;

  if (node == NULL)
    {
      if (required)
        return fail_member (r, error, name, STROMA_PROTOCOL_ERROR_MISSING, _("is required"));
      return TRUE;
    }

  if (JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        return fail_member (r, error, name, STROMA_PROTOCOL_ERROR_TYPE, _("must not be null"));
      return TRUE;
    }

  *out = node;

  return TRUE;
}

static gboolean
has_member (JsonObject *obj,
            const char *name)
{
  JsonNode *node = json_object_get_member (obj, name);

  return node != NULL && !JSON_NODE_HOLDS_NULL (node);
}

static gboolean
node_is_string (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

static gboolean
node_is_number (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) &&
         (json_node_get_value_type (node) == G_TYPE_INT64 ||
          json_node_get_value_type (node) == G_TYPE_DOUBLE);
}

static gboolean
node_is_integer (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64;
}

static gboolean
read_string (Reader      *r,
             JsonObject  *obj,
             const char  *name,
             gboolean     required,
             char       **out,
             GError     **error)
{
  JsonNode *node;
  const char *str;

  if (!get_member (r, obj, name, required, &node, error))
    return FALSE;
  if (node == NULL)
    return TRUE;

  if (!node_is_string (node))
    return fail_member (r, error, name, STROMA_PROTOCOL_ERROR_TYPE, _("must be a string"));

  str = json_node_get_string (node);
  if (is_blank (str))
    return fail_member (r, error, name, STROMA_PROTOCOL_ERROR_VALUE, _("must not be empty"));

  g_free (*out);
  *out = g_strdup (str);

  return TRUE;
}

static gboolean
read_id (Reader      *r,
         JsonObject  *obj,
         const char  *name,
         gboolean     required,
         char       **out,
         GError     **error)
{
  if (!read_string (r, obj, name, required, out, error))
    return FALSE;

  if (*out != NULL && !is_identifier (*out))
    return fail_member (r, error, name, STROMA_PROTOCOL_ERROR_VALUE,
                        _("“%s” is not an identifier "
                          "(letters, digits, “-”, “_”, “.”, “+”)"),
                        *out);

  return TRUE;
}

static gboolean
read_enum (Reader              *r,
           JsonObject          *obj,
           const char          *name,
           gboolean             required,
           const char * const  *allowed,
           char               **out,
           GError             **error)
{
  if (!read_string (r, obj, name, required, out, error))
    return FALSE;

  if (*out != NULL && !strv_contains (allowed, *out))
    {
      g_autofree char *list = quote_list (allowed);

      return fail_member (r, error, name, STROMA_PROTOCOL_ERROR_VALUE,
                          _("“%s” is not one of %s"), *out, list);
    }

  return TRUE;
}

static gboolean
read_comparison (Reader            *r,
                 JsonObject        *obj,
                 const char        *name,
                 gboolean           required,
                 StromaComparison  *out,
                 GError           **error)
{
  g_autofree char *str = NULL;

  if (!read_enum (r, obj, name, required, comparisons, &str, error))
    return FALSE;

  if (str != NULL)
    stroma_comparison_from_string (str, out);

  return TRUE;
}

/* Leaves *out alone when the member is absent, so callers preset the default. */
static gboolean
read_double (Reader      *r,
             JsonObject  *obj,
             const char  *name,
             gboolean     required,
             double      *out,
             GError     **error)
{
  JsonNode *node;
  double value;

  if (!get_member (r, obj, name, required, &node, error))
    return FALSE;
  if (node == NULL)
    return TRUE;

  if (!node_is_number (node))
    return fail_member (r, error, name, STROMA_PROTOCOL_ERROR_TYPE, _("must be a number"));

  value = json_node_get_double (node);
  if (!isfinite (value))
    return fail_member (r, error, name, STROMA_PROTOCOL_ERROR_RANGE, _("must be a finite number"));

  *out = value;

  return TRUE;
}

static gboolean
read_int (Reader      *r,
          JsonObject  *obj,
          const char  *name,
          gboolean     required,
          gint         min,
          gint         max,
          gint        *out,
          GError     **error)
{
  JsonNode *node;
  gint64 value;

  if (!get_member (r, obj, name, required, &node, error))
    return FALSE;
  if (node == NULL)
    return TRUE;

  if (!node_is_integer (node))
    return fail_member (r, error, name, STROMA_PROTOCOL_ERROR_TYPE, _("must be an integer"));

  value = json_node_get_int (node);
  if (value < min || value > max)
    return fail_member (r, error, name, STROMA_PROTOCOL_ERROR_RANGE,
                        _("must be an integer from %d to %d"), min, max);

  *out = (gint) value;

  return TRUE;
}

static gboolean
read_uint (Reader      *r,
           JsonObject  *obj,
           const char  *name,
           gboolean     required,
           guint        min,
           guint        max,
           guint       *out,
           GError     **error)
{
  gint value = (gint) *out;

  g_assert (max <= G_MAXINT);

  if (!read_int (r, obj, name, required, (gint) min, (gint) max, &value, error))
    return FALSE;

  *out = (guint) value;

  return TRUE;
}

static gboolean
read_bool (Reader      *r,
           JsonObject  *obj,
           const char  *name,
           gboolean     required,
           gboolean    *out,
           GError     **error)
{
  JsonNode *node;

  if (!get_member (r, obj, name, required, &node, error))
    return FALSE;
  if (node == NULL)
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return fail_member (r, error, name, STROMA_PROTOCOL_ERROR_TYPE, _("must be true or false"));

  *out = json_node_get_boolean (node);

  return TRUE;
}

static gboolean
get_object (Reader      *r,
            JsonObject  *obj,
            const char  *name,
            gboolean     required,
            JsonObject **out,
            GError     **error)
{
  JsonNode *node;

  *out = NULL;

  if (!get_member (r, obj, name, required, &node, error))
    return FALSE;
  if (node == NULL)
    return TRUE;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return fail_member (r, error, name, STROMA_PROTOCOL_ERROR_TYPE, _("must be an object"));

  *out = json_node_get_object (node);

  return TRUE;
}

static gboolean
get_array (Reader      *r,
           JsonObject  *obj,
           const char  *name,
           gboolean     required,
           gboolean     allow_empty,
           JsonArray  **out,
           GError     **error)
{
  JsonNode *node;

  *out = NULL;

  if (!get_member (r, obj, name, required, &node, error))
    return FALSE;
  if (node == NULL)
    return TRUE;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    return fail_member (r, error, name, STROMA_PROTOCOL_ERROR_TYPE, _("must be an array"));

  *out = json_node_get_array (node);

  if (!allow_empty && json_array_get_length (*out) == 0)
    return fail_member (r, error, name, STROMA_PROTOCOL_ERROR_VALUE, _("must not be empty"));

  return TRUE;
}

/* Element @index of @array as an object; the path must end with the array's member. */
static gboolean
get_element_object (Reader      *r,
                    JsonArray   *array,
                    guint        index,
                    JsonObject **out,
                    GError     **error)
{
  JsonNode *node = json_array_get_element (array, index);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      path_push_index (r, index);
      return fail (r, error, STROMA_PROTOCOL_ERROR_TYPE, _("must be an object"));
    }

  *out = json_node_get_object (node);

  return TRUE;
}

/* An array of non-empty strings, optionally from @allowed, without repeats. */
static gboolean
read_strv (Reader              *r,
           JsonObject          *obj,
           const char          *name,
           gboolean             required,
           gboolean             allow_empty,
           const char * const  *allowed,
           GStrv               *out,
           GError             **error)
{
  g_autoptr(GStrvBuilder) builder = NULL;
  JsonArray *array;
  guint n;

  if (!get_array (r, obj, name, required, allow_empty, &array, error))
    return FALSE;
  if (array == NULL)
    return TRUE;

  builder = g_strv_builder_new ();
  n = json_array_get_length (array);

  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      const char *str;

      if (!node_is_string (node))
        return fail_element (r, error, name, i, STROMA_PROTOCOL_ERROR_TYPE, _("must be a string"));

      str = json_node_get_string (node);
      if (is_blank (str))
        return fail_element (r, error, name, i, STROMA_PROTOCOL_ERROR_VALUE,
                             _("must not be empty"));

      if (allowed != NULL && !strv_contains (allowed, str))
        {
          g_autofree char *list = quote_list (allowed);

          return fail_element (r, error, name, i, STROMA_PROTOCOL_ERROR_VALUE,
                               _("“%s” is not one of %s"), str, list);
        }

      for (guint j = 0; j < i; j++)
        {
          if (g_str_equal (str, json_array_get_string_element (array, j)))
            return fail_element (r, error, name, i, STROMA_PROTOCOL_ERROR_DUPLICATE,
                                 _("“%s” is listed twice"), str);
        }

      g_strv_builder_add (builder, str);
    }

  g_strfreev (*out);
  *out = g_strv_builder_end (builder);

  return TRUE;
}

/* An array of distinct integers in [min, max]. */
static gboolean
read_int_array (Reader      *r,
                JsonObject  *obj,
                const char  *name,
                gboolean     required,
                gint         min,
                gint         max,
                GArray     **out,
                GError     **error)
{
  g_autoptr(GArray) values = NULL;
  JsonArray *array;
  guint n;

  if (!get_array (r, obj, name, required, FALSE, &array, error))
    return FALSE;
  if (array == NULL)
    return TRUE;

  n = json_array_get_length (array);
  values = g_array_sized_new (FALSE, FALSE, sizeof (gint), n);

  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      gint64 value;
      gint day;

      if (!node_is_integer (node))
        return fail_element (r, error, name, i, STROMA_PROTOCOL_ERROR_TYPE,
                             _("must be an integer"));

      value = json_node_get_int (node);
      if (value < min || value > max)
        return fail_element (r, error, name, i, STROMA_PROTOCOL_ERROR_RANGE,
                             _("must be an integer from %d to %d"), min, max);

      day = (gint) value;
      for (guint j = 0; j < i; j++)
        {
          if (g_array_index (values, gint, j) == day)
            return fail_element (r, error, name, i, STROMA_PROTOCOL_ERROR_DUPLICATE,
                                 _("%d is listed twice"), day);
        }

      g_array_append_val (values, day);
    }

  g_clear_pointer (out, g_array_unref);
  *out = g_steal_pointer (&values);

  return TRUE;
}

static gboolean
read_notes (Reader      *r,
            JsonObject  *obj,
            GError     **error)
{
  static const char * const note_members[] = { "source", "kind", "original", "reading", NULL };
  JsonArray *array;
  guint n;
  gsize mark;

  if (!get_array (r, obj, "notes", FALSE, TRUE, &array, error))
    return FALSE;
  if (array == NULL)
    return TRUE;

  n = json_array_get_length (array);
  mark = path_push (r, "notes");

  for (guint i = 0; i < n; i++)
    {
      StromaNote *note;
      JsonObject *item;
      gsize item_mark;
      GList *members;

      if (!get_element_object (r, array, i, &item, error))
        return FALSE;

      item_mark = path_push_index (r, i);

      members = json_object_get_members (item);
      for (GList *l = members; l != NULL; l = l->next)
        {
          if (!strv_contains (note_members, l->data))
            {
              fail_member (r, error, l->data, STROMA_PROTOCOL_ERROR_UNKNOWN_MEMBER,
                           _("unknown member"));
              g_list_free (members);
              return FALSE;
            }
        }
      g_list_free (members);

      note = g_new0 (StromaNote, 1);
      g_ptr_array_add (r->notes, note);
      note->path = g_strndup (r->path->str, mark);

      if (!read_string (r, item, "source", FALSE, &note->source, error) ||
          !read_enum (r, item, "kind", FALSE, note_kinds, &note->kind, error) ||
          !read_string (r, item, "original", FALSE, &note->original, error) ||
          !read_string (r, item, "reading", TRUE, &note->reading, error))
        return FALSE;

      path_pop (r, item_mark);
    }

  path_pop (r, mark);

  return TRUE;
}

/* Rejects members not in @allowed and repeated member names, then collects "notes", which
 * every object may carry. Call first on every object, before reading its fields. */
static gboolean
check_object (Reader              *r,
              JsonObject          *obj,
              const char * const  *allowed,
              GError             **error)
{
  const char *repeated = g_hash_table_lookup (r->repeated, obj);
  GList *members;

  if (repeated != NULL)
    return fail_member (r, error, repeated, STROMA_PROTOCOL_ERROR_DUPLICATE,
                        _("occurs more than once in the object"));

  members = json_object_get_members (obj);
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;

      if (!g_str_equal (name, "notes") && !strv_contains (allowed, name))
        {
          fail_member (r, error, name, STROMA_PROTOCOL_ERROR_UNKNOWN_MEMBER, _("unknown member"));
          g_list_free (members);
          return FALSE;
        }
    }
  g_list_free (members);

  return read_notes (r, obj, error);
}

/* Records @id in @seen; fails on a repeat, naming member "id" of the current path. */
static gboolean
check_unique (Reader      *r,
              GHashTable  *seen,
              const char  *member,
              const char  *id,
              GError     **error)
{
  if (g_hash_table_contains (seen, id))
    return fail_member (r, error, member, STROMA_PROTOCOL_ERROR_DUPLICATE,
                        _("duplicate id “%s”"), id);

  g_hash_table_add (seen, (gpointer) id);

  return TRUE;
}

static gboolean
is_lab_test (const char *code)
{
  return stroma_protocol_lab_unit (code) != NULL;
}

/* A lab test code or the id of one of the protocol's assessments. */
static gboolean
is_test_or_assessment (const StromaProtocol *self,
                       const char           *name)
{
  return is_lab_test (name) || stroma_protocol_find_assessment (self, name) != NULL;
}

/* Reads "test" (a lab test code) and an optional "unit", which must be that test's canonical
 * unit. */
static gboolean
read_test_and_unit (Reader      *r,
                    JsonObject  *obj,
                    char       **test_code,
                    char       **unit,
                    GError     **error)
{
  const char *canonical;

  if (!read_string (r, obj, "test", TRUE, test_code, error))
    return FALSE;

  canonical = stroma_protocol_lab_unit (*test_code);
  if (canonical == NULL)
    return fail_member (r, error, "test", STROMA_PROTOCOL_ERROR_REFERENCE,
                        _("unknown lab test code “%s”"), *test_code);

  if (unit != NULL)
    {
      if (!read_string (r, obj, "unit", FALSE, unit, error))
        return FALSE;

      if (*unit == NULL)
        *unit = g_strdup (canonical);
      else if (!g_str_equal (*unit, canonical))
        return fail_member (r, error, "unit", STROMA_PROTOCOL_ERROR_VALUE,
                            _("must be “%s”, the canonical unit of %s"), canonical, *test_code);
    }

  return TRUE;
}

/* Reads "comparison"/"threshold" and the optional "upper_comparison"/"upper_threshold" pair of
 * an endpoint or titration rule. */
static gboolean
read_bounds (Reader            *r,
             JsonObject        *obj,
             StromaComparison  *cmp,
             double            *threshold,
             gboolean          *has_upper,
             StromaComparison  *upper_cmp,
             double            *upper_threshold,
             GError           **error)
{
  if (!read_comparison (r, obj, "comparison", TRUE, cmp, error) ||
      !read_double (r, obj, "threshold", TRUE, threshold, error))
    return FALSE;

  if (*threshold < 0)
    return fail_member (r, error, "threshold", STROMA_PROTOCOL_ERROR_RANGE,
                        _("must not be negative"));

  *has_upper = has_member (obj, "upper_comparison") || has_member (obj, "upper_threshold");
  if (!*has_upper)
    return TRUE;

  if (!read_comparison (r, obj, "upper_comparison", TRUE, upper_cmp, error) ||
      !read_double (r, obj, "upper_threshold", TRUE, upper_threshold, error))
    return FALSE;

  if (*cmp != STROMA_CMP_GT && *cmp != STROMA_CMP_GE)
    return fail_member (r, error, "comparison", STROMA_PROTOCOL_ERROR_VALUE,
                        _("must be “>” or “>=” when an upper bound is given"));

  if (*upper_cmp != STROMA_CMP_LT && *upper_cmp != STROMA_CMP_LE)
    return fail_member (r, error, "upper_comparison", STROMA_PROTOCOL_ERROR_VALUE,
                        _("must be “<” or “<=”"));

  if (!(*upper_threshold > *threshold))
    return fail_member (r, error, "upper_threshold", STROMA_PROTOCOL_ERROR_RANGE,
                        _("must be greater than “threshold” (%g)"), *threshold);

  return TRUE;
}

/* Sections */

static gboolean
parse_arm (Reader      *r,
           JsonObject  *obj,
           StromaArm   *arm,
           GError     **error)
{
  static const char * const members[] = {
    "id", "label", "ratio", "receives_product", "target", "note", NULL
  };

  if (!check_object (r, obj, members, error) ||
      !read_id (r, obj, "id", TRUE, &arm->id, error) ||
      !read_string (r, obj, "label", TRUE, &arm->label, error) ||
      !read_double (r, obj, "ratio", TRUE, &arm->ratio, error))
    return FALSE;

  if (!(arm->ratio > 0))
    return fail_member (r, error, "ratio", STROMA_PROTOCOL_ERROR_RANGE,
                        _("must be a positive number"));

  return read_bool (r, obj, "receives_product", TRUE, &arm->receives_product, error) &&
         read_uint (r, obj, "target", FALSE, 0, 100000, &arm->target, error) &&
         read_string (r, obj, "note", FALSE, &arm->note, error);
}

static gboolean
parse_allocation (Reader          *r,
                  JsonObject      *obj,
                  StromaProtocol  *self,
                  GError         **error)
{
  static const char * const members[] = {
    "method", "arms", "stratify_by", "strata", "block_sizes", "target_total", "source", "note",
    NULL
  };
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  gboolean blocks;
  JsonArray *array;
  double ratio_sum = 0;
  guint target_sum = 0;
  gboolean all_targets = TRUE;
  gsize mark;

  if (!check_object (r, obj, members, error) ||
      !read_enum (r, obj, "method", TRUE, allocation_methods, &self->allocation_method, error))
    return FALSE;

  blocks = !g_str_equal (self->allocation_method, "cohort");

  /* Arms */
  if (!get_array (r, obj, "arms", TRUE, FALSE, &array, error))
    return FALSE;

  mark = path_push (r, "arms");
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      StromaArm *arm = g_new0 (StromaArm, 1);
      JsonObject *item;
      gsize item_mark;

      g_ptr_array_add (self->arms, arm);

      if (!get_element_object (r, array, i, &item, error))
        return FALSE;

      item_mark = path_push_index (r, i);
      if (!parse_arm (r, item, arm, error) ||
          !check_unique (r, seen, "id", arm->id, error))
        return FALSE;

      if (blocks && arm->ratio != floor (arm->ratio))
        return fail_member (r, error, "ratio", STROMA_PROTOCOL_ERROR_RANGE,
                            _("must be a whole number for block randomization"));

      ratio_sum += arm->ratio;
      target_sum += arm->target;
      all_targets = all_targets && arm->target > 0;
      path_pop (r, item_mark);
    }
  path_pop (r, mark);

  if (g_str_equal (self->design, "randomized-controlled") && self->arms->len < 2)
    return fail_member (r, error, "arms", STROMA_PROTOCOL_ERROR_RANGE,
                        _("a randomized design needs at least two arms"));

  if (g_str_equal (self->design, "single-arm") && self->arms->len != 1)
    return fail_member (r, error, "arms", STROMA_PROTOCOL_ERROR_RANGE,
                        _("a single-arm design needs exactly one arm"));

  /* Strata */
  if (!read_id (r, obj, "stratify_by", FALSE, &self->stratify_by, error) ||
      !get_array (r, obj, "strata", FALSE, FALSE, &array, error))
    return FALSE;

  if (array != NULL)
    {
      g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();
      g_autoptr(GStrvBuilder) labels = g_strv_builder_new ();
      g_autoptr(GHashTable) strata_seen = g_hash_table_new_full (g_str_hash, g_str_equal,
                                                                 g_free, NULL);

      if (self->stratify_by == NULL)
        return fail_member (r, error, "stratify_by", STROMA_PROTOCOL_ERROR_MISSING,
                            _("is required with “strata”"));

      mark = path_push (r, "strata");
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          static const char * const stratum_members[] = { "id", "label", NULL };
          g_autofree char *id = NULL;
          g_autofree char *label = NULL;
          JsonObject *item;
          gsize item_mark;

          if (!get_element_object (r, array, i, &item, error))
            return FALSE;

          item_mark = path_push_index (r, i);
          if (!check_object (r, item, stratum_members, error) ||
              !read_id (r, item, "id", TRUE, &id, error) ||
              !read_string (r, item, "label", TRUE, &label, error))
            return FALSE;

          if (g_hash_table_contains (strata_seen, id))
            return fail_member (r, error, "id", STROMA_PROTOCOL_ERROR_DUPLICATE,
                                _("duplicate id “%s”"), id);
          g_hash_table_add (strata_seen, g_strdup (id));

          g_strv_builder_add (ids, id);
          g_strv_builder_add (labels, label);
          path_pop (r, item_mark);
        }
      path_pop (r, mark);

      self->strata = g_strv_builder_end (ids);
      self->strata_labels = g_strv_builder_end (labels);
    }
  else if (self->stratify_by != NULL)
    {
      return fail_member (r, error, "strata", STROMA_PROTOCOL_ERROR_MISSING,
                          _("is required with “stratify_by”"));
    }

  if (g_str_equal (self->allocation_method, "stratified-blocks") && self->strata == NULL)
    return fail_member (r, error, "strata", STROMA_PROTOCOL_ERROR_MISSING,
                        _("is required for stratified block randomization"));

  /* Blocks */
  if (!get_array (r, obj, "block_sizes", blocks, FALSE, &array, error))
    return FALSE;

  if (array != NULL && !blocks)
    return fail_member (r, error, "block_sizes", STROMA_PROTOCOL_ERROR_VALUE,
                        _("is only used with block randomization"));

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      gint64 size;
      guint value;

      if (!node_is_integer (node))
        return fail_element (r, error, "block_sizes", i, STROMA_PROTOCOL_ERROR_TYPE,
                             _("must be an integer"));

      size = json_node_get_int (node);
      if (size <= 0 || size > 1000)
        return fail_element (r, error, "block_sizes", i, STROMA_PROTOCOL_ERROR_RANGE,
                             _("must be an integer from %d to %d"), 1, 1000);

      if (fmod ((double) size, ratio_sum) != 0)
        return fail_element (r, error, "block_sizes", i, STROMA_PROTOCOL_ERROR_RANGE,
                             _("must be a multiple of %g, the sum of the arm ratios"), ratio_sum);

      for (guint j = 0; j < self->block_sizes->len; j++)
        {
          if (g_array_index (self->block_sizes, guint, j) == size)
            return fail_element (r, error, "block_sizes", i, STROMA_PROTOCOL_ERROR_DUPLICATE,
                                 _("%d is listed twice"), (gint) size);
        }

      value = (guint) size;
      g_array_append_val (self->block_sizes, value);
    }

  /* Targets */
  if (!read_uint (r, obj, "target_total", FALSE, 0, 1000000, &self->target_total, error))
    return FALSE;

  if (self->target_total > 0 && all_targets && target_sum != self->target_total)
    return fail_member (r, error, "target_total", STROMA_PROTOCOL_ERROR_RANGE,
                        _("must equal the sum of the arm targets (%u)"), target_sum);

  return TRUE;
}

static gboolean
parse_assessments (Reader          *r,
                   JsonArray       *array,
                   StromaProtocol  *self,
                   GError         **error)
{
  static const char * const members[] = { "id", "label", "tests", NULL };
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      StromaAssessment *assessment = g_new0 (StromaAssessment, 1);
      JsonObject *item;
      gsize mark;

      g_ptr_array_add (self->assessments, assessment);

      if (!get_element_object (r, array, i, &item, error))
        return FALSE;

      mark = path_push_index (r, i);
      if (!check_object (r, item, members, error) ||
          !read_id (r, item, "id", TRUE, &assessment->id, error) ||
          !check_unique (r, seen, "id", assessment->id, error) ||
          !read_string (r, item, "label", TRUE, &assessment->label, error) ||
          !read_strv (r, item, "tests", TRUE, TRUE, NULL, &assessment->tests, error))
        return FALSE;

      if (is_lab_test (assessment->id))
        return fail_member (r, error, "id", STROMA_PROTOCOL_ERROR_DUPLICATE,
                            _("“%s” is a lab test code"), assessment->id);

      for (guint j = 0; assessment->tests[j] != NULL; j++)
        {
          if (!is_lab_test (assessment->tests[j]))
            return fail_element (r, error, "tests", j, STROMA_PROTOCOL_ERROR_REFERENCE,
                                 _("unknown lab test code “%s”"), assessment->tests[j]);
        }

      path_pop (r, mark);
    }

  return TRUE;
}

static gboolean
find_criterion_field (const char *field,
                      double     *lo,
                      double     *hi)
{
  for (guint i = 0; i < G_N_ELEMENTS (criterion_fields); i++)
    {
      if (g_str_equal (field, criterion_fields[i].name))
        {
          *lo = criterion_fields[i].lo;
          *hi = criterion_fields[i].hi;
          return TRUE;
        }
    }

  return FALSE;
}

static gboolean
parse_rule (Reader           *r,
            JsonObject       *obj,
            StromaCriterion  *criterion,
            GError          **error)
{
  static const char * const members[] = {
    "field", "min", "min_inclusive", "max", "max_inclusive", "unit", "relative_to_uln", NULL
  };
  const char *canonical;
  gboolean has_min, has_max;
  double lo = 0;
  double hi = 0;

  if (!check_object (r, obj, members, error) ||
      !read_string (r, obj, "field", TRUE, &criterion->field, error))
    return FALSE;

  canonical = stroma_protocol_lab_unit (criterion->field);
  if (canonical == NULL && !find_criterion_field (criterion->field, &lo, &hi))
    return fail_member (r, error, "field", STROMA_PROTOCOL_ERROR_REFERENCE,
                        _("unknown field “%s”; expected a lab test code or one of “age”, "
                          "“kps”, “ecog”, “life_expectancy_months”, “measurable_lesions”"),
                        criterion->field);

  has_min = has_member (obj, "min");
  has_max = has_member (obj, "max");
  if (!has_min && !has_max)
    return fail (r, error, STROMA_PROTOCOL_ERROR_MISSING, _("needs “min” or “max”"));

  if (!read_double (r, obj, "min", FALSE, &criterion->min, error) ||
      !read_double (r, obj, "max", FALSE, &criterion->max, error) ||
      !read_bool (r, obj, "relative_to_uln", FALSE, &criterion->relative_to_uln, error) ||
      !read_string (r, obj, "unit", FALSE, &criterion->unit, error))
    return FALSE;

  /* The operator is never implied: > and >= differ at the boundary. */
  if (has_min && !read_bool (r, obj, "min_inclusive", TRUE, &criterion->min_inclusive, error))
    return FALSE;
  if (!has_min && has_member (obj, "min_inclusive"))
    return fail_member (r, error, "min_inclusive", STROMA_PROTOCOL_ERROR_VALUE,
                        _("is only meaningful with “min”"));
  if (has_max && !read_bool (r, obj, "max_inclusive", TRUE, &criterion->max_inclusive, error))
    return FALSE;
  if (!has_max && has_member (obj, "max_inclusive"))
    return fail_member (r, error, "max_inclusive", STROMA_PROTOCOL_ERROR_VALUE,
                        _("is only meaningful with “max”"));

  if (criterion->relative_to_uln)
    {
      if (canonical == NULL)
        return fail_member (r, error, "relative_to_uln", STROMA_PROTOCOL_ERROR_VALUE,
                            _("is only meaningful for a lab test"));
      if (has_min && !(criterion->min > 0))
        return fail_member (r, error, "min", STROMA_PROTOCOL_ERROR_RANGE,
                            _("must be a positive multiple of the upper limit of normal"));
      if (has_max && !(criterion->max > 0))
        return fail_member (r, error, "max", STROMA_PROTOCOL_ERROR_RANGE,
                            _("must be a positive multiple of the upper limit of normal"));
    }
  else if (canonical != NULL)
    {
      if (has_min && criterion->min < 0)
        return fail_member (r, error, "min", STROMA_PROTOCOL_ERROR_RANGE,
                            _("must not be negative"));
      if (has_max && criterion->max < 0)
        return fail_member (r, error, "max", STROMA_PROTOCOL_ERROR_RANGE,
                            _("must not be negative"));
    }
  else
    {
      if (has_min && (criterion->min < lo || criterion->min > hi))
        return fail_member (r, error, "min", STROMA_PROTOCOL_ERROR_RANGE,
                            _("must be between %g and %g"), lo, hi);
      if (has_max && (criterion->max < lo || criterion->max > hi))
        return fail_member (r, error, "max", STROMA_PROTOCOL_ERROR_RANGE,
                            _("must be between %g and %g"), lo, hi);
    }

  if (has_min && has_max &&
      (criterion->min > criterion->max ||
       (criterion->min == criterion->max &&
        !(criterion->min_inclusive && criterion->max_inclusive))))
    return fail_member (r, error, "max", STROMA_PROTOCOL_ERROR_RANGE,
                        _("leaves no value between “min” and “max”"));

  if (canonical != NULL)
    {
      if (criterion->unit == NULL)
        return fail_member (r, error, "unit", STROMA_PROTOCOL_ERROR_MISSING,
                            _("is required for a lab test"));
      if (!g_str_equal (criterion->unit, canonical))
        return fail_member (r, error, "unit", STROMA_PROTOCOL_ERROR_VALUE,
                            _("must be “%s”, the canonical unit of %s"),
                            canonical, criterion->field);
    }

  criterion->has_rule = TRUE;

  return TRUE;
}

static gboolean
parse_eligibility (Reader          *r,
                   JsonArray       *array,
                   StromaProtocol  *self,
                   GError         **error)
{
  static const char * const members[] = { "id", "kind", "text", "source", "rule", "note", NULL };
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      StromaCriterion *criterion = g_new0 (StromaCriterion, 1);
      JsonObject *item;
      JsonObject *rule;
      gsize mark;

      criterion->min = NAN;
      criterion->max = NAN;
      g_ptr_array_add (self->criteria, criterion);

      if (!get_element_object (r, array, i, &item, error))
        return FALSE;

      mark = path_push_index (r, i);
      if (!check_object (r, item, members, error) ||
          !read_id (r, item, "id", TRUE, &criterion->id, error) ||
          !check_unique (r, seen, "id", criterion->id, error) ||
          !read_enum (r, item, "kind", TRUE, criterion_kinds, &criterion->kind, error) ||
          !read_string (r, item, "text", TRUE, &criterion->text, error) ||
          !read_string (r, item, "source", FALSE, &criterion->source, error) ||
          !read_string (r, item, "note", FALSE, &criterion->note, error) ||
          !get_object (r, item, "rule", FALSE, &rule, error))
        return FALSE;

      if (rule != NULL)
        {
          gsize rule_mark = path_push (r, "rule");

          if (!parse_rule (r, rule, criterion, error))
            return FALSE;
          path_pop (r, rule_mark);
        }

      path_pop (r, mark);
    }

  return TRUE;
}

static gboolean
parse_discontinuation (Reader          *r,
                       JsonArray       *array,
                       StromaProtocol  *self,
                       GError         **error)
{
  static const char * const members[] = { "id", "kind", "text", "source", "note", NULL };
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      StromaDiscontinuation *item = g_new0 (StromaDiscontinuation, 1);
      JsonObject *obj;
      gsize mark;

      g_ptr_array_add (self->discontinuation, item);

      if (!get_element_object (r, array, i, &obj, error))
        return FALSE;

      mark = path_push_index (r, i);
      if (!check_object (r, obj, members, error) ||
          !read_id (r, obj, "id", TRUE, &item->id, error) ||
          !check_unique (r, seen, "id", item->id, error) ||
          !read_enum (r, obj, "kind", TRUE, discontinuation_kinds, &item->kind, error) ||
          !read_string (r, obj, "text", TRUE, &item->text, error) ||
          !read_string (r, obj, "source", FALSE, &item->source, error) ||
          !read_string (r, obj, "note", FALSE, &item->note, error))
        return FALSE;

      path_pop (r, mark);
    }

  return TRUE;
}

/* One agent of a conditioning regimen (days < 0) or of mobilisation (days ≥ 1). */
static gboolean
parse_agent (Reader              *r,
             JsonObject          *obj,
             gboolean             conditioning,
             StromaRegimenAgent  *agent,
             GError             **error)
{
  static const char * const members[] = {
    "agent", "text", "dose", "dose_unit", "basis", "per", "doses_per_day", "days", "route",
    "optional", "note", NULL
  };
  JsonArray *days;

  agent->doses_per_day = 1;

  if (!check_object (r, obj, members, error) ||
      !read_string (r, obj, "agent", TRUE, &agent->agent, error) ||
      !read_string (r, obj, "text", FALSE, &agent->text, error) ||
      !read_double (r, obj, "dose", TRUE, &agent->dose, error))
    return FALSE;

  if (!(agent->dose > 0))
    return fail_member (r, error, "dose", STROMA_PROTOCOL_ERROR_RANGE,
                        _("must be a positive number"));

  if (!read_enum (r, obj, "dose_unit", TRUE, regimen_dose_units, &agent->dose_unit, error) ||
      !read_enum (r, obj, "basis", TRUE, bases, &agent->basis, error) ||
      !read_enum (r, obj, "per", TRUE, pers, &agent->per, error) ||
      !read_uint (r, obj, "doses_per_day", FALSE, 1, 24, &agent->doses_per_day, error) ||
      !read_enum (r, obj, "route", FALSE, routes, &agent->route, error) ||
      !read_bool (r, obj, "optional", FALSE, &agent->optional, error) ||
      !read_string (r, obj, "note", FALSE, &agent->note, error))
    return FALSE;

  /* Read the days by hand to say which side of day 0 they must be on. */
  if (!get_array (r, obj, "days", TRUE, FALSE, &days, error))
    return FALSE;

  for (guint i = 0; i < json_array_get_length (days); i++)
    {
      JsonNode *node = json_array_get_element (days, i);
      gint64 day;

      if (!node_is_integer (node))
        return fail_element (r, error, "days", i, STROMA_PROTOCOL_ERROR_TYPE,
                             _("must be an integer"));

      day = json_node_get_int (node);
      if (conditioning && (day >= 0 || day < -60))
        return fail_element (r, error, "days", i, STROMA_PROTOCOL_ERROR_RANGE,
                             _("must be a day before day 0, from −60 to −1"));
      if (!conditioning && (day < 1 || day > 60))
        return fail_element (r, error, "days", i, STROMA_PROTOCOL_ERROR_RANGE,
                             _("must be a mobilisation day from 1 to 60"));
    }

  return read_int_array (r, obj, "days", TRUE, G_MININT, G_MAXINT, &agent->days, error);
}

static gboolean
parse_agents (Reader      *r,
              JsonObject  *obj,
              gboolean     conditioning,
              GPtrArray   *agents,
              GError     **error)
{
  JsonArray *array;
  gsize mark;

  if (!get_array (r, obj, "agents", TRUE, FALSE, &array, error))
    return FALSE;

  mark = path_push (r, "agents");
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      StromaRegimenAgent *agent = g_new0 (StromaRegimenAgent, 1);
      JsonObject *item;
      gsize item_mark;

      g_ptr_array_add (agents, agent);

      if (!get_element_object (r, array, i, &item, error))
        return FALSE;

      item_mark = path_push_index (r, i);
      if (!parse_agent (r, item, conditioning, agent, error))
        return FALSE;
      path_pop (r, item_mark);
    }
  path_pop (r, mark);

  return TRUE;
}

static gboolean
parse_regimens (Reader          *r,
                JsonArray       *array,
                StromaProtocol  *self,
                GError         **error)
{
  static const char * const members[] = {
    "id", "label", "text", "source", "donor_types", "layout_status", "note", "agents", NULL
  };
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) covered = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      StromaRegimen *regimen = g_new0 (StromaRegimen, 1);
      JsonObject *item;
      gsize mark;

      regimen->agents = g_ptr_array_new_with_free_func ((GDestroyNotify) stroma_regimen_agent_free);
      g_ptr_array_add (self->regimens, regimen);

      if (!get_element_object (r, array, i, &item, error))
        return FALSE;

      mark = path_push_index (r, i);
      if (!check_object (r, item, members, error) ||
          !read_id (r, item, "id", TRUE, &regimen->id, error) ||
          !check_unique (r, seen, "id", regimen->id, error) ||
          !read_string (r, item, "label", TRUE, &regimen->label, error) ||
          !read_string (r, item, "text", FALSE, &regimen->text, error) ||
          !read_string (r, item, "source", FALSE, &regimen->source, error) ||
          !read_strv (r, item, "donor_types", TRUE, FALSE, NULL, &regimen->donor_types, error) ||
          !read_enum (r, item, "layout_status", TRUE, layout_statuses, &regimen->layout_status,
                      error) ||
          !read_string (r, item, "note", FALSE, &regimen->note, error))
        return FALSE;

      /* A regimen is chosen by the subject's donor type, which is a stratum. */
      for (guint j = 0; regimen->donor_types[j] != NULL; j++)
        {
          const char *donor_type = regimen->donor_types[j];

          if (!strv_contains ((const char * const *) self->strata, donor_type))
            return fail_element (r, error, "donor_types", j, STROMA_PROTOCOL_ERROR_REFERENCE,
                                 _("“%s” is not a stratum in $.allocation.strata"), donor_type);

          if (g_hash_table_contains (covered, donor_type))
            return fail_element (r, error, "donor_types", j, STROMA_PROTOCOL_ERROR_DUPLICATE,
                                 _("“%s” already has a regimen"), donor_type);

          g_hash_table_add (covered, (gpointer) donor_type);
        }

      if (!parse_agents (r, item, TRUE, regimen->agents, error))
        return FALSE;

      path_pop (r, mark);
    }

  return TRUE;
}

static gboolean
parse_mobilisation (Reader          *r,
                    JsonObject      *obj,
                    StromaProtocol  *self,
                    GError         **error)
{
  static const char * const members[] = {
    "recipient", "source", "text", "note", "agents", "collections", NULL
  };
  static const char * const collection_members[] = { "product", "day", "text", NULL };
  StromaMobilisation *mobilisation = g_new0 (StromaMobilisation, 1);
  JsonArray *array;
  gsize mark;

  mobilisation->agents =
    g_ptr_array_new_with_free_func ((GDestroyNotify) stroma_regimen_agent_free);
  mobilisation->collections =
    g_ptr_array_new_with_free_func ((GDestroyNotify) stroma_collection_free);
  self->mobilisation = mobilisation;

  if (!check_object (r, obj, members, error) ||
      !read_enum (r, obj, "recipient", FALSE, recipients, &mobilisation->recipient, error) ||
      !read_string (r, obj, "source", FALSE, &mobilisation->source, error) ||
      !read_string (r, obj, "text", FALSE, &mobilisation->text, error) ||
      !read_string (r, obj, "note", FALSE, &mobilisation->note, error) ||
      !parse_agents (r, obj, FALSE, mobilisation->agents, error) ||
      !get_array (r, obj, "collections", FALSE, TRUE, &array, error))
    return FALSE;

  if (mobilisation->recipient == NULL)
    mobilisation->recipient = g_strdup ("donor");

  mark = path_push (r, "collections");
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      StromaCollection *collection = g_new0 (StromaCollection, 1);
      JsonObject *item;
      gsize item_mark;

      g_ptr_array_add (mobilisation->collections, collection);

      if (!get_element_object (r, array, i, &item, error))
        return FALSE;

      item_mark = path_push_index (r, i);
      if (!check_object (r, item, collection_members, error) ||
          !read_enum (r, item, "product", TRUE, collection_products, &collection->product,
                      error) ||
          !read_int (r, item, "day", TRUE, 1, 60, &collection->day, error) ||
          !read_string (r, item, "text", FALSE, &collection->text, error))
        return FALSE;
      path_pop (r, item_mark);
    }
  path_pop (r, mark);

  return TRUE;
}

static gboolean
parse_product (Reader          *r,
               JsonObject      *obj,
               StromaProtocol  *self,
               GError         **error)
{
  static const char * const members[] = {
    "name", "description", "manufacturer", "source", "route", "dose_per_kg", "dose_levels",
    "dose_levels_status", "n_doses", "interval_days", "relative_to", "window_before_days",
    "window_after_days", "window_status", "delay_rule", "weight_basis",
    "dose_deviation_threshold", "note", NULL
  };
  StromaProductSchedule *product = g_new0 (StromaProductSchedule, 1);
  gboolean has_dose, has_levels;
  JsonArray *levels;

  product->dose_per_kg = NAN;
  product->dose_deviation_threshold = 0.05;
  self->product = product;

  if (!check_object (r, obj, members, error) ||
      !read_string (r, obj, "name", TRUE, &product->name, error) ||
      !read_string (r, obj, "description", FALSE, &product->description, error) ||
      !read_string (r, obj, "manufacturer", FALSE, &product->manufacturer, error) ||
      !read_string (r, obj, "source", FALSE, &product->source, error) ||
      !read_enum (r, obj, "route", FALSE, routes, &product->route, error) ||
      !read_string (r, obj, "note", FALSE, &product->note, error))
    return FALSE;

  has_dose = has_member (obj, "dose_per_kg");
  has_levels = has_member (obj, "dose_levels");

  if (!has_dose && !has_levels)
    return fail (r, error, STROMA_PROTOCOL_ERROR_MISSING,
                 _("needs “dose_per_kg” or “dose_levels”"));
  if (has_dose && has_levels)
    return fail_member (r, error, "dose_levels", STROMA_PROTOCOL_ERROR_VALUE,
                        _("cannot be given together with “dose_per_kg”"));

  if (has_dose)
    {
      if (!read_double (r, obj, "dose_per_kg", TRUE, &product->dose_per_kg, error))
        return FALSE;
      if (!(product->dose_per_kg > 0))
        return fail_member (r, error, "dose_per_kg", STROMA_PROTOCOL_ERROR_RANGE,
                            _("must be a positive number"));
      if (has_member (obj, "dose_levels_status"))
        return fail_member (r, error, "dose_levels_status", STROMA_PROTOCOL_ERROR_VALUE,
                            _("is only meaningful with “dose_levels”"));
    }
  else
    {
      if (!get_array (r, obj, "dose_levels", TRUE, FALSE, &levels, error))
        return FALSE;

      product->dose_levels = g_array_new (FALSE, FALSE, sizeof (double));
      for (guint i = 0; i < json_array_get_length (levels); i++)
        {
          JsonNode *node = json_array_get_element (levels, i);
          double level;

          if (!node_is_number (node))
            return fail_element (r, error, "dose_levels", i, STROMA_PROTOCOL_ERROR_TYPE,
                                 _("must be a number"));

          level = json_node_get_double (node);
          if (!(level > 0) || !isfinite (level))
            return fail_element (r, error, "dose_levels", i, STROMA_PROTOCOL_ERROR_RANGE,
                                 _("must be a positive number"));
          if (i > 0 && !(level > g_array_index (product->dose_levels, double, i - 1)))
            return fail_element (r, error, "dose_levels", i, STROMA_PROTOCOL_ERROR_RANGE,
                                 _("must be greater than the previous level"));

          g_array_append_val (product->dose_levels, level);
        }

      if (!read_enum (r, obj, "dose_levels_status", FALSE, level_statuses,
                      &product->dose_levels_status, error))
        return FALSE;
      if (product->dose_levels_status == NULL)
        product->dose_levels_status = g_strdup ("protocol");
    }

  if (!read_uint (r, obj, "n_doses", TRUE, 0, 1000, &product->n_doses, error) ||
      !read_uint (r, obj, "interval_days", TRUE, 1, 3650, &product->interval_days, error) ||
      !read_enum (r, obj, "relative_to", TRUE, product_anchors, &product->relative_to, error) ||
      !read_int (r, obj, "window_before_days", FALSE, 0, 365, &product->window_before_days,
                 error) ||
      !read_int (r, obj, "window_after_days", FALSE, 0, 365, &product->window_after_days,
                 error) ||
      !read_enum (r, obj, "window_status", FALSE, value_statuses, &product->window_status,
                  error) ||
      !read_enum (r, obj, "delay_rule", TRUE, delay_rules, &product->delay_rule, error) ||
      !read_enum (r, obj, "weight_basis", FALSE, weight_bases, &product->weight_basis, error) ||
      !read_double (r, obj, "dose_deviation_threshold", FALSE,
                    &product->dose_deviation_threshold, error))
    return FALSE;

  /* Windows of successive doses must not overlap, or a dose could count for two. */
  if (product->n_doses != 1 &&
      (guint) (product->window_before_days + product->window_after_days) >= product->interval_days)
    return fail_member (r, error, "window_after_days", STROMA_PROTOCOL_ERROR_RANGE,
                        _("the windows before and after a dose (%d + %d days) must be shorter "
                          "than the interval (%u days)"),
                        product->window_before_days, product->window_after_days,
                        product->interval_days);

  if (product->dose_deviation_threshold < 0 || product->dose_deviation_threshold >= 1)
    return fail_member (r, error, "dose_deviation_threshold", STROMA_PROTOCOL_ERROR_RANGE,
                        _("must be a fraction from 0 up to 1"));

  if (product->window_status == NULL)
    product->window_status = g_strdup ("protocol");
  if (product->weight_basis == NULL)
    product->weight_basis = g_strdup ("actual");

  return TRUE;
}

static gboolean
parse_escalation (Reader          *r,
                  JsonObject      *obj,
                  StromaProtocol  *self,
                  GError         **error)
{
  static const char * const members[] = {
    "rule", "cohort_size", "escalate_max_dlt", "expand_max_dlt", "expansion_size",
    "expanded_escalate_max_dlt", "dlt_window_days", "start_level", "source", "note", NULL
  };
  StromaDoseEscalation *escalation = g_new0 (StromaDoseEscalation, 1);

  escalation->start_level = 1;
  self->escalation = escalation;

  if (!check_object (r, obj, members, error) ||
      !read_enum (r, obj, "rule", TRUE, escalation_rules, &escalation->rule, error) ||
      !read_uint (r, obj, "cohort_size", TRUE, 1, 100, &escalation->cohort_size, error) ||
      !read_uint (r, obj, "escalate_max_dlt", TRUE, 0, 100, &escalation->escalate_max_dlt,
                  error) ||
      !read_uint (r, obj, "expand_max_dlt", TRUE, 0, 100, &escalation->expand_max_dlt, error) ||
      !read_uint (r, obj, "expansion_size", TRUE, 0, 100, &escalation->expansion_size, error) ||
      !read_uint (r, obj, "expanded_escalate_max_dlt", TRUE, 0, 200,
                  &escalation->expanded_escalate_max_dlt, error) ||
      !read_uint (r, obj, "dlt_window_days", FALSE, 0, 365, &escalation->dlt_window_days,
                  error) ||
      !read_uint (r, obj, "start_level", FALSE, 1, 100, &escalation->start_level, error) ||
      !read_string (r, obj, "source", FALSE, &escalation->source, error) ||
      !read_string (r, obj, "note", FALSE, &escalation->note, error))
    return FALSE;

  if (escalation->escalate_max_dlt >= escalation->cohort_size)
    return fail_member (r, error, "escalate_max_dlt", STROMA_PROTOCOL_ERROR_RANGE,
                        _("must be less than “cohort_size” (%u)"), escalation->cohort_size);

  if (escalation->expand_max_dlt < escalation->escalate_max_dlt ||
      escalation->expand_max_dlt >= escalation->cohort_size)
    return fail_member (r, error, "expand_max_dlt", STROMA_PROTOCOL_ERROR_RANGE,
                        _("must be from “escalate_max_dlt” (%u) "
                          "to below “cohort_size” (%u)"),
                        escalation->escalate_max_dlt, escalation->cohort_size);

  if (escalation->expand_max_dlt > escalation->escalate_max_dlt && escalation->expansion_size == 0)
    return fail_member (r, error, "expansion_size", STROMA_PROTOCOL_ERROR_RANGE,
                        _("must be positive when cohorts are expanded"));

  if (escalation->expanded_escalate_max_dlt >= escalation->cohort_size + escalation->expansion_size)
    return fail_member (r, error, "expanded_escalate_max_dlt", STROMA_PROTOCOL_ERROR_RANGE,
                        _("must be less than the expanded cohort (%u)"),
                        escalation->cohort_size + escalation->expansion_size);

  return TRUE;
}

static gboolean
parse_standard_care (Reader          *r,
                     JsonArray       *array,
                     StromaProtocol  *self,
                     GError         **error)
{
  static const char * const members[] = {
    "id", "agent", "text", "source", "dose_min", "dose_max", "dose_unit", "basis", "per",
    "route", "arms", "max_level", "note", NULL
  };
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      StromaCareItem *item = g_new0 (StromaCareItem, 1);
      gboolean has_dose;
      JsonObject *obj;
      gsize mark;

      item->dose_min = NAN;
      item->dose_max = NAN;
      g_ptr_array_add (self->standard_care, item);

      if (!get_element_object (r, array, i, &obj, error))
        return FALSE;

      mark = path_push_index (r, i);
      if (!check_object (r, obj, members, error) ||
          !read_id (r, obj, "id", TRUE, &item->id, error) ||
          !check_unique (r, seen, "id", item->id, error) ||
          !read_string (r, obj, "agent", TRUE, &item->agent, error) ||
          !read_string (r, obj, "text", FALSE, &item->text, error) ||
          !read_string (r, obj, "source", FALSE, &item->source, error) ||
          !read_string (r, obj, "note", FALSE, &item->note, error) ||
          !read_enum (r, obj, "route", FALSE, routes, &item->route, error) ||
          !read_uint (r, obj, "max_level", FALSE, 1, 100, &item->max_level, error))
        return FALSE;

      has_dose = has_member (obj, "dose_min") || has_member (obj, "dose_max");
      if (has_dose)
        {
          if (!read_double (r, obj, "dose_min", TRUE, &item->dose_min, error) ||
              !read_double (r, obj, "dose_max", TRUE, &item->dose_max, error) ||
              !read_enum (r, obj, "dose_unit", TRUE, care_dose_units, &item->dose_unit, error) ||
              !read_enum (r, obj, "basis", TRUE, bases, &item->basis, error) ||
              !read_enum (r, obj, "per", TRUE, pers, &item->per, error))
            return FALSE;

          if (!(item->dose_min > 0))
            return fail_member (r, error, "dose_min", STROMA_PROTOCOL_ERROR_RANGE,
                                _("must be a positive number"));
          if (item->dose_max < item->dose_min)
            return fail_member (r, error, "dose_max", STROMA_PROTOCOL_ERROR_RANGE,
                                _("must not be less than “dose_min”"));
        }
      else
        {
          static const char * const dose_members[] = { "dose_unit", "basis", "per", NULL };

          for (guint j = 0; dose_members[j] != NULL; j++)
            {
              if (has_member (obj, dose_members[j]))
                return fail_member (r, error, dose_members[j], STROMA_PROTOCOL_ERROR_VALUE,
                                    _("is only meaningful with “dose_min” and “dose_max”"));
            }
        }

      if (has_member (obj, "arms"))
        {
          if (!read_strv (r, obj, "arms", TRUE, FALSE, NULL, &item->arms, error))
            return FALSE;

          for (guint j = 0; item->arms[j] != NULL; j++)
            {
              if (stroma_protocol_find_arm (self, item->arms[j]) == NULL)
                return fail_element (r, error, "arms", j, STROMA_PROTOCOL_ERROR_REFERENCE,
                                     _("unknown arm “%s”"), item->arms[j]);
            }
        }
      else
        {
          /* Standard care without "arms" is given in every arm. */
          g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

          for (guint j = 0; j < self->arms->len; j++)
            g_strv_builder_add (builder, ((StromaArm *) self->arms->pdata[j])->id);
          item->arms = g_strv_builder_end (builder);
        }

      path_pop (r, mark);
    }

  return TRUE;
}

static gboolean
parse_titration (Reader          *r,
                 JsonArray       *array,
                 StromaProtocol  *self,
                 GError         **error)
{
  static const char * const members[] = {
    "id", "care", "test", "comparison", "threshold", "upper_comparison", "upper_threshold",
    "min_days", "action", "steps", "source", "note", NULL
  };
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      StromaTitrationRule *rule = g_new0 (StromaTitrationRule, 1);
      JsonObject *obj;
      gsize mark;

      g_ptr_array_add (self->titration, rule);

      if (!get_element_object (r, array, i, &obj, error))
        return FALSE;

      mark = path_push_index (r, i);
      if (!check_object (r, obj, members, error) ||
          !read_id (r, obj, "id", TRUE, &rule->id, error) ||
          !check_unique (r, seen, "id", rule->id, error) ||
          !read_string (r, obj, "care", TRUE, &rule->care, error))
        return FALSE;

      if (stroma_protocol_find_care (self, rule->care) == NULL)
        return fail_member (r, error, "care", STROMA_PROTOCOL_ERROR_REFERENCE,
                            _("“%s” is not in $.standard_care"), rule->care);

      if (!read_test_and_unit (r, obj, &rule->test_code, NULL, error) ||
          !read_bounds (r, obj, &rule->cmp, &rule->threshold, &rule->has_upper,
                        &rule->upper_cmp, &rule->upper_threshold, error) ||
          !read_uint (r, obj, "min_days", FALSE, 0, 365, &rule->min_days, error) ||
          !read_enum (r, obj, "action", TRUE, titration_actions, &rule->action, error) ||
          !read_string (r, obj, "source", FALSE, &rule->source, error) ||
          !read_string (r, obj, "note", FALSE, &rule->note, error))
        return FALSE;

      if (g_str_equal (rule->action, "stop"))
        {
          if (has_member (obj, "steps"))
            return fail_member (r, error, "steps", STROMA_PROTOCOL_ERROR_VALUE,
                                _("is only meaningful with “increase” or “decrease”"));
        }
      else if (!read_uint (r, obj, "steps", TRUE, 1, 10, &rule->steps, error))
        {
          return FALSE;
        }

      path_pop (r, mark);
    }

  return TRUE;
}

static gboolean
parse_endpoint (Reader          *r,
                JsonObject      *obj,
                StromaEndpoint  *endpoint,
                GError         **error)
{
  static const char * const members[] = {
    "id", "label", "definition", "reference", "kind", "group", "category", "test", "unit",
    "comparison", "threshold", "upper_comparison", "upper_threshold", "consecutive",
    "count_by", "max_gap_days", "event_day", "after_nadir", "product", "transfusion_free_days",
    "transfusion_free_during_run", "dependent_days", "relative_to", "assessment_day", "status",
    "note", NULL
  };
  static const char * const run_only[] = {
    "consecutive", "count_by", "max_gap_days", "event_day", "after_nadir",
    "transfusion_free_days", "transfusion_free_during_run", "dependent_days", NULL
  };
  g_autofree char *kind = NULL;

  if (!check_object (r, obj, members, error) ||
      !read_id (r, obj, "id", TRUE, &endpoint->id, error) ||
      !read_string (r, obj, "label", TRUE, &endpoint->label, error) ||
      !read_enum (r, obj, "definition", TRUE, definitions, &endpoint->definition, error) ||
      !read_string (r, obj, "reference", FALSE, &endpoint->reference, error) ||
      !read_enum (r, obj, "kind", TRUE, endpoint_kinds, &kind, error) ||
      !read_id (r, obj, "group", FALSE, &endpoint->group, error) ||
      !read_string (r, obj, "category", FALSE, &endpoint->category, error) ||
      !read_test_and_unit (r, obj, &endpoint->test_code, &endpoint->unit, error) ||
      !read_bounds (r, obj, &endpoint->cmp, &endpoint->threshold, &endpoint->has_upper,
                    &endpoint->upper_cmp, &endpoint->upper_threshold, error) ||
      !read_enum (r, obj, "product", FALSE, transfusion_products, &endpoint->product, error) ||
      !read_enum (r, obj, "relative_to", TRUE, endpoint_anchors, &endpoint->relative_to,
                  error) ||
      !read_int (r, obj, "assessment_day", FALSE, 0, 3650, &endpoint->assessment_day, error) ||
      !read_enum (r, obj, "status", FALSE, endpoint_statuses, &endpoint->status, error) ||
      !read_string (r, obj, "note", FALSE, &endpoint->note, error))
    return FALSE;

  if (endpoint->category != NULL && endpoint->group == NULL)
    return fail_member (r, error, "group", STROMA_PROTOCOL_ERROR_MISSING,
                        _("is required with “category”"));

  if (g_str_equal (kind, "fallback"))
    {
      endpoint->kind = STROMA_ENDPOINT_FALLBACK;

      for (guint i = 0; run_only[i] != NULL; i++)
        {
          if (has_member (obj, run_only[i]))
            return fail_member (r, error, run_only[i], STROMA_PROTOCOL_ERROR_VALUE,
                                _("is only meaningful for a “run” endpoint"));
        }

      if (endpoint->group == NULL)
        return fail_member (r, error, "group", STROMA_PROTOCOL_ERROR_MISSING,
                            _("is required for a “fallback” endpoint"));
      if (endpoint->assessment_day == STROMA_PROTOCOL_NO_DAY)
        return fail_member (r, error, "assessment_day", STROMA_PROTOCOL_ERROR_MISSING,
                            _("is required for a “fallback” endpoint"));

      return TRUE;
    }

  endpoint->kind = STROMA_ENDPOINT_RUN;

  if (!read_uint (r, obj, "consecutive", TRUE, 1, 365, &endpoint->consecutive, error) ||
      !read_enum (r, obj, "count_by", TRUE, count_bys, &endpoint->count_by, error) ||
      !read_uint (r, obj, "max_gap_days", FALSE, 0, 365, &endpoint->max_gap_days, error) ||
      !read_enum (r, obj, "event_day", FALSE, event_days, &endpoint->event_day, error) ||
      !read_bool (r, obj, "after_nadir", FALSE, &endpoint->after_nadir, error) ||
      !read_uint (r, obj, "transfusion_free_days", FALSE, 0, 365,
                  &endpoint->transfusion_free_days, error) ||
      !read_bool (r, obj, "transfusion_free_during_run", FALSE,
                  &endpoint->transfusion_free_during_run, error) ||
      !read_uint (r, obj, "dependent_days", FALSE, 0, 365, &endpoint->dependent_days, error))
    return FALSE;

  if (endpoint->event_day == NULL)
    endpoint->event_day = g_strdup ("first");

  if ((endpoint->transfusion_free_days > 0 || endpoint->transfusion_free_during_run ||
       endpoint->dependent_days > 0) &&
      endpoint->product == NULL)
    return fail_member (r, error, "product", STROMA_PROTOCOL_ERROR_MISSING,
                        _("is required with a transfusion-free condition"));

  return TRUE;
}

static gboolean
parse_endpoints (Reader          *r,
                 JsonArray       *array,
                 StromaProtocol  *self,
                 GError         **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) group_runs = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) group_fallbacks = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) categories = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      StromaEndpoint *endpoint = g_new0 (StromaEndpoint, 1);
      JsonObject *obj;
      gsize mark;

      endpoint->assessment_day = STROMA_PROTOCOL_NO_DAY;
      g_ptr_array_add (self->endpoints, endpoint);

      if (!get_element_object (r, array, i, &obj, error))
        return FALSE;

      mark = path_push_index (r, i);
      if (!parse_endpoint (r, obj, endpoint, error) ||
          !check_unique (r, seen, "id", endpoint->id, error))
        return FALSE;

      if (endpoint->group != NULL)
        {
          if (endpoint->category != NULL)
            {
              char *key = g_strconcat (endpoint->group, "\n", endpoint->category, NULL);

              if (g_hash_table_contains (categories, key))
                {
                  g_free (key);
                  return fail_member (r, error, "category", STROMA_PROTOCOL_ERROR_DUPLICATE,
                                      _("“%s” already occurs in group “%s”"),
                                      endpoint->category, endpoint->group);
                }
              g_hash_table_add (categories, key);
            }

          if (endpoint->kind == STROMA_ENDPOINT_FALLBACK)
            {
              if (g_hash_table_contains (group_fallbacks, endpoint->group))
                return fail_member (r, error, "kind", STROMA_PROTOCOL_ERROR_DUPLICATE,
                                    _("group “%s” already has a fallback"), endpoint->group);
              g_hash_table_add (group_fallbacks, endpoint->group);
            }
          else
            {
              g_hash_table_add (group_runs, endpoint->group);
            }
        }

      path_pop (r, mark);
    }

  /* A fallback is what remains when no other endpoint of its group is met. */
  for (guint i = 0; i < self->endpoints->len; i++)
    {
      StromaEndpoint *endpoint = self->endpoints->pdata[i];

      if (endpoint->kind == STROMA_ENDPOINT_FALLBACK &&
          !g_hash_table_contains (group_runs, endpoint->group))
        {
          path_push_index (r, i);
          return fail_member (r, error, "group", STROMA_PROTOCOL_ERROR_REFERENCE,
                              _("no “run” endpoint belongs to group “%s”"),
                              endpoint->group);
        }
    }

  return TRUE;
}

static gboolean
read_endpoint_ref (Reader                *r,
                   JsonObject            *obj,
                   const char            *name,
                   gboolean               required,
                   const StromaProtocol  *self,
                   char                 **out,
                   GError               **error)
{
  if (!read_string (r, obj, name, required, out, error))
    return FALSE;

  if (*out != NULL && stroma_protocol_find_endpoint (self, *out) == NULL)
    return fail_member (r, error, name, STROMA_PROTOCOL_ERROR_REFERENCE,
                        _("“%s” is not in $.endpoints"), *out);

  return TRUE;
}

static gboolean
parse_observation_phase (Reader                  *r,
                         JsonObject              *obj,
                         StromaProtocol          *self,
                         StromaObservationPhase  *phase,
                         GError                 **error)
{
  static const char * const members[] = {
    "id", "phase", "label", "source", "relative_to", "anchor_endpoint", "after_endpoint",
    "until_endpoint", "start_day", "end_day", "times", "every_days", "days", "as_needed",
    "tests", "note", NULL
  };
  gboolean has_every, has_days;
  guint n_kinds;

  phase->end_day = STROMA_PROTOCOL_OPEN_END;
  phase->times = 1;

  if (!check_object (r, obj, members, error) ||
      !read_id (r, obj, "id", TRUE, &phase->id, error) ||
      !read_string (r, obj, "phase", FALSE, &phase->phase, error) ||
      !read_string (r, obj, "label", TRUE, &phase->label, error) ||
      !read_string (r, obj, "source", FALSE, &phase->source, error) ||
      !read_string (r, obj, "note", FALSE, &phase->note, error) ||
      !read_enum (r, obj, "relative_to", TRUE, observation_anchors, &phase->relative_to,
                  error))
    return FALSE;

  if (g_str_equal (phase->relative_to, "endpoint"))
    {
      if (!read_endpoint_ref (r, obj, "anchor_endpoint", TRUE, self, &phase->anchor_endpoint,
                              error))
        return FALSE;
    }
  else if (has_member (obj, "anchor_endpoint"))
    {
      return fail_member (r, error, "anchor_endpoint", STROMA_PROTOCOL_ERROR_VALUE,
                          _("is only meaningful when “relative_to” is “endpoint”"));
    }

  if (!read_endpoint_ref (r, obj, "after_endpoint", FALSE, self, &phase->after_endpoint,
                          error) ||
      !read_endpoint_ref (r, obj, "until_endpoint", FALSE, self, &phase->until_endpoint,
                          error) ||
      !read_int (r, obj, "start_day", TRUE, -3650, 36500, &phase->start_day, error) ||
      !read_int (r, obj, "end_day", FALSE, -3650, 36500, &phase->end_day, error))
    return FALSE;

  if (phase->end_day < phase->start_day)
    return fail_member (r, error, "end_day", STROMA_PROTOCOL_ERROR_RANGE,
                        _("must not be before “start_day” (%d)"), phase->start_day);

  /* Exactly one way to say when the tests are due. */
  has_every = has_member (obj, "every_days");
  has_days = has_member (obj, "days");
  if (!read_bool (r, obj, "as_needed", FALSE, &phase->as_needed, error))
    return FALSE;

  n_kinds = (has_every ? 1 : 0) + (has_days ? 1 : 0) + (phase->as_needed ? 1 : 0);
  if (n_kinds == 0)
    return fail (r, error, STROMA_PROTOCOL_ERROR_MISSING,
                 _("needs “every_days”, “days” or “as_needed”"));
  if (n_kinds > 1)
    return fail (r, error, STROMA_PROTOCOL_ERROR_VALUE,
                 _("needs only one of “every_days”, “days” and “as_needed”"));

  if (has_every &&
      !read_uint (r, obj, "every_days", TRUE, 1, 3650, &phase->every_days, error))
    return FALSE;

  if (!has_every && has_member (obj, "times"))
    return fail_member (r, error, "times", STROMA_PROTOCOL_ERROR_VALUE,
                        _("is only meaningful with “every_days”"));
  if (!read_uint (r, obj, "times", FALSE, 1, 24, &phase->times, error))
    return FALSE;

  if (has_days)
    {
      if (!read_int_array (r, obj, "days", TRUE, phase->start_day, phase->end_day, &phase->days,
                           error))
        return FALSE;
    }

  if (!read_strv (r, obj, "tests", TRUE, FALSE, NULL, &phase->tests, error))
    return FALSE;

  for (guint i = 0; phase->tests[i] != NULL; i++)
    {
      if (!is_test_or_assessment (self, phase->tests[i]))
        return fail_element (r, error, "tests", i, STROMA_PROTOCOL_ERROR_REFERENCE,
                             _("“%s” is neither a lab test code nor in $.assessments"),
                             phase->tests[i]);
    }

  return TRUE;
}

static gboolean
parse_observation (Reader          *r,
                   JsonArray       *array,
                   StromaProtocol  *self,
                   GError         **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      StromaObservationPhase *phase = g_new0 (StromaObservationPhase, 1);
      JsonObject *obj;
      gsize mark;

      g_ptr_array_add (self->observation, phase);

      if (!get_element_object (r, array, i, &obj, error))
        return FALSE;

      mark = path_push_index (r, i);
      if (!parse_observation_phase (r, obj, self, phase, error) ||
          !check_unique (r, seen, "id", phase->id, error))
        return FALSE;
      path_pop (r, mark);
    }

  return TRUE;
}

static gboolean
parse_safety_rule (Reader            *r,
                   JsonObject        *obj,
                   StromaSafetyRule  *rule,
                   GError           **error)
{
  static const char * const members[] = {
    "id", "text", "source", "event", "terms", "min_grade", "related_only", "after",
    "window_days", "action", "needs_review", "note", NULL
  };
  gboolean is_ae, is_ventilation;

  if (!check_object (r, obj, members, error) ||
      !read_id (r, obj, "id", TRUE, &rule->id, error) ||
      !read_string (r, obj, "text", TRUE, &rule->text, error) ||
      !read_string (r, obj, "source", FALSE, &rule->source, error) ||
      !read_enum (r, obj, "event", TRUE, safety_events, &rule->event, error) ||
      !read_strv (r, obj, "terms", FALSE, FALSE, NULL, &rule->terms, error) ||
      !read_uint (r, obj, "min_grade", FALSE, 0, 5, &rule->min_grade, error) ||
      !read_bool (r, obj, "related_only", FALSE, &rule->related_only, error) ||
      !read_enum (r, obj, "after", FALSE, safety_anchors, &rule->after, error) ||
      !read_uint (r, obj, "window_days", FALSE, 0, 3650, &rule->window_days, error) ||
      !read_enum (r, obj, "action", TRUE, safety_actions, &rule->action, error) ||
      !read_bool (r, obj, "needs_review", FALSE, &rule->needs_review, error) ||
      !read_string (r, obj, "note", FALSE, &rule->note, error))
    return FALSE;

  /* Mechanical ventilation has no record of its own: it is an adverse event (CTCAE
   * "Respiratory failure"), so the rule names the terms and grade that record it. */
  is_ae = g_str_equal (rule->event, "adverse-event");
  is_ventilation = g_str_equal (rule->event, "mechanical-ventilation");

  if (!is_ae && !is_ventilation)
    {
      if (has_member (obj, "terms"))
        return fail_member (r, error, "terms", STROMA_PROTOCOL_ERROR_VALUE,
                            _("is only meaningful for “adverse-event” and "
                              "“mechanical-ventilation”"));
      if (has_member (obj, "min_grade"))
        return fail_member (r, error, "min_grade", STROMA_PROTOCOL_ERROR_VALUE,
                            _("is only meaningful for “adverse-event” and "
                              "“mechanical-ventilation”"));
    }
  if (is_ventilation && rule->terms == NULL)
    return fail_member (r, error, "terms", STROMA_PROTOCOL_ERROR_MISSING,
                        _("is required for “mechanical-ventilation”: the adverse-event terms "
                          "that record it"));
  if (!is_ae && has_member (obj, "related_only"))
    return fail_member (r, error, "related_only", STROMA_PROTOCOL_ERROR_VALUE,
                        _("is only meaningful for “adverse-event”"));

  if (rule->window_days > 0 && rule->after == NULL)
    return fail_member (r, error, "after", STROMA_PROTOCOL_ERROR_MISSING,
                        _("is required with “window_days”"));

  return TRUE;
}

static gboolean
parse_safety (Reader          *r,
              JsonObject      *obj,
              StromaProtocol  *self,
              GError         **error)
{
  static const char * const members[] = {
    "ctcae_version", "related_relationships", "sae_criteria", "reporting", "rules", "source",
    "note", NULL
  };
  static const char * const reporting_members[] = {
    "start", "days_after_last_treatment", "excludes", "source", "note", NULL
  };
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  StromaSafety *safety = g_new0 (StromaSafety, 1);
  JsonObject *reporting;
  JsonArray *array;
  gsize mark;

  safety->rules = g_ptr_array_new_with_free_func ((GDestroyNotify) stroma_safety_rule_free);
  self->safety = safety;

  if (!check_object (r, obj, members, error) ||
      !read_enum (r, obj, "ctcae_version", TRUE, ctcae_versions, &safety->ctcae_version,
                  error) ||
      !read_strv (r, obj, "related_relationships", TRUE, FALSE, relationships,
                  &safety->related_relationships, error) ||
      !read_strv (r, obj, "sae_criteria", FALSE, TRUE, sae_criteria, &safety->sae_criteria,
                  error) ||
      !read_string (r, obj, "source", FALSE, &safety->source, error) ||
      !read_string (r, obj, "note", FALSE, &safety->note, error) ||
      !get_object (r, obj, "reporting", FALSE, &reporting, error))
    return FALSE;

  if (safety->sae_criteria == NULL)
    safety->sae_criteria = g_new0 (char *, 1);

  if (reporting != NULL)
    {
      g_autofree char *note = NULL;
      g_autofree char *source = NULL;

      mark = path_push (r, "reporting");
      if (!check_object (r, reporting, reporting_members, error) ||
          !read_enum (r, reporting, "start", TRUE, reporting_starts, &safety->reporting_start,
                      error) ||
          !read_uint (r, reporting, "days_after_last_treatment", TRUE, 0, 36500,
                      &safety->reporting_days_after_last_treatment, error) ||
          !read_string (r, reporting, "excludes", FALSE, &safety->reporting_excludes, error) ||
          !read_string (r, reporting, "source", FALSE, &source, error) ||
          !read_string (r, reporting, "note", FALSE, &note, error))
        return FALSE;
      path_pop (r, mark);
    }

  if (!get_array (r, obj, "rules", FALSE, TRUE, &array, error))
    return FALSE;

  mark = path_push (r, "rules");
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      StromaSafetyRule *rule = g_new0 (StromaSafetyRule, 1);
      JsonObject *item;
      gsize item_mark;

      g_ptr_array_add (safety->rules, rule);

      if (!get_element_object (r, array, i, &item, error))
        return FALSE;

      item_mark = path_push_index (r, i);
      if (!parse_safety_rule (r, item, rule, error) ||
          !check_unique (r, seen, "id", rule->id, error))
        return FALSE;
      path_pop (r, item_mark);
    }
  path_pop (r, mark);

  return TRUE;
}

static gboolean
read_fraction (Reader      *r,
               JsonObject  *obj,
               const char  *name,
               gboolean     required,
               gboolean     allow_zero,
               double      *out,
               GError     **error)
{
  if (!read_double (r, obj, name, required, out, error))
    return FALSE;

  if (*out >= 1 || *out < 0 || (!allow_zero && *out == 0))
    return fail_member (r, error, name, STROMA_PROTOCOL_ERROR_RANGE,
                        allow_zero ? _("must be a fraction from 0 up to 1")
                                   : _("must be a fraction between 0 and 1"));

  return TRUE;
}

static gboolean
parse_statistics (Reader          *r,
                  JsonObject      *obj,
                  StromaProtocol  *self,
                  GError         **error)
{
  static const char * const members[] = {
    "test", "p1", "p2", "alpha", "power", "sides", "continuity_correction", "allocation_ratio",
    "dropout", "dropout_rule", "stated_n_per_arm", "stated_n_per_arm_with_dropout", "source",
    "note", NULL
  };
  StromaStatistics *statistics = g_new0 (StromaStatistics, 1);

  statistics->allocation_ratio = 1;
  self->statistics = statistics;

  if (!check_object (r, obj, members, error) ||
      !read_enum (r, obj, "test", TRUE, statistics_tests, &statistics->test, error) ||
      !read_fraction (r, obj, "p1", TRUE, FALSE, &statistics->p1, error) ||
      !read_fraction (r, obj, "p2", TRUE, FALSE, &statistics->p2, error))
    return FALSE;

  if (statistics->p1 == statistics->p2)
    return fail_member (r, error, "p2", STROMA_PROTOCOL_ERROR_RANGE,
                        _("must differ from “p1”"));

  if (!read_fraction (r, obj, "alpha", TRUE, FALSE, &statistics->alpha, error) ||
      !read_fraction (r, obj, "power", TRUE, FALSE, &statistics->power, error) ||
      !read_uint (r, obj, "sides", TRUE, 1, 2, &statistics->sides, error) ||
      !read_bool (r, obj, "continuity_correction", TRUE, &statistics->continuity_correction,
                  error) ||
      !read_double (r, obj, "allocation_ratio", FALSE, &statistics->allocation_ratio, error))
    return FALSE;

  if (!(statistics->allocation_ratio > 0))
    return fail_member (r, error, "allocation_ratio", STROMA_PROTOCOL_ERROR_RANGE,
                        _("must be a positive number"));

  if (!read_fraction (r, obj, "dropout", FALSE, TRUE, &statistics->dropout, error) ||
      !read_enum (r, obj, "dropout_rule", TRUE, dropout_rules, &statistics->dropout_rule,
                  error) ||
      !read_uint (r, obj, "stated_n_per_arm", FALSE, 0, 1000000, &statistics->stated_n_per_arm,
                  error) ||
      !read_uint (r, obj, "stated_n_per_arm_with_dropout", FALSE, 0, 1000000,
                  &statistics->stated_n_per_arm_with_dropout, error) ||
      !read_string (r, obj, "source", FALSE, &statistics->source, error) ||
      !read_string (r, obj, "note", FALSE, &statistics->note, error))
    return FALSE;

  if (statistics->stated_n_per_arm_with_dropout > 0 &&
      statistics->stated_n_per_arm_with_dropout < statistics->stated_n_per_arm)
    return fail_member (r, error, "stated_n_per_arm_with_dropout", STROMA_PROTOCOL_ERROR_RANGE,
                        _("must not be less than “stated_n_per_arm” (%u)"),
                        statistics->stated_n_per_arm);

  return TRUE;
}

static gboolean
is_year_month (const char *str)
{
  return strlen (str) == 7 &&
         g_ascii_isdigit (str[0]) && g_ascii_isdigit (str[1]) &&
         g_ascii_isdigit (str[2]) && g_ascii_isdigit (str[3]) &&
         str[4] == '-' &&
         ((str[5] == '0' && str[6] >= '1' && str[6] <= '9') ||
          (str[5] == '1' && str[6] >= '0' && str[6] <= '2'));
}

static gboolean
parse_timeline (Reader          *r,
                JsonArray       *array,
                StromaProtocol  *self,
                GError         **error)
{
  static const char * const members[] = { "start", "end", "text", NULL };

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      StromaMilestone *milestone = g_new0 (StromaMilestone, 1);
      JsonObject *obj;
      gsize mark;

      g_ptr_array_add (self->timeline, milestone);

      if (!get_element_object (r, array, i, &obj, error))
        return FALSE;

      mark = path_push_index (r, i);
      if (!check_object (r, obj, members, error) ||
          !read_string (r, obj, "start", TRUE, &milestone->start, error) ||
          !read_string (r, obj, "end", TRUE, &milestone->end, error) ||
          !read_string (r, obj, "text", TRUE, &milestone->text, error))
        return FALSE;

      if (!is_year_month (milestone->start))
        return fail_member (r, error, "start", STROMA_PROTOCOL_ERROR_VALUE,
                            _("must be a month as YYYY-MM"));
      if (!is_year_month (milestone->end))
        return fail_member (r, error, "end", STROMA_PROTOCOL_ERROR_VALUE,
                            _("must be a month as YYYY-MM"));
      if (strcmp (milestone->end, milestone->start) < 0)
        return fail_member (r, error, "end", STROMA_PROTOCOL_ERROR_RANGE,
                            _("must not be before “start”"));

      path_pop (r, mark);
    }

  return TRUE;
}

typedef gboolean (*ParseArrayFunc)  (Reader         *r,
                                     JsonArray      *array,
                                     StromaProtocol *self,
                                     GError        **error);
typedef gboolean (*ParseObjectFunc) (Reader         *r,
                                     JsonObject     *obj,
                                     StromaProtocol *self,
                                     GError        **error);

/* Reads the array member @name with @parse_items; absent means empty unless @required. */
static gboolean
parse_section (Reader          *r,
               JsonObject      *obj,
               const char      *name,
               gboolean         required,
               ParseArrayFunc   parse_items,
               StromaProtocol  *self,
               GError         **error)
{
  JsonArray *array;
  gsize mark;

  if (!get_array (r, obj, name, required, !required, &array, error))
    return FALSE;
  if (array == NULL)
    return TRUE;

  mark = path_push (r, name);
  if (!parse_items (r, array, self, error))
    return FALSE;
  path_pop (r, mark);

  return TRUE;
}

/* Reads the object member @name with @parse_object. */
static gboolean
parse_object_section (Reader           *r,
                      JsonObject       *obj,
                      const char       *name,
                      gboolean          required,
                      ParseObjectFunc   parse_object,
                      StromaProtocol   *self,
                      GError          **error)
{
  JsonObject *section;
  gsize mark;

  if (!get_object (r, obj, name, required, &section, error))
    return FALSE;
  if (section == NULL)
    return TRUE;

  mark = path_push (r, name);
  if (!parse_object (r, section, self, error))
    return FALSE;
  path_pop (r, mark);

  return TRUE;
}

static gboolean
parse_outcomes (Reader          *r,
                JsonObject      *obj,
                StromaProtocol  *self,
                GError         **error)
{
  static const char * const members[] = { "primary", "secondary", "safety", NULL };

  return check_object (r, obj, members, error) &&
         read_strv (r, obj, "primary", FALSE, TRUE, NULL, &self->primary_outcomes, error) &&
         read_strv (r, obj, "secondary", FALSE, TRUE, NULL, &self->secondary_outcomes, error) &&
         read_strv (r, obj, "safety", FALSE, TRUE, NULL, &self->safety_outcomes, error);
}

static gboolean
parse_protocol (Reader          *r,
                JsonObject      *obj,
                StromaProtocol  *self,
                GError         **error)
{
  static const char * const members[] = {
    "format_version", "id", "version", "title", "short_title", "design", "masking", "sponsor",
    "principal_investigator", "site", "time_zone", "department", "funding", "subject_code_prefix",
    "subject_code_digits", "subject_identifiers", "retention_years", "bsa_formula",
    "bsa_decimals", "dose_deviation_threshold", "note", "outcomes", "timeline", "assessments",
    "allocation", "dose_escalation", "eligibility", "discontinuation", "regimens",
    "mobilisation", "product", "standard_care", "titration", "endpoints", "observation",
    "safety", "statistics", NULL
  };
  gint format_version = 0;

  /* The version first: a newer file may legitimately hold members this loader lacks. */
  if (!read_int (r, obj, "format_version", TRUE, 0, G_MAXINT, &format_version, error))
    return FALSE;
  if (format_version != STROMA_PROTOCOL_FORMAT_VERSION)
    return fail_member (r, error, "format_version", STROMA_PROTOCOL_ERROR_UNSUPPORTED,
                        _("version %d is not supported; this version of Stroma reads "
                          "version %d"),
                        format_version, STROMA_PROTOCOL_FORMAT_VERSION);
  self->format_version = (guint) format_version;

  self->bsa_decimals = 2;
  self->dose_deviation_threshold = 0.10;

  if (!check_object (r, obj, members, error) ||
      !read_id (r, obj, "id", TRUE, &self->id, error) ||
      !read_string (r, obj, "version", TRUE, &self->version, error) ||
      !read_string (r, obj, "title", TRUE, &self->title, error) ||
      !read_string (r, obj, "short_title", TRUE, &self->short_title, error) ||
      !read_enum (r, obj, "design", TRUE, designs, &self->design, error) ||
      !read_enum (r, obj, "masking", FALSE, maskings, &self->masking, error) ||
      !read_string (r, obj, "sponsor", FALSE, &self->sponsor, error) ||
      !read_string (r, obj, "principal_investigator", FALSE, &self->principal_investigator,
                    error) ||
      !read_string (r, obj, "site", FALSE, &self->site, error) ||
      !read_string (r, obj, "time_zone", FALSE, &self->time_zone, error) ||
      !read_string (r, obj, "department", FALSE, &self->department, error) ||
      !read_string (r, obj, "funding", FALSE, &self->funding, error) ||
      !read_string (r, obj, "subject_code_prefix", TRUE, &self->subject_code_prefix, error) ||
      !read_uint (r, obj, "subject_code_digits", TRUE, 1, 9, &self->subject_code_digits,
                  error) ||
      !read_strv (r, obj, "subject_identifiers", FALSE, TRUE, NULL, &self->subject_identifiers,
                  error) ||
      !read_uint (r, obj, "retention_years", FALSE, 0, 100, &self->retention_years, error) ||
      !read_enum (r, obj, "bsa_formula", FALSE, bsa_formulas, &self->bsa_formula, error) ||
      !read_uint (r, obj, "bsa_decimals", FALSE, 0, 4, &self->bsa_decimals, error) ||
      !read_fraction (r, obj, "dose_deviation_threshold", FALSE, TRUE,
                      &self->dose_deviation_threshold, error) ||
      !read_string (r, obj, "note", FALSE, &self->note, error))
    return FALSE;

  if (self->bsa_formula == NULL)
    self->bsa_formula = g_strdup ("mosteller");

  /* The site's clock dates what happened at a UTC time (an infusion, a dose). */
  if (self->time_zone != NULL)
    {
      g_autoptr(GTimeZone) tz = g_time_zone_new_identifier (self->time_zone);

      if (tz == NULL)
        return fail_member (r, error, "time_zone", STROMA_PROTOCOL_ERROR_VALUE,
                            _("“%s” is not a time zone (use an identifier such as "
                              "“Asia/Shanghai”)"), self->time_zone);
    }

  /* Sections in dependency order: what is referred to is read before what refers to it. */
  if (!parse_object_section (r, obj, "outcomes", FALSE, parse_outcomes, self, error) ||
      !parse_section (r, obj, "timeline", FALSE, parse_timeline, self, error) ||
      !parse_object_section (r, obj, "allocation", TRUE, parse_allocation, self, error) ||
      !parse_section (r, obj, "assessments", FALSE, parse_assessments, self, error) ||
      !parse_section (r, obj, "eligibility", TRUE, parse_eligibility, self, error) ||
      !parse_section (r, obj, "discontinuation", FALSE, parse_discontinuation, self, error) ||
      !parse_section (r, obj, "regimens", FALSE, parse_regimens, self, error) ||
      !parse_object_section (r, obj, "mobilisation", FALSE, parse_mobilisation, self, error) ||
      !parse_object_section (r, obj, "product", FALSE, parse_product, self, error) ||
      !parse_object_section (r, obj, "dose_escalation", FALSE, parse_escalation, self, error) ||
      !parse_section (r, obj, "standard_care", FALSE, parse_standard_care, self, error) ||
      !parse_section (r, obj, "titration", FALSE, parse_titration, self, error) ||
      !parse_section (r, obj, "endpoints", FALSE, parse_endpoints, self, error) ||
      !parse_section (r, obj, "observation", FALSE, parse_observation, self, error) ||
      !parse_object_section (r, obj, "safety", FALSE, parse_safety, self, error) ||
      !parse_object_section (r, obj, "statistics", FALSE, parse_statistics, self, error))
    return FALSE;

  /* Cross-section rules. */
  for (guint i = 0; i < self->arms->len; i++)
    {
      const StromaArm *arm = self->arms->pdata[i];

      if (arm->receives_product && self->product == NULL)
        return fail_member (r, error, "product", STROMA_PROTOCOL_ERROR_MISSING,
                            _("is required: arm “%s” receives the product"), arm->id);
    }

  if (g_str_equal (self->design, "dose-escalation"))
    {
      if (self->escalation == NULL)
        return fail_member (r, error, "dose_escalation", STROMA_PROTOCOL_ERROR_MISSING,
                            _("is required for a dose-escalation design"));
      if (!g_str_equal (self->allocation_method, "cohort"))
        {
          path_push (r, "allocation");
          return fail_member (r, error, "method", STROMA_PROTOCOL_ERROR_VALUE,
                              _("must be “cohort” for a dose-escalation design"));
        }
    }
  else if (self->escalation != NULL)
    {
      return fail_member (r, error, "dose_escalation", STROMA_PROTOCOL_ERROR_VALUE,
                          _("is only meaningful for a dose-escalation design"));
    }

  if (self->escalation != NULL)
    {
      if (self->product == NULL)
        return fail_member (r, error, "product", STROMA_PROTOCOL_ERROR_MISSING,
                            _("is required for dose escalation"));
      if (self->product->dose_levels == NULL)
        {
          path_push (r, "product");
          return fail_member (r, error, "dose_levels", STROMA_PROTOCOL_ERROR_MISSING,
                              _("is required for dose escalation"));
        }
      if (self->escalation->start_level > self->product->dose_levels->len)
        {
          path_push (r, "dose_escalation");
          return fail_member (r, error, "start_level", STROMA_PROTOCOL_ERROR_RANGE,
                              _("must be a level of $.product.dose_levels (1 to %u)"),
                              self->product->dose_levels->len);
        }
    }

  return TRUE;
}

/* Public API */

/**
 * stroma_protocol_load_data:
 * @data: the protocol as JSON text
 * @length: the length of @data in bytes, or -1 if it is nul-terminated
 * @error: return location for a #GError
 *
 * Parses and validates a protocol. On failure @error is set in %STROMA_PROTOCOL_ERROR and its
 * message starts with the JSON path of the offending value, for example
 * `$.regimens[2].agents[0].dose: must be a positive number`.
 *
 * Returns: (transfer full) (nullable): the protocol, or %NULL on error
 */
StromaProtocol *
stroma_protocol_load_data (const char  *data,
                           gssize       length,
                           GError     **error)
{
  g_autoptr(StromaProtocol) self = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GHashTable) member_counts = NULL;
  g_autoptr(GHashTable) repeated = NULL;
  g_autoptr(GString) path = NULL;
  JsonNode *root;
  Reader r;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (length < 0)
    length = strlen (data);

  if (length == 0)
    {
      g_set_error (error, STROMA_PROTOCOL_ERROR, STROMA_PROTOCOL_ERROR_PARSE,
                   "$: %s", _("the protocol is empty"));
      return NULL;
    }

  if (!g_utf8_validate (data, length, NULL))
    {
      g_set_error (error, STROMA_PROTOCOL_ERROR, STROMA_PROTOCOL_ERROR_PARSE,
                   "$: %s", _("the protocol is not valid UTF-8 text"));
      return NULL;
    }

  member_counts = g_hash_table_new (NULL, NULL);
  repeated = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  path = g_string_new ("$");
  r = (Reader) {
    .path = path,
    .member_counts = member_counts,
    .repeated = repeated,
  };

  parser = json_parser_new ();
  g_signal_connect (parser, "object-member", G_CALLBACK (on_object_member), &r);

  if (!json_parser_load_from_data (parser, data, length, &local_error))
    {
      g_autofree char *reason = g_strdup_printf (_("not valid JSON: %s"), local_error->message);

      g_set_error (error, STROMA_PROTOCOL_ERROR, STROMA_PROTOCOL_ERROR_PARSE, "$: %s", reason);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL)
    {
      g_set_error (error, STROMA_PROTOCOL_ERROR, STROMA_PROTOCOL_ERROR_PARSE,
                   "$: %s", _("the protocol is empty"));
      return NULL;
    }

  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, STROMA_PROTOCOL_ERROR, STROMA_PROTOCOL_ERROR_PARSE,
                   "$: %s", _("must be an object"));
      return NULL;
    }

  self = stroma_protocol_new ();
  r.notes = self->notes;

  if (!parse_protocol (&r, json_node_get_object (root), self, error))
    return NULL;

  self->source_json = g_strndup (data, length);

  return g_steal_pointer (&self);
}

/**
 * stroma_protocol_load_file:
 * @path: a protocol file
 * @error: return location for a #GError
 *
 * Reads @path and loads it with stroma_protocol_load_data(). A file that cannot be read gives
 * a #G_FILE_ERROR; every message starts with @path.
 *
 * Returns: (transfer full) (nullable): the protocol, or %NULL on error
 */
StromaProtocol *
stroma_protocol_load_file (const char  *path,
                           GError     **error)
{
  g_autofree char *contents = NULL;
  StromaProtocol *self;
  gsize length;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;

  self = stroma_protocol_load_data (contents, length, error);
  if (self == NULL)
    g_prefix_error (error, "%s: ", path);

  return self;
}

/**
 * stroma_protocol_find_regimen:
 * @self: a protocol
 * @donor_type: a stratum id, e.g. "haplo"
 *
 * Returns: (transfer none) (nullable): the conditioning regimen for @donor_type
 */
const StromaRegimen *
stroma_protocol_find_regimen (const StromaProtocol *self,
                              const char           *donor_type)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (donor_type == NULL)
    return NULL;

  for (guint i = 0; i < self->regimens->len; i++)
    {
      const StromaRegimen *regimen = self->regimens->pdata[i];

      if (strv_contains ((const char * const *) regimen->donor_types, donor_type))
        return regimen;
    }

  return NULL;
}

/**
 * stroma_protocol_find_arm:
 * @self: a protocol
 * @arm_id: an arm id
 *
 * Returns: (transfer none) (nullable): the arm called @arm_id
 */
const StromaArm *
stroma_protocol_find_arm (const StromaProtocol *self,
                          const char           *arm_id)
{
  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; arm_id != NULL && i < self->arms->len; i++)
    {
      const StromaArm *arm = self->arms->pdata[i];

      if (g_strcmp0 (arm->id, arm_id) == 0)
        return arm;
    }

  return NULL;
}

/**
 * stroma_protocol_find_criterion:
 * @self: a protocol
 * @id: an eligibility criterion id
 *
 * Returns: (transfer none) (nullable): the criterion called @id
 */
const StromaCriterion *
stroma_protocol_find_criterion (const StromaProtocol *self,
                                const char           *id)
{
  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; id != NULL && i < self->criteria->len; i++)
    {
      const StromaCriterion *criterion = self->criteria->pdata[i];

      if (g_strcmp0 (criterion->id, id) == 0)
        return criterion;
    }

  return NULL;
}

/**
 * stroma_protocol_find_endpoint:
 * @self: a protocol
 * @id: an endpoint id
 *
 * Returns: (transfer none) (nullable): the endpoint called @id
 */
const StromaEndpoint *
stroma_protocol_find_endpoint (const StromaProtocol *self,
                               const char           *id)
{
  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; id != NULL && i < self->endpoints->len; i++)
    {
      const StromaEndpoint *endpoint = self->endpoints->pdata[i];

      if (g_strcmp0 (endpoint->id, id) == 0)
        return endpoint;
    }

  return NULL;
}

/**
 * stroma_protocol_find_assessment:
 * @self: a protocol
 * @id: an assessment id, e.g. "cbc"
 *
 * Returns: (transfer none) (nullable): the assessment called @id
 */
const StromaAssessment *
stroma_protocol_find_assessment (const StromaProtocol *self,
                                 const char           *id)
{
  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; id != NULL && i < self->assessments->len; i++)
    {
      const StromaAssessment *assessment = self->assessments->pdata[i];

      if (g_strcmp0 (assessment->id, id) == 0)
        return assessment;
    }

  return NULL;
}

/**
 * stroma_protocol_find_care:
 * @self: a protocol
 * @id: a standard-care item id, e.g. "tpo-ra"
 *
 * Returns: (transfer none) (nullable): the standard-care item called @id
 */
const StromaCareItem *
stroma_protocol_find_care (const StromaProtocol *self,
                           const char           *id)
{
  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; id != NULL && i < self->standard_care->len; i++)
    {
      const StromaCareItem *item = self->standard_care->pdata[i];

      if (g_strcmp0 (item->id, id) == 0)
        return item;
    }

  return NULL;
}

/**
 * stroma_protocol_get_stratum_label:
 * @self: a protocol
 * @stratum: a stratum id
 *
 * Returns: (transfer none) (nullable): the label of @stratum, or %NULL if it is not a stratum
 */
const char *
stroma_protocol_get_stratum_label (const StromaProtocol *self,
                                   const char           *stratum)
{
  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; stratum != NULL && self->strata != NULL && self->strata[i] != NULL; i++)
    {
      if (g_str_equal (self->strata[i], stratum))
        return self->strata_labels[i];
    }

  return NULL;
}

/**
 * stroma_protocol_get_dose_per_kg:
 * @self: a protocol
 * @dose_level: a 1-based dose level; ignored without dose levels
 *
 * Returns: the product dose in cells/kg, or NAN without a product or for an unknown level
 */
double
stroma_protocol_get_dose_per_kg (const StromaProtocol *self,
                                 guint                 dose_level)
{
  g_return_val_if_fail (self != NULL, NAN);

  if (self->product == NULL)
    return NAN;

  if (self->product->dose_levels == NULL)
    return self->product->dose_per_kg;

  if (dose_level < 1 || dose_level > self->product->dose_levels->len)
    return NAN;

  return g_array_index (self->product->dose_levels, double, dose_level - 1);
}

/**
 * stroma_protocol_format_subject_code:
 * @self: a protocol
 * @number: the subject's sequence number
 *
 * Returns: (transfer full): the subject code, e.g. "PGF-007"
 */
char *
stroma_protocol_format_subject_code (const StromaProtocol *self,
                                     guint                 number)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_strdup_printf ("%s%0*u", self->subject_code_prefix,
                          (int) self->subject_code_digits, number);
}

/**
 * stroma_protocol_lab_unit:
 * @test_code: a CDISC lab test code, e.g. "PLAT"
 *
 * Returns: (transfer none) (nullable): the canonical unit of @test_code, e.g. "10^9/L", or
 *   %NULL if protocols cannot name that test
 */
const char *
stroma_protocol_lab_unit (const char *test_code)
{
  for (guint i = 0; test_code != NULL && i < G_N_ELEMENTS (lab_tests); i++)
    {
      if (g_str_equal (lab_tests[i].code, test_code))
        return lab_tests[i].unit;
    }

  return NULL;
}

/**
 * stroma_regimen_agent_get_n_doses:
 * @agent: a regimen agent
 *
 * Returns: the number of administrations: days × doses per day ("q6h × 4 d" = 16)
 */
guint
stroma_regimen_agent_get_n_doses (const StromaRegimenAgent *agent)
{
  g_return_val_if_fail (agent != NULL, 0);

  return agent->days->len * agent->doses_per_day;
}
