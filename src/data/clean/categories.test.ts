import { beforeAll, describe, expect, it } from 'vitest';
import type { SqlEngine } from '../engine';
import { categoryCandidates, mergeMapping } from './categories';
import { compileSteps } from './compile';
import { column, textRows, wasmEngine } from './test-helpers';
import { toStep } from './types';

const values = (spec: Record<string, number>): string =>
  Object.entries(spec)
    .map(([value, n]) => `SELECT ${value === 'NULL' ? 'NULL' : `'${value}'`} AS "the city" FROM range(${n})`)
    .join(' UNION ALL ');

const SETUP = `
CREATE TABLE c AS ${values({ Paris: 50, paris: 3, ' Paris  ': 2, Pariss: 1, London: 40, Londn: 2, Male: 10, Female: 12, 'Plan 1': 5, 'Plan 2': 5, NULL: 4 })};
CREATE TABLE ids AS SELECT 'id-' || i AS "the city" FROM range(2000) AS r(i);
CREATE TABLE empty AS SELECT * FROM c WHERE false;
`;

let engine: SqlEngine;
beforeAll(async () => {
  engine = await wasmEngine(SETUP);
});

describe('categoryCandidates', () => {
  it('groups case/space variants and close spellings, most frequent as canonical', async () => {
    const result = await categoryCandidates(engine, 'c', 'the city');
    expect(result.distinctValues).toBe(10);
    expect(result.truncated).toBe(false);
    expect(result.groups).toEqual([
      {
        values: [
          { value: 'Paris', count: 50 },
          { value: 'paris', count: 3 },
          { value: ' Paris  ', count: 2 },
          { value: 'Pariss', count: 1 },
        ],
        canonical: 'Paris',
        total: 56,
        reason: 'spelling',
      },
      {
        values: [
          { value: 'London', count: 40 },
          { value: 'Londn', count: 2 },
        ],
        canonical: 'London',
        total: 42,
        reason: 'spelling',
      },
    ]);
  });

  it('without edits, only case and whitespace variants', async () => {
    const result = await categoryCandidates(engine, 'c', 'the city', { maxDistance: 0 });
    expect(result.groups.map((g) => [g.canonical, g.reason, g.values.length])).toEqual([
      ['Paris', 'format', 3],
    ]);
  });

  it('the confirmed groups become a merge-categories step', async () => {
    const { groups } = await categoryCandidates(engine, 'c', 'the city');
    const mapping = mergeMapping(groups);
    expect(mapping).toEqual({ paris: 'Paris', ' Paris  ': 'Paris', Pariss: 'Paris', Londn: 'London' });
    const { sql } = compileSteps(
      'c',
      [{ name: 'the city', type: 'VARCHAR' }],
      [toStep({ recipe: 'merge-categories', column: 'the city', mapping }, 'm')],
    );
    const cities = column(
      await textRows(engine, `SELECT DISTINCT "the city" FROM (${sql}) ORDER BY ALL`),
      'the city',
    );
    expect(cities).toEqual(['Female', 'London', 'Male', 'Paris', 'Plan 1', 'Plan 2', null]);
  });

  it('compares only the most frequent values, and says so', async () => {
    const result = await categoryCandidates(engine, 'ids', 'the city', { limit: 100 });
    expect(result).toMatchObject({ distinctValues: 2000, truncated: true });
    // "id-10" and "id-11" differ in their digits: never the same category.
    expect(result.groups).toEqual([]);
  });

  it('an empty table has no candidates', async () => {
    expect(await categoryCandidates(engine, 'empty', 'the city')).toEqual({
      groups: [],
      distinctValues: 0,
      truncated: false,
    });
  });
});
