import { describe, expect, it, vi } from 'vitest';
import { awaitDrawingTurn } from './draw-queue';

describe('awaitDrawingTurn', () => {
  it('gives each chart a task of its own, in the order asked, never at once', async () => {
    const order: string[] = [];
    // What had run by the end of the first turn's task (its microtasks included).
    let seenInFirstTask: string[] = [];
    awaitDrawingTurn(() => {
      order.push('a');
      queueMicrotask(() => void (seenInFirstTask = [...order]));
    });
    awaitDrawingTurn(() => order.push('b'));
    awaitDrawingTurn(() => order.push('c'));
    expect(order).toEqual([]);
    await vi.waitFor(() => expect(order).toEqual(['a', 'b', 'c']));
    expect(seenInFirstTask).toEqual(['a']);
  });

  it('a turn given up before it came is never called; the others still come', async () => {
    const order: string[] = [];
    awaitDrawingTurn(() => order.push('a'));
    const giveUp = awaitDrawingTurn(() => order.push('b'));
    awaitDrawingTurn(() => order.push('c'));
    giveUp();
    await vi.waitFor(() => expect(order).toEqual(['a', 'c']));
  });
});
