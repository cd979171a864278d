import { describe, expect, it } from 'vitest';
import { EditHistory } from './history';
import { asCaseId } from './ids';
import { createCase, renameCase } from './ops';

const base = createCase(asCaseId('c1'), 'A', '2026-01-01T00:00:00Z');
const titled = (title: string) => renameCase(base, title, '2026-01-01T00:00:01Z');

describe('EditHistory', () => {
  it('steps back and forth through edits', () => {
    const h = new EditHistory();
    expect(h.canUndo).toBe(false);
    const b = titled('B');
    h.record(base, null, 0);
    const c = titled('C');
    h.record(b, null, 10);
    expect(h.undo(c)?.title).toBe('B');
    expect(h.undo(b)?.title).toBe('A');
    expect(h.undo(base)).toBeNull();
    expect(h.canRedo).toBe(true);
    expect(h.redo(base)?.title).toBe('B');
    expect(h.redo(b)?.title).toBe('C');
    expect(h.redo(c)).toBeNull();
    expect(h.undo(c)?.title).toBe('B');
  });

  it('makes one step of edits to the same part close in time, and two of the same part apart', () => {
    const h = new EditHistory({ coalesceMs: 1_000 });
    h.record(base, 'title', 0);
    h.record(titled('Ab'), 'title', 500);
    h.record(titled('Abc'), 'title', 1_400);
    // Three keystrokes within a second of each other: one step, back to before the first.
    expect(h.undo(titled('Abcd'))?.title).toBe('A');
    expect(h.canUndo).toBe(false);

    const g = new EditHistory({ coalesceMs: 1_000 });
    g.record(base, 'title', 0);
    g.record(titled('Ab'), 'title', 2_000);
    expect(g.undo(titled('Abc'))?.title).toBe('Ab');
    // A different part never merges, whatever the timing.
    const k = new EditHistory({ coalesceMs: 1_000 });
    k.record(base, 'cell:a', 0);
    k.record(titled('B'), 'cell:b', 1);
    expect(k.undo(titled('C'))?.title).toBe('B');
  });

  it('a new edit ends the redo; redo never coalesces with what follows', () => {
    const h = new EditHistory();
    h.record(base, 'title', 0);
    const b = titled('B');
    expect(h.undo(b)?.title).toBe('A');
    h.record(base, 'title', 5);
    expect(h.canRedo).toBe(false);
    expect(h.redo(titled('X'))).toBeNull();
  });

  it('keeps at most `limit` steps, dropping the oldest', () => {
    const h = new EditHistory({ limit: 3 });
    for (let i = 0; i < 5; i++) h.record(titled(`T${i}`), null, i);
    expect(h.undo(titled('now'))?.title).toBe('T4');
    expect(h.undo(titled('T4'))?.title).toBe('T3');
    expect(h.undo(titled('T3'))?.title).toBe('T2');
    expect(h.undo(titled('T2'))).toBeNull();
  });
});
