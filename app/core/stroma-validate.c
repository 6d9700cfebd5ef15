/* stroma-validate.c — the rules of every form field, as pure functions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Text in, a value or a GError out: the forms call these as the user types and again before a
 * save, the tests call them without a display, and the trial file's CHECK constraints say the
 * same thing a second time (RELIABILITY DI-1). Messages name the field and what to enter.
 * Laboratory values are read by stroma-dosing (units, conversion, plausibility), not here.
 */

#define G_LOG_DOMAIN "stroma-validate"

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n.h>

#include "stroma-schedule-private.h"
#include "stroma-validate.h"

G_DEFINE_QUARK (stroma-validate-error-quark, stroma_validate_error)

static char *
trimmed (const char *text)
{
  return g_strstrip (g_strdup (text != NULL ? text : ""));
}

/* A plain decimal: [+-]digits[.digits][e[+-]digits]; returns its length, 0 if none. Stricter
 * than strtod, which also reads hex, "inf" and "nan". */
static gsize
scan_decimal (const char *s)
{
  gsize i = 0, digits = 0;

  if (s[i] == '+' || s[i] == '-')
    i++;
  for (; g_ascii_isdigit (s[i]); i++)
    digits++;
  if (s[i] == '.')
    for (i++; g_ascii_isdigit (s[i]); i++)
      digits++;
  if (digits == 0)
    return 0;

  if (s[i] == 'e' || s[i] == 'E')
    {
      gsize j = i + 1;

      if (s[j] == '+' || s[j] == '-')
        j++;
      if (g_ascii_isdigit (s[j]))
        {
          while (g_ascii_isdigit (s[j]))
            j++;
          i = j;
        }
    }

  return i;
}

/* Reads a whole decimal number, or says what is wrong with the text. */
static gboolean
parse_decimal (const char  *text,
               const char  *label,
               double      *value,
               GError     **error)
{
  gsize length = scan_decimal (text);

  if (length == 0)
    {
      g_set_error (error, STROMA_VALIDATE_ERROR, STROMA_VALIDATE_ERROR_FORMAT,
                   /* Translators: "Weight: “sixty” is not a number." */
                   _("%s: “%s” is not a number."), label, text);
      return FALSE;
    }

  if (text[length] != '\0')
    {
      if (text[length] == ',' && g_ascii_isdigit (text[length + 1]))
        g_set_error (error, STROMA_VALIDATE_ERROR, STROMA_VALIDATE_ERROR_FORMAT,
                     _("%s: “%s” has a comma; use a dot as the decimal separator."), label, text);
      else
        {
          g_autofree char *rest = g_strstrip (g_strdup (text + length));

          g_set_error (error, STROMA_VALIDATE_ERROR, STROMA_VALIDATE_ERROR_FORMAT,
                       /* Translators: "Weight: enter the number alone, without “kg”." */
                       _("%s: enter the number alone, without “%s”."), label, rest);
        }
      return FALSE;
    }

  *value = g_ascii_strtod (text, NULL);
  if (!isfinite (*value))
    {
      g_set_error (error, STROMA_VALIDATE_ERROR, STROMA_VALIDATE_ERROR_RANGE,
                   _("%s: “%s” is too large."), label, text);
      return FALSE;
    }

  return TRUE;
}

/**
 * stroma_validate_initials:
 * @text: the initials as typed
 * @initials: (out) (transfer full): the initials in capitals
 * @error: a #GError
 *
 * Initials are one to four Latin letters (RELIABILITY DI-2); lowercase is accepted and stored
 * in capitals. Spaces and dots between the letters are dropped ("z. l." → "ZL").
 *
 * Returns: %TRUE when valid
 */
gboolean
stroma_validate_initials (const char  *text,
                          char       **initials,
                          GError     **error)
{
  g_autofree char *t = trimmed (text);
  g_autoptr(GString) out = g_string_new (NULL);

  g_return_val_if_fail (initials != NULL, FALSE);

  if (*t == '\0')
    {
      g_set_error_literal (error, STROMA_VALIDATE_ERROR, STROMA_VALIDATE_ERROR_EMPTY,
                           _("Enter the subject’s initials (letters A–Z)."));
      return FALSE;
    }

  for (const char *p = t; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == ' ' || c == '.')
        continue;
      if (c < 0x80 && g_ascii_isalpha ((char) c))
        {
          g_string_append_c (out, g_ascii_toupper ((char) c));
          continue;
        }

      {
        char bad[8] = { 0 };

        g_unichar_to_utf8 (c, bad);
        g_set_error (error, STROMA_VALIDATE_ERROR, STROMA_VALIDATE_ERROR_FORMAT,
                     /* Translators: "Initials are letters A–Z only: “Z1” has “1”." */
                     _("Initials are letters A–Z only: “%s” has “%s”."), t, bad);
        return FALSE;
      }
    }

  if (out->len == 0 || out->len > 4)
    {
      g_set_error (error, STROMA_VALIDATE_ERROR, STROMA_VALIDATE_ERROR_RANGE,
                   _("Initials are one to four letters; “%s” has %u."), t, (guint) out->len);
      return FALSE;
    }

  *initials = g_string_free (g_steal_pointer (&out), FALSE);
  return TRUE;
}

