-- 014_change_counter.sql (PostgreSQL) - as migrations/sqlite/014: the
-- 'registry' and 'accounts' counters that server processes compare to
-- notice each other's writes. The triggers are per statement, not per
-- row: a bulk import bumps the counter once per statement instead of once
-- per lot (a row trigger would update the one counter row a million times
-- in one transaction).
CREATE TABLE change_counter (
    name TEXT COLLATE "C" PRIMARY KEY,
    n BIGINT NOT NULL
);
INSERT INTO change_counter (name, n) VALUES ('registry', 0), ('accounts', 0);

CREATE FUNCTION change_counter_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE change_counter SET n = n + 1 WHERE name = TG_ARGV[0];
    RETURN NULL;
END $$;

CREATE TRIGGER org_changed AFTER INSERT OR UPDATE OR DELETE ON org
    FOR EACH STATEMENT EXECUTE FUNCTION change_counter_bump('registry');
CREATE TRIGGER project_changed AFTER INSERT OR UPDATE OR DELETE ON project
    FOR EACH STATEMENT EXECUTE FUNCTION change_counter_bump('registry');
CREATE TRIGGER site_changed AFTER INSERT OR UPDATE OR DELETE ON site
    FOR EACH STATEMENT EXECUTE FUNCTION change_counter_bump('registry');
CREATE TRIGGER lot_changed AFTER INSERT OR UPDATE OR DELETE ON lot
    FOR EACH STATEMENT EXECUTE FUNCTION change_counter_bump('registry');

CREATE TRIGGER session_ended AFTER DELETE ON session
    FOR EACH STATEMENT EXECUTE FUNCTION change_counter_bump('accounts');
CREATE TRIGGER account_changed AFTER UPDATE OR DELETE ON account
    FOR EACH STATEMENT EXECUTE FUNCTION change_counter_bump('accounts');
CREATE TRIGGER api_token_changed AFTER UPDATE OR DELETE ON api_token
    FOR EACH STATEMENT EXECUTE FUNCTION change_counter_bump('accounts');
