import * as v from 'valibot';
import { AppError } from '../lib/errors';

/*
 * Validation of the nested configs of cell kinds (profile, clean steps, chart specs…) with
 * valibot: each config is parsed into a fresh object holding only the known keys (valibot's
 * `object` drops the rest, and its `record` skips `__proto__`, `constructor` and `prototype`),
 * and a failure names the path of the field, as the hand-written checks of restore.ts do.
 */

/** Text that is not blank. */
export const name = v.pipe(v.string('is not text'), v.trim(), v.nonEmpty('is empty'));

/** Parses `raw` with `schema`, or throws the invalid-document error for the first problem. */
export function parseAt<S extends v.GenericSchema>(schema: S, raw: unknown, path: string): v.InferOutput<S> {
  const result = v.safeParse(schema, raw);
  if (result.success) return result.output;
  const issue = result.issues[0];
  const at = issue ? issuePath(path, issue.path) : path;
  const message = issue?.message ?? 'is not valid';
  throw new AppError('invalid-document', `This case cannot be opened: ${at} ${message}.`);
}

type IssuePath = NonNullable<v.BaseIssue<unknown>['path']>;

function issuePath(base: string, path: IssuePath | undefined): string {
  let out = base;
  for (const item of path ?? []) {
    const key: unknown = item.key;
    out += typeof key === 'number' ? `[${key}]` : `.${String(key)}`;
  }
  return out;
}
