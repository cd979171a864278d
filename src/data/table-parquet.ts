import { tableToIPC } from 'apache-arrow';
import { AppError, assertNever } from '../lib/errors';
import { describeRelation, dropRelationUnless } from './catalog';
import type { SqlEngine } from './engine';
import { quoteIdent } from './sql';

/*
 * A table as Parquet bytes and back, for the table cache. DuckDB-WASM cannot write Parquet here:
 * its parquet extension is not linked in and autoloading is off (offline; see
 * shared/notes/duckdb-wasm.md), so `COPY … (FORMAT parquet)` fails with "Copy Function with name
 * parquet is not in the catalog". parquet-wasm (already shipped to read Parquet sources) writes
 * and reads it from Arrow IPC; the engine gives and takes Arrow.
 *
 * The engine hands out BIGINT and DECIMAL as DOUBLE (castBigIntToDouble, castDecimalToDouble), so
 * each column records its DuckDB type and how it travels (`carrier`), and the restore casts every
 * column back to its type. A column travels as itself, as DOUBLE when that is exact (integers
 * within ±2^53, decimals of at most 15 digits), or as text.
 */

/** Turns Arrow IPC streams into Parquet and back: parquet-wasm's browser or Node build. */
export interface ParquetCodec {
  write(ipc: Uint8Array): Promise<Uint8Array>;
  read(parquet: Uint8Array): Promise<Uint8Array>;
}

export type Carrier = 'native' | 'double' | 'text';

/** A column of a cached table: its DuckDB type, and how it travels in the Parquet file. */
export interface StoredColumn {
  readonly name: string;
  readonly type: string;
  readonly carrier: Carrier;
}

export interface ParquetTable {
  readonly parquet: Uint8Array;
  readonly columns: readonly StoredColumn[];
  readonly rowCount: number;
}

/** Types Arrow carries unchanged between DuckDB, parquet-wasm and back. */
const NATIVE = new Set([
  'BOOLEAN',
  'TINYINT',
  'SMALLINT',
  'INTEGER',
  'UTINYINT',
  'USMALLINT',
  'UINTEGER',
  'FLOAT',
  'DOUBLE',
  'VARCHAR',
  'DATE',
  'TIMESTAMP',
]);
const WIDE_INTEGERS = new Set(['BIGINT', 'UBIGINT', 'HUGEINT', 'UHUGEINT']);
/** Types that go through text and back: their cast from VARCHAR restores the value. */
const AS_TEXT = new Set(['TIME', 'INTERVAL', 'UUID', 'BLOB', 'TIMESTAMP_S', 'TIMESTAMP_MS', 'TIMESTAMP_NS']);
const DECIMAL = /^DECIMAL\((\d+),(\d+)\)$/;
/** The largest integer a DOUBLE holds exactly. */
const EXACT = '9007199254740992';

/**
 * Whether a stored type may be written into the restore's SQL: only the plain type names above and
 * DECIMAL(p,s), so that a tampered cache entry cannot inject SQL. Other types (STRUCT, ENUM, lists…)
 * are not cached: their tables are rebuilt.
 */
export function isCacheableType(type: string): boolean {
  return NATIVE.has(type) || WIDE_INTEGERS.has(type) || AS_TEXT.has(type) || DECIMAL.test(type);
}

/**
 * Writes `table` as Parquet, or returns null when one of its columns has a type the cache does not
 * keep (see `isCacheableType`).
 */
export async function exportTable(
  engine: SqlEngine,
  table: string,
  codec: ParquetCodec,
  signal?: AbortSignal,
): Promise<ParquetTable | null> {
  const options = signal ? { signal } : {};
  const { rowCount, columns } = await describeRelation(engine, table, signal);
  if (!columns.every((c) => isCacheableType(c.type))) return null;
  const exact = await exactAsDouble(engine, table, columns, options);
  const stored = columns.map((c): StoredColumn => ({ ...c, carrier: carrierOf(c.type, exact.has(c.name)) }));
  const select = stored.map((c) => `${carried(c)} AS ${quoteIdent(c.name)}`).join(', ');
  const arrow = await engine.query(`SELECT ${select} FROM ${quoteIdent(table)}`, options);
  const parquet = rowCount === 0 ? new Uint8Array() : await codec.write(tableToIPC(arrow, 'stream'));
  return { parquet, columns: stored, rowCount };
}

/** Recreates `table` from what `exportTable` wrote, each column cast back to its type. */
export async function importTable(
  engine: SqlEngine,
  table: string,
  stored: ParquetTable,
  codec: ParquetCodec,
): Promise<void> {
  const bad = stored.columns.find((c) => !isCacheableType(c.type));
  if (bad)
    throw new AppError('invalid-document', `The cached copy of "${table}" has a column of type ${bad.type}.`);
  await dropRelationUnless(engine, table, 'table');
  const target = quoteIdent(table);
  if (stored.rowCount === 0) {
    const list = stored.columns.map((c) => `${quoteIdent(c.name)} ${c.type}`).join(', ');
    await engine.exec(`CREATE OR REPLACE TABLE ${target} (${list})`);
    return;
  }
  const loaded = `__cache_${table}`;
  await engine.insertArrowIpc(loaded, await codec.read(stored.parquet));
  try {
    const select = stored.columns
      .map((c) => `CAST(${quoteIdent(c.name)} AS ${c.type}) AS ${quoteIdent(c.name)}`)
      .join(', ');
    await engine.exec(`CREATE OR REPLACE TABLE ${target} AS SELECT ${select} FROM ${quoteIdent(loaded)}`);
  } finally {
    await engine.exec(`DROP TABLE IF EXISTS ${quoteIdent(loaded)}`).catch(() => undefined);
  }
}

function carrierOf(type: string, exactAsDouble: boolean): Carrier {
  if (NATIVE.has(type)) return 'native';
  if (WIDE_INTEGERS.has(type)) return exactAsDouble ? 'double' : 'text';
  const decimal = DECIMAL.exec(type);
  if (decimal) return Number(decimal[1]) <= 15 ? 'double' : 'text';
  return 'text';
}

function carried(column: StoredColumn): string {
  const name = quoteIdent(column.name);
  switch (column.carrier) {
    case 'native':
      return name;
    case 'double':
      return `CAST(${name} AS DOUBLE)`;
    case 'text':
      return `CAST(${name} AS VARCHAR)`;
    default:
      return assertNever(column.carrier);
  }
}

/** The wide integer columns whose every value a DOUBLE holds exactly. */
async function exactAsDouble(
  engine: SqlEngine,
  table: string,
  columns: readonly { readonly name: string; readonly type: string }[],
  options: { signal?: AbortSignal },
): Promise<Set<string>> {
  const wide = columns.filter((c) => WIDE_INTEGERS.has(c.type));
  if (wide.length === 0) return new Set();
  const checks = wide.map((c, i) => {
    const name = quoteIdent(c.name);
    return `coalesce(max(${name}) <= ${EXACT} AND min(${name}) >= -${EXACT}, true) AS c${i}`;
  });
  const result = await engine.query(`SELECT ${checks.join(', ')} FROM ${quoteIdent(table)}`, options);
  return new Set(wide.filter((_, i) => result.getChild(`c${i}`)?.get(0) === true).map((c) => c.name));
}
