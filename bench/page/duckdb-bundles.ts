/*
 * DuckDB-WASM's single-threaded `eh` bundle beside its threaded `coi` one, in the same
 * cross-origin isolated page (bench/duckdb-coi.mjs, issue 21 item 3): the GROUP BY with 8
 * aggregates of bench/run.mjs on generated rows, and whether a file registered as the app does it
 * (BROWSER_FILEREADER, a Blob from disk) is readable. Bench only: the app ships `eh` alone.
 * Loaded by main.ts on demand.
 */
import * as duckdb from '@duckdb/duckdb-wasm';
import ehWasm from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import ehWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';
import coiWasm from '@duckdb/duckdb-wasm/dist/duckdb-coi.wasm?url';
import coiWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-coi.worker.js?url';
import coiPthread from '@duckdb/duckdb-wasm/dist/duckdb-browser-coi.pthread.worker.js?url';

export interface BundleRun {
  readonly bundle: 'eh' | 'coi';
  /** DuckDB's `threads` setting once open. */
  readonly threads: number;
  readonly groupByMs: readonly number[];
  /** "ok: 3 rows" or the error a registered Blob gave. */
  readonly fileRead: string;
}

const GROUP_BY = `SELECT region, segment,
  count(*) AS n, sum(units) AS units, avg(price) AS avg_price, min(price) AS min_price,
  max(price) AS max_price, avg(discount) AS avg_discount, stddev(score) AS sd_score, sum(churned) AS churned
FROM rows_gen GROUP BY region, segment`;

const GENERATE = (rows: number): string => `CREATE OR REPLACE TABLE rows_gen AS
SELECT i AS id, ['north','south','east','west','central'][1 + (hash(i) % 5)::INT] AS region,
  'seg_' || (hash(i * 7) % 20) AS segment, 1 + hash(i * 11) % 20 AS units,
  5 + (hash(i * 13) % 9500) / 100.0 AS price, (hash(i * 17) % 300) / 1000.0 AS discount,
  (hash(i * 19) % 1000000) / 10000.0 AS score, (hash(i * 23) % 5 = 0)::INT AS churned
FROM range(${rows}) t(i)`;

export async function duckdbBundles(options: { rows: number; runs: number }): Promise<BundleRun[]> {
  const out: BundleRun[] = [];
  for (const bundle of ['eh', 'coi'] as const) out.push(await runBundle(bundle, options));
  return out;
}

async function runBundle(
  bundle: 'eh' | 'coi',
  { rows, runs }: { rows: number; runs: number },
): Promise<BundleRun> {
  const worker = new Worker(bundle === 'eh' ? ehWorker : coiWorker);
  const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
  try {
    await db.instantiate(bundle === 'eh' ? ehWasm : coiWasm, bundle === 'coi' ? coiPthread : null);
    await db.open({ query: { castBigIntToDouble: true } });
    const conn = await db.connect();
    await conn.query('SET autoload_known_extensions = false; SET autoinstall_known_extensions = false');
    const threads = Number(
      (await conn.query("SELECT current_setting('threads') AS t")).getChild('t')?.get(0),
    );
    await conn.query(GENERATE(rows));
    const groupByMs: number[] = [];
    for (let run = 0; run < runs; run++) {
      const t0 = performance.now();
      await conn.query(`CREATE OR REPLACE TABLE g AS ${GROUP_BY}`);
      groupByMs.push(performance.now() - t0);
    }
    let fileRead: string;
    try {
      const file = new File(['k,v\n1,a\n2,b\n3,c\n'], 'from_disk.csv', { type: 'text/csv' });
      await db.registerFileHandle('from_disk.csv', file, duckdb.DuckDBDataProtocol.BROWSER_FILEREADER, true);
      const n = (await conn.query("SELECT count(*) AS n FROM read_csv('from_disk.csv')"))
        .getChild('n')
        ?.get(0);
      fileRead = `ok: ${String(n)} rows`;
    } catch (e: unknown) {
      fileRead = `failed: ${e instanceof Error ? e.message : String(e)}`.slice(0, 300);
    }
    await conn.close();
    return { bundle, threads, groupByMs, fileRead };
  } finally {
    await db.terminate();
  }
}
