import { describe, expect, it } from 'vitest';
import { mlpShapeProblem, predictMlp, type MlpModel } from './mlp';

/* The forward pass by hand on a 2-2-1 network; tfjs itself is compared in workers/training/mlp-predict.test.ts. */

const NET: MlpModel = {
  kind: 'mlp',
  inputs: 2,
  spec: { task: 'binary', activation: 'relu' },
  layers: [
    // h0 = relu(x0 − x1 + 0.5), h1 = relu(2·x1 − 1)
    { units: 2, kernel: [1, 0, -1, 2], bias: [0.5, -1] },
    { units: 1, kernel: [1, -1], bias: [0.25] },
  ],
};

const rows = (values: number[]) => ({ data: Float32Array.from(values), rows: values.length / 2, cols: 2 });

describe('predictMlp', () => {
  it('computes relu layers and a sigmoid output as written out by hand', () => {
    const [a, b] = predictMlp(NET, rows([1, 0, 0, 2]));
    // Row 1: h = (1.5, 0) → z = 1.75. Row 2: h = (0, 3) → z = −2.75.
    expect(a).toBeCloseTo(1 / (1 + Math.exp(-1.75)), 15);
    expect(b).toBeCloseTo(1 / (1 + Math.exp(2.75)), 15);
  });

  it('computes tanh layers and a linear output for regression', () => {
    const net: MlpModel = { ...NET, spec: { task: 'regression', activation: 'tanh' } };
    const [z] = predictMlp(net, rows([1, 0]));
    expect(z).toBeCloseTo(Math.tanh(1.5) - Math.tanh(-1) + 0.25, 15);
  });

  it('gives k softmax probabilities per row for a k-unit output layer', () => {
    const net: MlpModel = {
      ...NET,
      layers: [NET.layers[0]!, { units: 3, kernel: [1, 0, -1, 0, 2, 1], bias: [0, 0.5, -0.5] }],
    };
    const p = predictMlp(net, rows([1, 0, 0, 2]));
    expect(p).toHaveLength(6);
    // Row 1: h = (1.5, 0) → z = (1.5, 0.5, −2). Row 2: h = (0, 3) → z = (0, 6.5, 2.5).
    const softmax = (z: number[]) => z.map((v) => Math.exp(v) / z.reduce((s, w) => s + Math.exp(w), 0));
    [...softmax([1.5, 0.5, -2]), ...softmax([0, 6.5, 2.5])].forEach((want, i) =>
      expect(p[i]).toBeCloseTo(want, 14),
    );
  });

  it('keeps a NaN input NaN instead of scoring it', () => {
    expect(Number.isNaN(predictMlp(NET, rows([NaN, 0]))[0])).toBe(true);
  });

  it('refuses a network whose shapes do not chain, and data of the wrong width', () => {
    const broken: MlpModel = { ...NET, layers: [NET.layers[0]!, { units: 1, kernel: [1], bias: [0] }] };
    expect(mlpShapeProblem(broken)).toMatch(/layers\[1\].kernel should hold 2 × 1/);
    expect(() => predictMlp(broken, rows([1, 2]))).toThrow(/cannot be used/);
    expect(mlpShapeProblem({ ...NET, layers: [NET.layers[0]!] })).toMatch(/one unit/);
    expect(() => predictMlp(NET, { data: new Float32Array(3), rows: 1, cols: 3 })).toThrow(
      /expects 2 features/,
    );
  });
});
