// The backtest's speed (issue 15): the flights sample's backtest (monthly expanding folds,
// logistic regression and boosted trees, the features refitted per fold) on all 300,000 flights,
// run by the backtest cell's own runner in Chromium (bench/page/app-rows.ts) on the app's
// DuckDB-WASM, training worker and IndexedDB. Its total beside the sum of its parts, the model fits
// as the worker timed them; the goal is an overhead (everything but the fits) of at most 20% of them.
// The data hold six months: monthly expanding folds test February to June, five folds (a sixth
// would test January with no past to train on).
// With --smoke: one flight in 100 (about 3,000), 5 boosting rounds.
//   import { backtestBench } from './backtest.mjs'; await backtestBench(root, { smoke });
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { benchInBrowser } from './common.mjs';
import { buildPage, onPage } from './training.mjs';

/** Overhead at most this share of the fits. */
const GOAL_OVERHEAD = 0.2;

const sec = (ms) => `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
const pct = (x) => `${(x * 100).toFixed(0)}%`;

/** The row, with where the overhead went when the goal is missed. */
export function backtestRow(r) {
  const { summary } = r;
  const overhead = summary.overheadOfFits;
  const met = overhead !== null && overhead <= GOAL_OVERHEAD;
  const parts = summary.parts
    .filter((p) => p.ms >= 1)
    .map((p) => `${p.label} ${sec(p.ms)}`)
    .join('; ');
  const why = met
    ? null
    : overhead === null
      ? 'nothing was fitted (every fold restored), so there is no ratio'
      : `the overhead is ${sec(summary.overheadMs)}, ${pct(overhead)} of the fits' ${sec(summary.fitMs)} (goal ≤ ${pct(GOAL_OVERHEAD)}); it went to: ${parts}`;
  return {
    work:
      `backtest: ${r.folds.length} monthly folds (${r.folds.map((f) => f.label).join(', ')}), ` +
      `${r.models.filter((m) => m !== "The brief's rule" && !m.startsWith('Baseline')).join(' and ')} ` +
      `(and the baseline), ${r.rows.toLocaleString('en-US')} flights × ${r.features} columns`,
    totalMs: summary.totalMs,
    fitMs: summary.fitMs,
    overheadMs: summary.overheadMs,
    ratio: summary.totalMs / summary.fitMs,
    overheadOfFits: overhead,
    parts: summary.parts,
    goalMet: met,
    why,
  };
}

/** Runs the backtest bench; returns its row (and the figures behind it) for results.json. */
export async function backtestBench(root, { smoke }) {
  const options = smoke ? { everyNth: 100, maxIter: 5 } : { everyNth: 1, maxIter: 30 };
  const siteDir = join(root, 'bench', 'out', ...(smoke ? ['smoke'] : []), 'backtest-site');
  mkdirSync(siteDir, { recursive: true });
  const sample = join(root, 'public', 'sample', 'flights');
  await buildPage(root, siteDir, {
    'flights.parquet': join(sample, 'flights.parquet'),
    'airports.csv': join(sample, 'airports.csv'),
  });
  const r = await onPage(root, siteDir, (url) => benchInBrowser(url, 'backtest', options));
  const row = backtestRow(r);
  console.log(
    `\n| work | whole backtest | model fits (sum) | ratio | overhead ÷ fits | goal (overhead ≤ ${pct(GOAL_OVERHEAD)} of the fits) |`,
  );
  console.log('| --- | --- | --- | --- | --- | --- |');
  console.log(
    `| ${row.work} | ${sec(row.totalMs)} | ${sec(row.fitMs)} | ${row.ratio.toFixed(2)}× | ${row.overheadOfFits === null ? '—' : pct(row.overheadOfFits)} | ${row.goalMet ? 'met' : `not met: ${row.why}`} |`,
  );
  console.log(`\nper fold (train / test rows: features in DuckDB, fits by model, train calls, whole fold):`);
  r.folds.forEach((f, i) => {
    const fits = Object.entries(r.fits)
      .filter(([, per]) => per[i] !== null)
      .map(([label, per]) => `${label} ${sec(per[i])}`)
      .join(', ');
    const t = f.timing;
    console.log(
      `  ${f.label} (${f.train.toLocaleString('en-US')} / ${f.test.toLocaleString('en-US')}): features ${sec(t.featuresMs)}; fits ${fits}; train calls ${sec(t.trainMs)}; fold ${sec(t.totalMs)}`,
    );
  });
  console.log(
    `overhead by step: ${row.parts.map((p) => `${p.label} ${sec(p.ms)}`).join('; ')}. ` +
      `Loading and joining the flights before the backtest: ${sec(r.setupMs)}. Mean ROC AUC: ` +
      `${Object.entries(r.metric)
        .map(([k, v]) => `${k} ${v === null ? '—' : v.toFixed(3)}`)
        .join(', ')}.`,
  );
  return { ...row, rows: r.rows, folds: r.folds, fits: r.fits, setupMs: r.setupMs, wallMs: r.wallMs };
}
