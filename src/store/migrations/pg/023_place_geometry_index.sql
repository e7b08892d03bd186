-- 023_place_geometry_index.sql (PostgreSQL) - the GiST indexes of the
-- places (004) index the points as geometry in EPSG:4326 (an expression
-- index on place::geometry) instead of as geography. PostGIS 3.3 builds a
-- geometry GiST index by sorting the points (gist_geometry_ops_2d has
-- sort support, gist_geography_ops has none), so an import into an empty
-- lot table drops the index and builds it again in one sorted pass after
-- the rows are in (store_pg.c); a geography index is built by inserting
-- row by row, which was the largest part of the import's server time
-- (docs/PERFORMANCE.md). Map and radius queries select through the index
-- with the box around the circle (place::geometry && box, codec.c), the
-- same box the lon/lat conditions hold and SQLite reads; the exact
-- distance still decides, on both backends. Without PostGIS there is no
-- place column and nothing changes.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'postgis') THEN
        EXECUTE 'DROP INDEX IF EXISTS site_place';
        EXECUTE 'CREATE INDEX site_place ON site USING gist '
                '((place::geometry))';
        EXECUTE 'DROP INDEX IF EXISTS lot_geo';
        EXECUTE 'CREATE INDEX lot_geo ON lot USING gist ((place::geometry))';
    END IF;
END
$$;
