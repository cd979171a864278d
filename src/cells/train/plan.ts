import * as v from 'valibot';
import { mulberry32 } from '../../ml/models/prng';
import { defaultModelSpec, type ModelSpec } from '../../notebook/model-types';
import type { SearchSpec, TrainConfig } from '../../notebook/train-types';
import { modelSpecSchema } from '../../notebook/train-validate';
import type { Task } from '../../notebook/types';
import { forTask, modelLabel } from '../shared/models';
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

export { forTask, modelLabel } from '../shared/models';

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
