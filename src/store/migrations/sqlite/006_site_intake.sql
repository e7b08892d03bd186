-- 006_site_intake.sql - a receiving site's yearly intake limit from its
-- permit, in tonnes a year, beside its total capacity. NULL: no yearly
-- limit (the planner then bounds only the total).
ALTER TABLE site ADD COLUMN intake_t REAL;
