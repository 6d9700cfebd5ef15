/* stroma-enrol-dialog.c — screening: a new subject, consent and the eligibility checklist
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One form for screening. For a new subject it takes the subject's data (the code suggested in
 * the protocol's pattern), the consent and the checklist; for a subject already screened it
 * shows the stored answers and takes the missing ones — typically the investigator's
 * confirmations. Criteria with a rule are decided as the values are typed (core
 * stroma-eligibility); criteria of judgement take a Yes/No that only an investigator may give.
 * A subject consented and eligible is enrolled; one who is not may be recorded as a screen
 * failure with the reason. Everything is saved in one transaction, or nothing.
 */

#define G_LOG_DOMAIN "stroma-enrol-dialog"

#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "core/stroma-dosing.h"
#include "core/stroma-eligibility.h"
#include "core/stroma-validate.h"
#include "stroma-enrol-dialog.h"
#include "stroma-form.h"
#include "stroma-window-desk.h"

struct _StromaEnrolDialog
{
  AdwWindow             parent_instance;

  /* Template widgets */
  GtkLabel             *error_label;
  GtkWidget            *fail_button;
  AdwPreferencesGroup  *subject_group;
  AdwPreferencesGroup  *consent_group;
  AdwPreferencesGroup  *values_group;
  AdwPreferencesGroup  *checklist_group;
  AdwPreferencesGroup  *reason_group;
  AdwEntryRow          *code_row;
  AdwEntryRow          *initials_row;
  AdwComboRow          *sex_row;
  AdwEntryRow          *birth_row;
  AdwEntryRow          *height_row;
  AdwEntryRow          *weight_row;
  AdwEntryRow          *kps_row;
  AdwEntryRow          *ecog_row;
  AdwComboRow          *donor_row;
  AdwComboRow          *level_row;
  AdwEntryRow          *diagnosis_row;
  AdwEntryRow          *screening_row;
  AdwEntryRow          *consent_row;
  AdwEntryRow          *form_version_row;
  AdwEntryRow          *reason_row;

  /* Owned */
  StromaDesk           *desk;
  gint64                subject_id;
  StromaSubjectRecord  *record;           /* the subject as stored; NULL for a new one */
  GHashTable           *value_rows;       /* criterion field → AdwEntryRow */
  GHashTable           *uln_rows;         /* criterion field → AdwEntryRow */
  GHashTable           *answer_choices;   /* criterion id → GtkDropDown */
  GHashTable           *criterion_rows;   /* criterion id → AdwActionRow */
  GHashTable           *stored;           /* criterion id → StromaEligibility (borrowed) */
  GPtrArray            *donor_ids;
};

G_DEFINE_FINAL_TYPE (StromaEnrolDialog, stroma_enrol_dialog, ADW_TYPE_WINDOW)

static const char * const sex_ids[] = { "", "F", "M", NULL };

/* The answers a judgement takes, in the order of the drop-down */
static const char * const answer_ids[] = { "unknown", "met", "not-met", NULL };

static gboolean
subject_field (const char *field)
{
  return g_str_equal (field, "age") || g_str_equal (field, "kps") || g_str_equal (field, "ecog");
}

static const StromaProtocol *
protocol_of (StromaEnrolDialog *self)
{
  return stroma_desk_get_protocol (self->desk);
}

static char *
value_title (const StromaCriterion *c)
{
  const char *unit = stroma_lab_canonical_unit (c->field);

  if (g_str_equal (c->field, "life_expectancy_months"))
    return g_strdup (_("Estimated survival (months)"));
  if (g_str_equal (c->field, "measurable_lesions"))
    return g_strdup (_("Measurable lesions, RECIST 1.1 (number)"));
  /* Translators: a laboratory value for the checklist: "ALT (U/L)" */
  return g_strdup_printf (_("%s (%s)"), c->field, unit != NULL ? unit : (c->unit ? c->unit : ""));
}

/* Reads the form into a checklist input. Strict: the first invalid value is an error, with
 * the row it is in; otherwise invalid values count as not entered. */
