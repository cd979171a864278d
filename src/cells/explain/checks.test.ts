import { describe, expect, it } from 'vitest';
import type { PartialDependence } from '../../ml/explain';
import { explain, explainConfigSchema } from '../../notebook/kinds/explain';
import { parseAt } from '../../notebook/schema';
import type { ExplainConfig } from '../../notebook/types';
import {
  chosenFeatureProblem,
  chosenRowProblem,
  featuresProblem,
  fingerprintProblem,
  rowsProblem,
  runProblem,
} from './checks';
import { pdpFeature } from './parts';
import { extremes, partsOf } from './run';
import { pdpLines } from './view';

/* The explain cell's pure parts: its config, its checks, the parts it asks for, centring. */

const config = (overrides: Partial<ExplainConfig> = {}): ExplainConfig => ({
  ...explain.defaults({ taken: new Set(), above: [{ kind: 'train', output: 'preds' }], task: null }),
  ...overrides,
});

describe('the explain config', () => {
  it('reads the predictions of the train cell above, five repeats, seed 42', () => {
    expect(config()).toMatchObject({
      input: 'preds',
      run: null,
      repeats: 5,
      seed: 42,
      grouped: true,
      rows: [],
    });
  });

  it('refuses a repeat count an interval cannot use, and a pair of three', () => {
    expect(() => parseAt(explainConfigSchema, { repeats: 1 }, 'config')).toThrow(
      /config\.repeats is below 2/,
    );
    expect(() => parseAt(explainConfigSchema, { pair: ['a', 'b', 'c'] }, 'config')).toThrow(/config\.pair/);
    expect(parseAt(explainConfigSchema, { rows: [3, 3, 5] }, 'config').rows).toEqual([3, 5]);
  });

  it('leaves view settings out of the fingerprint: toggling them does not make the cell stale', () => {
    expect(explain.fingerprint(config({ grouped: false, centred: true }))).toEqual(
      explain.fingerprint(config()),
    );
    expect(explain.fingerprint(config({ seed: 1 }))).not.toEqual(explain.fingerprint(config()));
  });
});

describe('the parts asked for', () => {
  it('defaults to the most important feature and the highest-scored row', () => {
    expect(partsOf(config(), 'Contract', 17)).toEqual([
      { kind: 'pdp', feature: 'Contract', seed: 42 },
      { kind: 'local', rowId: 17, seed: 42 },
    ]);
  });

  it('takes the chosen features, pair and rows instead', () => {
    const parts = partsOf(
      config({ pdp: ['tenure'], pair: ['tenure', 'Contract'], rows: [4, 9] }),
      'Contract',
      17,
    );
    expect(parts.map((p) => p.kind)).toEqual(['pdp', 'pdp2d', 'local', 'local']);
  });

  it('lists the ten highest and lowest scores, ties by row id', () => {
    const ids = Float64Array.from({ length: 30 }, (_, i) => i + 1);
    const scores = Array.from(ids, (id) => (id % 3) / 10);
    const { highest, lowest } = extremes(ids, scores, new Float64Array(30));
    expect(highest.map((r) => r.rowId).slice(0, 3)).toEqual([2, 5, 8]);
    expect(lowest.map((r) => r.rowId).slice(0, 3)).toEqual([30, 27, 24]);
    expect(highest).toHaveLength(10);
  });
});

describe('features and rows', () => {
  const groups = [
    { name: 'Contract', columns: [0, 1], oneHot: true, levels: ['Monthly', 'Yearly'] },
    { name: 'tenure', columns: [2], oneHot: false, levels: null },
  ];
  const names = ['Contract_Monthly', 'Contract_Yearly', 'tenure'];

  it('sets a one-hot source column level by level, a number on its column', () => {
    expect(pdpFeature('Contract', groups, names)).toEqual({
      kind: 'levels',
      name: 'Contract',
      columns: [0, 1],
      levelNames: ['Monthly', 'Yearly'],
    });
    expect(pdpFeature('tenure', groups, names)).toEqual({ kind: 'numeric', column: 2, name: 'tenure' });
    expect(pdpFeature('Contract_Yearly', groups, names)).toEqual({
      kind: 'numeric',
      column: 1,
      name: 'Contract_Yearly',
    });
  });

  it('says which chosen feature or row is not there', () => {
    expect(chosenFeatureProblem('Contract', groups, names)).toBeNull();
    expect(chosenFeatureProblem('Contract_Yearly', groups, names)).toBeNull();
    expect(chosenFeatureProblem('region', groups, names)?.message).toMatch(/"region" is not a feature/);
    expect(chosenRowProblem(5, new Set([5]))).toBeNull();
    expect(chosenRowProblem(6, new Set([5]))?.message).toMatch(
      /Row 6 is not one of the run's validation rows/,
    );
  });

  it('needs max(10, repeats) validation rows', () => {
    expect(rowsProblem(10, 5)).toBeNull();
    expect(rowsProblem(9, 5)?.message).toMatch(/needs at least 10 validation rows; the run has 9/);
    expect(rowsProblem(19, 20)?.message).toMatch(/needs at least 20/);
  });

  it('names the features a table lost, and a changed fingerprint', () => {
    expect(featuresProblem('t', names, names)).toBeNull();
    expect(featuresProblem('t', names, ['tenure'])?.message).toMatch(
      /features "Contract_Monthly", "Contract_Yearly" that "t" no longer has/,
    );
    expect(featuresProblem('t', ['tenure'], names)?.message).toMatch(
      /now has 3 features; the run's model takes 1/,
    );
    expect(fingerprintProblem('t', 'GBDT', 'a', 'a')).toBeNull();
    expect(fingerprintProblem('t', 'GBDT', 'a', 'b')?.message).toMatch(/fingerprint no longer matches/);
  });

  it('refuses a run that is gone or has no model', () => {
    expect(runProblem('r1', null)?.message).toMatch(/Run r1 is not stored any more/);
  });
});

describe('centred ICE lines', () => {
  it('subtract each line’s first value, and the average is their mean', () => {
    const pdp: PartialDependence = {
      feature: 'tenure',
      grid: { kind: 'numeric', column: 0, values: [1, 2, 3], source: 'given' },
      average: [0.3, 0.4, 0.6],
      ice: [
        [0.2, 0.3, 0.5],
        [0.4, 0.5, 0.7],
      ],
      rows: [0, 1],
      centred: false,
      offsets: [0, 0],
      rug: [1, 3],
    };
    const lines = pdpLines(pdp, true);
    expect(lines.ice[1]?.map((v) => +v.toFixed(12))).toEqual([0, 0.1, 0.3]);
    expect(lines.average.map((v) => +v.toFixed(12))).toEqual([0, 0.1, 0.3]);
    expect(pdpLines(pdp, false).average).toEqual([0.3, 0.4, 0.6]);
  });
});
