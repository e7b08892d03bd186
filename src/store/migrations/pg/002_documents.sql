-- 002_documents.sql (PostgreSQL) - named JSON documents: stored plans,
-- scenario results and reports' inputs, one per (kind, name). As
-- migrations/sqlite/002_documents.sql; json is text, kept byte for byte.
CREATE TABLE document (
    kind TEXT COLLATE "C" NOT NULL,
    name TEXT COLLATE "C" NOT NULL,
    created TEXT NOT NULL,
    json TEXT NOT NULL,
    PRIMARY KEY (kind, name)
);
