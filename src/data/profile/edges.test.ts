import { beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../lib/errors';
import type { SqlEngine } from '../engine';
import { createNodeEngine } from '../testing/node-engine';
import { profileTable } from './index';
import { column, expectPlainJson, expectValidSuggestions, replayNative } from './test-helpers';

let engine: SqlEngine;
beforeAll(async () => {
  engine = await createNodeEngine();
});

const tempTables = async (): Promise<number> =>
  Number(
    (await engine.query('SELECT count(*) AS n FROM duckdb_tables() WHERE temporary')).getChild('n')?.get(0),
  );

describe('profileTable on awkward tables', () => {
  it('quotes column names with spaces, quotes, unicode and keywords', async () => {
    const setup = `CREATE TABLE "we""ird table" AS SELECT * FROM (VALUES (1, 'a b', 'x', NULL), (2, 'c', 'y', 'N/A'), (3, '', 'x', 'ok')) AS v("select", "two words", "ünï ""q""", "order")`;
    await engine.exec(setup);
    const p = await profileTable(engine, 'we"ird table', { sampleRows: 100, target: 'ünï "q"' });
    expect(p.columns.map((c) => c.name)).toEqual(['select', 'two words', 'ünï "q"', 'order']);
    expect(column(p, 'two words').missing.blanks).toBe(1);
    expect(column(p, 'order').missing).toEqual({
      nulls: 1,
      blanks: 0,
      placeholders: [{ value: 'N/A', count: 1 }],
    });
    expect(p.target).toEqual({ column: 'ünï "q"', kind: 'binary', positiveLabel: 'y', overallRate: 1 / 3 });
    await expectValidSuggestions(engine, p);
    await replayNative(setup, p.queries);
  });

  it('an all-NULL column: all missing, no NaN anywhere', async () => {
    await engine.exec(
      'CREATE TABLE nulls AS SELECT i, CAST(NULL AS DOUBLE) AS x, CAST(NULL AS VARCHAR) AS t FROM range(5) AS r(i)',
    );
    const p = await profileTable(engine, 'nulls', { sampleRows: 100 });
    const x = column(p, 'x');
    expect(x).toMatchObject({ count: 0, distinct: 0, mean: null, std: null, min: null, histogram: null });
    expect(x.flags.allMissing).toBe(true);
    expect(column(p, 't').flags.allMissing).toBe(true);
    expect(p.issues.filter((i) => i.code === 'all-missing').map((i) => i.column)).toEqual(['x', 't']);
    expect(p.issues[0]?.severity).toBe('high');
    expectPlainJson(p);
    await expectValidSuggestions(engine, p);
  });

  it('an empty table and a one-row table', async () => {
    await engine.exec("CREATE TABLE empty AS SELECT 1 AS a, 'x' AS b, DATE '2020-01-01' AS d WHERE false");
    const empty = await profileTable(engine, 'empty', { sampleRows: 100, target: 'a' });
    expect(empty).toMatchObject({ rowCount: 0, exactDuplicateRows: 0, keyCandidates: [], issues: [] });
    expect(column(empty, 'a')).toMatchObject({ count: 0, quantiles: { p50: null }, outliers: null });
    expectPlainJson(empty);
    await engine.exec("CREATE TABLE one AS SELECT 1 AS a, 'x' AS b, DATE '2020-01-01' AS d");
    const one = await profileTable(engine, 'one', { sampleRows: 100 });
    expect(column(one, 'a')).toMatchObject({
      count: 1,
      mean: 1,
      std: null,
      histogram: [{ x0: 1, x1: 1, count: 1 }],
    });
    expect(column(one, 'd')).toMatchObject({ kind: 'temporal', min: '2020-01-01', max: '2020-01-01' });
    expectPlainJson(one);
  });

  it('counts exact duplicate rows and duplicate keys of an id column', async () => {
    await engine.exec(
      'CREATE TABLE dups AS SELECT i % 90 AS customer_id, i % 3 AS g FROM range(100) AS r(i) UNION ALL SELECT 1, 1',
    );
    const p = await profileTable(engine, 'dups', { sampleRows: 1000 });
    // By hand: (i % 90, i % 3) repeats for i ≥ 90 only where i % 3 = (i - 90) % 3 — always, so 10; plus (1, 1) again.
    expect(p.exactDuplicateRows).toBe(11);
    expect(p.keyCandidates).toEqual([{ column: 'customer_id', duplicateKeys: 11, nulls: 0 }]);
    expect(p.issues.map((i) => i.code)).toEqual(expect.arrayContaining(['duplicate-rows', 'duplicate-keys']));
    await expectValidSuggestions(engine, p);
  });
});

describe('sampling and cancelling', () => {
  const big =
    'CREATE TABLE big AS SELECT i AS id, i % 7 AS g, CAST(i % 11 AS VARCHAR) AS t FROM range(5000) AS r(i)';

  it('profiles a reservoir sample of bigger tables, says so, and drops it', async () => {
    await engine.exec(big);
    const p = await profileTable(engine, 'big', { sampleRows: 1000, seed: 7 });
    expect(p.rowCount).toBe(5000);
    expect(p.sample).toEqual({ rows: 1000, of: 5000, seed: 7 });
    expect(column(p, 'g').count).toBe(1000);
    expect(p.queries.some((q) => /USING SAMPLE reservoir\(1000 ROWS\) REPEATABLE \(7\)/.test(q))).toBe(true);
    expect(p.queries.at(-1)).toMatch(/^DROP TABLE IF EXISTS "__casebook_profile_sample_/);
    expect(await tempTables()).toBe(0);
    const again = await profileTable(engine, 'big', { sampleRows: 1000, seed: 7 });
    expect(again.columns).toEqual(p.columns);
    await replayNative(big, p.queries);
  });

  it('a cancel rejects with "cancelled" and still drops the sample', async () => {
    const controller = new AbortController();
    let calls = 0;
    const aborting: SqlEngine = {
      ...engine,
      query: (sql, options) => {
        calls += 1;
        if (calls === 5) controller.abort();
        return engine.query(sql, options);
      },
    };
    const failure = await profileTable(aborting, 'big', { sampleRows: 100, signal: controller.signal }).catch(
      (e: unknown) => e,
    );
    expect(failure).toBeInstanceOf(AppError);
    expect(failure instanceof AppError ? failure.code : null).toBe('cancelled');
    expect(await tempTables()).toBe(0);
  });
});

describe('big tables', () => {
  it('above 100,000 rows: approximate quantiles, said so; distinct counts, keys and text counts stay exact', async () => {
    const setup = `CREATE TABLE wide AS SELECT i AS id, i % 20 AS units, CAST(i % 7 AS VARCHAR) AS t,
      CASE WHEN i % 10 = 0 THEN 'N/A' WHEN i % 10 = 1 THEN ' ' ELSE 'v' || CAST(i % 3 AS VARCHAR) END AS dirty
      FROM range(150000) AS r(i)`;
    await engine.exec(setup);
    const p = await profileTable(engine, 'wide', { sampleRows: 1_000_000 });
    expect(p.quantilesApproximate).toBe(true);
    expect(column(p, 'id')).toMatchObject({ distinct: 150_000, flags: { idLike: true } });
    expect(column(p, 'id').quantiles?.p50).toBeCloseTo(75_000, -3);
    expect(
      column(p, 'units')
        .top.slice(0, 3)
        .map((v) => v.value),
    ).toEqual(['0', '1', '2']);
    expect(p.keyCandidates).toEqual([{ column: 'id', duplicateKeys: 0, nulls: 0 }]);
    expect(column(p, 't').shouldBe).toEqual({ type: 'BIGINT', share: 1, failures: [] });
    expect(column(p, 'dirty')).toMatchObject({
      distinct: 5,
      missing: { nulls: 0, blanks: 15_000, placeholders: [{ value: 'N/A', count: 15_000 }] },
    });
    const small = await profileTable(engine, 'wide', { sampleRows: 50_000 });
    expect(small.quantilesApproximate).toBe(false);
    await replayNative(setup, p.queries);
  });
});