/**
 * stroma_validate_subject_code:
 * @protocol: the trial's protocol, for the code's prefix and number of digits
 * @text: the code as typed
 * @initials: (nullable): the subject's initials, which the code must not contain
 * @code: (out) (transfer full): the code in the protocol's spelling
 * @error: a #GError
 *
 * A subject code is the protocol's prefix and exactly its number of digits, e.g. "PGF-007",
 * and never holds the subject's initials (RELIABILITY DI-2): codes leave the site, initials do
 * not. Whether the code is already taken is the trial file's to say (UNIQUE).
 *
 * Returns: %TRUE when valid
 */
gboolean
stroma_validate_subject_code (const StromaProtocol  *protocol,
                              const char            *text,
                              const char            *initials,
                              char                 **code,
                              GError               **error)
{
  g_autofree char *t = trimmed (text);
  g_autofree char *upper = NULL;
  g_autofree char *example = NULL;
  const char *prefix;
  const char *own;
  gsize prefix_len;
  guint digits;

  g_return_val_if_fail (protocol != NULL, FALSE);
  g_return_val_if_fail (code != NULL, FALSE);

  prefix = protocol->subject_code_prefix != NULL ? protocol->subject_code_prefix : "";
  prefix_len = strlen (prefix);
  digits = protocol->subject_code_digits;
  example = stroma_protocol_format_subject_code (protocol, 7);

  if (*t == '\0')
    {
      g_set_error (error, STROMA_VALIDATE_ERROR, STROMA_VALIDATE_ERROR_EMPTY,
                   _("Enter the subject code, e.g. %s."), example);
      return FALSE;
    }

  upper = g_ascii_strup (t, -1);
  own = g_ascii_strncasecmp (upper, prefix, prefix_len) == 0 ? upper + prefix_len : upper;

  if (initials != NULL && strlen (initials) >= 2)
    {
      g_autofree char *ini = g_ascii_strup (initials, -1);

      if (strstr (own, ini) != NULL)
        {
          g_set_error (error, STROMA_VALIDATE_ERROR, STROMA_VALIDATE_ERROR_IDENTIFYING,
                       _("The subject code “%s” contains the initials %s: codes leave the "
                         "site and must not identify the subject. Use a number, e.g. %s."),
                       t, ini, example);
          return FALSE;
        }
    }

  if (own == upper && prefix_len > 0)
    {
      g_set_error (error, STROMA_VALIDATE_ERROR, STROMA_VALIDATE_ERROR_FORMAT,
                   _("The subject code starts with “%s”, e.g. %s."), prefix, example);
      return FALSE;
    }

  if (strlen (own) != digits || strspn (own, "0123456789") != digits)
    {
      g_set_error (error, STROMA_VALIDATE_ERROR, STROMA_VALIDATE_ERROR_FORMAT,
                   g_dngettext (GETTEXT_PACKAGE,
                                "The subject code is “%s” and %u digit, e.g. %s.",
                                "The subject code is “%s” and %u digits, e.g. %s.", digits),
                   prefix, digits, example);
      return FALSE;
    }

  if (strspn (own, "0") == digits)
    {
      g_set_error (error, STROMA_VALIDATE_ERROR, STROMA_VALIDATE_ERROR_RANGE,
                   _("Subject numbers start at 1: “%s” is not a subject code (e.g. %s)."), t,
                   example);
      return FALSE;
    }

  *code = g_strconcat (prefix, own, NULL);
  return TRUE;
}

/**
 * stroma_validate_sex:
 * @text: "F", "M", "female" or "male", any case
 * @sex: (out) (transfer full): "F" or "M"
 * @error: a #GError
 *
 * Returns: %TRUE when valid
 */
gboolean
stroma_validate_sex (const char  *text,
                     char       **sex,
                     GError     **error)
{
  g_autofree char *t = trimmed (text);

  g_return_val_if_fail (sex != NULL, FALSE);

  if (g_ascii_strcasecmp (t, "f") == 0 || g_ascii_strcasecmp (t, "female") == 0)
    *sex = g_strdup ("F");
  else if (g_ascii_strcasecmp (t, "m") == 0 || g_ascii_strcasecmp (t, "male") == 0)
    *sex = g_strdup ("M");
  else
    {
      g_set_error_literal (error, STROMA_VALIDATE_ERROR,
                           *t == '\0' ? STROMA_VALIDATE_ERROR_EMPTY : STROMA_VALIDATE_ERROR_FORMAT,
                           _("Sex: choose female or male."));
      return FALSE;
    }

  return TRUE;
}

/**
 * stroma_validate_date:
 * @text: the date as typed
 * @rule: the field's label and date logic
 * @date: (out) (transfer full): the ISO date
 * @error: a #GError
 *
 * A date is written YYYY-MM-DD and exists; by @rule it is not in the future and not before
 * (or, with @rule->after, not on or before) the date it must follow (RELIABILITY DI-3).
 *
 * Returns: %TRUE when valid
 */
