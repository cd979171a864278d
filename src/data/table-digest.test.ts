import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqlEngine } from './engine';
import { tableDigest } from './table-digest';
import { createNodeEngine } from './testing/node-engine';

let engine: SqlEngine;
beforeAll(async () => {
  engine = await createNodeEngine();
  await engine.exec(
    "CREATE TABLE p AS SELECT 'run-' || (range % 3) AS run_id, range AS row_id, range / 7.0 AS score FROM range(3000)",
  );
}, 60_000);
afterAll(() => engine.terminate());

describe('tableDigest', () => {
  it('is the same for the same rows in any order, and another for any change', async () => {
    const digest = await tableDigest(engine, 'p');
    expect(digest).toMatch(/^3000:-?\d+$/);
    await engine.exec('CREATE TABLE shuffled AS SELECT * FROM p ORDER BY score DESC');
    expect(await tableDigest(engine, 'shuffled')).toBe(digest);
    const changes = [
      'SELECT * REPLACE (CASE WHEN row_id = 17 THEN score + 1e-9 ELSE score END AS score) FROM p',
      "SELECT * REPLACE (CASE WHEN row_id = 17 THEN 'run-9' ELSE run_id END AS run_id) FROM p",
      'SELECT * FROM p WHERE row_id <> 17',
      'SELECT * FROM p UNION ALL SELECT * FROM p WHERE row_id = 17',
      'SELECT row_id, run_id, score FROM p',
    ];
    const digests = [];
    for (const [i, sql] of changes.entries()) {
      await engine.exec(`CREATE TABLE changed_${i} AS ${sql}`);
      digests.push(await tableDigest(engine, `changed_${i}`));
    }
    expect(new Set([digest, ...digests]).size).toBe(changes.length + 1);
    await engine.exec('CREATE TABLE empty AS SELECT * FROM p LIMIT 0');
    expect(await tableDigest(engine, 'empty')).toBe('0:0');
  });

  it('is null for a table that is not there', async () => {
    expect(await tableDigest(engine, 'no_such_table')).toBeNull();
  });
});
