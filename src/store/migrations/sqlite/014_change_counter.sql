-- 014_change_counter.sql - counters that several server processes on one
-- database read to notice each other's writes at once: 'registry' grows on
-- every write of an org, project, site or lot, 'accounts' on every change
-- that can end a session (a logout, an account updated or disabled, a
-- token revoked). A server compares the value with the one it last saw
-- and drops its caches when it differs. The triggers run inside the
-- writing transaction, so the counter commits (or rolls back) with it.
CREATE TABLE change_counter (
    name TEXT PRIMARY KEY,
    n INTEGER NOT NULL
) STRICT;
INSERT INTO change_counter (name, n) VALUES ('registry', 0), ('accounts', 0);

CREATE TRIGGER org_changed_i AFTER INSERT ON org BEGIN
    UPDATE change_counter SET n = n + 1 WHERE name = 'registry'; END;
CREATE TRIGGER org_changed_u AFTER UPDATE ON org BEGIN
    UPDATE change_counter SET n = n + 1 WHERE name = 'registry'; END;
CREATE TRIGGER org_changed_d AFTER DELETE ON org BEGIN
    UPDATE change_counter SET n = n + 1 WHERE name = 'registry'; END;
CREATE TRIGGER project_changed_i AFTER INSERT ON project BEGIN
    UPDATE change_counter SET n = n + 1 WHERE name = 'registry'; END;
CREATE TRIGGER project_changed_u AFTER UPDATE ON project BEGIN
    UPDATE change_counter SET n = n + 1 WHERE name = 'registry'; END;
CREATE TRIGGER project_changed_d AFTER DELETE ON project BEGIN
    UPDATE change_counter SET n = n + 1 WHERE name = 'registry'; END;
CREATE TRIGGER site_changed_i AFTER INSERT ON site BEGIN
    UPDATE change_counter SET n = n + 1 WHERE name = 'registry'; END;
CREATE TRIGGER site_changed_u AFTER UPDATE ON site BEGIN
    UPDATE change_counter SET n = n + 1 WHERE name = 'registry'; END;
CREATE TRIGGER site_changed_d AFTER DELETE ON site BEGIN
    UPDATE change_counter SET n = n + 1 WHERE name = 'registry'; END;
CREATE TRIGGER lot_changed_i AFTER INSERT ON lot BEGIN
    UPDATE change_counter SET n = n + 1 WHERE name = 'registry'; END;
CREATE TRIGGER lot_changed_u AFTER UPDATE ON lot BEGIN
    UPDATE change_counter SET n = n + 1 WHERE name = 'registry'; END;
CREATE TRIGGER lot_changed_d AFTER DELETE ON lot BEGIN
    UPDATE change_counter SET n = n + 1 WHERE name = 'registry'; END;

CREATE TRIGGER session_ended AFTER DELETE ON session BEGIN
    UPDATE change_counter SET n = n + 1 WHERE name = 'accounts'; END;
CREATE TRIGGER account_changed AFTER UPDATE ON account BEGIN
    UPDATE change_counter SET n = n + 1 WHERE name = 'accounts'; END;
CREATE TRIGGER account_deleted AFTER DELETE ON account BEGIN
    UPDATE change_counter SET n = n + 1 WHERE name = 'accounts'; END;
CREATE TRIGGER api_token_changed AFTER UPDATE ON api_token BEGIN
    UPDATE change_counter SET n = n + 1 WHERE name = 'accounts'; END;
CREATE TRIGGER api_token_deleted AFTER DELETE ON api_token BEGIN
    UPDATE change_counter SET n = n + 1 WHERE name = 'accounts'; END;
