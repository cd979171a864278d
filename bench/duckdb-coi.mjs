// DuckDB-WASM's threaded `coi` bundle beside the app's `eh` one (issue 21 item 3), in the same
// cross-origin isolated page and run: the bench page is served with COOP/COEP by the bench's own
// server (onPage's `isolated`), as the app's service worker adds them. The GROUP BY with 8
// aggregates of run.mjs on 1,000,000 generated rows (in SQL: no CSV to move), median of 3, and
// whether a Blob registered as the app registers files from disk (BROWSER_FILEREADER) reads.
// With --smoke: 2,000 rows, one run. The app keeps `eh` (src/data/README.md says why).
//   import { duckdbCoiBench } from './duckdb-coi.mjs'; await duckdbCoiBench(root, { smoke });
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { benchInBrowser, fmt, median } from './common.mjs';
import { buildPage, onPage } from './training.mjs';

export async function duckdbCoiBench(root, { smoke }) {
  const options = smoke ? { rows: 2_000, runs: 1 } : { rows: 1_000_000, runs: 3 };
  const siteDir = join(root, 'bench', 'out', ...(smoke ? ['smoke'] : []), 'duckdb-coi-site');
  mkdirSync(siteDir, { recursive: true });
  await buildPage(root, siteDir, {});
  const runs = await onPage(root, siteDir, (url) => benchInBrowser(url, 'duckdbBundles', options), {
    isolated: true,
  });
  const [eh, coi] = runs;
  const rows = runs.map((r) => ({
    work: `GROUP BY, 8 aggregates, ${options.rows.toLocaleString('en-US')} generated rows: DuckDB-WASM ${r.bundle} (${r.threads} thread${r.threads === 1 ? '' : 's'}), isolated page`,
    ms: median(r.groupByMs),
    runsMs: r.groupByMs,
    fileRead: r.fileRead,
  }));
  console.log('\n| work | time | coi ÷ eh | a file from disk (BROWSER_FILEREADER) |');
  console.log('| --- | --- | --- | --- |');
  for (const r of rows) {
    console.log(`| ${r.work} | ${fmt(r.ms)} | ${(r.ms / rows[0].ms).toFixed(2)}× | ${r.fileRead} |`);
  }
  const adopted = false;
  const ratio = median(coi.groupByMs) / median(eh.groupByMs);
  const reason =
    `the app keeps eh: coi took ${ratio.toFixed(2)}× eh's GROUP BY time here (${coi.threads} threads), ` +
    `it ${coi.fileRead.startsWith('ok') ? 'read' : 'did not read'} a registered file (${coi.fileRead}), ` +
    'and its wasm would add 34 MB to the precache; see src/data/README.md';
  console.log(reason);
  return { date: new Date().toISOString(), rows, adopted, reason, eh, coi };
}
