import { classMixDrift, type ClassMixDrift } from '../../ml/drift';
import type { ModelBundle } from '../../notebook/bundle/types';
import type { MonitorConfig } from '../../notebook/kinds/monitor';
import type { BriefConfig } from '../../notebook/types';
import { batchClassPerformance } from './assess';
import type { MonitoredBatch } from './result';
import type { ClassRows } from './rows';

/*
 * The monitor of a multiclass version: what it decides on a batch is its class mix — each row's
 * class under the version's own rule, as the score cell decides it (rows.ts) — measured against
 * the reference's (PSI and chi-square, src/ml/drift/class-mix.ts), and its performance the
 * brief's multiclass metric on the rows whose labels have arrived.
 */

/** One batch's rows as a multiclass version sees them. */
export interface BatchClasses {
  /** k probabilities per row, row-major. */
  readonly probabilities: Float64Array;
  /** The class the version decides for each row (its rule: arg-max or least expected cost); −1 for none. */
  readonly decided: Int32Array;
}

/** The rows `rows` (indices into the work table) of every row's classes. */
export function batchClasses(classes: ClassRows, rows: readonly number[]): BatchClasses {
  const k = classes.k;
  const probabilities = new Float64Array(rows.length * k);
  rows.forEach((r, j) => probabilities.set(classes.probabilities.subarray(r * k, (r + 1) * k), j * k));
  return { probabilities, decided: Int32Array.from(rows, (r) => classes.decided[r] ?? -1) };
}

/** A batch's decided class mix against the reference's, and the brief's multiclass metric on its labels. */
export function assessClasses(
  config: MonitorConfig,
  brief: BriefConfig | null,
  bundle: ModelBundle,
  batch: { labels: readonly (string | null)[]; classes: BatchClasses },
  reference: ClassRows,
  bootstrap: { readonly seed: number; readonly iterations: number },
): { prediction: ClassMixDrift; performance: MonitoredBatch['performance'] } {
  const classes = bundle.model.classes ?? [];
  const prediction = classMixDrift(classes, reference.decided, batch.classes.decided, {
    thresholds: { moderate: config.moderate, major: config.major },
  });
  const performance =
    config.label === ''
      ? ({ state: 'waiting', reason: 'waiting for labels: no label column is chosen.' } as const)
      : batchClassPerformance({
          // The brief's metric when it frames the same task; else the one the version was judged on.
          metric: brief?.task === 'multiclass' ? brief.metric : (bundle.evaluation?.metric ?? 'macro_f1'),
          bar: brief?.bar ?? bundle.evaluation?.bar ?? null,
          classes,
          labels: batch.labels,
          probabilities: batch.classes.probabilities,
          ...bootstrap,
        });
  return { prediction, performance };
}
