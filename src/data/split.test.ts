import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqlEngine } from './engine';
import { checkSplit, checkSplitColumn, splitSql } from './split';
import { createNodeEngine } from './testing/node-engine';

let engine: SqlEngine;
const SETUP = `CREATE TABLE t AS SELECT i AS id, CASE WHEN i % 4 = 0 THEN 'yes' ELSE 'no' END AS "the target",
  'g' || (i % 25) AS grp, DATE '2024-01-01' + CAST(i AS INTEGER) AS day FROM range(1000) AS r(i)`;

beforeAll(async () => {
  engine = await createNodeEngine();
  await engine.exec(SETUP);
});
afterAll(() => engine.terminate());

async function sides(sql: string) {
  await engine.exec(`CREATE OR REPLACE TABLE s AS ${sql}`);
  const r = await engine.query(
    `SELECT __split || ' ' || "the target" || ' ' || count(*) AS line FROM s GROUP BY __split, "the target" ORDER BY ALL`,
  );
  return Array.from({ length: r.numRows }, (_, i) => String(r.getChild('line')?.get(i)));
}

describe('splitSql', () => {
  it('random: exactly the share, the same for the same seed, another for another seed', async () => {
    await engine.exec(
      `CREATE OR REPLACE TABLE s AS ${splitSql('t', { kind: 'random', validationShare: 0.2, seed: 7 }, 'the target')}`,
    );
    const counted = await engine.query(
      `SELECT count(*) FILTER (WHERE __split = 'validation') AS v, sum(__row_id) AS ids FROM s`,
    );
    expect(Number(counted.getChild('v')?.get(0))).toBe(200);
    expect(Number(counted.getChild('ids')?.get(0))).toBe(500_500);
    const pick = async (seed: number) => {
      const r = await engine.query(
        `SELECT string_agg(CAST(__row_id AS VARCHAR), ',' ORDER BY __row_id) AS ids FROM (${splitSql('t', { kind: 'random', validationShare: 0.2, seed }, 'the target')}) WHERE __split = 'validation'`,
      );
      return String(r.getChild('ids')?.get(0));
    };
    expect(await pick(7)).toBe(await pick(7));
    expect(await pick(7)).not.toBe(await pick(8));
  });

  it('stratified: each class keeps its share (250 yes, 750 no → 50 and 150)', async () => {
    const rows = await sides(
      splitSql('t', { kind: 'stratified', validationShare: 0.2, seed: 1 }, 'the target'),
    );
    expect(rows).toEqual(['train no 600', 'train yes 200', 'validation no 150', 'validation yes 50']);
  });

  it('group: no group on both sides', async () => {
    await engine.exec(
      `CREATE OR REPLACE TABLE s AS ${splitSql('t', { kind: 'group', column: 'grp', validationShare: 0.3, seed: 3 }, 'the target')}`,
    );
    const r = await engine.query(
      `SELECT count(*) AS n FROM (SELECT grp FROM s GROUP BY grp HAVING count(DISTINCT __split) > 1)`,
    );
    expect(Number(r.getChild('n')?.get(0))).toBe(0);
    expect(
      (await checkSplit(engine, 's', { kind: 'group', column: 'grp', validationShare: 0.3, seed: 3 }))
        .validation,
    ).toBeGreaterThan(0);
  });

  it('time: rows from the cutoff on are the validation rows', async () => {
    await engine.exec(
      `CREATE OR REPLACE TABLE s AS ${splitSql('t', { kind: 'time', column: 'day', cutoff: '2026-01-01' }, 'the target')}`,
    );
    expect(await checkSplit(engine, 's', { kind: 'time', column: 'day', cutoff: '2026-01-01' })).toEqual({
      train: 731,
      validation: 269,
    });
    await engine.exec(
      `CREATE OR REPLACE TABLE s AS ${splitSql('t', { kind: 'time', column: 'day', cutoff: '2030-01-01' }, 'the target')}`,
    );
    await expect(
      checkSplit(engine, 's', { kind: 'time', column: 'day', cutoff: '2030-01-01' }),
    ).rejects.toThrow('no validation rows');
  });

  it('time without a cutoff: the latest 20% by time are the validation rows, none before a train row', async () => {
    await engine.exec(
      `CREATE OR REPLACE TABLE s AS ${splitSql('t', { kind: 'time', column: 'day', cutoff: '' }, 'the target')}`,
    );
    // quantile_disc(day, 0.8) over 1,000 distinct days is day index ⌊0.8 × 999⌋ = 799 (DuckDB, as
    // numpy's 'lower'): the 201 days from it on are validated.
    expect(await checkSplit(engine, 's', { kind: 'time', column: 'day', cutoff: '' })).toEqual({
      train: 799,
      validation: 201,
    });
    const r = await engine.query(
      `SELECT (SELECT max(day) FROM s WHERE __split = 'train') < (SELECT min(day) FROM s WHERE __split = 'validation') AS ok`,
    );
    expect(r.getChild('ok')?.get(0)).toBe(true);
  });

  it('refuses a share outside (0, 1) and a bad seed', () => {
    expect(() => splitSql('t', { kind: 'random', validationShare: 1, seed: 1 }, 'y')).toThrow(
      'between 0 and 1',
    );
    expect(() => splitSql('t', { kind: 'random', validationShare: 0.2, seed: -1 }, 'y')).toThrow('seed');
  });

  it('gives the same rows in native DuckDB (@duckdb/node-api)', async () => {
    const sql = splitSql('t', { kind: 'stratified', validationShare: 0.25, seed: 11 }, 'the target');
    const agg = `SELECT string_agg(CAST(__row_id AS VARCHAR), ',' ORDER BY __row_id) AS ids FROM (${sql}) WHERE __split = 'validation'`;
    const wasm = String((await engine.query(agg)).getChild('ids')?.get(0));
    const instance = await DuckDBInstance.create(':memory:');
    const conn = await instance.connect();
    await conn.run(SETUP);
    const native = (await conn.runAndReadAll(agg)).getRowObjects()[0]?.['ids'];
    conn.closeSync();
    expect(native).toBe(wasm);
  });
});

