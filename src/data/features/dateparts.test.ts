import { describe, expect, it } from 'vitest';
import { compileFeatures } from './compile';
import { fitFeatures } from './fit';
import { nativeTextRows, textRows, wasmEngine } from './test-helpers';
import type { FeatureSpec } from './types';

// pandas 1.5 / numpy 1.24: /usr/bin/python3 src/data/features/reference/dateparts_reference.py
const PANDAS = {
  year: [2023, 2024, 2024, 2024, 2025],
  month: [1, 2, 7, 12, 6],
  dow: [7, 4, 1, 2, 6],
  day: [1, 29, 15, 31, 7],
  hour: [0, 13, 6, 23, 18],
  doy: [1, 60, 197, 366, 158],
  month_sin: [0.0, 0.4999999999999999, 1.2246467991473532e-16, -0.5000000000000003, 0.4999999999999999],
  month_cos: [1.0, 0.8660254037844386, -1.0, 0.8660254037844383, -0.8660254037844386],
  dow_sin: [-0.78183148246803, 0.4338837391175582, 0.0, 0.7818314824680299, -0.9749279121818237],
  dow_cos: [0.6234898018587333, -0.900968867902419, 1.0, 0.6234898018587335, -0.22252093395631461],
  hour_sin: [0.0, -0.25881904510252085, 1.0, -0.25881904510252157, -1.0],
  hour_cos: [1.0, -0.9659258262890684, 6.123233995736766e-17, 0.9659258262890682, -1.8369701987210297e-16],
} as const;

const SETUP = `CREATE TABLE t AS SELECT * FROM (VALUES
  (TIMESTAMP '2023-01-01 00:00:00', 1.0),
  (TIMESTAMP '2024-02-29 13:45:00', 2.0),
  (TIMESTAMP '2024-07-15 06:30:00', 3.0),
  (TIMESTAMP '2024-12-31 23:59:59', 4.0),
  (TIMESTAMP '2025-06-07 18:00:00', 5.0)
) AS v(ts, y)`;

const SPEC: FeatureSpec = {
  target: 'y',
  task: 'regression',
  features: [
    {
      encoding: 'date-parts',
      column: 'ts',
      parts: ['year', 'month', 'dow', 'day', 'hour', 'doy'],
      cyclic: true,
    },
  ],
};

describe('date parts with cyclic encodings, against pandas', () => {
  it('gives each part and sin/cos of month, weekday and hour, never the raw time, in native DuckDB too', async () => {
    const engine = await wasmEngine(SETUP);
    const fitted = await fitFeatures(engine, 't', SPEC, { trainWhere: 'TRUE' });
    const compiled = compileFeatures(fitted, 't');
    const names = Object.keys(PANDAS).map((k) => `ts_${k}`);
    expect(compiled.columns).toEqual(names);
    const sql = `SELECT * FROM (${compiled.sql}\n) ORDER BY __row_id`;
    const rows = await textRows(engine, sql);
    for (const [part, expected] of Object.entries(PANDAS)) {
      const got = rows.map((r) => Number(r[`ts_${part}`]));
      got.forEach((value, i) => expect(value, `${part} of row ${i + 1}`).toBeCloseTo(expected[i] ?? NaN, 12));
    }
    expect(await nativeTextRows(SETUP, sql)).toEqual(rows);
  });

  it('adds no cyclic columns unless asked, and none for parts that do not cycle', async () => {
    const engine = await wasmEngine(SETUP);
    const plain = compileFeatures(
      { ...SPEC, features: [{ encoding: 'date-parts', column: 'ts', parts: ['month', 'dow'] }] },
      't',
    );
    expect(plain.columns).toEqual(['ts_month', 'ts_dow']);
    const yearly = compileFeatures(
      { ...SPEC, features: [{ encoding: 'date-parts', column: 'ts', parts: ['year', 'doy'], cyclic: true }] },
      't',
    );
    expect(yearly.columns).toEqual(['ts_year', 'ts_doy']);
    expect((await textRows(engine, yearly.sql)).length).toBe(5);
  });
});
