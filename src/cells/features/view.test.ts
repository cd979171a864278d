import { describe, expect, it } from 'vitest';
import type { FeatureAssist } from '../../data/features';
import {
  datePartsFor,
  defaultEncoding,
  encodingsFor,
  parseOrder,
  splitKindHint,
  splitOfKind,
  untimedSplitRisk,
  strengthText,
  suggestedFeatures,
  timeFeatureOf,
  warningsOf,
} from './view';

const assist: FeatureAssist = {
  target: 'Churn',
  positive: 'Yes',
  rows: 100,
  columns: [
    {
      column: 'tenure',
      type: 'BIGINT',
      role: 'numeric',
      missingRate: 0,
      distinct: 70,
      measure: 'auc',
      value: 0.26,
      strength: 0.74,
    },
  ],
  warnings: [
    { column: 'customerID', kind: 'id-like', severity: 'medium', message: 'ID' },
    { column: 'refund', kind: 'predicts-alone', severity: 'high', message: 'leak' },
    { column: 'tenure', kind: 'post-outcome-name', severity: 'low', message: 'low one' },
    { column: 'tenure', kind: 'predicts-alone', severity: 'medium', message: 'medium one' },
  ],
};

describe('features view helpers', () => {
  it('offers the encodings that fit a DuckDB type, the usual one first', () => {
    expect(encodingsFor('DOUBLE')[0]).toBe('numeric');
    expect(encodingsFor('DECIMAL(10,2)')[0]).toBe('numeric');
    expect(encodingsFor('BOOLEAN')[0]).toBe('boolean');
    expect(encodingsFor('TIMESTAMP WITH TIME ZONE')).toEqual(['date-parts']);
    expect(encodingsFor('VARCHAR')).toEqual(['one-hot', 'ordinal']);
    expect(defaultEncoding({ name: 'tenure', type: 'BIGINT' })).toMatchObject({
      encoding: 'numeric',
      impute: 'mean',
      standardise: true,
    });
  });

  it('suggests every column but the excluded ones and those a high warning rules out', () => {
    const columns = [
      { name: 'customerID', type: 'VARCHAR' },
      { name: 'tenure', type: 'BIGINT' },
      { name: 'refund', type: 'DOUBLE' },
      { name: 'Churn', type: 'VARCHAR' },
      { name: '__row_id', type: 'BIGINT' },
    ];
    expect(suggestedFeatures(columns, ['Churn'], assist).map((f) => f.column)).toEqual(['tenure']);
    expect(suggestedFeatures(columns, ['Churn'], null).map((f) => f.column)).toEqual([
      'customerID',
      'tenure',
      'refund',
    ]);
  });

  it('lists a column’s warnings worst first', () => {
    expect(warningsOf(assist, 'tenure').map((w) => w.severity)).toEqual(['medium', 'low']);
    expect(warningsOf(null, 'tenure')).toEqual([]);
  });

  it('keeps share and seed when the split kind changes', () => {
    const from = { kind: 'stratified', validationShare: 0.3, seed: 7 } as const;
    expect(splitOfKind('group', from, [{ name: 'region', type: 'VARCHAR' }])).toEqual({
      kind: 'group',
      column: 'region',
      validationShare: 0.3,
      seed: 7,
    });
    expect(splitOfKind('time', from, [])).toEqual({ kind: 'time', column: '', cutoff: '' });
    expect(splitOfKind('random', { kind: 'time', column: 'd', cutoff: '2024-01-01' }, [])).toEqual({
      kind: 'random',
      validationShare: 0.2,
      seed: 42,
    });
  });

  it('a column split starts from a column named like a side ("split", "set", "is_test"…)', () => {
    const from = { kind: 'stratified', validationShare: 0.3, seed: 7 } as const;
    const cols = (...names: string[]) => names.map((name) => ({ name, type: 'VARCHAR' }));
    expect(splitOfKind('column', from, cols('id', 'Set', 'y'))).toEqual({ kind: 'column', column: 'Set' });
    expect(splitOfKind('column', from, cols('id', 'is_test'))).toEqual({ kind: 'column', column: 'is_test' });
    expect(splitOfKind('column', from, cols('id', 'settlement'))).toEqual({ kind: 'column', column: 'id' });
    expect(
      splitOfKind('column', { kind: 'group', column: 'g', validationShare: 0.2, seed: 1 }, cols('a')),
    ).toEqual({
      kind: 'column',
      column: 'a',
    });
  });

  it('states what a column split reads and how a number target is stratified', () => {
    expect(splitKindHint('column', 'binary')).toContain(
      'train, validation or test (in any case), or 0 = train and 1 = validation (false/true alike); test rows are left out of the features table',
    );
    expect(splitKindHint('stratified', 'regression')).toContain('quantile bins');
    expect(splitKindHint('stratified', 'binary')).toBe('');
    expect(untimedSplitRisk('column', 'date')).toBeNull();
  });

  it('formats strength and parses an ordinal order', () => {
    expect(strengthText(assist.columns[0] ?? null)).toBe('AUC 0.26');
    expect(strengthText(null)).toBe('–');
    expect(parseOrder(' low, medium ,, high ')).toEqual(['low', 'medium', 'high']);
  });
});

describe("the brief's time column as features", () => {
  it('gives month and weekday with sin/cos, the hour of a timestamp, never the year or the raw time', () => {
    expect(timeFeatureOf({ name: 'day', type: 'DATE' })).toEqual({
      encoding: 'date-parts',
      column: 'day',
      parts: ['month', 'dow'],
      cyclic: true,
    });
    expect(timeFeatureOf({ name: 'at', type: 'TIMESTAMP WITH TIME ZONE' })?.parts).toEqual([
      'month',
      'dow',
      'hour',
    ]);
    expect(timeFeatureOf({ name: 'at', type: 'VARCHAR' })).toBeNull();
    expect(timeFeatureOf({ name: 'at', type: 'TIME' })).toBeNull();
    expect(datePartsFor('DATE')).toEqual(['year', 'month', 'dow', 'day', 'doy']);
    expect(datePartsFor('TIMESTAMP')).toContain('hour');
  });

  it('is suggested by its parts; a time column without dates is not suggested at all', () => {
    const columns = [
      { name: 'date', type: 'DATE' },
      { name: 'tenure', type: 'BIGINT' },
    ];
    expect(suggestedFeatures(columns, [], null, 'date')).toEqual([
      { encoding: 'date-parts', column: 'date', parts: ['month', 'dow'], cyclic: true },
      defaultEncoding({ name: 'tenure', type: 'BIGINT' }),
    ]);
    const text = [{ name: 'date', type: 'VARCHAR' }, ...columns.slice(1)];
    expect(suggestedFeatures(text, [], null, 'date').map((f) => f.column)).toEqual(['tenure']);
  });
});

describe('untimedSplitRisk', () => {
  it("asks to confirm a split that ignores the brief's time column, and says why", () => {
    const risk = untimedSplitRisk('random', 'date');
    expect(risk).toContain('"date"');
    expect(risk).toContain('trains on rows later than some it is validated on');
    expect(untimedSplitRisk('stratified', 'date')).toContain('A stratified split');
    expect(untimedSplitRisk('group', 'date')).toContain('A split by group');
  });
  it('has nothing to confirm for a time split or a brief without time', () => {
    expect(untimedSplitRisk('time', 'date')).toBeNull();
    expect(untimedSplitRisk('random', null)).toBeNull();
    expect(untimedSplitRisk('random', '  ')).toBeNull();
  });
});
