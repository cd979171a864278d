import type { ChartKind, ChartSpec } from '../../data/chart';
import { parseChartSpec } from '../../data/chart';
import { AppError, assertNever } from '../../lib/errors';
import { CHART_COUNTS } from '../../notebook/chart-parse';
import { parseNumber, ruleText, type NumberRule } from '../../ui/number-field';

/** The charts the form offers, in its order. */
export const CHART_KINDS: readonly { readonly kind: ChartKind; readonly label: string }[] = [
  { kind: 'histogram', label: 'Histogram' },
  { kind: 'bar', label: 'Bar chart' },
  { kind: 'box', label: 'Box plot by group' },
  { kind: 'scatter', label: 'Scatter' },
  { kind: 'line', label: 'Line over time' },
  { kind: 'heatmap', label: 'Correlation heatmap' },
  { kind: 'target-rate', label: 'Target rate by segment' },
  { kind: 'target-grid', label: 'Explore the target (every feature)' },
];

/** Every field of the form as the inputs hold it; a kind reads a few (`FIELDS`). */
export interface ChartForm {
  kind: ChartKind;
  column: string;
  x: string;
  y: string;
  by: string;
  time: string;
  segment: string;
  target: string;
  positive: string;
  aggregate: 'count' | 'sum' | 'mean' | 'median' | 'min' | 'max';
  grain: 'day' | 'week' | 'month';
  color: string;
  facet: string;
  title: string;
  bins: string;
  topN: string;
  /** Bars: '' lets the column's type decide (numbers and dates in their own order, text by value). */
  order: '' | 'value' | 'natural';
  log: boolean;
}

export type FieldName = Exclude<keyof ChartForm, 'kind'>;

/** The fields each kind shows, in order. */
export const FIELDS: Readonly<Record<ChartKind, readonly FieldName[]>> = {
  histogram: ['column', 'bins', 'log', 'facet', 'title'],
  bar: ['x', 'aggregate', 'y', 'color', 'topN', 'order', 'facet', 'title'],
  box: ['y', 'by', 'facet', 'title'],
  scatter: ['x', 'y', 'color', 'facet', 'title'],
  line: ['time', 'aggregate', 'y', 'grain', 'color', 'facet', 'title'],
  heatmap: ['facet', 'title'],
  'target-rate': ['segment', 'target', 'positive', 'bins', 'facet', 'title'],
  'target-grid': ['target', 'positive', 'title'],
};

export function emptyChartForm(kind: ChartKind = 'histogram'): ChartForm {
  return {
    kind,
    column: '',
    x: '',
    y: '',
    by: '',
    time: '',
    segment: '',
    target: '',
    positive: '',
    aggregate: 'count',
    grain: 'month',
    color: '',
    facet: '',
    title: '',
    bins: '',
    topN: '',
    order: '',
    log: false,
  };
}

const text = (value: string | undefined): string => value ?? '';
const count = (value: number | undefined): string => (value === undefined ? '' : String(value));

/** The form filled from a saved spec. */
export function formFromSpec(spec: ChartSpec | null): ChartForm {
  if (spec === null) return emptyChartForm();
  const form = { ...emptyChartForm(spec.kind), facet: text(spec.facet), title: text(spec.title) };
  switch (spec.kind) {
    case 'histogram':
      return { ...form, column: spec.column, bins: count(spec.bins), log: spec.log ?? false };
    case 'bar':
      return {
        ...form,
        x: spec.x,
        aggregate: spec.aggregate,
        y: text(spec.y),
        color: text(spec.color),
        topN: count(spec.topN),
        order: spec.order ?? '',
      };
    case 'box':
      return { ...form, y: spec.y, by: text(spec.by) };
    case 'scatter':
      return { ...form, x: spec.x, y: spec.y, color: text(spec.color) };
    case 'line':
      return {
        ...form,
        time: spec.time,
        aggregate: spec.aggregate,
        y: text(spec.y),
        grain: spec.grain,
        color: text(spec.color),
      };
    case 'heatmap':
      return form;
    case 'target-rate':
      return {
        ...form,
        segment: spec.segment,
        target: spec.target,
        positive: text(spec.positive),
        bins: count(spec.bins),
      };
    case 'target-grid':
      return { ...form, target: spec.target, positive: text(spec.positive) };
    default:
      return assertNever(spec);
  }
}

/** What the bins or top-N field of a chart `kind` accepts (empty is also fine: automatic). */
export function countRule(kind: ChartKind, field: 'bins' | 'topN'): NumberRule {
  const limits =
    field === 'topN'
      ? CHART_COUNTS.topN
      : kind === 'target-rate'
        ? CHART_COUNTS.targetRateBins
        : CHART_COUNTS.histogramBins;
  return { whole: true, ...limits };
}

const COUNT_LABELS = { bins: 'Bins', topN: 'Top' } as const;

/** A count typed in the form, checked as every number field checks what is typed. */
function countOf(kind: ChartKind, field: 'bins' | 'topN', text: string): number {
  const rule = countRule(kind, field);
  const parsed = parseNumber(text, rule);
  if ('error' in parsed) throw new AppError('bad-input', `${COUNT_LABELS[field]} must be ${ruleText(rule)}.`);
  return parsed.value;
}

/**
 * The spec the form describes: the kind's fields that are filled in, checked by the same
 * validator that reads saved cells (an error names the field); a count that is not a number in
 * range says what it must be.
 */
export function specFromForm(form: ChartForm): ChartSpec {
  const raw: Record<string, unknown> = { kind: form.kind };
  for (const field of FIELDS[form.kind]) {
    const value = form[field];
    if (field === 'y' && (form.kind === 'bar' || form.kind === 'line') && form.aggregate === 'count')
      continue;
    if (typeof value === 'boolean') {
      if (value) raw[field] = true;
    } else if (value.trim() !== '') {
      raw[field] = field === 'bins' || field === 'topN' ? countOf(form.kind, field, value) : value;
    }
  }
  return parseChartSpec(raw);
}
