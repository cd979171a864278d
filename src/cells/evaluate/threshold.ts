import { metricsFromConfusion, type ThresholdMetrics } from '../../ml/metrics';
import type { ValuePoint } from '../../ml/value';

/*
 * What the view shows at a threshold the user is trying, before the cell runs again: the counts
 * and the value at any threshold, read off a run's value curve (counts at every distinct score).
 */

/**
 * The counts and value of acting when score ≥ threshold (null: on no one), from `points` as
 * valueCurve orders them (act on none, then each distinct score descending). Binary search.
 */
export function pointAt(points: readonly ValuePoint[], threshold: number | null): ValuePoint {
  const none = points[0];
  if (none === undefined) throw new RangeError('A value curve has at least its "act on none" point.');
  if (threshold === null) return none;
  // The acted rows are those with a score ≥ threshold: the point of the lowest score ≥ threshold.
  let lo = 1;
  let hi = points.length - 1;
  let found = 0;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((points[mid]?.threshold ?? -Infinity) >= threshold) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return { ...(points[found] ?? none), threshold };
}

/** Accuracy, precision, recall and F1 at a threshold, from the same counts. */
export function metricsAt(points: readonly ValuePoint[], threshold: number | null): ThresholdMetrics {
  const { tp, fp, tn, fn } = pointAt(points, threshold);
  return metricsFromConfusion({ tp, fp, tn, fn }, threshold ?? Infinity);
}

/** A threshold typed or dragged by a person: a number in [0, 1], or the reason it is not one. */
export function parseThreshold(text: string): { value: number } | { error: string } {
  const value = Number(text.trim());
  if (text.trim() === '' || !Number.isFinite(value)) return { error: 'The threshold must be a number.' };
  if (value < 0 || value > 1) return { error: 'The threshold is a probability: between 0 and 1.' };
  return { value };
}
