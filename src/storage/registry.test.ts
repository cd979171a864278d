import * as v from 'valibot';
import { beforeAll, describe, expect, it } from 'vitest';
import { readBundle } from '../notebook/bundle/read';
import { contentsOf, modelOf, multiclassContentsOf, multiclassModelOf } from '../notebook/bundle/test-bundle';
import type { BundleContents, ModelEvaluation } from '../notebook/bundle/types';
import { buildBundle } from '../notebook/bundle/write';
import { asCaseId, asRunId } from '../notebook/ids';
import { checkHistory, modelVersionSchema } from '../notebook/registry';
import { ModelRegistry, type Registration } from './registry';
import { freshFactory, openDb } from './test-db';

const CASE = asCaseId('case-1');
const EVALUATION: ModelEvaluation = {
  metric: 'roc_auc',
  value: 0.84,
  lower: 0.81,
  upper: 0.87,
  level: 0.95,
  rows: 1409,
  threshold: 0.35,
  valuePer1000: 12_345,
  bar: 0.75,
  clearsBar: true,
  verdict: ['It clears the bar of 0.75.', 'It beats the baseline.'],
};

let contents: BundleContents;
beforeAll(async () => {
  contents = contentsOf(await modelOf('logistic'));
});

function clock() {
  let t = 0;
  return () => new Date(Date.UTC(2026, 2, 1, 10, 0, t++)).toISOString();
}

function ids() {
  let n = 0;
  return (prefix: string) => `${prefix}-${++n}`;
}

function registry(db = openDb(freshFactory())) {
  return { db, registry: new ModelRegistry(db, { now: clock(), newId: ids() }) };
}

async function promotion(r: ModelRegistry, runId = 'run-1'): Promise<Registration> {
  const version = await r.nextVersion(CASE);
  const { bundle, text } = await buildBundle({ ...contents, model: { ...contents.model, version } });
  return {
    caseId: CASE,
    bundle,
    text,
    source: 'promoted',
    runId: asRunId(runId),
    by: 'Ana',
    why: 'Best AUC',
    evaluation: EVALUATION,
  };
}

