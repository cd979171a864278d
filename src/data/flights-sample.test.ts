import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { createImportHarness, type ImportHarness } from './testing/import-harness';

/*
 * The "Late departures" sample, imported the way the app imports it: Parquet through parquet-wasm
 * (its Node build here, the same wasm as the browser's) into DuckDB-WASM; the CSV by DuckDB's reader.
 * Made by scripts/sample-flights.mjs; see public/sample/flights/ORIGIN.md.
 */
const sample = (file: string): Uint8Array<ArrayBuffer> =>
  new Uint8Array(
    readFileSync(fileURLToPath(new URL(`../../public/sample/flights/${file}`, import.meta.url))),
  );

let harness: ImportHarness;
beforeAll(async () => {
  harness = await createImportHarness();
  await harness.run('flights.parquet', sample('flights.parquet'), 'parquet', { table: 'flights' });
  await harness.run('airports.csv', sample('airports.csv'), 'csv', { table: 'airports' });
}, 60_000);

const one = async (sql: string): Promise<unknown> => {
  const rows = (await harness.engine.query(sql)).toArray().map((r: { toJSON(): unknown }) => r.toJSON());
  return rows[0];
};

describe('the flights sample', () => {
  it('reads 300,000 flights with their five typed columns', async () => {
    const { columns } = await harness.run('flights.parquet', sample('flights.parquet'), 'parquet', {
      table: 'flights_again',
    });
    expect(columns).toEqual([
      { name: 'date', type: 'TIMESTAMP' },
      { name: 'delay', type: 'BIGINT' },
      { name: 'distance', type: 'BIGINT' },
      { name: 'origin', type: 'VARCHAR' },
      { name: 'destination', type: 'VARCHAR' },
    ]);
    expect(
      await one(`SELECT count(*)::INTEGER AS n, count(date)::INTEGER AS dated, count(delay)::INTEGER AS delays,
                  strftime(min(date), '%Y-%m-%d %H:%M') AS first, strftime(max(date), '%Y-%m-%d %H:%M') AS last
                 FROM flights`),
    ).toEqual({
      n: 300_000,
      dated: 300_000,
      delays: 300_000,
      first: '2001-01-01 00:01',
      last: '2001-06-30 23:59',
    });
  });

  it('keeps every month from January to June in proportion to the source', async () => {
    const rows = (
      await harness.engine.query(
        'SELECT month(date)::INTEGER AS m, count(*)::INTEGER AS n FROM flights GROUP BY m ORDER BY m',
      )
    )
      .toArray()
      .map((r: { toJSON(): unknown }) => r.toJSON());
    // 300,000 split by largest remainder over the source's 508,239 / 458,170 / 511,502 / 501,030 / 518,831 / 502,222.
    expect(rows).toEqual([
      { m: 1, n: 50_824 },
      { m: 2, n: 45_817 },
      { m: 3, n: 51_151 },
      { m: 4, n: 50_103 },
      { m: 5, n: 51_883 },
      { m: 6, n: 50_222 },
    ]);
  });

  it('has about one late departure in five, and every airport joins airports.csv', async () => {
    const late = await one('SELECT avg((delay > 15)::INTEGER) AS rate FROM flights');
    expect(late).toMatchObject({ rate: expect.closeTo(0.2, 1) });
    expect(
      await one(`SELECT count(*)::INTEGER AS unmatched FROM flights f
                 LEFT JOIN airports o ON o.iata = f.origin LEFT JOIN airports d ON d.iata = f.destination
                 WHERE o.iata IS NULL OR d.iata IS NULL`),
    ).toEqual({ unmatched: 0 });
    expect(await one("SELECT state FROM airports WHERE iata = 'ORD'")).toEqual({ state: 'IL' });
  });
});
