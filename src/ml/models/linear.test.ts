import { describe, expect, it } from 'vitest';
import { fitLinear, predictLinear } from './linear';

const m = (rows: number[][]) => ({
  data: Float32Array.from(rows.flat()),
  rows: rows.length,
  cols: rows[0]?.length ?? 0,
});

describe('linear regression', () => {
  it('recovers an exact linear relation', () => {
    const rows = [
      [1, 2],
      [2, 0],
      [3, 5],
      [4, 1],
      [0, 3],
    ];
    const y = Float32Array.from(rows, ([a = 0, b = 0]) => 2 * a - 3 * b + 5);
    const model = fitLinear(m(rows), y);
    expect(model.coef[0]).toBeCloseTo(2, 6);
    expect(model.coef[1]).toBeCloseTo(-3, 6);
    expect(model.intercept).toBeCloseTo(5, 6);
    expect(model.warnings).toEqual([]);
    expect(predictLinear(model, m([[10, 10]]))[0]).toBeCloseTo(-5, 5);
  });

  it('matches scikit-learn 1.2.1 Ridge(alpha=2)', () => {
    const x = m([
      [1, 2],
      [2, 0.5],
      [3, -1],
      [0, 1],
      [-1, -2],
      [2, 2],
      [0.5, 0.5],
    ]);
    const model = fitLinear(x, Float32Array.from([1, 3, 2, 5, 4, 6, 7]), { alpha: 2 });
    expect(model.coef[0]).toBeCloseTo(-0.46786129858040487, 6);
    expect(model.coef[1]).toBeCloseTo(0.22480800558529213, 6);
    expect(model.intercept).toBeCloseTo(4.404933674656737, 6);
  });

  it('gives a constant column coefficient 0 and says so', () => {
    const model = fitLinear(
      m([
        [1, 7],
        [2, 7],
        [3, 7],
      ]),
      Float32Array.from([2, 4, 6]),
      { featureNames: ['a', 'k'] },
    );
    expect(model.coef[0]).toBeCloseTo(2, 9);
    expect(model.coef[1]).toBe(0);
    expect(model.intercept).toBeCloseTo(0, 6);
    expect(model.warnings.join(' ')).toMatch(/Constant.*k/);
  });

  it('splits a duplicated column evenly (minimum norm) instead of blowing up', () => {
    const model = fitLinear(
      m([
        [1, 1],
        [2, 2],
        [3, 3],
        [5, 5],
      ]),
      Float32Array.from([2, 4, 6, 10]),
    );
    expect(model.coef[0]).toBeCloseTo(1, 6);
    expect(model.coef[1]).toBeCloseTo(1, 6);
    expect(model.rank).toBe(1);
    expect(model.warnings.join(' ')).toMatch(/collinear.*minimum-norm/);
  });

  it("with more features than rows returns numpy lstsq's answer (scikit-learn 1.2.1 LinearRegression)", () => {
    const model = fitLinear(
      m([
        [1, 2, 3, 4],
        [2, 1, 0, 1],
        [0, 1, 1, 0],
      ]),
      Float32Array.from([1, 2, 3]),
    );
    const expected = [-0.3103448275862061, -0.0689655172413792, -0.01724137931034392, -0.3965517241379316];
    expected.forEach((c, j) => expect(model.coef[j]).toBeCloseTo(c, 6));
    expect(model.intercept).toBeCloseTo(3.086206896551723, 6);
    expect(model.warnings.join(' ')).toMatch(/4 features for 3 rows/);
  });

  it('refuses missing values and asks to impute', () => {
    expect(() => fitLinear(m([[1], [NaN]]), Float32Array.from([1, 2]))).toThrow(/impute/);
  });
});
