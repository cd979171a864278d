import { describe, expect, it } from 'vitest';
import { baselineMajorityClass, fitBaseline } from './baseline';
import { predict } from './artifact';
import { rocAuc } from './testing';

const x = { data: new Float32Array(8), rows: 4, cols: 2 };

describe('baseline', () => {
  it('scores every row with the positive rate, so its AUC is 0.5', () => {
    const y = Float32Array.from([1, 0, 0, 0]);
    const model = fitBaseline(x, y, { task: 'classification' });
    expect(model.value).toBe(0.25);
    expect(Array.from(predict(model, x))).toEqual([0.25, 0.25, 0.25, 0.25]);
    expect(rocAuc(y, predict(model, x))).toBe(0.5);
    expect(baselineMajorityClass(model)).toBe(0);
  });

  it('predicts the training mean for regression', () => {
    const model = fitBaseline(x, Float32Array.from([1, 2, 3, 6]), { task: 'regression' });
    expect(model.value).toBe(3);
  });

  it('refuses a single class, a NaN target and zero rows', () => {
    expect(() => fitBaseline(x, new Float32Array(4), { task: 'classification' })).toThrow(/only one class/);
    expect(() => fitBaseline(x, Float32Array.from([1, NaN, 0, 1]), { task: 'regression' })).toThrow(/row 2/);
    const empty = { data: new Float32Array(0), rows: 0, cols: 2 };
    expect(() => fitBaseline(empty, new Float32Array(0), { task: 'regression' })).toThrow(/no rows/);
  });
});