static StromaEligibilityInput *
read_input (StromaEnrolDialog  *self,
            gboolean            strict,
            GtkWidget         **bad,
            GError            **error)
{
  const StromaProtocol *protocol = protocol_of (self);
  g_autoptr(StromaEligibilityInput) input = stroma_eligibility_input_new ();
  g_autofree char *today = stroma_desk_today (self->desk);
  g_autofree char *birth = NULL;
  g_autofree char *screening = NULL;
  StromaDateRule rule = { _("Screening date"), today, 0, NULL, NULL, FALSE };
  GError *local = NULL;
  gint64 whole;

#define FAIL(widget) G_STMT_START { \
    if (strict) { *bad = GTK_WIDGET (widget); g_propagate_error (error, local); return NULL; } \
    g_clear_error (&local); \
  } G_STMT_END

  if (*stroma_form_text (self->screening_row) != '\0' &&
      !stroma_validate_date (stroma_form_text (self->screening_row), &rule, &screening, &local))
    FAIL (self->screening_row);
  if (*stroma_form_text (self->birth_row) != '\0' &&
      !stroma_validate_birth_date (stroma_form_text (self->birth_row), today, &birth, &local))
    FAIL (self->birth_row);
  if (birth != NULL)
    {
      int age = stroma_validate_age_on (birth, screening != NULL ? screening : today);
      if (age >= 0)
        stroma_eligibility_input_set_value (input, "age", age);
    }
  if (*stroma_form_text (self->kps_row) != '\0')
    {
      if (stroma_validate_kps (stroma_form_text (self->kps_row), &whole, &local))
        stroma_eligibility_input_set_value (input, "kps", (double) whole);
      else
        FAIL (self->kps_row);
    }
  if (*stroma_form_text (self->ecog_row) != '\0')
    {
      if (stroma_validate_ecog (stroma_form_text (self->ecog_row), &whole, &local))
        stroma_eligibility_input_set_value (input, "ecog", (double) whole);
      else
        FAIL (self->ecog_row);
    }

  /* Answers already stored stand until changed. */
  if (self->stored != NULL)
    {
      GHashTableIter iter;
      gpointer key, value;

      g_hash_table_iter_init (&iter, self->stored);
      while (g_hash_table_iter_next (&iter, &key, &value))
        stroma_eligibility_input_set_answer (input, key, ((StromaEligibility *) value)->answer);
    }

  for (guint i = 0; i < protocol->criteria->len; i++)
    {
      const StromaCriterion *c = protocol->criteria->pdata[i];
      GtkDropDown *choice = g_hash_table_lookup (self->answer_choices, c->id);
      AdwEntryRow *value_row = c->has_rule ? g_hash_table_lookup (self->value_rows, c->field) : NULL;
      AdwEntryRow *uln_row = c->has_rule ? g_hash_table_lookup (self->uln_rows, c->field) : NULL;

      if (choice != NULL)
        stroma_eligibility_input_set_answer (input, c->id,
                                             answer_ids[gtk_drop_down_get_selected (choice)]);

      if (value_row != NULL && *stroma_form_text (value_row) != '\0')
        {
          double v;
          gboolean ok;

          if (stroma_lab_canonical_unit (c->field) != NULL)
            ok = stroma_lab_value_parse (c->field, stroma_form_text (value_row),
                                         stroma_lab_canonical_unit (c->field), &v, NULL, &local);
          else
            {
              g_autofree char *label = value_title (c);
              ok = stroma_validate_number (stroma_form_text (value_row), label, 0, 1200, &v,
                                           &local);
            }
          if (ok)
            stroma_eligibility_input_set_value (input, c->field, v);
          else
            FAIL (value_row);
        }

      if (uln_row != NULL && *stroma_form_text (uln_row) != '\0')
        {
          double uln;
          g_autofree char *label = g_strdup_printf (_("%s upper limit of normal"), c->field);

          if (stroma_validate_number (stroma_form_text (uln_row), label, 1e-6, 1e6, &uln, &local))
            stroma_eligibility_input_set_uln (input, c->field, uln);
          else
            FAIL (uln_row);
        }
    }

#undef FAIL

  return g_steal_pointer (&input);
}

static const char *
status_icon (const StromaCriterionResult *r)
{
  switch (r->status)
    {
    case STROMA_ELIGIBILITY_MET:
    case STROMA_ELIGIBILITY_NOT_MET:
      return r->passes ? "emblem-ok-symbolic" : "dialog-error-symbolic";
    case STROMA_ELIGIBILITY_NEEDS_VALUE:
    case STROMA_ELIGIBILITY_NEEDS_CONFIRMATION:
    default:
      return "dialog-question-symbolic";
    }
}

/* Would saving change an answer already stored? */
static gboolean
changes_stored (StromaEnrolDialog           *self,
                const StromaCriterionResult *r)
{
  const StromaEligibility *stored = self->stored != NULL
                                    ? g_hash_table_lookup (self->stored, r->criterion->id) : NULL;
  const char *answer;

  if (stored == NULL || g_strcmp0 (stored->answer, "unknown") == 0)
    return FALSE;

  answer = r->status == STROMA_ELIGIBILITY_MET ? "met"
           : r->status == STROMA_ELIGIBILITY_NOT_MET ? "not-met" : "unknown";
  if (g_strcmp0 (stored->answer, answer) != 0)
    return TRUE;

  return r->from_rule && !(isfinite (stored->value) && fabs (stored->value - r->value) < 1e-9);
}

