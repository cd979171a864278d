import { describe, expect, it } from 'vitest';
import { AppError, SqlError } from '../lib/errors';
import { classifyDuckDbError, errorPosition, isFatal, isOutOfMemory, parseStructured } from './duckdb-errors';

// Messages below are DuckDB-WASM 1.32 (DuckDB v1.4.3) output, captured from the Node build.
const columns = Array.from({ length: 40 }, (_, i) => `col_${i}`).join(', ');

describe('errorPosition', () => {
  it('reads the caret on a later line of a multi-line query', () => {
    const sql = 'select 1,\n  2 frm x wher';
    const message =
      'Parser Error: syntax error at or near "x"\n\nLINE 2:   2 frm x wher\n                ^\n\nLINE 2:   2 frm x wher\n                ^';
    expect(errorPosition(message, sql)).toBe(sql.indexOf('x'));
  });

  it('finds the location on a line cut with "..." at the start', () => {
    const sql = `select ${columns} frm t`;
    const message =
      'Parser Error: syntax error at or near "t"\n\nLINE 1: ..., col_33, col_34, col_35, col_36, col_37, col_38, col_39 frm t\n' +
      `${' '.repeat(72)}^`;
    expect(errorPosition(message, sql)).toBe(sql.length - 1);
  });

  it('finds the location on a line cut with "..." at both ends', () => {
    const sql = `select ${columns}, 1 + from (select 1) t where ${columns} > 3`;
    const message =
      'Parser Error: syntax error at or near "from"\n\nLINE 1: ..., col_33, col_34, col_35, col_36, col_37, col_38, col_39, 1 + from (select 1) t where col_0, col_1, col_2, col_3, col_4...\n' +
      `${' '.repeat(73)}^`;
    expect(errorPosition(message, sql)).toBe(sql.indexOf('from'));
  });

  it('undoes the drift after wide characters (caret in columns, location misread as bytes)', () => {
    const sql = "select '名前名前' as x frm t";
    const message = `Parser Error: syntax error at or near "frm"\n\nLINE 1: ${sql}\n${' '.repeat(24)}^`;
    expect(errorPosition(message, sql)).toBe(sql.indexOf('frm'));
  });

  it('counts a tab as zero columns, as DuckDB does', () => {
    const sql = 'select\t1 frm t';
    const message = `Parser Error: syntax error at or near "t"\n\nLINE 1: ${sql}\n${' '.repeat(20)}^`;
    expect(errorPosition(message, sql)).toBe(sql.length - 1);
  });

  it('is undefined without a LINE context, or when the context does not fit the SQL', () => {
    expect(errorPosition('Parser Error: syntax error at end of input', 'select 1 +')).toBeUndefined();
    expect(errorPosition('x\nLINE 9: nothing\n         ^', 'select 1')).toBeUndefined();
  });
});

describe('classifyDuckDbError', () => {
  it('keeps the first part of the message, the SQL and the position', () => {
    const sql = 'select *\nfrom nope_table';
    const e = classifyDuckDbError(
      new Error(
        'Catalog Error: Table with name nope_table does not exist!\nDid you mean "pg_tables"?\n\nLINE 2: from nope_table\n             ^',
      ),
      sql,
    );
    expect(e).toBeInstanceOf(SqlError);
    expect(e.message).toBe(
      'Catalog Error: Table with name nope_table does not exist!\nDid you mean "pg_tables"?',
    );
    expect(e instanceof SqlError ? [e.sql, e.position] : []).toEqual([sql, sql.indexOf('nope_table')]);
  });

  it('reads the JSON form of an error, converting its character position to UTF-16', () => {
    const sql = "select '😀' frm t";
    const e = classifyDuckDbError(
      new Error(
        '{"exception_type":"Parser","exception_message":"syntax error at or near \\"t\\"","position":"15"}',
      ),
      sql,
    );
    expect(e.message).toBe('Parser Error: syntax error at or near "t"');
    expect(e instanceof SqlError ? e.position : -1).toBe(sql.length - 1);
    expect(parseStructured('not json')).toBeNull();
  });

  it('turns an out-of-memory error into AppError("out-of-memory") with advice', () => {
    const e = classifyDuckDbError(
      new Error('Out of Memory Error: could not allocate block of size 256.0 KiB (3.0 GiB/3.1 GiB used)'),
      'select 1',
    );
    expect(e).toBeInstanceOf(AppError);
    expect(e).not.toBeInstanceOf(SqlError);
    expect(e.code).toBe('out-of-memory');
    expect(e.message).toMatch(/Filter or sample/);
    expect(isOutOfMemory('failed: could not allocate block of size 1 MiB')).toBe(true);
    expect(isOutOfMemory('Binder Error: column x not found')).toBe(false);
  });

  it('recognises errors after which the instance must be restarted', () => {
    expect(
      isFatal('FATAL Error: Failed: database has been invalidated because of a previous fatal error'),
    ).toBe(true);
    expect(isFatal('RuntimeError: table index is out of bounds')).toBe(true);
    expect(isFatal('Parser Error: syntax error at or near "x"')).toBe(false);
  });
});
