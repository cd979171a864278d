import { beforeAll, describe, expect, it } from 'vitest';
import type { SqlEngine } from '../engine';
import { createNodeEngine } from '../testing/node-engine';
import { profileTable } from './index';
import { column, expectPlainJson, expectValidSuggestions, replayNative } from './test-helpers';
import type { TableProfile } from './types';

const SETUP = `CREATE TABLE small AS SELECT * FROM (VALUES
  (1, 1.0, 'a', 'x'),
  (2, 2.0, 'N/A', 'x'),
  (3, 3.0, '', 'x'),
  (4, 4.0, '  ', 'x'),
  (5, 5.0, 'unknown', 'x'),
  (6, 6.0, 'b', 'x'),
  (7, 7.0, 'No phone service', 'x'),
  (8, 8.0, 'b', 'x'),
  (9, 9.0, 'a', 'x'),
  (10, 100.0, 'a', 'x'),
  (11, NULL, NULL, 'x')
) AS v(id, x, label, same)`;

let engine: SqlEngine;
let profile: TableProfile;
beforeAll(async () => {
  engine = await createNodeEngine();
  await engine.exec(SETUP);
  profile = await profileTable(engine, 'small', { sampleRows: 1000 });
});

describe('profileTable: known answers on a small table', () => {
  it('counts rows, NULLs, distinct values and the most frequent values', () => {
    expect(profile).toMatchObject({ table: 'small', rowCount: 11, sample: null, exactDuplicateRows: 0 });
    const x = column(profile, 'x');
    expect(x).toMatchObject({ kind: 'numeric', duckType: 'DECIMAL(4,1)', count: 10, distinct: 10 });
    expect(x.missing).toEqual({ nulls: 1, blanks: 0, placeholders: [] });
    const label = column(profile, 'label');
    expect(label.top.slice(0, 2)).toEqual([
      { value: 'a', count: 3 },
      { value: 'b', count: 2 },
    ]);
  });

  it('finds blanks and placeholders, and flags "No … service" for review', () => {
    expect(column(profile, 'label').missing).toEqual({
      nulls: 1,
      blanks: 2,
      placeholders: [
        { value: 'N/A', count: 1 },
        { value: 'No phone service', count: 1, review: true },
        { value: 'unknown', count: 1 },
      ],
    });
  });

  it('moments and quantiles match native DuckDB', () => {
    // Reference: @duckdb/node-api 1.5 (native DuckDB), avg / stddev_samp / quantile_cont of x::DOUBLE.
    const x = column(profile, 'x');
    expect(x.mean).toBeCloseTo(14.5, 10);
    expect(x.std).toBeCloseTo(30.152390728873666, 10);
    const q = x.quantiles;
    expect(q?.p01).toBeCloseTo(1.09, 10);
    expect(q?.p05).toBeCloseTo(1.45, 10);
    expect(q?.p25).toBeCloseTo(3.25, 10);
    expect(q?.p50).toBeCloseTo(5.5, 10);
    expect(q?.p75).toBeCloseTo(7.75, 10);
    expect(q?.p95).toBeCloseTo(59.05, 8);
    expect(q?.p99).toBeCloseTo(91.81, 8);
    expect([x.min, x.max]).toEqual([1, 100]);
  });

  it('bins equal widths and counts outliers beyond 1.5 IQR (by hand: fences -3.5 and 14.5)', () => {
    const x = column(profile, 'x');
    expect(x.histogram).toHaveLength(10);
    expect(x.histogram?.[0]).toEqual({ x0: 1, x1: 1 + 9.9, count: 9 });
    expect(x.histogram?.[9]).toMatchObject({ x1: 100, count: 1 });
    expect(x.histogram?.reduce((s, b) => s + b.count, 0)).toBe(10);
    expect(x.outliers).toEqual({ lower: -3.5, upper: 14.5, below: 0, above: 1 });
  });

  it('flags a constant column and finds the key', () => {
    expect(column(profile, 'same').flags.constant).toBe(true);
    expect(profile.keyCandidates).toEqual([{ column: 'id', duplicateKeys: 0, nulls: 0 }]);
  });

  it('sorts issues worst first, and every suggestion is a valid clean step', async () => {
    const rank = { high: 0, medium: 1, low: 2 };
    const ranks = profile.issues.map((i) => rank[i.severity]);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(profile.issues.map((i) => `${i.column}:${i.code}`)).toEqual(
      expect.arrayContaining(['label:placeholders', 'same:constant', 'x:outliers', 'x:missing']),
    );
    const placeholders = profile.issues.find((i) => i.column === 'label' && i.code === 'placeholders');
    expect(placeholders?.suggestions).toEqual([
      { recipe: 'placeholder-null', column: 'label', tokens: ['N/A', 'unknown', ''] },
    ]);
    expect(placeholders?.message).toBe(
      'label: 4 of 11 (36.4%) values stand for missing (blank, "N/A", "unknown").',
    );
    await expectValidSuggestions(engine, profile);
    expectPlainJson(profile);
  });

  it('its queries replay unchanged in native DuckDB', async () => {
    await replayNative(SETUP, profile.queries);
  });
});