describe('ModelRegistry', () => {
  it('registers promoted runs as v1, v2, … candidates, each with its bundle and evaluation', async () => {
    const { registry: r } = registry();
    const v1 = await r.register(await promotion(r));
    const v2 = await r.register(await promotion(r, 'run-2'));
    expect([v1.version, v2.version]).toEqual([1, 2]);
    expect(v1).toMatchObject({
      caseId: CASE,
      source: 'promoted',
      runId: 'run-1',
      kind: 'logistic',
      task: 'binary',
      importedFrom: null,
    });
    const listed = await r.listCase(CASE);
    expect(listed.versions.map((x) => [x.version.version, x.stage])).toEqual([
      [1, 'candidate'],
      [2, 'candidate'],
    ]);
    expect(listed.history[0]).toMatchObject({
      seq: 1,
      stage: 'candidate',
      by: 'Ana',
      why: 'Best AUC',
      evaluation: EVALUATION,
    });
    const bundle = await r.bundle(v2.id);
    expect(bundle.model.version).toBe(2);
    expect(bundle.sha256).toBe(v2.bundleSha256);
  });

  it('refuses a bundle built with a number another tab took meanwhile', async () => {
    const { db, registry: a } = registry();
    const b = new ModelRegistry(db);
    const first = await promotion(a);
    const second = await promotion(b);
    await a.register(first);
    await expect(b.register(second)).rejects.toMatchObject({ code: 'conflict' });
    expect((await a.listCase(CASE)).versions).toHaveLength(1);
  });

  it('keeps at most one champion: a new champion retires the old one in the same transaction', async () => {
    const { registry: r } = registry();
    const v1 = await r.register(await promotion(r));
    const v2 = await r.register(await promotion(r, 'run-2'));
    await r.setStage(v1.id, 'champion', {
      by: 'Ana',
      why: 'First model in production',
      evaluation: EVALUATION,
    });
    await r.setStage(v2.id, 'champion', { by: 'Bo', why: 'Beats v1 on last month', evaluation: EVALUATION });
    const { versions, history } = await r.listCase(CASE);
    expect(versions.map((x) => [x.version.version, x.stage])).toEqual([
      [1, 'retired'],
      [2, 'champion'],
    ]);
    expect(history.map((e) => [e.seq, e.versionId, e.stage, e.by, e.why])).toEqual([
      [1, v1.id, 'candidate', 'Ana', 'Best AUC'],
      [2, v2.id, 'candidate', 'Ana', 'Best AUC'],
      [3, v1.id, 'champion', 'Ana', 'First model in production'],
      [4, v1.id, 'retired', 'Bo', 'Replaced as champion by v2.'],
      [5, v2.id, 'champion', 'Bo', 'Beats v1 on last month'],
    ]);
    expect((await r.champion(CASE))?.version.id).toBe(v2.id);
    expect(() =>
      checkHistory(
        versions.map((x) => x.version),
        history,
      ),
    ).not.toThrow();
    await expect(r.setStage(v2.id, 'champion', { by: 'Bo', why: '', evaluation: null })).rejects.toThrow(
      /already champion/,
    );
    await expect(r.setStage(v1.id, 'retired', { by: ' ', why: '', evaluation: null })).rejects.toThrow(
      /Say who/,
    );
  });

  it('keeps one champion when two tabs promote at once', async () => {
    const { db, registry: a } = registry();
    const b = new ModelRegistry(db);
    const v1 = await a.register(await promotion(a));
    const v2 = await a.register(await promotion(a, 'run-2'));
    await Promise.all([
      a.setStage(v1.id, 'champion', { by: 'Ana', why: 'tab A', evaluation: null }),
      b.setStage(v2.id, 'champion', { by: 'Bo', why: 'tab B', evaluation: null }),
    ]);
    const { versions, history } = await a.listCase(CASE);
    expect(versions.filter((x) => x.stage === 'champion')).toHaveLength(1);
    expect(history.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(() =>
      checkHistory(
        versions.map((x) => x.version),
        history,
      ),
    ).not.toThrow();
  });

  it('lets IndexedDB itself refuse a second v1 of a case or a second event 1', async () => {
    const { db, registry: r } = registry();
    const v1 = await r.register(await promotion(r));
    await expect(db.modelVersions.add({ ...v1, id: 'other' })).rejects.toThrow();
    const [first] = await db.stageEvents.toArray();
    if (!first) throw new Error('no event');
    await expect(db.stageEvents.add({ ...first, id: 'other' })).rejects.toThrow();
  });

  it('imports a bundle file as the next version, renumbered, and remembers the file as it came', async () => {
    const { registry: r } = registry();
    await r.register(await promotion(r));
    const file = await buildBundle({ ...contents, model: { ...contents.model, version: 7 } });
    const imported = await r.importBundle(CASE, file.text, {
      by: 'Cy',
      why: 'From the Paris team',
      evaluation: null,
    });
    expect(imported).toMatchObject({
      version: 2,
      source: 'imported',
      runId: null,
      importedFrom: { sha256: file.bundle.sha256, version: 7 },
    });
    const stored = await readBundle((await r.bundleText(imported.id)) ?? '');
    expect(stored.model.version).toBe(2);
    expect(stored.sha256).not.toBe(file.bundle.sha256);
    expect({ ...stored, sha256: '', model: { ...stored.model, version: 7 } }).toEqual({
      ...file.bundle,
      sha256: '',
    });
    await expect(
      r.importBundle(CASE, file.text.replace('"threshold":0.4', '"threshold":0.9'), {
        by: 'Cy',
        why: '',
        evaluation: null,
      }),
    ).rejects.toThrow(/SHA-256/);
    expect((await r.listCase(CASE)).versions).toHaveLength(2);
  });

  it('keeps a multiclass version (format 2) and reads it back from storage', async () => {
    const { db, registry: r } = registry();
    const file = await buildBundle(
      multiclassContentsOf(await multiclassModelOf('gbdt'), [
        [0, 1, 1],
        [3, 0, 1],
        [1, 1, 0],
      ]),
    );
    const imported = await r.importBundle(CASE, file.text, { by: 'Cy', why: 'Species', evaluation: null });
    expect(imported).toMatchObject({ version: 1, kind: 'gbdt', task: 'multiclass' });
    const stored = await readBundle((await r.bundleText(imported.id)) ?? '');
    expect(stored.formatVersion).toBe(2);
    expect(stored.model.classes).toEqual(file.bundle.model.classes);
    expect(stored.decision.costs).toEqual(file.bundle.decision.costs);
    // The version row passes the schema a workspace file's versions are read with.
    expect(v.safeParse(modelVersionSchema, imported).success).toBe(true);
    expect((await db.modelVersions.toArray()).map((m) => m.task)).toEqual(['multiclass']);
  });
});
