// The monitor's drift, pushed down to DuckDB: 30 features (20 numeric, 10 categorical) over 12
// batches of 100,000 rows against a 100,000-row reference. Both engines run in Node: DuckDB-WASM
// (the browser's wasm build, one thread, as src/data/testing/node-engine.ts loads it) counts
// through the app's own code (src/data/drift countDrift), then the very same statements are
// replayed on native DuckDB (@duckdb/node-api). The measuring is src/data/drift/speed.test.ts
// (TypeScript, so run by Vitest); this file runs it and reads its figures back.
//   import { driftBench } from './drift.mjs'; await driftBench(root, { smoke });
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const GOAL_RATIO = 2;
const GOAL_MS = 5_000;

function vitest(root, env) {
  return new Promise((resolveRun, reject) => {
    const child = spawn(
      process.execPath,
      ['node_modules/vitest/vitest.mjs', 'run', 'src/data/drift/speed.test.ts'],
      {
        cwd: root,
        env: { ...process.env, ...env },
        stdio: ['ignore', 'inherit', 'inherit'],
      },
    );
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolveRun() : reject(new Error(`the drift speed test failed (${code})`)),
    );
  });
}

/** Runs the drift bench; returns its row for results.json. */
export async function driftBench(root, { smoke }) {
  const dir = join(root, 'bench', 'out', ...(smoke ? ['smoke'] : []));
  mkdirSync(dir, { recursive: true });
  const out = join(dir, 'drift-raw.json');
  rmSync(out, { force: true });
  await vitest(root, {
    CASEBOOK_BENCH: '1',
    CASEBOOK_BENCH_OUT: out,
    ...(smoke ? { CASEBOOK_BENCH_ROWS: '2000' } : {}),
  });
  const r = JSON.parse(readFileSync(out, 'utf8'));
  // The app's time is the whole count (SQL, reading results, the KS merge) plus the statistics.
  const appMs = r.wasmCountsMs + r.statsMs;
  const ratio1 = r.wasmSqlMs / r.native1Ms;
  const ratio2 = r.wasmSqlMs / r.native2Ms;
  const misses = [];
  if (ratio1 > GOAL_RATIO)
    misses.push(`WASM SQL is ${ratio1.toFixed(2)}× native on one thread (goal ≤ ${GOAL_RATIO}×)`);
  if (appMs >= GOAL_MS) misses.push(`the whole drift takes ${(appMs / 1000).toFixed(2)} s (goal < 5 s)`);
  const row = {
    work: `drift: ${r.features} features × ${r.batches} batches × ${r.rowsPerBatch.toLocaleString('en-US')} rows`,
    wasmSqlMs: r.wasmSqlMs,
    appMs,
    native1Ms: r.native1Ms,
    native2Ms: r.native2Ms,
    ratio1,
    ratio2,
    goalMet: misses.length === 0,
    why: misses.length === 0 ? null : `${misses.join('; ')}. Both engines in Node, not the browser.`,
  };
  console.log(
    '\n| work | DuckDB-WASM (Node), SQL | whole drift | native, 1 thread | ratio | native, 2 threads | ratio | goal (≤2×, <5 s) |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
  const fmt = (ms) => `${(ms / 1000).toFixed(2)} s`;
  console.log(
    `| ${row.work} | ${fmt(row.wasmSqlMs)} | ${fmt(appMs)} | ${fmt(row.native1Ms)} | ${ratio1.toFixed(2)}× | ${fmt(row.native2Ms)} | ${ratio2.toFixed(2)}× | ${row.goalMet ? 'met' : `not met: ${row.why}`} |`,
  );
  return row;
}
