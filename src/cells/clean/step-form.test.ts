import { describe, expect, it } from 'vitest';
import type { CategoryGroup } from '../../data/clean';
import { dateGuessNote, readsOneColumn, shownValue, withGroup, withoutValue } from './step-form';

const group: CategoryGroup = {
  values: [
    { value: 'Yes', count: 10 },
    { value: 'yes ', count: 3 },
    { value: '__proto__', count: 1 },
  ],
  canonical: 'Yes',
  total: 14,
  reason: 'format',
};

describe('clean step form', () => {
  it('asks for a column only for the one-column recipes', () => {
    expect(readsOneColumn('cast')).toBe(true);
    expect(readsOneColumn('rename')).toBe(true);
    expect(readsOneColumn('dedupe')).toBe(false);
    expect(readsOneColumn('sql')).toBe(false);
    expect(readsOneColumn('drop-columns')).toBe(false);
  });

  it('says how much a detected date format parses, and which other format parses as many', () => {
    expect(dateGuessNote({ format: '%d/%m/%Y', share: 0.9876, alsoMatches: [] })).toBe(
      '98.8% of the distinct values parse.',
    );
    expect(dateGuessNote({ format: '%d/%m/%Y', share: 1, alsoMatches: ['%m/%d/%Y'] })).toBe(
      '100.0% of the distinct values parse; %m/%d/%Y parses as many: check the order of day and month.',
    );
    expect(dateGuessNote({ format: null, share: 0, alsoMatches: [] })).toBe(
      'No known date format matches these values: write the format yourself.',
    );
  });

  it('merges a group into its canonical value and takes it back, other values kept', () => {
    const merged = withGroup({ No: 'no' }, group, true);
    expect(Object.entries(merged)).toEqual([
      ['No', 'no'],
      ['yes ', 'Yes'],
      ['__proto__', 'Yes'],
    ]);
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
    expect(withGroup(merged, group, false)).toEqual({ No: 'no' });
  });

  it('drops one replacement and shows values with their quotes', () => {
    expect(withoutValue({ a: 'A', b: 'B' }, 'a')).toEqual({ b: 'B' });
    expect(shownValue(' x ')).toBe('" x "');
  });
});
