-- 006_site_intake.sql (PostgreSQL) - as migrations/sqlite/006: a
-- receiving site's yearly intake limit from its permit, in tonnes a year,
-- beside its total capacity. NULL: no yearly limit.
ALTER TABLE site ADD COLUMN intake_t DOUBLE PRECISION;
