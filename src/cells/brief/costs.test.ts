import { describe, expect, it } from 'vitest';
import { costCell, withCost } from './costs';

describe('cost matrix editing', () => {
  it('shows the default when none is stored, and stores what was typed', () => {
    expect(costCell(null, 0, 0)).toBe('0');
    expect(costCell(null, 0, 2)).toBe('1');
    const edited = withCost(null, 3, 1, 2, '7.5');
    expect(edited).toEqual([
      [0, 1, 1],
      [1, 0, 7.5],
      [1, 1, 0],
    ]);
    expect(costCell(edited, 1, 2)).toBe('7.5');
  });

  it('stores an emptied or non-numeric cell as null, for the brief to name', () => {
    const emptied = withCost(null, 3, 0, 1, ' ');
    expect(emptied[0]).toEqual([0, null, 1]);
    expect(costCell(emptied, 0, 1)).toBe('');
    expect(withCost(emptied, 3, 2, 0, 'abc')[2]).toEqual([null, 1, 0]);
  });

  it('starts again from the default when the class count changed', () => {
    expect(withCost([[0, 5]], 3, 0, 0, '2')).toEqual([
      [2, 1, 1],
      [1, 0, 1],
      [1, 1, 0],
    ]);
  });
});
