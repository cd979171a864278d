import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqlEngine } from './engine';
import { checkSplit, splitSql } from './split';
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
