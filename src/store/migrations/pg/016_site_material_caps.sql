-- 016_site_material_caps.sql (PostgreSQL) - as migrations/sqlite/016: a
-- receiving site's capacity split by material where its permit states one
-- ("leire=200000;sprengstein=500000", tonnes by material code); NULL when
-- the permit gives none (the capacity is shared by every material).
ALTER TABLE site ADD COLUMN material_caps TEXT;
