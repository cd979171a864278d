// The command line's scoring speed: `casebook score` with a boosted-trees bundle on generated
// Parquet rows × 20 columns, beside native DuckDB's own COPY of the same rows (the floor), each
// in its own process, with its peak resident memory. Callable from a script:
//   import { scoreBench } from './score.mjs'; await scoreBench({ rows: [1e6, 1e7] });
// or on its own: node bench/score.mjs [ROWS…]   (npm run bench:score -- 1000000 10000000)
// Writes bench/out/score.json. Generated files stay in bench/data/ for the next run.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const defaultDataDir = join(root, 'bench', 'data');
const defaultOutDir = join(root, 'bench', 'out');

/** Runs `node args…` in a child process; resolves with its wall time, CPU time and peak RSS (GNU time), and output. */
function timedNode(args) {
  return new Promise((resolveRun, reject) => {
    const started = performance.now();
    const child = spawn('/usr/bin/time', ['-f', 'PEAK_RSS_KB=%M CPU_S=%U+%S', process.execPath, ...args], {
      cwd: root,
    });
    let stderr = '';
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = (performance.now() - started) / 1000;
      const peak = /PEAK_RSS_KB=(\d+)/.exec(stderr);
      const cpu = /CPU_S=([\d.]+)\+([\d.]+)/.exec(stderr);
      const cpuSeconds = cpu ? Number(cpu[1]) + Number(cpu[2]) : null;
      if (code !== 0) reject(new Error(`node ${args.join(' ')} failed (${code}):\n${stderr}`));
      else
        resolveRun({
          seconds,
          cpuSeconds,
          peakMiB: peak ? Math.round(Number(peak[1]) / 1024) : null,
          stderr,
          stdout,
        });
    });
  });
}

async function built() {
  const cli = join(root, 'dist-cli', 'casebook.mjs');
  // The launcher builds dist-cli/ when a source is newer; --help does nothing else.
  await timedNode([join(root, 'cli', 'launch.mjs'), '--help']);
  return { cli, bench: await import(pathToFileURL(join(root, 'dist-cli', 'bench.mjs')).href) };
}

const COPY_FLOOR = `
import { DuckDBInstance } from '@duckdb/node-api';
const [input, output] = process.argv.slice(-2);
const db = await DuckDBInstance.create(':memory:');
const conn = await db.connect();
await conn.run("COPY (SELECT * FROM read_parquet('" + input + "')) TO '" + output + "' (FORMAT parquet, COMPRESSION zstd)");
`;

/**
 * `dataDir`: where the generated rows, the bundle and the COPY script are kept (bench/data);
 * `outDir`: where score.json is written (bench/out).
 */
export async function scoreBench({
  rows = [1_000_000, 10_000_000],
  log = console.log,
  dataDir = defaultDataDir,
  outDir = defaultOutDir,
} = {}) {
  mkdirSync(dataDir, { recursive: true });
  mkdirSync(outDir, { recursive: true });
  const { cli, bench } = await built();
  const floorScript = join(dataDir, 'copy-floor.mjs');
  writeFileSync(floorScript, COPY_FLOOR);
  const largest = Math.max(...rows);
  const results = [];
  for (const n of rows) {
    const input = join(dataDir, `score-${n}.parquet`);
    if (!existsSync(input)) {
      log(`Generating ${n.toLocaleString('en-US')} rows × 20 columns…`);
      const { DuckDBInstance } = await import('@duckdb/node-api');
      const conn = await (await DuckDBInstance.create(':memory:')).connect();
      await conn.run(bench.generateSql(n, input));
      conn.closeSync();
    }
    const bundle = join(dataDir, 'score-gbdt.casebook-model.json');
    if (!existsSync(bundle)) {
      const features = await bench.benchBundle(
        join(dataDir, `score-${Math.min(...rows)}.parquet`),
        dataDir,
        bundle,
      );
      log(`Bundle: boosted trees, 100 rounds of ≤ 31 leaves, ${features} features`);
    }
    const floorOut = join(dataDir, `copy-${n}.parquet`);
    const floor = await timedNode([floorScript, input, floorOut]);
    rmSync(floorOut, { force: true });
    const scoresOut = join(dataDir, `scores-${n}.parquet`);
    const scored = await timedNode([cli, 'score', bundle, input, '--out', scoresOut]);
    rmSync(scoresOut, { force: true });
    const row = {
      rows: n,
      inputMiB: Math.round(statSync(input).size / 2 ** 20),
      copySeconds: floor.seconds,
      copyCpuSeconds: floor.cpuSeconds,
      copyPeakMiB: floor.peakMiB,
      scoreSeconds: scored.seconds,
      scoreCpuSeconds: scored.cpuSeconds,
      scoreRowsPerSecond: Math.round(n / scored.seconds),
      scorePeakMiB: scored.peakMiB,
      ratioToCopy: scored.seconds / floor.seconds,
    };
    results.push(row);
    log(
      `${n.toLocaleString('en-US').padStart(11)} rows (${row.inputMiB} MiB Parquet): COPY ${floor.seconds.toFixed(1)} s (CPU ${floor.cpuSeconds?.toFixed(1)} s), ${floor.peakMiB} MiB peak | casebook score ${scored.seconds.toFixed(1)} s (CPU ${scored.cpuSeconds?.toFixed(1)} s) = ${row.scoreRowsPerSecond.toLocaleString('en-US')} rows/s, ${scored.peakMiB} MiB peak | ${row.ratioToCopy.toFixed(2)}× COPY`,
    );
  }
  const first = results[0];
  const last = results.find((r) => r.rows === largest);
  const os = await import('node:os');
  const summary = {
    machine: `${os.cpus().length} cores, Node ${process.version}, load average ${os.loadavg()[0].toFixed(1)} at the end`,
    results,
    memoryGrowth: first && last && first.scorePeakMiB ? last.scorePeakMiB / first.scorePeakMiB : null,
  };
  writeFileSync(join(outDir, 'score.json'), `${JSON.stringify(summary, null, 2)}\n`);
  return summary;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const rows = process.argv
    .slice(2)
    .map(Number)
    .filter((n) => n > 0);
  const summary = await scoreBench(rows.length > 0 ? { rows } : {});
  if (summary.memoryGrowth !== null)
    console.log(`Peak memory, largest ÷ smallest: ${summary.memoryGrowth.toFixed(2)}×`);
}
