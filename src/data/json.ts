import { Table, tableToIPC, type Vector } from 'apache-arrow';
import { AppError } from '../lib/errors';
import { boolVector, float64Vector, utf8Vector } from './arrow-vectors';
import { findJsonSyntaxError } from './json-syntax';

/** One record: a Map, so that keys such as `__proto__` stay plain data. */
type Row = ReadonlyMap<string, unknown>;

/**
 * JSON (an array of objects) or NDJSON (one object per line) → an Arrow IPC stream.
 * DuckDB-WASM's JSON extension is not built in and cannot be fetched offline, so we parse here.
 * Each column gets one type: all numbers → DOUBLE, all booleans → BOOLEAN, otherwise text
 * (nested objects and arrays as JSON text). Missing keys and nulls are NULL. Column names are
 * kept as they are in the data.
 */
export function jsonToArrowIpc(text: string, format: 'json' | 'ndjson', name: string): Uint8Array {
  const rows = format === 'json' ? parseJsonArray(text, name) : parseNdjson(text, name);
  if (rows.length === 0) {
    throw new AppError(
      'import-empty',
      `${name} holds no records: there is nothing to import. Check that the export finished, then import it again.`,
    );
  }
  const names = columnNames(rows);
  const columns = names.map(
    (column) => [column, toVector(rows.map((row) => row.get(column) ?? null))] as const,
  );
  return tableToIPC(new Table(Object.fromEntries(columns)), 'stream');
}

function columnNames(rows: readonly Row[]): string[] {
  const names = new Set<string>();
  for (const row of rows) for (const key of row.keys()) names.add(key);
  return [...names];
}

function toVector(values: readonly unknown[]): Vector {
  const present = values.filter((v) => v !== null);
  if (present.length > 0 && present.every((v) => typeof v === 'number')) {
    return float64Vector(values.map((v) => (typeof v === 'number' ? v : null)));
  }
  if (present.length > 0 && present.every((v) => typeof v === 'boolean')) {
    return boolVector(values.map((v) => (typeof v === 'boolean' ? v : null)));
  }
  return utf8Vector(values.map(asText));
}

function asText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

function parseJsonArray(text: string, name: string): Row[] {
  const parsed = parse(text, (where) => `${where} of ${name}`);
  if (!Array.isArray(parsed)) {
    throw new AppError(
      'import-malformed',
      `${name} is JSON, but ${describe(parsed)} rather than a list of records. Casebook reads an array ` +
        'of objects, like [{"id": 1, "name": "a"}, …], or NDJSON (.ndjson): one object per line.',
    );
  }
  return parsed.map((item: unknown, i: number) => asRow(item, `Record ${i + 1} of ${name}`));
}

function parseNdjson(text: string, name: string): Row[] {
  const rows: Row[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    const parsed = parse(line, () => `line ${i + 1} of ${name}`);
    rows.push(asRow(parsed, `Line ${i + 1} of ${name}`));
  });
  return rows;
}

/** `JSON.parse`, or AppError('import-malformed') saying where the text breaks. */
function parse(text: string, where: (line: string) => string): unknown {
  try {
    return JSON.parse(text);
  } catch (e: unknown) {
    const found = findJsonSyntaxError(text);
    const place = found ? where(`line ${found.line}`) : where('line 1');
    const detail = found ? ` (column ${found.column}): ${found.reason}` : '';
    throw new AppError(
      'import-malformed',
      `${capitalise(place)} is not valid JSON${detail}. Fix it there, or export the file again.`,
      { cause: e },
    );
  }
}

function asRow(item: unknown, where: string): Row {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) {
    throw new AppError(
      'import-malformed',
      `${where} is ${describe(item)}, not an object with named fields: every record must be one, like {"id": 1}.`,
    );
  }
  return new Map(Object.entries(item));
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return 'a string';
  return `a ${typeof value}`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
