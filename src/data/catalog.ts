import type { QueryOptions, SqlEngine } from './engine';
import { quoteIdent, quoteLiteral } from './sql';

export interface ColumnInfo {
  readonly name: string;
  readonly type: string;
}

/** A table or view a cell made. */
export interface TableResult {
  readonly table: string;
  readonly materialize: 'table' | 'view';
  readonly rowCount: number;
  /**
   * A view over a file too large to count when it was imported (a source read in place): its rows
   * are not counted, and `rowCount` is only the rows of its head that are shown.
   */
  readonly headOnly?: true;
  readonly columns: readonly ColumnInfo[];
  /** Source cells: rows skipped as malformed, and a few reasons. */
  readonly skippedRows: number;
  readonly skippedSample: readonly string[];
  readonly notices: readonly string[];
}

export interface Relation {
  readonly name: string;
  readonly type: 'table' | 'view';
}

/** The user's tables and views (schema `main`). */
export async function listRelations(engine: SqlEngine, signal?: AbortSignal): Promise<Relation[]> {
  const result = await engine.query(
    "SELECT table_name, table_type FROM information_schema.tables WHERE table_schema = 'main' ORDER BY table_name",
    signal ? { signal } : {},
  );
  const names = result.getChild('table_name');
  const types = result.getChild('table_type');
  const relations: Relation[] = [];
  for (let i = 0; i < result.numRows; i++) {
    relations.push({ name: String(names?.get(i)), type: types?.get(i) === 'VIEW' ? 'view' : 'table' });
  }
  return relations;
}

/** Whether `name` is a table, a view, or nothing. */
export async function relationType(
  engine: SqlEngine,
  name: string,
  signal?: AbortSignal,
): Promise<Relation['type'] | null> {
  const result = await engine.query(
    `SELECT table_type FROM information_schema.tables WHERE table_schema = 'main' AND table_name = ${quoteLiteral(name)}`,
    signal ? { signal } : {},
  );
  if (result.numRows === 0) return null;
  return result.getChild('table_type')?.get(0) === 'VIEW' ? 'view' : 'table';
}

/** Drops `name` when it exists as another kind than `keep`, so that a cell can switch between table and view. */
export async function dropRelationUnless(
  engine: SqlEngine,
  name: string,
  keep: Relation['type'] | null,
  signal?: AbortSignal,
): Promise<void> {
  const type = await relationType(engine, name, signal);
  if (type === null || type === keep) return;
  await engine.exec(
    `DROP ${type === 'view' ? 'VIEW' : 'TABLE'} IF EXISTS ${quoteIdent(name)}`,
    signal ? { signal } : {},
  );
}

/** Empties the database: used when another case is opened. */
export async function dropAllRelations(engine: SqlEngine): Promise<void> {
  const relations = await listRelations(engine);
  for (const view of relations.filter((r) => r.type === 'view')) {
    await engine.exec(`DROP VIEW IF EXISTS ${quoteIdent(view.name)}`);
  }
  for (const table of relations.filter((r) => r.type === 'table')) {
    await engine.exec(`DROP TABLE IF EXISTS ${quoteIdent(table.name)}`);
  }
}

export async function describeRelation(
  engine: SqlEngine,
  name: string,
  signal?: AbortSignal,
): Promise<{ rowCount: number; columns: ColumnInfo[] }> {
  const options = signal ? { signal } : {};
  const columns = await describeColumns(engine, name, options);
  const counted = await engine.query(`SELECT count(*) AS n FROM ${quoteIdent(name)}`, options);
  return { rowCount: Number(counted.getChild('n')?.get(0) ?? 0), columns };
}

async function describeColumns(
  engine: SqlEngine,
  name: string,
  options: QueryOptions,
): Promise<ColumnInfo[]> {
  const described = await engine.query(`DESCRIBE ${quoteIdent(name)}`, options);
  const names = described.getChild('column_name');
  const types = described.getChild('column_type');
  const columns: ColumnInfo[] = [];
  for (let i = 0; i < described.numRows; i++) {
    columns.push({ name: String(names?.get(i)), type: String(types?.get(i)) });
  }
  return columns;
}

