/* stroma-subject-item.c — one subject as a list item
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A read-only view of a subject for list models: the columns bind to its properties. The
 * derived columns (day after transplant, response, alerts) read the subject's summary, which
 * core derives once when the trial loads and the trial hands over when it is ready.
 */

#define G_LOG_DOMAIN "stroma-subject-item"

#include "config.h"

#include <glib/gi18n.h>

#include "stroma-subject-item.h"

struct _StromaSubjectItem
{
  GObject               parent_instance;
  StromaSubject        *subject;
  char                 *arm_id;
  char                 *arm;
  char                 *donor;
  StromaSubjectSummary *summary;
};

enum {
  PROP_0,
  PROP_CODE,
  PROP_INITIALS,
  PROP_ARM,
  PROP_ARM_ID,
  PROP_DONOR_TYPE,
  PROP_STATUS,
  PROP_STATUS_ID,
  PROP_DERIVED,
  PROP_DAY,
  PROP_DAY_LABEL,
  PROP_RESPONSE,
  PROP_RESPONSE_RANK,
  PROP_RESPONSE_CLASSES,
  PROP_RESPONSE_TOOLTIP,
  PROP_ENDPOINTS,
  PROP_N_ALERTS,
  PROP_ALERT_ICON,
  PROP_ALERT_LABEL,
  PROP_ALERT_TOOLTIP,
  PROP_ALERT_STATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (StromaSubjectItem, stroma_subject_item, G_TYPE_OBJECT)

static void
stroma_subject_item_finalize (GObject *object)
{
  StromaSubjectItem *self = STROMA_SUBJECT_ITEM (object);

  g_clear_pointer (&self->subject, stroma_record_free);
  g_clear_pointer (&self->arm_id, g_free);
  g_clear_pointer (&self->arm, g_free);
  g_clear_pointer (&self->donor, g_free);
  g_clear_pointer (&self->summary, stroma_subject_summary_free);

  G_OBJECT_CLASS (stroma_subject_item_parent_class)->finalize (object);
}

static int
get_day (StromaSubjectItem *self)
{
  if (self->summary == NULL || self->summary->day_post_hsct == STROMA_SUMMARY_NO_DAY)
    return G_MININT;
  return self->summary->day_post_hsct;
}

static char *
get_day_label (StromaSubjectItem *self)
{
  int day = get_day (self);

  if (self->summary == NULL)
    return g_strdup ("…");
  if (day == G_MININT)
    return g_strdup ("—");
  return g_strdup_printf ("%+d", day);
}

/* The badge: the group's category once decided, "…" while open. */
static const char *
get_response (StromaSubjectItem *self)
{
  if (self->summary == NULL)
    return "…";
  if (self->summary->response == NULL)
    return "—";
  if (self->summary->response_category != NULL)
    return self->summary->response_category;
  if (self->summary->response->state == STROMA_ENDPOINT_NOT_EVALUABLE)
    /* Translators: response badge: not evaluable */
    return C_("response", "NE");
  /* Translators: response badge: not decided yet */
  return C_("response", "open");
}

static int
get_response_rank (StromaSubjectItem *self)
{
  static const char *order[] = { "CR", "PR", "NR" };
  const char *category;

  if (self->summary == NULL || self->summary->response == NULL)
    return 9;

  category = self->summary->response_category;
  for (guint i = 0; category != NULL && i < G_N_ELEMENTS (order); i++)
    if (g_str_equal (category, order[i]))
      return (int) i * 2;

  return category != NULL ? 5 : 3;
}

static GStrv
get_response_classes (StromaSubjectItem *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  const char *category = self->summary ? self->summary->response_category : NULL;

  g_strv_builder_add (builder, "response-badge");
  if (category == NULL)
    g_strv_builder_add (builder, "response-open");
  else if (g_str_equal (category, "CR"))
    g_strv_builder_add (builder, "response-cr");
  else if (g_str_equal (category, "PR"))
    g_strv_builder_add (builder, "response-pr");
  else
    g_strv_builder_add (builder, "response-nr");

  return g_strv_builder_end (builder);
}

static char *
get_response_tooltip (StromaSubjectItem *self)
{
  const StromaEndpointResult *r;

  if (self->summary == NULL || self->summary->response == NULL)
    return NULL;

  r = self->summary->response;
  return g_strdup (r->explanation);
}

/* The other protocol endpoints met, by their counts: "ANC Hb". */
static char *
get_endpoints (StromaSubjectItem *self)
{
  g_autoptr(GString) text = g_string_new (NULL);

  if (self->summary == NULL)
    return g_strdup ("");

  for (guint i = 0; i < self->summary->results->len; i++)
    {
      const StromaEndpointResult *r = self->summary->results->pdata[i];

      if (r->state != STROMA_ENDPOINT_MET || r->endpoint->group != NULL ||
          r->endpoint->kind != STROMA_ENDPOINT_RUN ||
          g_strcmp0 (r->endpoint->definition, "protocol") != 0)
        continue;
      if (text->len > 0)
        g_string_append_c (text, ' ');
      g_string_append (text, stroma_lab_short_label (r->endpoint->test_code));
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static guint
get_n_alerts (StromaSubjectItem *self)
{
  return self->summary ? self->summary->alerts->len : 0;
}

static const char *
get_alert_icon (StromaSubjectItem *self)
{
  if (get_n_alerts (self) == 0)
    return NULL;
  return self->summary->n_critical > 0 ? "dialog-error-symbolic" : "dialog-warning-symbolic";
}

static char *
get_alert_tooltip (StromaSubjectItem *self)
{
  g_autoptr(GString) text = NULL;

  if (get_n_alerts (self) == 0)
    return NULL;

  text = g_string_new (NULL);
  for (guint i = 0; i < self->summary->alerts->len; i++)
    {
      const StromaSubjectAlert *alert = self->summary->alerts->pdata[i];

      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append_printf (text, "• %s", alert->message);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
stroma_subject_item_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  StromaSubjectItem *self = STROMA_SUBJECT_ITEM (object);

  switch (prop_id)
    {
    case PROP_CODE:
      g_value_set_string (value, self->subject->code);
      break;
    case PROP_INITIALS:
      g_value_set_string (value, self->subject->initials);
      break;
    case PROP_ARM:
      g_value_set_string (value, self->arm ? self->arm : "—");
      break;
    case PROP_ARM_ID:
      g_value_set_string (value, self->arm_id);
      break;
    case PROP_DONOR_TYPE:
      g_value_set_string (value, self->donor ? self->donor : "—");
      break;
    case PROP_STATUS:
      g_value_set_string (value, stroma_subject_status_label (self->subject->status));
      break;
    case PROP_STATUS_ID:
      g_value_set_string (value, self->subject->status);
      break;
    case PROP_DERIVED:
      g_value_set_boolean (value, self->summary != NULL);
      break;
    case PROP_DAY:
      g_value_set_int (value, get_day (self));
      break;
    case PROP_DAY_LABEL:
      g_value_take_string (value, get_day_label (self));
      break;
    case PROP_RESPONSE:
      g_value_set_string (value, get_response (self));
      break;
    case PROP_RESPONSE_RANK:
      g_value_set_int (value, get_response_rank (self));
      break;
    case PROP_RESPONSE_CLASSES:
      g_value_take_boxed (value, get_response_classes (self));
      break;
    case PROP_RESPONSE_TOOLTIP:
      g_value_take_string (value, get_response_tooltip (self));
      break;
    case PROP_ENDPOINTS:
      g_value_take_string (value, get_endpoints (self));
      break;
    case PROP_N_ALERTS:
      g_value_set_uint (value, get_n_alerts (self));
      break;
    case PROP_ALERT_ICON:
      g_value_set_string (value, get_alert_icon (self));
      break;
    case PROP_ALERT_LABEL:
      g_value_take_string (value, get_n_alerts (self) > 0
                                  ? g_strdup_printf ("%u", get_n_alerts (self)) : g_strdup (""));
      break;
    case PROP_ALERT_TOOLTIP:
      g_value_take_string (value, get_alert_tooltip (self));
      break;
    case PROP_ALERT_STATE:
      g_value_set_string (value, get_n_alerts (self) > 0 ? "alerts" : "none");
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
stroma_subject_item_class_init (StromaSubjectItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = stroma_subject_item_finalize;
  object_class->get_property = stroma_subject_item_get_property;

  properties[PROP_CODE] = g_param_spec_string ("code", NULL, NULL, NULL, flags);
  properties[PROP_INITIALS] = g_param_spec_string ("initials", NULL, NULL, NULL, flags);
  properties[PROP_ARM] = g_param_spec_string ("arm", NULL, NULL, NULL, flags);
  properties[PROP_ARM_ID] = g_param_spec_string ("arm-id", NULL, NULL, NULL, flags);
  properties[PROP_DONOR_TYPE] = g_param_spec_string ("donor-type", NULL, NULL, NULL, flags);
  properties[PROP_STATUS] = g_param_spec_string ("status", NULL, NULL, NULL, flags);
  properties[PROP_STATUS_ID] = g_param_spec_string ("status-id", NULL, NULL, NULL, flags);
  properties[PROP_DERIVED] = g_param_spec_boolean ("derived", NULL, NULL, FALSE, flags);
  /**
   * StromaSubjectItem:day:
   *
   * Days after transplant at the data cut (or at death or leaving the study); %G_MININT
   * without day 0 or before the summary is derived.
   */
  properties[PROP_DAY] = g_param_spec_int ("day", NULL, NULL, G_MININT, G_MAXINT, G_MININT,
                                           flags);
  properties[PROP_DAY_LABEL] = g_param_spec_string ("day-label", NULL, NULL, NULL, flags);
  properties[PROP_RESPONSE] = g_param_spec_string ("response", NULL, NULL, NULL, flags);
  properties[PROP_RESPONSE_RANK] = g_param_spec_int ("response-rank", NULL, NULL, 0, 9, 9, flags);
  properties[PROP_RESPONSE_CLASSES] = g_param_spec_boxed ("response-classes", NULL, NULL,
                                                          G_TYPE_STRV, flags);
  properties[PROP_RESPONSE_TOOLTIP] = g_param_spec_string ("response-tooltip", NULL, NULL, NULL,
                                                           flags);
  properties[PROP_ENDPOINTS] = g_param_spec_string ("endpoints", NULL, NULL, NULL, flags);
  properties[PROP_N_ALERTS] = g_param_spec_uint ("n-alerts", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_ALERT_ICON] = g_param_spec_string ("alert-icon", NULL, NULL, NULL, flags);
  properties[PROP_ALERT_LABEL] = g_param_spec_string ("alert-label", NULL, NULL, NULL, flags);
  properties[PROP_ALERT_TOOLTIP] = g_param_spec_string ("alert-tooltip", NULL, NULL, NULL, flags);
  /**
   * StromaSubjectItem:alert-state:
   *
   * "alerts" or "none", for the list's alert filter.
   */
  properties[PROP_ALERT_STATE] = g_param_spec_string ("alert-state", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
stroma_subject_item_init (StromaSubjectItem *self)
{
}

/**
 * stroma_subject_item_new:
 * @subject: the subject; copied
 * @arm_id: (nullable): the arm the subject is allocated to
 * @arm_label: (nullable): that arm, as people read it
 * @donor_label: (nullable): the donor type, as people read it
 *
 * Returns: (transfer full): a new item, without a summary yet
 */
StromaSubjectItem *
stroma_subject_item_new (const StromaSubject *subject,
                         const char          *arm_id,
                         const char          *arm_label,
                         const char          *donor_label)
{
  StromaSubjectItem *self;

  g_return_val_if_fail (subject != NULL, NULL);

  self = g_object_new (STROMA_TYPE_SUBJECT_ITEM, NULL);
  self->subject = stroma_record_copy (subject);
  self->arm_id = g_strdup (arm_id);
  self->arm = g_strdup (arm_label);
  self->donor = g_strdup (donor_label);

  return self;
}

const StromaSubject *
stroma_subject_item_get_subject (StromaSubjectItem *self)
{
  g_return_val_if_fail (STROMA_IS_SUBJECT_ITEM (self), NULL);
  return self->subject;
}

/**
 * stroma_subject_item_get_summary:
 * @self: an item
 *
 * Returns: (transfer none) (nullable): what core derived for the subject, or %NULL while the
 *   trial is still deriving it
 */
const StromaSubjectSummary *
stroma_subject_item_get_summary (StromaSubjectItem *self)
{
  g_return_val_if_fail (STROMA_IS_SUBJECT_ITEM (self), NULL);
  return self->summary;
}

/**
 * stroma_subject_item_set_summary:
 * @self: an item
 * @summary: (transfer full) (nullable): the subject's summary
 *
 * Hands the item its derived values; the derived columns change with it.
 */
void
stroma_subject_item_set_summary (StromaSubjectItem    *self,
                                 StromaSubjectSummary *summary)
{
  g_return_if_fail (STROMA_IS_SUBJECT_ITEM (self));

  if (self->summary == summary)
    return;

  g_clear_pointer (&self->summary, stroma_subject_summary_free);
  self->summary = summary;

  g_object_freeze_notify (G_OBJECT (self));
  for (guint i = PROP_DERIVED; i < N_PROPS; i++)
    g_object_notify_by_pspec (G_OBJECT (self), properties[i]);
  g_object_thaw_notify (G_OBJECT (self));
}
