/**
 * Test helpers private to models/: a seeded normal sampler, ROC AUC, a small CSV reader and the
 * Telco encoding that mirrors reference/telco_reference.py line for line.
 */
import { mulberry32 } from './prng';
import type { DenseMatrix } from './types';

export function normalSampler(seed: number): () => number {
  const uniform = mulberry32(seed);
  return () => {
    const u = 1 - uniform();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * uniform());
  };
}

/** ROC AUC as the Mann–Whitney statistic with tied scores given their average rank. */
export function rocAuc(labels: ArrayLike<number>, scores: ArrayLike<number>): number {
  const order = Array.from({ length: scores.length }, (_, i) => i).sort(
    (a, b) => (scores[a] ?? 0) - (scores[b] ?? 0),
  );
  let rankSumPositive = 0;
  let positives = 0;
  for (let start = 0; start < order.length;) {
    let end = start;
    while (end + 1 < order.length && scores[order[end + 1] ?? 0] === scores[order[start] ?? 0]) end++;
    const averageRank = (start + end) / 2 + 1;
    for (let k = start; k <= end; k++) {
      if (labels[order[k] ?? 0] === 1) {
        rankSumPositive += averageRank;
        positives++;
      }
    }
    start = end + 1;
  }
  const negatives = order.length - positives;
  return (rankSumPositive - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** RFC 4180 fields: quoted with ", "" escapes a quote; rows end at \n or \r\n. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') field += text[++i];
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

export interface Table {
  readonly header: string[];
  readonly rows: string[][];
}

export function column(table: Table, name: string): string[] {
  const at = table.header.indexOf(name);
  if (at < 0) throw new Error(`No column ${name}`);
  return table.rows.map((r) => r[at] ?? '');
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

const TELCO_NUMERIC = ['SeniorCitizen', 'tenure', 'MonthlyCharges', 'TotalCharges'];

/** One standardised numeric column: blanks → train median, then (x − mean) / std over train rows. */
function numericFeature(raw: string[], trainRows: number[]): number[] {
  // Python's float(" ") fails and pandas' to_numeric(errors='coerce') gives NaN: same here.
  let values = raw.map((s) => (s.trim() === '' ? NaN : Number(s)));
  const trainValues = trainRows.map((r) => values[r] ?? NaN);
  if (values.some(Number.isNaN)) {
    const fill = median(trainValues.filter((v) => !Number.isNaN(v)));
    values = values.map((v) => (Number.isNaN(v) ? fill : v));
  }
  const train = trainRows.map((r) => values[r] ?? 0);
  const mean = train.reduce((s, v) => s + v, 0) / train.length;
  const std = Math.sqrt(train.reduce((s, v) => s + (v - mean) ** 2, 0) / train.length);
  return values.map((v) => (v - mean) / std);
}

/** The encoding of reference/telco_reference.py; returns all rows, features in its order. */
export function encodeTelco(
  table: Table,
  trainRows: number[],
): { x: DenseMatrix; y: Float32Array; names: string[] } {
  const features: number[][] = [];
  const names: string[] = [];
  for (const name of TELCO_NUMERIC) {
    features.push(numericFeature(column(table, name), trainRows));
    names.push(name);
  }
  for (const name of table.header) {
    if (TELCO_NUMERIC.includes(name) || name === 'customerID' || name === 'Churn') continue;
    const values = column(table, name);
    // Code-point order, as Python's sorted() on str.
    const levels = [...new Set(trainRows.map((r) => values[r] ?? ''))].sort((a, b) =>
      a < b ? -1 : a > b ? 1 : 0,
    );
    for (const level of levels) {
      features.push(values.map((v) => (v === level ? 1 : 0)));
      names.push(`${name}=${level}`);
    }
  }
  const n = table.rows.length;
  const data = new Float32Array(n * features.length);
  features.forEach((f, j) => f.forEach((v, i) => (data[i * features.length + j] = v)));
  const y = Float32Array.from(column(table, 'Churn'), (v) => (v === 'Yes' ? 1 : 0));
  return { x: { data, rows: n, cols: features.length }, y, names };
}

export function takeRows(
  x: DenseMatrix,
  y: Float32Array,
  rows: readonly number[],
): { x: DenseMatrix; y: Float32Array } {
  const data = new Float32Array(rows.length * x.cols);
  rows.forEach((r, k) => data.set(x.data.subarray(r * x.cols, (r + 1) * x.cols), k * x.cols));
  return { x: { data, rows: rows.length, cols: x.cols }, y: Float32Array.from(rows, (r) => y[r] ?? 0) };
}

/** n × d standard-normal features and a logistic target from fixed weights: the bench data. */
export function syntheticClassification(
  n: number,
  d: number,
  seed: number,
): { x: DenseMatrix; y: Float32Array } {
  const normal = normalSampler(seed);
  const uniform = mulberry32(seed + 1);
  const weights = Array.from({ length: d }, (_, j) => (j % 3 === 0 ? 1 : -0.5) / Math.sqrt(1 + j));
  const data = new Float32Array(n * d);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let z = -0.5;
    for (let j = 0; j < d; j++) {
      const v = normal();
      data[i * d + j] = v;
      z += (weights[j] ?? 0) * v + (j === 0 ? 0.5 * v * v : 0);
    }
    y[i] = uniform() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
  }
  return { x: { data, rows: n, cols: d }, y };
}

/**
 * reference/multiclass_reference.py's rows, drawn alike in both languages (mulberry32, exact
 * arithmetic): x_ij = floor(r() · 1e6) / 1e5 − 5, class = argmax_c Σ_j A[c][j] x_ij + 3 (r() − 0.5)
 * with A[c][j] = ((7c + 3j) mod 5) − 2. Row i is validation when i % 4 = 3.
 */
export function multiclassData(
  n: number,
  d: number,
  k: number,
  seed: number,
): { x: DenseMatrix; y: Float32Array; train: number[]; validation: number[] } {
  const random = mulberry32(seed);
  const data = new Float32Array(n * d);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const row = Array.from({ length: d }, () => Math.floor(random() * 1e6) / 1e5 - 5);
    let best = 0;
    let bestScore = -Infinity;
    for (let c = 0; c < k; c++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += (((7 * c + 3 * j) % 5) - 2) * (row[j] ?? 0);
      s += 3 * (random() - 0.5);
      if (s > bestScore) [best, bestScore] = [c, s];
    }
    data.set(row, i * d);
    y[i] = best;
  }
  const rows = Array.from({ length: n }, (_, i) => i);
  return {
    x: { data, rows: n, cols: d },
    y,
    train: rows.filter((i) => i % 4 !== 3),
    validation: rows.filter((i) => i % 4 === 3),
  };
}

/**
 * n × d standard-normal features and k classes: class = argmax_c (W_c · x + Gumbel noise), which
 * samples a softmax of W x (the 7-class bench data). W_c,j = (((5c + 3j) mod 7) − 3) / (3 √(1 + j)).
 */
export function syntheticMulticlass(
  n: number,
  d: number,
  k: number,
  seed: number,
): { x: DenseMatrix; y: Float32Array } {
  const normal = normalSampler(seed);
  const uniform = mulberry32(seed + 1);
  const data = new Float32Array(n * d);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) data[i * d + j] = normal();
    let best = 0;
    let bestScore = -Infinity;
    for (let c = 0; c < k; c++) {
      let s = -Math.log(-Math.log(1 - uniform()));
      for (let j = 0; j < d; j++)
        s += ((((5 * c + 3 * j) % 7) - 3) / (3 * Math.sqrt(1 + j))) * (data[i * d + j] ?? 0);
      if (s > bestScore) [best, bestScore] = [c, s];
    }
    y[i] = best;
  }
  return { x: { data, rows: n, cols: d }, y };
}

