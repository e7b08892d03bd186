-- 024_place_expression_index.sql (PostgreSQL) - sites and lots keep no
-- stored place: the generated geography column `place` of 004 is
-- dropped, and the GiST indexes of 023 index the same point as an
-- expression of lon and lat, ST_SetSRID(ST_MakePoint(lon, lat), 4326)
-- (immutable and strict: NULL for a lot without lon or lat, as `place`
-- was). The point was computed and stored for every row a COPY wrote
-- (about 0.7 s of the COPY's 2.6 s of server CPU for a million lots,
-- docs/PERFORMANCE.md) and read by nothing but the index; the index
-- build now computes it once per row, still in one sorted pass. Map and
-- radius queries ask the index with the same expression
-- (ST_SetSRID(ST_MakePoint(t.lon, t.lat), 4326) && box, codec.c), so
-- the planner still chooses it; the lon/lat conditions and the exact
-- distance decide, as before. Without PostGIS there is no place column
-- and nothing changes. Dropping a column rewrites nothing: old rows keep
-- the dead bytes until they are written again.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'postgis') THEN
        EXECUTE 'DROP INDEX IF EXISTS site_place';
        EXECUTE 'DROP INDEX IF EXISTS lot_geo';
        EXECUTE 'ALTER TABLE site DROP COLUMN IF EXISTS place';
        EXECUTE 'ALTER TABLE lot DROP COLUMN IF EXISTS place';
        EXECUTE 'CREATE INDEX site_place ON site USING gist '
                '((ST_SetSRID(ST_MakePoint(lon, lat), 4326)))';
        EXECUTE 'CREATE INDEX lot_geo ON lot USING gist '
                '((ST_SetSRID(ST_MakePoint(lon, lat), 4326)))';
    END IF;
END
$$;
