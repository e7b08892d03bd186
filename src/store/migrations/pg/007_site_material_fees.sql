-- 007_site_material_fees.sql (PostgreSQL) - as migrations/sqlite/007: a
-- receiving site's own gate fee per material ("leire=180;sprengstein=0",
-- NOK per t by material code), beside its one fee; NULL when it states
-- none (data/gate_fees.csv then gives the material's factor on the fee).
ALTER TABLE site ADD COLUMN material_fees TEXT;
