import { describe, expect, it } from 'vitest';
import { engineContract } from './testing/engine-contract';
import { createNodeEngine } from './testing/node-engine';

// DuckDB-WASM v1.4.3 (the browser's wasm build) in Node.
engineContract(createNodeEngine, 'DuckDB-WASM in Node');

describe('tableNames with USING and NATURAL joins (DuckDB-WASM binds them and fails)', () => {
  it('still finds the tables', async () => {
    const engine = await createNodeEngine();
    await engine.exec('CREATE TABLE a AS SELECT 1 AS id; CREATE TABLE b AS SELECT 1 AS id');
    expect((await engine.tableNames('SELECT * FROM a JOIN b USING (id)')).sort()).toEqual(['a', 'b']);
    expect((await engine.tableNames('SELECT * FROM a NATURAL LEFT JOIN b')).sort()).toEqual(['a', 'b']);
  });
});
