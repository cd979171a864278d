import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqlEngine } from '../engine';
import { AppError } from '../../lib/errors';
import { parseChartSpec } from '../../notebook/chart-parse';
import { runChart } from './run';
import { chartQuery } from './sql';
import { chooseGrain } from './time';
import { CHURN_SQL, engineWith } from './test-helpers';
import type { ChartSpec } from './types';

let engine: SqlEngine;
const BIG = `CREATE TABLE big AS SELECT CAST(i AS DOUBLE) AS x, CAST((i * 7919) % 1000 AS DOUBLE) AS y,
  TIMESTAMP '2020-01-01' + to_minutes(i) AS ts, CAST(i % 3 AS VARCHAR) AS g FROM range(1000000) AS t(i)`;

beforeAll(async () => {
  engine = await engineWith(BIG);
});
afterAll(() => engine.terminate());

describe('a million rows', () => {
  it('comes back as a few thousand rows at most', async () => {
    const histogram = await runChart(engine, 'big', { kind: 'histogram', column: 'x', facet: 'g' });
    expect(histogram.rows).toHaveLength(90);
    expect(histogram.rows.reduce((sum, r) => sum + Number(r['count']), 0)).toBe(1_000_000);
    const line = await runChart(engine, 'big', {
      kind: 'line',
      time: 'ts',
      aggregate: 'mean',
      y: 'y',
      grain: 'day',
    });
    expect(line.rows.length).toBe(695); // 1,000,000 minutes from 2020-01-01 span 695 days
    const scatter = await runChart(engine, 'big', { kind: 'scatter', x: 'x', y: 'y' });
    expect(scatter.meta.binned).toBe(true);
    expect(scatter.rows.length).toBeLessThanOrEqual(1600);
    expect(scatter.rows.reduce((sum, r) => sum + Number(r['count']), 0)).toBe(1_000_000);
  });
});

describe('chooseGrain', () => {
  it('keeps the asked grain unless it gives more than 1,000 points', () => {
    const day = 86_400_000;
    expect(chooseGrain('day', 0, 500 * day)).toBe('day');
    expect(chooseGrain('day', 0, 2000 * day)).toBe('week');
    expect(chooseGrain('month', 0, 1_000_000 * day)).toBe('decade');
    expect(chooseGrain('week', null, null)).toBe('week');
  });
});

describe('parseChartSpec', () => {
  it('keeps known keys and rejects bad specs with invalid-document', () => {
    expect(parseChartSpec({ kind: 'histogram', column: ' v ', extra: 1 })).toEqual({
      kind: 'histogram',
      column: 'v',
    });
    const bad: unknown[] = [
      null,
      { kind: 'pie' },
      { kind: 'histogram', column: '' },
      { kind: 'histogram', column: 'v', bins: 0.5 },
      { kind: 'bar', x: 'a', aggregate: 'mean' },
      { kind: 'line', time: 't', aggregate: 'count', grain: 'hour' },
      { kind: 'heatmap', columns: 'a' },
    ];
    for (const raw of bad) {
      expect(() => parseChartSpec(raw), JSON.stringify(raw)).toThrow(AppError);
    }
    expect(() => parseChartSpec({ kind: 'histogram', column: 'v', bins: 0 })).toThrow(
      'This chart cannot be read: chart.bins is below 1.',
    );
  });
});

/** Rows as native DuckDB returns them, numbers rounded so both builds compare. */
function rounded(rows: readonly Record<string, unknown>[]): unknown[] {
  return rows.map((row) =>
    Object.fromEntries(
      Object.entries(row).map(([k, v]) => [
        k,
        typeof v === 'number' ? Number(v.toPrecision(12)) : (v ?? null),
      ]),
    ),
  );
}

describe('native DuckDB', () => {
  it('runs the same SQL unchanged and gives the same rows (@duckdb/node-api 1.5)', async () => {
    const setup = `${CHURN_SQL} CREATE TABLE nums AS SELECT CAST(i AS DOUBLE) AS v, CAST(i % 4 AS VARCHAR) AS g, DATE '2024-01-01' + CAST(i AS INTEGER) AS d FROM range(200) AS t(i);`;
    const wasm = await engineWith(setup);
    const instance = await DuckDBInstance.create(':memory:');
    const conn = await instance.connect();
    await conn.run(setup);
    const specs: [string, ChartSpec][] = [
      ['nums', { kind: 'histogram', column: 'v', bins: 7 }],
      ['nums', { kind: 'box', y: 'v', by: 'g' }],
      ['nums', { kind: 'line', time: 'd', aggregate: 'sum', y: 'v', grain: 'month' }],
      ['churn', { kind: 'target-grid', target: 'churn', positive: 'Yes' }],
    ];
    for (const [table, spec] of specs) {
      const data = await runChart(wasm, table, spec);
      const columns = (await conn.runAndReadAll(`DESCRIBE ${table}`)).getRowObjectsJS().map((r) => ({
        name: String(r['column_name']),
        type: String(r['column_type']),
      }));
      const query = chartQuery(spec, table, columns, {
        rowCount: data.meta.totalRows,
        positive: data.meta.positive,
      });
      const native = (await conn.runAndReadAll(query.sql)).getRowObjectsJS();
      expect(rounded(data.rows), spec.kind).toEqual(rounded(native));
      if (spec.kind === 'target-grid') {
        // The quantile-edge binning of large tables: same rows, on native DuckDB too.
        const edges = chartQuery(spec, table, columns, {
          rowCount: data.meta.totalRows,
          positive: data.meta.positive,
          edgeBinned: [{ name: 'tenure', rows: 7 }],
        });
        const binned = (await conn.runAndReadAll(edges.sql)).getRowObjectsJS();
        expect(rounded(binned), 'target-grid on edges').toEqual(rounded(native));
      }
    }
    await wasm.terminate();
  });
});
