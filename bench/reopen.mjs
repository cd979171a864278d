// Two reopen rows of issue 21's table, in the built app in Chromium (run.mjs's boot part, or
// `node bench/reopen.mjs` alone): a case holding a 2,000,000-row CSV, reloaded (its table comes from
// the table cache, where it was rebuilt from the file), and a case reloaded after a cancelled query
// (the cancelled cell stays cancelled: nothing runs it again; the cell after it builds). Each row is
// the time from the reload to the case's last table, beside the same table's first build.
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { once } from 'node:events';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { waitForCacheWrites } from './boot.mjs';
import { fmt, inContext, launch, rng, startPreview } from './common.mjs';

const BIG_ROWS = 2_000_000;
const WAIT_MS = 600_000;

/** The 2,000,000-row CSV (~70 MB), made once in bench/data. */
async function bigCsv(dataDir) {
  const path = join(dataDir, 'reopen-2m.csv');
  if (existsSync(path)) return path;
  mkdirSync(dataDir, { recursive: true });
  const random = rng(21);
  const out = createWriteStream(path);
  out.write('id,region,units,price,churned\n');
  const regions = ['north', 'south', 'east', 'west'];
  for (let i = 0; i < BIG_ROWS; i++) {
    const line = `${i},${regions[i % 4]},${Math.floor(random() * 50)},${(random() * 100).toFixed(2)},${random() < 0.2 ? 1 : 0}\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return path;
}

const cell = (page, title) =>
  page.getByRole('region', {
    name: new RegExp(`^Cell \\d+: ${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`),
  });
const statusOf = (page, title) => cell(page, title).getByRole('status', { name: 'Cell status' });

async function newCase(page, url, title) {
  await page.goto(`${url}?safe`);
  await page.getByRole('textbox', { name: 'Case title' }).waitFor({ timeout: WAIT_MS });
  await page.getByRole('button', { name: 'New case' }).click();
  const name = page.getByRole('textbox', { name: 'Case title' });
  await name.fill(title);
  await name.press('Enter');
}

const addCell = (page, label) =>
  page
    .getByRole('group', { name: /Add a cell/ })
    .last()
    .getByRole('button', { name: label })
    .click();

async function addSql(page, sql) {
  const editors = page.getByRole('textbox', { name: 'SQL query' });
  const before = await editors.count();
  await addCell(page, '+ SQL');
  await editors.nth(before).waitFor();
  await editors.nth(before).click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.press('Delete');
  await editors.nth(before).pressSequentially(sql);
  await page.keyboard.press('Shift+Enter');
}

/** Waits for `title`'s status to match `text`; returns the ms since `from`. */
async function until(page, title, text, from) {
  await statusOf(page, title).filter({ hasText: text }).waitFor({ timeout: WAIT_MS });
  return Date.now() - from;
}

/** Waits for the document to be saved and every table write to the cache to be done. */
async function saved(page) {
  await page
    .getByRole('status', { name: 'Save status' })
    .filter({ hasText: /^Saved$/ })
    .waitFor({ timeout: WAIT_MS });
  await waitForCacheWrites(page);
}

/** A case with the 2M-row CSV and a GROUP BY on it: first build, then a reload. */
async function bigCsvRun(browser, url, csvPath) {
  return inContext(browser, { serviceWorkers: 'block' }, async (page) => {
    await newCase(page, url, 'Two million rows');
    await addCell(page, '+ Source');
    let from = Date.now();
    await page.getByLabel('File to import').last().setInputFiles(csvPath);
    const rows = `${BIG_ROWS.toLocaleString('en-US')} rows`;
    const importMs = await until(page, 'Source → reopen_2m', rows, from);
    await addSql(page, 'SELECT region, count(*) AS n, avg(price) AS price FROM reopen_2m GROUP BY region');
    await until(page, 'SQL → table_1', '4 rows', from);
    await saved(page);
    from = Date.now();
    await page.reload();
    const reopenMs = await until(page, 'SQL → table_1', '4 rows', from);
    const restored = await page.evaluate(() => window.__casebookCounters?.restored ?? {});
    return { importMs, reopenMs, restored };
  });
}

/** A case whose slow query was cancelled, with a small one after it: reloaded. */
async function cancelledRun(browser, url) {
  return inContext(browser, { serviceWorkers: 'block' }, async (page) => {
    await newCase(page, url, 'Cancelled');
    await addSql(page, 'SELECT sum(range % 7) AS n FROM range(10000000000)');
    await cell(page, 'SQL → table_1')
      .locator('.elapsed')
      .filter({ hasText: ' s' })
      .waitFor({ timeout: WAIT_MS });
    await cell(page, 'SQL → table_1').getByRole('button', { name: 'Cancel' }).click();
    await until(page, 'SQL → table_1', 'cancelled', Date.now());
    await addSql(page, 'SELECT 42 AS answer');
    await until(page, 'SQL → table_2', '1 row', Date.now());
    await saved(page);
    const from = Date.now();
    await page.reload();
    const reopenMs = await until(page, 'SQL → table_2', '1 row', from);
    const stillCancelled = (await statusOf(page, 'SQL → table_1').innerText()).trim() === 'cancelled';
    return { reopenMs, stillCancelled };
  });
}

/** Runs both reopen rows once; prints them and returns them for results.json. */
export async function reopenBench(browser, url, dataDir) {
  const big = await bigCsvRun(browser, url, await bigCsv(dataDir));
  const cancelled = await cancelledRun(browser, url);
  const restored = Object.entries(big.restored)
    .map(([kind, n]) => `${n} ${kind}`)
    .join(', ');
  console.log('\nReopening a case (reload, HTTP cache, case stored)');
  console.log(
    '| case | first build | reopened (from the reload: the app and its engine start included) | note |',
  );
  console.log('| --- | --- | --- | --- |');
  console.log(
    `| a 2,000,000-row CSV and a GROUP BY on it | ${fmt(big.importMs)} (import) | ${fmt(big.reopenMs)} | registered from the table cache: ${restored || 'nothing'} |`,
  );
  console.log(
    `| after a cancelled query (10 billion rows), with a small query after it | — | ${fmt(cancelled.reopenMs)} | the cancelled cell ${cancelled.stillCancelled ? 'stays cancelled' : 'ran again'} |`,
  );
  return { bigCsv: big, cancelled };
}

async function main() {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const { server, url } = await startPreview(root);
  try {
    const browser = await launch();
    try {
      console.log(JSON.stringify(await reopenBench(browser, url, join(root, 'bench', 'data'))));
    } finally {
      await browser.close();
    }
  } finally {
    process.kill(-server.pid);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
