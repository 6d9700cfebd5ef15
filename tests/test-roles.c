/* test-roles.c — the role × action matrix, enforced by the store (RELIABILITY AC-2, AT-6)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "core/stroma-randomization.h"
#include "core/stroma-roles.h"
#include "stroma-test-util.h"

/* The matrix as the design states it, written out here independently of the code. */
static const struct {
  const char *role;
  const char *allowed;   /* action ids, space separated */
} expected_matrix[] = {
  { "investigator", "read enter-data correct-data void-data confirm-eligibility "
                    "grade-adverse-event randomize" },
  { "coordinator", "read enter-data correct-data void-data randomize" },
  { "sponsor", "read" },
  { "administrator", "read generate-list manage-users" },
  { "system", "read" },
};

static void
test_matrix (void)
{
  for (guint r = 0; r < G_N_ELEMENTS (expected_matrix); r++)
    {
      g_auto(GStrv) allowed = g_strsplit (expected_matrix[r].allowed, " ", -1);
      StromaRole role;

      g_assert_true (stroma_role_from_string (expected_matrix[r].role, &role));
      g_assert_cmpstr (stroma_role_to_string (role), ==, expected_matrix[r].role);
      g_assert_nonnull (stroma_role_label (role));

      for (guint a = 0; a < STROMA_N_ACTIONS; a++)
        {
          const char *id = stroma_action_to_string (a);
          StromaAction parsed;

          g_test_message ("%s × %s", expected_matrix[r].role, id);
          g_assert_true (stroma_action_from_string (id, &parsed));
          g_assert_cmpint (parsed, ==, a);
          g_assert_cmpint (stroma_role_may (role, a), ==,
                           g_strv_contains ((const char * const *) allowed, id));
        }
    }

  g_assert_false (stroma_role_from_string ("root", &(StromaRole) { 0 }));
  g_assert_false (stroma_action_from_string ("delete", &(StromaAction) { 0 }));
}

typedef struct
{
  StromaStore   *store;
  char          *path;
  StromaSubject *subject;
} Fixture;

static const StromaEditContext admin = { "admin", "accounts for the trial" };

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  static const char * const users[][3] = {
    { "admin", "Trial administrator", "administrator" },
    { "dr.chen", "Dr Chen", "investigator" },
    { "coord.liu", "Liu Min", "coordinator" },
    { "sponsor.zhao", "Zhao Lan", "sponsor" },
  };

  f->store = stroma_test_create_trial ("msc-pgf", &f->path);
  /* While the trial has no accounts, whoever sets it up may write: here, a first subject. */
  f->subject = stroma_test_add_subject (f->store, "PGF-001");

  for (guint i = 0; i < G_N_ELEMENTS (users); i++)
    {
      g_assert_true (stroma_store_add_user (f->store, &admin, users[i][0], users[i][1],
                                            users[i][2], &error));
      g_assert_no_error (error);
    }
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  stroma_record_free (f->subject);
  stroma_store_close (f->store);
  stroma_test_remove_trial (f->path);
  g_free (f->path);
}

