import { describe, expect, it } from 'vitest';
import {
  better,
  defaultSearch,
  fieldsOf,
  fieldText,
  kindsFor,
  metricText,
  parseField,
  parseValues,
  searchableParams,
} from './form';
import { defaultModelSpec } from '../../notebook/model-types';

const field = (kind: Parameters<typeof fieldsOf>[0], key: string) => {
  const f = fieldsOf(kind).find((x) => x.key === key);
  if (!f) throw new Error(`no field ${key}`);
  return f;
};

describe('train form', () => {
  it('offers the models of the task', () => {
    expect(kindsFor('binary')).toContain('logistic');
    expect(kindsFor('binary')).not.toContain('linear');
    expect(kindsFor('regression')).toContain('linear');
    expect(kindsFor('regression')).not.toContain('logistic');
  });

  it('parses each field type and refuses what the worker would', () => {
    expect(parseField(field('logistic', 'C'), '0.5')).toEqual({ value: 0.5 });
    expect(parseField(field('logistic', 'C'), '0')).toEqual({
      error: 'The C (inverse regularisation) must be above 0.',
    });
    expect(parseField(field('gbdt', 'maxIter'), '2.5')).toMatchObject({
      error: expect.stringContaining('whole number'),
    });
    expect(parseField(field('gbdt', 'maxDepth'), '')).toEqual({ value: null });
    expect(parseField(field('gbdt', 'maxDepth'), '0')).toMatchObject({
      error: expect.stringContaining('at least 1'),
    });
    expect(parseField(field('mlp', 'hidden'), '64, 32')).toEqual({ value: [64, 32] });
    expect(parseField(field('mlp', 'hidden'), '')).toEqual({ value: [] });
    expect(parseField(field('mlp', 'hidden'), '64, x')).toMatchObject({
      error: expect.stringContaining('whole numbers'),
    });
    expect(parseField(field('mlp', 'dropout'), '0.95')).toMatchObject({
      error: expect.stringContaining('at most 0.9'),
    });
    expect(parseField(field('mlp', 'activation'), 'tanh')).toEqual({ value: 'tanh' });
    expect(parseField(field('gbdt', 'earlyStopping'), 'true')).toEqual({ value: true });
    expect(parseField(field('tree', 'seed'), '-1')).toMatchObject({
      error: expect.stringContaining('at least 0'),
    });
    expect(parseField(field('logistic', 'C'), 'abc')).toMatchObject({
      error: expect.stringContaining('a number'),
    });
  });

  it('shows a spec’s values as input text', () => {
    const mlp = defaultModelSpec('mlp', 'binary', 7);
    expect(fieldText(mlp, field('mlp', 'hidden'))).toBe('32');
    expect(fieldText(mlp, field('mlp', 'seed'))).toBe('7');
    expect(fieldText(defaultModelSpec('gbdt', 'binary', 1), field('gbdt', 'maxDepth'))).toBe('');
  });

  it('searches only numeric parameters, with presets that are valid', () => {
    expect(searchableParams('gbdt')).not.toContain('earlyStopping');
    expect(searchableParams('mlp')).not.toContain('hidden');
    for (const kind of ['logistic', 'linear', 'tree', 'gbdt', 'mlp'] as const) {
      const search = defaultSearch(kind);
      expect(search.params.length).toBeGreaterThan(0);
      for (const p of search.params) expect(searchableParams(kind)).toContain(p.name);
    }
  });

  it('compares metrics in their direction, a missing value never better', () => {
    expect(better('roc_auc', 0.8, 0.7)).toBe(true);
    expect(better('log_loss', 0.3, 0.4)).toBe(true);
    expect(better('rmse', 5, 4)).toBe(false);
    expect(better('roc_auc', null, 0.5)).toBe(false);
    expect(better('roc_auc', 0.5, null)).toBe(true);
    expect(better('roc_auc', Number.NaN, 0.1)).toBe(false);
  });

  it('parses value lists and formats metrics', () => {
    expect(parseValues('0.01, 0.1,1')).toEqual([0.01, 0.1, 1]);
    expect(parseValues('')).toBeNull();
    expect(parseValues('1, two')).toBeNull();
    expect(metricText(0.84567)).toBe('0.846');
    expect(metricText(null)).toBe('–');
    expect(metricText(12345.6)).toBe('12,346');
  });
});
