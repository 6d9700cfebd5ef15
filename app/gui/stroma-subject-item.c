/* stroma-subject-item.c — one subject as a list item
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A read-only view of a subject for list models: the columns bind to its properties.
 */

#define G_LOG_DOMAIN "stroma-subject-item"

#include "config.h"

#include <glib/gi18n.h>

#include "stroma-subject-item.h"

struct _StromaSubjectItem
{
  GObject        parent_instance;
  StromaSubject *subject;
  char          *arm;
  char          *donor;
};

enum {
  PROP_0,
  PROP_CODE,
  PROP_INITIALS,
  PROP_ARM,
  PROP_DONOR_TYPE,
  PROP_STATUS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (StromaSubjectItem, stroma_subject_item, G_TYPE_OBJECT)

static void
stroma_subject_item_finalize (GObject *object)
{
  StromaSubjectItem *self = STROMA_SUBJECT_ITEM (object);

  g_clear_pointer (&self->subject, stroma_record_free);
  g_clear_pointer (&self->arm, g_free);
  g_clear_pointer (&self->donor, g_free);

  G_OBJECT_CLASS (stroma_subject_item_parent_class)->finalize (object);
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
    case PROP_DONOR_TYPE:
      g_value_set_string (value, self->donor ? self->donor : "—");
      break;
    case PROP_STATUS:
      g_value_set_string (value, stroma_subject_status_label (self->subject->status));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
stroma_subject_item_class_init (StromaSubjectItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = stroma_subject_item_finalize;
  object_class->get_property = stroma_subject_item_get_property;

  properties[PROP_CODE] =
    g_param_spec_string ("code", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_INITIALS] =
    g_param_spec_string ("initials", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ARM] =
    g_param_spec_string ("arm", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_DONOR_TYPE] =
    g_param_spec_string ("donor-type", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATUS] =
    g_param_spec_string ("status", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
stroma_subject_item_init (StromaSubjectItem *self)
{
}

/**
 * stroma_subject_item_new:
 * @subject: the subject; copied
 * @arm_label: (nullable): the arm the subject is allocated to
 * @donor_label: (nullable): the donor type, as people read it
 *
 * Returns: (transfer full): a new item.
 */
StromaSubjectItem *
stroma_subject_item_new (const StromaSubject *subject,
                         const char          *arm_label,
                         const char          *donor_label)
{
  StromaSubjectItem *self;

  g_return_val_if_fail (subject != NULL, NULL);

  self = g_object_new (STROMA_TYPE_SUBJECT_ITEM, NULL);
  self->subject = stroma_record_copy (subject);
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
