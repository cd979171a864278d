/**
 * Threshold metrics for a binary target: a row is predicted positive when score ≥ threshold.
 * Precision, recall and F1 follow scikit-learn 1.2.1's zero_division default: 0 when the
 * denominator is 0 (sklearn also warns; here the counts in the confusion matrix tell why).
 */
import { binaryColumns } from './validate';

export interface Confusion {
  readonly tp: number;
  readonly fp: number;
  readonly tn: number;
  readonly fn: number;
}

export interface ThresholdMetrics {
  readonly threshold: number;
  readonly confusion: Confusion;
  readonly accuracy: number;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
}

export function confusionMatrix(
  y: ArrayLike<number>,
  score: ArrayLike<number>,
  threshold: number,
): Confusion {
  const rows = binaryColumns(y, score);
  let tp = 0;
  let fp = 0;
  let tn = 0;
  let fn = 0;
  for (let i = 0; i < rows.y.length; i++) {
    const actual = rows.y[i] === 1;
    const predicted = (rows.score[i] ?? 0) >= threshold;
    if (actual && predicted) tp++;
    else if (predicted) fp++;
    else if (actual) fn++;
    else tn++;
  }
  return { tp, fp, tn, fn };
}

function ratio(numerator: number, denominator: number): number {
  return denominator === 0 ? 0 : numerator / denominator;
}

export function metricsFromConfusion(confusion: Confusion, threshold: number): ThresholdMetrics {
  const { tp, fp, tn, fn } = confusion;
  return {
    threshold,
    confusion,
    accuracy: ratio(tp + tn, tp + fp + tn + fn),
    precision: ratio(tp, tp + fp),
    recall: ratio(tp, tp + fn),
    // sklearn 1.2.1 computes F1 as 2·tp / (2·tp + fp + fn), which is 0 when tp = 0.
    f1: ratio(2 * tp, 2 * tp + fp + fn),
  };
}

/** Accuracy, precision, recall, F1 and the confusion matrix at one threshold. */
export function thresholdMetrics(
  y: ArrayLike<number>,
  score: ArrayLike<number>,
  threshold: number,
): ThresholdMetrics {
  return metricsFromConfusion(confusionMatrix(y, score, threshold), threshold);
}

export const accuracy = (y: ArrayLike<number>, score: ArrayLike<number>, threshold: number): number =>
  thresholdMetrics(y, score, threshold).accuracy;

export const precision = (y: ArrayLike<number>, score: ArrayLike<number>, threshold: number): number =>
  thresholdMetrics(y, score, threshold).precision;

export const recall = (y: ArrayLike<number>, score: ArrayLike<number>, threshold: number): number =>
  thresholdMetrics(y, score, threshold).recall;

export const f1 = (y: ArrayLike<number>, score: ArrayLike<number>, threshold: number): number =>
  thresholdMetrics(y, score, threshold).f1;
