// Opens the app on a fresh profile and prints when each cell of the first sample settles.
// Usage: node scripts/sample-timing.mjs http://127.0.0.1:4173 (a preview server of the build must run).
import { chromium } from '@playwright/test';

const url = process.argv[2] ?? 'http://127.0.0.1:4173';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const page = await browser.newPage();
const t0 = Date.now();
await page.goto(url);
const seen = new Map();
for (;;) {
  const rows = await page
    .getByRole('region', { name: /^Cell \d+:/ })
    .evaluateAll((els) =>
      els.map((el) => [
        el.getAttribute('aria-label'),
        el.querySelector('[aria-label="Cell status"]')?.textContent?.trim() ?? '',
      ]),
    );
  for (const [name, text] of rows) {
    const key = `${name} :: ${text}`;
    if (!seen.has(key)) {
      seen.set(key, Date.now() - t0);
      console.log(`${((Date.now() - t0) / 1000).toFixed(1).padStart(6)} s  ${name}: ${text}`);
    }
  }
  const busy = await page.getByRole('button', { name: 'Cancel all' }).count();
  if (
    busy === 0 &&
    rows.length > 0 &&
    rows.every(([, t]) => !/running|queued/.test(t)) &&
    Date.now() - t0 > 20000
  ) {
    const score = rows.find(([n]) => /Score/.test(n ?? ''));
    if (!score || /rows, v1/.test(score[1])) break;
  }
  if (Date.now() - t0 > 300000) break;
  await page.waitForTimeout(250);
}
console.log(`settled at ${((Date.now() - t0) / 1000).toFixed(1)} s`);
await browser.close();
