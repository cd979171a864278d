import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableFromArrays, tableToIPC } from 'apache-arrow';
import { AppError, SqlError } from '../../lib/errors';
import type { SqlEngine } from '../engine';

/** The SQL and where in it the error should be reported: the offset of `at` in `sql`. */
function located(sql: string, at: string): { sql: string; offset: number } {
  return { sql, offset: sql.indexOf(at) };
}

async function failure(run: Promise<unknown>): Promise<unknown> {
  try {
    await run;
  } catch (e: unknown) {
    return e;
  }
  throw new Error('expected the call to fail');
}

async function sqlFailure(run: Promise<unknown>): Promise<SqlError> {
  const e = await failure(run);
  if (!(e instanceof SqlError)) throw new Error(`expected a SqlError, got ${String(e)}`);
  return e;
}

function column(table: { getChild(name: string): { toArray(): ArrayLike<unknown> } | null }, name: string) {
  const child = table.getChild(name);
  if (!child) throw new Error(`no column ${name}`);
  return Array.from(child.toArray());
}

/**
 * What every `SqlEngine` must do, run against each implementation (DuckDB-WASM in Node here;
 * the browser adapter in the browser). Engines are built fresh by `makeEngine`.
 */
export function engineContract(makeEngine: () => Promise<SqlEngine>, name = 'SqlEngine'): void {
  describe(`SqlEngine contract: ${name}`, () => {
    let engine: SqlEngine;
    beforeAll(async () => {
      engine = await makeEngine();
    });
    afterAll(async () => {
      await engine.terminate();
    });

    it('returns results as Arrow, with BIGINT and COUNT as numbers', async () => {
      const result = await engine.query(
        "SELECT 42::BIGINT AS n, 'a''b' AS s, 1.5::DOUBLE AS x, NULL::INTEGER AS missing UNION ALL SELECT 7, 'c', 2.5, 3",
      );
      expect(result.numRows).toBe(2);
      expect(result.schema.fields.map((f) => f.name)).toEqual(['n', 's', 'x', 'missing']);
      expect(column(result, 'n')).toEqual([42, 7]);
      expect(column(result, 's')).toEqual(["a'b", 'c']);
      expect(column(result, 'x')).toEqual([1.5, 2.5]);
      expect(result.getChild('missing')?.get(0)).toBeNull();
      const counted = await engine.query('SELECT count(*) AS c FROM range(1000)');
      expect(counted.getChild('c')?.get(0)).toBe(1000);
    });

    it('reports a syntax error with the offset of the bad token in a multi-line query', async () => {
      const { sql, offset } = located(
        'SELECT 1 AS a,\n       2 AS b\nFROM range(3) r\nWHER r.range > 1',
        'WHER',
      );
      const e = await sqlFailure(engine.query(sql));
      expect(e.code).toBe('sql');
      expect(e.sql).toBe(sql);
      expect(e.message).toMatch(/syntax error at or near "WHER"/);
      expect(e.message).not.toMatch(/LINE \d+:/);
      expect(e.position).toBe(offset);
    });

    // DuckDB prints the caret in terminal columns from a location it counts in characters but
    // applies as bytes: these are the cases where reading the caret naively goes wrong.
    it.each([
      ['wide characters', "SELECT '名前名前' AS x,\n  '名前' AS y frm t"],
      ['emoji (two UTF-16 units each)', "SELECT '😀😀' AS x,\n '😀' AS y frm t"],
      ['a LINE number that drifted', `SELECT '${'名前'.repeat(14)}',\n 1 AS one frm t`],
      [
        'a long line cut with "..."',
        `SELECT 1\n, ${Array.from({ length: 30 }, (_, i) => `c${i}`).join(', ')} AS last frm t`,
      ],
      ['a tab', 'SELECT\t1 AS one\tfrm t'],
    ])('locates the error after %s', async (_, sql) => {
      const e = await sqlFailure(engine.query(sql));
      expect(e.message).toMatch(/at or near "frm"/);
      expect(e.position).toBe(sql.indexOf('frm'));
    });

    it('names the missing table', async () => {
      const e = await sqlFailure(engine.query('SELECT *\nFROM no_such_table'));
      expect(e.message).toContain('no_such_table');
      expect(e.position).toBe('SELECT *\nFROM '.length);
    });

    it('lists the tables a query reads, without its CTEs', async () => {
      const names = await engine.tableNames(
        'WITH recent AS (SELECT * FROM orders) SELECT * FROM recent JOIN "customer list" c ON c.id = recent.id',
      );
      expect(names.sort()).toEqual(['customer list', 'orders']);
    });

    it('creates and then replaces a table from Arrow IPC', async () => {
      const first = tableToIPC(tableFromArrays({ id: Float64Array.from([1, 2, 3]) }), 'stream');
      await engine.insertArrowIpc('contract "ipc"', first);
      const second = tableToIPC(tableFromArrays({ id: Float64Array.from([9]), label: ['x'] }), 'stream');
      await engine.insertArrowIpc('contract "ipc"', second);
      const result = await engine.query('SELECT * FROM "contract ""ipc"""');
      expect(result.schema.fields.map((f) => f.name)).toEqual(['id', 'label']);
      expect(column(result, 'id')).toEqual([9]);
    });

    it('reads a registered file with read_csv, and again after it is replaced', async () => {
      await engine.registerFile('contract.csv', new Blob(['a,b\n1,x\n2,y\n']));
      const result = await engine.query("SELECT sum(a) AS total FROM read_csv('contract.csv')");
      expect(result.getChild('total')?.get(0)).toBe(3);
      await engine.registerFile('contract.csv', new Blob(['a,b\n10,x\n']));
      const again = await engine.query("SELECT sum(a) AS total FROM read_csv('contract.csv')");
      expect(again.getChild('total')?.get(0)).toBe(10);
      await engine.dropFile('contract.csv');
    });

    it('rejects a query whose signal is already aborted with AppError("cancelled")', async () => {
      const controller = new AbortController();
      controller.abort();
      const e = await failure(engine.query('SELECT 1', { signal: controller.signal }));
      expect(e).toBeInstanceOf(AppError);
      expect(e instanceof AppError ? e.code : undefined).toBe('cancelled');
    });

    it('rejects an out-of-memory query with AppError("out-of-memory"), and goes on working', async () => {
      await engine.exec("SET memory_limit = '32MB'");
      try {
        const e = await failure(
          engine.exec(
            "CREATE TABLE contract_big AS SELECT range::VARCHAR || repeat('x', 40) AS s FROM range(3000000)",
          ),
        );
        expect(e instanceof AppError ? e.code : e).toBe('out-of-memory');
      } finally {
        await engine.exec('RESET memory_limit');
      }
      expect((await engine.query('SELECT 42 AS n')).getChild('n')?.get(0)).toBe(42);
    });

    it('does not load extensions: Parquet and JSON readers fail with a readable error', async () => {
      const e = await sqlFailure(engine.query("SELECT * FROM read_json('x.json')"));
      expect(e.message).toMatch(/json extension/);
    });
  });
}
