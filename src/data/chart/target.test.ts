import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqlEngine } from '../engine';
import { quoteIdent } from '../sql';
import { detectPositive } from './columns';
import { edgeFractions } from './grid';
import { plainRows } from './rows';
import { runChart } from './run';
import { chartQuery } from './sql';
import { CHURN_SQL, engineWith, ODD } from './test-helpers';

let engine: SqlEngine;

beforeAll(async () => {
  const [t, value, group, text] = [ODD.table, ODD.value, ODD.group, ODD.text].map(quoteIdent);
  engine = await engineWith(`${CHURN_SQL}
    CREATE TABLE ${t} AS SELECT * FROM (VALUES
      (1.5, 'it''s "x"', 'Yes'), (2.5, '<img src=x onerror=alert(1)>', 'No'), (NULL, 'select', 'Yes'), (4.0, NULL, 'No')
    ) AS v(${value}, ${group}, ${text});
    CREATE TABLE customers AS SELECT 'c-' || i AS customer_id, i % 3 AS plan, CASE WHEN i % 4 = 0 THEN 'Yes' ELSE 'No' END AS churn FROM range(200) AS r(i);
    CREATE TABLE ties AS SELECT CAST(CASE WHEN i % 7 = 0 THEN NULL ELSE (i * i) % 13 END AS DOUBLE) AS v,
      CASE WHEN i % 11 = 0 THEN NULL WHEN i % 3 = 0 THEN 1 ELSE 0 END AS y FROM range(300) AS r(i);
    CREATE TABLE scores AS SELECT * FROM (VALUES ('a', 10.0), ('a', 20.0), ('b', 5.0)) AS t(seg, score);
  `);
});

afterAll(() => engine.terminate());

describe('detectPositive', () => {
  it('reads Yes / true / 1 as the positive class of a binary target', () => {
    expect(detectPositive(['No', 'Yes'])).toBe('Yes');
    expect(detectPositive(['false', 'true'])).toBe('true');
    expect(detectPositive(['0', '1'])).toBe('1');
    expect(detectPositive(['a', 'b'])).toBeNull();
    expect(detectPositive(['No', 'Yes', 'Maybe'])).toBeNull();
  });
});

describe('target-rate', () => {
  it('gives the rate of the detected positive class per segment value', async () => {
    const data = await runChart(engine, 'churn', {
      kind: 'target-rate',
      segment: 'contract',
      target: 'churn',
    });
    expect(data.rows.map((r) => [r['segment'], r['rate'], r['count']])).toEqual([
      ['Month', 2 / 3, 3],
      ['Year', 1 / 3, 3],
      ['(missing)', 0, 1],
    ]);
    expect(data.meta).toMatchObject({ positive: 'Yes', nullCount: 1, labels: { y: 'rate of churn = Yes' } });
  });

  it('bins a numeric segment by quantile (percent rank: ties share a bin)', async () => {
    const data = await runChart(engine, 'churn', {
      kind: 'target-rate',
      segment: 'tenure',
      target: 'churn',
      bins: 2,
    });
    expect(data.rows.map((r) => [r['lo'], r['hi'], r['rate'], r['count']])).toEqual([
      [1, 3, 2 / 3, 3],
      [10, 40, 1 / 4, 4],
    ]);
    expect(data.meta.binned).toBe(true);
  });

  it('averages a numeric target and asks for the positive class of a text one', async () => {
    const data = await runChart(engine, 'scores', { kind: 'target-rate', segment: 'seg', target: 'score' });
    expect(data.rows.map((r) => [r['segment'], r['rate']])).toEqual([
      ['a', 15],
      ['b', 5],
    ]);
    expect(data.meta).toMatchObject({ positive: null, labels: { y: 'mean of score' } });
    await expect(
      runChart(engine, 'churn', { kind: 'target-rate', segment: 'tenure', target: 'contract' }),
    ).rejects.toThrow(/positive class/);
  });
});

describe('target-grid', () => {
  it('leaves out ID-like text columns unless they are asked for', async () => {
    const data = await runChart(engine, 'customers', { kind: 'target-grid', target: 'churn' });
    expect(new Set(data.rows.map((r) => r['feature']))).toEqual(new Set(['plan']));
    expect(data.meta.skipped).toEqual(['customer_id (ID-like)']);
    const asked = await runChart(engine, 'customers', {
      kind: 'target-grid',
      target: 'churn',
      columns: ['customer_id', 'plan'],
    });
    expect(new Set(asked.rows.map((r) => r['feature']))).toEqual(new Set(['customer_id', 'plan']));
    expect(asked.meta.skipped).toEqual([]);
  });

  it('sets every feature against the target in one query', async () => {
    const data = await runChart(engine, 'churn', { kind: 'target-grid', target: 'churn' });
    const contract = data.rows.filter((r) => r['feature'] === 'contract');
    expect(contract.map((r) => [r['segment'], r['rate'], r['count']])).toEqual([
      ['Month', 2 / 3, 3],
      ['Year', 1 / 3, 3],
      ['(missing)', 0, 1],
    ]);
    const tenure = data.rows.filter((r) => r['feature'] === 'tenure');
    // 7 distinct values, percent ranks k/6 × 10 bins: 0, 1, 3, 5, 6, 8, 9.
    expect(tenure.map((r) => r['ord'])).toEqual([0, 1, 3, 5, 6, 8, 9]);
    expect(tenure.reduce((sum, r) => sum + Number(r['count']), 0)).toBe(7);
  });
});

