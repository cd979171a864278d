import { AppError } from '../lib/errors';
import type { SourceFormat } from '../notebook/types';

/**
 * Parquet and JSON are read whole into JS memory before DuckDB sees them (DuckDB-WASM has no
 * Parquet or JSON reader offline); CSV is read lazily from the file, so it has no cap here.
 */
export const MAX_PARQUET_BYTES = 1024 ** 3;
export const MAX_JSON_BYTES = 512 * 1024 ** 2;

/** How much of a file is read to judge it: the text encoding is checked on this much. */
export const HEAD_BYTES = 1024 * 1024;
/** How much is checked for binary content. */
const BINARY_SNIFF_BYTES = 64 * 1024;

export type TextEncoding = 'utf-8' | 'latin-1';

export interface Inspection {
  readonly format: SourceFormat;
  readonly encoding: TextEncoding;
}

export function formatFromName(name: string): SourceFormat | null {
  const extension = /\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase();
  switch (extension) {
    case 'csv':
    case 'tsv':
    case 'txt':
    case 'tab':
      return 'csv';
    case 'parquet':
    case 'pq':
      return 'parquet';
    case 'json':
      return 'json';
    case 'ndjson':
    case 'jsonl':
      return 'ndjson';
    default:
      return null;
  }
}

export async function readHead(blob: Blob): Promise<Uint8Array> {
  return new Uint8Array(await blob.slice(0, HEAD_BYTES).arrayBuffer());
}

/** Looks at a file before import: its format, its text encoding, and whether it can be imported at all. */
export async function inspectFile(name: string, blob: Blob): Promise<Inspection> {
  return inspectHead(name, await readHead(blob), blob.size, formatFromName(name));
}

/**
 * Judges a file from its first `HEAD_BYTES` and its size. `format` is what the file is taken to
 * be (from its name, or as recorded); Parquet content wins over any name.
 */
export function inspectHead(
  name: string,
  head: Uint8Array,
  size: number,
  format: SourceFormat | null,
): Inspection {
  if (startsWith(head, PARQUET_MAGIC)) {
    if (size > MAX_PARQUET_BYTES) throw tooLarge(name, size, MAX_PARQUET_BYTES, 'parquet');
    return { format: 'parquet', encoding: 'utf-8' };
  }
  const text = startsWith(head, UTF8_BOM) ? head.subarray(3) : head;
  if (size === 0 || (size <= HEAD_BYTES && text.every(isWhitespace))) {
    throw new AppError(
      'import-empty',
      `${name} is empty: there is nothing to import. Check that the export finished, then import it again.`,
    );
  }
  if (format === 'parquet') {
    throw new AppError(
      'import-malformed',
      `${name} is not a readable Parquet file: it does not start with “PAR1” as Parquet files do. ` +
        'It may be truncated or another kind of file. Export it again.',
    );
  }
  checkText(name, head, format);
  const encoding = isUtf8(text, size <= HEAD_BYTES) ? 'utf-8' : 'latin-1';
  const resolved = format ?? 'csv';
  if (resolved === 'json' || resolved === 'ndjson') {
    if (encoding !== 'utf-8') {
      throw new AppError(
        'import-encoding',
        `${name} is not UTF-8 text, which JSON must be. Save it as UTF-8 and import it again.`,
      );
    }
    if (size > MAX_JSON_BYTES) throw tooLarge(name, size, MAX_JSON_BYTES, 'json');
  }
  return { format: resolved, encoding };
}

/** Rejects UTF-16 and binary content, naming what the file seems to be. */
function checkText(name: string, head: Uint8Array, format: SourceFormat | null): void {
  if (startsWith(head, [0xff, 0xfe]) || startsWith(head, [0xfe, 0xff]) || looksUtf16(head)) {
    throw new AppError(
      'import-encoding',
      `${name} is saved as UTF-16 text. Save it as UTF-8 (in Excel: “CSV UTF-8”) and import it again.`,
    );
  }
  const kind = binaryKind(head);
  if (kind === null) return;
  const advice =
    'Open it in the program that made it and export it as CSV (or Parquet or JSON), then import that file.';
  if (format === null) {
    throw new AppError(
      'import-unsupported',
      `Casebook cannot import ${name}: it looks like ${kind}, not text. ${advice}`,
    );
  }
  throw new AppError(
    'import-binary',
    `${name} is not a text file: it looks like ${kind}, not ${format.toUpperCase()}. ${advice}`,
  );
}

const PARQUET_MAGIC = [0x50, 0x41, 0x52, 0x31];
const UTF8_BOM = [0xef, 0xbb, 0xbf];
const SIGNATURES: readonly (readonly [readonly number[], string])[] = [
  [[0x50, 0x4b, 0x03, 0x04], 'a ZIP archive (an Excel .xlsx workbook is one)'],
  [[0xd0, 0xcf, 0x11, 0xe0], 'an old Excel (.xls) or Office file'],
  [[0x1f, 0x8b], 'a gzip-compressed file (decompress it first)'],
  [[0x89, 0x50, 0x4e, 0x47], 'a PNG image'],
  [[0xff, 0xd8, 0xff], 'a JPEG image'],
  [[0x47, 0x49, 0x46, 0x38], 'a GIF image'],
  [[0x25, 0x50, 0x44, 0x46], 'a PDF document'],
  [[0x53, 0x51, 0x4c, 0x69, 0x74, 0x65], 'a SQLite database'],
];

/** What binary content seems to be, or null for text: a known signature, NUL bytes or many control characters. */
function binaryKind(head: Uint8Array): string | null {
  for (const [magic, kind] of SIGNATURES) if (startsWith(head, magic)) return kind;
  const sample = head.subarray(0, BINARY_SNIFF_BYTES);
  let control = 0;
  for (const byte of sample) {
    if (byte === 0) return 'binary data';
    if (byte < 0x09 || (byte > 0x0d && byte < 0x20 && byte !== 0x1b)) control++;
  }
  return control > Math.max(8, sample.length * 0.02) ? 'binary data' : null;
}

/** UTF-16 without a byte-order mark: every other byte NUL, the rest mostly ASCII. */
function looksUtf16(head: Uint8Array): boolean {
  const sample = head.subarray(0, 4096);
  if (sample.length < 8) return false;
  let evenNul = 0;
  let oddNul = 0;
  sample.forEach((byte, i) => {
    if (byte === 0) {
      if (i % 2 === 0) evenNul++;
      else oddNul++;
    }
  });
  const half = sample.length / 2;
  return Math.max(evenNul, oddNul) > half * 0.8 && Math.min(evenNul, oddNul) < half * 0.05;
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((byte, i) => bytes[i] === byte);
}

function isWhitespace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09 || byte === 0x0c;
}

/** Valid UTF-8; a multi-byte character cut off at the end of a partial read is allowed. */
function isUtf8(bytes: Uint8Array, whole: boolean): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: !whole });
    return true;
  } catch {
    return false;
  }
}

export function tooLarge(name: string, size: number, limit: number, format: 'parquet' | 'json'): AppError {
  const mb = (n: number): string => `${Math.round(n / 1024 ** 2).toLocaleString('en-US')} MB`;
  const convert =
    format === 'parquet'
      ? 'Split it into smaller files (for example by year), or save it as CSV, which is read from disk as needed.'
      : 'Split it into smaller files, or convert it to CSV, which is read from disk as needed.';
  return new AppError(
    'import-too-large',
    `${name} is ${mb(size)}: ${format === 'parquet' ? 'Parquet' : 'JSON'} files are read whole into ` +
      `memory, and this one is over the ${mb(limit)} limit. ${convert}`,
  );
}
