-- 024_place_expression_index.sql - the number of the PostgreSQL
-- migration that drops the stored `place` geography column of sites and
-- lots and indexes the point as an expression of lon and lat instead
-- (migrations/pg/024). SQLite never had a place column (its radius and
-- map queries read lon and lat, migration 004), so nothing changes
-- here; the number keeps the two lists side by side.
SELECT 1;
