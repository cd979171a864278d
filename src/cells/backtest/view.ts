import { assertNever } from '../../lib/errors';
import { METRIC_LABELS } from '../../notebook/metrics';
import type { Series } from '../../ui/plot/evaluation';
import type { BacktestOutput, FoldRun, RunSummary } from './result';

/* What the backtest's view and report show, pure: chart series, table cells, the summary line. */

/** One line per run over the folds where it has a value; the baseline and the rule dashed. */
export function foldSeries(output: BacktestOutput, value: (run: FoldRun) => number | null): Series[] {
  const first = output.folds[0];
  if (first === undefined) return [];
  return first.runs.flatMap((run): Series[] => {
    const x: number[] = [];
    const y: number[] = [];
    output.folds.forEach((fold, i) => {
      const v = fold.runs.find((r) => r.key === run.key);
      const known = v === undefined ? null : value(v);
      if (known !== null && Number.isFinite(known)) {
        x.push(i);
        y.push(known);
      }
    });
    return x.length === 0 ? [] : [{ label: run.label, x, y, dashed: run.role !== 'model' }];
  });
}

/**
 * How the value per 1,000 rows was reached: at the cell's threshold (binary), or under the brief's
 * cost matrix by its decision rule (multiclass: the class of least expected cost, or the most
 * probable one); null when runs have no value (regression).
 */
export function valueBasis(
  output: Pick<BacktestOutput, 'task' | 'threshold' | 'decisionRule'>,
): string | null {
  switch (output.task) {
    case 'binary':
      return `at threshold ${output.threshold}`;
    case 'multiclass':
      return output.decisionRule === 'min-expected-cost'
        ? "under the brief's cost matrix, deciding the class of least expected cost"
        : "under the brief's cost matrix, deciding the most probable class";
    case 'regression':
      return null;
    default:
      return assertNever(output.task);
  }
}

export const fixed = (v: number | null, digits = 3): string => (v === null ? '–' : v.toFixed(digits));
export const money = (v: number | null): string => (v === null ? '–' : Math.round(v).toLocaleString('en-US'));

/** "0.712 ± 0.014". */
export function meanSpread(mean: number | null, std: number | null, digits = 3): string {
  if (mean === null) return '–';
  return std === null ? mean.toFixed(digits) : `${mean.toFixed(digits)} ± ${std.toFixed(digits)}`;
}

/** "2001-01-01 → 2001-03-01" (UTC dates; the end is exclusive). */
export function dateRange(start: string, end: string): string {
  return `${start.slice(0, 10)} → ${end.slice(0, 10)}`;
}

/** The best model over the folds by mean metric (higher or lower is better), or null. */
export function bestModel(summaries: readonly RunSummary[], higher: boolean): RunSummary | null {
  let best: RunSummary | null = null;
  for (const s of summaries) {
    if (s.role !== 'model' || s.mean === null) continue;
    if (best === null || (higher ? s.mean > (best.mean ?? -Infinity) : s.mean < (best.mean ?? Infinity)))
      best = s;
  }
  return best;
}

/** "5 folds, best ROC AUC 0.712 ± 0.014". */
export function doneText(output: BacktestOutput, higher: boolean): string {
  const n = output.folds.length;
  const best = bestModel(output.summaries, higher);
  const decays = output.summaries.some((s) => s.role === 'model' && s.decay !== null);
  return [
    `${n} ${n === 1 ? 'fold' : 'folds'}`,
    ...(best === null ? [] : [`best ${METRIC_LABELS[output.metric]} ${meanSpread(best.mean, best.std)}`]),
    ...(decays ? ['decays'] : []),
  ].join(', ');
}
