import { DuckDBInstance } from '@duckdb/node-api';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { csvField, tableToCsv } from './csv-export';
import type { SqlEngine } from './engine';
import { createNodeEngine } from './testing/node-engine';

let engine: SqlEngine;
beforeAll(async () => {
  engine = await createNodeEngine();
});

describe('csvField: formula injection (OWASP "CSV Injection")', () => {
  it.each([
    ['=1+1', `"'=1+1"`],
    ['+1', `"'+1"`],
    ['-2+3', `"'-2+3"`],
    ['@SUM(A1)', `"'@SUM(A1)"`],
    ['\t=cmd', `"'\t=cmd"`],
    ['\r=cmd', `"'\r=cmd"`],
    [`=HYPERLINK("http://x","y")`, `"'=HYPERLINK(""http://x"",""y"")"`],
    [`=cmd|' /C calc'!A0`, `"'=cmd|' /C calc'!A0"`],
  ])('neutralises text %j as %j', (value, field) => {
    expect(csvField(value)).toBe(field);
  });

  it('leaves numbers, dates and harmless text alone, quoting only what RFC 4180 needs', () => {
    expect(csvField(-5)).toBe('-5');
    expect(csvField(0.1 + 0.2)).toBe('0.30000000000000004');
    expect(csvField(new Date(Date.UTC(2024, 0, 2)))).toBe('2024-01-02T00:00:00.000Z');
    expect(csvField(null)).toBe('');
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('a=b')).toBe('a=b');
  });
});

describe('tableToCsv', () => {
  it('writes every row, and native DuckDB reads the file back to the same values (formulas as text)', async () => {
    await engine.exec(`CREATE OR REPLACE TABLE hostile AS SELECT * FROM (VALUES
      (1, '=1+1', -5.5, 'a,b'),
      (2, '@SUM(A1)', 2.25, 'say "hi"'),
      (3, NULL, NULL, 'two' || chr(10) || 'lines'),
      (4, '-x', 0, 'plain')
    ) AS t(id, formula, amount, note)`);
    await engine.exec('CREATE OR REPLACE TABLE many AS SELECT range AS i FROM range(45000)');
    const text = await (await tableToCsv(engine, 'hostile')).text();
    expect(text.split('\r\n')[0]).toBe('id,formula,amount,note');

    // Reference: native DuckDB (@duckdb/node-api 1.5) read_csv on the exported file.
    const dir = mkdtempSync(join(tmpdir(), 'casebook-csv-'));
    const file = join(dir, 'hostile.csv');
    writeFileSync(file, text);
    const instance = await DuckDBInstance.create(':memory:');
    const conn = await instance.connect();
    const read = await conn.runAndReadAll(
      `SELECT id::INTEGER AS id, formula, amount::DOUBLE AS amount, note FROM read_csv('${file}', header = true, quote = '"', escape = '"') ORDER BY id`,
    );
    expect(read.getRowsJson()).toEqual([
      [1, "'=1+1", -5.5, 'a,b'],
      [2, "'@SUM(A1)", 2.25, 'say "hi"'],
      [3, null, null, 'two\nlines'],
      [4, "'-x", 0, 'plain'],
    ]);

    // Read in chunks: every row once, in order.
    const many = (await (await tableToCsv(engine, 'many')).text()).trimEnd().split('\r\n');
    expect(many).toHaveLength(45001);
    expect(many[1]).toBe('0');
    expect(many[45000]).toBe('44999');
    conn.closeSync();
  });
});
