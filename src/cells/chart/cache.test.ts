import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqlEngine } from '../../data/engine';
import { engineWith } from '../../data/chart/test-helpers';
import type { ChartSpec } from '../../data/chart';
import { cellOf, testContext } from '../testing';
import { chartCache } from './cache';
import { runChart } from './run';

/*
 * A chart's data kept in the table cache (IndexedDB clones it) reads back as the run gave it,
 * for kinds with outliers, a time grain, colours and facets; data that does not read as a
 * chart's, or a chart of another kind than the cell's, is refused: the cell runs.
 */

let engine: SqlEngine;
beforeAll(async () => {
  engine = await engineWith(`
    CREATE TABLE t AS SELECT range AS id, DATE '2024-01-01' + CAST(range AS INTEGER) AS day,
      ['a', 'b', 'c'][1 + range % 3] AS plan, CASE WHEN range % 11 = 0 THEN NULL ELSE (range * 37) % 101 END AS minutes,
      CASE WHEN range % 7 = 0 THEN 1000.0 ELSE range % 13 END AS spend, range % 4 = 0 AS churned FROM range(400)`);
}, 60_000);
afterAll(() => engine.terminate());

const SPECS: readonly ChartSpec[] = [
  { kind: 'histogram', column: 'minutes', bins: 8 },
  { kind: 'box', y: 'spend', by: 'plan' },
  { kind: 'line', time: 'day', aggregate: 'mean', y: 'minutes', grain: 'week' },
  { kind: 'target-rate', segment: 'minutes', target: 'churned', bins: 4, facet: 'plan' },
  { kind: 'heatmap' },
];

describe('the chart kept in the table cache', () => {
  it('reads back equal to the run, for every kind of data', async () => {
    for (const spec of SPECS) {
      const cell = cellOf('chart', { input: 't', spec });
      const out = await runChart(testContext(engine, null), cell);
      expect(out.data.rows.length, spec.kind).toBeGreaterThan(0);
      expect(chartCache.restore(structuredClone(chartCache.keep(out)), cell), spec.kind).toEqual(out);
    }
  });

  it('is refused when it does not read as a chart’s data, or is of another kind than the cell’s chart', async () => {
    const cell = cellOf('chart', { input: 't', spec: { kind: 'box', y: 'spend', by: 'plan' } });
    const out = await runChart(testContext(engine, null), cell);
    const kept = structuredClone(chartCache.keep(out));
    expect(out.data.outliers.length).toBeGreaterThan(0);
    for (const raw of [
      null,
      { ...out.data, rows: [{ x: [1] }] },
      { ...out.data, meta: { ...out.data.meta, units: { x: 'furlongs', y: 'number' } } },
      { ...out.data, kind: 'pie' },
    ])
      expect(chartCache.restore(raw, cell)).toBeNull();
    expect(
      chartCache.restore(kept, { ...cell, config: { input: 't', spec: { kind: 'heatmap' } } }),
    ).toBeNull();
    expect(chartCache.restore(kept, { ...cell, config: { input: 't', spec: null } })).toBeNull();
  });
});