gboolean
stroma_validate_date (const char            *text,
                      const StromaDateRule  *rule,
                      char                 **date,
                      GError               **error)
{
  g_autofree char *t = trimmed (text);
  guint32 julian, limit;

  g_return_val_if_fail (rule != NULL && rule->label != NULL, FALSE);
  g_return_val_if_fail (date != NULL, FALSE);

  if (*t == '\0')
    {
      g_set_error (error, STROMA_VALIDATE_ERROR, STROMA_VALIDATE_ERROR_EMPTY,
                   /* Translators: "Enter the consent date as YYYY-MM-DD." */
                   _("%s: enter a date as YYYY-MM-DD."), rule->label);
      return FALSE;
    }

  if (!stroma_schedule_date_parse (t, &julian))
    {
      g_set_error (error, STROMA_VALIDATE_ERROR, STROMA_VALIDATE_ERROR_FORMAT,
                   /* Translators: "Consent date: “12/03/2026” is not a date; write it as
                    * YYYY-MM-DD." */
                   _("%s: “%s” is not a date; write it as YYYY-MM-DD."), rule->label, t);
      return FALSE;
    }

  if (rule->today != NULL && stroma_schedule_date_parse (rule->today, &limit) &&
      julian > limit + rule->future_days)
    {
      if (rule->future_days == 0)
        g_set_error (error, STROMA_VALIDATE_ERROR, STROMA_VALIDATE_ERROR_FUTURE,
                     /* Translators: "Consent date: 2030-01-01 is in the future (today is
                      * 2026-03-12)." */
                     _("%s: %s is in the future (today is %s)."), rule->label, t, rule->today);
      else
        g_set_error (error, STROMA_VALIDATE_ERROR, STROMA_VALIDATE_ERROR_FUTURE,
                     g_dngettext (GETTEXT_PACKAGE,
                                  "%s: %s is more than %u day after today (%s).",
                                  "%s: %s is more than %u days after today (%s).",
                                  rule->future_days),
                     rule->label, t, rule->future_days, rule->today);
      return FALSE;
    }

  if (rule->not_before != NULL && stroma_schedule_date_parse (rule->not_before, &limit) &&
      (julian < limit || (rule->after && julian == limit)))
    {
      const char *what = rule->not_before_label != NULL ? rule->not_before_label : rule->not_before;

      if (rule->after)
        g_set_error (error, STROMA_VALIDATE_ERROR, STROMA_VALIDATE_ERROR_ORDER,
                     /* Translators: "Infusion date: 2026-01-02 must come after day 0
                      * (2026-01-05)." */
                     _("%s: %s must come after %s (%s)."), rule->label, t, what,
                     rule->not_before);
      else
        g_set_error (error, STROMA_VALIDATE_ERROR, STROMA_VALIDATE_ERROR_ORDER,
                     /* Translators: "Collection date: 2026-01-02 is before the consent date
                      * (2026-01-05)." */
                     _("%s: %s is before %s (%s)."), rule->label, t, what, rule->not_before);
      return FALSE;
    }

  *date = stroma_schedule_date_format (julian);
  return TRUE;
}

/**
 * stroma_validate_age_on:
 * @birth_date: an ISO date
 * @on: an ISO date
 *
 * Returns: the age in whole years on @on, or -1 when a date cannot be read or @on comes first
 */
int
stroma_validate_age_on (const char *birth_date,
                        const char *on)
{
  guint32 b, d;
  GDate birth, day;
  int age;

  if (!stroma_schedule_date_parse (birth_date, &b) || !stroma_schedule_date_parse (on, &d) ||
      d < b)
    return -1;

  g_date_clear (&birth, 1);
  g_date_clear (&day, 1);
  g_date_set_julian (&birth, b);
  g_date_set_julian (&day, d);

  age = g_date_get_year (&day) - g_date_get_year (&birth);
  if (g_date_get_month (&day) < g_date_get_month (&birth) ||
      (g_date_get_month (&day) == g_date_get_month (&birth) &&
       g_date_get_day (&day) < g_date_get_day (&birth)))
    age--;

  return age;
}

/**
 * stroma_validate_birth_date:
 * @text: the birth date as typed
 * @today: ISO date of today
 * @date: (out) (transfer full): the ISO date
 * @error: a #GError
 *
 * A birth date is a date, not in the future, at most 120 years ago.
 *
 * Returns: %TRUE when valid
 */
gboolean
stroma_validate_birth_date (const char  *text,
                            const char  *today,
                            char       **date,
                            GError     **error)
{
  StromaDateRule rule = { _("Birth date"), today, 0, NULL, NULL, FALSE };
  g_autofree char *d = NULL;

  g_return_val_if_fail (date != NULL, FALSE);

  if (!stroma_validate_date (text, &rule, &d, error))
    return FALSE;

  if (today != NULL && stroma_validate_age_on (d, today) > 120)
    {
      g_set_error (error, STROMA_VALIDATE_ERROR, STROMA_VALIDATE_ERROR_RANGE,
                   _("Birth date: %s would make the subject older than 120 years."), d);
      return FALSE;
    }

  *date = g_steal_pointer (&d);
  return TRUE;
}

/**
 * stroma_validate_time:
 * @text: a time of day as typed: "8:05", "08:05"
 * @time: (out) (transfer full): "HH:MM"
 * @error: a #GError
 *
 * Returns: %TRUE when valid
 */
