import { assertNever } from '../../lib/errors';
import {
  bad,
  bool,
  booleans,
  checkLinks,
  int,
  list,
  nullableInt,
  num,
  numbers,
  oneOf,
  record,
  strings,
  type Fields,
} from './artifact-parse';
import {
  predictBaseline,
  predictMulticlassBaseline,
  type BaselineModel,
  type MulticlassBaselineModel,
} from './baseline';
import { ModelError } from './errors';
import { predictGbdt, type GbdtHoldout, type GbdtModel, type GbdtParams, type GbdtTree } from './gbdt';
import { predictLinear, type LinearModel } from './linear';
import { predictLogistic, type LogisticModel } from './logistic';
import { predictMulticlassLogistic, type MulticlassLogisticModel } from './logistic-multiclass';
import { parseMulticlass } from './artifact-multiclass';
import { predictTree, type TreeModel, type TreeNodes } from './tree';
import { predictMulticlassTree, type MulticlassTreeModel } from './tree-multiclass';
import type { ClassProbabilities, DenseMatrix } from './types';

/**
 * Every fitted model is plain JSON data discriminated on `kind`: it is stored as is (IndexedDB,
 * the exported bundle) and read back through `parseModel`, which validates it, so that a
 * reloaded model predicts exactly as the one that was fitted.
 */
export type ModelArtifact = ScoreArtifact | MulticlassArtifact;

/** One score per row: the probability of class 1 (binary) or the predicted value (regression). */
export type ScoreArtifact = BaselineModel | LogisticModel | LinearModel | TreeModel | GbdtModel;

/** One probability per class per row, with the class names (`classes`, index c is class c). */
export type MulticlassArtifact = MulticlassBaselineModel | MulticlassLogisticModel | MulticlassTreeModel;

const MULTICLASS_KINDS = ['baseline-multiclass', 'logistic-multiclass', 'tree-multiclass'] as const;
const TASKS = ['classification', 'regression'] as const;
const SOLVERS = ['newton', 'lbfgs', 'lbfgs-newton'] as const;

export function isMulticlass(model: ModelArtifact): model is MulticlassArtifact {
  return MULTICLASS_KINDS.some((kind) => kind === model.kind);
}

function checkWidth(model: ModelArtifact, x: DenseMatrix): void {
  if (x.cols !== model.nFeatures) {
    throw new ModelError('shape', `The model expects ${model.nFeatures} features; the data has ${x.cols}.`);
  }
}

/**
 * Scores per row: probability of class 1 for classifiers, the predicted value for regressors. A
 * multiclass model has no single score: it throws ModelError('shape'); use predictProba, or
 * predictOutput for either kind.
 */
export function predict(model: ModelArtifact, x: DenseMatrix): Float64Array {
  checkWidth(model, x);
  if (isMulticlass(model)) {
    throw new ModelError(
      'shape',
      `This model gives one probability per class (${model.classes.join(', ')}), not one score: use predictProba.`,
    );
  }
  switch (model.kind) {
    case 'baseline':
      return predictBaseline(model, x);
    case 'logistic':
      return predictLogistic(model, x);
    case 'linear':
      return predictLinear(model, x);
    case 'tree':
      return predictTree(model, x);
    case 'gbdt':
      return predictGbdt(model, x);
    default:
      return assertNever(model);
  }
}

/** What a model predicts for each row: one score, or one probability per class. */
export type Prediction =
  | { readonly kind: 'scores'; readonly scores: Float64Array }
  | {
      readonly kind: 'probabilities';
      readonly probabilities: ClassProbabilities;
      readonly classes: readonly string[];
    };

export function predictOutput(model: ModelArtifact, x: DenseMatrix): Prediction {
  return isMulticlass(model)
    ? { kind: 'probabilities', probabilities: predictProba(model, x), classes: model.classes }
    : { kind: 'scores', scores: predict(model, x) };
}

