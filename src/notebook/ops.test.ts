import { describe, expect, it } from 'vitest';
import { asCaseId, asCellId } from './ids';
import {
  addCell,
  blankCell,
  createCase,
  deleteCell,
  duplicateCase,
  findCell,
  moveCell,
  newCell,
  outputsOf,
  renameCase,
  setReads,
  uniqueName,
  updateConfig,
} from './ops';
import { LATER, NOW, idSequence, sampleCase } from './test-helpers';

describe('case operations', () => {
  it('creates a case with a cleaned title, and renames it', () => {
    const c = createCase(asCaseId('x'), '  ', NOW);
    expect(c).toMatchObject({
      title: 'Untitled case',
      cells: [],
      createdAt: NOW,
      updatedAt: NOW,
      schemaVersion: 1,
    });
    const renamed = renameCase(c, ' Pricing ', LATER);
    expect(renamed.title).toBe('Pricing');
    expect(renamed.updatedAt).toBe(LATER);
    expect(c.title).toBe('Untitled case');
  });

  it('duplicates a case with fresh cell ids and leaves the original alone', () => {
    const c = sampleCase();
    const copy = duplicateCase(c, asCaseId('case-2'), LATER, idSequence('n'));
    expect(copy.title).toBe('Copy of Churn');
    expect(copy.cells.map((cell) => cell.id)).toEqual(['n1', 'n2', 'n3', 'n4']);
    expect(copy.cells.map((cell) => cell.kind)).toEqual(c.cells.map((cell) => cell.kind));
    expect(copy.createdAt).toBe(LATER);
    expect(c.cells[0]?.id).toBe('s1');
  });
});

describe('cell operations', () => {
  it('gives new cells unique default outputs, case-insensitively', () => {
    expect(uniqueName('table', new Set(['TABLE_1', 'table_2']))).toBe('table_3');
    const c = sampleCase();
    const sql = newCell('sql', asCellId('q9'), outputsOf(c));
    expect(sql.config).toEqual({ sql: 'SELECT 1', output: 'table_1', materialize: 'table' });
    const source = blankCell('source', asCellId('s9'), new Set(['source_1']));
    expect(source.kind === 'source' && source.config.output).toBe('source_2');
    expect(blankCell('markdown', asCellId('m9'), new Set()).config).toEqual({ text: '' });
  });

  it('adds at a clamped index, moves, and deletes', () => {
    let c = sampleCase();
    const extra = newCell('markdown', asCellId('m2'), new Set());
    c = addCell(c, extra, 99, LATER);
    expect(c.cells.at(-1)?.id).toBe('m2');
    c = addCell(c, newCell('markdown', asCellId('m3'), new Set()), -5, LATER);
    expect(c.cells[0]?.id).toBe('m3');
    c = moveCell(c, asCellId('m3'), 2, LATER);
    expect(c.cells.map((cell) => cell.id)).toEqual(['s1', 'q1', 'm3', 'q2', 'm1', 'm2']);
    c = moveCell(c, asCellId('m3'), 100, LATER);
    expect(c.cells.at(-1)?.id).toBe('m3');
    c = deleteCell(c, asCellId('q1'), LATER);
    expect(findCell(c, asCellId('q1'))).toBeUndefined();
    expect(c.updatedAt).toBe(LATER);
  });

  it('updates the config of a cell of the right kind and refuses another kind', () => {
    const c = sampleCase();
    const updated = updateConfig(c, asCellId('q1'), 'sql', { materialize: 'view' }, LATER);
    expect(findCell(updated, asCellId('q1'))).toMatchObject({
      config: { materialize: 'view', output: 'active' },
    });
    expect(findCell(c, asCellId('q1'))).toMatchObject({ config: { materialize: 'table' } });
    expect(() => updateConfig(c, asCellId('q1'), 'markdown', { text: 'x' }, LATER)).toThrow(
      /not a markdown cell/,
    );
    expect(() => deleteCell(c, asCellId('nope'), LATER)).toThrow(/No cell nope/);
  });

  it('records the tables a cell reads, without duplicates', () => {
    const c = setReads(sampleCase(), asCellId('q2'), ['active', 'customers', 'active'], LATER);
    expect(findCell(c, asCellId('q2'))?.reads).toEqual(['active', 'customers']);
  });
});
