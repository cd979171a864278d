import { AppError } from '../lib/errors';

/*
 * The hand-written readers of a stored document (restore.ts and each kind's `restore`). Nothing
 * from the raw value is copied wholesale: every field is read, checked and rebuilt, so keys such
 * as `__proto__` never reach a live object. A failure names the field's path.
 */

/** The error of a stored or imported case that cannot be opened. */
export function invalid(detail: string): AppError {
  return new AppError('invalid-document', `This case cannot be opened: ${detail}.`.replace(/\.\.$/, '.'));
}

/** A copy of an object's own keys, without the ones that reach a prototype. */
export function record(raw: unknown, path: string): Record<string, unknown> {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    throw invalid(`${path} is not an object`);
  const copy: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const key of Object.keys(raw)) {
    if (key === '__proto__' || key === 'constructor' || key === 'prototype') continue;
    copy[key] = Reflect.get(raw, key);
  }
  return copy;
}

export function text(raw: unknown, path: string, nonEmpty = false): string {
  if (typeof raw !== 'string') throw invalid(`${path} is not text`);
  if (nonEmpty && raw.trim() === '') throw invalid(`${path} is empty`);
  return raw;
}

export function optionalText(raw: unknown, path: string): string | undefined {
  return raw === undefined || raw === null ? undefined : text(raw, path);
}

export function textList(raw: unknown, path: string): string[] {
  if (!Array.isArray(raw)) throw invalid(`${path} is not a list`);
  return raw.map((item: unknown, i: number) => text(item, `${path}[${i}]`));
}
