import { describe, expect, it } from 'vitest';
import { createNodeEngine } from './node-engine';

describe('the unit tests’ DuckDB-WASM engine, its instance reused after terminate', () => {
  it('starts empty: no table, view or file of the engine that had the instance before', async () => {
    const first = await createNodeEngine();
    const setting = `SELECT current_setting('memory_limit') AS m`;
    const defaultLimit: unknown = (await first.query(setting)).getChild('m')?.get(0);
    await first.exec(
      `CREATE TABLE kept AS SELECT 1 AS x; CREATE VIEW seen AS SELECT 2 AS y; SET memory_limit = '64MB'`,
    );
    await first.registerFile('left.csv', new Blob(['a,b\n1,2\n']));
    await first.terminate();

    const next = await createNodeEngine();
    const tables = await next.query(`SELECT count(*)::INTEGER AS n FROM duckdb_tables() WHERE NOT internal`);
    expect(tables.getChild('n')?.get(0)).toBe(0);
    const views = await next.query(`SELECT count(*)::INTEGER AS n FROM duckdb_views() WHERE NOT internal`);
    expect(views.getChild('n')?.get(0)).toBe(0);
    await expect(next.query(`SELECT * FROM 'left.csv'`)).rejects.toThrow();
    expect((await next.query(setting)).getChild('m')?.get(0)).toBe(defaultLimit);
    await next.terminate();
  });

  it('refuses every call once terminated, so that it cannot reach the next engine’s database', async () => {
    const engine = await createNodeEngine();
    await engine.terminate();
    const other = await createNodeEngine();
    await other.exec('CREATE TABLE mine AS SELECT 1 AS x');
    await expect(engine.query('SELECT * FROM mine')).rejects.toThrow(/terminated/);
    await expect(engine.exec('DROP TABLE mine')).rejects.toThrow(/terminated/);
    await expect(engine.dropFile('x')).rejects.toThrow(/terminated/);
    expect((await other.query('SELECT count(*)::INTEGER AS n FROM mine')).getChild('n')?.get(0)).toBe(1);
    await other.terminate();
    await engine.terminate();
  });
});
