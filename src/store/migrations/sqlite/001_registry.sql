-- 001_registry.sql - the registry of masses: organisations, projects,
-- sites and lots, and a log of imports. Quantities are stored as given
-- (quantity + unit) and in tonnes; places as given (x, y, epsg) and in
-- WGS84 (lon, lat). Dates are ISO 8601 text.
CREATE TABLE org (
    id TEXT PRIMARY KEY,
    orgnr TEXT,
    name TEXT NOT NULL,
    is_public INTEGER NOT NULL DEFAULT 0 CHECK (is_public IN (0, 1)),
    note TEXT
) STRICT;

CREATE TABLE project (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    org TEXT REFERENCES org(id),
    municipality TEXT,
    kind TEXT,
    start_date TEXT,
    end_date TEXT,
    source TEXT,
    note TEXT
) STRICT;

CREATE TABLE site (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('project', 'storage', 'processing',
                                        'receiving', 'quarry')),
    org TEXT REFERENCES org(id),
    project TEXT REFERENCES project(id),
    municipality TEXT,
    x REAL, y REAL, epsg INTEGER,
    lon REAL NOT NULL, lat REAL NOT NULL,
    restrictions INTEGER NOT NULL DEFAULT 0,
    open_from TEXT, open_to TEXT,
    materials TEXT NOT NULL DEFAULT '',
    product TEXT,
    capacity REAL, capacity_unit TEXT, capacity_t REAL,
    fee REAL NOT NULL DEFAULT 0,
    holding REAL NOT NULL DEFAULT 0,
    fill_height_m REAL NOT NULL DEFAULT 0,
    source TEXT,
    note TEXT
) STRICT;

CREATE TABLE lot (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('supply', 'demand')),
    project TEXT REFERENCES project(id),
    site TEXT REFERENCES site(id),
    material TEXT,
    use TEXT,
    quantity REAL NOT NULL,
    unit TEXT NOT NULL CHECK (unit IN ('t', 'pfm3', 'ulm3', 'pam3')),
    tonnes REAL NOT NULL,
    from_date TEXT NOT NULL,
    to_date TEXT NOT NULL,
    flexible INTEGER NOT NULL DEFAULT 0,
    stockpile_t REAL NOT NULL DEFAULT 0,
    condition_class INTEGER NOT NULL DEFAULT 0,
    natural_background INTEGER NOT NULL DEFAULT 0,
    acid_test TEXT NOT NULL DEFAULT '',
    plant_health TEXT NOT NULL DEFAULT 'none',
    restrictions INTEGER NOT NULL DEFAULT 0,
    planned_independently INTEGER NOT NULL DEFAULT -1,
    is_public INTEGER NOT NULL DEFAULT 1,
    x REAL, y REAL, epsg INTEGER,
    lon REAL, lat REAL,
    source TEXT,
    note TEXT
) STRICT;

CREATE INDEX lot_project ON lot(project);
CREATE INDEX lot_site ON lot(site);

CREATE TABLE import_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    file TEXT NOT NULL,
    kind TEXT NOT NULL,
    records INTEGER NOT NULL,
    encoding TEXT
) STRICT;
