-- 004_queries.sql - indexes for the queries a server asks (store.h: get,
-- list and count): the records of an organisation, of a municipality, in
-- a bounding box, paged by id (ids are primary keys already).
CREATE INDEX project_org ON project(org);
CREATE INDEX project_municipality ON project(municipality);
CREATE INDEX site_org ON site(org);
CREATE INDEX site_municipality ON site(municipality);
-- Each lot index costs a B-tree insert per lot, a third of a large
-- import's time when 003 dropped two of them. An import into an empty (or
-- nearly empty) lot table therefore drops these inside its transaction and
-- builds them again, each in one sorted pass, just before it commits
-- (store_sqlite.c, "Large imports").
-- Lots without a project or a site are left out of those indexes: no
-- query looks them up by a NULL, and the index is smaller to build.
CREATE INDEX lot_project ON lot(project) WHERE project IS NOT NULL;
CREATE INDEX lot_site ON lot(site) WHERE site IS NOT NULL;
CREATE INDEX lot_place ON lot(lon, lat);
