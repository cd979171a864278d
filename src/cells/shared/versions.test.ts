import { describe, expect, it } from 'vitest';
import { parseVersion } from './versions';

describe('parseVersion: a version number typed in a score or monitor cell', () => {
  it('reads whole numbers from 1 up', () => {
    expect(parseVersion('1')).toBe(1);
    expect(parseVersion('12')).toBe(12);
  });

  it('is null for nothing typed, zero, negatives, fractions and text', () => {
    for (const text of ['', '  ', '0', '-2', '1.5', 'v2', 'NaN', 'Infinity']) {
      expect(parseVersion(text), text).toBeNull();
    }
  });
});
