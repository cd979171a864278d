import { assertNever } from '../lib/errors';
import type { ModelKind, ModelSpec, TrainTask } from '../ml/models/specs';

/*
 * What a train cell asks for: the model kinds and their hyperparameters (defined in
 * src/ml/models/specs.ts, beside the models and artifacts that use them), and the settings each
 * kind starts from.
 */

export type {
  BackendChoice,
  BackendName,
  BaselineSpec,
  GbdtSpec,
  LinearSpec,
  LogisticSpec,
  MlpSpec,
  ModelKind,
  ModelSpec,
  TrainTask,
  TreeSpec,
} from '../ml/models/specs';

/** What people call each kind of model. */
export const MODEL_LABELS: Record<ModelKind, string> = {
  baseline: 'Baseline',
  logistic: 'Logistic regression',
  linear: 'Linear regression',
  mlp: 'Neural network (MLP)',
  tree: 'Decision tree',
  gbdt: 'Gradient-boosted trees',
};

/** A model of `kind` with the settings to start from: scikit-learn's defaults where quick enough. */
export function defaultModelSpec(kind: ModelKind, task: TrainTask, seed: number): ModelSpec {
  switch (kind) {
    case 'baseline':
      return { kind, task, seed };
    case 'logistic':
      return { kind, C: 1, seed };
    case 'linear':
      return { kind, alpha: 0, seed };
    case 'tree':
      return { kind, task, maxDepth: 4, minSamplesLeaf: 5, seed };
    case 'gbdt':
      return {
        kind,
        task,
        learningRate: 0.1,
        maxIter: 100,
        maxLeafNodes: 31,
        maxDepth: null,
        minSamplesLeaf: 20,
        l2: 0,
        earlyStopping: false,
        seed,
      };
    case 'mlp':
      return {
        kind,
        task,
        hidden: [32],
        activation: 'relu',
        dropout: 0,
        learningRate: 0.01,
        batchSize: 64,
        epochs: 50,
        patience: 5,
        l2: 1e-4,
        seed,
      };
    default:
      return assertNever(kind);
  }
}
