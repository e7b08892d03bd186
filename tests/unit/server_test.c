/*
 * server_test.c - the server's pieces without a socket: the router, the
 * mapping of library codes to HTTP statuses and exit statuses, problem
 * documents, constant-time comparison, password hashing, random ids,
 * static path normalisation and the account rules.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "accounts.h"
#include "srv_int.h"

#include <stdlib.h>
#include <string.h>

static const struct route routes[] = {
    {"GET", "/api/v1/users", 1},       {"POST", "/api/v1/users", 2},
    {"GET", "/api/v1/users/{id}", 3},  {"PATCH", "/api/v1/users/{id}", 4},
    {"GET", "/api/v1/a/{x}/b/{y}", 5},
};
#define NR (sizeof routes / sizeof routes[0])

static void test_router(void **state)
{
    const struct route *m;
    struct route_params p;
    char allow[64];

    (void)state;
    assert_int_equal(route_find(routes, NR, "GET", "/api/v1/users", &m, &p,
                                allow, sizeof allow),
                     ROUTE_FOUND);
    assert_int_equal(m->handler, 1);
    assert_int_equal(route_find(routes, NR, "PATCH", "/api/v1/users/42", &m, &p,
                                allow, sizeof allow),
                     ROUTE_FOUND);
    assert_int_equal(m->handler, 4);
    assert_string_equal(route_param(&p, "id"), "42");
    assert_null(route_param(&p, "nope"));
    assert_int_equal(route_find(routes, NR, "GET", "/api/v1/a/1/b/two", &m, &p,
                                allow, sizeof allow),
                     ROUTE_FOUND);
    assert_string_equal(route_param(&p, "x"), "1");
    assert_string_equal(route_param(&p, "y"), "two");
    /* A path that matches with another method: 405 with Allow. */
    assert_int_equal(route_find(routes, NR, "DELETE", "/api/v1/users", &m, &p,
                                allow, sizeof allow),
                     ROUTE_NO_METHOD);
    assert_string_equal(allow, "GET, POST");
    /* An empty parameter, an extra segment, a trailing slash, a prefix. */
    assert_int_equal(
        route_find(routes, NR, "GET", "/api/v1/users/", &m, &p, NULL, 0),
        ROUTE_NOT_FOUND);
    assert_int_equal(
        route_find(routes, NR, "GET", "/api/v1/users/1/x", &m, &p, NULL, 0),
        ROUTE_NOT_FOUND);
    assert_int_equal(
        route_find(routes, NR, "GET", "/api/v1/user", &m, &p, NULL, 0),
        ROUTE_NOT_FOUND);
    assert_int_equal(
        route_find(routes, NR, "GET", "/api/v1/usersx", &m, &p, NULL, 0),
        ROUTE_NOT_FOUND);
}

static void test_decode(void **state)
{
    char out[32];

    (void)state;
    assert_int_equal(route_decode("/a%20b", out, sizeof out), 4);
    assert_string_equal(out, "/a b");
    assert_int_equal(route_decode("/%2e%2E/x", out, sizeof out), 5);
    assert_string_equal(out, "/../x");
    assert_int_equal(route_decode("/a%00b", out, sizeof out), -1);
    assert_int_equal(route_decode("/a%zzb", out, sizeof out), -1);
    assert_int_equal(route_decode("/a%2", out, sizeof out), -1);
    assert_int_equal(route_decode("/0123456789", out, 8), -1);
}

static void test_status_table(void **state)
{
    (void)state;
    /* One table gives both the exit status and the HTTP status. */
    assert_int_equal(mf_status_info(MF_EINVAL)->http_status, 400);
    assert_int_equal(mf_status_info(MF_EINVAL)->exit_status, 3);
    assert_int_equal(mf_status_info(MF_ENOTFOUND)->http_status, 404);
    assert_int_equal(mf_status_info(MF_ENOTFOUND)->exit_status, 4);
    assert_int_equal(mf_status_info(MF_EINFEASIBLE)->http_status, 422);
    assert_int_equal(mf_status_info(MF_ESTORE)->exit_status, 6);
    assert_int_equal(mf_status_info(MF_ERR)->http_status, 500);
    assert_int_equal(mf_status_info(MF_ENOMEM)->exit_status, 71);
    /* Unknown codes are internal errors. */
    assert_int_equal(mf_status_info(-999)->http_status, 500);
    assert_int_equal(mf_status_info(-999)->exit_status, 70);
    /* Every code has the name mf_status_name gives it. */
    for (int c = MF_EUNBOUNDED; c <= MF_OK; c++)
        assert_string_equal(mf_status_info(c)->name, mf_status_name(c));
}

