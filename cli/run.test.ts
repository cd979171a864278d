import { DuckDBInstance } from '@duckdb/node-api';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqlEngine } from '../src/data/engine';
import { compileFeatures } from '../src/data/features/compile';
import { fitFeatures } from '../src/data/features/fit';
import { CHURN_SPEC, storedRun, TELCO_CSV, telcoEngine } from '../src/data/score/testing';
import { fitBaseline } from '../src/ml/models';
import type { FeatureSpec } from '../src/notebook/feature-types';
import { asCaseId, asCellId } from '../src/notebook/ids';
import { addCell, createCase, newCell } from '../src/notebook/ops';
import type { Case, Cell } from '../src/notebook/types';
import { freshFactory, openDb } from '../src/storage/test-db';
import { Workspace } from '../src/storage/workspace';
import { main } from './main';

/*
 * `casebook run`: a workspace file exported by the app (here written by the storage layer, as
 * the app does) re-runs its case's source, SQL and features on native DuckDB over a data folder,
 * and gives the same features as the app computes in DuckDB-WASM. DuckDB may touch nothing
 * outside the data folder and the output folder.
 */

const NOW = '2026-03-01T10:00:00.000Z';
const YES_NO = ['Partner', 'Dependents', 'PhoneService', 'PaperlessBilling', 'Churn'];
// The case's SQL cell: the native CSV sniffer's BOOLEANs back to the file's Yes/No, blanks to NULL.
const CHURN_SQL = `SELECT * REPLACE (
  CAST(SeniorCitizen AS INTEGER) AS SeniorCitizen,
  CAST(tenure AS INTEGER) AS tenure,
  CAST(nullif(trim(TotalCharges), '') AS DOUBLE) AS TotalCharges,
  ${YES_NO.map((c) => `CASE WHEN ${c} THEN 'Yes' ELSE 'No' END AS ${c}`).join(',\n  ')}
) FROM customers`;

let engine: SqlEngine;
let fitted: FeatureSpec;
let dir: string;

function caseWith(sql: string, id = 'case-telco'): Case {
  const source = newCell('source', asCellId('s1'), new Set());
  const cells: Cell[] = [
    {
      ...source,
      config: {
        ...source.config,
        output: 'customers',
        file: { sha256: 'a'.repeat(64), name: 'customers.csv', sizeBytes: 1, format: 'csv', importedAt: NOW },
      },
    },
    {
      id: asCellId('q1'),
      kind: 'sql',
      reads: ['customers'],
      config: { sql, output: 'churn', materialize: 'table' },
    },
  ];
  return cells.reduce((c, cell, i) => addCell(c, cell, i, NOW), createCase(asCaseId(id), 'Telco churn', NOW));
}

async function workspaceFile(doc: Case, name: string): Promise<string> {
  const ws = new Workspace(openDb(freshFactory()), { now: () => NOW });
  await ws.createCase(doc);
  const model = fitBaseline(
    { data: new Float32Array(76 * 4), rows: 4, cols: 76 },
    Float32Array.from([0, 1, 0, 1]),
    {
      task: 'classification',
    },
  );
  const run = storedRun(fitted, model, compileFeatures(fitted, 'churn').columns, 0.5);
  const features = run.batch.lineage.links[1]?.cell;
  if (features?.kind !== 'features') throw new Error('the stored run has no features cell');
  const splitFeatures = {
    ...features,
    config: { ...features.config, split: { kind: 'stratified' as const, validationShare: 0.2, seed: 42 } },
  };
  await ws.runs.saveBatch({
    batch: {
      ...run.batch,
      caseId: doc.id,
      lineage: {
        links: [run.batch.lineage.links[0]!, { ...run.batch.lineage.links[1]!, cell: splitFeatures }],
      },
    },
    runs: [run.run],
    artifacts: [{ runId: run.run.id, model, scores: new Float32Array() }],
  });
  const path = join(dir, name);
  writeFileSync(path, new Uint8Array(await (await ws.exportFile('0.1.0')).arrayBuffer()));
  return path;
}

async function cli(...args: string[]) {
  let stderr = '';
  let stdout = '';
  const code = await main(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), tty: false });
  return { code, stderr, stdout };
}

