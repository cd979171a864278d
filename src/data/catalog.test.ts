import { beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import { formatValue } from '../ui/grid';
import { readRows, shownAsDuckdbText } from './catalog';
import type { SqlEngine } from './engine';
import { wasmEngine } from './testing/text-rows';

const SETUP = `CREATE TABLE t AS SELECT
  DATE '2007-11-11' AS d,
  TIMESTAMP '2007-11-11 10:30:00.123456' AS ts,
  TIMESTAMP '2007-11-11 00:00:00' AS midnight,
  TIMESTAMPTZ '2007-11-11 10:30:00+02' AS tz,
  TIME '10:30:01.5' AS t,
  INTERVAL '1 year 2 months 3 days 04:05:06.7' AS i,
  TIMESTAMP_S '2007-11-11 10:30:00' AS ts_s,
  12.50::DECIMAL(10, 2) AS price,
  170141183460469231731687303715884105727::HUGEINT AS huge,
  [1, 2] AS list,
  {'a': 1} AS struct,
  42 AS n,
  'text' AS s,
  NULL::DATE AS missing`;

let engine: SqlEngine;
beforeAll(async () => {
  engine = await wasmEngine(SETUP);
});

describe('readRows', () => {
  it('shows dates, times, timestamps, intervals, decimals and huge integers as DuckDB prints them', async () => {
    const table = await readRows(engine, 't', 0, 10);
    const shown = Object.fromEntries(
      table.schema.fields.map((f) => [f.name, formatValue(table.getChild(f.name)?.get(0))]),
    );
    // Native DuckDB (@duckdb/node-api) prints the same values as text: the reference.
    const native = await (await DuckDBInstance.create(':memory:')).connect();
    await native.run(SETUP);
    const reader = await native.runAndReadAll('SELECT COLUMNS(*)::VARCHAR FROM t');
    const reference = reader.getRowObjectsJS()[0] ?? {};
    expect(shown).toEqual({ ...reference, n: '42', missing: 'NULL' });
    expect(shown['d']).toBe('2007-11-11');
    expect(shown['ts']).toBe('2007-11-11 10:30:00.123456');
    expect(shown['t']).toBe('10:30:01.5');
    expect(shown['i']).toBe('1 year 2 months 3 days 04:05:06.7');
    expect(shown['price']).toBe('12.50');
    expect(shown['huge']).toBe('170141183460469231731687303715884105727');
  });

  it('pages through rows', async () => {
    const many = await wasmEngine(
      "CREATE TABLE r AS SELECT i, DATE '2001-01-01' + i::INTEGER AS day FROM range(100) AS x(i)",
    );
    const page = await readRows(many, 'r', 10, 5);
    expect(page.numRows).toBe(5);
    expect(formatValue(page.getChild('day')?.get(0))).toBe('2001-01-11');
  });
});

describe('shownAsDuckdbText', () => {
  it.each([
    ['DATE', true],
    ['TIMESTAMP', true],
    ['TIMESTAMP WITH TIME ZONE', true],
    ['TIMESTAMP_NS', true],
    ['TIME', true],
    ['INTERVAL', true],
    ['DECIMAL(18,3)', true],
    ['INTEGER[]', true],
    ['STRUCT(a INTEGER)', true],
    ['MAP(VARCHAR, INTEGER)', true],
    ['VARCHAR', false],
    ['DOUBLE', false],
    ['BIGINT', false],
    ['BOOLEAN', false],
  ])('%s → %s', (type, expected) => expect(shownAsDuckdbText(type)).toBe(expected));
});