// numpy 1.24 / scikit-learn 1.2.1: /usr/bin/python3 src/data/reference/split_reference.py
const PRICES = {
  n: 1460,
  max: 750000,
  p1: 50000,
  p99: 722417.4200000002,
  decileEdges: [
    50069.8, 51119.8, 55669.4, 67919.8, 93750.0, 140719.59999999998, 218069.69999999998, 336719.60000000003,
    509270.0000000002,
  ],
  rowsPerDecile: 146,
  /** [rows, share, validation rows] rounded half up. */
  counts: [
    [1460, 0.2, 292],
    [1460, 0.15, 219],
    [1459, 0.2, 292],
    [1460, 0.333, 486],
    [37, 0.25, 9],
    [10, 0.25, 3],
  ],
} as const;

/** The reference's house-price-like target: a heavy right tail, 51 ties at the minimum. */
const pricesSql = (rows: number, n: number = PRICES.n) =>
  `CREATE OR REPLACE TABLE h AS SELECT i AS id, 50000 + floor(700000 * pow(((i * 7919) % ${n}) / ${n - 1}, 4)) AS price FROM range(${rows}) AS r(i)`;

describe('splitSql, stratified on a regression target', () => {
  const split = (seed: number, share = 0.2) =>
    splitSql('h', { kind: 'stratified', validationShare: share, seed }, 'price', 'regression');

  it('validates on exactly the share of the rows, rounded half up as the random split', async () => {
    for (const [rows, share, expected] of PRICES.counts) {
      await engine.exec(pricesSql(rows, rows));
      await engine.exec(`CREATE OR REPLACE TABLE s AS ${split(5, share)}`);
      expect(
        await checkSplit(engine, 's', { kind: 'stratified', validationShare: share, seed: 5 }),
        `${rows} rows at ${share}`,
      ).toEqual({ train: rows - expected, validation: expected });
    }
  });

  it('keeps each value decile at its share and validates on both tails, for any seed', async () => {
    await engine.exec(pricesSql(PRICES.n));
    const [e1, e2, e3, e4, e5, e6, e7, e8, e9] = PRICES.decileEdges;
    const decile = `CASE ${[e1, e2, e3, e4, e5, e6, e7, e8, e9]
      .map((edge, k) => `WHEN price < ${edge} THEN ${k}`)
      .join(' ')} ELSE 9 END`;
    for (const seed of [1, 2, 42]) {
      await engine.exec(`CREATE OR REPLACE TABLE s AS ${split(seed)}`);
      const r = await engine.query(
        `SELECT ${decile} AS decile, count(*) AS rows, count(*) FILTER (WHERE __split = 'validation') AS v,
           max(price) FILTER (WHERE __split = 'validation') AS vmax, min(price) FILTER (WHERE __split = 'validation') AS vmin
         FROM s GROUP BY ALL ORDER BY decile`,
      );
      const column = (name: string) =>
        Array.from({ length: r.numRows }, (_, i) => Number(r.getChild(name)?.get(i)));
      expect(column('rows')).toEqual(Array(10).fill(PRICES.rowsPerDecile));
      for (const v of column('v')) expect(Math.abs(v - 0.2 * PRICES.rowsPerDecile)).toBeLessThanOrEqual(2);
      expect(Math.max(...column('vmax'))).toBeGreaterThanOrEqual(PRICES.p99);
      expect(Math.min(...column('vmin'))).toBeLessThanOrEqual(PRICES.p1);
    }
    const ids = async (seed: number) =>
      String(
        (
          await engine.query(
            `SELECT string_agg(CAST(__row_id AS VARCHAR), ',' ORDER BY __row_id) AS ids FROM (${split(seed)}) WHERE __split = 'validation'`,
          )
        )
          .getChild('ids')
          ?.get(0),
      );
    expect(await ids(3)).toBe(await ids(3));
    expect(await ids(3)).not.toBe(await ids(4));
  });

  it('leaves rows without a target in train and counts the share on the others', async () => {
    await engine.exec(pricesSql(PRICES.n));
    await engine.exec(`UPDATE h SET price = NULL WHERE id % 10 = 0`);
    await engine.exec(`CREATE OR REPLACE TABLE s AS ${split(9)}`);
    const r = await engine.query(
      `SELECT count(*) FILTER (WHERE __split = 'validation') AS v, count(*) FILTER (WHERE price IS NULL AND __split = 'validation') AS nv FROM s`,
    );
    // 1,314 rows with a price: ⌊0.2 × 1314 + ½⌋ = 263.
    expect(Number(r.getChild('v')?.get(0))).toBe(263);
    expect(Number(r.getChild('nv')?.get(0))).toBe(0);
  });

  it('gives the same rows in native DuckDB (@duckdb/node-api)', async () => {
    await engine.exec(pricesSql(PRICES.n));
    const agg = `SELECT string_agg(CAST(__row_id AS VARCHAR), ',' ORDER BY __row_id) AS ids FROM (${split(11)}) WHERE __split = 'validation'`;
    const wasm = String((await engine.query(agg)).getChild('ids')?.get(0));
    const instance = await DuckDBInstance.create(':memory:');
    const conn = await instance.connect();
    await conn.run(pricesSql(PRICES.n));
    const native = (await conn.runAndReadAll(agg)).getRowObjects()[0]?.['ids'];
    conn.closeSync();
    expect(native).toBe(wasm);
  });
});

