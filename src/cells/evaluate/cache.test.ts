import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqlEngine } from '../../data/engine';
import { createNodeEngine } from '../../data/testing/node-engine';
import { parquetNode } from '../../data/testing/parquet-node';
import { DEFAULT_BOOTSTRAP } from '../../notebook/evaluate-types';
import { exportToCache, restoreFromCache, type TableCachePort } from '../../runtime/table-cache';
import { briefOf, cellOf, testContext } from '../testing';
import { runEvaluate } from './run';

/*
 * An evaluation kept in the table cache is restored only while the predictions table it judged
 * holds the same rows: the table comes from the train cell's stored batch, which the evaluate
 * cell's fingerprint does not name. Through the runtime's restoreFromCache, over a memory store.
 */

function memoryPort(): TableCachePort {
  const entries = new Map<string, { parquet: Uint8Array; meta: unknown }>();
  return {
    codec: parquetNode,
    find: (key) => Promise.resolve(entries.get(key) ?? null),
    save: (entry) => Promise.resolve(void entries.set(entry.key, structuredClone(entry))),
  };
}

const predictions = (scoreOfFive: number) =>
  `SELECT run_id, run, role, row_id, truth, CASE WHEN run_id = 'm' AND row_id = 5 THEN ${scoreOfFive} ELSE score END AS score
   FROM (SELECT CASE WHEN range < 20 THEN 'b' ELSE 'm' END AS run_id, CASE WHEN range < 20 THEN 'Baseline' ELSE 'Model' END AS run,
     CASE WHEN range < 20 THEN 'baseline' ELSE 'model' END AS role, CAST(range % 20 AS INTEGER) AS row_id,
     CAST(range % 20 % 3 = 0 AS DOUBLE) AS truth, CASE WHEN range < 20 THEN 0.4 ELSE ((range * 7) % 20) / 20.0 END AS score FROM range(40))`;

let engine: SqlEngine;
beforeAll(async () => {
  engine = await createNodeEngine();
  await engine.exec(
    `CREATE TABLE people AS SELECT range AS id, ['a', 'b'][1 + range % 2] AS plan FROM range(20)`,
  );
  await engine.exec(`CREATE TABLE preds AS ${predictions(0.3)}`);
}, 60_000);
afterAll(() => engine.terminate());

describe('an evaluation in the table cache', () => {
  it('is restored while its predictions hold the same rows, and runs when they do not', async () => {
    const brief = briefOf({ input: 'people', target: 'churn', values: { tp: 100, fp: -20, tn: 0, fn: 0 } });
    const cell = cellOf('evaluate', {
      input: 'preds',
      threshold: null,
      slices: ['plan'],
      bootstrap: { ...DEFAULT_BOOTSTRAP, resamples: 100 },
      model: null,
      champion: null,
    });
    const output = await runEvaluate(testContext(engine, brief), cell);
    const port = memoryPort();
    const kept = await exportToCache(port, engine, { cell, output, key: 'k', caseId: 'case' });
    await kept?.written;
    expect(await restoreFromCache(port, engine, cell, 'k')).toEqual(output);
    // The same rows in another order: the same predictions.
    await engine.exec('CREATE OR REPLACE TABLE preds AS SELECT * FROM preds ORDER BY score, row_id DESC');
    expect(await restoreFromCache(port, engine, cell, 'k')).toEqual(output);
    // One score of the model changed (a batch trained again): the evaluation is run, not restored.
    await engine.exec(`CREATE OR REPLACE TABLE preds AS ${predictions(0.31)}`);
    expect(await restoreFromCache(port, engine, cell, 'k')).toBeNull();
    await engine.exec('DROP TABLE preds');
    expect(await restoreFromCache(port, engine, cell, 'k')).toBeNull();
    await engine.exec(`CREATE TABLE preds AS ${predictions(0.3)}`);
    expect(await restoreFromCache(port, engine, cell, 'k')).toEqual(output);
    // An evaluation of another table, or one that does not read as an evaluation, is not used.
    expect(
      await restoreFromCache(port, engine, { ...cell, config: { ...cell.config, input: 'people' } }, 'k'),
    ).toBeNull();
    const broken = { ...output, runs: [{ ...output.runs[0], kind: 'ranking' }] };
    await port.save({
      key: 'b',
      caseId: 'case',
      cellId: cell.id,
      table: '',
      parquet: new Uint8Array(0),
      meta: { rowCount: 0, columns: [], output: broken, digest: '40:0' },
    });
    expect(await restoreFromCache(port, engine, cell, 'b')).toBeNull();
  });
});
