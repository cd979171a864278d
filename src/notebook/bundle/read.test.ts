import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { fitMulticlassBaseline } from '../../ml/models';
import { canonicalJson } from '../hash';
import { bundleHash, BundleError, readBundle } from './read';
import { LIMITS } from './schema';
import { scoreRows } from './score';
import { contentsOf, KINDS, modelOf, X } from './test-bundle';
import { buildBundle } from './write';

let text: string;
beforeAll(async () => {
  text = (await buildBundle(contentsOf(await modelOf('gbdt')))).text;
});

type Json = Record<string, unknown>;

function raw(): Json {
  const parsed: unknown = JSON.parse(text);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new Error('not an object');
  return { ...parsed };
}

/** A changed bundle with its hash made valid again: what an attacker who knows the format writes. */
async function rehashed(change: (o: Json) => void): Promise<string> {
  const o = raw();
  change(o);
  return canonicalJson({ ...o, sha256: await bundleHash(o) });
}

async function refusal(input: string | Uint8Array): Promise<BundleError> {
  try {
    await readBundle(input);
  } catch (e: unknown) {
    if (e instanceof BundleError) return e;
    throw e;
  }
  throw new Error('the bundle was accepted');
}

/** Objects and lists alike: what a test reaches into and changes. */
function isNode(value: unknown): value is Json {
  return typeof value === 'object' && value !== null;
}

/** `o` at a path of keys and indexes. */
function at(o: unknown, ...path: (string | number)[]): Json {
  let value: unknown = o;
  for (const key of path) value = isNode(value) ? Reflect.get(value, key) : undefined;
  if (!isNode(value)) throw new Error(`nothing at ${path.join('.')}`);
  return value;
}

describe('readBundle: round trip', () => {
  for (const kind of KINDS) {
    it(`reads back what buildBundle wrote, and predicts the same: ${kind}`, async () => {
      const model = await modelOf(kind);
      const { bundle, text: written } = await buildBundle(contentsOf(model));
      expect(written.endsWith('\n')).toBe(true);
      const back = await readBundle(new TextEncoder().encode(written));
      expect(back).toEqual(bundle);
      expect(back.model.artifact).toEqual(model);
      expect(back.sha256).toMatch(/^[0-9a-f]{64}$/);
      // One score per row: still format 1, which every earlier Casebook reads.
      expect(back.formatVersion).toBe(1);
      expect(Array.from(scoreRows(back.model.artifact, X))).toEqual(Array.from(scoreRows(model, X)));
    });
  }

  it('hashes the contents, not the layout: the same bundle pretty-printed still reads', async () => {
    const pretty = JSON.stringify(JSON.parse(text), null, 2);
    expect((await readBundle(pretty)).sha256).toBe(raw()['sha256']);
  });
});

