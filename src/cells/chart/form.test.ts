import { describe, expect, it } from 'vitest';
import type { ChartSpec } from '../../data/chart';
import { AppError } from '../../lib/errors';
import { emptyChartForm, formFromSpec, specFromForm } from './form';

const SPECS: ChartSpec[] = [
  { kind: 'histogram', column: 'price', bins: 20, log: true, facet: 'region', title: 'Prices' },
  { kind: 'bar', x: 'region', aggregate: 'mean', y: 'price', color: 'channel', topN: 5 },
  { kind: 'bar', x: 'region', aggregate: 'count' },
  { kind: 'box', y: 'price', by: 'region' },
  { kind: 'scatter', x: 'a', y: 'b', color: 'c' },
  { kind: 'line', time: 'day', aggregate: 'sum', y: 'units', grain: 'week' },
  { kind: 'heatmap' },
  { kind: 'target-rate', segment: 'plan', target: 'churn', positive: 'Yes', bins: 5 },
  { kind: 'target-grid', target: 'churn' },
];

describe('chart form', () => {
  it('gives back every spec it was filled from', () => {
    for (const spec of SPECS) expect(specFromForm(formFromSpec(spec))).toEqual(spec);
  });

  it('leaves out the fields of other kinds, and y for a count', () => {
    const form = {
      ...emptyChartForm('bar'),
      x: 'region',
      y: 'price',
      column: 'ignored',
      aggregate: 'count' as const,
    };
    expect(specFromForm(form)).toEqual({ kind: 'bar', x: 'region', aggregate: 'count' });
  });

  it('says which field is missing or wrong', () => {
    expect(() => specFromForm(emptyChartForm('histogram'))).toThrow(AppError);
    expect(() => specFromForm({ ...emptyChartForm('bar'), x: 'r', aggregate: 'mean' })).toThrow(
      /needs a column/,
    );
  });

  it('checks a typed count as a number field does, by the kind’s limits; empty is automatic', () => {
    const histogram = { ...emptyChartForm('histogram'), column: 'x' };
    expect(specFromForm({ ...histogram, bins: ' 40 ' })).toEqual({
      kind: 'histogram',
      column: 'x',
      bins: 40,
    });
    expect(specFromForm({ ...histogram, bins: '' })).toEqual({ kind: 'histogram', column: 'x' });
    for (const bins of ['many', '2.5', '0', '201', 'Infinity'])
      expect(() => specFromForm({ ...histogram, bins }), bins).toThrow(
        new AppError('bad-input', 'Bins must be a whole number from 1 to 200.'),
      );
    const segments = { ...emptyChartForm('target-rate'), segment: 's', target: 't' };
    expect(() => specFromForm({ ...segments, bins: '1' })).toThrow(
      'Bins must be a whole number from 2 to 50.',
    );
    const bars = { ...emptyChartForm('bar'), x: 'r' };
    expect(specFromForm({ ...bars, topN: '1e2' })).toMatchObject({ topN: 100 });
    expect(() => specFromForm({ ...bars, topN: '101' })).toThrow('Top must be a whole number from 1 to 100.');
  });
});
