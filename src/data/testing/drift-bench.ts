import type { DriftPlan } from '../drift/plan';

/*
 * The drift speed check's data, for src/data/drift/speed.test.ts and, later, `npm run bench`: a
 * reference and 12 monthly batches of 100,000 rows, 20 numeric features (continuous, integer,
 * zero-inflated, with missing values; later months shifted) and 10 categorical ones. Values come
 * from integer hashing, not random(), so DuckDB-WASM and native DuckDB build the same tables.
 */
export const DRIFT_BENCH = { rowsPerBatch: 100_000, batches: 12, numeric: 20, categorical: 10 } as const;

/** A uniform in [0, 1) from the row, the month and the column: the same in every DuckDB. */
const uniform = (column: number) =>
  `(CAST((i * 2654435761 + m * 40503 + ${column} * 97) % 1000003 AS DOUBLE) / 1000003)`;

function columns(): string {
  const out: string[] = [];
  for (let c = 0; c < DRIFT_BENCH.numeric; c++) {
    const u = uniform(c);
    const shift = `m * 0.01 * ${(c % 5) + 1}`;
    switch (c % 4) {
      case 0:
        out.push(
          `CASE WHEN ${uniform(c + 50)} < 0.6 THEN 0 ELSE round(${u} * 100 + ${shift}, 2) END AS n${c}`,
        );
        break;
      case 1:
        out.push(`CAST(floor(${u} * 72 + ${shift}) AS INTEGER) AS n${c}`);
        break;
      default:
        out.push(
          `CASE WHEN ${uniform(c + 50)} < 0.02 THEN NULL ELSE ${u} * 1000 + ${shift} * 10 END AS n${c}`,
        );
    }
  }
  for (let c = 0; c < DRIFT_BENCH.categorical; c++)
    out.push(`'c' || CAST(floor(${uniform(c + 100)} * ${3 + c * 3} + m * 0.02) AS INTEGER) AS c${c}`);
  return out.join(',\n  ');
}

export function driftBenchSetupSql(): string {
  return `CREATE OR REPLACE TABLE drift_reference AS SELECT 0 AS m, ${columns()}
FROM range(${DRIFT_BENCH.rowsPerBatch}) r(i);
CREATE OR REPLACE TABLE drift_batches AS SELECT m AS month, ${columns()}
FROM range(1, ${DRIFT_BENCH.batches + 1}) b(m), range(${DRIFT_BENCH.rowsPerBatch}) r(i);`;
}

export function driftBenchPlan(): DriftPlan {
  return {
    reference: 'drift_reference',
    batches: Array.from({ length: DRIFT_BENCH.batches }, (_, k) => ({
      label: String(k + 1),
      table: 'drift_batches',
      column: 'month',
    })),
    features: [
      ...Array.from({ length: DRIFT_BENCH.numeric }, (_, c) => ({ name: `n${c}`, kind: 'numeric' as const })),
      ...Array.from({ length: DRIFT_BENCH.categorical }, (_, c) => ({
        name: `c${c}`,
        kind: 'categorical' as const,
      })),
    ],
  };
}
