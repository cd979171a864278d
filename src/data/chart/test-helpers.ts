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
  text: 'naïve col',
} as const;
