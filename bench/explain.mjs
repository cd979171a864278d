// The explain cell's speed (issue 14): permutation importance (10,000 rows × 30 features, 5
// repeats, ROC AUC) and partial dependence (a 20-point grid over 1,000 rows) with the TS boosted
// trees, beside scikit-learn's permutation_importance (n_jobs=1) and partial_dependence on the same
// model and rows, one thread each. Both run on the CPU outside the browser: the TS in Node (as the
// app's worker runs it), the peer in Python. The measuring is src/ml/explain/bench.test.ts (run by
// Vitest); this file runs it and reads its figures back.
//   import { explainBench } from './explain.mjs'; await explainBench(root, { smoke });
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const GOAL_RATIO = 2;
/** The smoke run: 500 rows trained, 500 explained, each timing once. */
const SMOKE_ROWS = 500;

function vitest(root, env) {
  return new Promise((resolveRun, reject) => {
    const child = spawn(
      process.execPath,
      ['node_modules/vitest/vitest.mjs', 'run', 'src/ml/explain/bench.test.ts'],
      { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit'] },
    );
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolveRun() : reject(new Error(`the explain speed test failed (${code})`)),
    );
  });
}

const fmt = (ms) => (ms < 1000 ? `${ms.toFixed(0)} ms` : `${(ms / 1000).toFixed(2)} s`);

/** Runs the explain bench; returns its rows for results.json. */
export async function explainBench(root, { smoke }) {
  const dir = join(root, 'bench', 'out', ...(smoke ? ['smoke'] : []));
  mkdirSync(dir, { recursive: true });
  const out = join(dir, 'explain-raw.json');
  rmSync(out, { force: true });
  await vitest(root, {
    CASEBOOK_BENCH: '1',
    CASEBOOK_BENCH_OUT: out,
    // scikit-learn on one thread: the TS runs on one, and OpenMP's default spins on a busy machine.
    EXPLAIN_BENCH_THREADS: '1',
    EXPLAIN_BENCH_RUNS: smoke ? '1' : (process.env.EXPLAIN_BENCH_RUNS ?? '3'),
    ...(smoke ? { CASEBOOK_BENCH_ROWS: String(SMOKE_ROWS) } : {}),
  });
  const r = JSON.parse(readFileSync(out, 'utf8'));
  const peer = r.sklearn?.find((run) => run.threads === 1) ?? null;
  const rowsText = r.rows.toLocaleString('en-US');
  const pdpText = r.pdpRows.toLocaleString('en-US');
  const row = (work, tsMs, peerMs) => {
    const ratio = peerMs === null ? null : tsMs / peerMs;
    const why =
      ratio === null
        ? 'scikit-learn did not run (see its error above), so there is no ratio'
        : ratio > GOAL_RATIO
          ? `the TS takes ${fmt(tsMs)}, ${ratio.toFixed(2)}× scikit-learn's ${fmt(peerMs)} (goal ≤ ${GOAL_RATIO}×). Node, not the browser`
          : null;
    return { work, tsMs, sklearnMs: peerMs, ratio, goalMet: why === null, why };
  };
  const rows = [
    row(
      `explain: permutation importance, ${rowsText} × ${r.columns}, ${r.repeats} repeats (ROC AUC, boosted trees)`,
      r.permutationMs,
      peer?.permutationMs ?? null,
    ),
    row(
      `explain: partial dependence, ${r.gridPoints}-point grid × ${pdpText} rows (boosted trees)`,
      r.pdpMs,
      peer?.pdpMs ?? null,
    ),
  ];
  console.log(`\n| work | TS (Node, 1 thread) | scikit-learn (1 thread) | ratio | goal (≤${GOAL_RATIO}×) |`);
  console.log('| --- | --- | --- | --- | --- |');
  for (const x of rows) {
    const peerText = x.sklearnMs === null ? '—' : fmt(x.sklearnMs);
    const ratioText = x.ratio === null ? '—' : `${x.ratio.toFixed(2)}×`;
    console.log(
      `| ${x.work} | ${fmt(x.tsMs)} | ${peerText} | ${ratioText} | ${x.goalMet ? 'met' : `not met: ${x.why}`} |`,
    );
  }
  console.log(`(medians of ${r.runs} run${r.runs === 1 ? '' : 's'})`);
  return rows;
}
