// What a reopened, settled sample still computes (issue 21): opens the Telco sample on a first
// visit, waits for its whole run and the table cache, reloads, and prints per cell kind the time
// of the cells that ran and of those restored from the table cache, the runtime's counters, and
// the time from the reload to the last cell. `node bench/reopen-cells.mjs` against the last
// `npm run build` (BENCH_PORT as the bench; REOPENS=n reloads n times). A probe, not a bench row.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { waitForCacheWrites } from './boot.mjs';
import { fmt, inContext, launch, startPreview } from './common.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const WAIT_MS = 600_000;

/** The score cell's "rows, v1" once it is done (run or restored): the sample's last cell to settle. */
async function settled(page) {
  await page
    .getByRole('region', { name: /: Score new_customers with the champion$/ })
    .getByRole('status', { name: 'Cell status' })
    .filter({ hasText: /rows, v1/ })
    .waitFor({ timeout: WAIT_MS });
  await waitForCacheWrites(page);
}

/** Each cell's run or restore since navigation: kind, ms, which, and when it ended. */
const cellsOf = (page) =>
  page.evaluate(() =>
    performance
      .getEntriesByType('measure')
      .filter((m) => m.name.startsWith('casebook:cell:') || m.name.startsWith('casebook:restore:'))
      .map((m) => ({
        kind: m.name.split(':')[2],
        ms: m.duration,
        end: m.startTime + m.duration,
        restored: m.name.startsWith('casebook:restore:'),
      })),
  );

function byKind(cells, restored) {
  const out = {};
  for (const c of cells.filter((x) => x.restored === restored)) out[c.kind] = (out[c.kind] ?? 0) + c.ms;
  return (
    Object.entries(out)
      .sort((a, b) => b[1] - a[1])
      .map(([k, ms]) => `${k} ${fmt(ms)}`)
      .join(', ') || 'none'
  );
}

async function main() {
  const { server, url } = await startPreview(root);
  const browser = await launch();
  try {
    await inContext(browser, { serviceWorkers: 'block' }, async (page) => {
      await page.goto(url);
      await settled(page);
      for (let i = 0; i < Number(process.env.REOPENS ?? 1); i++) {
        await page.reload();
        await settled(page);
        const cells = await cellsOf(page);
        const counters = await page.evaluate(() => window.__casebookCounters ?? null);
        console.log(
          `reopen ${i + 1}: last cell done ${fmt(Math.max(...cells.map((c) => c.end)))} after navigation`,
        );
        console.log(`  ran: ${byKind(cells, false)}`);
        console.log(`  restored: ${byKind(cells, true)}`);
        console.log(
          `  counters: runs ${JSON.stringify(counters?.runs)} restored ${JSON.stringify(counters?.restored)}`,
        );
      }
    });
  } finally {
    await browser.close();
    process.kill(-server.pid);
  }
}

await main();
