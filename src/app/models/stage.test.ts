import { beforeAll, describe, expect, it } from 'vitest';
import { contentsOf, modelOf } from '../../notebook/bundle/test-bundle';
import type { BundleContents, ModelEvaluation } from '../../notebook/bundle/types';
import { buildBundle } from '../../notebook/bundle/write';
import { asCaseId, asRunId } from '../../notebook/ids';
import { ModelRegistry } from '../../storage/registry';
import { freshFactory, openDb } from '../../storage/test-db';
import { changeStage, versionIdOf } from './stage';

/*
 * The one stage change the Models view and the cells share, on the real registry (fake
 * IndexedDB): the version's evaluation goes with the stage it enters; a number it lacks is refused.
 */

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
  verdict: ['It clears the bar of 0.75.'],
};

let contents: BundleContents;
beforeAll(async () => {
  contents = contentsOf(await modelOf('logistic'));
});

async function promoted(registry: ModelRegistry, evaluation: ModelEvaluation | null) {
  const version = await registry.nextVersion(CASE);
  const { bundle, text } = await buildBundle({ ...contents, model: { ...contents.model, version } });
  return registry.register({
    caseId: CASE,
    bundle,
    text,
    source: 'promoted',
    runId: asRunId(`run-${version}`),
    by: 'Ana',
    why: 'Best AUC',
    evaluation,
  });
}

describe('changeStage', () => {
  it('records the evaluation that justified the version with the stage it enters', async () => {
    const registry = new ModelRegistry(openDb(freshFactory()));
    const v1 = await promoted(registry, EVALUATION);
    const v2 = await promoted(registry, null);
    const event = await changeStage(registry, CASE, v1.id, 'champion', { by: 'Ana', why: 'Clears the bar' });
    expect(event).toMatchObject({
      stage: 'champion',
      by: 'Ana',
      why: 'Clears the bar',
      evaluation: EVALUATION,
    });
    // A version promoted without an evaluation enters its stages without one.
    const second = await changeStage(registry, CASE, v2.id, 'champion', { by: 'Bo', why: 'Newer data' });
    expect(second.evaluation).toBeNull();
    const { versions } = await registry.listCase(CASE);
    expect(versions.map((x) => x.stage)).toEqual(['retired', 'champion']);
  });

  it('finds a version by its number, and says which the case has when it lacks one', async () => {
    const registry = new ModelRegistry(openDb(freshFactory()));
    const v1 = await promoted(registry, null);
    await expect(versionIdOf(registry, CASE, 1)).resolves.toBe(v1.id);
    await expect(versionIdOf(registry, CASE, 3)).rejects.toThrow(
      'This case has no model version v3 (it has v1).',
    );
  });
});
