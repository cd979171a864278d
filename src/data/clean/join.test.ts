import { beforeAll, describe, expect, it } from 'vitest';
import { describeRelation } from '../catalog';
import type { SqlEngine } from '../engine';
import { joinSql, type JoinSide, type JoinSpec, type JoinType } from './join';
import { duplicateKeysText, duplicatesAddRows, joinDiagnostics } from './join-diagnostics';
import { nativeTextRows, textRows, wasmEngine } from './test-helpers';

// Left: customers, one with a NULL key, one duplicated key (2). Right: orders, key 2 three times, key 9 unknown.
const SETUP = `
CREATE TABLE "the customers" AS SELECT * FROM (VALUES (1, 'ann', 'x'), (2, 'bob', 'y'), (2, 'bob again', 'y'), (3, 'cy', 'z'), (NULL, 'nobody', 'w'))
  AS v("customer id", "name", "select");
CREATE TABLE orders AS SELECT * FROM (VALUES (1, 10.0, 'o1'), (2, 20.0, 'o2'), (2, 21.0, 'o3'), (2, 22.0, 'o4'), (9, 90.0, 'o9'))
  AS v("cust", "amount", "name");
CREATE TABLE empty AS SELECT * FROM orders WHERE false;
`;

let engine: SqlEngine;
let left: JoinSide;
let right: JoinSide;
beforeAll(async () => {
  engine = await wasmEngine(SETUP);
  left = { table: 'the customers', columns: (await describeRelation(engine, 'the customers')).columns };
  right = { table: 'orders', columns: (await describeRelation(engine, 'orders')).columns };
});

const spec = (type: JoinType): JoinSpec => ({
  left,
  right,
  leftKeys: ['customer id'],
  rightKeys: ['cust'],
  type,
  output: 'customer_orders',
});

describe('joinSql', () => {
  it('selects every left column and the right ones but the key, renaming collisions', () => {
    expect(joinSql(spec('left')).sql).toBe(
      [
        '-- left join of "the customers" and "orders" into "customer_orders"',
        'SELECT',
        '  l."customer id",',
        '  l."name",',
        '  l."select",',
        '  r."amount",',
        '  r."name" AS "name_right"',
        'FROM "the customers" AS l',
        'LEFT JOIN "orders" AS r',
        '  ON l."customer id" = r."cust"',
      ].join('\n'),
    );
  });

  it('a full join takes the key from the right when the left has none', async () => {
    const { sql } = joinSql(spec('full'));
    expect(sql).toContain('coalesce(l."customer id", r."cust") AS "customer id"');
    const rows = await textRows(engine, `${sql}\nORDER BY ALL`);
    expect(rows.map((r) => r['customer id'])).toContain('9');
  });

  it('refuses keys that are missing or do not pair up', () => {
    expect(() => joinSql({ ...spec('inner'), rightKeys: ['nope'] })).toThrow(
      'Join key "nope" is not a column of "orders".',
    );
    expect(() => joinSql({ ...spec('inner'), rightKeys: [] })).toThrow(/same number of key columns/);
  });
});