static void test_problem(void **state)
{
    const char *name, *title;
    char *s;
    json_t *j;

    (void)state;
    assert_int_equal(problem_status(MF_ENOTFOUND, &name, &title), 404);
    assert_string_equal(name, "not_found");
    s = problem_json(400, "invalid", "Invalid input", "must be >= 0",
                     "lots.csv:12: quantity");
    assert_non_null(s);
    j = json_loads(s, 0, NULL);
    assert_non_null(j);
    assert_string_equal(json_string_value(json_object_get(j, "type")),
                        "urn:masseflyt:problem:invalid");
    assert_string_equal(json_string_value(json_object_get(j, "title")),
                        "Invalid input");
    assert_int_equal(json_integer_value(json_object_get(j, "status")), 400);
    assert_string_equal(json_string_value(json_object_get(j, "detail")),
                        "must be >= 0");
    assert_string_equal(json_string_value(json_object_get(j, "where")),
                        "lots.csv:12: quantity");
    json_decref(j);
    free(s);
    /* No `where` member when there is no place. */
    s = problem_json(404, "not_found", "Not found", "x", "");
    j = json_loads(s, 0, NULL);
    assert_null(json_object_get(j, "where"));
    json_decref(j);
    free(s);
}

static void test_equal(void **state)
{
    (void)state;
    assert_true(auth_equal("abcdef", "abcdef"));
    assert_false(auth_equal("abcdef", "abcdeg"));
    assert_false(auth_equal("abcdef", "abcde"));
    assert_false(auth_equal("", ""));
}

static void test_password(void **state)
{
    char h[160];

    (void)state;
    assert_int_equal(auth_init(), 0);
    assert_int_equal(auth_hash_password("correct horse battery", h, sizeof h),
                     0);
    assert_int_equal(strncmp(h, "$argon2id$", 10), 0);
    assert_null(strstr(h, "correct horse"));
    assert_true(auth_verify_password(h, "correct horse battery"));
    assert_false(auth_verify_password(h, "correct horse batterY"));
    assert_false(auth_verify_password("not a hash", "x"));
}

static void test_random(void **state)
{
    char a[64], b[64], ha[65], hb[65];

    (void)state;
    assert_int_equal(auth_random_token(a, sizeof a, 32), 0);
    assert_int_equal(auth_random_token(b, sizeof b, 32), 0);
    assert_int_equal(strlen(a), 43); /* 256 bits, base64url, no padding */
    assert_string_not_equal(a, b);
    auth_hash_hex(a, ha);
    auth_hash_hex(b, hb);
    assert_int_equal(strlen(ha), 64);
    assert_string_not_equal(ha, hb);
    assert_int_equal(auth_random_token(a, 8, 32), -1);
}

/* A record's ETag: a quoted hash of the record as stored, the same for
 * the same text and another for any change. */
static void test_etag(void **state)
{
    char a[40], b[40], c[40];

    (void)state;
    assert_int_equal(auth_init(), 0);
    rec_etag("{\"id\":\"x\",\"quantity\":1200}", a);
    rec_etag("{\"id\":\"x\",\"quantity\":1200}", b);
    rec_etag("{\"id\":\"x\",\"quantity\":1201}", c);
    assert_string_equal(a, b);
    assert_string_not_equal(a, c);
    assert_int_equal(strlen(a), 35);
    assert_true(a[0] == '"' && a[1] == 'r' && a[34] == '"');
    assert_int_equal(strspn(a + 2, "0123456789abcdef"), 32);
}

static void test_normalise(void **state)
{
    char out[64];

    (void)state;
    assert_int_equal(static_normalise("/", out, sizeof out), 0);
    assert_string_equal(out, "index.html");
    assert_int_equal(static_normalise("/app.js", out, sizeof out), 0);
    assert_string_equal(out, "app.js");
    assert_int_equal(static_normalise("/a/b.css", out, sizeof out), 0);
    assert_string_equal(out, "a/b.css");
    assert_int_equal(static_normalise("/a/", out, sizeof out), 0);
    assert_string_equal(out, "a/index.html");
    assert_int_equal(static_normalise("/../etc/passwd", out, sizeof out), -1);
    assert_int_equal(static_normalise("/a/../../x", out, sizeof out), -1);
    assert_int_equal(static_normalise("/a/./x", out, sizeof out), -1);
    assert_int_equal(static_normalise("/.git/config", out, sizeof out), -1);
    assert_int_equal(static_normalise("//etc/passwd", out, sizeof out), -1);
    assert_int_equal(static_normalise("/a\\..\\b", out, sizeof out), -1);
    assert_int_equal(static_normalise("relative", out, sizeof out), -1);
    assert_int_equal(static_normalise("/a", out, 1), -1);
    assert_string_equal(static_content_type("x.js"),
                        "text/javascript; charset=utf-8");
    assert_string_equal(static_content_type("x.html"),
                        "text/html; charset=utf-8");
    assert_string_equal(static_content_type("x"), "application/octet-stream");
}

