/**
 * Test helpers private to explain/: the Telco split with TS-fitted models as score functions,
 * and groups of one-hot columns by their "column=level" names.
 */
import { readFileSync } from 'node:fs';
import { predict, type ModelArtifact } from '../models/artifact';
import split from '../models/fixtures/telco_split.json';
import { encodeTelco, parseCsv, takeRows } from '../models/testing';
import type { DenseMatrix, FeatureGroup, ScoreFn } from './types';

const CSV = new URL('../models/fixtures/telco_churn.csv', import.meta.url);

export function telcoSplit() {
  const [header = [], ...rows] = parseCsv(readFileSync(CSV, 'utf8'));
  const validationRows: number[] = split.validationRows;
  const isValidation = new Set(validationRows);
  const trainRows = rows.map((_, i) => i).filter((i) => !isValidation.has(i));
  const { x, y, names } = encodeTelco({ header, rows }, trainRows);
  return { names, train: takeRows(x, y, trainRows), validation: takeRows(x, y, validationRows) };
}

export function scoreWith(model: ModelArtifact): ScoreFn {
  return (data, rows, cols) => predict(model, { data, rows, cols });
}

/** Columns named "source=level" grouped by source, in order of first column (as the reference script). */
export function groupsByPrefix(names: readonly string[]): FeatureGroup[] {
  const groups = new Map<string, number[]>();
  names.forEach((name, j) => {
    const source = name.split('=')[0] ?? name;
    groups.set(source, [...(groups.get(source) ?? []), j]);
  });
  return [...groups].map(([name, columns]) => ({ name, columns }));
}

export function linearScore(intercept: number, coef: readonly number[]): ScoreFn {
  return (data, rows, cols) => {
    const out = new Float64Array(rows);
    for (let i = 0; i < rows; i++) {
      let s = intercept;
      for (let j = 0; j < cols; j++) s += (coef[j] ?? 0) * (data[i * cols + j] ?? 0);
      out[i] = s;
    }
    return out;
  };
}

export function matrixOf(rows: readonly (readonly number[])[]): DenseMatrix {
  const cols = rows[0]?.length ?? 0;
  return { data: Float32Array.from(rows.flat()), rows: rows.length, cols };
}
