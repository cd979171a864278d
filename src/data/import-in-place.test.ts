import { beforeAll, describe, expect, it } from 'vitest';
import { HEAD_ROWS } from './import';
import { AUTO_CSV, createImportHarness, rejection, type ImportHarness } from './testing/import-harness';

// Against DuckDB-WASM v1.4.3 (the browser's wasm build) in Node. The threshold is lowered to a few
// bytes so that a small file takes the path of a 2.5 GB one (e2e/import-huge.spec.ts imports one).

let harness: ImportHarness;
beforeAll(async () => {
  harness = await createImportHarness();
});

/** 30,000 rows of integers (past DuckDB's sniffing sample of 20,480), then a row that is not. */
const badTail = `id,v\n${Array.from({ length: 30_000 }, (_, i) => `${i},${i % 7}`).join('\n')}\noops,1\n`;
const IN_PLACE = { viewAboveBytes: 1024 };

async function relationType(table: string): Promise<unknown> {
  const result = await harness.engine.query(
    `SELECT table_type FROM information_schema.tables WHERE table_name = '${table}'`,
  );
  return result.getChild('table_type')?.get(0);
}

describe('a CSV too large to copy is read in place', () => {
  it('becomes a view over the file whose head alone is read: its columns and first rows, not its count', async () => {
    // Copied into a table, the whole file is read, and its last row fails the import.
    const copied = await rejection(harness.run('big.csv', badTail, 'csv'));
    expect(copied.code).toBe('import-malformed');

    const result = await harness.run('big.csv', badTail, 'csv', IN_PLACE);
    expect(result.materialize).toBe('view');
    expect(result.rowCount).toBe(HEAD_ROWS);
    expect(result.columns).toEqual([
      { name: 'id', type: 'BIGINT' },
      { name: 'v', type: 'BIGINT' },
    ]);
    expect(result.notices[0]).toMatch(
      /^big\.csv is 0\.0 GB, too large to copy into memory: it is read in place, as a view over the file, and only its first 1,000 rows are shown; its rows are not counted\. .*make a smaller table from it with a SQL cell/,
    );
    expect(await relationType('t')).toBe('VIEW');
    expect(await harness.rows('t', 'LIMIT 2')).toEqual([
      { id: 0, v: 0 },
      { id: 1, v: 1 },
    ]);
    // A query that reads the whole file meets its bad row then, as a query.
    await expect(harness.engine.query('SELECT sum(id) FROM t')).rejects.toThrow(/oops/);
  });

  it('skips bad rows as each query reads them when asked to, and says so', async () => {
    const csv = { ...AUTO_CSV, skipBadRows: true };
    const result = await harness.run('big.csv', badTail, 'csv', { ...IN_PLACE, csv });
    expect(result).toMatchObject({ materialize: 'view', skippedRows: 0 });
    expect(result.notices[0]).toMatch(/Bad rows are skipped as each query reads them, and not counted\.$/);
    expect(await harness.rows('t', '')).toHaveLength(30_000);
  });

  it('switches one name between a table and a view when the file is replaced', async () => {
    await harness.run('small.csv', 'a,b\n1,2\n', 'csv');
    expect(await relationType('t')).toBe('BASE TABLE');
    await harness.run('big.csv', badTail, 'csv', IN_PLACE);
    expect(await relationType('t')).toBe('VIEW');
    const again = await harness.run('small.csv', 'a,b\n1,2\n', 'csv');
    expect([again.materialize, again.rowCount, await relationType('t')]).toEqual(['table', 1, 'BASE TABLE']);
  });

  it('refuses a Windows-1252 file, which would need a converted copy as large, and says what to do', async () => {
    const euro = Uint8Array.from([...Buffer.from('item,price\n'), 0x80, ...Buffer.from(',3\nb,4\n')]);
    const e = await rejection(harness.run('prices.csv', euro, 'csv', { viewAboveBytes: 8 }));
    expect(e.code).toBe('import-encoding');
    expect(e.message).toBe(
      'prices.csv is Windows-1252 text, not UTF-8, and too large to convert here: a file this size is read in place. ' +
        'Save it as UTF-8 (in Excel: “CSV UTF-8”) and import it again.',
    );
  });

  it('copies a file of the threshold or less into a table, as before', async () => {
    const file = 'a,b\n1,2\n';
    const result = await harness.run('small.csv', file, 'csv', { viewAboveBytes: file.length });
    expect([result.materialize, result.rowCount, result.notices]).toEqual(['table', 1, []]);
  });
});
