-- 013_custody.sql - chain of custody (issue 11): the vehicles that haul,
-- the quality documents loads travel under (with the SHA-256 of their
-- content), the load tickets a source site issues and the receipts the
-- receiving site writes. Times are Unix seconds (UTC); quantities carry
-- their volume state as lots do (t, pfm3, ulm3, pam3).
--
-- Nothing here is ever edited or deleted: a correction is a new ticket
-- (or receipt) whose `corrects` names the one it replaces, with a reason,
-- and both stay. Triggers refuse UPDATE and DELETE on every table. The
-- registry's ids (lot, site, org) are kept as text without foreign keys:
-- a lot may be re-imported or deleted while its tickets stay as evidence,
-- and `custody check` flags a ticket whose lot or site is unknown.
CREATE TABLE vehicle (
    reg TEXT PRIMARY KEY,           -- registration, upper case, no spaces
    haulier TEXT NOT NULL,          -- organisation number of the haulier
    payload_t REAL,                 -- largest legal load, t; NULL unknown
    created INTEGER NOT NULL
) STRICT;

CREATE TABLE quality_doc (
    id TEXT PRIMARY KEY,
    lot TEXT NOT NULL,              -- the lot the document describes
    sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
    covers_t REAL NOT NULL CHECK (covers_t >= 0),
    title TEXT NOT NULL DEFAULT '',
    created INTEGER NOT NULL
) STRICT;
CREATE INDEX quality_doc_lot ON quality_doc(lot);
CREATE INDEX quality_doc_sha ON quality_doc(sha256);

CREATE TABLE ticket (
    seq INTEGER PRIMARY KEY,        -- order of arrival in this database
    id TEXT NOT NULL UNIQUE,
    code TEXT NOT NULL UNIQUE,      -- the short verification code
    corrects TEXT REFERENCES ticket(id),
    reason TEXT,                    -- why, for a correction
    lot TEXT NOT NULL,
    origin TEXT NOT NULL,           -- site ids
    dest TEXT NOT NULL,
    haulier TEXT NOT NULL,          -- organisation number
    vehicle TEXT NOT NULL,
    material TEXT NOT NULL,
    quantity REAL NOT NULL CHECK (quantity > 0),
    state TEXT NOT NULL CHECK (state IN ('t', 'pfm3', 'ulm3', 'pam3')),
    departed INTEGER NOT NULL,
    quality_doc TEXT,
    created INTEGER NOT NULL,
    CHECK ((corrects IS NULL) = (reason IS NULL))
) STRICT;
-- The checks read tickets by lot, by destination, by vehicle in time
-- order and by quality document.
CREATE INDEX ticket_lot ON ticket(lot);
CREATE INDEX ticket_dest ON ticket(dest);
CREATE INDEX ticket_vehicle ON ticket(vehicle, departed);
CREATE INDEX ticket_quality_doc ON ticket(quality_doc);

CREATE TABLE receipt (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    ticket TEXT NOT NULL,           -- the ticket id as the receiver read it:
                                    -- no foreign key, a receipt without a
                                    -- ticket is a finding, not an error
    corrects TEXT REFERENCES receipt(id),
    reason TEXT,
    site TEXT NOT NULL,             -- where it arrived
    arrived INTEGER NOT NULL,
    weighed_t REAL NOT NULL CHECK (weighed_t >= 0),
    accepted INTEGER NOT NULL CHECK (accepted IN (0, 1)),
    rejection TEXT,                 -- why it was turned away
    created INTEGER NOT NULL,
    CHECK ((corrects IS NULL) = (reason IS NULL)),
    CHECK (accepted = 1 OR rejection IS NOT NULL)
) STRICT;
CREATE INDEX receipt_ticket ON receipt(ticket);

CREATE TRIGGER vehicle_no_update BEFORE UPDATE ON vehicle
BEGIN
    SELECT RAISE(ABORT, 'custody records are never edited: add a new one');
END;
CREATE TRIGGER vehicle_no_delete BEFORE DELETE ON vehicle
BEGIN
    SELECT RAISE(ABORT, 'custody records are never deleted');
END;
CREATE TRIGGER quality_doc_no_update BEFORE UPDATE ON quality_doc
BEGIN
    SELECT RAISE(ABORT, 'custody records are never edited: add a new one');
END;
CREATE TRIGGER quality_doc_no_delete BEFORE DELETE ON quality_doc
BEGIN
    SELECT RAISE(ABORT, 'custody records are never deleted');
END;
CREATE TRIGGER ticket_no_update BEFORE UPDATE ON ticket
BEGIN
    SELECT RAISE(ABORT, 'custody records are never edited: add a correction');
END;
CREATE TRIGGER ticket_no_delete BEFORE DELETE ON ticket
BEGIN
    SELECT RAISE(ABORT, 'custody records are never deleted');
END;
CREATE TRIGGER receipt_no_update BEFORE UPDATE ON receipt
BEGIN
    SELECT RAISE(ABORT, 'custody records are never edited: add a correction');
END;
CREATE TRIGGER receipt_no_delete BEFORE DELETE ON receipt
BEGIN
    SELECT RAISE(ABORT, 'custody records are never deleted');
END;
-- A record is corrected at most once: a second correction corrects the
-- first (a chain), so the newest of a chain is the one in force.
CREATE UNIQUE INDEX ticket_corrected_once ON ticket(corrects)
    WHERE corrects IS NOT NULL;
CREATE UNIQUE INDEX receipt_corrected_once ON receipt(corrects)
    WHERE corrects IS NOT NULL;