gboolean
stroma_validate_time (const char  *text,
                      char       **time,
                      GError     **error)
{
  g_autofree char *t = trimmed (text);
  guint h = 0, m = 0;
  const char *p = t;
  guint n = 0;

  g_return_val_if_fail (time != NULL, FALSE);

  if (*t == '\0')
    {
      g_set_error_literal (error, STROMA_VALIDATE_ERROR, STROMA_VALIDATE_ERROR_EMPTY,
                           _("Time: enter the time of day as HH:MM, e.g. 09:30."));
      return FALSE;
    }

  for (n = 0; g_ascii_isdigit (*p) && n < 3; p++, n++)
    h = h * 10 + (guint) (*p - '0');
  if (n == 0 || n > 2 || *p != ':' || !g_ascii_isdigit (p[1]) || !g_ascii_isdigit (p[2]) ||
      p[3] != '\0')
    {
      g_set_error (error, STROMA_VALIDATE_ERROR, STROMA_VALIDATE_ERROR_FORMAT,
                   _("Time: “%s” is not a time; write it as HH:MM, e.g. 09:30."), t);
      return FALSE;
    }
  m = (guint) (p[1] - '0') * 10 + (guint) (p[2] - '0');

  if (h > 23 || m > 59)
    {
      g_set_error (error, STROMA_VALIDATE_ERROR, STROMA_VALIDATE_ERROR_RANGE,
                   _("Time: “%s” is not a time of day (00:00 to 23:59)."), t);
      return FALSE;
    }

  *time = g_strdup_printf ("%02u:%02u", h, m);
  return TRUE;
}

/**
 * stroma_validate_date_time:
 * @date: an ISO date (already validated)
 * @time: "HH:MM" (already validated)
 * @time_zone: (nullable): the site's time zone, e.g. "Asia/Shanghai"; %NULL for the local one
 * @utc: (out) (transfer full): the moment in UTC, "YYYY-MM-DDTHH:MM:SSZ"
 * @error: a #GError
 *
 * Times are entered in the site's time and stored in UTC (RELIABILITY AT-9).
 *
 * Returns: %TRUE when valid
 */
gboolean
stroma_validate_date_time (const char  *date,
                           const char  *time,
                           const char  *time_zone,
                           char       **utc,
                           GError     **error)
{
  g_autoptr(GTimeZone) zone = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) in_utc = NULL;
  guint32 julian;
  GDate d;
  guint h, m;

  g_return_val_if_fail (utc != NULL, FALSE);

  if (!stroma_schedule_date_parse (date, &julian) || time == NULL || strlen (time) != 5 ||
      time[2] != ':')
    {
      g_set_error (error, STROMA_VALIDATE_ERROR, STROMA_VALIDATE_ERROR_FORMAT,
                   _("“%s %s” is not a date and time."), date ? date : "", time ? time : "");
      return FALSE;
    }

  zone = time_zone != NULL ? g_time_zone_new_identifier (time_zone) : g_time_zone_new_local ();
  if (zone == NULL)
    {
      g_set_error (error, STROMA_VALIDATE_ERROR, STROMA_VALIDATE_ERROR_FORMAT,
                   _("“%s” is not a time zone."), time_zone);
      return FALSE;
    }

  g_date_clear (&d, 1);
  g_date_set_julian (&d, julian);
  h = (guint) g_ascii_digit_value (time[0]) * 10 + (guint) g_ascii_digit_value (time[1]);
  m = (guint) g_ascii_digit_value (time[3]) * 10 + (guint) g_ascii_digit_value (time[4]);

  local = g_date_time_new (zone, g_date_get_year (&d), g_date_get_month (&d),
                           g_date_get_day (&d), (int) h, (int) m, 0);
  if (local == NULL)
    {
      g_set_error (error, STROMA_VALIDATE_ERROR, STROMA_VALIDATE_ERROR_RANGE,
                   _("“%s %s” does not exist in the site’s time zone."), date, time);
      return FALSE;
    }

  in_utc = g_date_time_to_utc (local);
  *utc = g_date_time_format (in_utc, "%Y-%m-%dT%H:%M:%SZ");
  return TRUE;
}

/**
 * stroma_validate_number:
 * @text: a decimal number as typed
 * @label: the field, for messages
 * @min: the smallest value allowed
 * @max: the largest value allowed
 * @value: (out): the number
 * @error: a #GError
 *
 * Returns: %TRUE when @text is a number in [@min, @max]
 */
gboolean
stroma_validate_number (const char  *text,
                        const char  *label,
                        double       min,
                        double       max,
                        double      *value,
                        GError     **error)
{
  g_autofree char *t = trimmed (text);
  double v;

  g_return_val_if_fail (label != NULL && value != NULL, FALSE);

  if (*t == '\0')
    {
      g_set_error (error, STROMA_VALIDATE_ERROR, STROMA_VALIDATE_ERROR_EMPTY,
                   /* Translators: "Weight: enter a value." */
                   _("%s: enter a value."), label);
      return FALSE;
    }

  if (!parse_decimal (t, label, &v, error))
    return FALSE;

  if (v < min || v > max)
    {
      g_set_error (error, STROMA_VALIDATE_ERROR, STROMA_VALIDATE_ERROR_RANGE,
                   /* Translators: "Weight: 600 is outside 2 to 350." */
                   _("%s: %s is outside %g to %g."), label, t, min, max);
      return FALSE;
    }

  *value = v;
  return TRUE;
}

/**
 * stroma_validate_optional_number:
 * @text: (nullable): a decimal number as typed, or nothing
 * @label: the field, for messages
 * @min: the smallest value allowed
 * @max: the largest value allowed
 * @value: (out): the number, or NAN when nothing was entered
 * @error: a #GError
 *
 * Returns: %TRUE when @text is empty or a number in [@min, @max]
 */
