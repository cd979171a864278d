import { assertNever } from '../../lib/errors';
import type { ModelSpec } from '../../notebook/model-types';
import type { Task } from '../../notebook/types';

/* What the train and backtest cells say of a model spec, and how they fit it to the brief's task. */

/** A name for people, with the settings that tell two runs of a kind apart. */
export function modelLabel(spec: ModelSpec): string {
  switch (spec.kind) {
    case 'baseline':
      return spec.task === 'binary'
        ? 'Baseline: training positive rate'
        : spec.task === 'multiclass'
          ? 'Baseline: training class shares'
          : 'Baseline: training mean';
    case 'logistic':
      return `Logistic regression (C = ${spec.C})`;
    case 'linear':
      return spec.alpha === 0 ? 'Linear regression' : `Ridge regression (alpha = ${spec.alpha})`;
    case 'tree':
      return `Decision tree (${spec.maxDepth === null ? 'no depth limit' : `depth ≤ ${spec.maxDepth}`})`;
    case 'gbdt':
      return `Gradient-boosted trees (${spec.maxIter} rounds, rate ${spec.learningRate})`;
    case 'mlp':
      return `Neural network (${spec.hidden.length === 0 ? 'no hidden layer' : `${spec.hidden.join('–')}, ${spec.activation}`})`;
    default:
      return assertNever(spec);
  }
}

/** The spec for the brief's task, or why this kind cannot serve it. */
export function forTask(spec: ModelSpec, task: Task): { spec: ModelSpec; problem: string | null } {
  switch (spec.kind) {
    case 'logistic':
      return {
        spec,
        problem:
          task !== 'regression'
            ? null
            : "Logistic regression predicts a yes/no target or a class, and the brief's task is regression: use linear regression, a tree or gradient-boosted trees.",
      };
    case 'linear':
      return {
        spec,
        problem:
          task === 'regression'
            ? null
            : `Linear regression predicts a number, and the brief's task is ${task === 'binary' ? 'binary (yes/no)' : 'multiclass'}: use logistic regression, a tree or gradient-boosted trees.`,
      };
    case 'baseline':
    case 'tree':
    case 'gbdt':
    case 'mlp':
      return { spec: { ...spec, task }, problem: null };
    default:
      return assertNever(spec);
  }
}