static StromaEligibilityAssessment *
update_checklist (StromaEnrolDialog *self)
{
  g_autoptr(StromaEligibilityInput) input = read_input (self, FALSE, NULL, NULL);
  StromaEligibilityAssessment *a = stroma_eligibility_evaluate (protocol_of (self), input);
  g_autofree char *description = NULL;
  gboolean reason_needed = FALSE;

  for (guint i = 0; i < a->results->len; i++)
    {
      const StromaCriterionResult *r = a->results->pdata[i];
      AdwActionRow *row = g_hash_table_lookup (self->criterion_rows, r->criterion->id);
      GtkImage *icon = g_object_get_data (G_OBJECT (row), "icon");

      adw_action_row_set_subtitle (row, r->explanation);
      gtk_image_set_from_icon_name (icon, status_icon (r));
      if (r->status <= STROMA_ELIGIBILITY_NOT_MET && !r->passes)
        gtk_widget_add_css_class (GTK_WIDGET (icon), "error");
      else
        gtk_widget_remove_css_class (GTK_WIDGET (icon), "error");
      if (r->status <= STROMA_ELIGIBILITY_NOT_MET && r->passes)
        gtk_widget_add_css_class (GTK_WIDGET (icon), "success");
      else
        gtk_widget_remove_css_class (GTK_WIDGET (icon), "success");

      reason_needed |= changes_stored (self, r);
    }

  if (a->eligible)
    description = g_strdup_printf (_("Eligible: all %u criteria are decided and passed."),
                                   a->results->len);
  else if (a->failed)
    description = g_strdup (_("Not eligible: a criterion is not passed. Record a screen failure "
                              "with its reason, or correct the value."));
  else
    description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                "%u criterion still open: enter its value, or an "
                                                "investigator confirms it.",
                                                "%u criteria still open: enter their values, or an "
                                                "investigator confirms them.", a->n_open),
                                   a->n_open);
  adw_preferences_group_set_description (self->checklist_group, description);
  gtk_widget_set_visible (GTK_WIDGET (self->reason_group), reason_needed);

  return a;
}

static void
on_changed (StromaEnrolDialog *self)
{
  g_autoptr(StromaEligibilityAssessment) a = update_checklist (self);
}

static AdwEntryRow *
add_entry_row (StromaEnrolDialog   *self,
               AdwPreferencesGroup *group,
               const char          *title)
{
  AdwEntryRow *row = ADW_ENTRY_ROW (adw_entry_row_new ());

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_group_add (group, GTK_WIDGET (row));
  g_signal_connect_swapped (row, "changed", G_CALLBACK (on_changed), self);
  return row;
}

static void
build_checklist (StromaEnrolDialog *self)
{
  const StromaProtocol *protocol = protocol_of (self);
  gboolean may_confirm = stroma_desk_may (self->desk, STROMA_ACTION_CONFIRM_ELIGIBILITY);
  gboolean any_value = FALSE;

  for (guint i = 0; i < protocol->criteria->len; i++)
    {
      const StromaCriterion *c = protocol->criteria->pdata[i];
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-question-symbolic");
      g_autofree char *title = NULL;

      /* Translators: an eligibility criterion: "Inclusion: Both genders, aged ≥ 18 and ≤ 60." */
      title = g_strdup_printf (g_str_equal (c->kind, "exclusion") ? _("Exclusion: %s")
                                                                  : _("Inclusion: %s"), c->text);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      g_object_set_data (G_OBJECT (row), "icon", icon);
      adw_preferences_group_add (self->checklist_group, row);
      g_hash_table_insert (self->criterion_rows, c->id, row);

      if (stroma_criterion_needs_judgement (c))
        {
          static const char * const labels[] = { N_("Not assessed"), N_("Yes"), N_("No"), NULL };
          const char *translated[4] = { _(labels[0]), _(labels[1]), _(labels[2]), NULL };
          GtkWidget *choice = gtk_drop_down_new_from_strings (translated);

          gtk_widget_set_valign (choice, GTK_ALIGN_CENTER);
          gtk_widget_set_sensitive (choice, may_confirm);
          gtk_widget_set_tooltip_text (choice, may_confirm
                                               ? _("Does this apply to the subject?")
                                               : _("Only an investigator confirms this criterion."));
          gtk_accessible_update_property (GTK_ACCESSIBLE (choice), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                          c->text, -1);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), choice);
          g_hash_table_insert (self->answer_choices, c->id, choice);
          g_signal_connect_swapped (choice, "notify::selected", G_CALLBACK (on_changed), self);
        }
      else if (!subject_field (c->field) && !g_hash_table_contains (self->value_rows, c->field))
        {
          g_autofree char *vtitle = value_title (c);

          g_hash_table_insert (self->value_rows, c->field,
                               add_entry_row (self, self->values_group, vtitle));
          if (c->relative_to_uln)
            {
              g_autofree char *utitle = g_strdup_printf (_("%s upper limit of normal (%s)"), c->field,
                                                         stroma_lab_canonical_unit (c->field));
              g_hash_table_insert (self->uln_rows, c->field,
                                   add_entry_row (self, self->values_group, utitle));
            }
          any_value = TRUE;
        }
    }

  gtk_widget_set_visible (GTK_WIDGET (self->values_group), any_value);
}

static char *
suggest_code (StromaEnrolDialog *self)
{
  const StromaProtocol *protocol = protocol_of (self);
  GListModel *subjects = stroma_trial_get_subjects (stroma_desk_get_trial (self->desk));
  gsize prefix = strlen (protocol->subject_code_prefix);
  guint64 highest = 0;

  for (guint i = 0; i < g_list_model_get_n_items (subjects); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (subjects, i);
      g_autofree char *code = NULL;
      guint64 n;

      g_object_get (item, "code", &code, NULL);
      if (code != NULL && strlen (code) > prefix &&
          g_ascii_string_to_unsigned (code + prefix, 10, 0, G_MAXUINT, &n, NULL))
        highest = MAX (highest, n);
    }

  return stroma_protocol_format_subject_code (protocol, (guint) highest + 1);
}