gboolean
stroma_validate_optional_number (const char  *text,
                                 const char  *label,
                                 double       min,
                                 double       max,
                                 double      *value,
                                 GError     **error)
{
  g_autofree char *t = trimmed (text);

  g_return_val_if_fail (value != NULL, FALSE);

  if (*t == '\0')
    {
      *value = NAN;
      return TRUE;
    }

  return stroma_validate_number (t, label, min, max, value, error);
}

/**
 * stroma_validate_height:
 * @text: the height as typed
 * @height_cm: (out): in cm
 * @error: a #GError
 *
 * A height in centimetres, 50 to 250. A value under 3 was probably typed in metres, and the
 * message says so.
 *
 * Returns: %TRUE when valid
 */
gboolean
stroma_validate_height (const char  *text,
                        double      *height_cm,
                        GError     **error)
{
  g_autofree char *t = trimmed (text);
  double v;

  if (*t != '\0' && parse_decimal (t, _("Height"), &v, NULL) && v > 0 && v < 3)
    {
      g_set_error (error, STROMA_VALIDATE_ERROR, STROMA_VALIDATE_ERROR_RANGE,
                   _("Height: %s looks like metres; enter centimetres, e.g. %.0f."), t, v * 100);
      return FALSE;
    }

  return stroma_validate_number (t, _("Height (cm)"), 50, 250, height_cm, error);
}

/**
 * stroma_validate_weight:
 * @text: the weight as typed
 * @weight_kg: (out): in kg
 * @error: a #GError
 *
 * A weight in kilograms, 3 to 350 (the trial file refuses what lies outside).
 *
 * Returns: %TRUE when valid
 */
gboolean
stroma_validate_weight (const char  *text,
                        double      *weight_kg,
                        GError     **error)
{
  return stroma_validate_number (text, _("Weight (kg)"), 3, 350, weight_kg, error);
}

/**
 * stroma_validate_kps:
 * @text: the Karnofsky score as typed
 * @kps: (out): 0 to 100 in steps of 10
 * @error: a #GError
 *
 * Returns: %TRUE when valid
 */
gboolean
stroma_validate_kps (const char  *text,
                     gint64      *kps,
                     GError     **error)
{
  double v;

  g_return_val_if_fail (kps != NULL, FALSE);

  if (!stroma_validate_number (text, _("Karnofsky score"), 0, 100, &v, error))
    return FALSE;

  if (v != floor (v) || ((gint64) v) % 10 != 0)
    {
      g_set_error (error, STROMA_VALIDATE_ERROR, STROMA_VALIDATE_ERROR_RANGE,
                   _("Karnofsky score: %g is not on the scale; it goes in steps of 10 "
                     "(0, 10, … 100)."), v);
      return FALSE;
    }

  *kps = (gint64) v;
  return TRUE;
}

/**
 * stroma_validate_ecog:
 * @text: the ECOG performance status as typed
 * @ecog: (out): 0 to 5
 * @error: a #GError
 *
 * Returns: %TRUE when valid
 */
gboolean
stroma_validate_ecog (const char  *text,
                      gint64      *ecog,
                      GError     **error)
{
  double v;

  g_return_val_if_fail (ecog != NULL, FALSE);

  if (!stroma_validate_number (text, _("ECOG status"), 0, 5, &v, error))
    return FALSE;

  if (v != floor (v))
    {
      g_set_error (error, STROMA_VALIDATE_ERROR, STROMA_VALIDATE_ERROR_RANGE,
                   _("ECOG status: %g is not a grade; use a whole number 0 to 5."), v);
      return FALSE;
    }

  *ecog = (gint64) v;
  return TRUE;
}

/**
 * stroma_validate_cells:
 * @text: a cell count as typed: "6.0e7", "6.0×10^7", "6.0 x 10⁷", "60000000"
 * @cells: (out): the number of cells
 * @error: a #GError
 *
 * A count of cells given, 10⁵ to 10¹¹.
 *
 * Returns: %TRUE when valid
 */
gboolean
stroma_validate_cells (const char  *text,
                       double      *cells,
                       GError     **error)
{
  g_autofree char *t = trimmed (text);
  g_autoptr(GString) plain = g_string_new (NULL);
  const char *label = _("Cells given");
  const char *p;
  double v;

  g_return_val_if_fail (cells != NULL, FALSE);

  if (*t == '\0')
    {
      g_set_error (error, STROMA_VALIDATE_ERROR, STROMA_VALIDATE_ERROR_EMPTY,
                   _("%s: enter the count, e.g. 6.0e7 or 6.0×10^7."), label);
      return FALSE;
    }

  /* "6.0×10^7", "6.0 x 10⁷" and "6.0*10^7" become "6.0e7". */
  for (p = t; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == ' ')
        continue;
      const char *ten = g_utf8_next_char (p);

      while (*ten == ' ')
        ten++;
      if ((c == 0x00D7 || c == 'x' || c == 'X' || c == '*') && g_str_has_prefix (ten, "10"))
        {
          const char *q = ten + 2;
          gunichar e;

          while (*q == ' ')
            q++;
          if (*q == '^')
            q++;
          g_string_append_c (plain, 'e');
          for (; *q != '\0'; q = g_utf8_next_char (q))
            {
              e = g_utf8_get_char (q);
              if (e == 0x00B9)
                g_string_append_c (plain, '1');
              else if (e == 0x00B2 || e == 0x00B3)
                g_string_append_c (plain, (char) ('0' + (e - 0x00B0)));
              else if (e >= 0x2070 && e <= 0x2079)
                g_string_append_c (plain, (char) ('0' + (e - 0x2070)));
              else if (e == 0x207A || e == 0x207B)
                g_string_append_c (plain, e == 0x207B ? '-' : '+');
              else if (e < 0x80)
                g_string_append_c (plain, (char) e);
              else
                g_string_append_unichar (plain, e);
            }
          break;
        }
      g_string_append_unichar (plain, c);
    }

  if (scan_decimal (plain->str) != plain->len)
    {
      g_set_error (error, STROMA_VALIDATE_ERROR, STROMA_VALIDATE_ERROR_FORMAT,
                   _("%s: “%s” is not a count; write it as 6.0e7 or 6.0×10^7."), label, t);
      return FALSE;
    }

  v = g_ascii_strtod (plain->str, NULL);
  if (!isfinite (v) || v < 1e5 || v > 1e11)
    {
      g_set_error (error, STROMA_VALIDATE_ERROR, STROMA_VALIDATE_ERROR_RANGE,
                   _("%s: %s is not a plausible number of cells (1.0×10^5 to 1.0×10^11); "
                     "enter all the cells given, not cells/kg."), label, t);
      return FALSE;
    }

  *cells = v;
  return TRUE;
}

