import type { DenseMatrix } from './types';

/**
 * What the CART trees (tree.ts, tree-multiclass.ts) share: every feature's row order, sorted once,
 * and a stable partition of a node's slice of every order at each split, so that a level of the
 * tree costs O(rows × features) and no order is ever sorted again.
 */
export interface Split {
  readonly feature: number;
  readonly threshold: number;
}

export interface SortedRows {
  readonly x: DenseMatrix;
  /** sorted[f]: row indices by feature f ascending (ties by row); a node owns one slice of each. */
  readonly sorted: Int32Array[];
  readonly goesLeft: Uint8Array;
  readonly scratch: Int32Array;
  /** Any one row order (the node slices hold the same rows in every order). */
  readonly rowsOrder: Int32Array;
}

export function sortedOrders(x: DenseMatrix): Int32Array[] {
  const orders: Int32Array[] = [];
  for (let f = 0; f < x.cols; f++) {
    const order = new Int32Array(x.rows);
    for (let i = 0; i < x.rows; i++) order[i] = i;
    const at = (row: number): number => x.data[row * x.cols + f] ?? 0;
    order.sort((a, b) => at(a) - at(b) || a - b);
    orders.push(order);
  }
  return orders;
}

export function presort(x: DenseMatrix): SortedRows {
  const sorted = sortedOrders(x);
  const identity = new Int32Array(x.rows).map((_, i) => i);
  return {
    x,
    sorted,
    goesLeft: new Uint8Array(x.rows),
    scratch: new Int32Array(x.rows),
    rowsOrder: sorted[0] ?? identity,
  };
}

export /** Reorders every feature's slice [start, end) so rows going left come first; returns the left size. */
function partition(build: SortedRows, start: number, end: number, split: Split): number {
  const { x, sorted, goesLeft, scratch } = build;
  const first = sorted[split.feature] ?? new Int32Array(0);
  let nLeft = 0;
  for (let k = start; k < end; k++) {
    const row = first[k] ?? 0;
    const left = (x.data[row * x.cols + split.feature] ?? 0) <= split.threshold;
    goesLeft[row] = left ? 1 : 0;
    if (left) nLeft++;
  }
  for (const order of sorted) {
    let l = start;
    let r = start + nLeft;
    for (let k = start; k < end; k++) {
      const row = order[k] ?? 0;
      if (goesLeft[row] === 1) scratch[l++] = row;
      else scratch[r++] = row;
    }
    order.set(scratch.subarray(start, end), start);
  }
  return nLeft;
}
