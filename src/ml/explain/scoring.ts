/**
 * Scores a long virtual matrix (every permuted copy, every grid point) in bounded batches: the
 * explainers describe rows by a `fill` function, and this loop builds each batch, calls the
 * ScoreFn, checks what came back and hands the scores on in row order.
 */
import { AppError } from '../../lib/errors';
import { MlError } from '../metrics/errors';
import type { DenseMatrix, RunOptions, ScoreArray, ScoreFn } from './types';

export const DEFAULT_MAX_BATCH_VALUES = 1 << 22;

/** How long a synchronous ScoreFn may hold the thread before the loop yields (for an abort message). */
const YIELD_EVERY_MS = 50;

/** The rows to score: `total` of them, of `columns` features; `fill` writes rows [start, start+count). */
export interface RowSource {
  readonly total: number;
  readonly columns: number;
  fill(start: number, count: number, out: Float32Array): void;
}

/** The rows of a matrix as they are. */
export function matrixSource(x: DenseMatrix): RowSource {
  return {
    total: x.rows,
    columns: x.cols,
    fill: (start, count, out) => out.set(x.data.subarray(start * x.cols, (start + count) * x.cols)),
  };
}

export function cancelled(): AppError {
  return new AppError('cancelled', 'The explanation was cancelled.');
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted === true) throw cancelled();
}

function checkScores(scores: ScoreArray, rows: number, outputs: number, start: number): void {
  if (scores.length !== rows * outputs) {
    const each = outputs === 1 ? '' : ` (${outputs} per row)`;
    throw new MlError(
      'length-mismatch',
      `The model returned ${scores.length} scores for ${rows} rows${each}: it must score every row it is given.`,
    );
  }
  for (let i = 0; i < scores.length; i++) {
    const v = scores[i] ?? NaN;
    if (!Number.isFinite(v)) {
      throw new MlError(
        'not-finite',
        `The model returned ${String(v)} for row ${start + Math.floor(i / outputs)} of the rows it was asked to score: ` +
          'an explanation needs a finite score for every row (check the model and its inputs).',
      );
    }
  }
}

/** Where one stream's rows sit in a computation that scores several streams one after another. */
export interface ProgressSpan {
  readonly before: number;
  readonly total: number;
}

export function batchRows(columns: number, options: RunOptions): number {
  const budget = options.maxBatchValues ?? DEFAULT_MAX_BATCH_VALUES;
  if (!Number.isFinite(budget) || budget < 1) {
    throw new MlError('bad-option', `maxBatchValues must be a number ≥ 1; got ${budget}.`);
  }
  return Math.max(1, Math.floor(budget / Math.max(1, columns)));
}

/**
 * Scores every row of `source` in order; `consume(start, scores)` gets each batch's scores
 * (`outputs` per row, row-major: k class probabilities for a multiclass model, else one).
 * Progress is reported after each batch; an abort is honoured between batches.
 */
export async function scoreRows(
  score: ScoreFn,
  source: RowSource,
  consume: (start: number, scores: ScoreArray) => void,
  options: RunOptions,
  span: ProgressSpan = { before: 0, total: source.total },
  outputs = 1,
): Promise<void> {
  const perBatch = batchRows(source.columns, options);
  let lastYield = performance.now();
  for (let start = 0; start < source.total; start += perBatch) {
    throwIfAborted(options.signal);
    const count = Math.min(perBatch, source.total - start);
    // A fresh buffer each time: the ScoreFn may transfer it to a worker.
    const batch = new Float32Array(count * source.columns);
    source.fill(start, count, batch);
    const scores = await score(batch, count, source.columns);
    throwIfAborted(options.signal);
    checkScores(scores, count, outputs, start);
    consume(start, scores);
    options.onProgress?.({ done: span.before + start + count, total: span.total });
    if (performance.now() - lastYield >= YIELD_EVERY_MS) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      lastYield = performance.now();
    }
  }
}

/** Every score of `source`, in one array (for sources that are small: grids, LIME samples). */
export async function scoreAll(
  score: ScoreFn,
  source: RowSource,
  options: RunOptions,
  span?: ProgressSpan,
  outputs = 1,
): Promise<Float64Array> {
  const out = new Float64Array(source.total * outputs);
  await scoreRows(score, source, (start, scores) => out.set(scores, start * outputs), options, span, outputs);
  return out;
}