/**
 * stroma_validate_lot:
 * @text: a lot or bag number as typed
 * @label: the field, for messages ("Lot", "Bag")
 * @lot: (out) (transfer full): the number
 * @error: a #GError
 *
 * Lot and bag numbers are 1–32 letters, digits, "-", "_", "/" and ".": what a label scanner
 * reads and what a spreadsheet keeps as text.
 *
 * Returns: %TRUE when valid
 */
gboolean
stroma_validate_lot (const char  *text,
                     const char  *label,
                     char       **lot,
                     GError     **error)
{
  g_autofree char *t = trimmed (text);
  gsize len = strlen (t);

  g_return_val_if_fail (label != NULL && lot != NULL, FALSE);

  if (len == 0)
    {
      g_set_error (error, STROMA_VALIDATE_ERROR, STROMA_VALIDATE_ERROR_EMPTY,
                   _("%s: enter the number on the product label."), label);
      return FALSE;
    }

  if (len > 32)
    {
      g_set_error (error, STROMA_VALIDATE_ERROR, STROMA_VALIDATE_ERROR_RANGE,
                   _("%s: at most 32 characters."), label);
      return FALSE;
    }

  for (const char *p = t; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && strchr ("-_/.", *p) == NULL)
      {
        g_set_error (error, STROMA_VALIDATE_ERROR, STROMA_VALIDATE_ERROR_FORMAT,
                     _("%s: “%s” may hold letters, digits, “-”, “_”, “/” and “.” only."),
                     label, t);
        return FALSE;
      }

  *lot = g_steal_pointer (&t);
  return TRUE;
}

/**
 * stroma_validate_reason:
 * @text: a reason as typed
 * @reason: (out) (transfer full): the reason, trimmed
 * @error: a #GError
 *
 * A reason for a change, a void, a deviation or a missed dose says something: at least three
 * characters that are not all spaces or punctuation (RELIABILITY AT-2).
 *
 * Returns: %TRUE when valid
 */
gboolean
stroma_validate_reason (const char  *text,
                        char       **reason,
                        GError     **error)
{
  g_autofree char *t = trimmed (text);
  guint n_alnum = 0;

  g_return_val_if_fail (reason != NULL, FALSE);

  for (const char *p = t; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_isalnum (g_utf8_get_char (p)))
      n_alnum++;

  if (*t == '\0')
    {
      g_set_error_literal (error, STROMA_VALIDATE_ERROR, STROMA_VALIDATE_ERROR_EMPTY,
                           _("Reason: say why; the reason is kept with the change."));
      return FALSE;
    }

  if (n_alnum < 3 && g_utf8_strlen (t, -1) < 3)
    {
      g_set_error (error, STROMA_VALIDATE_ERROR, STROMA_VALIDATE_ERROR_RANGE,
                   _("Reason: “%s” is too short to explain the change."), t);
      return FALSE;
    }

  if (n_alnum == 0)
    {
      g_set_error (error, STROMA_VALIDATE_ERROR, STROMA_VALIDATE_ERROR_FORMAT,
                   _("Reason: “%s” says nothing; write why in words."), t);
      return FALSE;
    }

  *reason = g_steal_pointer (&t);
  return TRUE;
}

/**
 * stroma_validate_vitals:
 * @temperature: (nullable): body temperature in °C as typed
 * @pulse: (nullable): heart rate per minute
 * @blood_pressure: (nullable): "systolic/diastolic" in mmHg, e.g. "120/80"
 * @spo2: (nullable): oxygen saturation in %
 * @summary: (out) (transfer full) (nullable): "T 36.7 °C, HR 80, BP 120/80, SpO2 98%", or
 *   %NULL when nothing was entered
 * @error: a #GError
 *
 * A set of vital signs is all four values or none.
 *
 * Returns: %TRUE when valid
 */
