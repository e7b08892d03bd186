/*
 * jobs_store_test.c - the store's job queue (migration 020, the job_*
 * entries of struct store_ops) on either backend: a job queued and read
 * back, claims in order under a lease, renewals with stage and progress,
 * a result (bytes with a media type) written with the state, a finish
 * that joins the caller's transaction (a plan's document and the job's
 * success commit or roll back together), a lease that runs out and the
 * job taken again by another worker (attempts counted, failed after the
 * bound), cancellation, listing per owner and pruning. On PostgreSQL a
 * job being taken in an open transaction is skipped by another worker
 * (FOR UPDATE SKIP LOCKED), not waited for.
 *
 * By default on SQLite files; with MF_TEST_STORE=pg (ctest's
 * pg.jobs_store_test, inside tests/pg-cluster.sh) each test gets a new
 * database of the throwaway cluster, as store_test.c does.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <libpq-fe.h>

#include "testutil.h"

#include "store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The store under test (testutil.h's tu_store). */
static struct tu_store ts = {
    .name = "mfj", .file = "mf-jobs", .template_db = NULL};
static char *const path = ts.path;

static int setup(void **state)
{
    (void)state;
    tu_store_setup(&ts);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    tu_store_teardown(&ts);
    return 0;
}

static struct store *open_store(int create)
{
    struct store *st = NULL;
    struct mf_error err = {0};

    if (store_open(&st, path, create ? STORE_CREATE : STORE_OPEN, &err))
        fail_msg("store_open %s: %s", path, err.message);
    assert_true(st->ops->version >= STORE_OPS_JOBS_VERSION);
    return st;
}

/* Queues a job of kind for owner with params; its id. */
static int64_t enqueue(struct store *st, const char *kind, int64_t owner,
                       const char *params, int64_t created)
{
    struct store_job j;
    struct mf_error err = {0};

    memset(&j, 0, sizeof j);
    snprintf(j.kind, sizeof j.kind, "%s", kind);
    j.owner = owner;
    j.created = created;
    j.params = (char *)params;
    assert_int_equal(st->ops->job_enqueue(st, &j, 0, &err), MF_OK);
    assert_true(j.id > 0);
    assert_string_equal(j.state, "queued");
    return j.id;
}

static void get(struct store *st, int64_t id, int with_result,
                struct store_job *out)
{
    struct mf_error err = {0};

    if (st->ops->job_get(st, id, with_result, out, &err))
        fail_msg("job_get %lld: %s", (long long)id, err.message);
}

/* Claims the next job as worker at now for lease_s seconds; asserts it is
 * job expect (when not 0) and returns its id. */
static int64_t claim(struct store *st, const char *worker, int64_t now,
                     int lease_s, int max_attempts, int64_t expect)
{
    struct store_job j;
    struct mf_error err = {0};
    int64_t id;

    if (st->ops->job_claim(st, worker, now, lease_s, max_attempts, &j, &err))
        fail_msg("job_claim as %s at %lld: %s", worker, (long long)now,
                 err.message);
    id = j.id;
    store_job_free(&j);
    if (expect)
        assert_int_equal(id, expect);
    return id;
}

/* The finish of job id by the worker holding it, ending in state. */
static struct store_job finish_of(int64_t id, const char *worker,
                                  const char *state)
{
    struct store_job f;

    memset(&f, 0, sizeof f);
    f.id = id;
    snprintf(f.lease_owner, sizeof f.lease_owner, "%s", worker);
    snprintf(f.state, sizeof f.state, "%s", state);
    return f;
}

