import { readFileSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  batchDrift,
  categoricalFeatureCounts,
  numericFeatureCounts,
  predictionDrift,
  scoreCounts,
  type FeatureCounts,
} from '../../ml/drift';
import { range, telcoNumbers, telcoStrings, telcoTable } from '../../ml/drift/testing';
import type { SqlEngine } from '../engine';
import { createNodeEngine } from '../testing/node-engine';
import { textRows } from '../testing/text-rows';
import { planBatches } from './batches';
import { countDrift } from './counts';
import { countScores } from './scores';
import type { DriftFeature, DriftPlan } from './plan';

// The SQL path (DuckDB-WASM in Node, then the same statements on native DuckDB) against the pure
// path of src/ml/drift on the same Telco rows: equal bins, counts, KS statistics and so results.
const CSV = new URL('../../ml/models/fixtures/telco_churn.csv', import.meta.url);
const NUMERIC = ['tenure', 'MonthlyCharges', 'TotalCharges'];
const CATEGORICAL = ['Contract', 'PaymentMethod', 'InternetService', 'gender'];
const FEATURES: DriftFeature[] = [
  ...NUMERIC.map((name) => ({ name, kind: 'numeric' as const })),
  ...CATEGORICAL.map((name) => ({ name, kind: 'categorical' as const })),
];

const setup = (path: string) => `
CREATE TABLE raw AS SELECT * FROM read_csv(${`'${path.replaceAll("'", "''")}'`}, all_varchar = true);
CREATE TABLE telco AS SELECT rowid AS i, * REPLACE (CAST(tenure AS INTEGER) AS tenure,
  CAST(MonthlyCharges AS DOUBLE) AS MonthlyCharges, CAST(nullif(trim(TotalCharges), '') AS DOUBLE) AS TotalCharges)
FROM raw;
CREATE TABLE reference AS SELECT * FROM telco WHERE i < 5000;
CREATE TABLE "the rest" AS SELECT * FROM telco WHERE i >= 5000;
CREATE TABLE short AS SELECT * FROM telco WHERE i >= 5000 AND tenure < 24;
CREATE TABLE months AS SELECT *, CASE WHEN i < 6000 THEN '2024-05' ELSE '2024-06' END AS "month'" FROM telco WHERE i >= 5000;`;

let engine: SqlEngine;
const statements: string[] = [];

beforeAll(async () => {
  const inner = await createNodeEngine();
  await inner.registerFile('telco.csv', new Blob([readFileSync(CSV)]));
  await inner.exec(setup('telco.csv'));
  // Records every statement of the drift run, to replay it on native DuckDB.
  engine = {
    ...inner,
    query: (sql, options) => {
      statements.push(sql);
      return inner.query(sql, options);
    },
  };
});
afterAll(() => engine.terminate());

function pureFeatures(batchRows: readonly number[]): FeatureCounts[] {
  const table = telcoTable();
  const referenceRows = range(0, 5000);
  return [
    ...NUMERIC.map((name) =>
      numericFeatureCounts(
        name,
        telcoNumbers(table, name, referenceRows),
        telcoNumbers(table, name, batchRows),
      ),
    ),
    ...CATEGORICAL.map((name) =>
      categoricalFeatureCounts(
        name,
        telcoStrings(table, name, referenceRows),
        telcoStrings(table, name, batchRows),
      ),
    ),
  ];
}

describe('countDrift on DuckDB equals the pure path', () => {
  it('Telco: a random-like split and a short-tenure batch, as two table batches', async () => {
    const plan: DriftPlan = {
      reference: 'reference',
      batches: [
        { label: 'the rest', table: 'the rest', column: null },
        { label: 'short', table: 'short', column: null },
      ],
      features: FEATURES,
    };
    statements.length = 0;
    const counts = await countDrift(engine, plan);
    const table = telcoTable();
    const rest = range(5000, table.rows.length);
    const tenure = telcoNumbers(table, 'tenure', rest);
    const short = rest.filter((_, k) => (tenure[k] ?? 0) < 24);
    expect(counts.referenceRows).toBe(5000);
    expect(counts.batches.map((b) => [b.label, b.rows])).toEqual([
      ['the rest', rest.length],
      ['short', short.length],
    ]);
    for (const [batch, rows] of [
      [counts.batches[0], rest],
      [counts.batches[1], short],
    ] as const) {
      expect(batch?.features).toEqual(pureFeatures(rows));
      expect(batchDrift(batch?.features ?? [])).toEqual(batchDrift(pureFeatures(rows)));
    }
    // The short-tenure batch drifts; the rest does not.
    expect(batchDrift(counts.batches[1]?.features ?? []).level).toBe('major');
    expect(batchDrift(counts.batches[0]?.features ?? []).significant).toEqual([]);
  });

  it('runs the same statements on native DuckDB with the same results', async () => {
    expect(statements.length).toBeGreaterThan(4);
    const instance = await DuckDBInstance.create(':memory:');
    const native = await instance.connect();
    try {
      await native.run(setup(new URL(CSV).pathname));
      // As multisets: GROUP BY leaves the order of rows open (the KS merge takes tied values in any order).
      const sorted = (rows: readonly Record<string, unknown>[]) =>
        rows.map((r) => JSON.stringify(Object.values(r).map((v) => (v === null ? null : String(v))))).sort();
      for (const sql of [...statements]) {
        const wasm = await textRows(engine, sql);
        const reader = await native.runAndReadAll(`SELECT COLUMNS(*)::VARCHAR FROM (${sql}\n)`);
        expect(sorted(reader.getRowObjects())).toEqual(sorted(wasm));
      }
    } finally {
      native.closeSync();
    }
  });

  it('batches from a column (quoted names, labels in the column order)', async () => {
    const batches = await planBatches(engine, [{ kind: 'column', table: 'months', column: "month'" }]);
    expect(batches.map((b) => b.label)).toEqual(['2024-05', '2024-06']);
    const counts = await countDrift(engine, { reference: 'reference', batches, features: FEATURES });
    const table = telcoTable();
    expect(counts.batches[0]?.features).toEqual(pureFeatures(range(5000, 6000)));
    expect(counts.batches[1]?.features).toEqual(pureFeatures(range(6000, table.rows.length)));
  });

  it('prediction drift: score bins and the share at or above the threshold', async () => {
    const plan: DriftPlan = {
      reference: 'reference',
      batches: [{ label: 'short', table: 'short', column: null }],
      features: [{ name: 'MonthlyCharges', kind: 'numeric' }],
    };
    const [result] = await countScores(engine, plan, 70.35);
    const table = telcoTable();
    const rest = range(5000, table.rows.length);
    const tenure = telcoNumbers(table, 'tenure', rest);
    const short = rest.filter((_, k) => (tenure[k] ?? 0) < 24);
    const expected = scoreCounts(
      telcoNumbers(table, 'MonthlyCharges', range(0, 5000)),
      telcoNumbers(table, 'MonthlyCharges', short),
      70.35,
    );
    expect(result?.counts).toEqual(expected);
    expect(predictionDrift(result?.counts ?? expected, 70.35)).toEqual(predictionDrift(expected, 70.35));
  });
});