gboolean
stroma_validate_vitals (const char  *temperature,
                        const char  *pulse,
                        const char  *blood_pressure,
                        const char  *spo2,
                        char       **summary,
                        GError     **error)
{
  g_autofree char *t = trimmed (temperature);
  g_autofree char *hr = trimmed (pulse);
  g_autofree char *bp = trimmed (blood_pressure);
  g_autofree char *sat = trimmed (spo2);
  g_auto(GStrv) parts = NULL;
  double temp, rate, sys, dia, o2;

  g_return_val_if_fail (summary != NULL, FALSE);

  if (*t == '\0' && *hr == '\0' && *bp == '\0' && *sat == '\0')
    {
      *summary = NULL;
      return TRUE;
    }

  if (!stroma_validate_number (t, _("Temperature (°C)"), 30, 43, &temp, error) ||
      !stroma_validate_number (hr, _("Heart rate (/min)"), 20, 250, &rate, error))
    return FALSE;

  if (*bp == '\0')
    {
      g_set_error_literal (error, STROMA_VALIDATE_ERROR, STROMA_VALIDATE_ERROR_EMPTY,
                           _("Blood pressure: enter it as systolic/diastolic, e.g. 120/80."));
      return FALSE;
    }

  parts = g_strsplit (bp, "/", -1);
  if (g_strv_length (parts) != 2)
    {
      g_set_error (error, STROMA_VALIDATE_ERROR, STROMA_VALIDATE_ERROR_FORMAT,
                   _("Blood pressure: “%s” is not systolic/diastolic, e.g. 120/80."), bp);
      return FALSE;
    }

  if (!stroma_validate_number (parts[0], _("Systolic pressure (mmHg)"), 50, 260, &sys, error) ||
      !stroma_validate_number (parts[1], _("Diastolic pressure (mmHg)"), 20, 160, &dia, error))
    return FALSE;

  if (dia >= sys)
    {
      g_set_error (error, STROMA_VALIDATE_ERROR, STROMA_VALIDATE_ERROR_RANGE,
                   _("Blood pressure: the diastolic value (%g) must be below the systolic "
                     "(%g); were they swapped?"), dia, sys);
      return FALSE;
    }

  if (!stroma_validate_number (sat, _("SpO2 (%)"), 50, 100, &o2, error))
    return FALSE;

  *summary = g_strdup_printf ("T %.1f °C, HR %.0f, BP %.0f/%.0f, SpO2 %.0f%%", temp, rate, sys,
                              dia, o2);
  return TRUE;
}

/**
 * stroma_validate_given_amount:
 * @text: the amount given as typed
 * @label: the field, for messages
 * @planned: the calculated or target amount, in the same unit; NAN when none
 * @limit: the deviation allowed without a reason, a fraction (0.10 = 10%)
 * @reason: (nullable): the reason for a deviation, as typed
 * @given: (out): the amount
 * @deviates: (out) (optional): whether it deviates from @planned by more than @limit
 * @error: a #GError
 *
 * An amount given (a conditioning dose, cells infused) that deviates from its plan by more
 * than the protocol's threshold needs a reason (DOMAIN.md §2.2).
 *
 * Returns: %TRUE when valid
 */
gboolean
stroma_validate_given_amount (const char  *text,
                              const char  *label,
                              double       planned,
                              double       limit,
                              const char  *reason,
                              double      *given,
                              gboolean    *deviates,
                              GError     **error)
{
  double v;
  gboolean off = FALSE;

  g_return_val_if_fail (label != NULL && given != NULL, FALSE);

  if (!stroma_validate_number (text, label, 0, G_MAXDOUBLE, &v, error))
    return FALSE;

  if (isfinite (planned) && planned > 0)
    off = fabs (v - planned) / planned > limit + 1e-12;

  if (off)
    {
      g_autofree char *why = NULL;
      g_autoptr(GError) local = NULL;

      if (!stroma_validate_reason (reason, &why, &local))
        {
          g_set_error (error, STROMA_VALIDATE_ERROR, STROMA_VALIDATE_ERROR_NEEDS_REASON,
                       /* Translators: "Dose given: 400 differs from the calculated 480 by
                        * 16.7%, more than the 10% allowed; give the reason." */
                       _("%s: %g differs from the calculated %g by %.1f%%, more than the %g%% "
                         "allowed; give the reason."), label, v, planned,
                       100 * fabs (v - planned) / planned, 100 * limit);
          return FALSE;
        }
    }

  *given = v;
  if (deviates != NULL)
    *deviates = off;
  return TRUE;
}

static int
compare_int (gconstpointer a,
             gconstpointer b)
{
  int x = *(const int *) a, y = *(const int *) b;

  return (x > y) - (x < y);
}

/**
 * stroma_validate_day_list:
 * @text: conditioning days as typed: "-6, -5, -4, -3" or the range "-6..-3" ("−" accepted)
 * @expected: how many days the agent is given on; 0 for any number
 * @days: (out) (transfer full): #GArray of gint days, sorted
 * @error: a #GError
 *
 * Days are relative to day 0, from −60 to −1, each once.
 *
 * Returns: %TRUE when valid
 */
