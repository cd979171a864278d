import { sha256 } from 'hash-wasm';
import type { SourceGroup } from '../../data/features';
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
  type ImportanceMetric,
  type PdpFeature,
  type RunOptions,
  type ScoreFn,
} from '../../ml/explain';
import { MULTICLASS_METRICS } from '../../ml/metrics';
import type { ExplanationPart, LocalPart } from '../../notebook/explanations';
import { canonicalJson } from '../../notebook/hash';
import type { ExplainSource } from './source';

/*
 * The parts an explain cell computes, each with the key it is stored under. A key hashes the
 * part's settings with the run, the data's fingerprint and the app version: the same key gives
 * the same numbers, so a stored part is shown instead of computed again.
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

export function partKey(
  spec: PartSpec,
  run: { readonly runId: string; readonly fingerprint: string; readonly appVersion: string },
): Promise<string> {
  return sha256(canonicalJson({ format: 1, ...run, spec }));
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
function scoreOf(source: ExplainSource, className: string | undefined): ScoreFn {
  if (source.classes === null) return source.score;
  const c = source.classes.indexOf(className ?? '');
  if (c < 0) {
    throw new AppError(
      'bad-input',
      `"${className ?? ''}" is not one of the run's classes (${source.classes.join(', ')}): pick a class in this cell.`,
    );
  }
  return classScore(source.score, source.classes.length, c);
}

/** A one-score run's metric (source.ts checked it against the task). */
function explainMetric(metric: ImportanceMetric) {
  const found = EXPLAIN_METRICS.find((m) => m === metric);
  if (found === undefined)
    throw new AppError('bad-input', `"${metric}" is not a metric of one score per row.`);
  return found;
}

/** Computes one part on the source's rows. */
export async function computePart(
  spec: PartSpec,
  source: ExplainSource,
  options: RunOptions,
): Promise<ExplanationPart> {
  const { validation, groups } = source;
  const featureNames = source.run.featureNames;
  const common = { ...options, maxBatchValues: BATCH_VALUES, featureNames };
  switch (spec.kind) {
    case 'importance':
      if (source.classes !== null) {
        const metric = MULTICLASS_METRICS.find((m) => m === spec.metric);
        if (metric === undefined)
          throw new AppError('bad-input', `"${spec.metric}" is not a multiclass metric.`);
        const { overall, perClass } = await multiclassPermutationImportance(
          source.score,
          validation,
          source.truth,
          { ...common, metric, classes: source.classes, repeats: spec.repeats, seed: spec.seed, groups },
        );
        return { kind: 'importance', importance: overall, perClass };
      }
      return {
        kind: 'importance',
        importance: await permutationImportance(source.score, validation, source.truth, {
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
          scoreOf(source, spec.className),
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
          scoreOf(source, spec.className),
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
      return { kind: 'local', local: await explainLocal(spec.rowId, spec.seed, source, common) };
  }
}

/** LIME of one validation row against the training rows, and its stability over ten seeds. */
async function explainLocal(
  rowId: number,
  seed: number,
  source: ExplainSource,
  options: RunOptions & { readonly featureNames: readonly string[] },
): Promise<LocalPart> {
  const position = source.validationIds.indexOf(rowId);
  const cols = source.validation.cols;
  const row = source.validation.data.slice(position * cols, (position + 1) * cols);
  // A multiclass run: the probability of the row's predicted class.
  const className =
    source.classes === null
      ? undefined
      : source.classes[predictedClass(await source.score(row.slice(), 1, cols))];
  const score = scoreOf(source, className);
  const background = limeBackground(source.train, {
    groups: source.groups,
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
