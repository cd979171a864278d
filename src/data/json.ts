import { Bool, Float64, Table, Utf8, tableToIPC, vectorFromArray, type Vector } from 'apache-arrow';
import { AppError, errorMessage } from '../lib/errors';

type Row = Record<string, unknown>;

/**
 * JSON (an array of objects) or NDJSON (one object per line) → an Arrow IPC stream.
 * DuckDB-WASM's JSON extension is not built in and cannot be fetched offline, so we parse here.
 * Each column gets one type: all numbers → DOUBLE, all booleans → BOOLEAN, otherwise text
 * (nested objects and arrays as JSON text). Missing keys and nulls are NULL.
 */
export function jsonToArrowIpc(text: string, format: 'json' | 'ndjson', name: string): Uint8Array {
  const rows = format === 'json' ? parseJsonArray(text, name) : parseNdjson(text, name);
  if (rows.length === 0) {
    throw new AppError('import-empty', `${name} holds no records: there is nothing to import.`);
  }
  const names: string[] = [];
  const seen = new Set<string>();
  for (const row of rows) {
    for (const key of Object.keys(row)) {
      if (!seen.has(key)) {
        seen.add(key);
        names.push(key);
      }
    }
  }
  const columns: Record<string, Vector> = {};
  for (const column of names)
    columns[column] = toVector(rows.map((row) => (Object.hasOwn(row, column) ? row[column] : null)));
  return tableToIPC(new Table(columns), 'stream');
}

function toVector(values: unknown[]): Vector {
  const present = values.filter((v) => v !== null && v !== undefined);
  if (present.length > 0 && present.every((v) => typeof v === 'number')) {
    return vectorFromArray(
      values.map((v) => (typeof v === 'number' ? v : null)),
      new Float64(),
    );
  }
  if (present.length > 0 && present.every((v) => typeof v === 'boolean')) {
    return vectorFromArray(
      values.map((v) => (typeof v === 'boolean' ? v : null)),
      new Bool(),
    );
  }
  return vectorFromArray(values.map(asText), new Utf8());
}

function asText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

function parseJsonArray(text: string, name: string): Row[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e: unknown) {
    throw new AppError(
      'import-malformed',
      `${name} is not valid JSON: ${errorMessage(e)}. Fix or export it again.`,
      {
        cause: e,
      },
    );
  }
  if (!Array.isArray(parsed)) {
    throw new AppError(
      'import-malformed',
      `${name} is JSON but not a list of records. Casebook reads an array of objects ([{"a": 1}, …]) or NDJSON (one object per line).`,
    );
  }
  return parsed.map((item: unknown, i: number) => asRow(item, `record ${i + 1} of ${name}`));
}

function parseNdjson(text: string, name: string): Row[] {
  const rows: Row[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '') return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch (e: unknown) {
      throw new AppError(
        'import-malformed',
        `Line ${i + 1} of ${name} is not valid JSON: ${errorMessage(e)}. Fix that line or export the file again.`,
        { cause: e },
      );
    }
    rows.push(asRow(parsed, `line ${i + 1} of ${name}`));
  });
  return rows;
}

function asRow(item: unknown, where: string): Row {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) {
    throw new AppError(
      'import-malformed',
      `${where} is not an object with named fields; every record must be one.`,
    );
  }
  const row: Row = Object.create(null) as Row;
  for (const key of Object.keys(item)) row[key] = Reflect.get(item, key);
  return row;
}
