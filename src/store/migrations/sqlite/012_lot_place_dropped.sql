-- 012_lot_place_dropped.sql - the lot(lon, lat) index of 004 is dropped.
-- Each lot put kept it up with one B-tree insert at a random place (lots
-- arrive in no order of place): it was most of the time an import of
-- 100,000 lots into a database of 1,000,000 took, and the largest of the
-- three indexes an import into an empty table builds before its commit.
-- Nothing read through it: the server answers bbox reads from its read
-- model in memory (src/server/geo.c: the lots in order of longitude), and
-- a store query with a bbox (store.h) still selects the same lots, by a
-- scan of the lot table. docs/internals/schema.md has the measurements.
DROP INDEX IF EXISTS lot_place;
