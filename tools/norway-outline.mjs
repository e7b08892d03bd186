// norway-outline.mjs - extract Norway and its land neighbours from
// world-atlas (Natural Earth 1:50m, public domain; world-atlas is ISC) as
// GeoJSON, the input of tools/mkterritory.c.
//
//   npm install world-atlas@2.0.2 topojson-client@3.1.0
//   node tools/norway-outline.mjs 50m > /tmp/nordic-50m.geojson  (area)
//   node tools/norway-outline.mjs 10m > /tmp/nordic-10m.geojson  (maps)
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { feature } from "topojson-client";

const require = createRequire(import.meta.url);
const scale = process.argv[2] === "10m" ? "10m" : "50m";
const path = require.resolve(`world-atlas/countries-${scale}.json`);
const topo = JSON.parse(readFileSync(path, "utf8"));
// ISO 3166 numeric codes: Norway, Sweden, Finland, Russia.
const want = { "578": "NO", "752": "SE", "246": "FI", "643": "RU" };
const all = feature(topo, topo.objects.countries);
const out = {
  type: "FeatureCollection",
  features: all.features
    .filter((f) => want[f.id])
    .map((f) => ({ type: "Feature", properties: { iso: want[f.id] },
                   geometry: f.geometry })),
};
process.stdout.write(JSON.stringify(out));
