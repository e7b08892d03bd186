-- 016_site_material_caps.sql - a receiving site's capacity split by
-- material where its permit states one ("leire=200000;sprengstein=500000",
-- tonnes by material code), beside its total capacity and yearly intake;
-- NULL when the permit gives none (the capacity is shared by every
-- material the site takes).
ALTER TABLE site ADD COLUMN material_caps TEXT;
