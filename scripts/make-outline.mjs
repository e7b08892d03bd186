// make-outline.mjs - writes web/norway.geojson, the web UI's offline
// basemap: Norway (ISO 3166 numeric 578) from world-atlas 2.0.2's
// countries-50m.json (Natural Earth 1:50m, public domain; world-atlas is
// ISC), converted with topojson-client 3.1.0, coordinates rounded to
// 0.001 degree. Run once (node scripts/make-outline.mjs) after npm ci;
// the result is committed. Norway's geometry includes Svalbard and Jan
// Mayen: the UI fits its view on the mainland's box, not on this layer.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { feature } from 'topojson-client';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const topo = JSON.parse(fs.readFileSync(
  path.join(root, 'node_modules/world-atlas/countries-50m.json'), 'utf8'));
const all = feature(topo, topo.objects.countries);
const norway = all.features.filter((f) => f.id === '578');
if (norway.length !== 1) throw new Error('world-atlas: Norway (578) not found once');
const round = (c) => (typeof c[0] === 'number'
  ? [Math.round(c[0] * 1000) / 1000, Math.round(c[1] * 1000) / 1000]
  : c.map(round));
const out = {
  type: 'FeatureCollection',
  attribution: 'Natural Earth 1:50m via world-atlas 2.0.2',
  features: norway.map((f) => ({
    type: 'Feature', id: 'NO', properties: { name: 'Norge' },
    geometry: { type: f.geometry.type, coordinates: round(f.geometry.coordinates) },
  })),
};
fs.writeFileSync(path.join(root, 'web/norway.geojson'), JSON.stringify(out) + '\n');
console.log(`web/norway.geojson: ${norway[0].geometry.coordinates.length} parts`);