/** * k-class rows generated exactly as reference/gbdt_multiclass_reference.py does (mulberry32,
 * then only + − × in float64, rounded to float32): uniform features in [−1, 1], feature 1 missing
 * on ~10% of rows, the last feature discrete (5 levels); the label is the argmax of a fixed
 * linear score, a product term and uniform noise.
 */
export function gbdtMulticlassData(
  rows: number,
  cols: number,
  classes: number,
  seed: number,
): { x: DenseMatrix; y: Float32Array } {
  const random = mulberry32(seed);
  const weight = (c: number, j: number): number => (((c * 7 + j * 5) % 13) - 6) / 4;
  const data = new Float32Array(rows * cols);
  const y = new Float32Array(rows);
  const row = new Float64Array(cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const u = random();
      row[j] = j === cols - 1 ? Math.floor(u * 5) / 2 - 1 : 2 * u - 1;
    }
    const missing = random() < 0.1;
    let best = 0;
    let bestScore = -Infinity;
    for (let c = 0; c < classes; c++) {
      let score = 0;
      for (let j = 0; j < cols; j++) if (!(j === 1 && missing)) score += weight(c, j) * (row[j] ?? 0);
      const product = (row[0] ?? 0) * (row[2] ?? 0);
      score += c % 2 === 0 ? product : -product;
      if (c === 1 && missing) score += 0.6;
      score += random() * 1.5;
      if (score > bestScore) [best, bestScore] = [c, score];
    }
    for (let j = 0; j < cols; j++) data[i * cols + j] = j === 1 && missing ? NaN : (row[j] ?? 0);
    y[i] = best;
  }
  return { x: { data, rows, cols }, y };
}
