import { describe, expect, it } from 'vitest';
import { binaryLoss, multinomialLoss } from './logistic-loss';
import { normalSampler } from './testing';
import type { DenseMatrix } from './types';

// The fused, four-rows-at-a-time objectives against their definition, written out row by row,
// and their gradients against central differences. 43 rows: a block tail of 3.
const N = 43;
const D = 5;
const normal = normalSampler(17);
const x: DenseMatrix = { data: Float32Array.from({ length: N * D }, normal), rows: N, cols: D };
const invC = 1 / 0.7;

function binaryDefinition(beta: Float64Array, y: Float32Array): number {
  let f = 0;
  for (let i = 0; i < N; i++) {
    let z = beta[D] ?? 0;
    for (let j = 0; j < D; j++) z += (beta[j] ?? 0) * (x.data[i * D + j] ?? 0);
    f += Math.log(1 + Math.exp(z)) - (y[i] ?? 0) * z;
  }
  for (let j = 0; j < D; j++) f += 0.5 * invC * (beta[j] ?? 0) ** 2;
  return f;
}

function softmaxDefinition(beta: Float64Array, y: Float32Array, k: number): number {
  let f = 0;
  for (let i = 0; i < N; i++) {
    const z = Array.from({ length: k }, (_, c) => {
      let s = beta[c * (D + 1) + D] ?? 0;
      for (let j = 0; j < D; j++) s += (beta[c * (D + 1) + j] ?? 0) * (x.data[i * D + j] ?? 0);
      return s;
    });
    f += Math.log(z.reduce((s, v) => s + Math.exp(v), 0)) - (z[y[i] ?? 0] ?? 0);
  }
  for (let c = 0; c < k; c++) for (let j = 0; j < D; j++) f += 0.5 * invC * (beta[c * (D + 1) + j] ?? 0) ** 2;
  return f;
}

function checkGradient(
  f: (b: Float64Array, g: Float64Array) => number,
  definition: (b: Float64Array) => number,
  size: number,
) {
  const beta = Float64Array.from({ length: size }, () => 0.3 * normal());
  const gradient = new Float64Array(size);
  expect(Math.abs(f(beta, gradient) - definition(beta))).toBeLessThan(1e-11);
  for (let j = 0; j < size; j++) {
    const h = 1e-6;
    const up = Float64Array.from(beta);
    const down = Float64Array.from(beta);
    up[j] = (up[j] ?? 0) + h;
    down[j] = (down[j] ?? 0) - h;
    expect(Math.abs((definition(up) - definition(down)) / (2 * h) - (gradient[j] ?? NaN))).toBeLessThan(1e-6);
  }
}

describe('logistic objectives', () => {
  it('binary: value and gradient', () => {
    const y = Float32Array.from({ length: N }, (_, i) => (i % 3 === 0 ? 1 : 0));
    checkGradient(
      (b, g) => binaryLoss(x, y, invC, b, g),
      (b) => binaryDefinition(b, y),
      D + 1,
    );
  });

  it('multinomial (4 classes): value and gradient', () => {
    const y = Float32Array.from({ length: N }, (_, i) => i % 4);
    checkGradient(
      (b, g) => multinomialLoss(x, y, 4, invC, b, g),
      (b) => softmaxDefinition(b, y, 4),
      4 * (D + 1),
    );
  });
});
