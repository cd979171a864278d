import { Bool, Float64, Utf8, makeData, makeVector, type Vector } from 'apache-arrow';

/**
 * Arrow vectors from plain values, built buffer by buffer.
 *
 * Arrow's own builders (`vectorFromArray`, `tableFromArrays` with string columns) compile their
 * null check with `new Function`, which the app's Content-Security-Policy forbids (no
 * 'unsafe-eval'): in the page they throw. These never evaluate a string.
 */

/** Text; null is NULL. */
export function utf8Vector(values: readonly (string | null)[]): Vector<Utf8> {
  const encoder = new TextEncoder();
  const encoded = values.map((v) => (v === null ? null : encoder.encode(v)));
  const offsets = new Int32Array(values.length + 1);
  let total = 0;
  encoded.forEach((bytes, i) => {
    total += bytes?.length ?? 0;
    offsets[i + 1] = total;
  });
  const data = new Uint8Array(total);
  encoded.forEach((bytes, i) => {
    if (bytes) data.set(bytes, offsets[i] ?? 0);
  });
  const { bitmap, nulls } = validity(values);
  return makeVector(
    makeData({
      type: new Utf8(),
      length: values.length,
      nullCount: nulls,
      nullBitmap: bitmap,
      valueOffsets: offsets,
      data,
    }),
  );
}

/** Doubles; null is NULL (NaN stays NaN). */
export function float64Vector(values: readonly (number | null)[]): Vector<Float64> {
  const data = Float64Array.from(values, (v) => v ?? 0);
  const { bitmap, nulls } = validity(values);
  return makeVector(
    makeData({ type: new Float64(), length: values.length, nullCount: nulls, nullBitmap: bitmap, data }),
  );
}

/** Booleans; null is NULL. */
export function boolVector(values: readonly (boolean | null)[]): Vector<Bool> {
  const data = new Uint8Array(Math.ceil(values.length / 8));
  values.forEach((v, i) => {
    if (v === true) data[i >> 3] = (data[i >> 3] ?? 0) | (1 << (i & 7));
  });
  const { bitmap, nulls } = validity(values);
  return makeVector(
    makeData({ type: new Bool(), length: values.length, nullCount: nulls, nullBitmap: bitmap, data }),
  );
}

/** The validity bitmap (bit set: a value), or none when nothing is null. */
function validity(values: readonly unknown[]): { bitmap: Uint8Array | undefined; nulls: number } {
  let nulls = 0;
  const bitmap = new Uint8Array(Math.ceil(values.length / 8));
  values.forEach((v, i) => {
    if (v === null) nulls += 1;
    else bitmap[i >> 3] = (bitmap[i >> 3] ?? 0) | (1 << (i & 7));
  });
  return { bitmap: nulls === 0 ? undefined : bitmap, nulls };
}
