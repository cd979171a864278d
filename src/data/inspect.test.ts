import { describe, expect, it } from 'vitest';
import { AppError } from '../lib/errors';
import {
  HEAD_BYTES,
  MAX_JSON_BYTES,
  MAX_PARQUET_BYTES,
  formatFromName,
  inspectFile,
  inspectHead,
} from './inspect';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const PAR1 = Uint8Array.from([0x50, 0x41, 0x52, 0x31, 0x15, 0x04]);

function thrown(run: () => unknown): AppError {
  try {
    run();
  } catch (e: unknown) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected an AppError');
}

async function rejected(run: () => Promise<unknown>): Promise<AppError> {
  try {
    await run();
  } catch (e: unknown) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected an AppError');
}

describe('formatFromName', () => {
  it.each([
    ['a.csv', 'csv'],
    ['A.TSV', 'csv'],
    ['notes.txt', 'csv'],
    ['b.parquet', 'parquet'],
    ['b.pq', 'parquet'],
    ['c.json', 'json'],
    ['d.ndjson', 'ndjson'],
    ['d.jsonl', 'ndjson'],
    ['e.xlsx', null],
    ['no-extension', null],
  ])('%s → %s', (name, format) => {
    expect(formatFromName(name)).toBe(format);
  });
});

describe('inspectFile', () => {
  it('reads Parquet by its magic bytes, whatever the name', async () => {
    expect(await inspectFile('export.csv', new Blob([PAR1]))).toEqual({
      format: 'parquet',
      encoding: 'utf-8',
    });
  });

  it('takes text with an unknown extension as CSV', async () => {
    expect(await inspectFile('export.dat', new Blob(['a,b\n1,2\n']))).toEqual({
      format: 'csv',
      encoding: 'utf-8',
    });
  });

  it('calls a .parquet file without the magic bytes malformed', async () => {
    const e = await rejected(() => inspectFile('b.parquet', new Blob(['a,b\n'])));
    expect(e.code).toBe('import-malformed');
  });

  it('takes invalid UTF-8 as Latin-1 for CSV, and refuses it for JSON', async () => {
    const latin = Uint8Array.from([0x61, 0x0a, 0x52, 0x65, 0x6e, 0xe9, 0x0a]);
    expect((await inspectFile('a.csv', new Blob([latin]))).encoding).toBe('latin-1');
    expect((await rejected(() => inspectFile('a.json', new Blob([latin])))).code).toBe('import-encoding');
  });

  it('does not mistake a character cut by the 1 MiB read for invalid UTF-8', async () => {
    const text = `${'a'.repeat(HEAD_BYTES - 1)}é and more`;
    expect(bytes(text)[HEAD_BYTES - 1]).toBe(0xc3);
    expect((await inspectFile('big.csv', new Blob([text]))).encoding).toBe('utf-8');
  });

  it('refuses UTF-16, with or without a byte-order mark', async () => {
    const utf16 = (text: string): Uint8Array<ArrayBuffer> =>
      Uint8Array.from(Array.from(text).flatMap((c) => [c.charCodeAt(0), 0]));
    const withBom = new Blob([Uint8Array.from([0xff, 0xfe]), utf16('a,b\n1,2\n')]);
    expect((await rejected(() => inspectFile('w.csv', withBom))).code).toBe('import-encoding');
    const e = await rejected(() => inspectFile('w.csv', new Blob([utf16('name,city\nAda,Paris\n')])));
    expect(e.message).toMatch(/UTF-16/);
  });

  it('calls binary content with an unknown extension unsupported', async () => {
    const e = await rejected(() =>
      inspectFile('book.xlsx', new Blob([Uint8Array.from([0x50, 0x4b, 3, 4, 0, 0])])),
    );
    expect(e.code).toBe('import-unsupported');
    expect(e.message).toMatch(/^Casebook cannot import book\.xlsx: it looks like a ZIP archive/);
  });
});

describe('inspectHead size caps', () => {
  it('caps Parquet at MAX_PARQUET_BYTES', () => {
    expect(inspectHead('b.parquet', PAR1, MAX_PARQUET_BYTES, 'parquet').format).toBe('parquet');
    const e = thrown(() => inspectHead('b.parquet', PAR1, MAX_PARQUET_BYTES + 1, 'parquet'));
    expect(e.code).toBe('import-too-large');
    expect(e.message).toMatch(/^b\.parquet is 1,024 MB: Parquet files are read whole into memory.*Split it/);
  });

  it('caps JSON at MAX_JSON_BYTES and suggests CSV', () => {
    const e = thrown(() => inspectHead('e.ndjson', bytes('{"a":1}\n'), MAX_JSON_BYTES + 1, 'ndjson'));
    expect(e.code).toBe('import-too-large');
    expect(e.message).toMatch(/convert it to CSV, which is read from disk as needed/);
  });

  it('does not cap CSV', () => {
    expect(inspectHead('big.csv', bytes('a,b\n'), 50 * 1024 ** 3, 'csv').format).toBe('csv');
  });
});
