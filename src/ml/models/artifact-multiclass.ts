import {
  bad,
  bool,
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
import type { MulticlassBaselineModel } from './baseline';
import type { MulticlassLogisticModel } from './logistic-multiclass';
import type { MulticlassTreeModel, MulticlassTreeNodes } from './tree-multiclass';
import { assertNever } from '../../lib/errors';

type MulticlassKind = 'baseline-multiclass' | 'logistic-multiclass' | 'tree-multiclass';
type Multiclass = MulticlassBaselineModel | MulticlassLogisticModel | MulticlassTreeModel;

/** At least two distinct class names. */
function classList(o: Fields, p: string): string[] {
  const classes = strings(o, 'classes', p);
  if (classes.length < 2 || new Set(classes).size !== classes.length) {
    throw bad(`${p}.classes`, 'at least two distinct class names');
  }
  return classes;
}

function numberRow(value: unknown, path: string, length: number): number[] {
  if (
    !Array.isArray(value) ||
    value.length !== length ||
    value.some((v) => typeof v !== 'number' || Number.isNaN(v))
  ) {
    throw bad(path, `${length} numbers`);
  }
  return value.filter((v): v is number => typeof v === 'number');
}

function shares(o: Fields, key: string, p: string, length: number): number[] {
  const values = numbers(o, key, p, length);
  if (values.some((v) => v < 0 || v > 1)) throw bad(`${p}.${key}`, 'shares between 0 and 1');
  return values;
}

function parseBaseline(o: Fields, p: string): MulticlassBaselineModel {
  const classes = classList(o, p);
  return {
    kind: 'baseline-multiclass',
    format: 1,
    nFeatures: int(o, 'nFeatures', p),
    classes,
    prior: shares(o, 'prior', p, classes.length),
    nTrain: int(o, 'nTrain', p, 1),
  };
}

function parseLogistic(o: Fields, p: string): MulticlassLogisticModel {
  const nFeatures = int(o, 'nFeatures', p);
  const classes = classList(o, p);
  const coef = list(o, 'coef', p);
  if (coef.length !== classes.length) throw bad(`${p}.coef`, `${classes.length} rows, one per class`);
  return {
    kind: 'logistic-multiclass',
    format: 1,
    nFeatures,
    classes,
    coef: coef.map((row, c) => numberRow(row, `${p}.coef[${c}]`, nFeatures)),
    intercept: numbers(o, 'intercept', p, classes.length),
    C: num(o, 'C', p),
    solver: oneOf(o, 'solver', p, ['lbfgs'] as const),
    iterations: int(o, 'iterations', p),
    converged: bool(o, 'converged', p),
    loss: num(o, 'loss', p),
    warnings: strings(o, 'warnings', p),
  };
}

function parseTree(o: Fields, p: string): MulticlassTreeModel {
  const nFeatures = int(o, 'nFeatures', p);
  const classes = classList(o, p);
  const np = `${p}.nodes`;
  const raw = record(o['nodes'], np);
  const feature = numbers(raw, 'feature', np);
  const n = feature.length;
  const nodes: MulticlassTreeNodes = {
    feature,
    threshold: numbers(raw, 'threshold', np, n),
    left: numbers(raw, 'left', np, n),
    right: numbers(raw, 'right', np, n),
    value: shares(raw, 'value', np, n * classes.length),
    count: numbers(raw, 'count', np, n),
    impurity: numbers(raw, 'impurity', np, n),
  };
  checkLinks(nodes.feature, nodes.left, nodes.right, nFeatures, np);
  return {
    kind: 'tree-multiclass',
    format: 1,
    nFeatures,
    classes,
    maxDepth: nullableInt(o, 'maxDepth', p),
    minSamplesLeaf: int(o, 'minSamplesLeaf', p, 1),
    nodes,
    featureImportance: numbers(o, 'featureImportance', p, nFeatures),
  };
}

/** A stored multiclass model of `kind`; ModelError('bad-artifact') naming the bad field. */
export function parseMulticlass(o: Fields, kind: MulticlassKind, p: string): Multiclass {
  switch (kind) {
    case 'baseline-multiclass':
      return parseBaseline(o, p);
    case 'logistic-multiclass':
      return parseLogistic(o, p);
    case 'tree-multiclass':
      return parseTree(o, p);
    default:
      return assertNever(kind);
  }
}
