/**
 * Lift and cumulative gains by decile (no sklearn counterpart; the reference script computes the
 * same with numpy). Rows are ordered by score descending, ties in row order, and cut into ten
 * groups of ⌊n/10⌋ or ⌈n/10⌉ rows: row k of that order goes to decile ⌊10k / n⌋.
 */
import { binaryColumns, countPositives, orderByScoreDescending } from './validate';

export interface DecileRow {
  /** 1 holds the highest scores. */
  readonly decile: number;
  readonly count: number;
  readonly positives: number;
  readonly positiveRate: number;
  /** positiveRate ÷ the overall rate; null when no row is positive. */
  readonly lift: number | null;
  /** Share of all positives found in deciles 1..this; null when no row is positive. */
  readonly cumulativeGain: number | null;
  readonly cumulativeLift: number | null;
  readonly minScore: number;
}

export function liftByDecile(y: ArrayLike<number>, score: ArrayLike<number>, groups = 10): DecileRow[] {
  const rows = binaryColumns(y, score);
  const n = rows.y.length;
  const order = orderByScoreDescending(rows.score);
  const totalPositives = countPositives(rows.y);
  const overallRate = totalPositives / n;
  const out: DecileRow[] = [];
  let cumulativeCount = 0;
  let cumulativePositives = 0;
  for (let g = 0; g < groups; g++) {
    // Row k is in group g when g ≤ 10k/n < g + 1, i.e. k from ⌈g·n/10⌉ to ⌈(g+1)·n/10⌉ − 1.
    const start = Math.ceil((g * n) / groups);
    const end = Math.ceil(((g + 1) * n) / groups);
    if (end <= start) continue;
    let positives = 0;
    let minScore = Infinity;
    for (let k = start; k < end; k++) {
      const row = order[k] ?? 0;
      positives += rows.y[row] ?? 0;
      minScore = Math.min(minScore, rows.score[row] ?? 0);
    }
    const count = end - start;
    cumulativeCount += count;
    cumulativePositives += positives;
    const rate = positives / count;
    const hasPositives = totalPositives > 0;
    out.push({
      decile: g + 1,
      count,
      positives,
      positiveRate: rate,
      lift: hasPositives ? rate / overallRate : null,
      cumulativeGain: hasPositives ? cumulativePositives / totalPositives : null,
      cumulativeLift: hasPositives ? cumulativePositives / cumulativeCount / overallRate : null,
      minScore,
    });
  }
  return out;
}
