import { describe, expect, it } from 'vitest';
import { parseNumber, parseOptionalNumber, ruleText } from './number-field';

describe('number field', () => {
  it('accepts numbers within the rule, spaces trimmed', () => {
    expect(parseNumber(' 12 ', { whole: true, min: 1, max: 200 })).toEqual({ value: 12 });
    expect(parseNumber('0.25', { above: 0, below: 1 })).toEqual({ value: 0.25 });
    expect(parseNumber('0', { whole: true, min: 0 })).toEqual({ value: 0 });
    expect(parseNumber('1e3', { whole: true, min: 100, max: 10_000 })).toEqual({ value: 1000 });
  });

  it('refuses blank, text, fractions and numbers out of bounds, saying what it wants', () => {
    const trials = { whole: true, min: 1, max: 200 };
    expect(parseNumber('', trials)).toEqual({ error: 'Must be a whole number from 1 to 200.' });
    expect(parseNumber('abc', trials)).toEqual({ error: 'Must be a whole number from 1 to 200.' });
    expect(parseNumber('2.5', trials)).toEqual({ error: 'Must be a whole number from 1 to 200.' });
    expect(parseNumber('201', trials)).toEqual({ error: 'Must be a whole number from 1 to 200.' });
    expect(parseNumber('Infinity', {})).toEqual({ error: 'Must be a number.' });
    expect(parseNumber('1', { above: 0, below: 1 })).toEqual({
      error: 'Must be a number above 0 and below 1.',
    });
    expect(parseNumber('-1', { whole: true, min: 0 })).toEqual({
      error: 'Must be a whole number at least 0.',
    });
  });

  it('writes large bounds with separators', () => {
    expect(ruleText({ whole: true, min: 0, max: 2 ** 31 })).toBe('a whole number from 0 to 2,147,483,648');
    expect(ruleText({ max: 5 })).toBe('a number at most 5');
  });

  it('reads an empty optional field as none, and refuses what does not fit, saying it may be empty', () => {
    const rows = { whole: true, min: 100 };
    expect(parseOptionalNumber('  ', rows)).toEqual({ value: null });
    expect(parseOptionalNumber('500', rows)).toEqual({ value: 500 });
    expect(parseOptionalNumber('50', rows)).toEqual({
      error: 'Must be a whole number at least 100, or left empty.',
    });
    expect(parseOptionalNumber('all', rows)).toEqual({
      error: 'Must be a whole number at least 100, or left empty.',
    });
  });
});