static void test_rules(void **state)
{
    struct store_account ed = {.role = "editor", .org = "svv"};
    struct store_account au = {.role = "authority"};
    struct store_account ad = {.role = "administrator"};

    (void)state;
    assert_int_equal(acct_check_email("a@b.no", NULL), 0);
    assert_int_equal(acct_check_email("ab.no", NULL), MF_EINVAL);
    assert_int_equal(acct_check_email("a@b@c", NULL), MF_EINVAL);
    assert_int_equal(acct_check_email("a b@c", NULL), MF_EINVAL);
    assert_int_equal(acct_check_role("editor", NULL), 0);
    assert_int_equal(acct_check_role("root", NULL), MF_EINVAL);
    assert_int_equal(acct_check_password("elleve tegn", NULL), MF_EINVAL);
    assert_int_equal(acct_check_password("tolv tegn!!!", NULL), 0);
    /* Characters, not bytes: 11 letters with æøå are still too short. */
    assert_int_equal(acct_check_password("æøåæøåæøåæø", NULL), MF_EINVAL);
    assert_int_equal(acct_check_name("", NULL), MF_EINVAL);
    assert_int_equal(acct_check_name("Ola\nNordmann", NULL), MF_EINVAL);
    assert_true(acct_may_write_org(&ed, "svv"));
    assert_false(acct_may_write_org(&ed, "banenor"));
    assert_false(acct_may_write_org(&au, "svv"));
    assert_true(acct_may_write_org(&ad, "banenor"));
    assert_false(acct_may_write_org(NULL, "svv"));
}

/* A tile URL's CSP source: exactly its origin, or refused. */
static void test_tile_origin(void **state)
{
    char out[128];
    struct mf_error err = {0};

    (void)state;
    assert_int_equal(tiles_origin("https://cache.kartverket.no/v1/wmts/1.0.0/"
                                  "topo/default/webmercator/{z}/{y}/{x}.png",
                                  out, sizeof out, "--tile-url", &err),
                     0);
    assert_string_equal(out, "https://cache.kartverket.no");
    assert_int_equal(tiles_origin("http://localhost:8081/{z}/{x}/{y}.png", out,
                                  sizeof out, "--tile-url", &err),
                     0);
    assert_string_equal(out, "http://localhost:8081");
    assert_int_equal(tiles_origin("https://{s}.tile.example.no/{z}/{x}/{y}",
                                  out, sizeof out, "--tile-url", &err),
                     0);
    assert_string_equal(out, "https://*.tile.example.no");
    assert_int_equal(tiles_origin("https://a.no", out, sizeof out, "x", &err),
                     0);
    assert_string_equal(out, "https://a.no");
    /* What would widen the policy or is no origin at all. */
    assert_int_not_equal(tiles_origin("javascript:alert(1)", out, sizeof out,
                                      "--tile-url", &err),
                         0);
    assert_string_equal(err.where, "--tile-url");
    assert_int_not_equal(
        tiles_origin("https://a.no; script-src *", out, sizeof out, "x", &err),
        0);
    assert_int_not_equal(
        tiles_origin("https://a.no/x'y", out, sizeof out, "x", &err), 0);
    assert_int_not_equal(tiles_origin("https:///x", out, sizeof out, "x", &err),
                         0);
    assert_int_not_equal(
        tiles_origin("https://a b/", out, sizeof out, "x", &err), 0);
    assert_int_not_equal(
        tiles_origin("https://{z}.a.no/", out, sizeof out, "x", &err), 0);
    assert_int_not_equal(
        tiles_origin("https://a.no,b.no/", out, sizeof out, "x", &err), 0);
    assert_int_not_equal(
        tiles_origin("https://a.no:/", out, sizeof out, "x", &err), 0);
    assert_int_not_equal(
        tiles_origin("https://averyveryverylonghost.no/", out, 16, "x", &err),
        0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_router),       cmocka_unit_test(test_decode),
        cmocka_unit_test(test_status_table), cmocka_unit_test(test_problem),
        cmocka_unit_test(test_equal),        cmocka_unit_test(test_password),
        cmocka_unit_test(test_random),       cmocka_unit_test(test_normalise),
        cmocka_unit_test(test_rules),        cmocka_unit_test(test_etag),
        cmocka_unit_test(test_tile_origin),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
