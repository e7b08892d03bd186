// screenshots.mjs - the README tour's two pictures, taken in Debian's
// chromium through playwright-core (as the browser tests drive it): the
// authority logged in on the map with the demo's lots and sites, and the
// flows of a plan it ran, drawn on the map. 1280x800 PNGs. Run by
// scripts/screenshots, which starts the server; exits 1 when a picture
// would not show what its caption says.
//
//   node screenshots.mjs BASE_URL CHROMIUM OUT_DIR PASSWORD
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

const [base, executablePath, out, password] = process.argv.slice(2);
const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'mf-shots-'));
const ctx = await chromium.launchPersistentContext(profile, {
  executablePath, headless: true, viewport: { width: 1280, height: 800 },
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const page = ctx.pages()[0] || await ctx.newPage();
let rc = 0;

function need(ok, what) {
  if (!ok) {
    console.error('screenshots: ' + what);
    rc = 1;
  }
}

try {
  await page.goto(base + '/');
  await page.waitForSelector('body[data-ready="1"]', { timeout: 15000 });
  await page.fill('#email', 'authority@example.no');
  await page.fill('#password', password);
  await page.click('#login button[type="submit"]');
  await page.waitForSelector('#balance:not([hidden])', { timeout: 10000 });
  await page.click('#fit');
  await page.waitForTimeout(1500); // the markers and the list follow the view
  const markers = await page.locator('.leaflet-marker-icon').count();
  const items = await page.locator('#list button.item').count();
  need(markers > 3 && items > 10, `the map shows lots (${markers} markers or clusters, ${items} in the list)`);
  await page.locator('#map').scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(out, 'map-lots.png') });

  await page.click('#p-run');
  await page.waitForSelector('body[data-planview="ready"]', { timeout: 120000 });
  await page.waitForTimeout(1000);
  const flows = await page.locator('path.mf-flow').count();
  need(flows > 10, `the plan's flows are on the map (${flows})`);
  await page.locator('#map').scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(out, 'plan-flows.png') });
  console.log(`screenshots: map-lots.png (${markers} markers), plan-flows.png (${flows} flows) in ${out}`);
} catch (e) {
  console.error('screenshots: ' + (e.stack || e));
  rc = 1;
} finally {
  await ctx.close();
  fs.rmSync(profile, { recursive: true, force: true });
}
process.exit(rc);
