import { ModelError } from './errors';

/**
 * Narrowing helpers for a stored model read back as `unknown` (IndexedDB row, imported file):
 * each returns the typed value or throws ModelError('bad-artifact') naming the bad field.
 */
export type Fields = Readonly<Record<string, unknown>>;

export function bad(path: string, expected: string): ModelError {
  return new ModelError('bad-artifact', `This stored model cannot be read: ${path} should be ${expected}.`);
}

export function record(value: unknown, path: string): Fields {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw bad(path, 'an object');
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = v;
  return out;
}

export function num(o: Fields, key: string, path: string): number {
  const v = o[key];
  if (typeof v !== 'number' || Number.isNaN(v)) throw bad(`${path}.${key}`, 'a number');
  return v;
}

export function int(o: Fields, key: string, path: string, min = 0): number {
  const v = num(o, key, path);
  if (!Number.isInteger(v) || v < min) throw bad(`${path}.${key}`, `an integer ≥ ${min}`);
  return v;
}

export function nullableInt(o: Fields, key: string, path: string): number | null {
  return o[key] === null || o[key] === undefined ? null : int(o, key, path);
}

export function bool(o: Fields, key: string, path: string): boolean {
  const v = o[key];
  if (typeof v !== 'boolean') throw bad(`${path}.${key}`, 'true or false');
  return v;
}

export function list(o: Fields, key: string, path: string): unknown[] {
  const v = o[key];
  if (!Array.isArray(v)) throw bad(`${path}.${key}`, 'a list');
  return v;
}

export function numbers(o: Fields, key: string, path: string, length?: number): number[] {
  const out = list(o, key, path).map((v) => {
    if (typeof v !== 'number' || Number.isNaN(v)) throw bad(`${path}.${key}`, 'a list of numbers');
    return v;
  });
  if (length !== undefined && out.length !== length) throw bad(`${path}.${key}`, `${length} numbers long`);
  return out;
}

export function booleans(o: Fields, key: string, path: string, length: number): boolean[] {
  const out = list(o, key, path).map((v) => {
    if (typeof v !== 'boolean') throw bad(`${path}.${key}`, 'a list of true/false');
    return v;
  });
  if (out.length !== length) throw bad(`${path}.${key}`, `${length} values long`);
  return out;
}

export function strings(o: Fields, key: string, path: string): string[] {
  return list(o, key, path).map((v) => {
    if (typeof v !== 'string') throw bad(`${path}.${key}`, 'a list of strings');
    return v;
  });
}

export function oneOf<T extends string>(o: Fields, key: string, path: string, allowed: readonly T[]): T {
  const v = o[key];
  const found = allowed.find((a) => a === v);
  if (found === undefined) throw bad(`${path}.${key}`, `one of ${allowed.join(', ')}`);
  return found;
}

/** Child links must point forward inside the node arrays, so that every walk ends at a leaf. */
export function checkLinks(
  feature: number[],
  left: number[],
  right: number[],
  nFeatures: number,
  path: string,
): void {
  feature.forEach((f, i) => {
    if (f < 0) return;
    const l = left[i] ?? -1;
    const r = right[i] ?? -1;
    const inRange = (c: number): boolean => Number.isInteger(c) && c > i && c < feature.length;
    if (f >= nFeatures || !Number.isInteger(f) || !inRange(l) || !inRange(r))
      throw bad(`${path} node ${i}`, 'a valid split');
  });
  if (feature.length === 0) throw bad(path, 'a tree with at least one node');
}
