/*
 * A fold's rows put in `__row_id` order after they are read, rather than by an ORDER BY in
 * DuckDB: sorting there moves every feature of every row, sorting here moves one index per row
 * and then copies each row once (see `featuresRowsSql`).
 */

/** Positions of `ids` in ascending order (ties keep their order); null when they are in order already. */
export function rowIdOrder(ids: ArrayLike<number>): Int32Array | null {
  let sorted = true;
  for (let i = 1; i < ids.length && sorted; i++) sorted = (ids[i - 1] ?? 0) <= (ids[i] ?? 0);
  if (sorted) return null;
  const order = new Int32Array(ids.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  return order.sort((a, b) => (ids[a] ?? 0) - (ids[b] ?? 0) || a - b);
}

/** Writes the rows of `values` (row-major, `width` per row) into `out` in `order`; returns `out`. */
export function permuteRows<T extends Float32Array | Float64Array | Int32Array | Int8Array>(
  values: ArrayLike<number>,
  width: number,
  order: Int32Array,
  out: T,
): T {
  if (out.length !== order.length * width || values.length !== out.length) {
    throw new RangeError(
      `permuteRows: ${values.length} values, ${order.length} rows of ${width}, ${out.length} out`,
    );
  }
  for (let i = 0; i < order.length; i++) {
    const from = (order[i] ?? 0) * width;
    for (let j = 0; j < width; j++) out[i * width + j] = values[from + j] ?? 0;
  }
  return out;
}
