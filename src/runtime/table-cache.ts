import * as v from 'valibot';
import { unitOf, type OutputOf } from '../cells/registry';
import type { SqlEngine } from '../data/engine';
import { exportTable, importTable, type ParquetCodec } from '../data/table-parquet';
import { errorMessage } from '../lib/errors';
import { cellOutput } from '../notebook/graph';
import { hash64 } from '../notebook/hash';
import { factsOf } from '../notebook/kinds';
import type { CellKind, CellOf } from '../notebook/types';

/*
 * Reopening a case without recomputing it: a cell whose kind keeps its table (the kind's
 * `cacheable` fact and its unit's `cache`) is restored from a Parquet copy stored under its
 * fingerprint, and its output from what was kept beside it. The fingerprint chains the cell's
 * kind, config and its inputs' fingerprints down to the sources' SHA-256 (notebook/graph.ts); the
 * key adds the app's version, since a new version may build a table differently.
 */

/** The table cache as the runtime sees it (storage's TableCache, with a Parquet codec). */
export interface TableCachePort {
  readonly codec: ParquetCodec;
  find(key: string): Promise<{ readonly parquet: Uint8Array; readonly meta: unknown } | null>;
  /** Keeps a table; never rejects (a failed write is only noted: the table is rebuilt next time). */
  save(entry: {
    readonly key: string;
    readonly caseId: string;
    readonly cellId: string;
    readonly table: string;
    readonly meta: unknown;
    readonly parquet: Uint8Array;
  }): Promise<void>;
}

/** The cache key of a cell's table: its fingerprint, for this version of the app. */
export function tableCacheKey(appVersion: string, fingerprint: string): string {
  return hash64(`${appVersion}\n${fingerprint}`);
}

/** The table a cell of a cacheable kind writes, or null when it keeps none. */
export function cachedTableOf<K extends CellKind>(cell: CellOf<K>): string | null {
  if (unitOf(cell.kind).cache === null || !factsOf(cell.kind).cacheable(cell.config)) return null;
  const table = cellOutput(cell);
  return table === null || table.trim() === '' ? null : table;
}

/**
 * What the cache keeps of `cell`: its table (null: its output alone, for a kind that keeps an
 * output without a table), or null when nothing.
 */
function cacheTarget<K extends CellKind>(cell: CellOf<K>): { readonly table: string | null } | null {
  const table = cachedTableOf(cell);
  if (table !== null) return { table };
  const cache = unitOf(cell.kind).cache;
  return cache?.withoutTable === true && factsOf(cell.kind).cacheable(cell.config) ? { table: null } : null;
}

const metaSchema = v.object({
  rowCount: v.number(),
  columns: v.array(
    v.object({ name: v.string(), type: v.string(), carrier: v.picklist(['native', 'double', 'text']) }),
  ),
  output: v.unknown(),
  /** What the cell read, for a kind whose output depends on more than its fingerprint (`OutputCache.digest`). */
  digest: v.optional(v.string()),
});

/**
 * Registers the cached copy of `cell`'s table under `key` and gives back its output as its run
 * gave it; null when there is no copy or it cannot be used (the cell then runs).
 */
export async function restoreFromCache<K extends CellKind>(
  port: TableCachePort,
  engine: SqlEngine,
  cell: CellOf<K>,
  key: string,
): Promise<OutputOf<K> | null> {
  const target = cacheTarget(cell);
  const codec = unitOf(cell.kind).cache;
  if (target === null || codec === null) return null;
  const found = await port.find(key);
  if (!found) return null;
  const meta = v.safeParse(metaSchema, found.meta);
  const output = meta.success ? codec.restore(meta.output.output, cell) : null;
  if (!meta.success || output === null) return null;
  if (codec.digest) {
    const now = await codec.digest(cell, engine);
    if (now === null || now !== meta.output.digest) return null;
  }
  const table = target.table;
  if (table === null) return output;
  try {
    await importTable(engine, table, { parquet: found.parquet, ...meta.output }, port.codec);
    return output;
  } catch (e: unknown) {
    console.warn(`Casebook: the cached copy of "${table}" could not be registered; it is rebuilt.`, e);
    return null;
  }
}

/**
 * Writes `cell`'s table as Parquet now (the engine reads it while nothing else can replace it) and
 * returns the storage write, to finish in the background (wrapped: a promise returned from an
 * async function would be awaited with it). Null when the kind keeps no table, the table has a
 * type the cache does not keep, or what the cell read has no digest; a failure is noted, never thrown.
 */
export async function exportToCache<K extends CellKind>(
  port: TableCachePort,
  engine: SqlEngine,
  entry: {
    readonly cell: CellOf<K>;
    readonly output: OutputOf<K>;
    readonly key: string;
    readonly caseId: string;
  },
): Promise<{ readonly written: Promise<void> } | null> {
  const { cell, output, key, caseId } = entry;
  const target = cacheTarget(cell);
  const codec = unitOf(cell.kind).cache;
  if (target === null || codec === null) return null;
  // What the output was made from, beyond the fingerprint: read now, before anything replaces it.
  const digest = codec.digest ? await codec.digest(cell, engine) : undefined;
  if (digest === null) return null;
  const read = digest === undefined ? {} : { digest };
  const table = target.table;
  if (table === null) {
    const meta = { rowCount: 0, columns: [], output: codec.keep(output), ...read };
    return {
      written: port.save({ key, caseId, cellId: cell.id, table: '', meta, parquet: new Uint8Array(0) }),
    };
  }
  try {
    const stored = await exportTable(engine, table, port.codec);
    if (stored === null) return null;
    const meta = { rowCount: stored.rowCount, columns: stored.columns, output: codec.keep(output), ...read };
    return { written: port.save({ key, caseId, cellId: cell.id, table, meta, parquet: stored.parquet }) };
  } catch (e: unknown) {
    console.warn(
      `Casebook: "${table}" was not cached (${errorMessage(e)}); it is rebuilt when the case opens.`,
    );
    return null;
  }
}