static void test_jobs__queue_and_read_back(void **state)
{
    struct store *st = open_store(1);
    struct store_job j;
    struct mf_error err = {0};
    int64_t id;

    (void)state;
    id = enqueue(st, "plan", 7, "{\"name\":\"p1\",\"from\":null}", 1000);
    get(st, id, 1, &j);
    assert_int_equal(j.id, id);
    assert_string_equal(j.kind, "plan");
    assert_int_equal(j.owner, 7);
    assert_string_equal(j.state, "queued");
    assert_string_equal(j.stage, "queued");
    assert_string_equal(j.params, "{\"name\":\"p1\",\"from\":null}");
    assert_int_equal(j.created, 1000);
    assert_int_equal(j.started, 0);
    assert_int_equal(j.attempts, 0);
    assert_int_equal(j.cancel, 0);
    assert_null(j.result);
    store_job_free(&j);
    assert_int_equal(st->ops->job_get(st, id + 100, 0, &j, &err), MF_ENOTFOUND);
    /* A kind the table does not know is refused. */
    memset(&j, 0, sizeof j);
    snprintf(j.kind, sizeof j.kind, "import");
    j.params = (char *)"{}";
    assert_int_not_equal(st->ops->job_enqueue(st, &j, 0, &err), MF_OK);
    store_close(st);
}

static void test_jobs__claim_in_order_under_a_lease(void **state)
{
    struct store *st = open_store(1);
    struct store_job j, k;
    struct mf_error err = {0};
    int64_t a, b;

    (void)state;
    a = enqueue(st, "plan", 1, "{\"name\":\"a\"}", 100);
    b = enqueue(st, "scenarios", 2, "{}", 101);
    assert_int_equal(st->ops->job_claim(st, "w1", 200, 30, 3, &j, &err), MF_OK);
    assert_int_equal(j.id, a);
    assert_string_equal(j.state, "running");
    assert_string_equal(j.lease_owner, "w1");
    assert_int_equal(j.lease_expires, 230);
    assert_int_equal(j.attempts, 1);
    assert_int_equal(j.started, 200);
    assert_string_equal(j.params, "{\"name\":\"a\"}");
    assert_int_equal(st->ops->job_claim(st, "w2", 201, 30, 3, &k, &err), MF_OK);
    assert_int_equal(k.id, b);
    assert_string_equal(k.lease_owner, "w2");
    store_job_free(&k);
    /* Both are held and neither lease has run out: none waits. */
    assert_int_equal(st->ops->job_claim(st, "w3", 229, 30, 3, &k, &err),
                     MF_ENOTFOUND);
    store_job_free(&j);
    store_close(st);
}

static void test_jobs__renew_and_progress(void **state)
{
    struct store *st = open_store(1);
    struct store_job j;
    struct mf_error err = {0};
    int64_t id;
    int cancel = -1;

    (void)state;
    id = enqueue(st, "report", 1, "{}", 100);
    claim(st, "w1", 200, 10, 3, 0);
    assert_int_equal(st->ops->job_renew(st, id, "w1", 205, 10, "scenario base",
                                        0.25, 4096, &cancel, &err),
                     MF_OK);
    assert_int_equal(cancel, 0);
    get(st, id, 0, &j);
    assert_string_equal(j.stage, "scenario base");
    assert_true(j.progress > 0.2499 && j.progress < 0.2501);
    assert_int_equal(j.pivots, 4096);
    assert_int_equal(j.lease_expires, 215);
    store_job_free(&j);
    /* NULL keeps the stage. */
    assert_int_equal(st->ops->job_renew(st, id, "w1", 206, 10, NULL, 0.5, 5000,
                                        &cancel, &err),
                     MF_OK);
    get(st, id, 0, &j);
    assert_string_equal(j.stage, "scenario base");
    store_job_free(&j);
    /* Another worker holds nothing. */
    assert_int_equal(
        st->ops->job_renew(st, id, "w2", 206, 10, "x", 0, 0, &cancel, &err),
        MF_ERANGE);
    /* A cancel request reaches the worker at its next renewal. */
    assert_int_equal(st->ops->job_cancel(st, id, 207, &err), MF_OK);
    get(st, id, 0, &j);
    assert_string_equal(j.state, "running");
    assert_int_equal(j.cancel, 1);
    store_job_free(&j);
    assert_int_equal(
        st->ops->job_renew(st, id, "w1", 208, 10, NULL, 0.5, 0, &cancel, &err),
        MF_OK);
    assert_int_equal(cancel, 1);
    store_close(st);
}

