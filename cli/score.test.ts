import { DuckDBInstance } from '@duckdb/node-api';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileScoringFeatures } from '../src/data/features/compile';
import { readScoringMatrix } from '../src/data/features/matrix';
import { telcoCleanSql, TELCO_CSV, telcoModels, type TelcoModels } from '../src/data/score/testing';
import { scoreRows } from '../src/notebook/bundle/score';
import { main } from './main';

/*
 * The command line against the app: the same bundles (written by bundleFromRun from Telco models
 * of every kind) score the same rows in native DuckDB as the app's TypeScript `predict` scores
 * the app's own Float32 matrix (DuckDB-WASM): max |difference| ≤ 1e-6, and 0 for trees.
 */

let telco: TelcoModels;
let dir: string;

async function native(sql: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  try {
    return (await conn.runAndReadAll(sql)).getRowObjectsJS();
  } finally {
    conn.closeSync();
  }
}

async function cli(...args: string[]): Promise<{ code: number; stderr: string; stdout: string }> {
  let stderr = '';
  let stdout = '';
  const code = await main(args, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    tty: false,
  });
  return { code, stderr, stdout };
}

function bundleFile(kind: string): string {
  const entry = telco.bundles.find((b) => b.kind === kind);
  if (!entry) throw new Error(`no ${kind} bundle`);
  const path = join(dir, `telco-${kind}.casebook-model.json`);
  writeFileSync(path, entry.text);
  return path;
}

async function scoresOf(
  out: string,
): Promise<{ row_id: number; score: number; decision: boolean | null; model_version: string }[]> {
  const rows = await native(`SELECT * FROM '${out}'`);
  return rows.map((r) => ({
    row_id: Number(r['row_id']),
    score: Number(r['score']),
    decision: r['decision'] === null ? null : Boolean(r['decision']),
    model_version: String(r['model_version']),
  }));
}

beforeAll(async () => {
  telco = await telcoModels();
  dir = mkdtempSync(join(tmpdir(), 'casebook-cli-'));
  const clean = telcoCleanSql(TELCO_CSV);
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  await conn.run(`CREATE TABLE churn AS ${clean}`);
  await conn.run(`COPY churn TO '${join(dir, 'churn.parquet')}' (FORMAT parquet)`);
  await conn.run(
    `COPY (SELECT * EXCLUDE (Churn) FROM churn) TO '${join(dir, 'churn.csv')}' (FORMAT csv, HEADER true)`,
  );
  mkdirSync(join(dir, 'parts'));
  for (const [i, [lo, hi]] of (
    [
      [0, 2000],
      [2000, 2001],
      [2001, 7043],
    ] as const
  ).entries()) {
    await conn.run(
      `COPY (SELECT * FROM churn LIMIT ${hi - lo} OFFSET ${lo}) TO '${join(dir, 'parts', `part-${i}.parquet`)}' (FORMAT parquet)`,
    );
  }
  // A new batch with one problem planted: a payment method training never saw, on every 30th row.
  await conn.run(
    `COPY (SELECT * EXCLUDE (Churn) REPLACE (CASE WHEN (row_number() OVER ()) % 30 = 0 THEN 'Crypto wallet' ELSE PaymentMethod END AS PaymentMethod) FROM churn LIMIT 300) TO '${join(dir, 'batch-unseen.csv')}' (FORMAT csv, HEADER true)`,
  );
  await conn.run(
    `COPY (SELECT * EXCLUDE (tenure) FROM churn LIMIT 50) TO '${join(dir, 'no-tenure.parquet')}' (FORMAT parquet)`,
  );
  conn.closeSync();
}, 600_000);

afterAll(async () => {
  await telco?.engine.terminate();
});