static void
fill_combos (StromaEnrolDialog *self)
{
  const StromaProtocol *protocol = protocol_of (self);
  static const char * const sex_labels[] = { N_("Choose…"), N_("Female"), N_("Male"), NULL };
  const char *sex[4] = { _(sex_labels[0]), _(sex_labels[1]), _(sex_labels[2]), NULL };
  g_autoptr(GPtrArray) donors = g_ptr_array_new ();
  g_autoptr(GPtrArray) levels = g_ptr_array_new_with_free_func (g_free);

  stroma_form_combo_set_ids (self->sex_row, sex);

  self->donor_ids = g_ptr_array_new ();
  g_ptr_array_add (donors, (gpointer) _(sex_labels[0]));
  g_ptr_array_add (self->donor_ids, (gpointer) "");
  for (guint i = 0; protocol->strata != NULL && protocol->strata[i] != NULL; i++)
    {
      g_ptr_array_add (donors, protocol->strata_labels[i]);
      g_ptr_array_add (self->donor_ids, protocol->strata[i]);
    }
  g_ptr_array_add (donors, NULL);
  g_ptr_array_add (self->donor_ids, NULL);
  stroma_form_combo_set_ids (self->donor_row, (const char * const *) donors->pdata);
  gtk_widget_set_visible (GTK_WIDGET (self->donor_row),
                          protocol->strata != NULL && protocol->strata[0] != NULL);

  if (protocol->product != NULL && protocol->product->dose_levels != NULL)
    {
      for (guint i = 0; i < protocol->product->dose_levels->len; i++)
        {
          g_autofree char *cells = stroma_format_cells (g_array_index (protocol->product->dose_levels,
                                                                       double, i));
          /* Translators: "Level 2 — 1.00×10⁶ cells/kg" */
          g_ptr_array_add (levels, g_strdup_printf (_("Level %u — %s cells/kg"), i + 1, cells));
        }
      g_ptr_array_add (levels, NULL);
      stroma_form_combo_set_ids (self->level_row, (const char * const *) levels->pdata);
      if (protocol->escalation != NULL && protocol->escalation->start_level >= 1)
        adw_combo_row_set_selected (self->level_row, protocol->escalation->start_level - 1);
    }
  else
    gtk_widget_set_visible (GTK_WIDGET (self->level_row), FALSE);
}

static void
load_existing (StromaEnrolDialog *self)
{
  g_autoptr(GError) error = NULL;
  const StromaSubject *s;
  GtkWidget *subject_rows[] = {
    GTK_WIDGET (self->code_row), GTK_WIDGET (self->initials_row), GTK_WIDGET (self->sex_row),
    GTK_WIDGET (self->birth_row), GTK_WIDGET (self->height_row), GTK_WIDGET (self->weight_row),
    GTK_WIDGET (self->kps_row), GTK_WIDGET (self->ecog_row), GTK_WIDGET (self->donor_row),
    GTK_WIDGET (self->level_row), GTK_WIDGET (self->diagnosis_row), GTK_WIDGET (self->screening_row),
  };

  self->record = stroma_trial_load_subject (stroma_desk_get_trial (self->desk), self->subject_id,
                                            &error);
  if (self->record == NULL)
    {
      stroma_form_show_error (self->error_label, NULL, error);
      return;
    }

  s = self->record->subject;
  stroma_form_set_text (self->code_row, s->code);
  stroma_form_set_text (self->initials_row, s->initials);
  stroma_form_combo_select (self->sex_row, sex_ids, s->sex);
  stroma_form_set_text (self->birth_row, s->birth_date);
  stroma_form_set_double (self->height_row, s->height_cm, 1);
  stroma_form_set_double (self->weight_row, s->weight_kg, 1);
  if (s->kps != STROMA_NO_INT)
    stroma_form_set_double (self->kps_row, (double) s->kps, 0);
  if (s->ecog != STROMA_NO_INT)
    stroma_form_set_double (self->ecog_row, (double) s->ecog, 0);
  stroma_form_combo_select (self->donor_row, (const char * const *) self->donor_ids->pdata,
                            s->donor_type);
  if (s->dose_level != STROMA_NO_INT && s->dose_level >= 1)
    adw_combo_row_set_selected (self->level_row, (guint) s->dose_level - 1);
  stroma_form_set_text (self->diagnosis_row, s->diagnosis);
  stroma_form_set_text (self->screening_row, s->screening_date);

  /* The subject's own data is corrected in Subject Data and History, with its reasons. */
  for (guint i = 0; i < G_N_ELEMENTS (subject_rows); i++)
    gtk_widget_set_sensitive (subject_rows[i], FALSE);
  adw_preferences_group_set_description (self->subject_group,
                                         _("To correct these, use Subject Data and History "
                                           "(Ctrl+H)."));

  if (self->record->consent != NULL)
    {
      stroma_form_set_text (self->consent_row, self->record->consent->consent_date);
      stroma_form_set_text (self->form_version_row, self->record->consent->form_version);
      gtk_widget_set_sensitive (GTK_WIDGET (self->consent_row), FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->form_version_row), FALSE);
    }

  self->stored = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < self->record->eligibility->len; i++)
    {
      StromaEligibility *e = self->record->eligibility->pdata[i];
      StromaEligibility *seen = g_hash_table_lookup (self->stored, e->criterion_id);

      if (seen == NULL || seen->parent.id < e->parent.id)
        g_hash_table_insert (self->stored, e->criterion_id, e);
    }

  {
    GHashTableIter iter;
    gpointer key, value;

    g_hash_table_iter_init (&iter, self->stored);
    while (g_hash_table_iter_next (&iter, &key, &value))
      {
        StromaEligibility *e = value;
        GtkDropDown *choice = g_hash_table_lookup (self->answer_choices, key);
        const StromaCriterion *c = stroma_protocol_find_criterion (protocol_of (self), key);

        if (choice != NULL)
          for (guint k = 0; answer_ids[k] != NULL; k++)
            if (g_strcmp0 (answer_ids[k], e->answer) == 0)
              gtk_drop_down_set_selected (choice, k);
        if (c != NULL && c->has_rule && !c->relative_to_uln && isfinite (e->value) &&
            g_hash_table_lookup (self->value_rows, c->field) != NULL)
          stroma_form_set_double (g_hash_table_lookup (self->value_rows, c->field), e->value, 2);
      }
  }

  {
    g_autofree char *title = g_strdup_printf (_("Eligibility and Consent — %s"), s->code);
    gtk_window_set_title (GTK_WINDOW (self), title);
  }

  if (g_strcmp0 (s->status, "screening") != 0 && g_strcmp0 (s->status, "enrolled") != 0)
    gtk_widget_set_visible (self->fail_button, FALSE);
}

