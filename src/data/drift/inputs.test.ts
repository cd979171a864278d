import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { numericFeatureCounts } from '../../ml/drift';
import type { SqlEngine } from '../engine';
import { wasmEngine } from '../testing/text-rows';
import { checkColumns } from './columns';
import { planBatches } from './batches';
import { countDrift } from './counts';
import { DriftInputError, type DriftPlan } from './plan';

// Awkward values and bad inputs on DuckDB-WASM in Node: NaN and NULL are missing, infinities and
// doubles with long expansions survive the trip into SQL, and each bad input names what is wrong.
let engine: SqlEngine;
beforeAll(async () => {
  engine = await wasmEngine(`
CREATE TABLE ref AS SELECT CASE WHEN i % 17 = 0 THEN 'nan'::DOUBLE WHEN i % 13 = 0 THEN NULL
  WHEN i = 5 THEN 'inf'::DOUBLE WHEN i = 6 THEN '-inf'::DOUBLE ELSE (i % 40) * 0.1 + 0.2 END AS "odd ""name""",
  'c' || (i % 3) AS cat, i FROM range(300) t(i);
CREATE TABLE batch AS SELECT "odd ""name""" * 1.5 AS "odd ""name""", cat, i FROM ref;
CREATE TABLE retyped AS SELECT CAST("odd ""name""" AS VARCHAR) AS "odd ""name""", i AS cat FROM ref;
CREATE TABLE renamed AS SELECT "odd ""name""" AS other, cat FROM ref;
CREATE TABLE empty AS SELECT * FROM batch WHERE false;
CREATE TABLE tiny AS SELECT * FROM ref WHERE i < 15;`);
});
afterAll(() => engine.terminate());

const plan = (batch: string, reference = 'ref'): DriftPlan => ({
  reference,
  batches: [{ label: batch, table: batch, column: null }],
  features: [
    { name: 'odd "name"', kind: 'numeric' },
    { name: 'cat', kind: 'categorical' },
  ],
});

async function failure(run: Promise<unknown>): Promise<DriftInputError> {
  try {
    await run;
  } catch (e: unknown) {
    if (e instanceof DriftInputError) return e;
    throw e;
  }
  throw new Error('expected a DriftInputError');
}

describe('awkward values', () => {
  it('NaN and NULL are missing; infinities and 0.1-steps keep every bit through SQL', async () => {
    const counts = await countDrift(engine, plan('batch'));
    const column = async (table: string) => {
      const r = await engine.query(`SELECT "odd ""name""" AS v FROM ${table} ORDER BY i`);
      return Array.from({ length: r.numRows }, (_, i): number | null => {
        const v: unknown = r.getChild('v')?.get(i);
        return typeof v === 'number' ? v : null;
      });
    };
    const expected = numericFeatureCounts('odd "name"', await column('ref'), await column('batch'));
    const actual = counts.batches[0]?.features[0];
    expect(actual).toEqual(expected);
    const missing = await engine.query(
      `SELECT count(*) FILTER (WHERE "odd ""name""" IS NULL OR isnan("odd ""name""")) AS n FROM ref`,
    );
    expect(expected.reference.missing).toBe(Number(missing.getChild('n')?.get(0)));
    expect(expected.reference.missing).toBeGreaterThan(30);
    expect(expected.bins.edges.every((e) => Number.isFinite(e))).toBe(true);
  });
});

describe('batch columns of any type', () => {
  it.each([
    ['INTEGER', 'CAST(i % 3 AS INTEGER)'],
    ['DATE', "DATE '2024-01-31' + CAST(i % 3 AS INTEGER)"],
    ['DOUBLE', '(i % 3) * 0.1 + 0.2'],
    ['TIMESTAMP', "TIMESTAMP '2024-03-01 10:00:00.123' + INTERVAL (i % 3) HOUR"],
    ['BOOLEAN', 'i % 2 = 0'],
  ])('%s: each value is one batch, in the column order', async (_, expr) => {
    await engine.exec(`CREATE OR REPLACE TABLE typed AS SELECT *, ${expr} AS b FROM ref`);
    const batches = await planBatches(engine, [{ kind: 'column', table: 'typed', column: 'b' }]);
    const counts = await countDrift(engine, { ...plan('batch'), batches });
    const expected = await engine.query(`SELECT count(*) AS n FROM typed GROUP BY b ORDER BY b`);
    expect(counts.batches.map((b) => b.rows)).toEqual(
      Array.from({ length: expected.numRows }, (_, i) => Number(expected.getChild('n')?.get(i))),
    );
    expect(counts.batches.reduce((s, b) => s + b.rows, 0)).toBe(300);
  });
});

describe('bad input gets a message that names it', () => {
  it('a batch without a feature column', async () => {
    const e = await failure(checkColumns(engine, plan('renamed')));
    expect([e.reason, e.table, e.column, e.message]).toEqual([
      'column-missing',
      'renamed',
      'odd "name"',
      'Table "renamed" has no column "odd "name"", which the model uses.',
    ]);
  });

  it('a feature whose type changed', async () => {
    const e = await failure(checkColumns(engine, plan('retyped')));
    expect(e.reason).toBe('column-type');
    expect(e.message).toBe('Column "odd "name"" of "retyped" is VARCHAR; the model reads it as a number.');
    const categorical = await failure(
      checkColumns(engine, { ...plan('retyped'), features: [{ name: 'cat', kind: 'categorical' }] }),
    );
    expect(categorical.message).toBe(
      'Column "cat" is BIGINT in "retyped" but VARCHAR in the reference: its type changed.',
    );
  });

  it('a missing table', async () => {
    const e = await failure(checkColumns(engine, plan('nowhere')));
    expect([e.reason, e.code]).toEqual(['table-missing', 'table-missing']);
  });

  it('an empty batch, and a batch column without values', async () => {
    expect((await failure(countDrift(engine, plan('empty')))).message).toBe(
      'Batch "empty" (table "empty") has no rows: there is nothing to compare.',
    );
    const e = await failure(planBatches(engine, [{ kind: 'column', table: 'empty', column: 'cat' }]));
    expect(e.reason).toBe('empty-batch');
  });

  it('a reference too small for 2 bins says how many values it has and needs', async () => {
    const e = await failure(countDrift(engine, plan('batch', 'tiny')));
    expect(e.reason).toBe('empty-reference');
    expect(e.message).toBe(
      'Feature "odd "name"": The reference has 13 non-missing values; PSI bins need at least 20 (10 per bin, 2 bins).',
    );
  });

  it('duplicate features and batches', async () => {
    const p = plan('batch');
    const twice = { ...p, features: [...p.features, ...p.features] };
    expect((await failure(countDrift(engine, twice))).reason).toBe('duplicate-feature');
    const again = { ...p, batches: [...p.batches, ...p.batches] };
    expect((await failure(countDrift(engine, again))).reason).toBe('duplicate-batch');
  });
});