static void test_jobs__result_with_its_state(void **state)
{
    static const unsigned char bytes[] = {'%', 'P', 'D', 'F',  0,  1,
                                          2,   255, 0,   '\n', 'x'};
    struct store *st = open_store(1);
    struct store_job j, f;
    struct mf_error err = {0};
    int64_t id;

    (void)state;
    id = enqueue(st, "report", 1, "{}", 100);
    claim(st, "w1", 200, 30, 3, 0);
    f = finish_of(id, "w2", "succeeded");
    f.result = (unsigned char *)bytes;
    f.result_len = sizeof bytes;
    snprintf(f.result_type, sizeof f.result_type, "application/pdf");
    /* Only the worker holding it finishes it. */
    assert_int_equal(st->ops->job_finish(st, &f, 250, &err), MF_ERANGE);
    get(st, id, 1, &j);
    assert_string_equal(j.state, "running");
    assert_null(j.result);
    store_job_free(&j);
    snprintf(f.lease_owner, sizeof f.lease_owner, "w1");
    assert_int_equal(st->ops->job_finish(st, &f, 250, &err), MF_OK);
    get(st, id, 1, &j);
    assert_string_equal(j.state, "succeeded");
    assert_string_equal(j.stage, "finished");
    assert_int_equal(j.finished, 250);
    assert_true(j.progress > 0.999);
    assert_int_equal(j.result_len, sizeof bytes);
    assert_memory_equal(j.result, bytes, sizeof bytes);
    assert_string_equal(j.result_type, "application/pdf");
    store_job_free(&j);
    /* Without with_result, no result is read. */
    get(st, id, 0, &j);
    assert_null(j.result);
    store_job_free(&j);
    /* A finished job is finished once. */
    assert_int_equal(st->ops->job_finish(st, &f, 260, &err), MF_ERANGE);
    /* A failure keeps its status and message. */
    id = enqueue(st, "scenarios", 1, "{}", 300);
    claim(st, "w1", 300, 30, 3, 0);
    f = finish_of(id, "w1", "failed");
    f.error_status = 422;
    snprintf(f.error, sizeof f.error, "scenario 'x': no lots");
    assert_int_equal(st->ops->job_finish(st, &f, 310, &err), MF_OK);
    get(st, id, 1, &j);
    assert_string_equal(j.state, "failed");
    assert_int_equal(j.error_status, 422);
    assert_string_equal(j.error, "scenario 'x': no lots");
    assert_null(j.result);
    store_job_free(&j);
    store_close(st);
}

/* The finish joins the caller's transaction: a plan's document and the
 * job's success commit, or roll back, together. */
static void test_jobs__finish_in_the_callers_transaction(void **state)
{
    struct store *st = open_store(1);
    struct store_job j, f;
    struct mf_error err = {0};
    char *doc = NULL;
    int64_t id;

    (void)state;
    id = enqueue(st, "plan", 1, "{\"name\":\"p\"}", 100);
    claim(st, "w1", 200, 30, 3, 0);
    f = finish_of(id, "w1", "succeeded");
    assert_int_equal(st->ops->begin(st, &err), MF_OK);
    assert_int_equal(st->ops->put_doc(st, "plan", "p", "{\"v\":1}", &err),
                     MF_OK);
    assert_int_equal(st->ops->job_finish(st, &f, 210, &err), MF_OK);
    st->ops->rollback(st);
    get(st, id, 0, &j);
    assert_string_equal(j.state, "running");
    store_job_free(&j);
    assert_int_equal(st->ops->get_doc(st, "plan", "p", &doc, &err), MF_OK);
    assert_null(doc);
    assert_int_equal(st->ops->begin(st, &err), MF_OK);
    assert_int_equal(st->ops->put_doc(st, "plan", "p", "{\"v\":2}", &err),
                     MF_OK);
    assert_int_equal(st->ops->job_finish(st, &f, 220, &err), MF_OK);
    assert_int_equal(st->ops->commit(st, &err), MF_OK);
    get(st, id, 0, &j);
    assert_string_equal(j.state, "succeeded");
    assert_int_equal(j.finished, 220);
    store_job_free(&j);
    assert_int_equal(st->ops->get_doc(st, "plan", "p", &doc, &err), MF_OK);
    assert_non_null(doc);
    assert_string_equal(doc, "{\"v\":2}");
    free(doc);
    store_close(st);
}

