import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeRelation } from './catalog';
import type { SqlEngine } from './engine';
import { quoteIdent } from './sql';
import { exportTable, importTable, isCacheableType } from './table-parquet';
import { createNodeEngine } from './testing/node-engine';
import { parquetNode } from './testing/parquet-node';

/*
 * The table cache's round trip: a table written as Parquet (parquet-wasm) and read back into a
 * fresh DuckDB-WASM (v1.4.3, the browser's build) has the same column types and the same rows.
 * Reference: native DuckDB (@duckdb/node-api 1.5) reads the same Parquet file and, with each
 * column cast back to its recorded type, gives the same row hash as the original table.
 */

const rowHash = (table: string): string =>
  `SELECT count(*)::INTEGER AS n, md5(string_agg(r, chr(10) ORDER BY r)) AS h FROM (SELECT CAST(x AS VARCHAR) AS r FROM ${table} AS x)`;

const CREATE = `CREATE TABLE mixed AS SELECT * FROM (VALUES
  (1, DATE '2024-02-29', TIMESTAMP '2024-03-01 12:34:56.789012', 12345.67::DECIMAL(10,2),
   123456789012345678.1234::DECIMAL(22,4), 'café', true, 9007199254740993::BIGINT, 42::BIGINT,
   TIME '23:59:59', 1.5::DOUBLE, '\\x00\\xFF'::BLOB),
  (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
  (3, DATE '1969-12-31', TIMESTAMP '1900-01-01 00:00:00', -0.01::DECIMAL(10,2),
   -1::DECIMAL(22,4), '', false, -9007199254740993::BIGINT, -42::BIGINT,
   TIME '00:00:00', -0.0::DOUBLE, ''::BLOB)
) AS t(id, d, ts, price, big_dec, name, flag, huge, small, clock, x, bytes)`;

async function hashOf(engine: SqlEngine, table: string): Promise<[number, string]> {
  const result = await engine.query(rowHash(quoteIdent(table)));
  return [Number(result.getChild('n')?.get(0)), String(result.getChild('h')?.get(0))];
}

describe('a table through Parquet and back', () => {
  let source: SqlEngine;
  let target: SqlEngine;
  beforeAll(async () => {
    source = await createNodeEngine();
    target = await createNodeEngine();
    await source.exec(CREATE);
  }, 60_000);

  it('keeps every type and every value, NULLs included', async () => {
    const stored = await exportTable(source, 'mixed', parquetNode);
    if (!stored) throw new Error('the table was not cacheable');
    expect(stored.rowCount).toBe(3);
    expect(Object.fromEntries(stored.columns.map((c) => [c.name, c.carrier]))).toEqual({
      id: 'native',
      d: 'native',
      ts: 'native',
      price: 'double',
      big_dec: 'text',
      name: 'native',
      flag: 'native',
      huge: 'text',
      small: 'double',
      clock: 'text',
      x: 'native',
      bytes: 'text',
    });
    await importTable(target, 'mixed', stored, parquetNode);
    const before = await describeRelation(source, 'mixed');
    const after = await describeRelation(target, 'mixed');
    expect(after.columns).toEqual(before.columns);
    expect(after.columns.map((c) => c.type)).toEqual([
      'INTEGER',
      'DATE',
      'TIMESTAMP',
      'DECIMAL(10,2)',
      'DECIMAL(22,4)',
      'VARCHAR',
      'BOOLEAN',
      'BIGINT',
      'BIGINT',
      'TIME',
      'DOUBLE',
      'BLOB',
    ]);
    expect(await hashOf(target, 'mixed')).toEqual(await hashOf(source, 'mixed'));
    // A value beyond 2^53 comes back exact (it travelled as text, not as a DOUBLE).
    const huge = await target.query('SELECT CAST(huge AS VARCHAR) AS v FROM mixed ORDER BY id');
    expect(huge.getChild('v')?.toArray()).toEqual(['9007199254740993', null, '-9007199254740993']);
  });

  it('native DuckDB reads the same Parquet file to the same rows', async () => {
    const stored = await exportTable(source, 'mixed', parquetNode);
    if (!stored) throw new Error('the table was not cacheable');
    const file = join(mkdtempSync(join(tmpdir(), 'casebook-cache-')), 'mixed.parquet');
    writeFileSync(file, stored.parquet);
    const conn = await (await DuckDBInstance.create(':memory:')).connect();
    const casts = stored.columns.map(
      (c) => `CAST(${quoteIdent(c.name)} AS ${c.type}) AS ${quoteIdent(c.name)}`,
    );
    await conn.run(`CREATE TABLE mixed AS SELECT ${casts.join(', ')} FROM read_parquet('${file}')`);
    const row = (await conn.runAndReadAll(rowHash('mixed'))).getRowObjects()[0];
    conn.closeSync();
    expect([Number(row?.['n']), String(row?.['h'])]).toEqual(await hashOf(source, 'mixed'));
  });

  it('an empty table comes back empty, with its columns', async () => {
    await source.exec('CREATE TABLE empty AS SELECT * FROM mixed WHERE false');
    const stored = await exportTable(source, 'empty', parquetNode);
    if (!stored) throw new Error('the table was not cacheable');
    await importTable(target, 'empty', stored, parquetNode);
    expect(await describeRelation(target, 'empty')).toEqual(await describeRelation(source, 'empty'));
  });

  it('leaves out tables with types it does not keep, and refuses a tampered type', async () => {
    await source.exec("CREATE TABLE nested AS SELECT {'a': 1} AS s, [1, 2] AS l");
    expect(await exportTable(source, 'nested', parquetNode)).toBeNull();
    expect(isCacheableType('INTEGER); DROP TABLE x; --')).toBe(false);
    const stored = await exportTable(source, 'mixed', parquetNode);
    if (!stored) throw new Error('the table was not cacheable');
    const tampered = {
      ...stored,
      columns: [{ name: 'id', type: 'INTEGER); DROP TABLE mixed; --', carrier: 'native' as const }],
    };
    await expect(importTable(target, 'other', tampered, parquetNode)).rejects.toThrow(/type/);
  });
});
