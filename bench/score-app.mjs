// Scoring's speed (issue 16) in `npm run bench`: the command line's rows (bench/score.mjs:
// `casebook score` with the boosted-trees bundle on 1M and 10M generated rows × 20 columns beside
// native DuckDB's own COPY of the same rows, and the peak memory of each), then the same bundle on
// the same 1M rows in the app: the score cell's own runner in Chromium on the app's DuckDB-WASM
// (bench/page/app-rows.ts), the Parquet file imported first as a Source cell imports it.
// Goals: the CLI within 3× of the COPY floor, and its memory flat as the rows grow 10×.
//   import { scoreRowsBench } from './score-app.mjs'; await scoreRowsBench(root, { smoke });
// With --smoke: 2,000 and 20,000 rows (npm run bench:smoke leaves this part out; see run.mjs).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { benchInBrowser } from './common.mjs';
import { scoreBench } from './score.mjs';
import { buildPage, onPage } from './training.mjs';

const GOAL_COPY_RATIO = 3;
/** "Flat": the peak memory grows by at most this factor when the rows grow 10×. */
const GOAL_MEMORY_GROWTH = 1.5;

const sec = (s) => `${s.toFixed(s < 10 ? 2 : 1)} s`;
const perSecond = (rows, s) => `${Math.round(rows / s).toLocaleString('en-US')} rows/s`;

/** The CLI's rows, its memory row and the app's row, from the CLI summary and the page's figures. */
export function scoreRows(cli, app) {
  const rows = cli.results.map((r) => {
    const why =
      r.ratioToCopy > GOAL_COPY_RATIO
        ? `casebook score takes ${sec(r.scoreSeconds)}, ${r.ratioToCopy.toFixed(2)}× COPY's ${sec(r.copySeconds)} (goal ≤ ${GOAL_COPY_RATIO}×)`
        : null;
    return {
      work: `CLI: casebook score, ${r.rows.toLocaleString('en-US')} rows × 20 (Parquet, boosted trees) vs native COPY`,
      seconds: r.scoreSeconds,
      peerSeconds: r.copySeconds,
      ratio: r.ratioToCopy,
      rowsPerSecond: r.scoreRowsPerSecond,
      peakMiB: r.scorePeakMiB,
      peerPeakMiB: r.copyPeakMiB,
      goalMet: why === null,
      why,
    };
  });
  const first = cli.results[0];
  const last = cli.results.at(-1);
  const growth = cli.memoryGrowth;
  const memoryWhy =
    growth === null
      ? 'no peak memory was measured (GNU time missing?)'
      : growth > GOAL_MEMORY_GROWTH
        ? `the peak grows ${growth.toFixed(2)}× (goal ≤ ${GOAL_MEMORY_GROWTH}×, flat)`
        : null;
  rows.push({
    work: `CLI: peak memory, ${first.rows.toLocaleString('en-US')} → ${last.rows.toLocaleString('en-US')} rows`,
    seconds: null,
    peerSeconds: null,
    ratio: growth,
    rowsPerSecond: null,
    peakMiB: last.scorePeakMiB,
    peerPeakMiB: first.scorePeakMiB,
    goalMet: memoryWhy === null,
    why: memoryWhy,
  });
  const same = cli.results.find((r) => r.rows === app.rows);
  const appSeconds = app.scoreMs / 1000;
  rows.push({
    work: `app: the score cell, ${app.rows.toLocaleString('en-US')} rows (DuckDB-WASM, Chromium) vs the CLI on the same rows`,
    seconds: appSeconds,
    peerSeconds: same?.scoreSeconds ?? null,
    ratio: same ? appSeconds / same.scoreSeconds : null,
    rowsPerSecond: Math.round(app.rows / appSeconds),
    peakMiB: null,
    peerPeakMiB: same?.scorePeakMiB ?? null,
    // No goal in the issue: the row is for the record.
    goalMet: null,
    why: same ? null : `the CLI did not score ${app.rows.toLocaleString('en-US')} rows in this run`,
  });
  return rows;
}

function print(rows, app) {
  console.log('\n| work | time | peer | ratio | rows/s | peak memory (peer) | goal |');
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  for (const r of rows) {
    const time = r.seconds === null ? '—' : sec(r.seconds);
    const peer = r.peerSeconds === null ? '—' : sec(r.peerSeconds);
    const ratio = r.ratio === null ? '—' : `${r.ratio.toFixed(2)}×`;
    const speed = r.rowsPerSecond === null ? '—' : r.rowsPerSecond.toLocaleString('en-US');
    const memory = `${r.peakMiB === null ? '—' : `${r.peakMiB} MiB`} (${r.peerPeakMiB === null ? '—' : `${r.peerPeakMiB} MiB`})`;
    const goal = r.goalMet === null ? (r.why ?? 'no goal') : r.goalMet ? 'met' : `not met: ${r.why}`;
    console.log(`| ${r.work} | ${time} | ${peer} | ${ratio} | ${speed} | ${memory} | ${goal} |`);
  }
  const s = app.stages;
  const part = (from, to) => sec(((to ?? app.scoreMs) - from) / 1000);
  console.log(
    `app score cell, ${app.rows.toLocaleString('en-US')} rows: reading the input's columns and the version ${part(0, s.checking)}, ` +
      `checking the schema ${part(s.checking, s.preparing)}, the feature SQL and the first chunk ${part(s.preparing, s.scoring)}, ` +
      `the other chunks ${part(s.scoring, s.writing)}, writing the predictions table ${part(s.writing, null)} ` +
      `(${perSecond(app.rows, app.scoreMs / 1000)}); ` +
      `the import before it (parquet-wasm, then DuckDB) ${sec(app.importMs / 1000)}. The memory row's peer column is the smaller run's peak.`,
  );
}

/** Runs the CLI rows and the app's row; returns them for results.json under `score`. */
export async function scoreRowsBench(root, { smoke }) {
  const sizes = smoke ? [2_000, 20_000] : [1_000_000, 10_000_000];
  const dataDir = join(root, 'bench', 'data', ...(smoke ? ['smoke'] : []));
  const outDir = join(root, 'bench', 'out', ...(smoke ? ['smoke'] : []));
  const cli = await scoreBench({ rows: sizes, dataDir, outDir });
  const siteDir = join(outDir, 'score-site');
  mkdirSync(siteDir, { recursive: true });
  await buildPage(root, siteDir, {
    'score.parquet': join(dataDir, `score-${sizes[0]}.parquet`),
    'score.casebook-model.json': join(dataDir, 'score-gbdt.casebook-model.json'),
  });
  const app = await onPage(root, siteDir, (url) => benchInBrowser(url, 'score'));
  const rows = scoreRows(cli, app);
  print(rows, app);
  return { machine: cli.machine, rows, cli: cli.results, app };
}
