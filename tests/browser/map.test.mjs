// map.test.mjs - the web UI in chromium (playwright-core): the public
// viewer sees the map with markers and the list and never a non-public
// lot; the language switch works; an authority logs in and sees the
// non-public lots and the balance, and on its dashboard the balance
// charts, a scenario comparison run as a job (table and charts side by
// side) and a report downloaded as a PDF; an editor sees its own organisation's
// non-public lot and not another's, and registers a surplus lot by
// clicking its place on the map: a broken rule is shown at its field, and
// the saved lot appears in the list; the authority's plan job ends in
// the plan view (flows on the map by tonnes and material with a legend,
// storage levels as a chart, indicators against today's practice); the
// editor asks "who could take my masses?" of its own lot and sees the
// destinations with km, price, room and the plan's tonnes, the excluded
// ones with their reason, and lines on the map. Prints "N passed, N
// failed".
//
//   node map.test.mjs BASE_URL CHROMIUM SCREENSHOT_DIR PASSWORD
import fs from 'node:fs';
import path from 'node:path';
import { start } from './harness.mjs';

const [base, executablePath, shots, password] = process.argv.slice(2);
const PRIVATE = ['privat-demo-leire', 'privat-svv-stein'];
const { page, check, login, logout, finish } = await start(executablePath,
  { acceptDownloads: true, viewport: { width: 1280, height: 860 } });

async function listIds() {
  return page.$$eval('#list button.item', (bs) => bs.map((b) => b.dataset.id));
}