/**
 * The columns of `name` and how many of its first `headRows` rows there are: a head-only query,
 * for a view over a file too large to count.
 */
export async function describeHead(
  engine: SqlEngine,
  name: string,
  headRows: number,
  signal?: AbortSignal,
): Promise<{ rowCount: number; columns: ColumnInfo[] }> {
  const options = signal ? { signal } : {};
  const columns = await describeColumns(engine, name, options);
  const limit = Math.max(0, Math.floor(headRows));
  const counted = await engine.query(
    `SELECT count(*) AS n FROM (SELECT 1 FROM ${quoteIdent(name)} LIMIT ${limit})`,
    options,
  );
  return { rowCount: Number(counted.getChild('n')?.get(0) ?? 0), columns };
}

/** Every column of every relation, for completion in the SQL editor. */
export async function readSchema(engine: SqlEngine): Promise<Map<string, ColumnInfo[]>> {
  const result = await engine.query(
    "SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = 'main' ORDER BY table_name, ordinal_position",
    { lane: 'interactive' },
  );
  const tables = result.getChild('table_name');
  const columns = result.getChild('column_name');
  const types = result.getChild('data_type');
  const schema = new Map<string, ColumnInfo[]>();
  for (let i = 0; i < result.numRows; i++) {
    const table = String(tables?.get(i));
    const list = schema.get(table) ?? [];
    list.push({ name: String(columns?.get(i)), type: String(types?.get(i)) });
    schema.set(table, list);
  }
  return schema;
}

/**
 * Types whose values reach JavaScript as something else (epoch milliseconds for DATE and
 * TIMESTAMP, a bigint of microseconds for TIME, raw integers for INTERVAL, doubles for HUGEINT)
 * or as nested objects: they are shown as DuckDB prints them, by casting to text in SQL.
 */
const SHOWN_AS_DUCKDB_TEXT =
  /^(DATE|TIME|TIMESTAMP(_S|_MS|_NS)?|INTERVAL|HUGEINT|UHUGEINT|UUID|BIT|DECIMAL)\b|\[\]$|^(STRUCT|MAP|UNION)\(|\[\d+\]$/;

/** Whether a column of `type` (as DESCRIBE writes it) is shown through DuckDB's own text form. */
export function shownAsDuckdbText(type: string): boolean {
  return SHOWN_AS_DUCKDB_TEXT.test(type.trim().toUpperCase());
}

/** The query that reads rows for display: temporal, huge and nested values as DuckDB prints them. */
export function displayQuery(
  table: string,
  columns: readonly ColumnInfo[],
  offset: number,
  limit: number,
): string {
  const cast = columns.filter((c) => shownAsDuckdbText(c.type));
  const replace =
    cast.length === 0
      ? ''
      : ` REPLACE (${cast.map((c) => `CAST(${quoteIdent(c.name)} AS VARCHAR) AS ${quoteIdent(c.name)}`).join(', ')})`;
  return `SELECT *${replace} FROM ${quoteIdent(table)} LIMIT ${Math.max(0, Math.floor(limit))} OFFSET ${Math.max(0, Math.floor(offset))}`;
}

/** A page of rows for display, on the interactive lane so it is answered during long work. */
export async function readRows(engine: SqlEngine, table: string, offset: number, limit: number) {
  const described = await engine.query(`DESCRIBE ${quoteIdent(table)}`, { lane: 'interactive' });
  const names = described.getChild('column_name');
  const types = described.getChild('column_type');
  const columns: ColumnInfo[] = [];
  for (let i = 0; i < described.numRows; i++) {
    columns.push({ name: String(names?.get(i)), type: String(types?.get(i)) });
  }
  return engine.query(displayQuery(table, columns, offset, limit), { lane: 'interactive' });
}
