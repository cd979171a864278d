import { describe, expect, it } from 'vitest';
import { modelFromJson, modelToJson, parseModel } from './artifact';
import { fitGbdt } from './gbdt';
import { syntheticClassification } from './testing';

describe('GBDT artifacts', () => {
  it('keep the early-stopping holdout through JSON; models stored before it read as null', async () => {
    const { x, y } = syntheticClassification(600, 3, 4);
    const stopped = await fitGbdt(x, y, { task: 'classification', maxIter: 30, earlyStopping: {}, seed: 5 });
    expect(stopped.holdout).toMatchObject({ fraction: 0.1, seed: 5, stratified: true });
    expect(modelFromJson(modelToJson(stopped))).toEqual(stopped);
    const { holdout: _dropped, ...before } = await fitGbdt(x, y, { task: 'classification', maxIter: 3 });
    expect(parseModel(before)).toMatchObject({ kind: 'gbdt', holdout: null });
    expect(() => parseModel({ ...stopped, holdout: { fraction: 0.1 } })).toThrow(/model.holdout.seed/);
  });
});