describe('splitSql by a column', () => {
  const LABELS = `CREATE OR REPLACE TABLE l AS SELECT i AS id, CASE i % 5 WHEN 0 THEN 'Validation' WHEN 1 THEN 'TEST' ELSE ' train' END AS side, CAST(i % 4 = 0 AS INTEGER) AS flag FROM range(20) AS r(i)`;
  const sql = (column: string) => splitSql('l', { kind: 'column', column }, 'id');
  const agg = (column: string) =>
    `SELECT string_agg(__split || ':' || __row_id, ',' ORDER BY __row_id) AS s FROM (${sql(column)})`;

  it('keeps train and validation rows by their label, leaves test rows out, the same in native DuckDB', async () => {
    await engine.exec(LABELS);
    const wasm = String((await engine.query(agg('side'))).getChild('s')?.get(0));
    expect(wasm.split(',').filter((s) => s.startsWith('validation'))).toEqual([
      'validation:1',
      'validation:6',
      'validation:11',
      'validation:16',
    ]);
    expect(wasm.split(',')).toHaveLength(16);
    const instance = await DuckDBInstance.create(':memory:');
    const conn = await instance.connect();
    await conn.run(LABELS);
    expect((await conn.runAndReadAll(agg('side'))).getRowObjects()[0]?.['s']).toBe(wasm);
    // 0/1: 1 validates.
    const flags = String((await engine.query(agg('flag'))).getChild('s')?.get(0));
    expect(flags.split(',').filter((s) => s.startsWith('validation'))).toHaveLength(5);
    // Outside the app a value that names no side stops the query rather than dropping the row.
    await conn.run(`UPDATE l SET side = 'holdout' WHERE id = 3`);
    await expect(conn.runAndReadAll(agg('side'))).rejects.toThrow(
      'The split column side has a value that is not train, validation or test (in any case), or 0 = train and 1 = validation (false/true alike); test rows are left out: holdout',
    );
    conn.closeSync();
    await expect(checkSplitColumn(engine, 'l', { kind: 'column', column: 'side' })).resolves.toEqual({
      test: 4,
    });
  });
});
