/* stroma-randomize-dialog.c — randomize one subject, and show the allocation once
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two message dialogs. The first says what randomizing will read — consent, the eligibility
 * checklist, the stratum from the subject's own data — and that it cannot be undone; the store
 * checks all of it again (stroma_store_randomize). The second reveals the arm, with the
 * stratum and sequence, once: the allocation is in the subject's record and audit trail, and
 * no screen offers to randomize again.
 */

#define G_LOG_DOMAIN "stroma-randomize-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "core/stroma-eligibility.h"
#include "stroma-form.h"
#include "stroma-randomize-dialog.h"
#include "stroma-window-desk.h"

typedef struct
{
  StromaDesk *desk;
  gint64      subject_id;
  GtkWindow  *parent;
} Randomize;

static void
randomize_free (Randomize *r)
{
  g_clear_object (&r->desk);
  g_clear_weak_pointer (&r->parent);
  g_free (r);
}

static GtkWindow *
message (GtkWindow  *parent,
         const char *heading,
         const char *body)
{
  GtkWidget *dialog = adw_message_dialog_new (parent, heading, body);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "close");
  gtk_window_present (GTK_WINDOW (dialog));
  return GTK_WINDOW (dialog);
}

static void
on_response (AdwMessageDialog *dialog,
             const char       *response,
             gpointer          user_data)
{
  Randomize *r = user_data;
  StromaEditContext context = stroma_desk_context (r->desk, NULL);
  g_autoptr(StromaAllocation) allocation = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  const StromaProtocol *protocol;
  const StromaArm *arm;

  if (g_strcmp0 (response, "randomize") != 0)
    return;

  allocation = stroma_store_randomize (stroma_desk_get_store (r->desk), &context, r->subject_id,
                                       &error);
  if (allocation == NULL)
    {
      g_autofree char *text = stroma_form_describe_error (error);
      message (r->parent, _("Not Randomized"), text);
      return;
    }

  protocol = stroma_desk_get_protocol (r->desk);
  arm = stroma_protocol_find_arm (protocol, allocation->arm);
  heading = g_strdup (arm != NULL ? arm->label : allocation->arm);
  body = g_strdup_printf (_("Stratum: %s. Sequence %lld in the stratum’s list. "
                            "Allocated by %s at %s (UTC).\n\nThe allocation is final. It is in "
                            "the subject’s record and audit trail; this window does not come "
                            "back."),
                          stroma_protocol_get_stratum_label (protocol, allocation->stratum)
                          ? stroma_protocol_get_stratum_label (protocol, allocation->stratum)
                          : allocation->stratum,
                          (long long) allocation->sequence, allocation->allocated_by,
                          allocation->allocated_at);
  message (r->parent, heading, body);

  if (STROMA_IS_WINDOW (r->parent))
    stroma_window_desk_saved (STROMA_WINDOW (r->parent), r->subject_id);
  else
    stroma_desk_saved (r->desk, r->subject_id);
}

/**
 * stroma_randomize_dialog_present:
 * @parent: the trial window
 * @desk: its desk
 * @subject_id: the subject
 *
 * Asks to randomize the subject, or says why it cannot be.
 *
 * Returns: (transfer none): the dialog shown
 */
GtkWindow *
stroma_randomize_dialog_present (GtkWindow  *parent,
                                 StromaDesk *desk,
                                 gint64      subject_id)
{
  g_autoptr(StromaSubjectRecord) record = NULL;
  g_autoptr(StromaEligibilityAssessment) eligibility = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  const StromaProtocol *protocol;
  const char *stratum_label;
  GtkWidget *dialog;
  Randomize *r;

  g_return_val_if_fail (STROMA_IS_DESK (desk), NULL);

  protocol = stroma_desk_get_protocol (desk);
  record = stroma_trial_load_subject (stroma_desk_get_trial (desk), subject_id, &error);
  if (record == NULL)
    return message (parent, _("Cannot Randomize"), error->message);

  if (record->allocation != NULL)
    {
      body = g_strdup_printf (_("%s was randomized on %s by %s. An allocation is never "
                                "repeated."), record->subject->code,
                              record->allocation->allocated_at, record->allocation->allocated_by);
      return message (parent, _("Already Randomized"), body);
    }

  if (!stroma_desk_may (desk, STROMA_ACTION_RANDOMIZE))
    {
      g_autofree char *who = stroma_desk_describe_user (desk);
      body = g_strdup_printf (_("%s may not randomize subjects. Sign in as a coordinator or an "
                                "investigator."), who);
      return message (parent, _("Cannot Randomize"), body);
    }

  if (g_strcmp0 (protocol->allocation_method, "cohort") == 0)
    return message (parent, _("No Randomization"),
                    _("This trial assigns subjects to dose-level cohorts at enrolment; it does "
                      "not randomize."));

  eligibility = stroma_eligibility_from_record (protocol, record);
  if (record->consent == NULL || !eligibility->eligible)
    {
      body = record->consent == NULL
             ? g_strdup_printf (_("%s has no informed consent on record. Record the consent "
                                  "date (Ctrl+E) first."), record->subject->code)
             : eligibility->failed
             ? g_strdup_printf (_("%s does not meet the eligibility criteria. Record a screen "
                                  "failure instead (Ctrl+E)."), record->subject->code)
             : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "%s has %u eligibility criterion still open: "
                                             "complete the checklist (Ctrl+E); criteria of "
                                             "judgement are confirmed by an investigator.",
                                             "%s has %u eligibility criteria still open: "
                                             "complete the checklist (Ctrl+E); criteria of "
                                             "judgement are confirmed by an investigator.",
                                             eligibility->n_open),
                                record->subject->code, eligibility->n_open);
      return message (parent, _("Not Ready to Randomize"), body);
    }

  stratum_label = stroma_protocol_get_stratum_label (protocol, record->subject->donor_type);
  heading = g_strdup_printf (_("Randomize %s?"), record->subject->code);
  body = g_strdup_printf (_("Consent %s · all %u eligibility criteria passed · stratum %s "
                            "(the subject’s donor type).\n\nThe arm comes from the trial’s "
                            "concealed list, in sequence. Randomization cannot be undone."),
                          record->consent->consent_date, eligibility->results->len,
                          stratum_label != NULL ? stratum_label : _("(none)"));

  dialog = adw_message_dialog_new (parent, heading, body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "randomize", _("_Randomize"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "randomize",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  r = g_new0 (Randomize, 1);
  r->desk = g_object_ref (desk);
  r->subject_id = subject_id;
  g_set_weak_pointer (&r->parent, parent);
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_response), r,
                         (GClosureNotify) randomize_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));

  return GTK_WINDOW (dialog);
}
