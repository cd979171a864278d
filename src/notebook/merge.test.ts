import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { asCellId } from './ids';
import { applyConflict, mergeCases, same } from './merge';
import { addCell, deleteCell, moveCell, renameCase, updateConfig } from './ops';
import { LATER, sampleCase, sqlCell } from './test-helpers';
import type { Case } from './types';

const T1 = '2026-01-02T05:00:00.000Z';
const sql = (c: Case, id: string, text: string, at = LATER): Case =>
  updateConfig(c, asCellId(id), 'sql', { sql: text }, at);

describe('mergeCases', () => {
  it('keeps edits to different cells from both tabs', () => {
    const base = sampleCase();
    const mine = sql(base, 'q1', 'SELECT 1 AS mine');
    const theirs = sql(base, 'q2', 'SELECT 2 AS theirs', T1);
    const { merged, conflicts } = mergeCases(base, mine, theirs);
    expect(conflicts).toEqual([]);
    expect(merged.cells.map((c) => (c.kind === 'sql' ? c.config.sql : c.kind))).toEqual([
      'source',
      'SELECT 1 AS mine',
      'SELECT 2 AS theirs',
      'markdown',
    ]);
    expect(merged.updatedAt).toBe(T1);
  });

  it('keeps the other tab’s version of a cell both changed, and mine as a conflict to apply', () => {
    const base = sampleCase();
    const mine = renameCase(sql(base, 'q1', 'SELECT 1 AS mine'), 'Mine', LATER);
    const theirs = renameCase(sql(base, 'q1', 'SELECT 1 AS theirs', T1), 'Theirs', T1);
    const { merged, conflicts } = mergeCases(base, mine, theirs);
    expect(merged.title).toBe('Theirs');
    expect(merged.cells[1]).toMatchObject({ config: { sql: 'SELECT 1 AS theirs' } });
    expect(conflicts).toEqual([
      { part: 'title', mine: 'Mine' },
      { part: 'cell', cellId: 'q1', mine: mine.cells[1] },
    ]);
  });

  it('adds the cells each tab added, near where they were added, and keeps an edited cell the other deleted', () => {
    const base = sampleCase();
    const mine = addCell(base, sqlCell('n1', 'mine_new', 'SELECT 1', []), 1, LATER);
    const theirs = deleteCell(
      addCell(sql(base, 'q2', 'SELECT 2', T1), sqlCell('n2', 'their_new', 'SELECT 2', []), 4, T1),
      asCellId('m1'),
      T1,
    );
    const edited = sql(mine, 'q2', 'SELECT 3');
    const { merged, conflicts } = mergeCases(base, edited, theirs);
    expect(merged.cells.map((c) => c.id)).toEqual(['s1', 'n1', 'q1', 'q2', 'n2']);
    expect(conflicts).toHaveLength(1);
    // Markdown m1 was deleted there and untouched here: deleted.
    const editedDeleted = updateConfig(base, asCellId('m1'), 'markdown', { text: 'kept' }, LATER);
    expect(mergeCases(base, editedDeleted, theirs).merged.cells.map((c) => c.id)).toContain('m1');
  });

  it('follows the side that moved cells', () => {
    const base = sampleCase();
    const mine = moveCell(base, asCellId('m1'), 0, LATER);
    const theirs = sql(base, 'q1', 'SELECT 9', T1);
    expect(mergeCases(base, mine, theirs).merged.cells.map((c) => c.id)).toEqual(['m1', 's1', 'q1', 'q2']);
  });

  it('property: edits to disjoint cells always both survive, with no conflict', () => {
    const base = sampleCase();
    const ids = ['q1', 'q2'] as const;
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.boolean(), (a, b, swap) => {
        const [mineId, theirId] = swap ? [ids[1], ids[0]] : ids;
        const mine = sql(base, mineId, `-- ${a}`);
        const theirs = sql(base, theirId, `-- ${b}`, T1);
        const { merged, conflicts } = mergeCases(base, mine, theirs);
        const text = (id: string) => {
          const cell = merged.cells.find((c) => c.id === id);
          return cell?.kind === 'sql' ? cell.config.sql : null;
        };
        return conflicts.length === 0 && text(mineId) === `-- ${a}` && text(theirId) === `-- ${b}`;
      }),
    );
  });

  it('same: deep equality whatever the key order', () => {
    expect(same({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 })).toBe(true);
    expect(same({ a: 1 }, { a: 1, b: undefined })).toBe(true);
    expect(same([1, 2], [2, 1])).toBe(false);
  });
});

describe('applyConflict', () => {
  it('puts back my side of each conflict over the merged case, and re-adds a cell the other tab deleted', () => {
    const base = sampleCase();
    const mine = renameCase(sql(base, 'q1', 'SELECT 1 AS mine'), 'Mine', LATER);
    const theirs = renameCase(
      deleteCell(sql(base, 'q1', 'SELECT 1 AS theirs', T1), asCellId('m1'), T1),
      'Theirs',
      T1,
    );
    const { merged, conflicts } = mergeCases(base, mine, theirs);
    const applied = conflicts.reduce((c, conflict) => applyConflict(c, conflict, T1), merged);
    expect(applied.title).toBe('Mine');
    expect(applied.cells.find((c) => c.id === 'q1')).toEqual(mine.cells[1]);
    const note = base.cells.find((c) => c.id === 'm1');
    if (!note) throw new Error('the sample has a markdown cell m1');
    const gone = applyConflict(theirs, { part: 'cell', cellId: note.id, mine: note }, T1);
    expect(gone.cells.map((c) => c.id)).toEqual(['s1', 'q1', 'q2', 'm1']);
    const reported: Case = { ...theirs, report: { summary: 'theirs', cells: null } };
    expect(applyConflict(reported, { part: 'report', mine: undefined }, T1)).not.toHaveProperty('report');
  });
});
