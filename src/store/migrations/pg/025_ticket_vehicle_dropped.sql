-- 025_ticket_vehicle_dropped.sql (PostgreSQL) - drops the index
-- ticket_vehicle (vehicle, departed) of migration 013, as on SQLite
-- (migrations/sqlite/025): no statement reads tickets by vehicle, so the
-- index only cost the import its build after the COPY and every single
-- write its upkeep. The tickets and receipts stay as they are.
DROP INDEX IF EXISTS ticket_vehicle;
