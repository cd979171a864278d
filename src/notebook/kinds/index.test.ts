import { describe, expect, it } from 'vitest';
import { CELL_KINDS, factsOf } from '.';
import type { CellKind } from '../types';

const context = { taken: new Set(['source_1', 'table_1']), above: [] };

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

  it('names new tables apart from the ones taken', () => {
    expect(factsOf('source').defaults(context)).toMatchObject({ output: 'source_2' });
    expect(factsOf('sql').defaults(context)).toMatchObject({ output: 'table_2' });
  });

  it('says which kinds read the brief and which run', () => {
    expect(CELL_KINDS.filter((k) => factsOf(k).readsBrief)).toEqual(['features', 'train', 'evaluate']);
    expect(CELL_KINDS.filter((k) => !factsOf(k).runs)).toEqual(['markdown']);
  });
});
