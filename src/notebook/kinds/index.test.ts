import { describe, expect, it } from 'vitest';
import { CELL_KINDS, factsOf } from '.';
import type { NewCellContext } from './facts';
import { VIEW_ABOVE_BYTES } from '../source-types';
import type { CellKind, SourceFormat } from '../types';

const context: NewCellContext = { taken: new Set(['source_1', 'table_1']), above: [], task: null };

/** A config through JSON and back: what storage and a workspace file do to it. */
function storedAndRestored<K extends CellKind>(kind: K, warnings: string[]): unknown {
  const facts = factsOf(kind);
  const raw: unknown = JSON.parse(JSON.stringify(facts.defaults(context)));
  if (raw === null || typeof raw !== 'object') throw new Error('not an object');
  return facts.restore(Object.fromEntries(Object.entries(raw)), 'config', warnings);
}

describe('the kinds registry', () => {
  it.each(CELL_KINDS)('%s: a new config is restored as it was saved, without warnings', (kind) => {
    const warnings: string[] = [];
    expect(storedAndRestored(kind, warnings)).toEqual(factsOf(kind).defaults(context));
    expect(warnings).toEqual([]);
  });

  it.each(CELL_KINDS)('%s: a number where text belongs is refused as a corrupt document', (kind) => {
    const restore = () =>
      factsOf(kind).restore({ output: 7, input: 7, text: 7, sql: 7 }, 'cells[0].config', []);
    expect(restore).toThrow(/^This case cannot be opened: cells\[0\]\.config\.\w+ is not text\.$/);
    expect(restore).toThrow(expect.objectContaining({ code: 'invalid-document' }));
  });

  it('starts a train cell with models that fit the brief’s task (issue 19, item 10)', () => {
    const kinds = (task: NewCellContext['task']) =>
      factsOf('train')
        .defaults({ ...context, task })
        .models.map((m) => `${m.kind}/${'task' in m ? m.task : ''}`);
    expect(kinds('regression')).toEqual(['linear/', 'gbdt/regression']);
    expect(kinds('binary')).toEqual(['logistic/', 'gbdt/binary']);
    expect(kinds(null)).toEqual(['logistic/', 'gbdt/binary']);
  });

  it('names new tables apart from the ones taken', () => {
    expect(factsOf('source').defaults(context)).toMatchObject({ output: 'source_2' });
    expect(factsOf('sql').defaults(context)).toMatchObject({ output: 'table_2' });
  });

  it('makes a features cell time-aware when the brief above has a time column', () => {
    expect(factsOf('features').defaults({ ...context, timeColumn: 'date' }).split).toEqual({
      kind: 'time',
      column: 'date',
      cutoff: '',
    });
    expect(factsOf('features').defaults({ ...context, timeColumn: null }).split.kind).toBe('stratified');
  });

  it('points a new backtest at the last features table above', () => {
    const above = [
      { kind: 'features', output: 'first' },
      { kind: 'train', output: 'predictions' },
      { kind: 'features', output: 'second' },
    ];
    expect(factsOf('backtest').defaults({ ...context, above }).input).toBe('second');
  });

  it('says which kinds read the brief and which run', () => {
    expect(CELL_KINDS.filter((k) => factsOf(k).readsBrief)).toEqual([
      'features',
      'train',
      'evaluate',
      'explain',
      'abtest',
      'backtest',
      'monitor',
    ]);
    expect(CELL_KINDS.filter((k) => !factsOf(k).runs)).toEqual(['markdown']);
  });

  it('keeps a source in the table cache unless its file is a CSV read in place (a view)', () => {
    const file = { sha256: 'a'.repeat(64), name: 'f.csv', importedAt: '2026-01-01T00:00:00Z' } as const;
    const config = (format: SourceFormat, sizeBytes: number) => ({
      ...factsOf('source').defaults(context),
      file: { ...file, format, sizeBytes },
    });
    const cacheable = factsOf('source').cacheable;
    expect(cacheable(factsOf('source').defaults(context))).toBe(false);
    expect(cacheable(config('csv', VIEW_ABOVE_BYTES))).toBe(true);
    expect(cacheable(config('csv', VIEW_ABOVE_BYTES + 1))).toBe(false);
    expect(cacheable(config('csv', 2.5 * 1024 ** 3))).toBe(false);
    // Larger Parquet and JSON files are refused at import (data/inspect.ts), never read in place.
    expect(cacheable(config('parquet', VIEW_ABOVE_BYTES + 1))).toBe(true);
  });
});