gboolean
stroma_validate_day_list (const char  *text,
                          guint        expected,
                          GArray     **days,
                          GError     **error)
{
  g_autofree char *t = trimmed (text);
  g_autoptr(GString) ascii = g_string_new (NULL);
  g_autoptr(GArray) out = g_array_new (FALSE, FALSE, sizeof (gint));
  g_auto(GStrv) items = NULL;

  g_return_val_if_fail (days != NULL, FALSE);

  for (const char *p = t; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == 0x2212 || c == 0x2013)   /* − – */
        g_string_append_c (ascii, '-');
      else if (c == 0x2026)             /* … */
        g_string_append (ascii, "..");
      else if (c != ' ')
        g_string_append_unichar (ascii, c);
    }

  if (ascii->len == 0)
    {
      g_set_error_literal (error, STROMA_VALIDATE_ERROR, STROMA_VALIDATE_ERROR_EMPTY,
                           _("Days: enter the days before day 0, e.g. -6..-3 or -6, -5, -4, -3."));
      return FALSE;
    }

  items = g_strsplit (ascii->str, ",", -1);
  for (guint i = 0; items[i] != NULL; i++)
    {
      char *range = strstr (items[i], "..");
      gint64 a, b;
      char *end = NULL;

      if (range != NULL)
        {
          *range = '\0';
          if (!g_ascii_string_to_signed (items[i], 10, -1000, 1000, &a, NULL) ||
              !g_ascii_string_to_signed (range + 2, 10, -1000, 1000, &b, NULL) || b < a)
            goto bad;
        }
      else
        {
          a = g_ascii_strtoll (items[i], &end, 10);
          if (end == items[i] || *end != '\0')
            goto bad;
          b = a;
        }

      for (gint64 d = a; d <= b; d++)
        {
          gint day = (gint) d;

          if (d < -60 || d > -1)
            {
              g_set_error (error, STROMA_VALIDATE_ERROR, STROMA_VALIDATE_ERROR_RANGE,
                           _("Days: day %d is not a conditioning day; use days -60 to -1."),
                           day);
              return FALSE;
            }
          g_array_append_val (out, day);
        }
    }

  g_array_sort (out, compare_int);
  for (guint i = 1; i < out->len; i++)
    if (g_array_index (out, gint, i) == g_array_index (out, gint, i - 1))
      {
        g_set_error (error, STROMA_VALIDATE_ERROR, STROMA_VALIDATE_ERROR_FORMAT,
                     _("Days: day %d is listed twice."), g_array_index (out, gint, i));
        return FALSE;
      }

  if (expected > 0 && out->len != expected)
    {
      g_set_error (error, STROMA_VALIDATE_ERROR, STROMA_VALIDATE_ERROR_RANGE,
                   g_dngettext (GETTEXT_PACKAGE,
                                "Days: the agent is given on %u day; %u are listed.",
                                "Days: the agent is given on %u days; %u are listed.",
                                expected), expected, out->len);
      return FALSE;
    }

  *days = g_steal_pointer (&out);
  return TRUE;

bad:
  g_set_error (error, STROMA_VALIDATE_ERROR, STROMA_VALIDATE_ERROR_FORMAT,
               _("Days: “%s” is not a list of days; write -6..-3 or -6, -5, -4, -3."), t);
  return FALSE;
}

/**
 * stroma_validate_transfusion_units:
 * @text: units transfused as typed
 * @units: (out): 0.5 to 20, in halves
 * @error: a #GError
 *
 * Returns: %TRUE when valid
 */
gboolean
stroma_validate_transfusion_units (const char  *text,
                                   double      *units,
                                   GError     **error)
{
  double v;

  g_return_val_if_fail (units != NULL, FALSE);

  if (!stroma_validate_number (text, _("Units"), 0.5, 20, &v, error))
    return FALSE;

  if (v * 2 != floor (v * 2))
    {
      g_set_error (error, STROMA_VALIDATE_ERROR, STROMA_VALIDATE_ERROR_RANGE,
                   _("Units: %g is not a whole or half unit."), v);
      return FALSE;
    }

  *units = v;
  return TRUE;
}

/**
 * stroma_format_day_list:
 * @days: #GArray of gint days, sorted
 *
 * Returns: (transfer full): "d−6…−3" for consecutive days, "d−8, −6, −4" otherwise
 */
char *
stroma_format_day_list (const GArray *days)
{
  GString *out = g_string_new ("d");
  gboolean consecutive = TRUE;

  g_return_val_if_fail (days != NULL, NULL);

  if (days->len == 0)
    return g_string_free (out, FALSE);

  for (guint i = 1; i < days->len; i++)
    if (g_array_index (days, gint, i) != g_array_index (days, gint, i - 1) + 1)
      consecutive = FALSE;

  if (consecutive && days->len > 2)
    g_string_append_printf (out, "%d…%d", g_array_index (days, gint, 0),
                            g_array_index (days, gint, days->len - 1));
  else
    for (guint i = 0; i < days->len; i++)
      g_string_append_printf (out, "%s%d", i ? ", " : "", g_array_index (days, gint, i));

  return g_string_free (out, FALSE);
}

/**
 * stroma_format_cells:
 * @cells: a count of cells
 *
 * Returns: (transfer full): e.g. "6.00×10⁷"; "—" for NAN
 */
char *
stroma_format_cells (double cells)
{
  static const char * const superscript[] = {
    "⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"
  };
  int exponent;
  GString *out;

  if (!isfinite (cells) || cells <= 0)
    return g_strdup ("—");

  exponent = (int) floor (log10 (cells));
  if (cells / pow (10, exponent) >= 9.995)
    exponent++;
  out = g_string_new (NULL);
  g_string_append_printf (out, "%.2f×10", cells / pow (10, exponent));
  if (exponent >= 10)
    g_string_append (out, superscript[exponent / 10]);
  g_string_append (out, superscript[exponent % 10]);

  return g_string_free (out, FALSE);
}