/* A worker that died leaves its lease to run out; another takes the job,
 * the dead one can no longer finish it, and after max_attempts it is
 * failed. */
static void test_jobs__expired_lease_taken_again(void **state)
{
    struct store *st = open_store(1);
    struct store_job j, f;
    struct mf_error err = {0};
    int64_t id;

    (void)state;
    id = enqueue(st, "plan", 1, "{\"name\":\"p\"}", 100);
    claim(st, "w1", 200, 10, 2, 0);
    /* At the lease's last second it is still w1's. */
    assert_int_equal(st->ops->job_claim(st, "w2", 210, 10, 2, &j, &err),
                     MF_ENOTFOUND);
    assert_int_equal(st->ops->job_claim(st, "w2", 211, 10, 2, &j, &err), MF_OK);
    assert_int_equal(j.id, id);
    assert_string_equal(j.lease_owner, "w2");
    assert_int_equal(j.attempts, 2);
    assert_int_equal(j.started, 200);
    store_job_free(&j);
    f = finish_of(id, "w1", "succeeded");
    assert_int_equal(st->ops->job_finish(st, &f, 212, &err), MF_ERANGE);
    /* w2 dies too: two attempts were allowed, so the job is failed. */
    assert_int_equal(st->ops->job_claim(st, "w3", 222, 10, 2, &j, &err),
                     MF_ENOTFOUND);
    get(st, id, 0, &j);
    assert_string_equal(j.state, "failed");
    assert_int_equal(j.error_status, 500);
    assert_non_null(strstr(j.error, "not tried again"));
    assert_int_equal(j.finished, 222);
    assert_int_equal(j.attempts, 2);
    store_job_free(&j);
    store_close(st);
}

static void test_jobs__cancel(void **state)
{
    struct store *st = open_store(1);
    struct store_job j, f;
    struct mf_error err = {0};
    int64_t a, b, c;

    (void)state;
    a = enqueue(st, "plan", 1, "{\"name\":\"a\"}", 100);
    b = enqueue(st, "plan", 1, "{\"name\":\"b\"}", 101);
    c = enqueue(st, "plan", 1, "{\"name\":\"c\"}", 102);
    claim(st, "w1", 200, 10, 3, a);
    /* Queued: cancelled at once, never taken. */
    assert_int_equal(st->ops->job_cancel(st, b, 201, &err), MF_OK);
    get(st, b, 0, &j);
    assert_string_equal(j.state, "cancelled");
    assert_string_equal(j.stage, "finished");
    assert_int_equal(j.finished, 201);
    assert_int_equal(j.cancel, 1);
    store_job_free(&j);
    claim(st, "w2", 202, 10, 3, c);
    /* Running: asked; its worker died, so the next claim cancels it
     * rather than running it again. */
    assert_int_equal(st->ops->job_cancel(st, a, 203, &err), MF_OK);
    get(st, a, 0, &j);
    assert_string_equal(j.state, "running");
    assert_int_equal(j.cancel, 1);
    store_job_free(&j);
    assert_int_equal(st->ops->job_claim(st, "w3", 211, 10, 3, &j, &err),
                     MF_ENOTFOUND);
    get(st, a, 0, &j);
    assert_string_equal(j.state, "cancelled");
    assert_int_equal(j.finished, 211);
    store_job_free(&j);
    /* Finished: left as it is. */
    f = finish_of(c, "w2", "succeeded");
    assert_int_equal(st->ops->job_finish(st, &f, 205, &err), MF_OK);
    assert_int_equal(st->ops->job_cancel(st, c, 206, &err), MF_OK);
    get(st, c, 0, &j);
    assert_string_equal(j.state, "succeeded");
    assert_int_equal(j.cancel, 0);
    store_job_free(&j);
    assert_int_equal(st->ops->job_cancel(st, c + 100, 206, &err), MF_ENOTFOUND);
    store_close(st);
}