/** One probability per class per row (n × k, row-major), classes as in `model.classes`. */
export function predictProba(model: MulticlassArtifact, x: DenseMatrix): ClassProbabilities {
  checkWidth(model, x);
  switch (model.kind) {
    case 'baseline-multiclass':
      return predictMulticlassBaseline(model, x);
    case 'logistic-multiclass':
      return predictMulticlassLogistic(model, x);
    case 'tree-multiclass':
      return predictMulticlassTree(model, x);
    default:
      return assertNever(model);
  }
}

export function modelToJson(model: ModelArtifact): string {
  return JSON.stringify(model);
}

export function modelFromJson(text: string): ModelArtifact {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e: unknown) {
    throw new ModelError('bad-artifact', 'This stored model is not valid JSON.', { cause: e });
  }
  return parseModel(raw);
}

function parseBaseline(o: Fields, p: string): BaselineModel {
  const nFeatures = int(o, 'nFeatures', p);
  return {
    kind: 'baseline',
    format: 1,
    task: oneOf(o, 'task', p, TASKS),
    nFeatures,
    value: num(o, 'value', p),
    nTrain: int(o, 'nTrain', p, 1),
  };
}

function parseLogistic(o: Fields, p: string): LogisticModel {
  const nFeatures = int(o, 'nFeatures', p);
  return {
    kind: 'logistic',
    format: 1,
    nFeatures,
    coef: numbers(o, 'coef', p, nFeatures),
    intercept: num(o, 'intercept', p),
    C: num(o, 'C', p),
    ...(o['solver'] === undefined ? {} : { solver: oneOf(o, 'solver', p, SOLVERS) }),
    iterations: int(o, 'iterations', p),
    converged: bool(o, 'converged', p),
    loss: num(o, 'loss', p),
    warnings: strings(o, 'warnings', p),
  };
}

function parseLinear(o: Fields, p: string): LinearModel {
  const nFeatures = int(o, 'nFeatures', p);
  return {
    kind: 'linear',
    format: 1,
    nFeatures,
    coef: numbers(o, 'coef', p, nFeatures),
    intercept: num(o, 'intercept', p),
    alpha: num(o, 'alpha', p),
    rank: int(o, 'rank', p),
    warnings: strings(o, 'warnings', p),
  };
}

function parseTreeNodes(o: Fields, p: string, nFeatures: number): TreeNodes {
  const feature = numbers(o, 'feature', p);
  const n = feature.length;
  const nodes: TreeNodes = {
    feature,
    threshold: numbers(o, 'threshold', p, n),
    left: numbers(o, 'left', p, n),
    right: numbers(o, 'right', p, n),
    value: numbers(o, 'value', p, n),
    count: numbers(o, 'count', p, n),
    impurity: numbers(o, 'impurity', p, n),
  };
  checkLinks(nodes.feature, nodes.left, nodes.right, nFeatures, p);
  return nodes;
}

function parseTree(o: Fields, p: string): TreeModel {
  const nFeatures = int(o, 'nFeatures', p);
  return {
    kind: 'tree',
    format: 1,
    task: oneOf(o, 'task', p, TASKS),
    nFeatures,
    maxDepth: nullableInt(o, 'maxDepth', p),
    minSamplesLeaf: int(o, 'minSamplesLeaf', p, 1),
    nodes: parseTreeNodes(record(o['nodes'], `${p}.nodes`), `${p}.nodes`, nFeatures),
    featureImportance: numbers(o, 'featureImportance', p, nFeatures),
  };
}

function parseGbdtTree(raw: unknown, p: string, nFeatures: number): GbdtTree {
  const o = record(raw, p);
  const feature = numbers(o, 'feature', p);
  const n = feature.length;
  const tree: GbdtTree = {
    feature,
    threshold: numbers(o, 'threshold', p, n),
    missingLeft: booleans(o, 'missingLeft', p, n),
    left: numbers(o, 'left', p, n),
    right: numbers(o, 'right', p, n),
    value: numbers(o, 'value', p, n),
    count: numbers(o, 'count', p, n),
  };
  checkLinks(tree.feature, tree.left, tree.right, nFeatures, p);
  return tree;
}

