import type { SourceGroup } from '../../data/features/groups';
import { AppError } from '../../lib/errors';
import {
  classScore,
  EXPLAIN_METRICS,
  explainRow,
  limeBackground,
  limeStability,
  multiclassPermutationImportance,
  partialDependence,
  partialDependence2d,
  permutationImportance,
  predictedClass,
  type DenseMatrix,
  type ImportanceMetric,
  type PdpFeature,
  type RunOptions,
  type ScoreArray,
  type ScoreFn,
} from '../../ml/explain';
import { MULTICLASS_METRICS } from '../../ml/metrics';
import { predict, predictProba } from '../../ml/models';
import { predictMlp } from '../../ml/models/mlp';
import type { ExplanationPart, LocalPart } from '../../notebook/explanations';
import type { StoredModel } from '../../notebook/runs';

/*
 * How an explain cell computes a part, from plain data: the stored model, the run's rows and
 * settings. No DOM, no storage, no engine: the explain worker (workers/explain/) runs it, and in
 * Node (no Worker) the page runs it in process (computer.ts); both give the same numbers.
 */

/** Each call of the model gets at most this many floats: short slices keep the page responsive. */
export const BATCH_VALUES = 1 << 16;
/** Rows sampled for partial dependence and its ICE lines. */
export const PDP_ROWS = 500;
export const PDP_2D_POINTS = 10;
export const LIME_SAMPLES = 5000;
export const STABILITY_SEEDS = 10;

export type PartSpec =
  | {
      readonly kind: 'importance';
      readonly metric: ImportanceMetric;
      readonly repeats: number;
      readonly seed: number;
    }
  // A multiclass run: `className` is the class whose probability is explained (absent otherwise,
  // so that a binary run's keys stay those it was stored under).
  | { readonly kind: 'pdp'; readonly feature: string; readonly seed: number; readonly className?: string }
  | {
      readonly kind: 'pdp2d';
      readonly features: readonly [string, string];
      readonly seed: number;
      readonly className?: string;
    }
  | { readonly kind: 'local'; readonly rowId: number; readonly seed: number };

/** What the parts are computed from: plain data, structured-cloned into the worker once per run. */
export interface ExplainData {
  readonly model: StoredModel;
  /** A multiclass run's class names (index c is class c); null otherwise. */
  readonly classes: readonly string[] | null;
  readonly featureNames: readonly string[];
  readonly validation: DenseMatrix;
  readonly truth: Float64Array;
  readonly validationIds: Float64Array;
  readonly train: DenseMatrix;
  readonly groups: readonly SourceGroup[];
}

/** The data with the model as a scoring function. */
export interface ExplainInputs extends ExplainData {
  readonly score: ScoreFn;
}

/**
 * Any stored model scores rows in plain TypeScript (the network too): no TensorFlow.js. One score
 * per row, or a multiclass model's k probabilities per row, row-major.
 */
export function scoreFnOf(model: StoredModel): ScoreFn {
  return (x, rows, cols) => {
    const m = { data: x, rows, cols };
    if (model.kind === 'mlp') return predictMlp(model, m);
    if ('classes' in model) return predictProba(model, m).data;
    return predict(model, m);
  };
}

export function inputsOf(data: ExplainData): ExplainInputs {
  return { ...data, score: scoreFnOf(data.model) };
}

/** The validation rows' scores (k per row for a multiclass run), on a copy of the rows. */
export function validationScores(inputs: ExplainInputs): ScoreArray | Promise<ScoreArray> {
  const { validation } = inputs;
  return inputs.score(validation.data.slice(), validation.rows, validation.cols);
}

/** A feature by name: a one-hot source column set level by level, or one number. */
export function pdpFeature(
  name: string,
  groups: readonly SourceGroup[],
  featureNames: readonly string[],
): PdpFeature {
  const group = groups.find((g) => g.name === name);
  if (group?.oneHot === true && group.levels !== null) {
    return { kind: 'levels', name, columns: group.columns, levelNames: group.levels };
  }
  // A number with its missing flag: the number itself (its first column).
  const column = group?.columns[0] ?? featureNames.indexOf(name);
  return { kind: 'numeric', column, name };
}

