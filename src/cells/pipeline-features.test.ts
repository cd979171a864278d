import { DuckDBInstance } from '@duckdb/node-api';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { AUTO_CSV, createImportHarness, type ImportHarness } from '../data/testing/import-harness';
import { quoteIdent } from '../data/sql';
import { asCaseId, asCellId, asRunId } from '../notebook/ids';
import { addCell, createCase, newCell, updateConfig } from '../notebook/ops';
import type { RunBatch } from '../notebook/runs';
import type { FeatureSpec } from '../notebook/feature-types';
import type { BriefConfig, Case, FeaturesConfig } from '../notebook/types';
import { runBundle } from '../storage/test-runs';
import { runFeatures } from './features/run';
import { caseScript, chooseFittedFeatures } from './pipeline';
import { briefOf, testContext } from './testing';

/*
 * "Export SQL" rebuilds the exact training matrix (issue 22, item 5): the Telco customers file
 * through a Features cell run in DuckDB-WASM (as the browser runs it), against native DuckDB
 * (@duckdb/node-api) running the exported script on the same file, row for row.
 */

const SAMPLE = fileURLToPath(new URL('../../public/sample/telco/', import.meta.url));
const NOW = '2026-03-01T00:00:00.000Z';

const BRIEF: BriefConfig = briefOf({
  input: 'customers',
  target: 'Churn',
  positive: 'Yes',
  baseline: { kind: 'rule', sql: "Contract = 'Month-to-month'" },
});
const FEATURES: FeaturesConfig = {
  input: 'customers',
  output: 'customer_features',
  features: [
    { encoding: 'numeric', column: 'tenure', standardise: true },
    { encoding: 'one-hot', column: 'Contract', topK: 10, other: false, missing: 'ignore' },
    { encoding: 'one-hot', column: 'gender', topK: 10, other: false, missing: 'ignore' },
  ],
  split: { kind: 'stratified', validationShare: 0.2, seed: 42 },
};

/** Row count and a hash of the sorted rows, each row as DuckDB prints it (as e2e/pipeline.spec.ts). */
const HASH_SQL = (table: string): string =>
  `SELECT count(*)::INTEGER AS n, md5(string_agg(r, chr(10) ORDER BY r)) AS h FROM (SELECT CAST(x AS VARCHAR) AS r FROM ${quoteIdent(table)} AS x)`;

/** The case: the customers file, the brief, the Features cell. */
function telco(): Case {
  let doc = createCase(asCaseId('telco'), 'Telco', NOW);
  const [source, brief, features] = [
    newCell('source', asCellId('s1'), new Set()),
    newCell('brief', asCellId('b1'), new Set()),
    newCell('features', asCellId('f1'), new Set()),
  ];
  [source, brief, features].forEach((cell, i) => (doc = addCell(doc, cell, i, NOW)));
  const file = {
    sha256: 'a'.repeat(64),
    name: 'customers.csv',
    sizeBytes: 1,
    format: 'csv',
    importedAt: NOW,
  } as const;
  doc = updateConfig(doc, source.id, 'source', { output: 'customers', file, note: '', csv: AUTO_CSV }, NOW);
  doc = updateConfig(doc, brief.id, 'brief', BRIEF, NOW);
  return updateConfig(doc, features.id, 'features', FEATURES, NOW);
}

/** A batch trained on the features table, its lineage holding the brief and the Features cell as fitted. */
function batchOf(doc: Case, fitted: FeatureSpec, overrides: Partial<RunBatch> = {}): RunBatch {
  const base = runBundle().batch;
  const link = (id: string, learned: FeatureSpec | null = null) => {
    const cell = doc.cells.find((c) => c.id === id);
    if (!cell) throw new Error(`no cell ${id}`);
    return { cell, fingerprint: '0'.repeat(16), upstream: [], fitted: learned, sql: null };
  };
  return {
    ...base,
    data: { ...base.data, input: FEATURES.output },
    lineage: { links: [link('s1'), link('b1'), link('f1', fitted)] },
    ...overrides,
  };
}

let harness: ImportHarness;
let fitted: FeatureSpec;
beforeAll(async () => {
  harness = await createImportHarness();
  await harness.run('customers.csv', readFileSync(`${SAMPLE}customers.csv`), 'csv', { table: 'customers' });
  const doc = telco();
  const cell = doc.cells.find((c) => c.id === 'f1');
  if (cell?.kind !== 'features') throw new Error('no features cell');
  fitted = (await runFeatures(testContext(harness.engine, BRIEF), cell)).spec;
});

describe('Export SQL with the fitted features of a run', () => {
  it('rebuilds the exact features table in native DuckDB, named after the Features cell’s output', async () => {
    const doc = telco();
    const features = chooseFittedFeatures([batchOf(doc, fitted)], null);
    expect(features.map((f) => [f.cellId, f.label])).toEqual([['f1', 'the best run run-1 (batch batch-1)']]);
    const script = await caseScript(doc, harness.engine, 'test', NOW, features);
    expect(script).toContain('CREATE OR REPLACE TABLE "customer_features" AS');
    expect(script).toContain('-- Features cell: the values fitted for the best run run-1 (batch batch-1)');
    expect(script).not.toContain('Left out');
    const instance = await DuckDBInstance.create(':memory:');
    const conn = await instance.connect();
    await conn.run(`SET file_search_path = '${SAMPLE.replaceAll("'", "''")}'`);
    await conn.run(script);
    const native = (await conn.runAndReadAll(HASH_SQL(FEATURES.output))).getRowObjects()[0];
    conn.closeSync();
    const wasm = (await harness.engine.query(HASH_SQL(FEATURES.output))).get(0);
    expect([Number(native?.['n']), String(native?.['h'])]).toEqual([
      Number(wasm?.['n']),
      String(wasm?.['h']),
    ]);
    expect(Number(wasm?.['n'])).toBe(7043);
  });

  it('without a stored run on its table, leaves the Features cell out as before', async () => {
    const script = await caseScript(telco(), harness.engine, 'test', NOW);
    expect(script).toContain('-- Left out, not runnable in the notebook yet: customer_features');
  });

  it('takes the chosen run, else the champion’s, else the best run of the newest batch', () => {
    const doc = telco();
    const older = batchOf(doc, fitted, {
      id: 'old',
      runIds: [asRunId('r-1'), asRunId('r-2')],
      best: asRunId('r-2'),
      finishedAt: '2026-01-01T00:00:00.000Z',
    });
    const newer = batchOf(doc, fitted, {
      id: 'new',
      runIds: [asRunId('r-3')],
      best: asRunId('r-3'),
      finishedAt: '2026-02-01T00:00:00.000Z',
    });
    const label = (champion: string | null, chosen: string | null = null) =>
      chooseFittedFeatures(
        [older, newer],
        champion === null ? null : asRunId(champion),
        chosen === null ? null : asRunId(chosen),
      ).map((f) => f.label);
    expect(label(null)).toEqual(['the best run r-3 (batch new)']);
    expect(label('r-1')).toEqual(['the champion run r-1 (batch old)']);
    expect(label('r-1', 'r-3')).toEqual(['the chosen run r-3 (batch new)']);
    // A champion from another case's runs (not in these batches) does not count.
    expect(label('elsewhere')).toEqual(['the best run r-3 (batch new)']);
    // A batch whose lineage has no fitted values cannot rebuild the table.
    const unfitted = {
      ...newer,
      lineage: { links: newer.lineage.links.map((l) => ({ ...l, fitted: null })) },
    };
    expect(chooseFittedFeatures([unfitted], null)).toEqual([]);
  });
});
