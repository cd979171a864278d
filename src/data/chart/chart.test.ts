import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqlEngine } from '../engine';
import { runChart } from './run';
import { engineWith } from './test-helpers';

/* Known answers worked out by hand (and matching native DuckDB 1.5, see native.test.ts). */

let engine: SqlEngine;

beforeAll(async () => {
  engine = await engineWith(`
    CREATE TABLE nums AS SELECT * FROM (VALUES (1), (2), (3), (4), (5), (6), (7), (8), (9), (10), (NULL)) AS t(v);
    CREATE TABLE logs AS SELECT * FROM (VALUES (1.0), (10.0), (100.0), (1000.0), (0.0), (-5.0)) AS t(v);
    CREATE TABLE one AS SELECT 5 AS v, 'a' AS g, DATE '2024-03-05' AS d;
    CREATE TABLE nothing (v DOUBLE, g VARCHAR, d DATE);
    CREATE TABLE nulls AS SELECT CAST(NULL AS DOUBLE) AS v, CAST(NULL AS VARCHAR) AS g, CAST(NULL AS DATE) AS d FROM range(4);
    CREATE TABLE flights AS SELECT i % 24 AS hour, CAST((i * 7919) % 97 AS DOUBLE) AS delay FROM range(2400) AS r(i);
    CREATE TABLE sales AS SELECT * FROM (VALUES ('a', 1.0), ('a', 2.0), ('a', 3.0), ('b', 10.0), ('c', 4.0), ('c', 4.0), (NULL, 7.0)) AS t(region, price);
    CREATE TABLE boxes AS SELECT 'g' AS grp, CAST(v AS DOUBLE) AS v FROM (VALUES (1), (2), (3), (4), (5), (6), (7), (8), (9), (100)) AS t(v);
    CREATE TABLE days AS SELECT * FROM (VALUES (DATE '2024-01-01', 1.0), (DATE '2024-01-02', 2.0), (DATE '2024-01-15', 3.0), (DATE '2024-02-03', 10.0), (NULL, 5.0)) AS t(d, y);
    CREATE TABLE corrs AS SELECT * FROM (VALUES (1, 2, -1, 1, 7, 'a'), (2, 4, -2, 3, 7, 'b'), (3, 6, -3, 2, 7, 'c'), (4, 8, -4, 5, 7, 'd'), (5, 10, -5, 4, 7, 'e')) AS t(x, y, z, w, c, label);
  `);
});

afterAll(() => engine.terminate());

describe('histogram', () => {
  it('bins 1…10 into 3 equal-width bins and counts the NULL', async () => {
    const data = await runChart(engine, 'nums', { kind: 'histogram', column: 'v', bins: 3 });
    expect(data.rows.map((r) => [r['x0'], r['x1'], r['count']])).toEqual([
      [1, 4, 3],
      [4, 7, 3],
      [7, 10, 4],
    ]);
    expect(data.meta).toMatchObject({
      totalRows: 11,
      rowsDrawn: 10,
      nullCount: 1,
      binned: true,
      binWidth: 3,
    });
  });

  it('bins log10 values and leaves out values ≤ 0', async () => {
    const data = await runChart(engine, 'logs', { kind: 'histogram', column: 'v', bins: 3, log: true });
    expect(data.rows.map((r) => r['count'])).toEqual([1, 1, 2]);
    expect(data.rows[1]?.['x0']).toBeCloseTo(10, 9);
    expect(data.meta).toMatchObject({ nullCount: 2, binWidth: 1 });
  });

  it('gives one bin of width 1 around a single value', async () => {
    const data = await runChart(engine, 'one', { kind: 'histogram', column: 'v' });
    expect(data.rows).toEqual([{ facet: null, bin: 0, x0: 4.5, x1: 5.5, width: 1, count: 1 }]);
  });

  it('gives no bins, and no NaN, for an empty table and an all-NULL column', async () => {
    const empty = await runChart(engine, 'nothing', { kind: 'histogram', column: 'v' });
    expect(empty.rows).toEqual([]);
    expect(empty.meta).toMatchObject({ totalRows: 0, rowsDrawn: 0, nullCount: 0, binWidth: null });
    const nulls = await runChart(engine, 'nulls', { kind: 'histogram', column: 'v' });
    expect(nulls.rows).toEqual([]);
    expect(nulls.meta.nullCount).toBe(4);
  });

  it('says which column is missing or not numeric', async () => {
    await expect(runChart(engine, 'nums', { kind: 'histogram', column: 'nope' })).rejects.toThrow(
      'The chart uses column "nope", which table "nums" does not have.',
    );
    await expect(runChart(engine, 'sales', { kind: 'histogram', column: 'region' })).rejects.toMatchObject({
      code: 'bad-input',
    });
  });
});

