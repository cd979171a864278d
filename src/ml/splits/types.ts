export interface FoldSplit {
  readonly kind: 'folds';
  readonly k: number;
  /** Per row: its fold, 0..k−1 (it is validation in that fold, train in the others). */
  readonly fold: Int32Array;
  /** Rows per fold. */
  readonly counts: readonly number[];
  readonly warnings: readonly string[];
}
