import type { ModelKind, ModelSpec, TrainTask } from '../../notebook/model-types';
import { metricHigherIsBetter } from '../../notebook/metrics';
import type { SearchSpec } from '../../notebook/train-types';
import type { Metric } from '../../notebook/types';

/* What the train view edits and shows: pure, so it is tested without a browser. */

/** The kinds a user adds for a task (the baseline is always trained). */
export function kindsFor(task: TrainTask): ModelKind[] {
  return task === 'binary' ? ['logistic', 'gbdt', 'tree', 'mlp'] : ['linear', 'gbdt', 'tree', 'mlp'];
}

/** A form field of a model's spec. */
export interface ParamField {
  readonly key: string;
  readonly label: string;
  /** `int?`: a whole number or blank for none; `list`: whole numbers separated by commas. */
  readonly type: 'number' | 'int' | 'int?' | 'list' | 'bool' | 'activation';
  readonly min?: number;
  readonly max?: number;
  /** Strictly above `min`. */
  readonly above?: boolean;
}

const SEED: ParamField = { key: 'seed', label: 'seed', type: 'int', min: 0 };

export const PARAM_FIELDS: Record<ModelKind, readonly ParamField[]> = {
  baseline: [],
  logistic: [{ key: 'C', label: 'C (inverse regularisation)', type: 'number', min: 0, above: true }],
  linear: [{ key: 'alpha', label: 'alpha (ridge)', type: 'number', min: 0 }],
  tree: [
    { key: 'maxDepth', label: 'max depth', type: 'int?', min: 1 },
    { key: 'minSamplesLeaf', label: 'min rows per leaf', type: 'int', min: 1 },
  ],
  gbdt: [
    { key: 'learningRate', label: 'learning rate', type: 'number', min: 0, above: true },
    { key: 'maxIter', label: 'rounds', type: 'int', min: 1 },
    { key: 'maxLeafNodes', label: 'leaves', type: 'int', min: 2 },
    { key: 'maxDepth', label: 'max depth', type: 'int?', min: 1 },
    { key: 'minSamplesLeaf', label: 'min rows per leaf', type: 'int', min: 1 },
    { key: 'l2', label: 'L2', type: 'number', min: 0 },
    { key: 'earlyStopping', label: 'early stopping', type: 'bool' },
  ],
  mlp: [
    { key: 'hidden', label: 'hidden units', type: 'list' },
    { key: 'activation', label: 'activation', type: 'activation' },
    { key: 'dropout', label: 'dropout', type: 'number', min: 0, max: 0.9 },
    { key: 'learningRate', label: 'learning rate', type: 'number', min: 0, above: true },
    { key: 'batchSize', label: 'batch size', type: 'int', min: 1 },
    { key: 'epochs', label: 'epochs', type: 'int', min: 1 },
    { key: 'patience', label: 'patience (0 = none)', type: 'int', min: 0 },
    { key: 'l2', label: 'L2', type: 'number', min: 0 },
  ],
};

export const fieldsOf = (kind: ModelKind): readonly ParamField[] => [...PARAM_FIELDS[kind], SEED];

/** The numeric parameters a search may vary. */
export const searchableParams = (kind: ModelKind): string[] =>
  PARAM_FIELDS[kind]
    .filter((f) => f.type === 'number' || f.type === 'int' || f.type === 'int?')
    .map((f) => f.key);

/**
 * The value a field's text means, or an error message for people. Every model field is parsed
 * here, so a spec never holds a value the worker would refuse for its type.
 */
export function parseField(field: ParamField, text: string): { value: unknown } | { error: string } {
  const trimmed = text.trim();
  if (field.type === 'bool') return { value: trimmed === 'true' };
  if (field.type === 'activation') {
    return trimmed === 'relu' || trimmed === 'tanh' ? { value: trimmed } : { error: 'Choose relu or tanh.' };
  }
  if (field.type === 'list') {
    const parts = trimmed === '' ? [] : trimmed.split(',').map((s) => Number(s.trim()));
    if (parts.some((n) => !Number.isInteger(n) || n < 1)) {
      return { error: `The ${field.label} must be whole numbers ≥ 1 separated by commas, e.g. 64, 32.` };
    }
    return { value: parts };
  }
  if (field.type === 'int?' && trimmed === '') return { value: null };
  const n = Number(trimmed);
  const whole = field.type !== 'number';
  if (trimmed === '' || !Number.isFinite(n) || (whole && !Number.isInteger(n))) {
    return {
      error: `The ${field.label} must be ${whole ? 'a whole number' : 'a number'}${field.type === 'int?' ? ' or blank' : ''}.`,
    };
  }
  const { min, max, above } = field;
  if (min !== undefined && (above ? n <= min : n < min)) {
    return { error: `The ${field.label} must be ${above ? 'above' : 'at least'} ${min}.` };
  }
  if (max !== undefined && n > max) return { error: `The ${field.label} must be at most ${max}.` };
  return { value: n };
}

/** A field's value as the text of its input. */
export function fieldText(spec: ModelSpec, field: ParamField): string {
  const value: unknown = (spec as unknown as Record<string, unknown>)[field.key];
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.join(', ');
  return String(value);
}

/** A fresh search over the first searchable parameter of `kind`. */
export function defaultSearch(kind: ModelKind): SearchSpec {
  const presets: Partial<Record<ModelKind, SearchSpec['params']>> = {
    logistic: [{ name: 'C', values: [0.01, 0.1, 1, 10] }],
    linear: [{ name: 'alpha', values: [0.1, 1, 10] }],
    tree: [{ name: 'maxDepth', values: [2, 3, 4, 6] }],
    gbdt: [
      { name: 'learningRate', values: [0.05, 0.1, 0.2] },
      { name: 'maxLeafNodes', values: [15, 31] },
    ],
    mlp: [{ name: 'learningRate', values: [0.0003, 0.001, 0.003] }],
  };
  return { model: kind, method: 'grid', trials: 8, seed: 42, params: presets[kind] ?? [] };
}

/** "0.01, 0.1, 1" → numbers, or null when one is not a number. */
export function parseValues(text: string): number[] | null {
  const parts = text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const values = parts.map(Number);
  return parts.length > 0 && values.every(Number.isFinite) ? values : null;
}

/** Formats a metric value for the leaderboard: 3 decimals, or the rounded value when large. */
export function metricText(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  return Math.abs(value) >= 1000
    ? value.toLocaleString('en-US', { maximumFractionDigits: 0 })
    : value.toFixed(3);
}

/** Whether `a` is better than `b` on `metric`; a missing value is never better. */
export function better(metric: Metric, a: number | null | undefined, b: number | null | undefined): boolean {
  if (a === null || a === undefined || !Number.isFinite(a)) return false;
  if (b === null || b === undefined || !Number.isFinite(b)) return true;
  return metricHigherIsBetter(metric) ? a > b : a < b;
}
