import type { BacktestOutput, FoldTiming } from './result';

/*
 * Where a backtest's time went: the model fits (the part that is the backtest's point) against
 * everything else, split into the steps the runner times. Pure: the view, the report and the
 * bench (bench/backtest.mjs) read the same figures.
 */

/** One step of the run outside the fits, in ms. */
export interface TimingPart {
  readonly label: string;
  readonly ms: number;
}

export interface TimingSummary {
  readonly totalMs: number;
  /** The model fits of every fold, summed. */
  readonly fitMs: number;
  /** Everything but the fits: `totalMs − fitMs`. */
  readonly overheadMs: number;
  /** `overheadMs / fitMs`; null when nothing was fitted (every fold restored). */
  readonly overheadOfFits: number | null;
  /** The overhead by step, largest first; they add up to `overheadMs`. */
  readonly parts: readonly TimingPart[];
  /** Folds restored from their stored runs rather than trained. */
  readonly restoredFolds: number;
}

const sum = (values: readonly number[]): number => values.reduce((s, v) => s + v, 0);

/** The run's total beside its fits, and the rest step by step. */
export function timingSummary(output: Pick<BacktestOutput, 'folds' | 'timing'>): TimingSummary {
  const folds = output.folds.map((f) => f.timing);
  const fitMs = sum(folds.map((t) => t.fitMs));
  const trainMs = sum(folds.map((t) => t.trainMs));
  const featuresMs = sum(folds.map((t) => t.featuresMs));
  const foldsMs = sum(folds.map((t) => t.totalMs));
  const { prepareMs, storeMs, totalMs } = output.timing;
  const parts: TimingPart[] = [
    { label: 'reading the rows in time order and planning the folds', ms: prepareMs },
    { label: "fitting each fold's features and reading its matrix (DuckDB)", ms: featuresMs },
    { label: 'in the worker around the fits (copying rows, scoring, transfers)', ms: trainMs - fitMs },
    {
      label: "sending each fold's matrix to the worker, fingerprinting and judging it",
      ms: foldsMs - featuresMs - trainMs,
    },
    { label: "storing the folds' runs", ms: storeMs },
    { label: 'the rest', ms: totalMs - prepareMs - foldsMs - storeMs },
  ];
  const overheadMs = totalMs - fitMs;
  return {
    totalMs,
    fitMs,
    overheadMs,
    overheadOfFits: fitMs > 0 ? overheadMs / fitMs : null,
    parts: parts.sort((a, b) => b.ms - a.ms),
    restoredFolds: folds.filter((t) => t.restored).length,
  };
}

/** "1.2 s", "340 ms". */
export function duration(ms: number): string {
  return Math.round(ms) >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}

/** A fold's time as its row shows it: "fit 1.2 s of 3.4 s", or "restored". */
export function foldTimeText(t: FoldTiming): string {
  return t.restored ? 'restored' : `fit ${duration(t.fitMs)} of ${duration(t.totalMs)}`;
}

/** "40.1 s in all: 32.0 s fitting models; the rest mostly fitting each fold's features … (5.2 s)". */
export function timingText(summary: TimingSummary): string {
  const [largest] = summary.parts;
  const restored =
    summary.restoredFolds === 0
      ? ''
      : ` (${summary.restoredFolds} ${summary.restoredFolds === 1 ? 'fold' : 'folds'} restored, not trained)`;
  const rest =
    largest === undefined || summary.overheadMs <= 0
      ? ''
      : `; the other ${duration(summary.overheadMs)} mostly ${largest.label} (${duration(largest.ms)})`;
  return `${duration(summary.totalMs)} in all${restored}: ${duration(summary.fitMs)} fitting models${rest}.`;
}
