-- 003_lean_lot_table.sql - drop the lot indexes on project and site. No
-- query uses them (the registry is read whole), and each cost a B-tree
-- insert per lot: a third of the time of a large import.
DROP INDEX lot_project;
DROP INDEX lot_site;
