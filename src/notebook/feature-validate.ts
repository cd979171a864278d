import * as v from 'valibot';
import { AppError } from '../lib/errors';
import type { FeatureSpec } from './feature-types';

/*
 * A feature spec comes back from IndexedDB and imported files as unknown. Each encoding is parsed
 * into a fresh object holding only the known keys (valibot's `object` drops the rest), and a
 * failure names the path of the field, as src/notebook/schema.ts does for the other cells.
 */

const name = v.pipe(v.string('is not text'), v.trim(), v.nonEmpty('is empty'));
const text = v.string('is not text');
const flag = v.optional(v.boolean('is not true or false'));
const finite = v.pipe(v.number('is not a number'), v.finite('is not a finite number'));
const count = (min: number) =>
  v.pipe(v.number('is not a number'), v.integer('is not a whole number'), v.minValue(min, `is below ${min}`));
const nothing = v.optional(v.object({}));

const numeric = v.object({
  encoding: v.literal('numeric'),
  column: name,
  impute: v.optional(v.nullable(v.picklist(['mean', 'median', 'zero'], 'is not mean, median or zero'))),
  indicator: flag,
  standardise: flag,
  log: flag,
  fitted: v.optional(
    v.object({ fill: v.nullable(finite), mean: finite, std: v.pipe(finite, v.minValue(0, 'is negative')) }),
  ),
});

const oneHot = v.object({
  encoding: v.literal('one-hot'),
  column: name,
  topK: count(1),
  other: v.boolean('is not true or false'),
  missing: v.picklist(['category', 'ignore', 'mode'], 'is not category, ignore or mode'),
  fitted: v.optional(v.object({ categories: v.array(text, 'is not a list'), fill: v.optional(text) })),
});

const ordinal = v.object({
  encoding: v.literal('ordinal'),
  column: name,
  order: v.pipe(v.array(text, 'is not a list'), v.nonEmpty('is empty')),
  fitted: nothing,
});

const dateParts = v.object({
  encoding: v.literal('date-parts'),
  column: name,
  parts: v.pipe(
    v.array(
      v.picklist(['year', 'month', 'dow', 'day', 'hour', 'doy'], 'is not a date part'),
      'is not a list',
    ),
    v.nonEmpty('is empty'),
  ),
  cyclic: flag,
  fitted: nothing,
});

const bucket = v.object({
  encoding: v.literal('bucket'),
  column: name,
  bins: count(2),
  method: v.picklist(['quantile', 'uniform'], 'is not quantile or uniform'),
  fitted: v.optional(
    v.object({
      edges: v.pipe(
        v.array(finite, 'is not a list'),
        v.check((edges) => edges.every((e, i) => i === 0 || e > (edges[i - 1] ?? e)), 'is not ascending'),
      ),
    }),
  ),
});

const boolean = v.object({ encoding: v.literal('boolean'), column: name, fitted: nothing });

export const featureEncodingSchema = v.variant(
  'encoding',
  [numeric, oneHot, ordinal, dateParts, bucket, boolean],
  'is not an encoding',
);

export const featureSpecSchema = v.object({
  target: name,
  task: v.picklist(['binary', 'multiclass', 'regression'], 'is not binary, multiclass or regression'),
  positive: v.optional(text),
  classes: v.optional(v.array(v.string('is not text'), 'is not a list')),
  features: v.array(featureEncodingSchema, 'is not a list'),
});

type IssuePath = NonNullable<v.BaseIssue<unknown>['path']>;

function issuePath(base: string, path: IssuePath | undefined): string {
  let out = base;
  for (const item of path ?? []) {
    const key: unknown = item.key;
    out += typeof key === 'number' ? `[${key}]` : `.${String(key)}`;
  }
  return out;
}

/** Reads a feature spec from unknown, or throws AppError('invalid-document') naming the first bad field. */
export function parseFeatureSpec(raw: unknown): FeatureSpec {
  const result = v.safeParse(featureSpecSchema, raw);
  if (result.success) return result.output;
  const issue = result.issues[0];
  const at = issuePath('features spec', issue?.path);
  throw new AppError(
    'invalid-document',
    `This feature spec cannot be read: ${at} ${issue?.message ?? 'is not valid'}.`,
  );
}
