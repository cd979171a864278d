import { describe, expect, it } from 'vitest';
import { asCellId } from '../../notebook/ids';
import { initialChoice, moveItem, settingsOf, toggleItem } from './choice';

const [a, b, c] = [asCellId('a'), asCellId('b'), asCellId('c')];

describe('report checklist', () => {
  it('ticks every cell that can go in, in document order, when nothing was chosen yet', () => {
    expect(initialChoice([a, b, c], undefined)).toEqual([
      { id: a, included: true },
      { id: b, included: true },
      { id: c, included: true },
    ]);
  });

  it('keeps the saved order, drops cells that cannot go in, and offers new ones unticked', () => {
    const items = initialChoice([a, b, c], { summary: '', cells: [c, asCellId('gone'), a] });
    expect(items).toEqual([
      { id: c, included: true },
      { id: a, included: true },
      { id: b, included: false },
    ]);
  });

  it('moves, toggles and saves the ticked cells in order', () => {
    let items = initialChoice([a, b, c], undefined);
    items = moveItem(items, 2, -1);
    expect(items.map((i) => i.id)).toEqual([a, c, b]);
    expect(moveItem(items, 0, -1)).toEqual(items);
    items = toggleItem(items, 0);
    expect(settingsOf(items, 'Sum')).toEqual({ summary: 'Sum', cells: [c, b] });
  });
});