describe('readBundle: refused whole', () => {
  it('refuses a bundle changed after it was written (wrong hash)', async () => {
    const e = await refusal(text.replace('"threshold":0.4', '"threshold":0.1'));
    expect(e.reason).toBe('hash');
    expect(e.message).toMatch(/^This model bundle cannot be used: its contents do not match its SHA-256/);
  });

  it('refuses newer and unknown format versions, and files that are not bundles', async () => {
    const newer = await refusal(await rehashed((o) => (o['formatVersion'] = 3)));
    expect(newer.reason).toBe('newer-version');
    expect(newer.message).toMatch(/made by a newer Casebook \(bundle format 3; this one reads format 2\)/);
    expect((await refusal(await rehashed((o) => (o['formatVersion'] = '1')))).reason).toBe('unknown-version');
    expect((await refusal(await rehashed((o) => (o['formatVersion'] = 0)))).reason).toBe('unknown-version');
    expect((await refusal('{"format":"something-else"}')).reason).toBe('not-a-bundle');
    expect((await refusal('[1, 2]')).reason).toBe('not-a-bundle');
    expect((await refusal(text.slice(0, 100))).reason).toBe('not-json');
    expect((await refusal(Uint8Array.from([0xff, 0xfe, 0x00]))).reason).toBe('not-json');
  });

  it('refuses an oversized file before parsing it', async () => {
    const e = await refusal(new Uint8Array(LIMITS.bytes + 1));
    expect(e.reason).toBe('too-large');
    expect(e.message).toMatch(/134,217,729 bytes; a bundle is at most 134,217,728/);
  });

  it('refuses huge lists, deep nesting and huge texts', async () => {
    const huge = await rehashed(
      (o) => (at(o, 'model')['featureNames'] = new Array(LIMITS.items + 1).fill(0)),
    );
    expect((await refusal(huge)).reason).toBe('too-large');
    let deep: unknown = 1;
    for (let i = 0; i < 40; i++) deep = [deep];
    expect((await refusal(await rehashed((o) => (o['extra'] = deep)))).reason).toBe('hostile');
    const long = await rehashed((o) => (at(o, 'features')['sql'] = 'x'.repeat(LIMITS.sql + 1)));
    expect((await refusal(long)).reason).toBe('too-large');
  });

  it('refuses wrong types, unknown keys and names listed twice, saying where', async () => {
    const cases: [(o: Json) => void, RegExp][] = [
      [(o) => (at(o, 'decision')['threshold'] = '0.4'), /bundle\.decision\.threshold/],
      [(o) => (at(o, 'input', 'columns', 0)['nulls'] = -1), /bundle\.input\.columns\[0\]\.nulls is below 0/],
      [(o) => (o['surprise'] = true), /bundle\.surprise/],
      [
        (o) => (at(o, 'model')['featureNames'] = ['tenure', 'tenure', 'a', 'b', 'c']),
        /"tenure" is listed twice/,
      ],
      [
        (o) =>
          (at(o, 'input')['columns'] = [
            at(o, 'input', 'columns', 0),
            at(o, 'input', 'columns', 0),
            at(o, 'input', 'columns', 1),
          ]),
        /"tenure" is listed twice/,
      ],
      [
        (o) => (at(o, 'model')['featureNames'] = ['a', 'b']),
        /takes 5 features, bundle\.model\.featureNames lists 2/,
      ],
      [(o) => (at(o, 'model')['kind'] = 'tree'), /bundle\.model\.kind is tree, its artifact is a gbdt/],
      [(o) => (at(o, 'decision')['task'] = 'regression'), /disagree on the task|does not fit its task/],
      [(o) => (at(o, 'model', 'artifact')['nFeatures'] = 'five'), /bundle\.model\.artifact/],
      [(o) => (at(o, 'input', 'example', 'rows')[0] = [1]), /one value per column/],
      [
        (o) =>
          (at(o, 'model')['artifact'] = fitMulticlassBaseline(
            X,
            Float32Array.from(X.data.slice(0, 300), (_, i) => i % 3),
            {
              classes: ['a', 'b', 'c'],
            },
          )),
        /bundle\.model\.kind is gbdt, its artifact is a baseline-multiclass/,
      ],
    ];
    for (const [change, message] of cases) {
      const e = await refusal(await rehashed(change));
      expect(e.reason, String(message)).toBe('invalid');
      expect(e.message).toMatch(message);
    }
  });

  it("reads a one-hot feature's training mode (issue 19 item 11)", async () => {
    const feature = (o: Json, i: number) => at(o, 'features', 'spec', 'features', i);
    const bundle = await readBundle(
      await rehashed((o) => {
        feature(o, 1)['missing'] = 'mode';
        at(feature(o, 1), 'fitted')['fill'] = 'basic';
      }),
    );
    expect(bundle.features.spec.features[1]).toMatchObject({ missing: 'mode', fitted: { fill: 'basic' } });
  });

  it('refuses any feature spec outside the fitted-feature grammar', async () => {
    const feature = (o: Json, i: number) => at(o, 'features', 'spec', 'features', i);
    const cases: [(o: Json) => void, RegExp][] = [
      [(o) => (feature(o, 0)['sql'] = 'DROP TABLE customers'), /features\.spec\.features\[0\]\.sql/],
      [(o) => (feature(o, 0)['encoding'] = 'expression'), /is not an encoding/],
      [(o) => (feature(o, 0)['column'] = 'tenure\n; DROP TABLE t'), /holds a control character/],
      [(o) => (feature(o, 0)['column'] = ''), /is empty/],
      [(o) => (at(feature(o, 0), 'fitted')['mean'] = '1); DROP TABLE t; --'), /fitted\.mean/],
      [(o) => delete feature(o, 1)['fitted'], /features\[1\]\.fitted/],
      [(o) => (at(feature(o, 1), 'fitted')['categories'] = ['basic', 'a\u0000b']), /holds a NUL character/],
      [(o) => (feature(o, 1)['topK'] = 1e9), /topK is too large/],
      [(o) => (at(o, 'features', 'spec')['features'] = []), /is empty/],
      [(o) => (at(o, 'features', 'spec')['task'] = 'ranking'), /is not binary, multiclass or regression/],
      [(o) => (feature(o, 1)['missing'] = 'mode'), /has an imputed column without its fill value/],
      [(o) => (feature(o, 0)['cyclic'] = true), /features\[0\]\.cyclic/],
    ];
    for (const [change, message] of cases) {
      const e = await refusal(await rehashed(change));
      expect(e.reason).toBe('invalid');
      expect(e.message).toMatch(message);
    }
  });
});

const POLLUTING = ['__proto__', 'constructor', 'prototype'] as const;

/** A copy of `o` with `key` set, as an own property, on the object that `choices` walk to. */
function inject(o: unknown, choices: readonly number[], key: string, value: unknown): unknown {
  const copy: unknown = JSON.parse(JSON.stringify(o));
  let target: unknown = copy;
  for (const choice of choices) {
    if (typeof target !== 'object' || target === null) break;
    const children = Object.values(target).filter((v) => typeof v === 'object' && v !== null);
    if (children.length === 0) break;
    const next = children[choice % children.length];
    // Keys go on plain objects only: JSON drops them on arrays, so step into an array's items.
    if (Array.isArray(next) && !next.some((v) => typeof v === 'object' && v !== null && !Array.isArray(v)))
      break;
    target = next;
  }
  while (Array.isArray(target)) target = target.find((v) => typeof v === 'object' && v !== null);
  if (typeof target !== 'object' || target === null) throw new Error('no object to inject into');
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  return copy;
}

describe('readBundle: prototype pollution (fast-check)', () => {
  it('refuses __proto__, constructor and prototype keys at any depth, and pollutes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.nat(), { maxLength: 8 }),
        fc.constantFrom(...POLLUTING),
        fc.constantFrom<unknown>({ polluted: 'yes' }, { toString: 'x' }, 'polluted', 1),
        async (choices, key, value) => {
          const o = inject(JSON.parse(text), choices, key, value);
          if (typeof o !== 'object' || o === null) throw new Error('not an object');
          const fields: Json = { ...o };
          const hostile = canonicalJson({ ...fields, sha256: await bundleHash(fields) });
          expect(hostile).toContain(`"${key}":`);
          const e = await refusal(hostile);
          expect(e.reason).toBe('hostile');
          expect(e.message).toContain(`a key named "${key}"`);
          expect(Reflect.get({}, 'polluted')).toBeUndefined();
          expect(Object.prototype.toString.call([])).toBe('[object Array]');
        },
      ),
      { numRuns: 200, seed: 20260302 },
    );
  });
});
