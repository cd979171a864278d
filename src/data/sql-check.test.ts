import { beforeAll, describe, expect, it } from 'vitest';
import type { SqlEngine } from './engine';
import { parserError } from './sql-check';
import { wasmEngine } from './testing/text-rows';

let engine: SqlEngine;
beforeAll(async () => {
  engine = await wasmEngine('CREATE TABLE t AS SELECT 1 AS name');
});

describe('parserError', () => {
  it("gives DuckDB's parser message and the position of the typo", async () => {
    const sql = 'SELEC name, FROM t';
    const error = await parserError(engine, sql);
    expect(error?.message).toMatch(/^Parser Error: syntax error at or near "SELEC"/);
    expect(error?.position).toBe(0);
    const late = await parserError(engine, 'SELECT name FROM t WHER name = 1');
    expect(late?.message).toMatch(/syntax error at or near "name"/);
    expect(late?.position).toBe('SELECT name FROM t WHER '.length);
  });

  it('is null for a statement that parses, query or not', async () => {
    expect(await parserError(engine, 'SELECT name FROM t')).toBeNull();
    expect(await parserError(engine, 'CREATE TABLE u AS SELECT 1')).toBeNull();
  });
});
