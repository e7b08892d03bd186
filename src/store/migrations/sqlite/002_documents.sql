-- 002_documents.sql - named JSON documents: stored plans, scenario results
-- and reports' inputs, one per (kind, name).
CREATE TABLE document (
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    created TEXT NOT NULL,
    json TEXT NOT NULL,
    PRIMARY KEY (kind, name)
) STRICT;
