-- 012_lot_place_dropped.sql (PostgreSQL) - as migrations/sqlite/012: the
-- lot(lon, lat) index of 004 is dropped. It cost one B-tree insert per lot
-- put and served no query: the server answers bbox reads from its read
-- model in memory, and a store query with a bbox scans the lot table (with
-- PostGIS, lot_geo of 004 stays for map and radius queries).
DROP INDEX IF EXISTS lot_place;
