-- 023_place_geometry_index.sql - the number of the PostgreSQL migration
-- that indexes the places of sites and lots as geometry instead of
-- geography (migrations/pg/023). SQLite has no place column (its radius
-- and map queries read lon and lat, migration 004), so nothing changes
-- here; the number keeps the two lists side by side.
SELECT 1;
