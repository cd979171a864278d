#!/usr/bin/env node
/**
 * Makes the "Late departures" sample: public/sample/flights/flights.parquet (300,000 flights) and
 * airports.csv, from vega-datasets 3.2.1 (npm), without adding it as a dependency.
 *
 *   node scripts/sample-flights.mjs                 # npm pack vega-datasets@3.2.1 into a temp folder
 *   node scripts/sample-flights.mjs /path/package   # an already extracted package folder
 *
 * The sample is the same whatever DuckDB version runs it: rows are chosen in JavaScript by
 * mulberry32 (as src/ml/models/prng.ts) from their positions in the file, not by DuckDB's sampler.
 *  1. Keep the flights dated before 2001-07-01 (the file also holds 6 at exactly 2001-07-01 00:00).
 *  2. Split 300,000 over the six months in proportion to their flights (largest remainder).
 *  3. In each month, in calendar order, take that many flights by a partial Fisher–Yates shuffle of
 *     their positions (rank within the month by file row number), one generator seeded with SEED.
 *  4. Write them ordered by date, then file row number, as zstd-compressed Parquet.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

const PACKAGE = 'vega-datasets@3.2.1';
const SEED = 20010101;
const SAMPLE_ROWS = 300_000;
const END = '2001-07-01 00:00:00';
const OUT_DIR = resolve('public/sample/flights');
const EXPECTED_SHA256 = {
  'flights-3m.parquet': 'dbeb920c90f59b6ccaff823dcc3d08f25a97fa1ce128d93f40be4e931f5900b0',
  'airports.csv': '903c7169e6d558eefb95295fe2947ec8503135fbb855ea5c737cf4a90ea603ad',
};

function mulberry32(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function packageFolder() {
  if (process.argv[2]) return resolve(process.argv[2]);
  const dir = mkdtempSync(join(tmpdir(), 'vega-datasets-'));
  const tarball = execFileSync('npm', ['pack', PACKAGE, '--silent'], { cwd: dir, encoding: 'utf8' }).trim();
  execFileSync('tar', ['xzf', tarball], { cwd: dir });
  return join(dir, 'package');
}

function sha256(path) {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** Largest-remainder split of `total` in proportion to `sizes`, ties to the earlier month. */
function allocate(total, sizes) {
  const n = sizes.reduce((s, v) => s + v, 0);
  const exact = sizes.map((s) => (total * s) / n);
  const counts = exact.map(Math.floor);
  let left = total - counts.reduce((s, v) => s + v, 0);
  const order = exact.map((e, i) => ({ r: e - Math.floor(e), i })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of order) if (left-- > 0) counts[i] += 1;
  return counts;
}

/** `k` distinct positions of 0..n-1 by a partial Fisher–Yates shuffle, sorted. */
function choose(n, k, random) {
  const positions = new Int32Array(n);
  for (let i = 0; i < n; i++) positions[i] = i;
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(random() * (n - i));
    const t = positions[i];
    positions[i] = positions[j];
    positions[j] = t;
  }
  return positions.slice(0, k).sort();
}

const folder = packageFolder();
const flights = join(folder, 'data', 'flights-3m.parquet');
const airports = join(folder, 'data', 'airports.csv');
for (const [name, path] of [
  ['flights-3m.parquet', flights],
  ['airports.csv', airports],
]) {
  const hash = sha256(path);
  if (hash !== EXPECTED_SHA256[name])
    throw new Error(`${name} has sha256 ${hash}, not ${EXPECTED_SHA256[name]}.`);
}

const db = await DuckDBInstance.create(':memory:');
const c = await db.connect();
const source = `read_parquet('${flights.replaceAll("'", "''")}', file_row_number = true)`;
await c.run(`CREATE TABLE ranked AS
  SELECT month(date)::INTEGER AS m,
         (row_number() OVER (PARTITION BY month(date) ORDER BY file_row_number) - 1)::INTEGER AS pos,
         file_row_number, date, delay, distance, origin, destination
  FROM ${source}
  WHERE date < TIMESTAMP '${END}'`);
const months = (
  await c.runAndReadAll('SELECT m, count(*)::INTEGER AS n FROM ranked GROUP BY m ORDER BY m')
).getRowsJS();
const quotas = allocate(
  SAMPLE_ROWS,
  months.map(([, n]) => n),
);
const random = mulberry32(SEED);
await c.run('CREATE TABLE keep (m INTEGER, pos INTEGER)');
const appender = await c.createAppender('keep');
months.forEach(([m, n], i) => {
  for (const pos of choose(n, quotas[i], random)) {
    appender.appendInteger(m);
    appender.appendInteger(pos);
    appender.endRow();
  }
});
appender.closeSync();

mkdirSync(OUT_DIR, { recursive: true });
const out = join(OUT_DIR, 'flights.parquet');
await c.run(`COPY (
  SELECT date, delay, distance, origin, destination
  FROM ranked JOIN keep USING (m, pos)
  ORDER BY date, file_row_number
) TO '${out.replaceAll("'", "''")}' (FORMAT parquet, COMPRESSION zstd)`);
copyFileSync(airports, join(OUT_DIR, 'airports.csv'));

const check = (
  await c.runAndReadAll(`SELECT month(date)::INTEGER AS m, count(*)::INTEGER AS n,
    round(avg((delay > 15)::INTEGER), 4) AS late FROM read_parquet('${out.replaceAll("'", "''")}') GROUP BY m ORDER BY m`)
).getRowsJS();
console.log(`months in the source: ${JSON.stringify(months)}`);
console.log(`per month in the sample (month, rows, share delay > 15): ${JSON.stringify(check)}`);
console.log(`${out}: ${statSync(out).size} bytes, sha256 ${sha256(out)}`);
