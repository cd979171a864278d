import { describe, expect, it } from 'vitest';
import type { FeatureEncoding } from '../../notebook/feature-types';
import {
  encodingsOfColumn,
  excludedColumns,
  featureRows,
  inputTables,
  patchedEncoding,
  percentText,
  startingEncoding,
  timeColumnInfo,
  withFeature,
} from './form';

const columns = [
  { name: 'tenure', type: 'INTEGER' },
  { name: 'plan', type: 'VARCHAR' },
  { name: 'signed', type: 'TIMESTAMP' },
  { name: 'churn', type: 'VARCHAR' },
  { name: 'side', type: 'VARCHAR' },
];
const random = { kind: 'random', validationShare: 0.2, seed: 42 } as const;

describe('features form', () => {
  it('reads every table but its own output and the hidden ones', () => {
    expect(inputTables(['telco', '__runs', 'features', 'clean'], 'features')).toEqual(['clean', 'telco']);
  });

  it('keeps the target, a time column without dates and the side column out of the rows', () => {
    expect(excludedColumns('churn', 'signed', true, random)).toEqual(['churn']);
    expect(excludedColumns('churn', 'signed', false, random)).toEqual(['churn', 'signed']);
    expect(excludedColumns('', null, false, { kind: 'column', column: 'side' })).toEqual(['side']);
  });

  it('finds the time column only when it holds dates', () => {
    expect(timeColumnInfo(columns, 'signed')?.name).toBe('signed');
    expect(timeColumnInfo(columns, 'plan')).toBeNull();
    expect(timeColumnInfo(columns, null)).toBeNull();
  });

  it('lists the input columns, then chosen ones the input lost', () => {
    const features: FeatureEncoding[] = [
      { encoding: 'boolean', column: 'gone_col' },
      { encoding: 'numeric', column: 'tenure' },
    ];
    expect(featureRows(columns, ['churn', 'side'], features)).toEqual([
      { name: 'tenure', type: 'INTEGER', gone: false },
      { name: 'plan', type: 'VARCHAR', gone: false },
      { name: 'signed', type: 'TIMESTAMP', gone: false },
      { name: 'gone_col', type: '?', gone: true },
    ]);
  });

  it('adds, replaces and removes a feature, keeping the order of the rows', () => {
    const rows = [{ name: 'tenure' }, { name: 'plan' }, { name: 'signed' }];
    const plan: FeatureEncoding = { encoding: 'ordinal', column: 'plan', order: [] };
    const tenure: FeatureEncoding = { encoding: 'boolean', column: 'tenure' };
    const added = withFeature([plan], rows, 'tenure', tenure);
    expect(added.map((f) => f.column)).toEqual(['tenure', 'plan']);
    const replaced = withFeature(added, rows, 'plan', { ...plan, order: ['a'] });
    expect(replaced[1]).toEqual({ encoding: 'ordinal', column: 'plan', order: ['a'] });
    expect(withFeature(replaced, rows, 'tenure', null)).toEqual([{ ...plan, order: ['a'] }]);
  });

  it('starts a ticked column from its usual encoding, the time column from its seasonal parts', () => {
    const [tenure, plan, signed] = columns;
    if (!tenure || !plan || !signed) throw new Error('columns');
    expect(startingEncoding(tenure, 'signed').encoding).toBe('numeric');
    expect(startingEncoding(plan, 'signed').encoding).toBe('one-hot');
    expect(startingEncoding(signed, 'signed')).toEqual({
      encoding: 'date-parts',
      column: 'signed',
      parts: ['month', 'dow', 'hour'],
      cyclic: true,
    });
    expect(encodingsOfColumn(signed, 'signed')).toEqual(['date-parts']);
    expect(encodingsOfColumn(tenure, 'signed')).toEqual(['numeric', 'bucket', 'one-hot']);
  });

  it('forgets what was fitted when an option changes', () => {
    const fitted: FeatureEncoding = {
      encoding: 'bucket',
      column: 'tenure',
      bins: 5,
      method: 'quantile',
      fitted: { edges: [1, 2] },
    };
    expect(patchedEncoding(fitted, { bins: 4 })).toEqual({
      encoding: 'bucket',
      column: 'tenure',
      bins: 4,
      method: 'quantile',
    });
  });

  it('formats missing rates', () => {
    expect(percentText(0)).toBe('0%');
    expect(percentText(0.004)).toBe('0.4%');
    expect(percentText(0.125)).toBe('13%');
    expect(percentText(1)).toBe('100%');
  });
});
