import type { Table } from 'apache-arrow';
import type { SqlEngine } from './engine';
import { quoteIdent } from './sql';
import { hexOf } from '../lib/hex';

/*
 * A table as a CSV file people open in a spreadsheet. Text that a spreadsheet would read as a
 * formula is neutralised as OWASP's "CSV Injection" page advises: a cell of text starting with
 * `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'` and is quoted, so Excel,
 * LibreOffice and Google Sheets show it as text instead of running it (`=HYPERLINK(...)`,
 * `=cmd|' /C calc'!A0`). Only text is changed: a number (-5) or a date is written as it is, since
 * its column's type says it cannot be a formula.
 */

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

/** One field: text is neutralised when it starts like a formula, then quoted per RFC 4180 where needed. */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') {
    const safe = FORMULA_START.test(value) ? `'${value}` : value;
    return safe !== value || NEEDS_QUOTES.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
  }
  const text = plainText(value);
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Non-text values as text at full precision (the grid rounds; a file must not). */
function plainText(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean')
    return String(value);
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return hexOf(value);
  if (typeof value === 'object' && value !== null) {
    if (Symbol.toPrimitive in value) return String(value);
    try {
      return JSON.stringify(value, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
    } catch {
      return String(value);
    }
  }
  return String(value);
}

/** The header line and the rows of an Arrow table, CRLF-terminated (RFC 4180). */
export function csvLines(table: Table, withHeader: boolean): string {
  const columns = table.schema.fields.map((_, i) => table.getChildAt(i));
  let out = withHeader ? table.schema.fields.map((f) => csvField(f.name)).join(',') + '\r\n' : '';
  for (let r = 0; r < table.numRows; r++) {
    out += columns.map((column) => csvField(column?.get(r))).join(',') + '\r\n';
  }
  return out;
}

const CHUNK_ROWS = 20_000;

/**
 * Every row of `table` as a CSV Blob, read a chunk at a time on the interactive lane (a long cell
 * keeps running), so that no more than one chunk of text is held as a string at once.
 */
export async function tableToCsv(engine: SqlEngine, table: string, signal?: AbortSignal): Promise<Blob> {
  const parts: string[] = [];
  const from = quoteIdent(table);
  for (let offset = 0; ; offset += CHUNK_ROWS) {
    const chunk = await engine.query(`SELECT * FROM ${from} LIMIT ${CHUNK_ROWS} OFFSET ${offset}`, {
      lane: 'interactive',
      ...(signal ? { signal } : {}),
    });
    parts.push(csvLines(chunk, offset === 0));
    if (chunk.numRows < CHUNK_ROWS) break;
  }
  return new Blob(parts, { type: 'text/csv;charset=utf-8' });
}
