import { afterEach, describe, expect, it } from 'vitest';
import { measureRepeated } from './boot-marks';

describe('measureRepeated', () => {
  afterEach(() => performance.clearMeasures());

  it('keeps at most `keep` measures of one name on the timeline, and leaves other names alone', () => {
    performance.measure('casebook:other', { start: 0, end: 1 });
    for (let i = 0; i < 25; i++) measureRepeated('casebook:test-repeated', performance.now(), 10);
    const kept = performance.getEntriesByName('casebook:test-repeated', 'measure').length;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThanOrEqual(10);
    expect(performance.getEntriesByName('casebook:other', 'measure')).toHaveLength(1);
  });

  it('measures from the start given to now', () => {
    const start = performance.now() - 50;
    measureRepeated('casebook:test-span', start, 10);
    const [entry] = performance.getEntriesByName('casebook:test-span', 'measure');
    expect(entry?.startTime).toBe(start);
    expect(entry?.duration).toBeGreaterThanOrEqual(50);
  });
});