/* Reads and checks the subject's own fields into @s. */
static gboolean
read_subject (StromaEnrolDialog  *self,
              StromaSubject      *s,
              GtkWidget         **bad,
              GError            **error)
{
  const StromaProtocol *protocol = protocol_of (self);
  g_autofree char *today = stroma_desk_today (self->desk);
  StromaDateRule screening = { _("Screening date"), today, 0, NULL, NULL, FALSE };
  const char *donor;

#define CHECK(call, widget) G_STMT_START { if (!(call)) { *bad = GTK_WIDGET (widget); return FALSE; } } G_STMT_END

  CHECK (stroma_validate_initials (stroma_form_text (self->initials_row), &s->initials, error),
         self->initials_row);
  CHECK (stroma_validate_subject_code (protocol, stroma_form_text (self->code_row), s->initials,
                                       &s->code, error), self->code_row);
  CHECK (stroma_validate_sex (stroma_form_combo_id (self->sex_row, sex_ids), &s->sex, error),
         self->sex_row);
  CHECK (stroma_validate_birth_date (stroma_form_text (self->birth_row), today, &s->birth_date,
                                     error), self->birth_row);
  CHECK (stroma_validate_height (stroma_form_text (self->height_row), &s->height_cm, error),
         self->height_row);
  CHECK (stroma_validate_weight (stroma_form_text (self->weight_row), &s->weight_kg, error),
         self->weight_row);
  CHECK (stroma_validate_kps (stroma_form_text (self->kps_row), &s->kps, error), self->kps_row);
  if (*stroma_form_text (self->ecog_row) != '\0')
    CHECK (stroma_validate_ecog (stroma_form_text (self->ecog_row), &s->ecog, error),
           self->ecog_row);

  if (gtk_widget_get_visible (GTK_WIDGET (self->donor_row)))
    {
      donor = stroma_form_combo_id (self->donor_row, (const char * const *) self->donor_ids->pdata);
      if (donor == NULL || *donor == '\0')
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               _("Donor type: choose the donor type; the subject is randomized "
                                 "in its stratum and conditioned with its regimen."));
          *bad = GTK_WIDGET (self->donor_row);
          return FALSE;
        }
      s->donor_type = g_strdup (donor);
    }
  if (gtk_widget_get_visible (GTK_WIDGET (self->level_row)))
    s->dose_level = adw_combo_row_get_selected (self->level_row) + 1;

  CHECK (stroma_validate_date (stroma_form_text (self->screening_row), &screening,
                               &s->screening_date, error), self->screening_row);
  if (*stroma_form_text (self->diagnosis_row) != '\0')
    s->diagnosis = g_strstrip (g_strdup (stroma_form_text (self->diagnosis_row)));

#undef CHECK
  return TRUE;
}

