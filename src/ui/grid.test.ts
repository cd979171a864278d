import { tableFromArrays } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { formatValue, pagesFor, tableToDisplayRows } from './grid';

describe('formatValue', () => {
  it('shows NULL, integers, floats and dates plainly', () => {
    expect(formatValue(null)).toBe('NULL');
    expect(formatValue(42)).toBe('42');
    expect(formatValue(0.1 + 0.2)).toBe('0.3');
    expect(formatValue(1e-7)).toBe('1.0000e-7');
    expect(formatValue(new Date(Date.UTC(2024, 0, 2)))).toBe('2024-01-02T00:00:00.000Z');
    expect(formatValue(10n)).toBe('10');
    expect(formatValue(Number.NaN)).toBe('NaN');
  });

  it('keeps markup as text', () => {
    expect(formatValue('<img src=x onerror=alert(1)>')).toBe('<img src=x onerror=alert(1)>');
  });
});

describe('pagesFor', () => {
  it('covers the visible rows and stops at the end of the table', () => {
    expect(pagesFor(0, 10, 100, 1000)).toEqual([0]);
    expect(pagesFor(95, 10, 100, 1000)).toEqual([0, 1]);
    expect(pagesFor(995, 20, 100, 1000)).toEqual([9]);
    expect(pagesFor(0, 10, 100, 0)).toEqual([]);
  });
});

describe('tableToDisplayRows', () => {
  it('turns an Arrow table into text rows with NULL flags', () => {
    const table = tableFromArrays({ a: Float64Array.from([1, 2.5]), b: ['x', 'y'] });
    expect(tableToDisplayRows(table)).toEqual([
      [
        { text: '1', isNull: false },
        { text: 'x', isNull: false },
      ],
      [
        { text: '2.5', isNull: false },
        { text: 'y', isNull: false },
      ],
    ]);
  });
});
