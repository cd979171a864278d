import { describe, expect, it } from 'vitest';
import { parseArtifactModel } from './run-validate';

// The network's early-stopping holdout (MlpHoldout, workers/training/mlp.ts) must survive a reload
// as the GBDT's does (artifact-parse): it says which rows chose the epoch.
const network = {
  kind: 'mlp',
  spec: {
    kind: 'mlp',
    task: 'multiclass',
    hidden: [],
    activation: 'relu',
    dropout: 0,
    learningRate: 0.01,
    batchSize: 32,
    epochs: 5,
    patience: 2,
    l2: 0,
    seed: 1,
  },
  inputs: 2,
  layers: [{ units: 3, kernel: [1, 2, 3, 4, 5, 6], bias: [0, 0, 0] }],
};
const holdout = { fraction: 0.1, seed: 1, stratified: true, trainRows: 90, validationRows: 10 };

describe('a stored network', () => {
  it('keeps its early-stopping holdout', () => {
    expect(parseArtifactModel({ ...network, holdout }, 'model')).toEqual({ ...network, holdout });
    expect(parseArtifactModel({ ...network, holdout: null }, 'model')).toEqual({ ...network, holdout: null });
  });

  it('reads networks stored before the holdout, and names a bad one', () => {
    expect(parseArtifactModel(network, 'model')).toEqual(network);
    expect(() =>
      parseArtifactModel({ ...network, holdout: { ...holdout, stratified: 'yes' } }, 'model'),
    ).toThrow(/model\.holdout\.stratified is not true or false/);
  });
});
