import { beforeAll, describe, expect, it } from 'vitest';
import { isMulticlass, predictMlp, predictProba, type ClassProbabilities } from '../../ml/models';
import { canonicalJson } from '../hash';
import { bundleHash, BundleError, readBundle } from './read';
import { decideClassesOf, mostProbable, scoreClasses, scoreRows } from './score';
import {
  CLASSES,
  contentsOf,
  modelOf,
  MULTICLASS_KINDS,
  multiclassContentsOf,
  multiclassModelOf,
  X,
} from './test-bundle';
import type { BundleDecision } from './types';
import { buildBundle } from './write';

/*
 * Format 2: multiclass models of every kind (softmax logistic, tree, boosted trees with one tree
 * per class per round, a softmax network) with their classes in order, the brief's cost matrix,
 * and the checks that keep their parts agreeing. Format-1 bundles keep reading
 * (read.test.ts, and the committed fixture in src/data/score/fixture.test.ts).
 */

type Json = Record<string, unknown>;

let text: string;
beforeAll(async () => {
  text = (await buildBundle(multiclassContentsOf(await multiclassModelOf('gbdt')))).text;
});

async function rehashed(change: (o: Json) => void): Promise<string> {
  const parsed: unknown = JSON.parse(text);
  if (!isJson(parsed)) throw new Error('not an object');
  const o: Json = { ...parsed };
  change(o);
  return canonicalJson({ ...o, sha256: await bundleHash(o) });
}

function isJson(value: unknown): value is Json {
  return typeof value === 'object' && value !== null;
}

function part(o: Json, key: string): Json {
  const value: unknown = o[key];
  if (!isJson(value)) throw new Error(`no ${key}`);
  return value;
}

async function refusal(input: string): Promise<BundleError> {
  try {
    await readBundle(input);
  } catch (e: unknown) {
    if (e instanceof BundleError) return e;
    throw e;
  }
  throw new Error('the bundle was accepted');
}

describe('multiclass bundles (format 2)', () => {
  for (const kind of MULTICLASS_KINDS) {
    it(`reads back what buildBundle wrote, and gives the same probabilities: ${kind}`, async () => {
      const model = await multiclassModelOf(kind);
      const { bundle, text: written } = await buildBundle(multiclassContentsOf(model));
      expect(bundle.formatVersion).toBe(2);
      expect(bundle.model).toMatchObject({ kind, task: 'multiclass', classes: CLASSES });
      const back = await readBundle(written);
      expect(back).toEqual(bundle);
      const p = scoreClasses(back.model.artifact, X);
      expect(p.classes).toBe(3);
      const want =
        model.kind === 'mlp' ? predictMlp(model, X) : isMulticlass(model) ? predictProba(model, X).data : [];
      expect(Array.from(p.data)).toEqual(Array.from(want));
      for (let i = 0; i < 5; i++)
        expect((p.data[3 * i] ?? 0) + (p.data[3 * i + 1] ?? 0) + (p.data[3 * i + 2] ?? 0)).toBeCloseTo(1, 12);
      expect(() => scoreRows(back.model.artifact, X)).toThrow(/one probability per class|one score/);
    });
  }

  it('keeps the cost matrix, and a binary model gives no class probabilities', async () => {
    const costs = [
      [0, 1, 1],
      [3, 0, 1],
      [1, 1, 0],
    ];
    const { bundle } = await buildBundle(multiclassContentsOf(await multiclassModelOf('logistic'), costs));
    expect(bundle.decision.costs).toEqual(costs);
    const binary = await modelOf('logistic');
    expect(() => scoreClasses(binary, X)).toThrow(/one score per row/);
  });

  it('refuses parts that disagree on the classes, and multiclass in format 1', async () => {
    const cases: [(o: Json) => void, RegExp][] = [
      [(o) => (o['formatVersion'] = 1), /multiclass model, which format 1 does not/],
      [(o) => delete part(o, 'model')['classes'], /bundle\.model\.classes is missing/],
      [
        (o) => (part(o, 'model')['classes'] = ['churned', 'basic', 'upgraded']),
        /are not the classes of its artifact/,
      ],
      [
        (o) => (part(o, 'model')['classes'] = ['a', 'b']),
        /gives 3 probabilities, bundle\.model\.classes names 2/,
      ],
      [
        (o) => (part(part(o, 'features'), 'spec')['classes'] = ['basic', 'churned', 'other']),
        /features\.spec\.classes are not bundle\.model\.classes/,
      ],
      [
        (o) =>
          (part(o, 'decision')['costs'] = [
            [0, 1, 1],
            [1, 0, 1],
          ]),
        /decision\.costs is not 3 × 3/,
      ],
      [
        (o) =>
          (part(o, 'decision')['costs'] = [
            [0, 1, 1],
            [1, 0, 'x'],
            [1, 1, 0],
          ]),
        /decision\.costs/,
      ],
      [(o) => (part(o, 'decision')['positive'] = 'basic'), /does not fit its task/],
      [(o) => (part(o, 'model')['classes'] = ['a', 'a', 'b']), /names a class twice/],
    ];
    for (const [change, message] of cases) {
      const e = await refusal(await rehashed(change));
      expect(e.reason, String(message)).toBe('invalid');
      expect(e.message).toMatch(message);
    }
  });

  it('refuses classes or costs on a binary bundle', async () => {
    const binary = (await buildBundle(contentsOf(await modelOf('gbdt')))).text;
    const read: unknown = JSON.parse(binary);
    if (!isJson(read)) throw new Error('not an object');
    const parsed: Json = { ...read };
    part(parsed, 'model')['classes'] = CLASSES;
    const e = await refusal(canonicalJson({ ...parsed, sha256: await bundleHash(parsed) }));
    expect(e.message).toMatch(/belong to multiclass models only/);
  });
});

describe('deciding a class', () => {
  // Classes Adelie, Chinstrap, Gentoo. Rows: a clear Adelie; Adelie 0.5 against Chinstrap 0.4; a
  // tie of the two (the first wins arg-max); a NaN row (no class).
  const p: ClassProbabilities = {
    data: Float64Array.from([0.8, 0.1, 0.1, 0.5, 0.4, 0.1, 0.4, 0.4, 0.2, NaN, 0.5, 0.5]),
    rows: 4,
    classes: 3,
  };
  const base: BundleDecision = {
    task: 'multiclass',
    positive: null,
    threshold: null,
    values: null,
    unitCost: null,
  };

  it('takes the most probable class without a cost matrix', () => {
    expect(Array.from(mostProbable(p))).toEqual([0, 0, 0, -1]);
    expect(Array.from(decideClassesOf(p, base))).toEqual([0, 0, 0, -1]);
  });

  it('takes the class of least expected cost with one', () => {
    const costs = [
      [0, 1, 1],
      [3, 0, 1],
      [1, 1, 0],
    ];
    // A Chinstrap taken for an Adelie costs 3. Expected costs of predicting Adelie, Chinstrap, Gentoo:
    // row 0: 0.1·3 + 0.1 = 0.4, 0.8 + 0.1 = 0.9, 0.8 + 0.1 = 0.9;
    // row 1: 0.4·3 + 0.1 = 1.3, 0.5 + 0.1 = 0.6, 0.5 + 0.4 = 0.9;
    // row 2: 0.4·3 + 0.2 = 1.4, 0.4 + 0.2 = 0.6, 0.4 + 0.4 = 0.8.
    expect(Array.from(decideClassesOf(p, { ...base, costs }))).toEqual([0, 1, 1, -1]);
  });
});