function parseGbdtParams(o: Fields, p: string): GbdtParams {
  const params = record(o['params'], `${p}.params`);
  const pp = `${p}.params`;
  return {
    learningRate: num(params, 'learningRate', pp),
    maxIter: int(params, 'maxIter', pp, 1),
    maxLeafNodes: int(params, 'maxLeafNodes', pp, 2),
    minSamplesLeaf: int(params, 'minSamplesLeaf', pp, 1),
    l2Regularization: num(params, 'l2Regularization', pp),
    maxDepth: nullableInt(params, 'maxDepth', pp),
    maxBins: int(params, 'maxBins', pp, 2),
  };
}

/** Binary and regression models hold a tree per iteration; k classes a list of k per iteration. */
function parseGbdt(o: Fields, p: string): GbdtModel {
  const nFeatures = int(o, 'nFeatures', p);
  const common = {
    kind: 'gbdt',
    format: 1,
    nFeatures,
    params: parseGbdtParams(o, p),
    featureImportance: numbers(o, 'featureImportance', p, nFeatures),
    trainLoss: numbers(o, 'trainLoss', p),
    validationLoss: o['validationLoss'] === null ? null : numbers(o, 'validationLoss', p),
    holdout: parseGbdtHoldout(o['holdout'], `${p}.holdout`),
  } as const;
  const task = oneOf(o, 'task', p, [...TASKS, 'multiclass'] as const);
  if (task !== 'multiclass') {
    const trees = list(o, 'trees', p).map((t, i) => parseGbdtTree(t, `${p}.trees[${i}]`, nFeatures));
    return { ...common, task, baseline: num(o, 'baseline', p), trees };
  }
  const classes = strings(o, 'classes', p);
  if (classes.length < 3) throw bad(`${p}.classes`, 'at least 3 class names');
  const trees = list(o, 'trees', p).map((round, i) => {
    const at = `${p}.trees[${i}]`;
    const perClass = Array.isArray(round) ? round : [];
    if (perClass.length !== classes.length) throw bad(at, `a list of ${classes.length} trees, one per class`);
    return perClass.map((t: unknown, c) => parseGbdtTree(t, `${at}[${c}]`, nFeatures));
  });
  return {
    ...common,
    task,
    classes,
    baseline: numbers(o, 'baseline', p, classes.length),
    trees,
  };
}

/** Models stored before the holdout was recorded have none: read as null. */
function parseGbdtHoldout(raw: unknown, p: string): GbdtHoldout | null {
  if (raw === undefined || raw === null) return null;
  const o = record(raw, p);
  return {
    fraction: num(o, 'fraction', p),
    seed: num(o, 'seed', p),
    stratified: bool(o, 'stratified', p),
    trainRows: int(o, 'trainRows', p, 1),
    validationRows: int(o, 'validationRows', p, 1),
    nIterNoChange: int(o, 'nIterNoChange', p, 1),
    tol: num(o, 'tol', p),
  };
}

/** Validates a stored model; throws ModelError('bad-artifact') saying which field is wrong. */
export function parseModel(raw: unknown): ModelArtifact {
  const o = record(raw, 'model');
  if (o['format'] !== 1) throw bad('model.format', '1 (this app reads format 1)');
  const kind = oneOf(o, 'kind', 'model', [
    'baseline',
    'logistic',
    'linear',
    'tree',
    'gbdt',
    ...MULTICLASS_KINDS,
  ]);
  switch (kind) {
    case 'baseline':
      return parseBaseline(o, 'model');
    case 'logistic':
      return parseLogistic(o, 'model');
    case 'linear':
      return parseLinear(o, 'model');
    case 'tree':
      return parseTree(o, 'model');
    case 'gbdt':
      return parseGbdt(o, 'model');
    case 'baseline-multiclass':
    case 'logistic-multiclass':
    case 'tree-multiclass':
      return parseMulticlass(o, kind, 'model');
    default:
      return assertNever(kind);
  }
}