try {
  // 1. The public viewer.
  await page.goto(base + '/');
  await page.waitForSelector('body[data-ready="1"]', { timeout: 15000 });
  check(await page.getAttribute('html', 'lang') === 'nb', 'the page starts in Norwegian');
  check(await page.locator('#list-title').innerText().then((s) => s.startsWith('I kartutsnittet')),
    'the list title is Norwegian');
  const markers = await page.locator('.leaflet-marker-icon').count();
  check(markers > 0, `markers on the map (${markers})`);
  check(await page.locator('path.mf-land').count() > 0, 'the Norway outline is drawn');
  let ids = await listIds();
  check(ids.length > 30, `the list shows the records in view (${ids.length})`);
  check(ids.includes('fornebu-leire') && ids.includes('avtjerna-deponi'),
    'the list has a public lot and a site');
  check(PRIVATE.every((id) => !ids.includes(id)), 'no non-public lot in the public list');
  const html = await page.content();
  check(PRIVATE.every((id) => !html.includes(id)), 'no non-public lot anywhere in the public page');
  check(await page.locator('#balance').isHidden(), 'no balance for the public viewer');
  check(await page.locator('#dashboard').isHidden(), 'no dashboard for the public viewer');
  await page.screenshot({ path: path.join(shots, 'public-nb.png') });

  // The list follows the map's extent: zoomed in, fewer records are in view.
  const before = ids.length;
  const soft = { timeout: 8000 };
  for (let i = 0; i < 3; i++) await page.click('.leaflet-control-zoom-in');
  await page.waitForFunction((n) => document.querySelectorAll('#list button.item').length < n,
    before, soft).catch(() => {});
  ids = await listIds();
  check(ids.length < before, `zooming in shortens the list (${before} -> ${ids.length})`);

  // A filter: only need lots, with the whole region in view again.
  await page.click('#fit');
  await page.selectOption('#f-kind', 'lot:demand');
  await page.waitForFunction(() => {
    const b = [...document.querySelectorAll('#list button.item')];
    return b.length > 0 && b.every((x) => x.dataset.kind === 'lot');
  }, null, soft).catch(() => {});
  const kinds = await page.$$eval('#list button.item', (bs) => bs.map((b) => b.textContent));
  check(kinds.length > 0 && kinds.every((s) => s.includes('(Behov)')), 'the kind filter leaves need lots only');
  await page.selectOption('#f-kind', '');
  await page.waitForFunction(() => document.querySelector('#list button.item[data-id="fornebu-leire"]'),
    null, soft).catch(() => {});

  // Details on click (keyboard: the list's buttons).
  await page.locator('#list button.item[data-id="fornebu-leire"]').press('Enter');
  await page.waitForSelector('#details:not([hidden])');
  check(await page.locator('#details-title').innerText() === 'fornebu-leire', 'a lot\'s details open from the list');
  check((await page.locator('#details-body').innerText()).includes('Leire'), 'the details name the material');

  // 2. The language switch.
  await page.click('#lang');
  check(await page.getAttribute('html', 'lang') === 'en', 'the switch sets lang=en');
  check((await page.locator('#list-title').innerText()).startsWith('In the map view'), 'the list title in English');
  check((await page.locator('#details-body').innerText()).includes('Clay'), 'material names in English');
  check(await page.locator('label[for="f-material"]').innerText() === 'Material', 'filter labels in English');
  await page.screenshot({ path: path.join(shots, 'public-en.png') });
  await page.click('#lang');
  check(await page.getAttribute('html', 'lang') === 'nb', 'and back to Norwegian');

  // 3. The authority logs in.
  await login('authority@example.no', password, '#balance:not([hidden])');
  await page.click('#fit'); // the details above zoomed in
  await page.waitForFunction((id) => document.querySelector(`#list button.item[data-id="${id}"]`),
    PRIVATE[1], soft).catch(() => {});
  ids = await listIds();
  check(PRIVATE.every((id) => ids.includes(id)), 'the authority sees the non-public lots');
  const rows = await page.locator('#balance-table tbody tr').count();
  check(rows > 3, `the balance table has rows per material (${rows})`);
  check((await page.locator('#me-role').innerText()) === 'myndighet', 'the role is shown');
  await page.locator(`#list button.item[data-id="${PRIVATE[0]}"]`).click();
  await page.waitForFunction((id) => document.querySelector('#details-title').textContent === id, PRIVATE[0]);
  check((await page.locator('#details-body').innerText()).includes('nei'), 'the non-public lot is marked public: no');
  // The authority runs a plan as a job and sees it finish.
  await page.click('#p-run');
  await page.waitForFunction(() => /ferdig|feilet|avbrutt/.test(document.querySelector('#p-status').textContent),
    null, { timeout: 90000 });
  check((await page.locator('#p-status').innerText()) === 'Planen er ferdig.', 'the plan job finishes: ' +
    await page.locator('#p-status').innerText());
  check(await page.getAttribute('#p-result', 'href') === '/api/v1/plans/web', 'the page links the stored plan');
  // The authority's dashboard: the balance as charts.
  await page.waitForSelector('#dashboard[data-ready="1"]:not([hidden])', { timeout: 15000 });
  const bcharts = await page.locator('#d-balance-charts svg').count();
  check(bcharts === 2, `the balance is drawn as two charts (${bcharts})`);
  const bars = await page.locator('#d-balance-charts svg rect.mf-bar-supply').count();
  check(bars > 3, `the balance charts have bars (${bars})`);
  await page.selectOption('#d-period', 'year');
  await page.selectOption('#d-material', '0');
  check(await page.locator('#d-balance-charts svg').count() === 2, 'the charts follow the period and material');
  // A scenario comparison: base and tax, run as a job.
  for (const box of await page.locator('#d-s-choice input').all()) {
    const v = await box.getAttribute('value');
    if ((v === 'base' || v === 'tax') !== await box.isChecked()) await box.click();
  }
  await page.click('#d-s-run');
  await page.waitForSelector('#d-s-result:not([hidden])', { timeout: 90000 }).catch(() => {});
  check((await page.locator('#d-s-status').innerText()) === 'Ferdig.', 'the comparison finishes: ' +
    await page.locator('#d-s-status').innerText());
  const heads = await page.$$eval('#d-s-table thead th', (ths) => ths.map((x) => x.textContent));
  check(heads.join(',') === 'Indikator,Dagens praksis,base,tax', `the comparison's columns (${heads})`);
  for (const key of ['cost_society_mnok', 'cost_total_mnok', 'co2e_total_t', 'reuse_rate', 'unplaced_t', 'unmet_t'])
    check(await page.locator(`#d-s-table tr[data-key="${key}"]`).count() === 1, `the comparison shows ${key}`);
  const scharts = await page.locator('#d-s-charts svg').count();
  check(scharts === 6, `the comparison is drawn as six charts (${scharts})`);
  check(await page.locator('#d-s-measures tbody tr').count() === 1, 'the measure is ranked against the reference');
  // A report, downloaded as a PDF.
  await page.selectOption('#d-r-format', 'pdf');
  await page.selectOption('#d-r-area', 'bbox');
  await page.click('#d-r-run');
  await page.waitForSelector('#d-r-download:not([hidden])', { timeout: 110000 }).catch(() => {});
  check((await page.locator('#d-r-status').innerText()) === 'Ferdig.', 'the report finishes: ' +
    await page.locator('#d-r-status').innerText());
  const areaShown = await page.locator('#d-r-area-shown').innerText();
  check(areaShown.startsWith('området '), `the report is of the map's view (${areaShown})`);
  const [download] = await Promise.all([page.waitForEvent('download', soft), page.click('#d-r-download')]);
  const bytes = fs.readFileSync(await download.path());
  check(bytes.subarray(0, 5).toString() === '%PDF-', `the report downloads as a PDF (${bytes.subarray(0, 5)})`);
  check(/^masseflyt-report-\d+\.pdf$/.test(download.suggestedFilename()),
    `the report's file name (${download.suggestedFilename()})`);
  await page.locator('#dashboard').screenshot({ path: path.join(shots, 'dashboard.png') });
  await page.click('#lang');
  check((await page.locator('#d-title').innerText()) === 'Dashboard for authorities', 'the dashboard in English');
  check((await page.locator('#d-s-table thead th').first().innerText()) === 'Indicator', 'the comparison in English');
  await page.click('#lang');
  await page.screenshot({ path: path.join(shots, 'authority.png'), fullPage: true });

  // The plan view: the finished job's flows, storage and indicators.
  await page.waitForSelector('body[data-planview="ready"]', { timeout: 20000 });
  check(await page.locator('#planview').isVisible(), 'the plan view opens when the job is done');
  check((await page.locator('#pv-title').innerText()).includes('web'), 'the plan view names the plan');
  const flows = await page.locator('path.mf-flow').count();
  check(flows > 10, `the flows are lines on the map (${flows})`);
  const widths = await page.$$eval('path.mf-flow', (ps) => [...new Set(ps.map((p) => p.getAttribute('stroke-width')))]);
  check(widths.length > 3, `the lines are scaled by tonnes (${widths.length} widths)`);
  const colours = await page.$$eval('path.mf-flow', (ps) => [...new Set(ps.map((p) => p.getAttribute('stroke')))]);
  const legend = await page.$$eval('#pv-legend li', (ls) => ls.map((l) => l.textContent));
  check(colours.length > 1 && legend.length === colours.length,
    `coloured by material, one legend entry per colour (${colours.length} colours, ${legend.length} entries)`);
  check(legend.some((l) => l.startsWith(' Leire')), 'the legend names the materials: ' + legend.slice(0, 3).join('|'));
  const reuse = await page.locator('#pv-indicators tr[data-indicator="reuse_rate"]').innerText();
  check(/Andel gjenbrukt\s+[\d,]+ %\s+[\d,]+ %/.test(reuse), 'the reuse rate against today\'s practice: ' + reuse);
  check(await page.locator('#pv-indicators th', { hasText: 'Dagens praksis' }).count() === 1,
    'the indicators have a column for today\'s practice');
  const lines = await page.locator('#pv-storage svg polyline').count();
  check(lines > 0, `the storage chart has a line per storage site (${lines})`);
  check((await page.getAttribute('#pv-storage svg', 'aria-label')).includes('mellomlager'), 'the chart is labelled');
  await page.locator('#planview').scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(shots, 'plan-view.png'), fullPage: true });
  await page.click('#lang');
  check((await page.locator('#pv-ind-title').innerText()).startsWith('Headline indicators'), 'the plan view in English');
  await page.click('#lang');
  await page.click('#pv-toggle');
  check(await page.locator('path.mf-flow').count() === 0, 'the flows can be hidden');
  await page.click('#pv-toggle');
  check(await page.locator('path.mf-flow').count() === flows, 'and shown again');

  // Earlier plans: the picker lists the stored ones, newest first (the
  // job's "web", then "tidligere" stored for Drammen before the server
  // started), and shows the one picked.
  await page.waitForFunction(() => document.querySelectorAll('#pv-pick option').length >= 2, null, { timeout: 10000 });
  const picks = await page.$$eval('#pv-pick option', (os) => os.map((o) => [o.value, o.textContent]));
  check(picks.length === 2 && picks[0][0] === 'web' && picks[1][0] === 'tidligere',
    'the stored plans, newest first: ' + picks.map((p) => p[0]).join('|'));
  check(picks[1][1].includes('kommune 3301') && picks[1][1].includes('kommandolinjen'),
    'an earlier plan with its scope and who stored it: ' + picks[1][1]);
  check(picks[0][1].includes('authority@example.no') && picks[0][1].includes('hele regionen'),
    'the job\'s plan with who ran it: ' + picks[0][1]);
  check((await page.locator('#pv-pick-status').innerText()) === '2 av 2 planer vist.', 'the count of stored plans');
  await page.selectOption('#pv-pick', 'tidligere');
  await page.click('#pv-open');
  await page.waitForSelector('body[data-planview="ready"]', { timeout: 20000 });
  check((await page.locator('#pv-title').innerText()).includes('tidligere'), 'the picked plan is shown');
  const earlier = await page.locator('path.mf-flow').count();
  check(earlier > 10, `the earlier plan's flows on the map (${earlier})`);
  const reuse2 = await page.locator('#pv-indicators tr[data-indicator="reuse_rate"]').innerText();
  check(/Andel gjenbrukt\s+[\d,]+ %/.test(reuse2), 'the earlier plan\'s indicators: ' + reuse2);
  await page.locator('#pv-pick-box').scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(shots, 'plan-earlier.png'), fullPage: true });
  await page.click('#lang');
  check((await page.locator('#pv-pick-label').innerText()) === 'Stored plans', 'the picker in English');
  check((await page.$$eval('#pv-pick option', (os) => os[1].textContent)).includes('municipality 3301'),
    'the scope in English');
  await page.click('#lang');
  await logout();
  ids = await listIds();
  check(PRIVATE.every((id) => !ids.includes(id)), 'after logout the non-public lots are gone');

  // 4. An editor of the demo organisation: its own non-public lot only.
  await login('editor@example.no', password);
  await page.click('#fit');
  await page.waitForFunction(() => document.querySelector('#list button.item[data-id="privat-demo-leire"]'));
  ids = await listIds();
  check(ids.includes('privat-demo-leire') && !ids.includes('privat-svv-stein'),
    'an editor sees its own organisation\'s non-public lot, not another\'s');
  check(await page.locator('#balance').isHidden(), 'no balance for an editor');
  check(await page.locator('#dashboard').isHidden(), 'no dashboard for an editor');

  // 5. The editor registers a surplus lot: a click on the map places it,
  // a broken rule is shown at its field, then the lot is saved.
  check(await page.locator('#register').isVisible(), 'the editor sees the register form\'s button');
  await page.click('#r-start');
  check((await page.locator('#r-hint').innerText()).startsWith('Klikk på stedet'), 'the page asks for a click on the map');
  const box = await page.locator('#map').boundingBox();
  await page.mouse.click(box.x + 60, box.y + box.height - 60);
  await page.waitForSelector('#r-form:not([hidden])', { timeout: 5000 });
  check((await page.locator('#r-place').innerText()).includes('WGS84'), 'the clicked place is shown');
  await page.fill('#r-id', 'ny-overskudd');
  await page.fill('#r-project', 'oslo-gruber');
  await page.selectOption('#r-material', 'leire');
  await page.fill('#r-quantity', '-5');
  await page.selectOption('#r-unit', 'pfm3');
  await page.fill('#r-from', '2025-04-01');
  await page.fill('#r-to', '2025-09-30');
  await page.fill('#r-source', 'estimate: browser test');
  await page.click('#r-form button[type="submit"]');
  await page.waitForSelector('#r-err-quantity', { timeout: 5000 });
  check((await page.locator('#r-err-quantity').innerText()).includes('R02'), 'the broken rule is shown at the quantity field');
  check(await page.getAttribute('#r-quantity', 'aria-invalid') === 'true', 'the quantity field is marked invalid');
  check(await page.getAttribute('#r-quantity', 'aria-describedby') === 'r-err-quantity', 'the message describes the field');
  await page.screenshot({ path: path.join(shots, 'register-error.png'), fullPage: true });
  await page.fill('#r-quantity', '1500');
  await page.click('#r-form button[type="submit"]');
  await page.waitForSelector('#r-form', { state: 'hidden', timeout: 5000 });
  check((await page.locator('#r-hint').innerText()).includes('ny-overskudd'), 'the page says the lot is registered');
  await page.click('#fit');
  await page.waitForFunction(() => document.querySelector('#list button.item[data-id="ny-overskudd"]'),
    null, soft).catch(() => {});
  ids = await listIds();
  check(ids.includes('ny-overskudd'), 'the new lot is in the list');
  await page.screenshot({ path: path.join(shots, 'registered.png'), fullPage: true });

  // "Who could take my masses?" of the editor's own (non-public) lot,
  // opened from the list.
  await page.click('#fit');
  await page.locator('#list button.item[data-id="privat-demo-leire"]').click();
  await page.waitForFunction(() => document.querySelector('#details-title').textContent === 'privat-demo-leire');
  check((await page.locator('#o-open').innerText()) === 'Hvem kan ta massene?', 'the details offer the question');
  await page.click('#o-open');
  await page.waitForSelector('body[data-options="ready"]', { timeout: 30000 });
  check((await page.locator('#o-title').innerText()).includes('privat-demo-leire'), 'the options panel names the lot');
  const allowed = await page.$$eval('#o-allowed tbody tr', (rs) => rs.map((r) => [...r.cells].map((c) => c.textContent)));
  check(allowed.length > 2 && allowed.every((r) => r.length === 6),
    `destinations with how, km, price, room and the plan's tonnes (${allowed.length})`);
  check(allowed.some((r) => r[0].includes('Avtjerna')), 'a receiving site is a destination: ' + allowed.map((r) => r[0]).join('|'));
  check(allowed.every((r) => /^[\d ,.]+$/.test(r[2].replace(/\u00a0/g, ' '))), 'every destination has its km');
  const excluded = await page.$$eval('#o-excluded tbody tr', (rs) => rs.map((r) => [...r.cells].map((c) => c.textContent)));
  check(excluded.length > 0 && excluded.every((r) => r.length === 4 && r[3].length > 3),
    `the excluded ones with their reason (${excluded.length})`);
  const optionLines = await page.locator('path.mf-option').count();
  check(optionLines === allowed.length + excluded.length || optionLines >= allowed.length,
    `lines to the candidates on the map (${optionLines})`);
  check(await page.locator('path.mf-option-allowed').count() === allowed.length, 'one solid line per possible destination');
  check(!(await page.locator('#options').innerText()).includes('privat-svv-stein'), 'no other organisation\'s non-public lot');
  await page.locator('#options').scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(shots, 'options.png'), fullPage: true });
  // A shorter haul limit asks again.
  await page.fill('#o-km', '15');
  await page.evaluate(() => { delete document.body.dataset.options; });
  await page.click('#o-again');
  await page.waitForSelector('body[data-options="ready"]', { timeout: 30000 });
  check((await page.locator('#o-status').innerText()).includes('innen 15 km'), 'the haul limit is used: ' +
    await page.locator('#o-status').innerText());
  await page.click('#lang');
  check((await page.locator('#o-title').innerText()).startsWith('Who could take'), 'the options panel in English');
  await page.click('#lang');
  await page.click('#o-close');
  check(await page.locator('path.mf-option').count() === 0, 'closing the panel removes its lines');

  // An upload with a broken line: refused, the problems listed by line.
  const csv = 'id,kind,project,material,quantity,unit,from,to,x,y,epsg,source\n' +
    'opp-1,supply,oslo-gruber,leire,100,t,2025-01-01,2025-02-01,10.7,59.9,4326,estimate: test\n' +
    'opp-2,supply,oslo-gruber,granitt,100,t,2025-01-01,2025-02-01,10.7,59.9,4326,estimate: test\n';
  await page.setInputFiles('#u-file', { name: 'lots.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.click('#u-form button[type="submit"]');
  await page.waitForSelector('#u-errors li', { timeout: 5000 });
  const errs = await page.$$eval('#u-errors li', (ls) => ls.map((l) => l.textContent));
  check(errs.length === 1 && errs[0].startsWith('linje 3, material'), 'the upload\'s problem is listed by line and field: ' + errs.join(' | '));
  check((await page.locator('#u-result').innerText()).includes('ingenting ble lagret'), 'the page says nothing was saved');
  await page.setInputFiles('#u-file', { name: 'lots.csv', mimeType: 'text/csv',
    buffer: Buffer.from(csv.replace('granitt', 'leire')) });
  await page.click('#u-form button[type="submit"]');
  await page.waitForFunction(() => document.querySelector('#u-result').textContent.includes('importert'),
    null, soft).catch(() => {});
  check((await page.locator('#u-result').innerText()) === '2 poster importert.', 'the fixed file is imported');
} catch (e) {
  check(false, 'the run stopped: ' + (e && e.stack ? e.stack : e));
}
await finish(shots);