/* Tries @action as @user with a concrete write; returns whether the store let it through. */
static gboolean
attempt (Fixture       *f,
         const char    *user,
         StromaAction   action,
         GError       **error)
{
  StromaEditContext context = { user, "testing the role matrix" };
  static guint n = 0;

  switch (action)
    {
    case STROMA_ACTION_READ:
      {
        g_autoptr(StromaSubjectRecord) r = stroma_store_load_subject_record (f->store,
                                                                            f->subject->parent.id,
                                                                            error);
        return r != NULL;
      }

    case STROMA_ACTION_ENTER_DATA:
      {
        g_autoptr(StromaTransfusion) t = stroma_record_new (STROMA_RECORD_TRANSFUSION);

        t->parent.subject_id = f->subject->parent.id;
        t->given_on = g_strdup ("2025-03-02");
        t->product = g_strdup ("PLT");
        t->units = 1;
        return stroma_store_save (f->store, &context, t, error);
      }

    case STROMA_ACTION_CORRECT_DATA:
    case STROMA_ACTION_VOID_DATA:
      {
        g_autoptr(StromaSubject) s = stroma_store_load (f->store, STROMA_RECORD_SUBJECT,
                                                        f->subject->parent.id, NULL);

        if (action == STROMA_ACTION_VOID_DATA)
          {
            g_autoptr(StromaTransfusion) t = stroma_record_new (STROMA_RECORD_TRANSFUSION);
            StromaEditContext entry = { "coord.liu", NULL };

            t->parent.subject_id = f->subject->parent.id;
            t->given_on = g_strdup ("2025-03-03");
            t->product = g_strdup ("RBC");
            t->units = 2;
            g_assert_true (stroma_store_save (f->store, &entry, t, NULL));
            return stroma_store_void (f->store, &context, t, error);
          }

        s->weight_kg += 0.5;
        return stroma_store_save (f->store, &context, s, error);
      }

    case STROMA_ACTION_CONFIRM_ELIGIBILITY:
      {
        g_autoptr(StromaEligibility) e = stroma_record_new (STROMA_RECORD_ELIGIBILITY);

        e->parent.subject_id = f->subject->parent.id;
        e->criterion_id = g_strdup ("exc-infection");
        e->answer = g_strdup ("not-met");
        return stroma_store_save (f->store, &context, e, error);
      }

    case STROMA_ACTION_GRADE_ADVERSE_EVENT:
      {
        g_autoptr(StromaAdverseEvent) ae = stroma_record_new (STROMA_RECORD_ADVERSE_EVENT);

        ae->parent.subject_id = f->subject->parent.id;
        ae->term = g_strdup ("Infusion related reaction");
        ae->grade = 1;
        ae->ctcae_version = g_strdup ("5.0");
        ae->onset_date = g_strdup ("2025-03-04");
        return stroma_store_save (f->store, &context, ae, error);
      }

    case STROMA_ACTION_RANDOMIZE:
      {
        g_autoptr(StromaSubject) s = stroma_test_add_subject_as (f->store, "coord.liu", ++n);
        g_autoptr(StromaAllocation) a = stroma_store_allocate (f->store, &context, s->parent.id,
                                                               "haplo", error);
        return a != NULL;
      }

    case STROMA_ACTION_GENERATE_LIST:
      {
        g_autoptr(StromaProtocol) protocol = stroma_test_load_protocol ("msc-pgf");
        guint32 seed = 7;
        g_autoptr(GPtrArray) list = stroma_randomization_generate (protocol, 8, &seed, NULL);

        g_autoptr(GError) local = NULL;

        if (stroma_store_set_randomization_list (f->store, &context, list, &local))
          return TRUE;
        /* Allowed, but the list was stored by an earlier attempt: it is stored only once. */
        if (g_error_matches (local, STROMA_STORE_ERROR, STROMA_STORE_ERROR_REFUSED))
          return TRUE;
        g_propagate_error (error, g_steal_pointer (&local));
        return FALSE;
      }

    case STROMA_ACTION_MANAGE_USERS:
      {
        g_autofree char *name = g_strdup_printf ("nurse.%u", ++n);
        return stroma_store_add_user (f->store, &context, name, "A nurse", "coordinator", error);
      }

    case STROMA_N_ACTIONS:
    default:
      g_assert_not_reached ();
    }
}

static gint64
denials (Fixture    *f,
         const char *user)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count (*) FROM audit_log WHERE action = 'event' "
                                          "AND reason = 'access denied' AND user_id = '%s'", user);
  return stroma_test_query (f->path, sql);
}

/* Every role × every action, through the store: allowed exactly where the matrix says, and
 * every refusal is an audit event under the refused user's name. */
static void
test_enforced (Fixture       *f,
               gconstpointer  data)
{
  static const char * const users[][2] = {
    { "dr.chen", "investigator" },
    { "coord.liu", "coordinator" },
    { "sponsor.zhao", "sponsor" },
    { "admin", "administrator" },
  };
  g_autoptr(GError) error = NULL;

  /* Randomizing needs a list; the administrator stores it first. */
  g_assert_true (attempt (f, "admin", STROMA_ACTION_GENERATE_LIST, &error));
  g_assert_no_error (error);

  for (guint u = 0; u < G_N_ELEMENTS (users); u++)
    for (guint a = 0; a < STROMA_N_ACTIONS; a++)
      {
        g_autoptr(GError) e = NULL;
        StromaRole role;
        gint64 before = denials (f, users[u][0]);
        gboolean allowed, done;

        g_assert_true (stroma_role_from_string (users[u][1], &role));
        allowed = stroma_role_may (role, a);
        g_test_message ("%s may %s: %d", users[u][0], stroma_action_to_string (a), allowed);

        g_assert_cmpint (stroma_store_user_may (f->store, users[u][0], a), ==, allowed);
        done = attempt (f, users[u][0], a, &e);

        if (allowed)
          {
            g_assert_no_error (e);
            g_assert_true (done);
            g_assert_cmpint (denials (f, users[u][0]), ==, before);
          }
        else
          {
            g_assert_false (done);
            g_assert_error (e, STROMA_STORE_ERROR, STROMA_STORE_ERROR_DENIED);
            g_assert_nonnull (strstr (e->message, stroma_action_label (a)));
            g_assert_cmpint (denials (f, users[u][0]), ==, before + 1);
          }
      }
}