describe('target-grid binning', () => {
  // The reference: the grid's former SQL, percent_rank() over every row.
  const reference = (
    where: string,
  ) => `SELECT CAST(bin AS DOUBLE) AS ord, min(v) AS lo, max(v) AS hi, avg(y) AS rate, CAST(count(*) AS DOUBLE) AS count
    FROM (SELECT v, y, CASE WHEN v IS NULL THEN -1 ELSE least(floor(percent_rank() OVER (PARTITION BY v IS NULL ORDER BY v) * 10), 9) END AS bin
      FROM (SELECT CAST(v AS DOUBLE) AS v, CAST(y AS DOUBLE) AS y FROM ties WHERE y IS NOT NULL AND ${where}))
    GROUP BY bin ORDER BY bin`;
  const columns = [
    { name: 'v', type: 'DOUBLE' },
    { name: 'y', type: 'INTEGER' },
  ];
  const spec = { kind: 'target-grid', target: 'y', positive: '1' } as const;

  it('gives the bins of percent_rank by value and on quantile edges: ties share a bin, NULLs are missing', async () => {
    // One value only, two values, 13 values with NULLs.
    for (const where of ['v = 1', 'v IN (1, 3)', 'true']) {
      const expected = plainRows(await engine.query(reference(where)));
      const nonNull = plainRows(
        await engine.query(`SELECT count(v) AS n FROM ties WHERE y IS NOT NULL AND ${where}`),
      )[0]?.['n'];
      await engine.exec(`CREATE OR REPLACE VIEW ties_part AS SELECT * FROM ties WHERE ${where}`);
      const byValue = chartQuery(spec, 'ties_part', columns, { rowCount: 300, positive: '1' });
      const byEdges = chartQuery(spec, 'ties_part', columns, {
        rowCount: 300,
        positive: '1',
        edgeBinned: [{ name: 'v', rows: Number(nonNull) }],
      });
      expect(byEdges.sql).toContain('quantile_disc');
      for (const query of [byValue, byEdges]) {
        expect(query.sql).not.toContain('percent_rank');
        const rows = plainRows(await engine.query(query.sql)).map(({ ord, lo, hi, rate, count }) => ({
          ord,
          lo,
          hi,
          rate,
          count,
        }));
        expect(rows, where).toEqual(expected);
      }
    }
    expect(edgeFractions(1)).toEqual([]);
    expect(edgeFractions(2).map((e) => e.fraction)).toEqual(Array<number>(9).fill(0.25));
    // 13 values (and NULL) over 300 rows: each value falls in one bin, NULLs in '(missing)'.
    const data = await runChart(engine, 'ties', spec);
    const bins = data.rows.filter((r) => r['segment'] === null);
    for (const [i, bin] of bins.entries()) {
      const next = bins[i + 1];
      if (next !== undefined) expect(Number(bin['hi'])).toBeLessThan(Number(next['lo']));
    }
    expect(data.rows.find((r) => r['segment'] === '(missing)')).toMatchObject({
      ord: -1,
      lo: null,
      hi: null,
    });
  });
});

describe('names that need quoting', () => {
  it('charts a table whose names have spaces, quotes, unicode and keywords', async () => {
    const grid = await runChart(engine, ODD.table, { kind: 'target-grid', target: ODD.text });
    expect(new Set(grid.rows.map((r) => r['feature']))).toEqual(new Set([ODD.value, ODD.group]));
    expect(grid.rows.map((r) => r['segment'])).toContain('<img src=x onerror=alert(1)>');
    const bar = await runChart(engine, ODD.table, {
      kind: 'bar',
      x: ODD.group,
      aggregate: 'sum',
      y: ODD.value,
      facet: ODD.text,
    });
    expect(bar.rows.find((r) => r['x'] === 'it\'s "x"')).toMatchObject({ value: 1.5, facet: 'Yes' });
    const kinds = [
      { kind: 'histogram', column: ODD.value, facet: ODD.group },
      { kind: 'box', y: ODD.value, by: ODD.group },
      { kind: 'scatter', x: ODD.value, y: ODD.value, color: ODD.group },
      { kind: 'heatmap', columns: [ODD.value, ODD.value] },
      { kind: 'target-rate', segment: ODD.group, target: ODD.text, positive: 'Yes' },
    ] as const;
    for (const spec of kinds) {
      const data = await runChart(engine, ODD.table, spec);
      expect(data.rows.length, spec.kind).toBeGreaterThan(0);
    }
  });
});