beforeAll(async () => {
  engine = await telcoEngine();
  await engine.exec(
    `CREATE TABLE churn_split AS SELECT *, CASE WHEN hash(customerID) % 5 = 0 THEN 'valid' ELSE 'train' END AS __split FROM churn`,
  );
  fitted = await fitFeatures(engine, 'churn_split', CHURN_SPEC, { trainWhere: "__split = 'train'" });
  dir = mkdtempSync(join(tmpdir(), 'casebook-run-'));
  mkdirSync(join(dir, 'data'));
  copyFileSync(TELCO_CSV, join(dir, 'data', 'customers.csv'));
  writeFileSync(join(dir, 'secret.csv'), 'password\nhunter2\n');
}, 300_000);

afterAll(async () => {
  await engine?.terminate();
});

describe('casebook run', () => {
  it("re-runs the case's preparation and fitted features over the data folder, as the app computes them", async () => {
    const file = await workspaceFile(caseWith(CHURN_SQL), 'telco.casebook');
    const out = join(dir, 'out');
    const run = await cli('run', file, '--data', join(dir, 'data'), '--out', out);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('source → customers: 7,043 rows');
    expect(run.stderr).toContain('SQL cell → churn: 7,043 rows');
    expect(run.stderr).toMatch(/features churn_features: 7,043 rows × 76 features/);
    const parquet = join(out, 'churn_features.parquet');
    expect(run.stdout.trim()).toBe(parquet);
    const instance = await DuckDBInstance.create(':memory:');
    const conn = await instance.connect();
    const cli_ = (await conn.runAndReadAll(`SELECT * FROM '${parquet}' ORDER BY __row_id`)).getRowObjectsJS();
    conn.closeSync();
    // The app's features of the same rows: DuckDB-WASM, the same fitted spec.
    const { sql, columns } = compileFeatures(fitted, 'churn');
    const app = await engine.query(`${sql} ORDER BY __row_id`);
    expect(cli_.length).toBe(app.numRows);
    expect(new Set(cli_.map((r) => r['__split']))).toEqual(new Set(['train', 'validation']));
    let worst = 0;
    for (const name of ['__target', ...columns]) {
      const values = app.getChild(name)?.toArray() ?? [];
      cli_.forEach((row, i) => (worst = Math.max(worst, Math.abs(Number(row[name]) - Number(values[i])))));
    }
    expect(worst).toBeLessThanOrEqual(1e-12);
    expect(existsSync(join(out, 'case.duckdb'))).toBe(true);
  });

  it('lets DuckDB read nothing outside the data folder, nor write outside the output folder', async () => {
    const outside = join(dir, 'secret.csv');
    const reads = await workspaceFile(
      caseWith(`SELECT * FROM customers, read_csv('${outside}')`, 'case-reads'),
      'reads.casebook',
    );
    const refused = await cli('run', reads, '--data', join(dir, 'data'), '--out', join(dir, 'out-reads'));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/Permission Error: Cannot access file ".*secret\.csv"/);
    const writes = await workspaceFile(
      caseWith(`SELECT * FROM customers; COPY customers TO '${join(dir, 'stolen.csv')}'`, 'case-writes'),
      'writes.casebook',
    );
    const refusedWrite = await cli(
      'run',
      writes,
      '--data',
      join(dir, 'data'),
      '--out',
      join(dir, 'out-writes'),
    );
    expect(refusedWrite.code).toBe(1);
    expect(existsSync(join(dir, 'stolen.csv'))).toBe(false);
    const unlock = await workspaceFile(
      caseWith(`SELECT 1 AS x; SET enable_external_access = true`, 'case-unlock'),
      'unlock.casebook',
    );
    expect(
      (await cli('run', unlock, '--data', join(dir, 'data'), '--out', join(dir, 'out-unlock'))).stderr,
    ).toMatch(/locked|Cannot change/);
  });

  it('says which file is missing from the data folder, and refuses a file that is not a workspace', async () => {
    const file = await workspaceFile(caseWith(CHURN_SQL), 'telco2.casebook');
    mkdirSync(join(dir, 'empty'));
    const missing = await cli('run', file, '--data', join(dir, 'empty'), '--out', join(dir, 'out2'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('The source file customers.csv is not in');
    const bad = join(dir, 'bad.casebook');
    writeFileSync(bad, 'not a workspace');
    const refused = await cli('run', bad, '--data', join(dir, 'data'));
    expect(refused.code).toBe(3);
    expect(refused.stderr).toMatch(/not a Casebook workspace file/);
  });
});
