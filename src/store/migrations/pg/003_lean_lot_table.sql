-- 003_lean_lot_table.sql (PostgreSQL) - drop the lot indexes on project
-- and site, as migrations/sqlite/003_lean_lot_table.sql does (004 brings
-- back the ones the queries use).
DROP INDEX lot_project;
DROP INDEX lot_site;
