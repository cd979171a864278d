import { describe, expect, it } from 'vitest';
import { CELL_KINDS, factsOf } from '../notebook/kinds';
import { cellKindOrder, cellUnits, isOutputOf, statusOf } from './registry';
import { cellOf } from './testing';

/*
 * The type checker refuses a registry without a kind of src/notebook/kinds (`satisfies` over
 * CellKind); this checks the same at run time, and what the registry's helpers decide.
 */

describe('the cells registry', () => {
  it('has a unit for every kind of the notebook, and offers each once in the "add cell" menu', () => {
    expect(Object.keys(cellUnits).sort()).toEqual([...CELL_KINDS].sort());
    expect([...cellKindOrder].sort()).toEqual([...CELL_KINDS].sort());
    expect(cellKindOrder[0]).toBe('brief');
    expect(cellKindOrder.at(-1)).toBe('markdown');
  });

  it('keeps the tables of exactly the kinds whose facts call them cacheable (issue 21)', () => {
    const context = { taken: new Set<string>(), above: [], task: null };
    const cacheable = CELL_KINDS.filter((kind) => {
      const facts = factsOf(kind);
      return facts.cacheable(facts.defaults(context));
    });
    expect(cacheable).toEqual(['sql', 'profile', 'clean', 'chart', 'features', 'evaluate', 'monitor']); // a source without a file keeps nothing
    const withCache = CELL_KINDS.filter((kind) => cellUnits[kind].cache !== null);
    expect(withCache.sort()).toEqual([
      'chart',
      'clean',
      'evaluate',
      'features',
      'monitor',
      'profile',
      'source',
      'sql',
    ]);
  });

  it('gives every kind a label and a description for the menu', () => {
    for (const kind of CELL_KINDS) {
      expect(cellUnits[kind].label, kind).not.toBe('');
      expect(cellUnits[kind].description, kind).not.toBe('');
    }
  });

  it('tells whose an output is by its kind, and never gives a cell another kind’s output', () => {
    const output = { kind: 'markdown' } as const;
    expect(isOutputOf('markdown', output)).toBe(true);
    expect(isOutputOf('sql', output)).toBe(false);
    const sql = cellOf('sql', { sql: 'SELECT 1', output: 't', materialize: 'table' });
    expect(statusOf(sql, { state: 'done', output, durationMs: 1 })).toEqual({ state: 'idle' });
    expect(statusOf(sql, { state: 'queued' })).toEqual({ state: 'queued' });
  });
});