describe('bar', () => {
  it('ranks the top N by the aggregate and folds the rest into "(other)"', async () => {
    const data = await runChart(engine, 'sales', {
      kind: 'bar',
      x: 'region',
      aggregate: 'mean',
      y: 'price',
      topN: 2,
    });
    expect(data.rows.map((r) => [r['x'], r['value'], r['count'], r['rank']])).toEqual([
      ['b', 10, 1, 1],
      ['(missing)', 7, 1, 2],
      ['(other)', 2.8, 5, 3],
    ]);
    expect(data.meta.labels.y).toBe('mean of price');
  });

  it('numbers keep their own order (0, 1, 2 … 23, not by value or as text) and a small domain never folds', async () => {
    const data = await runChart(engine, 'flights', { kind: 'bar', x: 'hour', aggregate: 'mean', y: 'delay' });
    expect(data.rows.map((r) => r['x'])).toEqual(Array.from({ length: 24 }, (_, h) => String(h)));
    expect(data.rows.map((r) => r['rank'])).toEqual(Array.from({ length: 24 }, (_, h) => h + 1));
    // Ordered by value on request: the same 24 bars, largest mean first.
    const byValue = await runChart(engine, 'flights', {
      kind: 'bar',
      x: 'hour',
      aggregate: 'mean',
      y: 'delay',
      order: 'value',
    });
    const values = byValue.rows.map((r) => Number(r['value']));
    expect(values).toEqual([...values].sort((a, b) => b - a));
    expect(byValue.rows).toHaveLength(24);
    // With topN, the largest bars are kept and shown in natural order, "(other)" last.
    const top = await runChart(engine, 'flights', { kind: 'bar', x: 'hour', aggregate: 'count', topN: 3 });
    expect(top.rows.map((r) => r['x'])).toEqual(['0', '1', '10', '(other)']);
  });

  it('counts rows per value', async () => {
    const data = await runChart(engine, 'sales', { kind: 'bar', x: 'region', aggregate: 'count' });
    expect(data.rows.map((r) => [r['x'], r['value']])).toEqual([
      ['a', 3],
      ['c', 2],
      ['(missing)', 1],
      ['b', 1],
    ]);
    expect(data.meta.labels.y).toBe('count');
  });

  it('splits by colour and keeps an empty table valid', async () => {
    const data = await runChart(engine, 'sales', {
      kind: 'bar',
      x: 'region',
      aggregate: 'sum',
      y: 'price',
      color: 'region',
    });
    expect(data.rows.find((r) => r['x'] === 'a')).toMatchObject({ color: 'a', value: 6 });
    const empty = await runChart(engine, 'nothing', { kind: 'bar', x: 'g', aggregate: 'max', y: 'v' });
    expect(empty.rows).toEqual([]);
  });
});

describe('box', () => {
  it('gives quartiles, 1.5 IQR whiskers and outliers', async () => {
    const data = await runChart(engine, 'boxes', { kind: 'box', y: 'v', by: 'grp' });
    // quantile_cont of 1…9, 100: q1 = 3.25, median = 5.5, q3 = 7.75; fences -3.5 and 14.5.
    expect(data.rows).toEqual([
      { group: 'g', facet: null, n: 10, q1: 3.25, median: 5.5, q3: 7.75, lo: 1, hi: 9, outliers: 1 },
    ]);
    expect(data.outliers).toEqual([{ group: 'g', facet: null, value: 100 }]);
  });

  it('handles one row and no rows', async () => {
    const one = await runChart(engine, 'one', { kind: 'box', y: 'v' });
    expect(one.rows).toEqual([
      { group: null, facet: null, n: 1, q1: 5, median: 5, q3: 5, lo: 5, hi: 5, outliers: 0 },
    ]);
    const none = await runChart(engine, 'nulls', { kind: 'box', y: 'v', by: 'g' });
    expect(none.rows).toEqual([]);
    expect(none.outliers).toEqual([]);
  });
});

describe('scatter', () => {
  it('returns raw points of a small table', async () => {
    const data = await runChart(engine, 'corrs', { kind: 'scatter', x: 'x', y: 'y', color: 'label' });
    expect(data.meta.binned).toBe(false);
    expect(data.rows).toHaveLength(5);
    expect(data.rows[0]).toEqual({ x: 1, y: 2, color: 'a', facet: null });
  });
});

describe('line', () => {
  it('sums by month with date_trunc', async () => {
    const data = await runChart(engine, 'days', {
      kind: 'line',
      time: 'd',
      y: 'y',
      aggregate: 'sum',
      grain: 'month',
    });
    expect(data.rows.map((r) => [r['t'], r['date'], r['value'], r['count']])).toEqual([
      [Date.UTC(2024, 0, 1), '2024-01-01', 6, 3],
      [Date.UTC(2024, 1, 1), '2024-02-01', 10, 1],
    ]);
    expect(data.meta).toMatchObject({ grain: 'month', nullCount: 1, units: { x: 'time-ms', y: 'number' } });
  });

  it('refuses a column that is not a date, and draws nothing of an all-NULL one', async () => {
    await expect(
      runChart(engine, 'days', { kind: 'line', time: 'y', aggregate: 'count', grain: 'day' }),
    ).rejects.toThrow(/not dates/);
    const nulls = await runChart(engine, 'nulls', {
      kind: 'line',
      time: 'd',
      aggregate: 'count',
      grain: 'day',
    });
    expect(nulls.rows).toEqual([]);
  });
});

describe('heatmap', () => {
  it('gives Pearson r for every pair, null for a constant column', async () => {
    const data = await runChart(engine, 'corrs', { kind: 'heatmap' });
    const r = (x: string, y: string) => data.rows.find((row) => row['x'] === x && row['y'] === y)?.['r'];
    expect(r('x', 'y')).toBeCloseTo(1, 12);
    expect(r('z', 'x')).toBeCloseTo(-1, 12);
    // by hand: Σdx·dw = 8, Σdx² = Σdw² = 10
    expect(r('x', 'w')).toBeCloseTo(0.8, 12);
    expect(r('x', 'c')).toBeNull();
    expect(data.rows).toHaveLength(25);
    expect(data.meta.skipped).toEqual(['label']);
  });

  it('needs two numeric columns', async () => {
    await expect(runChart(engine, 'sales', { kind: 'heatmap', columns: ['price'] })).rejects.toThrow(
      /two numeric/,
    );
  });
});
