/**
 * Errors of src/ml/metrics, splits and value. Kept local (src/ml imports nothing outside src/ml);
 * `reason` is for programs, the message for people.
 */
export type MlErrorReason =
  | 'empty'
  | 'length-mismatch'
  | 'not-finite'
  | 'not-binary'
  | 'out-of-range'
  | 'bad-option'
  | 'too-few-rows'
  | 'one-class'
  | 'missing-values'
  | 'empty-side'
  /** Multiclass: a class label is NULL. */
  | 'missing-label'
  /** Multiclass: fewer than two classes, or more than the limit. */
  | 'too-few-classes'
  | 'too-many-classes'
  /** Multiclass: a label (or class index) the training rows do not have. */
  | 'unknown-class'
  /** A cost matrix of the wrong shape, or with a missing or non-numeric cell. */
  | 'bad-cost-matrix';

export class MlError extends Error {
  readonly reason: MlErrorReason;

  constructor(reason: MlErrorReason, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MlError';
    this.reason = reason;
  }
}

/** Why a metric has no value on these rows (returned, not thrown: it is a fact about the data). */
export type UndefinedReason = 'one-class' | 'no-positives' | 'no-negatives';

/** A metric that some inputs leave undefined: a value, or null with the reason. */
export type MaybeMetric =
  | { readonly value: number; readonly reason: null }
  | { readonly value: null; readonly reason: UndefinedReason; readonly message: string };

export function defined(value: number): MaybeMetric {
  return { value, reason: null };
}

export function undefinedMetric(reason: UndefinedReason, message: string): MaybeMetric {
  return { value: null, reason, message };
}