/* Saves the form in one transaction. @failure: record a screen failure with this reason. */
static gboolean
save (StromaEnrolDialog  *self,
      const char         *failure)
{
  StromaStore *store = stroma_desk_get_store (self->desk);
  g_autofree char *today = stroma_desk_today (self->desk);
  g_autoptr(StromaEligibilityInput) input = NULL;
  g_autoptr(StromaEligibilityAssessment) a = NULL;
  g_autoptr(StromaSubject) subject = NULL;
  g_autoptr(StromaConsent) consent = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *reason = NULL;
  GtkWidget *bad = NULL;
  StromaEditContext context = stroma_desk_context (self->desk, NULL);
  const char *consent_date = NULL;
  gboolean has_consent;

  stroma_form_clear_error (self->error_label, self->code_row, self->initials_row, self->sex_row,
                           self->birth_row, self->height_row, self->weight_row, self->kps_row,
                           self->ecog_row, self->donor_row, self->screening_row, self->consent_row,
                           self->reason_row, NULL);

  /* The subject */
  if (self->record == NULL)
    {
      subject = stroma_record_new (STROMA_RECORD_SUBJECT);
      subject->status = g_strdup ("screening");
      if (!read_subject (self, subject, &bad, &error))
        goto invalid;
    }
  else
    subject = stroma_record_copy (self->record->subject);

  /* The consent: not in the future, and no screening before it (DI-3) */
  if (self->record == NULL || self->record->consent == NULL)
    {
      const char *text = stroma_form_text (self->consent_row);
      g_autofree char *trimmed = g_strstrip (g_strdup (text));

      if (*trimmed != '\0')
        {
          StromaDateRule rule = { _("Consent date"), today, 0, subject->birth_date,
                                  _("the birth date"), TRUE };

          consent = stroma_record_new (STROMA_RECORD_CONSENT);
          if (!stroma_validate_date (text, &rule, &consent->consent_date, &error))
            {
              bad = GTK_WIDGET (self->consent_row);
              goto invalid;
            }
          if (subject->screening_date != NULL &&
              g_strcmp0 (subject->screening_date, consent->consent_date) < 0)
            {
              g_set_error (&error, STROMA_VALIDATE_ERROR, STROMA_VALIDATE_ERROR_ORDER,
                           _("Consent date: %s is after the screening date (%s); nothing is "
                             "done for the study before consent. Check both dates."),
                           consent->consent_date, subject->screening_date);
              bad = GTK_WIDGET (self->consent_row);
              goto invalid;
            }
          consent->form_version = g_strstrip (g_strdup (stroma_form_text (self->form_version_row)));
          consent->obtained_by = g_strdup (stroma_desk_get_user (self->desk));
          consent_date = consent->consent_date;
        }
    }
  else
    consent_date = self->record->consent->consent_date;
  has_consent = consent_date != NULL;

  input = read_input (self, TRUE, &bad, &error);
  if (input == NULL)
    goto invalid;
  a = stroma_eligibility_evaluate (protocol_of (self), input);

  if (gtk_widget_get_visible (GTK_WIDGET (self->reason_group)) &&
      !stroma_validate_reason (stroma_form_text (self->reason_row), &reason, &error))
    {
      bad = GTK_WIDGET (self->reason_row);
      goto invalid;
    }

  /* Everything is valid: one transaction */
  if (!stroma_store_begin (store, &context, &error))
    goto failed;

  if (self->record == NULL && !stroma_store_save (store, NULL, subject, &error))
    goto rollback;

  if (consent != NULL)
    {
      consent->parent.subject_id = subject->parent.id;
      if (!stroma_store_save (store, NULL, consent, &error))
        goto rollback;
    }

  for (guint i = 0; i < a->results->len; i++)
    {
      const StromaCriterionResult *r = a->results->pdata[i];
      StromaEligibility *stored = self->stored != NULL
                                  ? g_hash_table_lookup (self->stored, r->criterion->id) : NULL;
      g_autoptr(StromaEligibility) e = NULL;
      const char *answer = r->status == STROMA_ELIGIBILITY_MET ? "met"
                           : r->status == STROMA_ELIGIBILITY_NOT_MET ? "not-met" : NULL;
      StromaEditContext change = stroma_desk_context (self->desk, reason);

      if (answer == NULL && (stored == NULL || g_strcmp0 (stored->answer, "unknown") == 0))
        continue;
      if (stored != NULL && !changes_stored (self, r) && g_strcmp0 (stored->answer, "unknown") != 0)
        continue;

      e = stored != NULL ? stroma_record_copy (stored) : stroma_record_new (STROMA_RECORD_ELIGIBILITY);
      e->parent.subject_id = subject->parent.id;
      g_free (e->criterion_id);
      e->criterion_id = g_strdup (r->criterion->id);
      g_free (e->answer);
      e->answer = g_strdup (answer != NULL ? answer : "unknown");
      e->value = r->from_rule ? r->value : NAN;
      g_free (e->unit);
      e->unit = r->from_rule ? g_strdup (r->unit) : NULL;
      g_free (e->assessed_on);
      e->assessed_on = g_strdup (today);
      g_free (e->assessed_by);
      e->assessed_by = g_strdup (stroma_desk_get_user (self->desk));

      if (!stroma_store_save (store, e->parent.id != 0 ? &change : NULL, e, &error))
        goto rollback;
    }

  if (failure != NULL)
    {
      StromaEditContext why = stroma_desk_context (self->desk, failure);

      g_free (subject->status);
      subject->status = g_strdup ("screen-failed");
      subject->screen_fail_reason = g_strdup (failure);
      if (!stroma_store_save (store, &why, subject, &error))
        goto rollback;
    }
  else if (has_consent && a->eligible && g_strcmp0 (subject->status, "screening") == 0)
    {
      StromaEditContext why = stroma_desk_context (self->desk,
                                                   _("consented and eligible: enrolled"));

      g_free (subject->status);
      subject->status = g_strdup ("enrolled");
      if (!stroma_store_save (store, &why, subject, &error))
        goto rollback;
    }

  if (!stroma_store_commit (store, &error))
    goto failed;

  self->subject_id = subject->parent.id;
  {
    GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

    if (STROMA_IS_WINDOW (parent))
      stroma_window_desk_saved (STROMA_WINDOW (parent), subject->parent.id);
    else
      stroma_desk_saved (self->desk, subject->parent.id);
  }
  gtk_window_close (GTK_WINDOW (self));
  return TRUE;

rollback:
  stroma_store_rollback (store);
failed:
  /* A subject inserted in the rolled-back transaction was never saved. */
  if (self->record == NULL)
    subject->parent.id = 0;
  stroma_form_show_error (self->error_label, NULL, error);
  return FALSE;

invalid:
  stroma_form_show_error (self->error_label, bad, error);
  return FALSE;
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  save (STROMA_ENROL_DIALOG (widget), NULL);
}