describe('joinDiagnostics', () => {
  it('counts matches, fan-out and the result rows of each join type, as the join gives them', async () => {
    for (const type of ['inner', 'left', 'right', 'full'] as const) {
      const d = await joinDiagnostics(engine, spec(type));
      const actual = await textRows(engine, `SELECT count(*) AS n FROM (${joinSql(spec(type)).sql}\n)`);
      expect(String(d.expectedRows), type).toBe(actual[0]?.['n']);
    }
    expect(await joinDiagnostics(engine, spec('left'))).toEqual({
      leftRows: 5,
      rightRows: 5,
      leftUnmatched: 2,
      rightUnmatched: 1,
      leftDuplicateKeys: 1,
      rightDuplicateKeys: 1,
      // Key 2: two left rows × three right rows = 6 rows where one per left row would be 2, and one per right row 3.
      rightFanOutRows: 4,
      leftFanOutRows: 3,
      leftRowsMatchingSeveral: 2,
      rightRowsMatchingSeveral: 3,
      relationship: 'many-to-many',
      matchedRows: 7,
      expectedRows: 9,
      leftUnmatchedExamples: [['3'], [null]],
      rightUnmatchedExamples: [['9']],
    });
  });

  // Each relationship as the join builder reports it: rows added only by the side matched into.
  const relationships = `
    CREATE TABLE one_l AS SELECT * FROM (VALUES (1), (2), (3)) AS v(k);
    CREATE TABLE one_r AS SELECT * FROM (VALUES (1, 'a'), (2, 'b'), (4, 'd')) AS v(k, x);
    CREATE TABLE many_l AS SELECT * FROM (VALUES (1), (1), (1), (2), (3)) AS v(k);
    CREATE TABLE many_r AS SELECT * FROM (VALUES (1, 'a'), (1, 'a2'), (2, 'b'), (4, 'd')) AS v(k, x);
  `;
  const between = async (l: string, r: string, type: JoinType) => {
    const e = await wasmEngine(relationships);
    const side = async (table: string): Promise<JoinSide> => ({
      table,
      columns: (await describeRelation(e, table)).columns,
    });
    const s: JoinSpec = {
      left: await side(l),
      right: await side(r),
      leftKeys: ['k'],
      rightKeys: ['k'],
      type,
      output: 'o',
    };
    const d = await joinDiagnostics(e, s);
    const actual = await textRows(e, `SELECT count(*) AS n FROM (${joinSql(s).sql}\n)`);
    expect(String(d.expectedRows)).toBe(actual[0]?.['n']);
    return d;
  };

  it('one-to-one: nothing repeats and nothing is added', async () => {
    const d = await between('one_l', 'one_r', 'left');
    expect(d).toMatchObject({
      relationship: 'one-to-one',
      expectedRows: 3,
      rightFanOutRows: 0,
      leftFanOutRows: 0,
    });
    expect(duplicatesAddRows(d, 'left')).toBe(false);
    expect(duplicateKeysText(d, 'left')).toBe('No key repeats on either side: one-to-one.');
  });

  it("many-to-one: a left join keeps the left's rows, and says so instead of a fan-out", async () => {
    const d = await between('many_l', 'one_r', 'left');
    expect(d).toMatchObject({
      relationship: 'many-to-one',
      leftRows: 5,
      expectedRows: 5,
      rightFanOutRows: 0,
    });
    expect(duplicatesAddRows(d, 'left')).toBe(false);
    expect(duplicateKeysText(d, 'left')).toBe(
      "Duplicated keys: 1 key on the left, 0 keys on the right (many-to-one on matched keys). Each left row matches at most one right row: the join keeps the left's 5 rows.",
    );
    // Seen from the right, the same duplicates do repeat rows.
    const right = await between('many_l', 'one_r', 'right');
    expect(right.expectedRows).toBe(5);
    expect(duplicatesAddRows(right, 'right')).toBe(true);
    expect(duplicateKeysText(right, 'right')).toContain(
      '1 right row match several left rows, which adds 2 rows (fan-out).',
    );
  });

  it('one-to-many: the left rows are repeated once per right match', async () => {
    const d = await between('one_l', 'many_r', 'left');
    expect(d).toMatchObject({
      relationship: 'one-to-many',
      leftRows: 3,
      expectedRows: 4,
      rightFanOutRows: 1,
    });
    expect(duplicatesAddRows(d, 'left')).toBe(true);
    expect(duplicateKeysText(d, 'left')).toContain(
      '1 left row match several right rows, which adds 1 row (fan-out).',
    );
  });

  it('many-to-many: both sides repeat, and an inner join says both', async () => {
    const d = await between('many_l', 'many_r', 'inner');
    // Key 1: 3 × 2 = 6 rows; key 2: 1.
    expect(d).toMatchObject({ relationship: 'many-to-many', matchedRows: 7, expectedRows: 7 });
    expect(duplicateKeysText(d, 'inner')).toContain(
      '3 left rows match several right rows, which adds 3 rows',
    );
    expect(duplicateKeysText(d, 'inner')).toContain(
      '2 right rows match several left rows, which adds 4 rows',
    );
  });

  it('an empty side: everything on the other side is unmatched', async () => {
    const empty = { table: 'empty', columns: right.columns };
    const d = await joinDiagnostics(engine, { ...spec('left'), right: empty });
    expect(d).toMatchObject({ leftRows: 5, rightRows: 0, leftUnmatched: 5, matchedRows: 0, expectedRows: 5 });
  });

  it('the join SQL runs unchanged in native DuckDB', async () => {
    const { sql } = joinSql(spec('full'));
    const ordered = `${sql}\nORDER BY ALL`;
    expect(await nativeTextRows(SETUP, ordered)).toEqual(await textRows(engine, ordered));
  });
});
