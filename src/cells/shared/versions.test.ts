import { describe, expect, it } from 'vitest';
import { parseOptionalNumber } from '../../ui/number-field';
import { VERSION_RULE } from './versions';

describe('a version number typed in a score or monitor cell', () => {
  it('reads whole numbers from 1 up, and nothing typed as none', () => {
    expect(parseOptionalNumber('1', VERSION_RULE)).toEqual({ value: 1 });
    expect(parseOptionalNumber(' 12 ', VERSION_RULE)).toEqual({ value: 12 });
    expect(parseOptionalNumber('  ', VERSION_RULE)).toEqual({ value: null });
  });

  it('refuses zero, negatives, fractions and text, saying what it wants', () => {
    for (const text of ['0', '-2', '1.5', 'v2', 'NaN', 'Infinity']) {
      expect(parseOptionalNumber(text, VERSION_RULE), text).toEqual({
        error: 'Must be a whole number at least 1, or left empty.',
      });
    }
  });
});