static void
on_failure_response (AdwMessageDialog *dialog,
                     const char       *response,
                     gpointer          user_data)
{
  StromaEnrolDialog *self = user_data;
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));

  if (g_strcmp0 (response, "record") == 0)
    stroma_enrol_dialog_screen_failure (self, gtk_editable_get_text (entry));
}

static void
screen_failure_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  StromaEnrolDialog *self = STROMA_ENROL_DIALOG (widget);
  g_autoptr(StromaEligibilityAssessment) a = update_checklist (self);
  g_autoptr(GString) failed = g_string_new (NULL);
  GtkWidget *dialog;
  GtkWidget *entry = gtk_entry_new ();

  for (guint i = 0; i < a->results->len; i++)
    {
      const StromaCriterionResult *r = a->results->pdata[i];

      if (r->status <= STROMA_ELIGIBILITY_NOT_MET && !r->passes)
        g_string_append_printf (failed, "%s%s (%s)", failed->len ? "; " : "", r->criterion->id,
                                r->explanation);
    }

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Record a Screen Failure?"),
                                   _("The subject stays in the trial file as screened and not "
                                     "enrolled, with the reason below."));
  gtk_editable_set_text (GTK_EDITABLE (entry), failed->str);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Why the subject does not enter the trial"));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "record", _("_Record Screen Failure"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "record",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "record");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (on_failure_response), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

/**
 * stroma_enrol_dialog_screen_failure:
 * @self: the dialog
 * @reason: why the subject does not enter the trial
 *
 * Saves the form as a screen failure with @reason; a reason that says nothing is refused in
 * the form's message line.
 *
 * Returns: %TRUE when saved
 */
gboolean
stroma_enrol_dialog_screen_failure (StromaEnrolDialog *self,
                                    const char        *reason)
{
  g_autofree char *why = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (STROMA_IS_ENROL_DIALOG (self), FALSE);

  if (!stroma_validate_reason (reason, &why, &error))
    {
      stroma_form_show_error (self->error_label, NULL, error);
      return FALSE;
    }

  return save (self, why);
}

/**
 * stroma_enrol_dialog_set_answer:
 * @self: the dialog
 * @criterion_id: a criterion of judgement
 * @answer: "met", "not-met" or "unknown"
 *
 * What choosing in the criterion's drop-down does.
 *
 * Returns: %TRUE when the criterion takes an answer and the user may give it
 */
gboolean
stroma_enrol_dialog_set_answer (StromaEnrolDialog *self,
                                const char        *criterion_id,
                                const char        *answer)
{
  GtkDropDown *choice;

  g_return_val_if_fail (STROMA_IS_ENROL_DIALOG (self), FALSE);

  choice = g_hash_table_lookup (self->answer_choices, criterion_id);
  if (choice == NULL || !gtk_widget_get_sensitive (GTK_WIDGET (choice)))
    return FALSE;

  for (guint k = 0; answer_ids[k] != NULL; k++)
    if (g_strcmp0 (answer_ids[k], answer) == 0)
      {
        gtk_drop_down_set_selected (choice, k);
        return TRUE;
      }

  return FALSE;
}

/**
 * stroma_enrol_dialog_set_value:
 * @self: the dialog
 * @field: a criterion field with a value row ("life_expectancy_months", a lab test code)
 * @value: the value as typed
 * @uln: (nullable): the upper limit of normal as typed, for relative limits
 *
 * Returns: %TRUE when the form has a row for @field
 */
gboolean
stroma_enrol_dialog_set_value (StromaEnrolDialog *self,
                               const char        *field,
                               const char        *value,
                               const char        *uln)
{
  AdwEntryRow *row;

  g_return_val_if_fail (STROMA_IS_ENROL_DIALOG (self), FALSE);

  if ((row = g_hash_table_lookup (self->value_rows, field)) == NULL)
    return FALSE;
  stroma_form_set_text (row, value);
  if (uln != NULL && (row = g_hash_table_lookup (self->uln_rows, field)) != NULL)
    stroma_form_set_text (row, uln);

  return TRUE;
}

gint64
stroma_enrol_dialog_get_subject_id (StromaEnrolDialog *self)
{
  g_return_val_if_fail (STROMA_IS_ENROL_DIALOG (self), 0);
  return self->subject_id;
}

