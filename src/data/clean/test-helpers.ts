/* Shared with the other compilers' tests: src/data/testing/text-rows.ts. */
export { nativeTextRows, textRows, wasmEngine } from '../testing/text-rows';

/** One column of text rows. */
export function column(rows: readonly Record<string, string | null>[], name: string): (string | null)[] {
  return rows.map((row) => row[name] ?? null);
}
