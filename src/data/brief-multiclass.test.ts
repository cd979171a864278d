import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../notebook/ops';
import type { BriefConfig } from '../notebook/types';
import { summarizeTarget } from './brief';
import { briefCostMatrix, classOrder } from './brief-multiclass';
import type { SqlEngine } from './engine';
import { createNodeEngine } from './testing/node-engine';

// Known answers counted by hand on the tables below.
let engine: SqlEngine;
beforeAll(async () => {
  engine = await createNodeEngine();
  await engine.exec(`
    CREATE TABLE p AS SELECT * FROM (VALUES
      ('Adelie'), ('Adelie'), ('Adelie'), ('Gentoo'), ('Gentoo'), ('Chinstrap'), (NULL)
    ) AS v(species);
    CREATE TABLE one AS SELECT 'a' AS y FROM range(3);
    CREATE TABLE two AS SELECT CAST(i % 2 AS VARCHAR) AS y FROM range(6) AS r(i);
    CREATE TABLE wide AS SELECT 'c' || (i % 60) AS y FROM range(300) AS r(i);
  `);
});
afterAll(() => engine.terminate());

const brief = (patch: Partial<BriefConfig>): BriefConfig => ({
  ...defaultConfig('brief', new Set()),
  task: 'multiclass',
  metric: 'macro_f1',
  ...patch,
});

describe('summarizeTarget, multiclass', () => {
  it('counts the classes, sorts them for the cost matrix and values the majority class', async () => {
    const s = await summarizeTarget(engine, brief({ input: 'p', target: 'species' }));
    if (s.task !== 'multiclass') throw new Error('multiclass expected');
    expect(s.rows).toBe(7);
    expect(s.missing).toBe(1);
    expect(s.classes).toEqual([
      { value: 'Adelie', count: 3 },
      { value: 'Gentoo', count: 2 },
      { value: 'Chinstrap', count: 1 },
    ]);
    expect(s.order).toEqual(['Adelie', 'Chinstrap', 'Gentoo']);
    // Default matrix: the cost is the error count; 3 of 6 are not Adelie → 500 per 1,000.
    expect(s.baseline).toEqual({
      label: 'majority class (Adelie)',
      majority: 'Adelie',
      accuracy: 0.5,
      costPer1000: 500,
    });
  });

  it("values the majority class under the brief's cost matrix", async () => {
    // Rows true Adelie, Chinstrap, Gentoo; predicting Adelie costs 0, 10 and 4.
    const costs = [
      [0, 1, 1],
      [10, 0, 1],
      [4, 1, 0],
    ];
    const s = await summarizeTarget(engine, brief({ input: 'p', target: 'species', costs }));
    if (s.task !== 'multiclass') throw new Error('multiclass expected');
    expect(s.baseline.costPer1000).toBeCloseTo(((1 * 10 + 2 * 4) / 6) * 1000, 9);
  });

  it('refuses one class, two classes and more than 50 (with the largest shown)', async () => {
    await expect(summarizeTarget(engine, brief({ input: 'one', target: 'y' }))).rejects.toThrow(
      /one class \(a\)/,
    );
    await expect(summarizeTarget(engine, brief({ input: 'two', target: 'y' }))).rejects.toThrow(
      /binary task/,
    );
    await expect(summarizeTarget(engine, brief({ input: 'wide', target: 'y' }))).rejects.toThrow(
      /60 classes; a multiclass model takes at most 50\. Group the rare ones in a clean cell .*The largest: c0 \(5\)/,
    );
  });

  it('names a missing or non-numeric cost matrix cell', async () => {
    const costs = [
      [0, 1, 1],
      [1, null, 1],
      [1, 1, 0],
    ];
    await expect(summarizeTarget(engine, brief({ input: 'p', target: 'species', costs }))).rejects.toThrow(
      /no number for true class Chinstrap, predicted Chinstrap .*Fix it in the Brief cell/,
    );
    expect(() => briefCostMatrix(brief({ costs: [[0, 1]] }), ['a', 'b', 'c'])).toThrow(/one row per class/);
  });

  it('refuses a rule as the baseline of a multiclass brief', async () => {
    await expect(
      summarizeTarget(
        engine,
        brief({ input: 'p', target: 'species', baseline: { kind: 'rule', sql: 'true' } }),
      ),
    ).rejects.toThrow(/majority class/);
  });

  it('sorts classes by code point, as classesOf does', () => {
    expect(classOrder(['b', 'B', 'a', '10', '9'])).toEqual(['10', '9', 'B', 'a', 'b']);
  });
});
