export type SplitSpec =
  | { readonly kind: 'random'; readonly validationShare: number }
  | { readonly kind: 'stratified'; readonly validationShare: number }
  | { readonly kind: 'group'; readonly validationShare: number }
  | { readonly kind: 'time'; readonly cutoff: number }
  | { readonly kind: 'kfold'; readonly k: number; readonly stratified?: boolean };

/** Per-row columns some split kinds need (stratified: y; group: groups; time: times). */
export interface SplitColumns {
  readonly y?: ArrayLike<number>;
  readonly groups?: readonly (string | number)[];
  /** E.g. epoch milliseconds; a null, undefined or NaN time is an error. */
  readonly times?: ArrayLike<number | null | undefined>;
}

export const TRAIN = 0;
export const VALIDATION = 1;

export type SplitResult = HoldoutSplit | FoldSplit;

export interface HoldoutSplit {
  readonly kind: 'holdout';
  /** Per row: 0 train, 1 validation. */
  readonly assignment: Uint8Array;
  readonly counts: { readonly train: number; readonly validation: number };
  readonly warnings: readonly string[];
}

export interface FoldSplit {
  readonly kind: 'folds';
  readonly k: number;
  /** Per row: its fold, 0..k−1 (it is validation in that fold, train in the others). */
  readonly fold: Int32Array;
  /** Rows per fold. */
  readonly counts: readonly number[];
  readonly warnings: readonly string[];
}
