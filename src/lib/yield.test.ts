import { afterEach, describe, expect, it, vi } from 'vitest';
import { timeSlicer } from './yield';

describe('timeSlicer', () => {
  afterEach(() => vi.restoreAllMocks());

  it('is due once its slice has run, and a pause yields, calls `after` and starts a new slice', async () => {
    let now = 1_000;
    vi.spyOn(performance, 'now').mockImplementation(() => now);
    const after = vi.fn();
    const slicer = timeSlicer(30, after);
    now += 29;
    expect(slicer.due()).toBe(false);
    now += 1;
    expect(slicer.due()).toBe(true);
    await slicer.pause();
    expect(after).toHaveBeenCalledTimes(1);
    expect(slicer.due()).toBe(false);
  });

  it('a pause rejects with what `after` throws (a cancel)', async () => {
    const slicer = timeSlicer(30, () => {
      throw new Error('cancelled');
    });
    await expect(slicer.pause()).rejects.toThrow('cancelled');
  });
});
