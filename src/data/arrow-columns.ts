import { Table, Utf8, makeData, makeVector, type Vector } from 'apache-arrow';

/*
 * Arrow columns built without Arrow's builders. `tableFromArrays` and `vectorFromArray` on
 * strings go through a Builder whose null check Arrow compiles with `Function(...)`, which the
 * app's Content-Security-Policy (script-src without 'unsafe-eval') refuses: the train cell's
 * predictions table failed with "Evaluating a string as JavaScript violates the following
 * Content Security Policy directive". These make the buffers directly.
 */

const encoder = new TextEncoder();

/** A non-null Utf8 column of `values`, made from its offsets and bytes. */
export function utf8Column(values: readonly string[]): Vector<Utf8> {
  const encoded = values.map((v) => encoder.encode(v));
  const offsets = new Int32Array(values.length + 1);
  let size = 0;
  encoded.forEach((bytes, i) => {
    size += bytes.length;
    offsets[i + 1] = size;
  });
  const data = new Uint8Array(size);
  encoded.forEach((bytes, i) => data.set(bytes, offsets[i] ?? 0));
  return makeVector(
    makeData({ type: new Utf8(), length: values.length, nullCount: 0, valueOffsets: offsets, data }),
  );
}

/** A column as `columnsTable` takes it: strings, or a typed array of numbers (no nulls in either). */
export type PlainColumn = readonly string[] | Int32Array | Float64Array | Float32Array;

/** A table of plain, non-null columns, in the order given, with no Builder (so no eval). */
export function columnsTable(columns: Readonly<Record<string, PlainColumn>>): Table {
  const vectors: Record<string, Vector> = {};
  for (const [name, column] of Object.entries(columns)) {
    vectors[name] =
      column instanceof Int32Array || column instanceof Float64Array || column instanceof Float32Array
        ? makeVector(column)
        : utf8Column(column);
  }
  return new Table(vectors);
}
