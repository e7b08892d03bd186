-- 004_queries.sql (PostgreSQL) - indexes for the queries a server asks
-- (store.h: get, list and count), as migrations/sqlite/004_queries.sql.
CREATE INDEX project_org ON project(org);
CREATE INDEX project_municipality ON project(municipality);
CREATE INDEX site_org ON site(org);
CREATE INDEX site_municipality ON site(municipality);
CREATE INDEX lot_project ON lot(project) WHERE project IS NOT NULL;
CREATE INDEX lot_site ON lot(site) WHERE site IS NOT NULL;
CREATE INDEX lot_place ON lot(lon, lat);
-- With PostGIS (store_pg.c creates the extension at init when the server
-- has it), sites and lots also get their place as a geography point,
-- computed from lon and lat, with a GiST index, for map and radius
-- queries. Without PostGIS the plain lon/lat columns and lot_place above
-- are all there is, and every query of this version uses only those.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'postgis') THEN
        EXECUTE 'ALTER TABLE site ADD COLUMN place geography(Point, 4326) '
                'GENERATED ALWAYS AS (ST_SetSRID(ST_MakePoint(lon, lat), '
                '4326)::geography) STORED';
        EXECUTE 'CREATE INDEX site_place ON site USING gist (place)';
        EXECUTE 'ALTER TABLE lot ADD COLUMN place geography(Point, 4326) '
                'GENERATED ALWAYS AS (CASE WHEN lon IS NOT NULL AND lat IS '
                'NOT NULL THEN ST_SetSRID(ST_MakePoint(lon, lat), '
                '4326)::geography END) STORED';
        EXECUTE 'CREATE INDEX lot_geo ON lot USING gist (place)';
    END IF;
END
$$;
