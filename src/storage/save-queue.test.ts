import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppError } from '../lib/errors';
import { SaveQueue } from './save-queue';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('SaveQueue', () => {
  it('coalesces changes and saves the latest after the delay', async () => {
    const saved: number[] = [];
    const queue = new SaveQueue<number>(async (v) => void saved.push(v), {
      delayMs: 300,
      onError: () => undefined,
    });
    queue.schedule(1);
    queue.schedule(2);
    queue.schedule(3);
    expect(queue.pending).toBe(true);
    await vi.advanceTimersByTimeAsync(299);
    expect(saved).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(saved).toEqual([3]);
    expect(queue.pending).toBe(false);
  });

  it('saves within the longest wait even while changes never stop', async () => {
    const saved: number[] = [];
    const queue = new SaveQueue<number>(async (v) => void saved.push(v), {
      delayMs: 300,
      maxWaitMs: 1_000,
      onError: () => undefined,
    });
    // A change every 100 ms would push a plain debounce back forever.
    for (let i = 1; i <= 14; i++) {
      queue.schedule(i);
      await vi.advanceTimersByTimeAsync(100);
    }
    expect(saved.length).toBeGreaterThanOrEqual(1);
    expect(saved[0]).toBeLessThanOrEqual(14);
    await vi.advanceTimersByTimeAsync(300);
    expect(saved.at(-1)).toBe(14);
  });

  it('never runs two saves at once, and flush waits for the write', async () => {
    let running = 0;
    let maxRunning = 0;
    const saved: number[] = [];
    const queue = new SaveQueue<number>(
      async (v) => {
        running++;
        maxRunning = Math.max(maxRunning, running);
        await new Promise((r) => setTimeout(r, 50));
        saved.push(v);
        running--;
      },
      { delayMs: 10, onError: () => undefined },
    );
    queue.schedule(1);
    await vi.advanceTimersByTimeAsync(10);
    queue.schedule(2);
    const flushed = queue.flush();
    await vi.advanceTimersByTimeAsync(200);
    await flushed;
    expect(saved).toEqual([1, 2]);
    expect(maxRunning).toBe(1);
  });

  it('keeps a value whose save failed, reports it, and saves it on the next flush', async () => {
    const errors: AppError[] = [];
    const saved: string[] = [];
    let fail = true;
    const queue = new SaveQueue<string>(
      async (v) => {
        if (fail) throw Object.assign(new Error('full'), { name: 'QuotaExceededError' });
        saved.push(v);
      },
      { delayMs: 10, onError: (e) => errors.push(e) },
    );
    queue.schedule('draft');
    await queue.flush();
    expect(errors).toHaveLength(1);
    expect(queue.pending).toBe(true);
    fail = false;
    await queue.flush();
    expect(saved).toEqual(['draft']);
    expect(queue.pending).toBe(false);
  });

  it('prefers a newer value scheduled while a failing save was in flight', async () => {
    const saved: string[] = [];
    let calls = 0;
    const queue = new SaveQueue<string>(
      async (v) => {
        calls++;
        if (calls === 1) {
          queue.schedule('newer');
          throw new Error('boom');
        }
        saved.push(v);
      },
      { delayMs: 10, onError: () => undefined },
    );
    queue.schedule('older');
    await queue.flush();
    await queue.flush();
    expect(saved).toEqual(['newer']);
  });

  it('retries a failed save on a timer, backing off, until it succeeds; no new change is needed', async () => {
    const errors: AppError[] = [];
    const saved: string[] = [];
    let failuresLeft = 3;
    const queue = new SaveQueue<string>(
      async (v) => {
        if (failuresLeft > 0) {
          failuresLeft--;
          throw Object.assign(new Error('full'), { name: 'QuotaExceededError' });
        }
        saved.push(v);
      },
      { delayMs: 10, retryMs: 1_000, onError: (e) => errors.push(e) },
    );
    queue.schedule('draft');
    await vi.advanceTimersByTimeAsync(10);
    expect(errors.map((e) => e.code)).toEqual(['quota']);
    await vi.advanceTimersByTimeAsync(999);
    expect(errors).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(errors).toHaveLength(2);
    // Then after 2 s, then 4 s: the third retry succeeds.
    await vi.advanceTimersByTimeAsync(2_000);
    expect(errors).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(4_000);
    expect(saved).toEqual(['draft']);
    expect(queue.pending).toBe(false);
    await vi.advanceTimersByTimeAsync(120_000);
    expect(saved).toEqual(['draft']);
  });
});
