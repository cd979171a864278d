import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, sep } from 'node:path';
import { quoteLiteral } from '../src/data/sql';
import type { Row, RowReader } from '../src/data/score/rows';

/*
 * Native DuckDB for the command line, locked down: file access only under the directories the
 * command names (DuckDB's `allowed_directories` with `enable_external_access = false`), no
 * extension downloads, and the configuration locked so that no SQL can loosen it again.
 */

export interface NativeDb {
  readonly conn: DuckDBConnection;
  readonly read: RowReader;
  run(sql: string): Promise<void>;
  close(): void;
}

export interface OpenOptions {
  /** Directories (and everything under them) that SQL may read or write. */
  readonly allowed: readonly string[];
  /** Worker threads; DuckDB's default is one per core. */
  readonly threads?: number;
  /** DuckDB's memory limit ("2GB"); past it, operators spill to a temporary directory. */
  readonly memoryLimit?: string;
  /** A database file (for tables larger than memory); in memory when absent. */
  readonly database?: string;
}

/** A directory as an allowed prefix: absolute, ending in the separator (so "/data" does not allow "/data2"). */
export function asPrefix(dir: string): string {
  const full = resolve(dir);
  return full.endsWith(sep) ? full : `${full}${sep}`;
}

/** BIGINTs that fit a double become numbers; the rest stay bigint. */
function plain(value: unknown): unknown {
  if (
    typeof value === 'bigint' &&
    value <= BigInt(Number.MAX_SAFE_INTEGER) &&
    value >= BigInt(-Number.MAX_SAFE_INTEGER)
  ) {
    return Number(value);
  }
  return value;
}

export async function openNativeDb(options: OpenOptions): Promise<NativeDb> {
  const temp = mkdtempSync(join(tmpdir(), 'casebook-'));
  const instance = await DuckDBInstance.create(options.database ?? ':memory:', {
    autoload_known_extensions: 'false',
    autoinstall_known_extensions: 'false',
  });
  const conn = await instance.connect();
  const allowed = [...options.allowed.map(asPrefix), asPrefix(temp)];
  const settings = [
    `SET temp_directory = ${quoteLiteral(temp)}`,
    ...(options.threads === undefined ? [] : [`SET threads = ${Math.max(1, Math.floor(options.threads))}`]),
    ...(options.memoryLimit === undefined ? [] : [`SET memory_limit = ${quoteLiteral(options.memoryLimit)}`]),
    'SET preserve_insertion_order = true',
    `SET allowed_directories = [${allowed.map(quoteLiteral).join(', ')}]`,
    'SET enable_external_access = false',
    'SET lock_configuration = true',
  ];
  for (const sql of settings) await conn.run(sql);
  const read: RowReader = async (sql) => {
    const reader = await conn.runAndReadAll(sql);
    const names = reader.columnNames();
    return reader.getRowsJS().map((values): Row => {
      const row: Record<string, unknown> = {};
      names.forEach((name, i) =>
        Object.defineProperty(row, name, { value: plain(values[i]), enumerable: true }),
      );
      return row;
    });
  };
  return {
    conn,
    read,
    run: async (sql) => {
      await conn.run(sql);
    },
    close: () => {
      conn.closeSync();
      instance.closeSync();
      rmSync(temp, { recursive: true, force: true });
    },
  };
}