describe('casebook score', () => {
  for (const kind of ['baseline', 'logistic', 'linear', 'tree', 'gbdt', 'mlp'] as const) {
    it(`scores Telco from Parquet as the app does: ${kind}`, async () => {
      const out = join(dir, `scores-${kind}.parquet`);
      const run = await cli('score', bundleFile(kind), join(dir, 'churn.parquet'), '--out', out);
      // Only unused columns (customerID, the target…) are noted, and ignored.
      expect(run.stderr).toMatch(/Input check: 7,043 rows; \d+ notes, none stops scoring\./);
      expect(run.stderr).not.toMatch(/^ {2}(?!IGNORE)[A-Z]+ /m);
      expect(run.code, run.stderr).toBe(0);
      const scored = await scoresOf(out);
      const entry = telco.bundles.find((b) => b.kind === kind)!;
      const x = kind === 'linear' ? telco.matrices.regression : telco.matrices.binary;
      const app = scoreRows(entry.bundle.model.artifact, x);
      expect(scored.map((r) => r.row_id)).toEqual(Array.from({ length: 7043 }, (_, i) => i + 1));
      let worst = 0;
      scored.forEach((r, i) => (worst = Math.max(worst, Math.abs(r.score - (app[i] ?? NaN)))));
      expect(worst).toBeLessThanOrEqual(kind === 'tree' || kind === 'gbdt' ? 0 : 1e-6);
      console.info(`${kind}: max |CLI − app| = ${worst}`);
      expect(new Set(scored.map((r) => r.model_version))).toEqual(new Set(['v1']));
      if (kind === 'linear') expect(scored.every((r) => r.decision === null)).toBe(true);
      else expect(scored.every((r) => r.decision === r.score >= 0.35)).toBe(true);
    });
  }

  it('writes CSV, and reads CSV, a directory and a glob of Parquet files in input order', async () => {
    const bundle = bundleFile('gbdt');
    const reference = await scoresOf(join(dir, 'scores-gbdt.parquet'));
    for (const input of [join(dir, 'churn.csv'), join(dir, 'parts'), join(dir, 'parts', 'part-*.parquet')]) {
      const out = join(dir, 'scores-gbdt-again.csv');
      const run = await cli('score', bundle, input, '--out', out);
      expect(run.code, run.stderr).toBe(0);
      const scored = await scoresOf(out);
      expect(scored.length).toBe(7043);
      scored.forEach((r, i) => {
        expect(r.row_id).toBe(i + 1);
        expect(Math.abs(r.score - (reference[i]?.score ?? NaN))).toBeLessThanOrEqual(1e-15);
      });
    }
    const csv = readFileSync(join(dir, 'scores-gbdt-again.csv'), 'utf8').split('\n');
    expect(csv[0]).toBe('row_id,score,decision,model_version');
  });

  it('scores the same on several threads: the built command line, as npm run casebook runs it', async () => {
    const root = join(import.meta.dirname, '..');
    const build = spawnSync(process.execPath, [join(root, 'cli', 'launch.mjs'), '--help'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(build.status, build.stderr).toBe(0);
    const out = join(dir, 'scores-gbdt-threads.parquet');
    const run = spawnSync(
      process.execPath,
      [
        join(root, 'dist-cli', 'casebook.mjs'),
        'score',
        bundleFile('gbdt'),
        join(dir, 'churn.parquet'),
        '--out',
        out,
        '--workers',
        '3',
      ],
      { cwd: root, encoding: 'utf8' },
    );
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout.trim()).toBe(out);
    expect(run.stderr).toMatch(/Scored 7,043 rows in [\d.]+ s \([\d,]+ rows\/s, peak memory \d+ MiB\)/);
    expect(await scoresOf(out)).toEqual(await scoresOf(join(dir, 'scores-gbdt.parquet')));
  });

  it('reports a planted unseen category and stops, unless --allow-unseen: then scores as the app', async () => {
    const bundle = bundleFile('logistic');
    const input = join(dir, 'batch-unseen.csv');
    const out = join(dir, 'scores-unseen.parquet');
    const refused = await cli('score', bundle, input, '--out', out);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('Input check: 300 rows; scoring stops (1 problem to fix).');
    expect(refused.stderr).toContain(
      'STOP   10 rows of "PaymentMethod" hold values not seen in training: "Crypto wallet" (10). Scoring stops; with --allow-unseen they are encoded as "PaymentMethod=(other)" and flagged.',
    );
    expect(refused.stderr).toMatch(/Nothing was scored/);
    const allowed = await cli('score', bundle, input, '--out', out, '--allow-unseen');
    expect(allowed.code, allowed.stderr).toBe(0);
    expect(allowed.stderr).toContain('OTHER  10 rows of "PaymentMethod" hold values not seen in training');
    // The app's path on the same rows: DuckDB-WASM, the same generated SQL, the same predict.
    const entry = telco.bundles.find((b) => b.kind === 'logistic')!;
    await telco.engine.registerFile('batch-unseen.csv', new Blob([readFileSync(input)]));
    await telco.engine.exec(
      `CREATE OR REPLACE TABLE batch AS SELECT * FROM read_csv('batch-unseen.csv', types = {'PaymentMethod': 'VARCHAR', 'Partner': 'VARCHAR', 'Dependents': 'VARCHAR', 'PhoneService': 'VARCHAR', 'PaperlessBilling': 'VARCHAR'})`,
    );
    const { sql, columns } = compileScoringFeatures(entry.bundle.features.spec, 'batch');
    const m = await readScoringMatrix(telco.engine, sql, columns);
    const app = scoreRows(entry.bundle.model.artifact, { data: m.x, rows: m.rows, cols: m.features });
    const scored = await scoresOf(out);
    expect(scored.length).toBe(300);
    scored.forEach((r, i) => expect(Math.abs(r.score - (app[i] ?? NaN))).toBeLessThanOrEqual(1e-6));
  });

  it('stops on a missing column, refuses a changed bundle, and explains bad usage', async () => {
    const missing = await cli(
      'score',
      bundleFile('tree'),
      join(dir, 'no-tenure.parquet'),
      '--out',
      join(dir, 'x.parquet'),
    );
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('STOP   "tenure" is missing: the model reads it.');
    const changed = join(dir, 'changed.casebook-model.json');
    writeFileSync(
      changed,
      readFileSync(bundleFile('tree'), 'utf8').replace('"threshold":0.35', '"threshold":0.05'),
    );
    const refused = await cli('score', changed, join(dir, 'churn.parquet'), '--out', join(dir, 'x.parquet'));
    expect(refused.code).toBe(3);
    expect(refused.stderr).toMatch(/do not match its SHA-256/);
    expect((await cli('score', bundleFile('tree'), join(dir, 'churn.parquet'))).code).toBe(1);
    expect(
      (await cli('score', bundleFile('tree'), join(dir, 'churn.parquet'), '--out', join(dir, 'x.json')))
        .stderr,
    ).toMatch(/must end in \.csv or \.parquet/);
    expect((await cli('frobnicate')).code).toBe(1);
  });
});
