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

const money = v.pipe(v.number('is not a number'), v.finite('is not a finite number'));
const trimmed = v.pipe(v.string('is not text'), v.trim());

export const briefConfig = v.pipe(
  v.object({
    objective: v.optional(v.string('is not text'), ''),
    decision: v.optional(v.string('is not text'), ''),
    input: v.optional(trimmed, ''),
    target: v.optional(trimmed, ''),
    task: v.optional(v.picklist(['binary', 'regression'], 'is not binary or regression'), 'binary'),
    positive: v.optional(v.string('is not text'), ''),
    metric: v.optional(
      v.picklist(
        ['roc_auc', 'pr_auc', 'f1', 'accuracy', 'log_loss', 'brier', 'rmse', 'mae', 'r2', 'mape'],
        'is not a metric',
      ),
      'roc_auc',
    ),
    bar: v.optional(v.nullable(money), null),
    baseline: v.optional(
      v.variant('kind', [
        v.object({ kind: v.literal('majority') }),
        v.object({ kind: v.literal('mean') }),
        v.object({ kind: v.literal('rule'), sql: v.string('is not text') }),
      ]),
      { kind: 'majority' },
    ),
    values: v.optional(v.object({ tp: money, fp: money, tn: money, fn: money }), {
      tp: 0,
      fp: 0,
      tn: 0,
      fn: 0,
    }),
    unitCost: v.optional(v.object({ over: money, under: money }), { over: 1, under: 1 }),
    timeColumn: v.optional(v.nullable(trimmed), null),
  }),
  v.check(
    (b) =>
      b.task === 'binary'
        ? ['roc_auc', 'pr_auc', 'f1', 'accuracy', 'log_loss', 'brier'].includes(b.metric)
        : ['rmse', 'mae', 'r2', 'mape'].includes(b.metric),
    'has a metric that does not fit its task',
  ),
);

export const profileConfig = v.object({
  input: v.pipe(v.string('is not text'), v.trim()),
  target: v.nullish(v.pipe(v.string('is not text'), v.trim()), null),
  sampleRows: v.optional(
    v.pipe(
      v.number('is not a number'),
      v.integer('is not a whole number'),
      v.minValue(1_000, 'is below 1,000'),
    ),
    200_000,
  ),
});
