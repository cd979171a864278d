import * as v from 'valibot';
import { assertNever } from '../../lib/errors';
import { mulberry32 } from '../../ml/models/prng';
import { defaultModelSpec, type ModelSpec } from '../../notebook/model-types';
import type { SearchSpec, TrainConfig } from '../../notebook/train-types';
import { modelSpecSchema } from '../../notebook/train-validate';
import type { Task } from '../../notebook/types';
import type { RunRole } from './result';

/*
 * What a train cell's run trains, in order, before anything is trained: the baseline, the cell's
 * models, then the search's trials. Pure, so that labels, tasks and trials are tested alone.
 */

/** One run to train (the rule baseline is scored, not trained, and is not planned here). */
export interface PlannedRun {
  readonly label: string;
  readonly role: Exclude<RunRole, 'rule'>;
  readonly group: string | null;
  /** The spec to train, task filled in from the brief. */
  readonly spec: ModelSpec;
  readonly params: Readonly<Record<string, number>> | null;
  /** Why it cannot be trained (a model the task does not have, a searched value out of range). */
  readonly problem: string | null;
}

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

/**
 * The points a search tries. Grid: the cartesian product in a stable order (the first parameter
 * varies slowest), its first `trials` points. Random: `trials` draws, each value uniform over its
 * list, from mulberry32(seed).
 */
export function searchPoints(search: SearchSpec): Record<string, number>[] {
  const { params } = search;
  if (search.method === 'grid') {
    const size = params.reduce((n, p) => n * p.values.length, 1);
    return Array.from({ length: Math.min(size, search.trials) }, (_, index) => {
      const entries: [string, number][] = [];
      let rest = index;
      for (const { name, values } of [...params].reverse()) {
        entries.unshift([name, values[rest % values.length] ?? NaN]);
        rest = Math.floor(rest / values.length);
      }
      return Object.fromEntries(entries);
    });
  }
  const random = mulberry32(search.seed);
  return Array.from({ length: search.trials }, () =>
    Object.fromEntries(
      params.map(({ name, values }) => [name, values[Math.floor(random() * values.length)] ?? NaN]),
    ),
  );
}

const formatParams = (params: Readonly<Record<string, number>>): string =>
  Object.entries(params)
    .map(([name, value]) => `${name} = ${value}`)
    .join(', ');

/** The base spec with a trial's values, checked as a stored spec is; or why they do not fit it. */
export function withParams(
  base: ModelSpec,
  params: Readonly<Record<string, number>>,
): { spec: ModelSpec; problem: string | null } {
  const numeric = Object.entries(base)
    .filter(([name, value]) => typeof value === 'number' || (value === null && name === 'maxDepth'))
    .map(([name]) => name);
  const unknown = Object.keys(params).find((name) => !numeric.includes(name));
  if (unknown !== undefined) {
    return {
      spec: base,
      problem: `"${unknown}" is not a number setting of ${base.kind}: search one of ${numeric.join(', ')}.`,
    };
  }
  const parsed = v.safeParse(modelSpecSchema, { ...base, ...params });
  if (parsed.success) return { spec: parsed.output, problem: null };
  const issue = parsed.issues[0];
  const where = v.getDotPath(issue) ?? 'a setting';
  return {
    spec: base,
    problem: `The trial's settings (${formatParams(params)}) do not work: ${where} ${issue.message}. Change the values searched.`,
  };
}

function searchRuns(search: SearchSpec, models: readonly ModelSpec[], task: Task): PlannedRun[] {
  const base = forTask(
    models.find((m) => m.kind === search.model) ?? defaultModelSpec(search.model, task, search.seed),
    task,
  );
  const points = searchPoints(search);
  const group = `Search ${search.model} (${search.method}, ${points.length} trial${points.length === 1 ? '' : 's'})`;
  return points.map((params, i) => {
    const trial = base.problem === null ? withParams(base.spec, params) : base;
    return {
      label: `Search ${search.model}: trial ${i + 1} of ${points.length}`,
      role: 'trial',
      group,
      spec: trial.spec,
      params,
      problem: trial.problem,
    };
  });
}

/** The baseline, the cell's models in order, then the search's trials. */
export function planRuns(config: TrainConfig, task: Task): PlannedRun[] {
  const baselineSpec: ModelSpec = { kind: 'baseline', task, seed: 0 };
  const baseline: PlannedRun = {
    label: modelLabel(baselineSpec),
    role: 'baseline',
    group: null,
    spec: baselineSpec,
    params: null,
    problem: null,
  };
  const models = config.models.map((model): PlannedRun => {
    const { spec, problem } = forTask(model, task);
    return { label: modelLabel(spec), role: 'model', group: null, spec, params: null, problem };
  });
  const trials = config.search === null ? [] : searchRuns(config.search, config.models, task);
  return [baseline, ...models, ...trials];
}
