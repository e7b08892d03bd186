-- 008_municipality_boundaries.sql - the municipalities' boundaries, as
-- the operator loaded them from Kartverket's administrative units
-- (masseflyt import-municipalities; docs/FORMATS.md): per kommunenummer
-- its name and its polygon as a GeoJSON geometry in WGS84. validate
-- checks each site's and lot's place against its municipality's polygon.
-- A new load replaces the whole table.
CREATE TABLE municipality_boundary (
    number TEXT PRIMARY KEY CHECK (length(number) = 4),
    name TEXT NOT NULL,
    geometry TEXT NOT NULL,
    source TEXT NOT NULL,
    imported TEXT NOT NULL
) STRICT;
