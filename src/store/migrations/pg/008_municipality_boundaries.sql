-- 008_municipality_boundaries.sql (PostgreSQL) - as migrations/sqlite/008:
-- the municipalities' boundaries as the operator loaded them from
-- Kartverket's administrative units (masseflyt import-municipalities),
-- per kommunenummer its name and its polygon as a GeoJSON geometry in
-- WGS84. A new load replaces the whole table.
CREATE TABLE municipality_boundary (
    number TEXT COLLATE "C" PRIMARY KEY CHECK (length(number) = 4),
    name TEXT NOT NULL,
    geometry TEXT NOT NULL,
    source TEXT NOT NULL,
    imported TEXT NOT NULL
);
