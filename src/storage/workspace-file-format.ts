import { AppError, errorMessage } from '../lib/errors';

/*
 * The workspace file: one container, no zip.
 *
 *   CASEBOOK-WORKSPACE 1\n          the magic line and the format version
 *   <header bytes, decimal>\n       the length of the header
 *   <header: UTF-8 JSON>            everything but bytes: cases, runs, notes, and where each section is
 *   <binary area>                   sections back to back: imported files verbatim, typed arrays raw
 *
 * Why not JSON with base64: imported files can be hundreds of MB; base64 makes them a third larger,
 * must sit in one JavaScript string (V8 caps strings near 512 MB) and cannot be read lazily. Here a
 * file's bytes stay as they are, the importer slices them off the Blob without loading the rest,
 * and the header stays readable text (`head -c` shows it). JSON cannot hold NaN or ±Infinity (a
 * diverged loss curve has them): they are written as null and listed in the header's `nonFinite`
 * by path, and put back on import.
 */

export const MAGIC = 'CASEBOOK-WORKSPACE';
export const FORMAT_VERSION = 1;
/** Past this the header is refused: JSON of this size is no workspace the app wrote. */
export const MAX_HEADER_BYTES = 256 * 1024 * 1024;
/** Longest text anywhere in the header; the fields' own schemas set tighter limits. */
export const MAX_TEXT = 4 * 1024 * 1024;
const MAX_DEPTH = 64;
const MAX_ITEMS = 10_000_000;

const NOTHING = 'Nothing was imported.';

/** An import refused: what is wrong with the file, and that nothing changed. */
export function refused(message: string, cause?: unknown): AppError {
  return new AppError('invalid-document', `${message} ${NOTHING}`, { cause });
}

type PathItem = string | number;
type NonFinite = [path: PathItem[], value: 'NaN' | 'Infinity' | '-Infinity'];

/** A copy of `value` with NaN and ±Infinity as null, and where each was. */
function withoutNonFinite(value: unknown, path: PathItem[], found: NonFinite[]): unknown {
  if (typeof value === 'number' && !Number.isFinite(value)) {
    found.push([[...path], Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity']);
    return null;
  }
  if (Array.isArray(value))
    return value.map((item: unknown, i) => withoutNonFinite(item, [...path, i], found));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      Object.defineProperty(out, key, {
        value: withoutNonFinite(inner, [...path, key], found),
        enumerable: true,
      });
    }
    return out;
  }
  return value;
}

/** The container's bytes: the header (with `nonFinite` added) and the sections, in order. */
export function encodeContainer(header: Record<string, unknown>, sections: readonly BlobPart[]): Blob {
  const nonFinite: NonFinite[] = [];
  const clean: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(header)) clean[key] = withoutNonFinite(value, [key], nonFinite);
  const json = new TextEncoder().encode(JSON.stringify({ ...clean, nonFinite }));
  const head = `${MAGIC} ${FORMAT_VERSION}\n${json.byteLength}\n`;
  return new Blob([head, json, ...sections], { type: 'application/vnd.casebook.workspace' });
}

/** What `readContainer` found: the header (checked for hostile keys and sizes) and where the bytes are. */
export interface Container {
  readonly header: Record<string, unknown>;
  readonly binaryStart: number;
  readonly binaryLength: number;
}

/** Reads the magic line, the header length and the header of a workspace file. */
export async function readContainer(file: Blob): Promise<Container> {
  const start = new Uint8Array(await file.slice(0, 64).arrayBuffer());
  const text = new TextDecoder().decode(start);
  const magic = /^CASEBOOK-WORKSPACE (\d{1,6})\n(\d{1,12})\n/.exec(text);
  if (!magic) {
    throw refused(
      `This is not a Casebook workspace file (it does not start with “${MAGIC}”). Choose a file made by “Export workspace”.`,
    );
  }
  const version = Number(magic[1]);
  if (version > FORMAT_VERSION) {
    throw refused(
      `This workspace was exported by a newer version of Casebook (format ${version}); update the app to import it.`,
    );
  }
  if (version !== FORMAT_VERSION) throw refused(`This workspace file has an unknown format (${version}).`);
  const headerBytes = Number(magic[2]);
  const headerStart = magic[0].length;
  if (headerBytes > MAX_HEADER_BYTES) {
    throw refused(
      `The file's header is ${headerBytes.toLocaleString('en-US')} bytes, more than any workspace holds.`,
    );
  }
  if (headerStart + headerBytes > file.size) throw truncated(headerStart + headerBytes, file.size);
  const header = parseHeader(await file.slice(headerStart, headerStart + headerBytes).text());
  const binaryStart = headerStart + headerBytes;
  return { header, binaryStart, binaryLength: file.size - binaryStart };
}

