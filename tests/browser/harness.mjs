// harness.mjs - what the browser tests share: Debian's chromium started
// by playwright-core with a throwaway profile, the page's failed requests,
// script errors and Content-Security-Policy violations collected while it
// runs, a check() that counts, the login form, and the closing checks with
// the summary line "N passed, N failed" (the exit status is 1 when any
// check failed).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

// Starts chromium at executablePath with the context options given
// (viewport, isMobile, acceptDownloads ...); the run's state and helpers.
export async function start(executablePath, options) {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'mf-chromium-'));
  const ctx = await chromium.launchPersistentContext(profile, {
    executablePath, headless: true, ...options,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const page = ctx.pages()[0] || await ctx.newPage();
  const failedRequests = [], pageErrors = [], cspErrors = [];
  page.on('requestfailed', (r) => failedRequests.push(r.url()));
  page.on('pageerror', (e) => pageErrors.push(String(e.stack || e)));
  page.on('console', (m) => { if (/Content.Security.Policy/i.test(m.text())) cspErrors.push(m.text()); });

  const run = { ctx, page, passed: 0, failed: 0 };
  run.check = (ok, what) => {
    if (ok) run.passed++;
    else { run.failed++; console.error('FAIL: ' + what); }
  };
  // Signs in through the form and waits for the selector that shows it
  // worked (the account's name by default).
  run.login = async (email, password, ready = '#me:not([hidden])') => {
    await page.fill('#email', email);
    await page.fill('#password', password);
    await page.click('#login button[type="submit"]');
    await page.waitForSelector(ready, { timeout: 10000 });
  };
  run.logout = async () => {
    await page.click('#logout');
    await page.waitForSelector('#login:not([hidden])');
  };
  // The closing checks, the summary, and the process's exit.
  run.finish = async (shots) => {
    run.check(pageErrors.length === 0, 'no script errors: ' + pageErrors.join('; '));
    run.check(cspErrors.length === 0, 'no CSP violations: ' + cspErrors.join('; '));
    run.check(failedRequests.length === 0, 'no failed requests: ' + failedRequests.join(', '));
    await ctx.close();
    fs.rmSync(profile, { recursive: true, force: true });
    console.log(`screenshots in ${shots}`);
    console.log(`${run.passed} passed, ${run.failed} failed`);
    process.exit(run.failed ? 1 : 0);
  };
  return run;
}
