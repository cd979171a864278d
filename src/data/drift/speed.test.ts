import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batchDrift } from '../../ml/drift';
import type { SqlEngine } from '../engine';
import { driftBenchPlan, driftBenchSetupSql, DRIFT_BENCH } from '../testing/drift-bench';
import { createNodeEngine } from '../testing/node-engine';
import { countDrift } from './counts';

// A speed check, printed and not asserted; skipped unless CASEBOOK_BENCH=1. Drift of 30 features
// over 12 batches of 100,000 rows against a 100,000-row reference, pushed down to DuckDB-WASM in
// Node (the browser's wasm build, one thread), then the same statements replayed on native DuckDB.
describe.skipIf(process.env['CASEBOOK_BENCH'] !== '1')(
  'speed: drift of 30 features × 12 batches × 100,000 rows',
  () => {
    let engine: SqlEngine;
    const timings: { sql: string; ms: number }[] = [];

    beforeAll(async () => {
      const inner = await createNodeEngine();
      await inner.exec(driftBenchSetupSql());
      engine = {
        ...inner,
        query: async (sql, options) => {
          const start = performance.now();
          const result = await inner.query(sql, options);
          timings.push({ sql, ms: performance.now() - start });
          return result;
        },
      };
    }, 600_000);
    afterAll(() => engine.terminate());

    it('DuckDB-WASM (Node), then native DuckDB on the same SQL', async () => {
      const plan = driftBenchPlan();
      const start = performance.now();
      const counts = await countDrift(engine, plan);
      const countsMs = performance.now() - start;
      const statsStart = performance.now();
      const drifts = counts.batches.map((b) => batchDrift(b.features));
      const statsMs = performance.now() - statsStart;
      expect(drifts).toHaveLength(DRIFT_BENCH.batches);
      const wasmSqlMs = timings.reduce((s, t) => s + t.ms, 0);

      const native: Record<string, number> = {};
      for (const threads of ['1', '2']) {
        const instance = await DuckDBInstance.create(':memory:', { threads });
        const conn = await instance.connect();
        await conn.run(driftBenchSetupSql());
        let total = 0;
        for (const { sql } of timings) {
          const t = performance.now();
          await conn.runAndReadAll(sql);
          total += performance.now() - t;
        }
        native[threads] = total;
        conn.closeSync();
      }
      const kind = (sql: string) =>
        sql.startsWith('SELECT 0 AS __batch, count(*) AS n,')
          ? 'sizes'
          : sql.includes('row_number()')
            ? 'quantiles'
            : sql.includes(' AS bin,')
              ? 'bins'
              : sql.includes(' AS category,')
                ? 'categories'
                : sql.includes(' AS v,')
                  ? 'ks values'
                  : 'other';
      const byKind = new Map<string, number>();
      for (const t of timings) byKind.set(kind(t.sql), (byKind.get(kind(t.sql)) ?? 0) + t.ms);
      const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
      console.log(
        [
          `drift speed (${DRIFT_BENCH.numeric} numeric + ${DRIFT_BENCH.categorical} categorical features, ` +
            `${DRIFT_BENCH.batches} × ${DRIFT_BENCH.rowsPerBatch.toLocaleString('en-US')} rows, reference ` +
            `${DRIFT_BENCH.rowsPerBatch.toLocaleString('en-US')}; ${timings.length} statements)`,
          `  DuckDB-WASM in Node: counts ${s(countsMs)} = SQL ${s(wasmSqlMs)} ` +
            `(${[...byKind].map(([k, ms]) => `${k} ${s(ms)}`).join(', ')}) + reading results and the KS merge ` +
            `${s(countsMs - wasmSqlMs)}; then the statistics of 12 batches ${s(statsMs)}`,
          `  native DuckDB, same SQL: 1 thread ${s(native['1'] ?? 0)}, 2 threads ${s(native['2'] ?? 0)}`,
          `  ratio WASM / native SQL: ${(wasmSqlMs / (native['1'] ?? 1)).toFixed(2)}× (1 thread), ` +
            `${(wasmSqlMs / (native['2'] ?? 1)).toFixed(2)}× (2 threads)`,
        ].join('\n'),
      );
    }, 1_200_000);
  },
);
