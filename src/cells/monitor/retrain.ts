import { quoteIdent, quoteLiteral } from '../../data/sql';
import type { Problem } from '../../lib/errors';
import { DEFAULT_BOOTSTRAP, type EvaluateConfig } from '../../notebook/evaluate-types';
import type { FeaturesConfig } from '../../notebook/kinds/features';
import type { MonitorConfig } from '../../notebook/kinds/monitor';
import type { SqlConfig } from '../../notebook/kinds/sql';
import type { ModelSpec } from '../../notebook/model-types';
import { uniqueName } from '../../notebook/names';
import type { RunBatch } from '../../notebook/runs';
import type { TrainConfig } from '../../notebook/train-types';
import type { Task } from '../../notebook/types';
import type { MonitoredBatch, RetrainSource } from './result';

export type { RetrainSource } from './result';

/** What of a batch the window reads. */
export type WindowBatch = Pick<MonitoredBatch, 'label' | 'labels'>;

/*
 * "Retrain on recent data", pure: the recent window (batches the user picks, by default every
 * batch but the last, which is kept apart to compare v2 with v1 on rows neither trained on) as a
 * SQL cell's query, and what keeps a window from training a model.
 */

/** The batches of the window by default: all but the last (the comparison batch). */
export function defaultWindow(batches: readonly WindowBatch[]): string[] {
  return batches.slice(0, Math.max(batches.length - 1, 1)).map((b) => b.label);
}

/**
 * Why these batches cannot train the version's kind of model: none chosen, no labels, or (binary)
 * one class. The batches count the positive class only, so a multiclass window's classes are
 * checked where the retrained features fit the target (one class or two is refused there, by
 * name); a regression has no classes.
 */
export function retrainWindowProblem(
  batches: readonly WindowBatch[],
  window: readonly string[],
  task: Task,
): Problem | null {
  const chosen = batches.filter((b) => window.includes(b.label));
  if (chosen.length === 0) return { code: 'missing-input', message: 'Choose the batches to retrain on.' };
  if (chosen.some((b) => b.labels === null))
    return { code: 'missing-input', message: 'Retraining needs labels: choose the label column first.' };
  const labelled = chosen.reduce((n, b) => n + (b.labels?.labelled ?? 0), 0);
  const positive = chosen.reduce((n, b) => n + (b.labels?.positive ?? 0), 0);
  if (labelled === 0)
    return {
      code: 'missing-input',
      message: `No row of ${window.join(', ')} has a label yet: wait for labels, or pick other batches.`,
    };
  if (task === 'binary' && (positive === 0 || positive === labelled))
    return {
      code: 'bad-input',
      message: `Every labelled row of ${window.join(', ')} (${labelled.toLocaleString('en-US')}) is of one class (${positive === 0 ? 'none' : 'all'} positive): a model cannot learn from one class. Widen the window.`,
    };
  return null;
}

/** The window's rows, for a SQL cell that the retrained features read. */
export function retrainWindowSql(config: MonitorConfig, window: readonly string[]): string {
  const from = `SELECT * FROM ${quoteIdent(config.input)}`;
  if (config.batchColumn === '') return from;
  return `${from}\nWHERE CAST(${quoteIdent(config.batchColumn)} AS VARCHAR) IN (${window.map(quoteLiteral).join(', ')})`;
}

/** What v1 was made with: the features cell's spec and the train cell's, read off its stored run. */

/**
 * The specs of the run a version was promoted from: the train cell's config as the run's batch
 * stored it, with the model spec of that run alone (the one the version is; no search again), and the features
 * cell's config from the batch's lineage. A string says why there is none.
 */
export function retrainSourceOf(
  batch: Pick<RunBatch, 'config' | 'lineage'>,
  spec: ModelSpec | null,
): RetrainSource | string {
  const link = batch.lineage.links.find(
    (l) => l.cell.kind === 'features' && l.cell.config.output === batch.config.input,
  );
  const cell = link?.cell;
  if (cell?.kind !== 'features')
    return `The run's record does not hold the features cell that made ${batch.config.input}: retrain by hand.`;
  return {
    features: cell.config,
    // The version's own spec (a search's trial has its values in it): no search again.
    train: spec === null ? batch.config : { ...batch.config, models: [spec], search: null },
  };
}

/** The cells "Retrain on recent data" adds, in document order. */
export interface RetrainChain {
  readonly sql: SqlConfig;
  readonly features: FeaturesConfig;
  readonly train: TrainConfig;
  readonly evaluate: EvaluateConfig;
}

/**
 * The chain that retrains a version on the window: the window's rows (a SQL cell), the same
 * features (columns, encodings, split) on them, the same model spec, and an evaluation to promote
 * the new run from. A time split's cutoff was a date inside the old window, which the new window
 * may start after (no training row): it becomes blank, the latest 20 % by time as validation.
 * Names are new ones, apart from `taken`.
 */
export function retrainChain(
  config: MonitorConfig,
  source: RetrainSource,
  window: readonly string[],
  taken: ReadonlySet<string>,
): RetrainChain {
  const names = new Set(taken);
  const name = (prefix: string) => {
    const n = uniqueName(prefix, names);
    names.add(n);
    return n;
  };
  const rows = name(`${config.input}_recent`);
  const features = name(`${source.features.output}_recent`);
  const predictions = name(`${source.train.output}_recent`);
  const split = source.features.split;
  return {
    sql: { sql: retrainWindowSql(config, window), output: rows, materialize: 'table' },
    features: {
      ...source.features,
      input: rows,
      output: features,
      split: split.kind === 'time' ? { ...split, cutoff: '' } : split,
    },
    train: { ...source.train, input: features, output: predictions },
    evaluate: {
      input: predictions,
      threshold: null,
      slices: [],
      bootstrap: DEFAULT_BOOTSTRAP,
      model: null,
      champion: null,
    },
  };
}
