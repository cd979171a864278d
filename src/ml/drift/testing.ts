/**
 * Test helpers private to drift/: the samples of reference/drift_reference.py drawn with the same
 * mulberry32 and the same arithmetic (sums, products, floor), the Telco cases, and a relative
 * closeness check.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { mulberry32 } from '../models/prng';
import { column, parseCsv, type Table } from '../models/testing';

export interface NumericSpec {
  readonly mean: number;
  readonly sd: number;
  readonly decimals?: number;
  readonly zeroShare?: number;
  readonly missingShare?: number;
}

export interface CategoricalSpec {
  readonly categories: readonly string[];
  readonly weights: readonly number[];
  readonly missingShare?: number;
}

const SQRT3 = Math.sqrt(3);

/** Missing values are NaN, as numpy's. */
export function numericSample(spec: NumericSpec, n: number, seed: number): Float64Array {
  const r = mulberry32(seed);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const m = r();
    const z = r();
    const u = r() + r() + r() + r();
    if (m < (spec.missingShare ?? 0)) out[i] = NaN;
    else if (z < (spec.zeroShare ?? 0)) out[i] = 0;
    else {
      let v = spec.mean + spec.sd * (u - 2) * SQRT3;
      if (spec.decimals !== undefined) v = Math.floor(v * 10 ** spec.decimals) / 10 ** spec.decimals;
      out[i] = v;
    }
  }
  return out;
}

export function categoricalSample(spec: CategoricalSpec, n: number, seed: number): (string | null)[] {
  const r = mulberry32(seed);
  const cumulative: number[] = [];
  let total = 0;
  for (const w of spec.weights) cumulative.push((total += w));
  const out: (string | null)[] = [];
  for (let i = 0; i < n; i++) {
    const m = r();
    const u = r();
    if (m < (spec.missingShare ?? 0)) out.push(null);
    else {
      const at = cumulative.findIndex((c) => u < c);
      out.push(spec.categories[at < 0 ? spec.categories.length - 1 : at] ?? null);
    }
  }
  return out;
}

/** |actual − expected| ≤ tolerance · max(1, |expected|): relative for large values, absolute near 0. */
export function expectNear(actual: number, expected: number, tolerance = 1e-9, what = ''): void {
  const scale = Math.max(1, Math.abs(expected));
  expect(Math.abs(actual - expected), `${what} ${actual} vs ${expected}`).toBeLessThanOrEqual(
    tolerance * scale,
  );
}

/** Relative closeness for p-values, which span hundreds of orders of magnitude. */
export function expectRelative(actual: number, expected: number, tolerance = 1e-9, what = ''): void {
  if (expected === 0) {
    expect(actual, what).toBeLessThan(1e-300);
    return;
  }
  expect(
    Math.abs(actual - expected) / Math.abs(expected),
    `${what} ${actual} vs ${expected}`,
  ).toBeLessThanOrEqual(tolerance);
}

const TELCO_PATH = new URL('../models/fixtures/telco_churn.csv', import.meta.url);

let telco: Table | null = null;

export function telcoTable(): Table {
  if (telco === null) {
    const [header, ...rows] = parseCsv(readFileSync(TELCO_PATH, 'utf8'));
    telco = { header: header ?? [], rows: rows.filter((r) => r.length > 1) };
  }
  return telco;
}

/** A numeric Telco column with blanks as NaN (as Python's float on a stripped blank fails). */
export function telcoNumbers(table: Table, name: string, rows: readonly number[]): Float64Array {
  const values = column(table, name);
  return Float64Array.from(rows, (r) => {
    const s = values[r] ?? '';
    return s.trim() === '' ? NaN : Number(s);
  });
}

export function telcoStrings(table: Table, name: string, rows: readonly number[]): string[] {
  const values = column(table, name);
  return rows.map((r) => values[r] ?? '');
}

export const range = (from: number, to: number): number[] =>
  Array.from({ length: to - from }, (_, i) => from + i);
