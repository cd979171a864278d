import { AppError } from '../lib/errors';
import type { CsvOptions } from '../notebook/types';

/**
 * How much of a CSV is scanned for its widest line before DuckDB reads it: DuckDB's sniffer
 * samples the file's start, and that is where a line of many delimiters costs it dearly.
 */
export const WIDTH_SCAN_BYTES = 4 * 1024 * 1024;

/**
 * A line may hold this many more fields than the first line before it is refused. DuckDB 1.4's
 * sniffer and reader slow down steeply when a line's fields outnumber the header's (issue 18 item
 * 15, docs/reliability.md): through DuckDB-WASM in Node on a loaded 2-core machine, one line of
 * 300 commas under a one-column header took 1.6 s, 600 took 2.7 s, 800 took 12 s, and 10,000 did
 * not end within 5 minutes; in native DuckDB 100,000 took 53 s and a million ran out of memory.
 * Ragged files with a few extra fields, or a title line above a few hundred columns, still read.
 */
export const MAX_EXTRA_FIELDS = 500;

/**
 * No line may hold more fields than a spreadsheet has columns (16,384 in Excel). A wide file whose
 * lines match its header reads in time that grows with its width: 2,000 columns in under 3 s,
 * 10,000 in 7 s and 20,000 in 11 s through DuckDB-WASM in Node.
 */
export const MAX_FIELDS = 16_384;

type Delimiter = ',' | ';' | '\t' | '|';
const CANDIDATES: readonly Delimiter[] = [',', ';', '\t', '|'];
const CODES: Readonly<Record<Delimiter, number>> = { ',': 0x2c, ';': 0x3b, '\t': 0x09, '|': 0x7c };
const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

/** The first line found too wide: its 1-based number, fields and delimiter; the first line's fields. */
export interface WideLine {
  readonly line: number;
  readonly fields: number;
  readonly delimiter: Delimiter;
  readonly headerFields: number;
}

/**
 * Counts each candidate delimiter per line on the bytes, outside RFC 4180 double quotes (a quoted
 * line break does not end a line; a quote that never closes hides the rest, which DuckDB then
 * refuses quickly on its own). Fed chunk by chunk; stops at the first line that is too wide.
 */
export class LineWidthScanner {
  readonly #delimiters: readonly Delimiter[];
  readonly #codes: readonly number[];
  readonly #counts: number[];
  #headerFields: number[] | null = null;
  #line = 1;
  #quoted = false;
  #afterCr = false;
  #blank = true;
  #wide: WideLine | null = null;

  constructor(csv: Pick<CsvOptions, 'delimiter'>) {
    this.#delimiters = csv.delimiter === 'auto' ? CANDIDATES : [csv.delimiter];
    this.#codes = this.#delimiters.map((d) => CODES[d]);
    this.#counts = this.#delimiters.map(() => 0);
  }

  /** The first line found too wide, or null (so far). */
  get wide(): WideLine | null {
    return this.#wide;
  }

  /** Scans the next bytes; returns false once a line was found too wide (no need to read on). */
  push(bytes: Uint8Array): boolean {
    if (this.#wide) return false;
    const codes = this.#codes;
    const counts = this.#counts;
    for (const byte of bytes) {
      if (byte === QUOTE) {
        this.#quoted = !this.#quoted;
        this.#blank = false;
      } else if (this.#quoted) {
        continue;
      } else if (byte === LF || byte === CR) {
        // "\r\n" is one line end; a lone "\r" (old Mac files) is one too.
        if (!(byte === LF && this.#afterCr) && this.#endLine()) return false;
      } else {
        this.#blank = false;
        for (let i = 0; i < codes.length; i++) if (byte === codes[i]) counts[i] = (counts[i] ?? 0) + 1;
      }
      this.#afterCr = byte === CR;
    }
    return true;
  }

  /** The end of the scanned bytes: the last line counts even without a line end. */
  end(): WideLine | null {
    if (!this.#wide && !this.#blank) this.#endLine();
    return this.#wide;
  }

  /** Judges the line that just ended; true when it is too wide. */
  #endLine(): boolean {
    const fields = this.#counts.map((c) => c + 1);
    this.#counts.fill(0);
    const blank = this.#blank;
    this.#blank = true;
    const line = this.#line++;
    if (blank) return false;
    // Without a header row, the first line is the yardstick all the same: data rows match it.
    const header = (this.#headerFields ??= fields);
    for (let i = 0; i < fields.length; i++) {
      const count = fields[i] ?? 1;
      const expected = header[i] ?? 1;
      if (count > MAX_FIELDS || count > expected + MAX_EXTRA_FIELDS) {
        this.#wide = { line, fields: count, delimiter: this.#delimiters[i] ?? ',', headerFields: expected };
        return true;
      }
    }
    return false;
  }
}

/**
 * Refuses a CSV whose first `WIDTH_SCAN_BYTES` hold a line far wider than its header, or wider
 * than `MAX_FIELDS`, before DuckDB reads it: such a line does not end in bounded time there.
 */
export async function checkLineWidths(
  name: string,
  blob: Blob,
  csv: Pick<CsvOptions, 'delimiter'>,
): Promise<void> {
  const scanner = new LineWidthScanner(csv);
  const reader = blob.slice(0, WIDTH_SCAN_BYTES).stream().getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!scanner.push(value)) break;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  // A cut at the scan's end may split the last line: count it only when the whole file was read.
  const wide = blob.size <= WIDTH_SCAN_BYTES ? scanner.end() : scanner.wide;
  if (wide) throw tooWide(name, wide);
}

function tooWide(name: string, wide: WideLine): AppError {
  const label = wide.delimiter === '\t' ? 'tabs' : `“${wide.delimiter}”`;
  const fields = wide.fields.toLocaleString('en-US');
  const why =
    wide.fields <= wide.headerFields + MAX_EXTRA_FIELDS
      ? `more than the ${MAX_FIELDS.toLocaleString('en-US')} columns a spreadsheet holds`
      : `while its first line has ${wide.headerFields.toLocaleString('en-US')}`;
  return new AppError(
    'import-malformed',
    `${name} could not be read as CSV: line ${wide.line.toLocaleString('en-US')} is split by ${label} into ${fields} fields, ${why}. ` +
      'A line like that is not table data, and reading it would not end in reasonable time. Check that the file is a CSV export (or cut that line out), then import it again.',
  );
}