static void
test_unknown_user (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;

  g_assert_false (stroma_store_user_may (f->store, "mallory", STROMA_ACTION_ENTER_DATA));
  g_assert_false (attempt (f, "mallory", STROMA_ACTION_ENTER_DATA, &error));
  g_assert_error (error, STROMA_STORE_ERROR, STROMA_STORE_ERROR_DENIED);
  g_assert_nonnull (strstr (error->message, "not a user of this trial"));
  g_assert_cmpint (denials (f, "mallory"), ==, 1);

  /* The refusal is in the chain like any other row. */
  g_assert_true (stroma_store_verify_audit (f->store, NULL, NULL, NULL));
  sql = g_strdup ("SELECT count (*) FROM audit_log WHERE new_value LIKE "
                  "'access denied: enter-data on transfusions'");
  g_assert_cmpint (stroma_test_query (f->path, sql), ==, 1);
}

/* A refusal inside a larger transaction is logged even when that transaction rolls back. */
static void
test_denial_survives_rollback (Fixture       *f,
                               gconstpointer  data)
{
  const StromaEditContext sponsor = { "sponsor.zhao", "trying" };
  g_autoptr(GError) error = NULL;
  g_autoptr(StromaTransfusion) t = stroma_record_new (STROMA_RECORD_TRANSFUSION);

  g_assert_true (stroma_store_begin (f->store, &sponsor, NULL));
  t->parent.subject_id = f->subject->parent.id;
  t->given_on = g_strdup ("2025-03-02");
  t->product = g_strdup ("PLT");
  t->units = 1;
  g_assert_false (stroma_store_save (f->store, NULL, t, &error));
  g_assert_error (error, STROMA_STORE_ERROR, STROMA_STORE_ERROR_DENIED);
  stroma_store_rollback (f->store);

  g_assert_cmpint (stroma_store_count (f->store, "transfusions"), ==, 0);
  g_assert_cmpint (denials (f, "sponsor.zhao"), ==, 1);
}

static void
test_list_users (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GPtrArray) users = stroma_store_list_users (f->store, NULL);
  g_autoptr(StromaUser) chen = stroma_store_find_user (f->store, "dr.chen", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (users);
  g_assert_cmpuint (users->len, ==, 4);   /* not Stroma's own "system" account */
  g_assert_cmpstr (((StromaUser *) users->pdata[0])->username, ==, "admin");
  g_assert_cmpstr (chen->role, ==, "investigator");
  g_assert_true (chen->active);
  g_assert_null (stroma_store_find_user (f->store, "nobody", &error));
  g_assert_error (error, STROMA_STORE_ERROR, STROMA_STORE_ERROR_NOT_FOUND);
  g_assert_true (stroma_store_has_accounts (f->store));
}

/* A trial without accounts is being set up: nothing is refused. */
static void
test_setup_mode (void)
{
  g_autofree char *path = NULL;
  g_autoptr(StromaStore) store = stroma_test_create_trial ("msc-pgf", &path);
  g_autoptr(StromaSubject) s = stroma_test_add_subject (store, "PGF-001");

  g_assert_false (stroma_store_has_accounts (store));
  g_assert_true (stroma_store_user_may (store, "anyone", STROMA_ACTION_GRADE_ADVERSE_EVENT));
  stroma_test_remove_trial (path);
}

/* Eligibility answers: a value must agree with its rule; without a value, or without a rule,
 * the answer is the investigator's judgement. */
