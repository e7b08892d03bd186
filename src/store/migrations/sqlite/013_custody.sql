-- 013_custody.sql - chain of custody (issue 11): vehicles, quality
-- documents (SHA-256 of their content) and the lots they cover, load
-- tickets and receipts. Times are Unix seconds. Append-only: triggers
-- refuse UPDATE and DELETE; a correction is a new row whose `corrects`
-- names the old one (at most one per row: chains). Registry ids are text
-- without foreign keys, so tickets outlive a re-imported lot and
-- `custody check` flags unknown ones. docs/CUSTODY.md has the model.
CREATE TABLE vehicle (
    reg TEXT PRIMARY KEY,
    haulier TEXT,
    truck TEXT,
    payload_t REAL,
    created INTEGER NOT NULL
) STRICT;
CREATE TABLE quality_doc (
    id TEXT PRIMARY KEY,
    sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
    tonnes REAL,
    issued INTEGER,
    source TEXT,
    created INTEGER NOT NULL
) STRICT;
CREATE INDEX quality_doc_sha ON quality_doc(sha256);
CREATE TABLE quality_doc_lot (
    doc TEXT NOT NULL REFERENCES quality_doc(id),
    lot TEXT NOT NULL,
    PRIMARY KEY (doc, lot)
) STRICT;
CREATE INDEX quality_doc_lot_lot ON quality_doc_lot(lot);
CREATE TABLE ticket (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    code TEXT,
    corrects TEXT REFERENCES ticket(id),
    reason TEXT,
    voids INTEGER NOT NULL DEFAULT 0 CHECK (voids IN (0, 1)),
    lot TEXT NOT NULL,
    origin TEXT NOT NULL,
    dest TEXT NOT NULL,
    haulier TEXT NOT NULL,
    vehicle TEXT NOT NULL,
    material TEXT NOT NULL,
    quantity REAL NOT NULL CHECK (quantity > 0),
    state TEXT NOT NULL CHECK (state IN ('t', 'pfm3', 'ulm3', 'pam3')),
    departed INTEGER NOT NULL,
    quality_doc TEXT,
    created INTEGER NOT NULL,
    CHECK ((corrects IS NULL) = (reason IS NULL))
) STRICT;
CREATE INDEX ticket_lot ON ticket(lot);
CREATE INDEX ticket_code ON ticket(code);
CREATE INDEX ticket_vehicle ON ticket(vehicle, departed);
CREATE TABLE receipt (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    ticket TEXT NOT NULL,
    corrects TEXT REFERENCES receipt(id),
    reason TEXT,
    voids INTEGER NOT NULL DEFAULT 0 CHECK (voids IN (0, 1)),
    site TEXT,
    arrived INTEGER NOT NULL,
    weighed_t REAL CHECK (weighed_t >= 0),
    accepted INTEGER NOT NULL CHECK (accepted IN (0, 1)),
    rejection TEXT,
    created INTEGER NOT NULL,
    CHECK ((corrects IS NULL) = (reason IS NULL)),
    CHECK (accepted = 1 OR rejection IS NOT NULL)
) STRICT;
CREATE INDEX receipt_ticket ON receipt(ticket);
CREATE TRIGGER vehicle_no_update BEFORE UPDATE ON vehicle
BEGIN SELECT RAISE(ABORT, 'custody records are append-only'); END;
CREATE TRIGGER vehicle_no_delete BEFORE DELETE ON vehicle
BEGIN SELECT RAISE(ABORT, 'custody records are append-only'); END;
CREATE TRIGGER quality_doc_no_update BEFORE UPDATE ON quality_doc
BEGIN SELECT RAISE(ABORT, 'custody records are append-only'); END;
CREATE TRIGGER quality_doc_no_delete BEFORE DELETE ON quality_doc
BEGIN SELECT RAISE(ABORT, 'custody records are append-only'); END;
CREATE TRIGGER quality_doc_lot_no_update BEFORE UPDATE ON quality_doc_lot
BEGIN SELECT RAISE(ABORT, 'custody records are append-only'); END;
CREATE TRIGGER quality_doc_lot_no_delete BEFORE DELETE ON quality_doc_lot
BEGIN SELECT RAISE(ABORT, 'custody records are append-only'); END;
CREATE TRIGGER ticket_no_update BEFORE UPDATE ON ticket
BEGIN SELECT RAISE(ABORT, 'custody records are append-only'); END;
CREATE TRIGGER ticket_no_delete BEFORE DELETE ON ticket
BEGIN SELECT RAISE(ABORT, 'custody records are append-only'); END;
CREATE TRIGGER receipt_no_update BEFORE UPDATE ON receipt
BEGIN SELECT RAISE(ABORT, 'custody records are append-only'); END;
CREATE TRIGGER receipt_no_delete BEFORE DELETE ON receipt
BEGIN SELECT RAISE(ABORT, 'custody records are append-only'); END;
CREATE UNIQUE INDEX ticket_corrected_once ON ticket(corrects)
    WHERE corrects IS NOT NULL;
CREATE UNIQUE INDEX receipt_corrected_once ON receipt(corrects)
    WHERE corrects IS NOT NULL;
