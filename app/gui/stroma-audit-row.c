/* stroma-audit-row.c — one line of a record's audit trail, as a list item
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the history lists show of an audit row: when (the site's local time; the trail keeps
 * UTC), who, what was done to which field of which record, the change and the reason. An
 * insert row holds the whole record as JSON; the history of one field reads its first value
 * from it.
 */

#define G_LOG_DOMAIN "stroma-audit-row"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "stroma-audit-row.h"

struct _StromaAuditRow
{
  GObject  parent_instance;

  char    *when;
  char    *user;
  char    *action;
  char    *record;
  char    *field;
  char    *change;
  char    *reason;
};

enum {
  PROP_0,
  PROP_WHEN,
  PROP_USER,
  PROP_ACTION,
  PROP_RECORD,
  PROP_FIELD,
  PROP_CHANGE,
  PROP_REASON,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (StromaAuditRow, stroma_audit_row, G_TYPE_OBJECT)

static const struct { const char *column; const char *label; } field_labels[] = {
  /* Translators: names of the fields of clinical records, as the history shows them */
  { "code", N_("Subject code") }, { "initials", N_("Initials") }, { "sex", N_("Sex") },
  { "birth_date", N_("Birth date") }, { "height_cm", N_("Height (cm)") },
  { "weight_kg", N_("Weight (kg)") }, { "kps", N_("Karnofsky score") },
  { "ecog", N_("ECOG status") }, { "donor_type", N_("Donor type") }, { "status", N_("Status") },
  { "screening_date", N_("Screening date") }, { "pgf_onset_date", N_("PGF diagnosed") },
  { "treatment_start", N_("Treatment start") }, { "dose_level", N_("Dose level") },
  { "diagnosis", N_("Diagnosis") }, { "screen_fail_reason", N_("Screen failure reason") },
  { "consent_date", N_("Consent date") }, { "form_version", N_("Consent form version") },
  { "obtained_by", N_("Consent obtained by") }, { "criterion_id", N_("Criterion") },
  { "answer", N_("Answer") }, { "value", N_("Value") }, { "unit", N_("Unit") },
  { "assessed_on", N_("Assessed on") }, { "assessed_by", N_("Assessed by") },
  { "stratum", N_("Stratum") }, { "arm", N_("Arm") }, { "day0_date", N_("Day 0") },
  { "graft_source", N_("Graft source") }, { "cd34_per_kg", N_("CD34⁺ (×10⁶/kg)") },
  { "mnc_per_kg", N_("MNC (×10⁸/kg)") }, { "abo_match", N_("ABO match") },
  { "hla_match", N_("HLA match") }, { "agent", N_("Agent") }, { "study_day", N_("Day") },
  { "dose_number", N_("Dose number") }, { "planned_date", N_("Planned date") },
  { "planned_time", N_("Planned time") }, { "calculated_dose", N_("Calculated dose") },
  { "given_dose", N_("Dose given") }, { "given_at", N_("Given at (UTC)") },
  { "given_by", N_("Given by") }, { "deviation_reason", N_("Deviation reason") },
  { "number", N_("Infusion number") }, { "cells_per_kg", N_("Target cells/kg") },
  { "total_cells", N_("Cells given") }, { "lot", N_("Lot") }, { "bag", N_("Bag") },
  { "reason", N_("Reason") }, { "vitals_pre", N_("Vital signs before") },
  { "vitals_post", N_("Vital signs after") }, { "collected_on", N_("Collected on") },
  { "test_code", N_("Test") }, { "orres", N_("Value as entered") },
  { "orresu", N_("Unit as entered") }, { "stresn", N_("Value in the standard unit") },
  { "stresu", N_("Standard unit") }, { "lln", N_("Lower limit of normal") },
  { "uln", N_("Upper limit of normal") }, { "given_on", N_("Given on") },
  { "product", N_("Product") }, { "units", N_("Units") }, { "dose", N_("Dose") },
  { "dose_unit", N_("Dose unit") }, { "start_date", N_("Start date") },
  { "end_date", N_("End date") }, { "indication", N_("Indication") }, { "term", N_("Term") },
  { "grade", N_("Grade") }, { "serious", N_("Serious") }, { "relationship", N_("Relationship") },
  { "dlt", N_("Dose-limiting toxicity") }, { "onset_date", N_("Onset") },
  { "resolved_date", N_("Resolved") }, { "outcome", N_("Outcome") },
  { "action_taken", N_("Action taken") }, { "event", N_("Event") },
  { "event_date", N_("Date") }, { "kind", N_("Kind") }, { "detail", N_("Detail") },
  { "voided", N_("Voided") },
};

static const struct { const char *table; const char *label; } table_labels[] = {
  /* Translators: kinds of clinical records */
  { "subjects", N_("Subject") }, { "consents", N_("Consent") },
  { "eligibility_answers", N_("Eligibility") }, { "allocations", N_("Allocation") },
  { "transplants", N_("Transplant") }, { "conditioning_doses", N_("Conditioning dose") },
  { "infusions", N_("Infusion") }, { "lab_results", N_("Laboratory value") },
  { "transfusions", N_("Transfusion") }, { "medications", N_("Medication") },
  { "adverse_events", N_("Adverse event") }, { "dispositions", N_("Disposition") },
  { "follow_ups", N_("Follow-up") }, { "users", N_("Account") },
};

/**
 * stroma_field_label:
 * @column: a column of a clinical table
 *
 * Returns: the field's name for people, e.g. "Value as entered" for "orres"
 */
const char *
stroma_field_label (const char *column)
{
  for (guint i = 0; column != NULL && i < G_N_ELEMENTS (field_labels); i++)
    if (g_str_equal (field_labels[i].column, column))
      return _(field_labels[i].label);
  return column;
}

/**
 * stroma_table_label:
 * @table: a clinical table
 *
 * Returns: the kind of record for people, e.g. "Laboratory value"
 */
const char *
stroma_table_label (const char *table)
{
  for (guint i = 0; table != NULL && i < G_N_ELEMENTS (table_labels); i++)
    if (g_str_equal (table_labels[i].table, table))
      return _(table_labels[i].label);
  return table;
}

/**
 * stroma_audit_insert_value:
 * @entry: an "insert" audit row
 * @column: a column
 *
 * Returns: (transfer full) (nullable): the value @column was entered with
 */
char *
stroma_audit_insert_value (const StromaAuditEntry *entry,
                           const char             *column)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object;
  JsonNode *node;