static void
test_eligibility_answers (Fixture       *f,
                          gconstpointer  data)
{
  static const struct {
    const char *user;
    const char *criterion;
    const char *answer;
    double      value;
    int         error;   /* -1 = saved */
  } cases[] = {
    { "coord.liu", "inc-kps", "met", 80, -1 },
    { "coord.liu", "inc-kps", "met", 60, STROMA_STORE_ERROR_INVALID },   /* > 60 */
    { "coord.liu", "inc-kps", "not-met", 60, -1 },
    { "coord.liu", "inc-kps", "met", NAN, STROMA_STORE_ERROR_DENIED },   /* a judgement */
    { "dr.chen", "inc-kps", "met", NAN, -1 },
    { "coord.liu", "exc-infection", "not-met", NAN, STROMA_STORE_ERROR_DENIED },
    { "coord.liu", "exc-infection", "unknown", NAN, -1 },
    { "dr.chen", "exc-infection", "not-met", NAN, -1 },
    { "dr.chen", "no-such-criterion", "met", NAN, STROMA_STORE_ERROR_INVALID },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      StromaEditContext context = { cases[i].user, NULL };
      g_autoptr(StromaEligibility) e = stroma_record_new (STROMA_RECORD_ELIGIBILITY);
      g_autoptr(GError) error = NULL;
      gboolean ok;

      g_test_message ("%s %s %s %g", cases[i].user, cases[i].criterion, cases[i].answer,
                      cases[i].value);
      e->parent.subject_id = f->subject->parent.id;
      e->criterion_id = g_strdup (cases[i].criterion);
      e->answer = g_strdup (cases[i].answer);
      e->value = cases[i].value;
      ok = stroma_store_save (f->store, &context, e, &error);

      if (cases[i].error < 0)
        {
          g_assert_no_error (error);
          g_assert_true (ok);
        }
      else
        {
          g_assert_false (ok);
          g_assert_error (error, STROMA_STORE_ERROR, cases[i].error);
        }
    }
}

static void
confirm_everything (Fixture    *f,
                    gint64      subject_id,
                    const char *exclusion_answer)
{
  g_autoptr(StromaProtocol) protocol = stroma_test_load_protocol ("msc-pgf");
  const StromaEditContext investigator = { "dr.chen", NULL };

  for (guint i = 0; i < protocol->criteria->len; i++)
    {
      const StromaCriterion *c = protocol->criteria->pdata[i];
      g_autoptr(StromaEligibility) e = stroma_record_new (STROMA_RECORD_ELIGIBILITY);
      g_autoptr(GError) error = NULL;

      e->parent.subject_id = subject_id;
      e->criterion_id = g_strdup (c->id);
      e->answer = g_strdup (g_str_equal (c->kind, "exclusion") ? exclusion_answer : "met");
      g_assert_true (stroma_store_save (f->store, &investigator, e, &error));
      g_assert_no_error (error);
    }
}

