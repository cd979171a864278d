import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CsvOptions, SourceFormat } from '../notebook/types';
import type { ImportRequest, ImportResult } from './import';
import { AUTO_CSV, createImportHarness, rejection, type ImportHarness } from './testing/import-harness';

// Against DuckDB-WASM v1.4.3 (the browser's wasm build) in Node, and parquet-wasm 0.8's Node build.
const sample = (file: string): Uint8Array<ArrayBuffer> =>
  new Uint8Array(readFileSync(fileURLToPath(new URL(`../../public/sample/telco/${file}`, import.meta.url))));

const AUTO: CsvOptions = AUTO_CSV;
const SKIP: CsvOptions = { ...AUTO, skipBadRows: true };

let harness: ImportHarness;
beforeAll(async () => {
  harness = await createImportHarness();
});

const run = (
  fileName: string,
  content: BlobPart,
  format: SourceFormat,
  extra?: Partial<ImportRequest>,
): Promise<ImportResult> => harness.run(fileName, content, format, extra);
const rows = (table: string, orderBy?: string): Promise<unknown[]> => harness.rows(table, orderBy);

const ragged = 'a,b,c\n1,2,3\n4,5\n6,7,8\n9,10,11,12\n13,14,15\n';

describe('the telco sample', () => {
  it('imports customers.csv: 7043 rows, 10 typed columns', async () => {
    const result = await run('customers.csv', sample('customers.csv'), 'csv', { table: 'customers' });
    expect(result.rowCount).toBe(7043);
    expect(result.columns).toHaveLength(10);
    expect(result.columns.slice(0, 3)).toEqual([
      { name: 'customerID', type: 'VARCHAR' },
      { name: 'gender', type: 'VARCHAR' },
      { name: 'SeniorCitizen', type: 'BIGINT' },
    ]);
    expect(result).toMatchObject({ skippedRows: 0, skippedSample: [], notices: [] });
  });

  it('imports services.csv and billing.parquet, which join on the customer id', async () => {
    await run('customers.csv', sample('customers.csv'), 'csv', { table: 'customers' });
    const services = await run('services.csv', sample('services.csv'), 'csv', { table: 'services' });
    expect([services.rowCount, services.columns.length]).toEqual([7043, 10]);
    const billing = await run('billing.parquet', sample('billing.parquet'), 'parquet', { table: 'billing' });
    expect(billing.rowCount).toBe(7043);
    expect(billing.columns).toEqual([
      { name: 'customer_id', type: 'VARCHAR' },
      { name: 'monthly_charges', type: 'DOUBLE' },
      { name: 'total_charges', type: 'VARCHAR' },
    ]);
    const joined = await harness.engine.query(
      'SELECT count(*) AS n FROM customers JOIN services USING (customerID) JOIN billing b ON b.customer_id = customerID',
    );
    expect(joined.getChild('n')?.get(0)).toBe(7043);
  });

  it('reports a truncated Parquet file as malformed', async () => {
    const bytes = sample('billing.parquet');
    const e = await rejection(run('billing.parquet', bytes.slice(0, bytes.length / 2), 'parquet'));
    expect(e.code).toBe('import-malformed');
    expect(e.message).toMatch(
      /^billing\.parquet is not a readable Parquet file \(it may be truncated or corrupt\): .+\. Export it again\.$/,
    );
  });

  it('reads Parquet content as Parquet whatever the name and recorded format', async () => {
    const result = await run('billing.csv', sample('billing.parquet'), 'csv');
    expect(result.rowCount).toBe(7043);
  });
});