  if (entry->new_value == NULL || !json_parser_load_from_data (parser, entry->new_value, -1, NULL))
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return NULL;

  object = json_node_get_object (json_parser_get_root (parser));
  node = json_object_get_member (object, column);
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    return g_strdup_printf ("%.15g", json_node_get_double (node));
  return NULL;
}

static void
stroma_audit_row_finalize (GObject *object)
{
  StromaAuditRow *self = STROMA_AUDIT_ROW (object);

  g_free (self->when);
  g_free (self->user);
  g_free (self->action);
  g_free (self->record);
  g_free (self->field);
  g_free (self->change);
  g_free (self->reason);

  G_OBJECT_CLASS (stroma_audit_row_parent_class)->finalize (object);
}

static void
stroma_audit_row_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  StromaAuditRow *self = STROMA_AUDIT_ROW (object);

  switch (prop_id)
    {
    case PROP_WHEN: g_value_set_string (value, self->when); break;
    case PROP_USER: g_value_set_string (value, self->user); break;
    case PROP_ACTION: g_value_set_string (value, self->action); break;
    case PROP_RECORD: g_value_set_string (value, self->record); break;
    case PROP_FIELD: g_value_set_string (value, self->field); break;
    case PROP_CHANGE: g_value_set_string (value, self->change); break;
    case PROP_REASON: g_value_set_string (value, self->reason); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
stroma_audit_row_class_init (StromaAuditRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  static const char * const names[N_PROPS] = {
    NULL, "when", "user", "action", "record", "field", "change", "reason"
  };

  object_class->finalize = stroma_audit_row_finalize;
  object_class->get_property = stroma_audit_row_get_property;

  for (guint i = 1; i < N_PROPS; i++)
    properties[i] = g_param_spec_string (names[i], NULL, NULL, NULL,
                                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
stroma_audit_row_init (StromaAuditRow *self)
{
}

static const char *
action_label (const char *action)
{
  if (g_strcmp0 (action, "insert") == 0)
    /* Translators: what was done to a record, in the history */
    return _("entered");
  if (g_strcmp0 (action, "update") == 0)
    return _("changed");
  if (g_strcmp0 (action, "void") == 0)
    return _("voided");
  if (g_strcmp0 (action, "restore") == 0)
    return _("restored");
  return _("event");
}

/**
 * stroma_audit_row_new:
 * @entry: an audit row
 *
 * Returns: (transfer full): the list item
 */
StromaAuditRow *
stroma_audit_row_new (const StromaAuditEntry *entry)
{
  StromaAuditRow *self = g_object_new (STROMA_TYPE_AUDIT_ROW, NULL);
  g_autoptr(GDateTime) at = g_date_time_new_from_iso8601 (entry->at, NULL);
  g_autoptr(GDateTime) local = at != NULL ? g_date_time_to_local (at) : NULL;

  self->when = local != NULL ? g_date_time_format (local, "%Y-%m-%d %H:%M:%S") : g_strdup (entry->at);
  self->user = g_strdup (entry->user);
  self->action = g_strdup (action_label (entry->action));
  self->record = g_strdup_printf ("%s #%" G_GINT64_FORMAT, stroma_table_label (entry->table_name),
                                  entry->row_key);
  self->field = g_strdup (entry->column_name != NULL ? stroma_field_label (entry->column_name) : "");
  if (g_strcmp0 (entry->action, "insert") == 0)
    self->change = g_strdup (_("first entry"));
  else if (g_strcmp0 (entry->action, "event") == 0)
    self->change = g_strdup (entry->new_value);
  else
    self->change = g_strdup_printf ("%s → %s", entry->old_value != NULL ? entry->old_value : "—",
                                    entry->new_value != NULL ? entry->new_value : "—");
  self->reason = g_strdup (entry->reason);

  return self;
}

const char *
stroma_audit_row_get_change (StromaAuditRow *self)
{
  g_return_val_if_fail (STROMA_IS_AUDIT_ROW (self), NULL);
  return self->change;
}

const char *
stroma_audit_row_get_reason (StromaAuditRow *self)
{
  g_return_val_if_fail (STROMA_IS_AUDIT_ROW (self), NULL);
  return self->reason;
}

/**
 * stroma_audit_row_new_for_field:
 * @entry: an audit row of the record
 * @column: the field whose history is shown
 *
 * Returns: (transfer full): the list item; an insert reads "entered as …" the field's value
 */
StromaAuditRow *
stroma_audit_row_new_for_field (const StromaAuditEntry *entry,
                                const char             *column)
{
  StromaAuditRow *self = stroma_audit_row_new (entry);

  if (g_strcmp0 (entry->action, "insert") == 0)
    {
      g_autofree char *value = stroma_audit_insert_value (entry, column);

      g_free (self->change);
      /* Translators: the first value of a field in its history: "entered as 45" */
      self->change = g_strdup_printf (_("entered as %s"), value != NULL ? value : "—");
      g_free (self->field);
      self->field = g_strdup (stroma_field_label (column));
    }

  return self;
}