/* Randomization, the service: consent, a complete checklist, the stratum from the data. */
static void
test_randomize (Fixture       *f,
                gconstpointer  data)
{
  const StromaEditContext coordinator = { "coord.liu", NULL };
  g_autoptr(StromaProtocol) protocol = stroma_test_load_protocol ("msc-pgf");
  g_autoptr(StromaAllocation) allocation = NULL;
  g_autoptr(StromaSubject) other = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(StromaConsent) consent = stroma_record_new (STROMA_RECORD_CONSENT);
  guint32 seed = 11;

  list = stroma_randomization_generate (protocol, 8, &seed, NULL);
  g_assert_true (stroma_store_set_randomization_list (f->store, &admin, list, NULL));

  /* No consent yet */
  g_assert_null (stroma_store_randomize (f->store, &coordinator, f->subject->parent.id, &error));
  g_assert_error (error, STROMA_STORE_ERROR, STROMA_STORE_ERROR_REFUSED);
  g_assert_nonnull (strstr (error->message, "consent"));
  g_clear_error (&error);

  consent->parent.subject_id = f->subject->parent.id;
  consent->consent_date = g_strdup ("2025-03-01");
  g_assert_true (stroma_store_save (f->store, &coordinator, consent, NULL));

  /* Criteria still open */
  g_assert_null (stroma_store_randomize (f->store, &coordinator, f->subject->parent.id, &error));
  g_assert_error (error, STROMA_STORE_ERROR, STROMA_STORE_ERROR_REFUSED);
  g_assert_nonnull (strstr (error->message, "still open"));
  g_clear_error (&error);

  /* An exclusion that applies */
  confirm_everything (f, f->subject->parent.id, "met");
  g_assert_null (stroma_store_randomize (f->store, &coordinator, f->subject->parent.id, &error));
  g_assert_error (error, STROMA_STORE_ERROR, STROMA_STORE_ERROR_REFUSED);
  g_assert_nonnull (strstr (error->message, "does not meet"));
  g_clear_error (&error);

  /* Eligible: randomized in the subject's own stratum, once */
  confirm_everything (f, f->subject->parent.id, "not-met");
  allocation = stroma_store_randomize (f->store, &coordinator, f->subject->parent.id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (allocation);
  g_assert_cmpstr (allocation->stratum, ==, "haplo");
  g_assert_cmpint (allocation->sequence, ==, 1);
  g_assert_cmpstr (allocation->allocated_by, ==, "coord.liu");

  g_assert_null (stroma_store_randomize (f->store, &coordinator, f->subject->parent.id, &error));
  g_assert_error (error, STROMA_STORE_ERROR, STROMA_STORE_ERROR_REFUSED);
  g_assert_nonnull (strstr (error->message, "already randomized"));
  g_clear_error (&error);

  /* The sponsor may not randomize, even an eligible subject. */
  other = stroma_test_add_subject_as (f->store, "coord.liu", 50);
  {
    g_autoptr(StromaConsent) c = stroma_record_new (STROMA_RECORD_CONSENT);
    const StromaEditContext sponsor = { "sponsor.zhao", NULL };

    c->parent.subject_id = other->parent.id;
    c->consent_date = g_strdup ("2025-03-01");
    g_assert_true (stroma_store_save (f->store, &coordinator, c, NULL));
    confirm_everything (f, other->parent.id, "not-met");
    g_assert_null (stroma_store_randomize (f->store, &sponsor, other->parent.id, &error));
    g_assert_error (error, STROMA_STORE_ERROR, STROMA_STORE_ERROR_DENIED);
  }

  /* The allocation and the status change are in the subject's history. */
  {
    g_autoptr(GPtrArray) trail = stroma_store_list_audit (f->store, "subjects",
                                                          f->subject->parent.id, NULL);
    gboolean allocated = FALSE, status = FALSE;

    for (guint i = 0; i < trail->len; i++)
      {
        StromaAuditEntry *e = trail->pdata[i];

        allocated |= g_str_equal (e->table_name, "allocations") && g_str_equal (e->action,
                                                                                "insert");
        status |= g_strcmp0 (e->column_name, "status") == 0 &&
                  g_strcmp0 (e->new_value, "randomized") == 0;
      }
    g_assert_true (allocated);
    g_assert_true (status);
  }
}

static void
test_randomize_cohorts (void)
{
  g_autofree char *path = NULL;
  g_autoptr(StromaStore) store = stroma_test_create_trial ("msc-crc", &path);
  g_autoptr(StromaSubject) s = stroma_test_add_subject (store, "CRC-001");
  g_autoptr(GError) error = NULL;

  g_assert_null (stroma_store_randomize (store, &stroma_test_context, s->parent.id, &error));
  g_assert_error (error, STROMA_STORE_ERROR, STROMA_STORE_ERROR_REFUSED);
  g_assert_nonnull (strstr (error->message, "cohorts"));
  stroma_test_remove_trial (path);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/roles/matrix", test_matrix);
  g_test_add_func ("/roles/setup-mode", test_setup_mode);
  g_test_add ("/roles/enforced", Fixture, NULL, fixture_set_up, test_enforced, fixture_tear_down);
  g_test_add ("/roles/unknown-user", Fixture, NULL, fixture_set_up, test_unknown_user,
              fixture_tear_down);
  g_test_add ("/roles/denial-survives-rollback", Fixture, NULL, fixture_set_up,
              test_denial_survives_rollback, fixture_tear_down);
  g_test_add ("/roles/list-users", Fixture, NULL, fixture_set_up, test_list_users,
              fixture_tear_down);
  g_test_add ("/roles/eligibility-answers", Fixture, NULL, fixture_set_up,
              test_eligibility_answers, fixture_tear_down);
  g_test_add ("/roles/randomize", Fixture, NULL, fixture_set_up, test_randomize,
              fixture_tear_down);
  g_test_add_func ("/roles/randomize-cohorts", test_randomize_cohorts);

  return g_test_run ();
}