static void
stroma_enrol_dialog_dispose (GObject *object)
{
  StromaEnrolDialog *self = STROMA_ENROL_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), STROMA_TYPE_ENROL_DIALOG);
  g_clear_object (&self->desk);
  g_clear_pointer (&self->record, stroma_subject_record_free);
  g_clear_pointer (&self->value_rows, g_hash_table_unref);
  g_clear_pointer (&self->uln_rows, g_hash_table_unref);
  g_clear_pointer (&self->answer_choices, g_hash_table_unref);
  g_clear_pointer (&self->criterion_rows, g_hash_table_unref);
  g_clear_pointer (&self->stored, g_hash_table_unref);
  g_clear_pointer (&self->donor_ids, g_ptr_array_unref);

  G_OBJECT_CLASS (stroma_enrol_dialog_parent_class)->dispose (object);
}

static void
stroma_enrol_dialog_class_init (StromaEnrolDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = stroma_enrol_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE_PATH "/ui/stroma-enrol-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, StromaEnrolDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, StromaEnrolDialog, fail_button);
  gtk_widget_class_bind_template_child (widget_class, StromaEnrolDialog, subject_group);
  gtk_widget_class_bind_template_child (widget_class, StromaEnrolDialog, consent_group);
  gtk_widget_class_bind_template_child (widget_class, StromaEnrolDialog, values_group);
  gtk_widget_class_bind_template_child (widget_class, StromaEnrolDialog, checklist_group);
  gtk_widget_class_bind_template_child (widget_class, StromaEnrolDialog, reason_group);
  gtk_widget_class_bind_template_child (widget_class, StromaEnrolDialog, code_row);
  gtk_widget_class_bind_template_child (widget_class, StromaEnrolDialog, initials_row);
  gtk_widget_class_bind_template_child (widget_class, StromaEnrolDialog, sex_row);
  gtk_widget_class_bind_template_child (widget_class, StromaEnrolDialog, birth_row);
  gtk_widget_class_bind_template_child (widget_class, StromaEnrolDialog, height_row);
  gtk_widget_class_bind_template_child (widget_class, StromaEnrolDialog, weight_row);
  gtk_widget_class_bind_template_child (widget_class, StromaEnrolDialog, kps_row);
  gtk_widget_class_bind_template_child (widget_class, StromaEnrolDialog, ecog_row);
  gtk_widget_class_bind_template_child (widget_class, StromaEnrolDialog, donor_row);
  gtk_widget_class_bind_template_child (widget_class, StromaEnrolDialog, level_row);
  gtk_widget_class_bind_template_child (widget_class, StromaEnrolDialog, diagnosis_row);
  gtk_widget_class_bind_template_child (widget_class, StromaEnrolDialog, screening_row);
  gtk_widget_class_bind_template_child (widget_class, StromaEnrolDialog, consent_row);
  gtk_widget_class_bind_template_child (widget_class, StromaEnrolDialog, form_version_row);
  gtk_widget_class_bind_template_child (widget_class, StromaEnrolDialog, reason_row);

  gtk_widget_class_install_action (widget_class, "dialog.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "dialog.screen-failure", NULL,
                                   screen_failure_action);
}

static void
stroma_enrol_dialog_init (StromaEnrolDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->value_rows = g_hash_table_new (g_str_hash, g_str_equal);
  self->uln_rows = g_hash_table_new (g_str_hash, g_str_equal);
  self->answer_choices = g_hash_table_new (g_str_hash, g_str_equal);
  self->criterion_rows = g_hash_table_new (g_str_hash, g_str_equal);
}

/**
 * stroma_enrol_dialog_new:
 * @parent: the trial window
 * @desk: its desk
 * @subject_id: a subject already screened, or 0 for a new one
 *
 * Returns: (transfer none): the dialog, not yet shown
 */
GtkWindow *
stroma_enrol_dialog_new (GtkWindow  *parent,
                         StromaDesk *desk,
                         gint64      subject_id)
{
  StromaEnrolDialog *self;

  g_return_val_if_fail (STROMA_IS_DESK (desk), NULL);

  self = g_object_new (STROMA_TYPE_ENROL_DIALOG, NULL);
  self->desk = g_object_ref (desk);
  self->subject_id = subject_id;
  stroma_form_init (GTK_WINDOW (self), parent);

  fill_combos (self);
  build_checklist (self);

  if (subject_id != 0)
    load_existing (self);
  else
    {
      g_autofree char *code = suggest_code (self);
      g_autofree char *today = stroma_desk_today (desk);

      stroma_form_set_text (self->code_row, code);
      stroma_form_set_text (self->screening_row, today);
      stroma_form_set_text (self->form_version_row, stroma_desk_get_protocol (desk)->version);
    }

  {
    AdwEntryRow *watched[] = { self->birth_row, self->kps_row, self->ecog_row, self->screening_row };
    for (guint i = 0; i < G_N_ELEMENTS (watched); i++)
      g_signal_connect_swapped (watched[i], "changed", G_CALLBACK (on_changed), self);
  }

  stroma_form_require_user (desk, STROMA_ACTION_ENTER_DATA, self->error_label);
  on_changed (self);
  gtk_widget_grab_focus (GTK_WIDGET (subject_id != 0 ? self->consent_row : self->initials_row));

  return GTK_WINDOW (self);
}
