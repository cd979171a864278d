import type { SqlEngine } from '../engine';
import { createNodeEngine } from '../testing/node-engine';

/** A fresh DuckDB-WASM engine in Node (no ICU: times are UTC) with `setup` run on it. */
export async function engineWith(setup: string): Promise<SqlEngine> {
  const engine = await createNodeEngine();
  await engine.exec(setup);
  return engine;
}

/** A table name and column names that need quoting: spaces, quotes, unicode, keywords. */
export const ODD = {
  table: 'my "odd" table ü',
  value: 'price $ "net"',
  group: 'select',
  text: "naïve 'col'",
} as const;

/** The churn table of the target tests: worked out by hand in target.test.ts. */
export const CHURN_SQL = `CREATE TABLE churn AS SELECT * FROM (VALUES
  ('Month', 1, 'Yes'), ('Month', 2, 'Yes'), ('Month', 3, 'No'), ('Year', 10, 'No'), ('Year', 20, 'No'),
  ('Year', 30, 'Yes'), (NULL, 40, 'No'), ('Year', NULL, NULL)) AS t(contract, tenure, churn);`;
