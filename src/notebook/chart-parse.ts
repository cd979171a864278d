import * as v from 'valibot';
import { AppError } from '../lib/errors';
import type { ChartSpec } from './chart-types';

/*
 * Validation of a chart spec read from a document: each spec is parsed into a fresh object
 * holding only the known keys, and a failure names the field.
 */

/** The whole numbers a chart's counts may be, inclusive; the chart form checks what is typed with them. */
export const CHART_COUNTS = {
  histogramBins: { min: 1, max: 200 },
  targetRateBins: { min: 2, max: 50 },
  topN: { min: 1, max: 100 },
} as const;

const column = v.pipe(v.string('is not text'), v.trim(), v.nonEmpty('is empty'));
const count = ({ min, max }: { readonly min: number; readonly max: number }) =>
  v.pipe(
    v.number('is not a number'),
    v.integer('is not a whole number'),
    v.minValue(min, `is below ${min}`),
    v.maxValue(max, `is above ${max}`),
  );
const aggregate = v.picklist(['count', 'sum', 'mean', 'median', 'min', 'max'], 'is not an aggregate');
const columnList = v.pipe(v.array(column, 'is not a list'), v.maxLength(50, 'has more than 50 columns'));

const common = {
  facet: v.optional(column),
  title: v.optional(v.pipe(v.string('is not text'), v.maxLength(200, 'is longer than 200 characters'))),
};

const chartSpec = v.variant(
  'kind',
  [
    v.object({
      kind: v.literal('histogram'),
      column,
      bins: v.optional(count(CHART_COUNTS.histogramBins)),
      log: v.optional(v.boolean('is not true or false')),
      ...common,
    }),
    v.object({
      kind: v.literal('bar'),
      x: column,
      aggregate,
      y: v.optional(column),
      color: v.optional(column),
      topN: v.optional(count(CHART_COUNTS.topN)),
      order: v.optional(v.picklist(['value', 'natural'])),
      ...common,
    }),
    v.object({ kind: v.literal('box'), y: column, by: v.optional(column), ...common }),
    v.object({ kind: v.literal('scatter'), x: column, y: column, color: v.optional(column), ...common }),
    v.object({
      kind: v.literal('line'),
      time: column,
      y: v.optional(column),
      aggregate,
      grain: v.picklist(['day', 'week', 'month'], 'is not day, week or month'),
      color: v.optional(column),
      ...common,
    }),
    v.object({ kind: v.literal('heatmap'), columns: v.optional(columnList), ...common }),
    v.object({
      kind: v.literal('target-rate'),
      segment: column,
      target: column,
      positive: v.optional(v.string('is not text')),
      bins: v.optional(count(CHART_COUNTS.targetRateBins)),
      ...common,
    }),
    v.object({
      kind: v.literal('target-grid'),
      target: column,
      positive: v.optional(v.string('is not text')),
      columns: v.optional(columnList),
      ...common,
    }),
  ],
  'is not a chart kind',
);

type IssuePath = NonNullable<v.BaseIssue<unknown>['path']>;

function issuePath(path: IssuePath | undefined): string {
  let out = 'chart';
  for (const item of path ?? []) {
    const key: unknown = item.key;
    out += typeof key === 'number' ? `[${key}]` : `.${String(key)}`;
  }
  return out;
}

/** Checks that an aggregate other than count names the column it aggregates. */
function checkMeaning(spec: ChartSpec): ChartSpec {
  if ((spec.kind === 'bar' || spec.kind === 'line') && spec.aggregate !== 'count' && spec.y === undefined) {
    throw new AppError('invalid-document', `The chart's ${spec.aggregate} needs a column to aggregate (y).`);
  }
  return spec;
}

/** Parses a chart spec, or throws AppError('invalid-document') naming the first bad field. */
export function parseChartSpec(raw: unknown): ChartSpec {
  const result = v.safeParse(chartSpec, raw);
  if (!result.success) {
    const issue = result.issues[0];
    const at = issuePath(issue?.path);
    throw new AppError(
      'invalid-document',
      `This chart cannot be read: ${at} ${issue?.message ?? 'is not valid'}.`,
    );
  }
  return checkMeaning(result.output);
}