describe('CSV with bad rows', () => {
  it('fails on a ragged file, naming the line and how to skip it', async () => {
    const e = await rejection(run('ragged.csv', ragged, 'csv'));
    expect(e.code).toBe('import-malformed');
    expect(e.message).toContain(
      'ragged.csv could not be read as CSV: line 3: it has 2 fields where line 1 has 3.',
    );
    expect(e.message).toContain(
      'Turn on “Skip bad rows” to import the rest; the number of rows skipped will be shown.',
    );
  });

  it('skips the bad rows of a ragged file and says which', async () => {
    const result = await run('ragged.csv', ragged, 'csv', { csv: SKIP });
    expect(result.rowCount).toBe(3);
    expect(result.skippedRows).toBe(2);
    expect(result.skippedSample).toEqual([
      'line 3: Expected Number of Columns: 3 Found: 2 (“4,5”)',
      'line 5: Expected Number of Columns: 3 Found: 4 (“9,10,11,12”)',
    ]);
    expect(await rows('t', 'ORDER BY a')).toEqual([
      { a: 1, b: 2, c: 3 },
      { a: 6, b: 7, c: 8 },
      { a: 13, b: 14, c: 15 },
    ]);
  });

  it('does not carry skipped rows over to the next import', async () => {
    await run('ragged.csv', ragged, 'csv', { csv: SKIP });
    const clean = await run('clean.csv', 'a,b\n1,2\n', 'csv', { csv: SKIP });
    expect(clean.skippedRows).toBe(0);
  });

  const misquoted = 'name,n\n"a",1\n"b",2\n"c "x" d",3\n"e",4\n';

  it('fails on a broken quote, naming the line', async () => {
    const e = await rejection(run('quotes.csv', misquoted, 'csv'));
    expect(e.code).toBe('import-malformed');
    expect(e.message).toContain('line 4: a quoted value has a stray quote inside it');
    expect(e.message).toContain('Turn on “Skip bad rows”');
  });

  it('skips a row with a broken quote, and reads the others without their quotes', async () => {
    const result = await run('quotes.csv', misquoted, 'csv', { csv: SKIP });
    expect(result.skippedRows).toBe(1);
    expect(result.skippedSample[0]).toMatch(/^line 4: /);
    expect(await rows('t', 'ORDER BY n')).toEqual([
      { name: 'a', n: 1 },
      { name: 'b', n: 2 },
      { name: 'e', n: 4 },
    ]);
  });

  const longFile = (bad: string): string =>
    `name,n\n${Array.from({ length: 3000 }, (_, i) => `"n${i}",${i}`).join('\n')}\n${bad}\n"ok",1\n"ok2",2\n`;

  it('reports an unclosed quote after the sniffed sample with its line; skipping counts the lines it swallowed', async () => {
    const e = await rejection(run('long.csv', longFile('"unclosed,5'), 'csv'));
    expect(e.message).toContain('line 3002: Value with unterminated quote found.');
    const result = await run('long.csv', longFile('"unclosed,5'), 'csv', { csv: SKIP });
    expect([result.rowCount, result.skippedRows]).toEqual([3001, 2]);
  });

  // No quote in the part DuckDB sniffs, so it reads without quoting: `"unclosed,5` would arrive as a value.
  const unquoted = `name,n\n${Array.from({ length: 3000 }, (_, i) => `n${i},${i}`).join('\n')}\n"unclosed,5\nok,1\nok2,2\n`;

  it('an unclosed quote far down an unquoted file is refused, naming the row, not read as a value', async () => {
    const e = await rejection(run('plain.csv', unquoted, 'csv'));
    expect(e.message).toBe(
      'plain.csv could not be read as CSV: 1 row has a value with an unclosed quote (data row 3001: name “"unclosed” opens a quote that never closes). ' +
        'Turn on “Skip bad rows” to import the rest; the rows skipped will be counted. Or fix the quoting in the file and import it again.',
    );
  });

  it('skipping bad rows drops and counts the row with an unclosed quote', async () => {
    const result = await run('plain.csv', unquoted, 'csv', { csv: SKIP });
    expect([result.rowCount, result.skippedRows]).toEqual([3002, 1]);
    expect(result.skippedSample).toEqual(['data row 3001: name “"unclosed” opens a quote that never closes']);
    // A quote inside a value that is closed is not a problem.
    const fine = await run('fine.csv', 'name,n\nsaid "hi" twice,1\n"quoted ""x""",2\n', 'csv');
    expect(fine.skippedRows).toBe(0);
  });

  it('a 1 MB line with no delimiter reads as one column, with a warning', async () => {
    const result = await run('wide.csv', `${'x'.repeat(1_000_000)}\n${'y'.repeat(10)}\n`, 'csv');
    expect(result.columns).toHaveLength(1);
    expect(result.notices).toEqual([
      'wide.csv came out as a single column: its first line, 1,000,000 characters long, holds no comma, semicolon, tab or pipe. If it should have several columns, check that it is a CSV export and choose its delimiter.',
    ]);
  });

  it('reports a value that does not fit its column type, far down the file', async () => {
    const csv = `id,val\n${Array.from({ length: 30000 }, (_, i) => `${i},${i === 25000 ? 'abc' : i}`).join('\n')}\n`;
    const e = await rejection(run('late.csv', csv, 'csv'));
    expect(e.message).toContain(
      'late.csv could not be read as CSV: line 25002: Error when converting column "val". Could not convert string "abc" to \'BIGINT\'.',
    );
    const result = await run('late.csv', csv, 'csv', { csv: SKIP });
    expect([result.rowCount, result.skippedRows]).toEqual([29999, 1]);
  });
});