export function truncated(expected: number, actual: number): AppError {
  return refused(
    `The file is cut short: its contents need ${expected.toLocaleString('en-US')} bytes, it holds ${actual.toLocaleString('en-US')}. Export the workspace again, or copy the file again.`,
  );
}

function parseHeader(json: string): Record<string, unknown> {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (e: unknown) {
    throw refused(`The file is damaged: its header is not valid JSON (${errorMessage(e)}).`, e);
  }
  checkValue(raw, 'header', 0);
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    throw refused('The file is damaged: its header is not an object.');
  const header: Record<string, unknown> = { ...raw };
  restoreNonFinite(header);
  return header;
}

/**
 * Refuses keys named `__proto__` (JSON.parse makes them own keys, and a later merge or spread
 * could turn them into a prototype) and `constructor` holding a `prototype` (the other path a deep
 * merge takes to `Object.prototype`); a plain `constructor` or `prototype` key stays, since column
 * names become keys in cell configs. Also texts, lists or nesting beyond any workspace's.
 */
function checkValue(value: unknown, path: string, depth: number): void {
  if (depth > MAX_DEPTH) throw refused(`The file nests values more than ${MAX_DEPTH} deep (at ${path}).`);
  if (typeof value === 'string') {
    if (value.length > MAX_TEXT) {
      throw refused(
        `The file holds a text of ${value.length.toLocaleString('en-US')} characters at ${path}; the limit is ${MAX_TEXT.toLocaleString('en-US')}.`,
      );
    }
    return;
  }
  if (Array.isArray(value)) {
    if (value.length > MAX_ITEMS) throw refused(`The file holds a list of ${value.length} items at ${path}.`);
    value.forEach((item: unknown, i) => checkValue(item, `${path}[${i}]`, depth + 1));
    return;
  }
  if (value === null || typeof value !== 'object') return;
  for (const [key, inner] of Object.entries(value)) {
    if (key === '__proto__' || (key === 'constructor' && holdsPrototype(inner))) {
      throw refused(
        `The file holds a key named “${key === '__proto__' ? key : 'constructor.prototype'}” (at ${path}), which could tamper with the app; it was refused.`,
      );
    }
    checkValue(inner, `${path}.${key}`, depth + 1);
  }
}

function holdsPrototype(value: unknown): boolean {
  return value !== null && typeof value === 'object' && Object.hasOwn(value, 'prototype');
}

const NON_FINITE: Readonly<Record<string, number>> = {
  NaN: Number.NaN,
  Infinity: Number.POSITIVE_INFINITY,
  '-Infinity': Number.NEGATIVE_INFINITY,
};

/** Puts NaN and ±Infinity back where `nonFinite` says, only into own slots that hold null. */
function restoreNonFinite(header: Record<string, unknown>): void {
  const list = header['nonFinite'];
  delete header['nonFinite'];
  if (list === undefined) return;
  if (!Array.isArray(list)) throw refused('The file is damaged: header.nonFinite is not a list.');
  for (const entry of list) {
    const [path, name]: unknown[] = Array.isArray(entry) ? entry : [];
    const value = typeof name === 'string' ? NON_FINITE[name] : undefined;
    if (!Array.isArray(path) || path.length === 0 || value === undefined) {
      throw refused('The file is damaged: an entry of header.nonFinite is not a path and a value.');
    }
    let target: unknown = header;
    for (const [i, key] of path.entries()) {
      const slot = typeof key === 'number' || typeof key === 'string' ? String(key) : null;
      if (slot === null || target === null || typeof target !== 'object' || !Object.hasOwn(target, slot)) {
        throw refused(
          `The file is damaged: header.nonFinite points at ${path.join('.')}, which is not there.`,
        );
      }
      if (i === path.length - 1) {
        if (Reflect.get(target, slot) !== null) {
          throw refused(
            `The file is damaged: header.nonFinite points at ${path.join('.')}, which is not empty.`,
          );
        }
        Reflect.set(target, slot, value);
      } else {
        target = Reflect.get(target, slot);
      }
    }
  }
}