static void test_jobs__list_and_prune(void **state)
{
    struct store *st = open_store(1);
    struct store_job *v = NULL, j, f;
    struct mf_error err = {0};
    size_t n = 0, i;
    int64_t a, b, c, d;

    (void)state;
    a = enqueue(st, "plan", 1, "{\"name\":\"a\"}", 100);
    b = enqueue(st, "plan", 2, "{\"name\":\"b\"}", 101);
    c = enqueue(st, "report", 1, "{}", 102);
    assert_int_equal(st->ops->job_list(st, 1, 0, &v, &n, &err), MF_OK);
    assert_int_equal(n, 2);
    assert_int_equal(v[0].id, c); /* newest first */
    assert_int_equal(v[1].id, a);
    assert_string_equal(v[1].params, "{\"name\":\"a\"}");
    for (i = 0; i < n; i++)
        store_job_free(&v[i]);
    free(v);
    assert_int_equal(st->ops->job_list(st, 0, 2, &v, &n, &err), MF_OK);
    assert_int_equal(n, 2);
    assert_int_equal(v[0].id, c);
    assert_int_equal(v[1].id, b);
    for (i = 0; i < n; i++)
        store_job_free(&v[i]);
    free(v);
    assert_int_equal(st->ops->job_list(st, 99, 0, &v, &n, &err), MF_OK);
    assert_int_equal(n, 0);
    free(v);
    /* Finish a at 150; a job queued with finished_before 151 deletes it,
     * and only it (b and c have not finished). */
    claim(st, "w1", 140, 30, 3, a);
    f = finish_of(a, "w1", "succeeded");
    assert_int_equal(st->ops->job_finish(st, &f, 150, &err), MF_OK);
    memset(&j, 0, sizeof j);
    snprintf(j.kind, sizeof j.kind, "plan");
    j.owner = 3;
    j.created = 160;
    j.params = (char *)"{\"name\":\"d\"}";
    assert_int_equal(st->ops->job_enqueue(st, &j, 150, &err), MF_OK);
    get(st, a, 0, &f); /* finished at 150: not before 150 */
    store_job_free(&f);
    assert_int_equal(st->ops->job_enqueue(st, &j, 151, &err), MF_OK);
    d = j.id;
    assert_int_equal(st->ops->job_get(st, a, 0, &f, &err), MF_ENOTFOUND);
    get(st, b, 0, &f);
    store_job_free(&f);
    get(st, d, 0, &f);
    store_job_free(&f);
    store_close(st);
}

/* PostgreSQL: a job being taken in an open transaction (its row locked)
 * is skipped by another worker, which takes the next one at once. */
static void test_jobs__skip_locked(void **state)
{
    struct store *s1, *s2;
    struct store_job j, k;
    struct mf_error err = {0};
    int64_t a, b;

    (void)state;
    if (!ts.pg)
        skip();
    s1 = open_store(1);
    s2 = open_store(0);
    a = enqueue(s1, "plan", 1, "{\"name\":\"a\"}", 100);
    b = enqueue(s1, "plan", 1, "{\"name\":\"b\"}", 101);
    assert_int_equal(s1->ops->begin(s1, &err), MF_OK);
    assert_int_equal(s1->ops->job_claim(s1, "w1", 200, 30, 3, &j, &err), MF_OK);
    assert_int_equal(j.id, a);
    assert_int_equal(s2->ops->job_claim(s2, "w2", 200, 30, 3, &k, &err), MF_OK);
    assert_int_equal(k.id, b);
    store_job_free(&k);
    s1->ops->rollback(s1);
    /* Rolled back: a is queued again, and w2 takes it. */
    assert_int_equal(s2->ops->job_claim(s2, "w2", 201, 30, 3, &k, &err), MF_OK);
    assert_int_equal(k.id, a);
    assert_int_equal(k.attempts, 1);
    store_job_free(&k);
    store_job_free(&j);
    store_close(s2);
    store_close(s1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_jobs__queue_and_read_back, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_jobs__claim_in_order_under_a_lease,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_jobs__renew_and_progress, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_jobs__result_with_its_state, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(
            test_jobs__finish_in_the_callers_transaction, setup, teardown),
        cmocka_unit_test_setup_teardown(test_jobs__expired_lease_taken_again,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_jobs__cancel, setup, teardown),
        cmocka_unit_test_setup_teardown(test_jobs__list_and_prune, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_jobs__skip_locked, setup,
                                        teardown),
    };

    tu_store_init(&ts);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