describe('CSV dialects and encodings', () => {
  it('reads a header-only file as an empty table with its columns', async () => {
    const result = await run('header.csv', 'a,b,c\n', 'csv');
    expect(result.rowCount).toBe(0);
    expect(result.columns.map((c) => c.name)).toEqual(['a', 'b', 'c']);
  });

  it.each([
    ['tabs', 'data.tsv', 'a\tb\tc\n1\t2\t3\n4\t5\t6\n'],
    ['semicolons with decimal commas', 'data.csv', 'a;b;c\n1;2,5;3\n4;5,5;6\n'],
    ['pipes', 'data.txt', 'a|b|c\n1|2|3\n'],
  ])('detects %s', async (_, fileName, content) => {
    const result = await run(fileName, content, 'csv');
    expect(result.columns.map((c) => c.name)).toEqual(['a', 'b', 'c']);
  });

  it('uses the delimiter chosen by hand, and says when the result is one column', async () => {
    const result = await run('data.csv', 'a;b\n1;2\n', 'csv', { csv: { ...AUTO, delimiter: '|' } });
    expect(result.columns).toHaveLength(1);
    expect(result.notices.join(' ')).toMatch(/single column, but its first line contains “;”/);
  });

  it('reads Latin-1 text with a notice', async () => {
    const bytes = Uint8Array.from([...'name,city\nRen', 0xe9, ...',Montr', 0xe9, ...'al\n'].flatMap(byteOf));
    const result = await run('latin.csv', bytes, 'csv');
    expect(result.notices.join(' ')).toMatch(/^latin\.csv is not UTF-8 text; it was read as Latin-1/);
    expect(await rows('t')).toEqual([{ name: 'René', city: 'Montréal' }]);
  });

  it('reads Windows-1252 text (€ and curly quotes, which DuckDB’s Latin-1 rejects)', async () => {
    const bytes = Uint8Array.from(
      [...'item,price\n', 0x93, ...'caf', 0xe9, 0x94, ...',', 0x80, ...'3\n'].flatMap(byteOf),
    );
    for (const csv of [AUTO, SKIP]) {
      const result = await run('excel.csv', bytes, 'csv', { csv });
      expect(result.notices.join(' ')).toMatch(/read as Windows-1252/);
      expect(await rows('t')).toEqual([{ item: '“café”', price: '€3' }]);
    }
  });

  it('reads as Latin-1 a file whose first non-UTF-8 byte is past the first MiB, skipping rows or not', async () => {
    const body = new TextEncoder().encode(
      `id,name\n${Array.from({ length: 150_000 }, (_, i) => `${i},n${i}`).join('\n')}\n`,
    );
    const tail = Uint8Array.from([...'999999,Ren', 0xe9, ...'\n'].flatMap(byteOf));
    for (const csv of [AUTO, SKIP]) {
      const result = await run('late-latin.csv', new Blob([body, tail]), 'csv', { csv });
      expect([result.rowCount, result.skippedRows]).toEqual([150_001, 0]);
      expect(result.notices.join(' ')).toMatch(/read as Latin-1/);
      expect(await rows('t', 'WHERE id = 999999')).toEqual([{ id: 999999, name: 'René' }]);
    }
  });

  it('keeps column names with spaces, quotes, unicode and SQL keywords; quotes the table name', async () => {
    const table = 'my "table" select';
    const result = await run('names.csv', 'select,"a ""b""",名前,from\n1,2,x,y\n', 'csv', { table });
    expect(result.columns.map((c) => c.name)).toEqual(['select', 'a "b"', '名前', 'from']);
    expect(await rows(table)).toEqual([{ select: 1, 'a "b"': 2, 名前: 'x', from: 'y' }]);
  });

  it('replaces the table on a second import', async () => {
    await run('one.csv', 'x\n1\n2\n', 'csv', { table: 'again' });
    const second = await run('two.csv', 'y,z\n1,2\n', 'csv', { table: 'again' });
    expect([second.rowCount, second.columns.map((c) => c.name)]).toEqual([1, ['y', 'z']]);
  });

  it('stops when cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    const e = await rejection(
      run('customers.csv', sample('customers.csv'), 'csv', { signal: controller.signal }),
    );
    expect(e.code).toBe('cancelled');
  });
});

describe('files that are not what they say', () => {
  it.each([
    ['a 0-byte file', new Uint8Array(0)],
    ['only whitespace', ' \n\t\r\n  '],
    ['only a byte-order mark and newlines', '\uFEFF\n\n'],
  ])('rejects %s as empty', async (_, content) => {
    const e = await rejection(run('export.csv', content, 'csv'));
    expect(e.code).toBe('import-empty');
    expect(e.message).toBe(
      'export.csv is empty: there is nothing to import. Check that the export finished, then import it again.',
    );
  });

  it.each([
    ['a PNG', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d], /a PNG image/],
    [
      'a ZIP / xlsx',
      [0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0x06, 0],
      /ZIP archive \(an Excel \.xlsx workbook is one\)/,
    ],
    ['random bytes', [1, 2, 3, 0, 5, 6, 7, 8], /binary data/],
  ])('rejects %s named .csv as binary', async (_, bytes, kind) => {
    const e = await rejection(run('report.csv', Uint8Array.from(bytes), 'csv'));
    expect(e.code).toBe('import-binary');
    expect(e.message).toMatch(/^report\.csv is not a text file: it looks like .*, not CSV\./);
    expect(e.message).toMatch(kind);
    expect(e.message).toContain('export it as CSV');
  });
});

function byteOf(part: string | number): number[] {
  return typeof part === 'number' ? [part] : Array.from(part, (c) => c.charCodeAt(0));
}