/** The score PDP explains: one class's probability for a multiclass run, else the model's score. */
function scoreOf(data: ExplainInputs, className: string | undefined): ScoreFn {
  if (data.classes === null) return data.score;
  const c = data.classes.indexOf(className ?? '');
  if (c < 0) {
    throw new AppError(
      'bad-input',
      `"${className ?? ''}" is not one of the run's classes (${data.classes.join(', ')}): pick a class in this cell.`,
    );
  }
  return classScore(data.score, data.classes.length, c);
}

/** A one-score run's metric (source.ts checked it against the task). */
function explainMetric(metric: ImportanceMetric) {
  const found = EXPLAIN_METRICS.find((m) => m === metric);
  if (found === undefined)
    throw new AppError('bad-input', `"${metric}" is not a metric of one score per row.`);
  return found;
}

/** Computes one part on the run's rows. */
export async function computePart(
  spec: PartSpec,
  data: ExplainInputs,
  options: RunOptions,
): Promise<ExplanationPart> {
  const { validation, groups } = data;
  const { featureNames } = data;
  const common = { ...options, maxBatchValues: BATCH_VALUES, featureNames };
  switch (spec.kind) {
    case 'importance':
      if (data.classes !== null) {
        const metric = MULTICLASS_METRICS.find((m) => m === spec.metric);
        if (metric === undefined)
          throw new AppError('bad-input', `"${spec.metric}" is not a multiclass metric.`);
        const { overall, perClass } = await multiclassPermutationImportance(
          data.score,
          validation,
          data.truth,
          { ...common, metric, classes: data.classes, repeats: spec.repeats, seed: spec.seed, groups },
        );
        return { kind: 'importance', importance: overall, perClass };
      }
      return {
        kind: 'importance',
        importance: await permutationImportance(data.score, validation, data.truth, {
          ...common,
          metric: explainMetric(spec.metric),
          repeats: spec.repeats,
          seed: spec.seed,
          groups,
        }),
      };
    case 'pdp':
      return {
        kind: 'pdp',
        pdp: await partialDependence(
          scoreOf(data, spec.className),
          validation,
          pdpFeature(spec.feature, groups, featureNames),
          { ...common, sampleSize: PDP_ROWS, seed: spec.seed },
        ),
      };
    case 'pdp2d': {
      const [a, b] = spec.features;
      return {
        kind: 'pdp2d',
        pdp: await partialDependence2d(
          scoreOf(data, spec.className),
          validation,
          [pdpFeature(a, groups, featureNames), pdpFeature(b, groups, featureNames)],
          {
            ...common,
            sampleSize: PDP_ROWS,
            seed: spec.seed,
            gridPoints: PDP_2D_POINTS,
            maxLevels: PDP_2D_POINTS,
          },
        ),
      };
    }
    case 'local':
      return { kind: 'local', local: await explainLocal(spec.rowId, spec.seed, data, common) };
  }
}

/** LIME of one validation row against the training rows, and its stability over ten seeds. */
async function explainLocal(
  rowId: number,
  seed: number,
  data: ExplainInputs,
  options: RunOptions & { readonly featureNames: readonly string[] },
): Promise<LocalPart> {
  const position = data.validationIds.indexOf(rowId);
  const cols = data.validation.cols;
  const row = data.validation.data.slice(position * cols, (position + 1) * cols);
  // A multiclass run: the probability of the row's predicted class.
  const className =
    data.classes === null ? undefined : data.classes[predictedClass(await data.score(row.slice(), 1, cols))];
  const score = scoreOf(data, className);
  const background = limeBackground(data.train, {
    groups: data.groups,
    featureNames: options.featureNames,
  });
  const lime = { ...options, samples: LIME_SAMPLES, seed };
  const { explanations, ...stability } = await limeStability(score, background, row, {
    ...lime,
    seeds: STABILITY_SEEDS,
    // Top 5 agree or not; a model of fewer features compares them all.
    topK: Math.min(5, background.features.length),
  });
  const explanation = explanations[0] ?? (await explainRow(score, background, row, lime));
  return { rowId, ...(className === undefined ? {} : { className }), explanation, stability };
}
