import { beforeAll, describe, expect, it } from 'vitest';
import { createImportHarness, rejection, type ImportHarness } from './testing/import-harness';

let harness: ImportHarness;
beforeAll(async () => {
  harness = await createImportHarness();
});

describe('JSON import', () => {
  it('reads an array of objects, one type per column', async () => {
    const json = JSON.stringify([
      { id: 1, name: 'a', ok: true, tags: ['x'], meta: { k: 1 } },
      { id: 2.5, name: null, ok: false },
      { id: 3, extra: 'e' },
    ]);
    const result = await harness.run('data.json', json, 'json');
    expect(result.rowCount).toBe(3);
    expect(result.columns).toEqual([
      { name: 'id', type: 'DOUBLE' },
      { name: 'name', type: 'VARCHAR' },
      { name: 'ok', type: 'BOOLEAN' },
      { name: 'tags', type: 'VARCHAR' },
      { name: 'meta', type: 'VARCHAR' },
      { name: 'extra', type: 'VARCHAR' },
    ]);
    expect(await harness.rows('t', 'ORDER BY id')).toEqual([
      { id: 1, name: 'a', ok: true, tags: '["x"]', meta: '{"k":1}', extra: null },
      { id: 2.5, name: null, ok: false, tags: null, meta: null, extra: null },
      { id: 3, name: null, ok: null, tags: null, meta: null, extra: 'e' },
    ]);
  });

  it('reads a column of mixed values as text', async () => {
    await harness.run('mixed.json', '[{"v": 1}, {"v": "x"}, {"v": true}]', 'json');
    expect(await harness.rows('t')).toEqual([{ v: '1' }, { v: 'x' }, { v: 'true' }]);
  });

  it('keeps unusual column names as they are', async () => {
    const json = '[{"select": 1, "a \\"b\\"": 2, "名前": "x", "__proto__": "p", "with space": null}]';
    const result = await harness.run('names.json', json, 'json', { table: 'from "x"' });
    expect(result.columns.map((c) => c.name)).toEqual(['select', 'a "b"', '名前', '__proto__', 'with space']);
    const values = await harness.engine.query(
      'SELECT "select" + "a ""b""" AS sum, "名前" AS name, "__proto__" AS proto FROM "from ""x"""',
    );
    expect(values.toArray().map((row: { toJSON(): unknown }) => row.toJSON())).toEqual([
      { sum: 3, name: 'x', proto: 'p' },
    ]);
  });

  it('reads NDJSON, skipping blank lines and Windows line ends', async () => {
    const result = await harness.run(
      'events.ndjson',
      '{"e": "a", "n": 1}\r\n\r\n{"e": "b", "n": 2}\n\n',
      'ndjson',
    );
    expect(result.rowCount).toBe(2);
    expect(await harness.rows('t', 'ORDER BY n')).toEqual([
      { e: 'a', n: 1 },
      { e: 'b', n: 2 },
    ]);
  });

  it('names the bad line of an NDJSON file', async () => {
    const e = await rejection(harness.run('events.ndjson', '{"a": 1}\n{"a": 2}\n{"a": 3,}\n', 'ndjson'));
    expect(e.code).toBe('import-malformed');
    expect(e.message).toBe(
      'Line 3 of events.ndjson is not valid JSON (column 9): a quoted property name was expected but found “}”. ' +
        'Fix it there, or export the file again.',
    );
  });

  it('names the line where a JSON array breaks', async () => {
    const json = '[\n  {"a": 1},\n  {"a": 2},\n  {"a": 3\n  {"a": 4}\n]';
    const e = await rejection(harness.run('data.json', json, 'json'));
    expect(e.message).toMatch(
      /^Line 5 of data\.json is not valid JSON \(column 3\): “,” or “}” was expected but found “{”\./,
    );
  });

  it.each([
    ['a number', '42', /data\.json is JSON, but a number rather than a list of records/],
    ['an object', '{"rows": [{"a": 1}]}', /but an object rather than a list of records/],
    ['a list of numbers', '[1, 2]', /^Record 1 of data\.json is a number, not an object with named fields/],
  ])('explains the expected shape when the JSON is %s', async (_, json, message) => {
    const e = await rejection(harness.run('data.json', json, 'json'));
    expect(e.code).toBe('import-malformed');
    expect(e.message).toMatch(message);
  });

  it('rejects an empty list, and JSON that is not UTF-8', async () => {
    expect((await rejection(harness.run('data.json', '[]', 'json'))).code).toBe('import-empty');
    const latin = Uint8Array.from([0x5b, 0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xe9, 0x22, 0x7d, 0x5d]);
    const e = await rejection(harness.run('data.json', latin, 'json'));
    expect(e.code).toBe('import-encoding');
    expect(e.message).toMatch(/^data\.json is not UTF-8 text/);
  });
});
