// custody.test.mjs - the chain of custody in chromium (playwright-core),
// on a phone-sized screen: the source site's editor issues a load ticket
// (a broken field is shown at the field; then the ticket with its
// verification code and a QR code that holds the address of the receipt
// form); the receiving site's editor opens that address (as a scanned
// code would), is refused with a wrong code and confirms with the right
// one; the sender's editor sees no receipt form filled for it; the
// authority sees the closed balance by site with the load in it and the
// checks' findings, in Norwegian and in English. Prints "N passed, N
// failed".
//
//   node custody.test.mjs BASE_URL CHROMIUM SCREENSHOT_DIR PASSWORD
import path from 'node:path';
import { start } from './harness.mjs';

const [base, executablePath, shots, password] = process.argv.slice(2);
const { page, check, login, logout, finish } = await start(executablePath,
  { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

const text = (sel) => page.locator(sel).innerText();

try {
  await page.goto(base + '/');
  await page.waitForSelector('body[data-ready="1"]', { timeout: 15000 });
  check(await page.locator('#custody').isHidden(), 'no custody panel for the public viewer');

  // 1. The source site's editor issues a ticket from a phone.
  await login('sender@example.no', password);
  check(await page.locator('#c-issue').isVisible(), 'the editor sees the ticket form');
  check(await page.locator('#c-read').isHidden(), 'the editor sees no balance');
  check((await text('#c-title')) === 'Kjøresedler og mottak', 'the panel is in Norwegian');
  const width = await page.locator('#c-lot').evaluate((e) => e.getBoundingClientRect().width);
  check(width > 250 && width <= 390, `the form's fields fill the phone's width (${width})`);
  await page.waitForFunction(() => document.querySelectorAll('#c-origins option').length > 0, null, { timeout: 10000 });
  const origins = await page.$$eval('#c-origins option', (os) => os.map((o) => o.value));
  check(origins.includes('fornebu-stasjon') && !origins.includes('avtjerna-deponi'),
    'the form offers the organisation\'s own sites as origins: ' + origins.join(','));
  const lots = await page.$$eval('#c-lots option', (os) => os.map((o) => o.value));
  check(lots.includes('fornebu-fjell'), 'the form offers the organisation\'s lots');
  check(await page.$$eval('#c-destinations option', (os) => os.some((o) => o.value === 'avtjerna-deponi')),
    'any site is a destination');
  await page.fill('#c-lot', 'fornebu-fjell');
  await page.fill('#c-origin', 'fornebu-stasjon');
  await page.fill('#c-destination', 'avtjerna-deponi');
  await page.fill('#c-haulier', '910 000 013');
  await page.fill('#c-vehicle', 'ek 12-345');
  await page.fill('#c-quantity', '31,5');
  await page.fill('#c-departed', '2026-03-02T07:05');
  await page.click('#c-issue button[type="submit"]');
  await page.waitForSelector('#c-issue [data-cfield="haulier"] .ds-validation-message', { timeout: 5000 });
  check(await page.getAttribute('#c-haulier', 'aria-invalid') === 'true', 'the wrong organisation number is shown at its field');
  check(await page.locator('#c-ticket').isHidden(), 'no ticket for a broken form');
  await page.fill('#c-haulier', '910 000 012');
  await page.click('#c-issue button[type="submit"]');
  await page.waitForSelector('body[data-custody-issued]', { timeout: 5000 });
  const id = await page.getAttribute('body', 'data-custody-issued');
  const code = await text('#c-ticket-code');
  check(id === 'fornebu-stasjon-202603020705-EK12345', 'the ticket id: ' + id);
  check(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/.test(code), 'the verification code: ' + code);
  check(await page.locator('#c-issue [aria-invalid]').count() === 0, 'the field error is gone');
  const modules = Number(await page.getAttribute('#c-qr svg', 'data-modules'));
  check(modules >= 21 && (modules - 17) % 4 === 0, `a QR code of a valid size (${modules} modules)`);
  const dark = await page.locator('#c-qr svg path').getAttribute('d');
  check(dark && dark.split('M').length > modules * 4, 'the QR code has dark modules');
  const url = await page.getAttribute('#c-qr svg', 'data-url');
  check(url === `${base}/#receipt?ticket=${encodeURIComponent(id)}&code=${encodeURIComponent(code)}`,
    'the QR code holds the receipt form\'s address: ' + url);
  await page.locator('#c-ticket').scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(shots, 'custody-ticket-phone.png') });
  await page.click('#lang');
  check((await text('#c-title')) === 'Load tickets and receipts', 'the panel in English');
  check((await text('#c-issue button[type="submit"]')) === 'Issue the ticket', 'the form in English');
  await page.click('#lang');
  await logout();
  check(await page.locator('#custody').isHidden(), 'after logout the panel is gone');

  // 2. The receiving site's editor scans the code: the address fills the form.
  await page.goto(url);
  await page.waitForSelector('body[data-ready="1"]', { timeout: 15000 });
  await login('mottak@example.no', password);
  check(await page.inputValue('#c-r-ticket') === id, 'the scanned address fills the ticket');
  check(await page.inputValue('#c-r-code') === code, 'the scanned address fills the code');
  await page.fill('#c-r-code', '0000-0000');
  await page.fill('#c-r-arrived', '2026-03-02T07:32');
  await page.fill('#c-r-weighed', '31,2');
  await page.click('#c-confirm button[type="submit"]');
  await page.waitForSelector('#c-confirm [data-cfield="code"] .ds-validation-message', { timeout: 5000 });
  check((await text('#c-confirm [data-cfield="code"] .ds-validation-message')).includes('kontrollkoden'),
    'a wrong code is refused at its field');
  await page.fill('#c-r-code', code.toLowerCase().replace('-', ' '));
  await page.click('#c-confirm button[type="submit"]');
  await page.waitForSelector('body[data-custody-confirmed]', { timeout: 5000 });
  check((await text('#c-confirm-done')) === `Mottaket ${id}/R er registrert.`, 'the receipt is recorded: ' +
    await text('#c-confirm-done'));
  await page.screenshot({ path: path.join(shots, 'custody-receipt-phone.png') });
  // The same ticket cannot be confirmed twice.
  await page.evaluate(() => { delete document.body.dataset.custodyConfirmed; });
  await page.click('#c-confirm button[type="submit"]');
  await page.waitForSelector('#c-confirm .ds-validation-message', { timeout: 5000 });
  check(await page.locator('body[data-custody-confirmed]').count() === 0, 'a second receipt is refused');
  await logout();

  // 3. The authority: the closed balance by site, and the findings.
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(base + '/');
  await page.waitForSelector('body[data-ready="1"]', { timeout: 15000 });
  await login('authority@example.no', password);
  check(await page.locator('#c-issue').isHidden(), 'the authority issues nothing');
  check(await page.locator('#c-read').isVisible(), 'the authority sees the balance view');
  await page.selectOption('#c-b-by', 'site');
  await page.waitForSelector('body[data-custody-balance="ready"]', { timeout: 10000 });
  const rows = await page.$$eval('#c-b-table tbody tr', (rs) => rs.map((r) => [...r.cells].map((c) => c.textContent)));
  const origin = rows.find((r) => r[0] === 'fornebu-stasjon');
  const dest = rows.find((r) => r[0] === 'avtjerna-deponi');
  check(origin && origin[2] === '31,5' && origin[9] === '1', 'the source site dispatched the load: ' + JSON.stringify(origin));
  check(dest && dest[3] === '31,2', 'the receiving site received it, weighed: ' + JSON.stringify(dest));
  check(rows.some((r) => r[0] === 'Sum'), 'the balance has its total line');
  check((await text('#c-b-status')).startsWith('1 kjøresedler i balansen'), 'the balance counts the ticket: ' +
    await text('#c-b-status'));
  check((await text('#c-k-status')).endsWith('funn.'), 'the checks ran: ' + await text('#c-k-status'));
  await page.locator('#c-read').scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(shots, 'custody-balance.png'), fullPage: true });
  await page.click('#lang');
  check((await text('#c-b-title')) === 'Actual mass balance and deviations', 'the balance view in English');
  check((await page.$$eval('#c-b-table thead th', (hs) => hs.map((h) => h.textContent))).includes('Dispatched'),
    'the table heads in English');
  await page.click('#lang');
} catch (e) {
  check(false, 'the run stopped: ' + (e && e.stack ? e.stack : e));
}
await finish(shots);
