/**
 * Categorical features: counts per category, their PSI bins and the new categories of a batch.
 *
 * PSI bins: each reference category (the `maxCategories` most frequent, default 50; the rest
 * share one "other" bin), one bin for categories the reference never had ("new"), and one for
 * missing values.
 */
import { MlError } from '../metrics/errors';
import { psiFromCounts, type PsiResult } from './psi';

export const DEFAULT_MAX_CATEGORIES = 50;

export interface CategoryCounts {
  /** Rows per category (missing values excluded). */
  readonly counts: ReadonlyMap<string, number>;
  readonly missing: number;
}

export interface NewCategory {
  readonly name: string;
  readonly count: number;
}

export function countCategories(values: ArrayLike<string | null | undefined>): CategoryCounts {
  const counts = new Map<string, number>();
  let missing = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) missing++;
    else counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  return { counts, missing };
}

export function totalRows(c: CategoryCounts): number {
  let n = c.missing;
  for (const v of c.counts.values()) n += v;
  return n;
}

/** Categories by count, largest first, ties by name (a stable order for bins and tables). */
export function byCount(counts: ReadonlyMap<string, number>): string[] {
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([name]) => name);
}

/** Categories of the batch that the reference never had, most frequent first. */
export function newCategories(reference: CategoryCounts, batch: CategoryCounts): NewCategory[] {
  return byCount(batch.counts)
    .filter((name) => !reference.counts.has(name))
    .map((name) => ({ name, count: batch.counts.get(name) ?? 0 }));
}

export function categoricalPsi(
  reference: CategoryCounts,
  batch: CategoryCounts,
  options: { readonly maxCategories?: number; readonly floor?: number } = {},
): PsiResult {
  const maxCategories = options.maxCategories ?? DEFAULT_MAX_CATEGORIES;
  if (!Number.isInteger(maxCategories) || maxCategories < 1)
    throw new MlError('bad-option', `maxCategories must be a whole number ≥ 1; got ${maxCategories}.`);
  const ordered = byCount(reference.counts);
  const kept = ordered.slice(0, maxCategories);
  const rest = new Set(ordered.slice(maxCategories));
  const labels = [...kept];
  const r = kept.map((name) => reference.counts.get(name) ?? 0);
  const b = kept.map((name) => batch.counts.get(name) ?? 0);
  if (rest.size > 0) {
    labels.push(`other (${rest.size} categories)`);
    r.push([...rest].reduce((sum, name) => sum + (reference.counts.get(name) ?? 0), 0));
    b.push([...rest].reduce((sum, name) => sum + (batch.counts.get(name) ?? 0), 0));
  }
  const added = newCategories(reference, batch);
  labels.push('new', 'missing');
  r.push(0, reference.missing);
  b.push(
    added.reduce((sum, c) => sum + c.count, 0),
    batch.missing,
  );
  return psiFromCounts(r, b, labels, options.floor);
}
