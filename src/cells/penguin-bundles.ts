import { readFileSync } from 'node:fs';
import { PENGUIN_CONFIGS } from '../app/samples/penguins';
import type { SqlEngine } from '../data/engine';
import { bundleFromRun } from '../data/score/bundle';
import { engineRows } from '../data/score/rows';
import { storedRun } from '../data/score/testing';
import { createImportHarness } from '../data/testing/import-harness';
import type { TrainedArtifact } from '../ml/models/fitted';
import type { ModelBundle } from '../notebook/bundle/types';
import { asCaseId } from '../notebook/ids';
import type { VersionState } from '../notebook/registry';
import { runFeatures } from './features/run';
import { cellOf, testContext } from './testing';
import type { TrainResult } from './train/result';
import type { ModelsPort } from './types';
import { runTrain } from './train/run';

/*
 * Test fixtures for multiclass bundles: the Penguin species sample run through the app's own
 * cells in Node with the sample's own configs (features with the stratified split; the train
 * cell's softmax logistic regression, tree and boosted trees, and the majority baseline), each
 * fitted model written as a bundle through `bundleFromRun` as the Models view promotes it, beside
 * the scores the train cell gave its validation rows: what a bundle must give again. A softmax
 * network with fixed weights is added (the sample trains none; its forward pass is checked
 * against tfjs in workers/training).
 */

export const PENGUINS_CSV = new URL('../../public/sample/penguins/penguins.csv', import.meta.url);

export interface PenguinBundle {
  readonly kind: TrainedArtifact['kind'];
  readonly bundle: ModelBundle;
  readonly text: string;
  /**
   * The app's own probabilities of the validation rows (k per row, as the train cell wrote them);
   * null for the fixed network, which the train cell did not score.
   */
  readonly scores: Float32Array | null;
  readonly model: TrainedArtifact;
}

export interface PenguinModels {
  /** DuckDB-WASM with the sample's table `penguins` and its features. */
  readonly engine: SqlEngine;
  readonly trained: TrainResult;
  readonly bundles: readonly PenguinBundle[];
}

/** A softmax network on `inputs` features and three classes, with fixed weights. */
export function fixedSoftmaxMlp(inputs: number): TrainedArtifact {
  const weights = (n: number, salt: number) =>
    Array.from({ length: n }, (_, k) => Math.sin(0.7 * k + salt) * 0.4);
  return {
    kind: 'mlp',
    spec: {
      kind: 'mlp',
      task: 'multiclass',
      hidden: [6],
      activation: 'tanh',
      dropout: 0,
      learningRate: 0.01,
      batchSize: 32,
      epochs: 1,
      patience: 0,
      l2: 0,
      seed: 1,
    },
    inputs,
    layers: [
      { units: 6, kernel: weights(inputs * 6, 1), bias: weights(6, 2) },
      { units: 3, kernel: weights(18, 3), bias: [0.1, -0.2, 0.05] },
    ],
  };
}

/** Imports the sample's CSV, runs its features and train cells, and writes every model as a bundle. */
export async function penguinModels(): Promise<PenguinModels> {
  const harness = await createImportHarness();
  const engine = harness.engine;
  await harness.run('penguins.csv', readFileSync(PENGUINS_CSV), 'csv', { table: 'penguins' });
  const brief = PENGUIN_CONFIGS.brief;
  const features = await runFeatures(
    testContext(engine, brief),
    cellOf('features', PENGUIN_CONFIGS.features),
  );
  const trained = await runTrain(testContext(engine, brief), cellOf('train', PENGUIN_CONFIGS.train));
  const models = trained.runs.flatMap((run) =>
    run.model === null ? [] : [{ model: run.model, scores: run.scores }],
  );
  models.push({ model: fixedSoftmaxMlp(features.featureNames.length), scores: null });
  const bundles: PenguinBundle[] = [];
  for (const { model, scores } of models) {
    const source = storedRun(features.spec, model, features.featureNames, null, {
      table: 'penguins',
      caseTitle: 'Penguin species',
      brief,
    });
    const { bundle, text } = await bundleFromRun(engineRows(engine), source, {
      createdAt: '2026-12-07T03:00:00.000Z',
      appVersion: '0.1.0',
    });
    bundles.push({ kind: model.kind, bundle, text, scores, model });
  }
  return { engine, trained, bundles };
}

/** A registry holding `bundle` alone, as v1 and the case's champion: what the score and monitor cells read. */
export function championOf(bundle: ModelBundle): ModelsPort {
  const caseId = asCaseId('case-penguins');
  const state: VersionState = {
    version: {
      id: 'mv-1',
      caseId,
      version: 1,
      createdAt: '2026-12-07T03:00:00.000Z',
      source: 'promoted',
      runId: null,
      name: bundle.model.name,
      kind: bundle.model.kind,
      task: bundle.model.task,
      bundleSha256: bundle.sha256,
      importedFrom: null,
    },
    stage: 'champion',
    since: {
      id: 'ev-1',
      caseId,
      versionId: 'mv-1',
      seq: 1,
      stage: 'champion',
      at: '',
      by: 'me',
      why: '',
      evaluation: null,
    },
  };
  return { versions: () => Promise.resolve([state]), bundle: () => Promise.resolve(bundle) };
}
