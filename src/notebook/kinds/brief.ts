import * as v from 'valibot';
import type { Task } from '../../ml/task';
import { METRICS, type Metric } from '../metrics';
import { parseAt } from '../schema';
import { inputTables, type KindFacts } from './facts';

/** What is done with the model's answer today, without a model: the bar to beat. */
export type Baseline =
  | { readonly kind: 'majority' }
  | { readonly kind: 'mean' }
  /** An existing rule, as a SQL expression over the table: true (or a score) means "act". */
  | { readonly kind: 'rule'; readonly sql: string };

/** The value of each outcome of one decision (classification), in the case's currency. */
export interface OutcomeValues {
  readonly tp: number;
  readonly fp: number;
  readonly tn: number;
  readonly fn: number;
}

/** The business question, framed: later cells read it, the report quotes it. */
export interface BriefConfig {
  readonly objective: string;
  /** The decision the model feeds. */
  readonly decision: string;
  /** The table the model learns from. */
  readonly input: string;
  readonly target: string;
  readonly task: Task;
  /** The positive class as text; '' to detect it (Yes, true, 1). */
  readonly positive: string;
  readonly metric: Metric;
  /** The "good enough" bar on the metric; null when not set. */
  readonly bar: number | null;
  readonly baseline: Baseline;
  readonly values: OutcomeValues;
  /**
   * Multiclass: the cost matrix, costs[true][predicted] per case, rows and columns in the order of
   * the target's classes as sorted (code point order, as the features cell encodes them); a cell
   * may be null while the user fills it in (a clear error where it is used). null: the default,
   * 0 on the diagonal and 1 elsewhere (the cost is the error count).
   */
  readonly costs: readonly (readonly (number | null)[])[] | null;
  /** Regression: the cost of one unit of error over and under the truth. */
  readonly unitCost: { readonly over: number; readonly under: number };
  /** A column that orders rows in time (for time splits and leakage checks); null for none. */
  readonly timeColumn: string | null;
}

const money = v.pipe(v.number('is not a number'), v.finite('is not a finite number'));
const trimmed = v.pipe(v.string('is not text'), v.trim());
const allMetrics: readonly Metric[] = [
  ...new Set([...METRICS.binary, ...METRICS.multiclass, ...METRICS.regression]),
];

const schema = v.pipe(
  v.object({
    objective: v.optional(v.string('is not text'), ''),
    decision: v.optional(v.string('is not text'), ''),
    input: v.optional(trimmed, ''),
    target: v.optional(trimmed, ''),
    task: v.optional(
      v.picklist(['binary', 'multiclass', 'regression'], 'is not binary, multiclass or regression'),
      'binary',
    ),
    positive: v.optional(v.string('is not text'), ''),
    metric: v.optional(v.picklist(allMetrics, 'is not a metric'), 'roc_auc'),
    bar: v.optional(v.nullable(money), null),
    baseline: v.optional(
      v.variant('kind', [
        v.object({ kind: v.literal('majority') }),
        v.object({ kind: v.literal('mean') }),
        v.object({ kind: v.literal('rule'), sql: v.string('is not text') }),
      ]),
      { kind: 'majority' },
    ),
    values: v.optional(v.object({ tp: money, fp: money, tn: money, fn: money }), {
      tp: 0,
      fp: 0,
      tn: 0,
      fn: 0,
    }),
    costs: v.optional(v.nullable(v.array(v.array(v.nullable(money)))), null),
    unitCost: v.optional(v.object({ over: money, under: money }), { over: 1, under: 1 }),
    timeColumn: v.optional(v.nullable(trimmed), null),
  }),
  v.check((b) => METRICS[b.task].some((m) => m === b.metric), 'has a metric that does not fit its task'),
);

/** A new brief: nothing framed yet, a binary task on ROC AUC against the majority class. */
export function defaultBrief(): BriefConfig {
  return {
    objective: '',
    decision: '',
    input: '',
    target: '',
    task: 'binary',
    positive: '',
    metric: 'roc_auc',
    bar: null,
    baseline: { kind: 'majority' },
    values: { tp: 0, fp: 0, tn: 0, fn: 0 },
    costs: null,
    unitCost: { over: 1, under: 1 },
    timeColumn: null,
  };
}

/**
 * The business question. The case's first brief cell is upstream of every cell that reads the
 * brief (`readsBrief`), so that editing it makes them stale.
 */
export const brief: KindFacts<BriefConfig> = {
  title: (config) => `Brief${config.target === '' ? '' : `: predict ${config.target}`}`,
  defaults: defaultBrief,
  restore: (raw, path) => parseAt(schema, raw, path),
  reads: (config) => ({ tables: inputTables(config.input) }),
  output: () => null,
  // Without a cost matrix the fingerprint is the one briefs had before multiclass: no binary or
  // regression cell goes stale for it.
  fingerprint: ({ costs, ...rest }) => (costs === null ? rest : { ...rest, costs }),
  readsBrief: false,
  readsChampion: () => false,
  runs: true,
  cacheable: () => false,
  files: () => [],
  withFile: null,
};
