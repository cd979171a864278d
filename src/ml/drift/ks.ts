/**
 * The two-sample Kolmogorov–Smirnov test, two-sided, as SciPy 1.10's
 * `ks_2samp(reference, batch, method='auto')`: the statistic is the largest gap between the two
 * empirical CDFs (evaluated at every observed value, ties included); the p-value is exact when the
 * larger sample has at most 10,000 values and asymptotic otherwise.
 *
 * - exact: the share of lattice paths that leave the band |x/n1 − y/n2| < d (Hodges 1958), by the
 *   "inside" recursion rewritten for 1 − p (Viehmann 2021, arXiv:2102.08037), or by the closed
 *   alternating sum when n1 = n2. As in SciPy, d is first rounded to a multiple of 1/lcm(n1, n2)
 *   and reported that way; if the recursion leaves [0, 1] the asymptotic value is used.
 * - asymptotic: P(D_m > d) of the one-sample distribution at m = round(n1·n2 / (n1 + n2)),
 *   rounded half to even as numpy does (`kolmogorovSurvival`).
 *
 * Missing values are not part of the test (the PSI's missing bin reports them). The test assumes
 * continuous distributions: with ties (integer or rounded features) it is conservative, so its
 * p-values are too large rather than too small.
 */
import { MlError } from '../metrics/errors';
import { kolmogorovSurvival } from './kolmogorov';
import { roundHalfEven } from './special';

/** Where SciPy's method='auto' switches from exact to asymptotic (its MAX_AUTO_N). */
export const KS_EXACT_MAX_N = 10_000;

export type KsMethod = 'exact' | 'asymptotic';

export interface KsResult {
  readonly statistic: number;
  readonly pValue: number;
  readonly method: KsMethod;
  readonly nReference: number;
  readonly nBatch: number;
}

function gcd(a: number, b: number): number {
  let x = a;
  let y = b;
  while (y !== 0) [x, y] = [y, x % y];
  return x;
}

/** The largest |F_ref(v) − F_batch(v)| over all observed v, from two ascending sorted samples. */
export function ksStatisticSorted(reference: ArrayLike<number>, batch: ArrayLike<number>): number {
  const n1 = reference.length;
  const n2 = batch.length;
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < n1 || j < n2) {
    const a = i < n1 ? (reference[i] ?? Infinity) : Infinity;
    const b = j < n2 ? (batch[j] ?? Infinity) : Infinity;
    const v = Math.min(a, b);
    while (i < n1 && reference[i] === v) i++;
    while (j < n2 && batch[j] === v) j++;
    // i / n1 − j / n2 is exactly SciPy's cdf1 − cdf2 at v (searchsorted side='right' / n).
    d = Math.max(d, Math.abs(i / n1 - j / n2));
    if (v === Infinity) break;
  }
  return d;
}

/** Every batch's KS statistic against the reference, with the sizes it was computed on. */
export interface MergedKs {
  readonly statistics: Float64Array;
  readonly nReference: number;
  readonly nBatch: Float64Array;
}

/**
 * The KS statistic of batches 1 … k against the reference (group 0) in one pass over values sorted
 * ascending, each row carrying its group and how many times it occurs (DuckDB can stream them so).
 * Equal to `ksStatisticSorted` per batch: between two points of the reference or of batch b the pair
 * of counts is unchanged, so evaluating at the other batches' points adds nothing new.
 */
export function ksStatisticsMerged(
  values: ArrayLike<number>,
  groups: ArrayLike<number>,
  counts: ArrayLike<number>,
  batches: number,
): MergedKs {
  const n = values.length;
  if (groups.length !== n || counts.length !== n)
    throw new MlError(
      'length-mismatch',
      `Values (${n}), groups (${groups.length}) and counts (${counts.length}) differ.`,
    );
  const totals = new Float64Array(batches + 1);
  for (let i = 0; i < n; i++) {
    const g = groups[i] ?? -1;
    if (!Number.isInteger(g) || g < 0 || g > batches)
      throw new MlError('out-of-range', `Group ${g} is not the reference (0) or one of ${batches} batches.`);
    totals[g] = (totals[g] ?? 0) + (counts[i] ?? 0);
  }
  const cumulative = new Float64Array(batches + 1);
  const statistics = new Float64Array(batches);
  const nReference = totals[0] ?? 0;
  const gap = (b: number, fr: number) => {
    const d = Math.abs(fr - (cumulative[b] ?? 0) / (totals[b] ?? 0));
    if (d > (statistics[b - 1] ?? 0)) statistics[b - 1] = d;
  };
  // The batches whose count moved at this value: only their gap can change, unless the reference's did.
  const moved = new Int32Array(batches);
  const marked = new Uint8Array(batches + 1);
  for (let i = 0; i < n;) {
    const v = values[i] ?? NaN;
    if (Number.isNaN(v) || (i > 0 && !((values[i - 1] ?? NaN) <= v)))
      throw new MlError('out-of-range', 'Values must be sorted ascending, without NaN.');
    let referenceMoved = false;
    let count = 0;
    for (; i < n && values[i] === v; i++) {
      const g = groups[i] ?? 0;
      cumulative[g] = (cumulative[g] ?? 0) + (counts[i] ?? 0);
      if (g === 0) referenceMoved = true;
      else if (marked[g] === 0) {
        marked[g] = 1;
        moved[count++] = g;
      }
    }
    const fr = (cumulative[0] ?? 0) / nReference;
    if (referenceMoved) for (let b = 1; b <= batches; b++) gap(b, fr);
    else for (let k = 0; k < count; k++) gap(moved[k] ?? 0, fr);
    for (let k = 0; k < count; k++) marked[moved[k] ?? 0] = 0;
  }
  return { statistics, nReference, nBatch: totals.subarray(1) };
}

/** P(D ≥ h/n) for two samples of n each: 2·Σ (−1)^(k+1) C(2n, n − kh) / C(2n, n), Horner-style. */
function probabilityOutsideSquare(n: number, h: number): number {
  let p = 0;
  for (let k = Math.floor(n / h); k >= 0; k--) {
    let ratio = 1;
    for (let j = 0; j < h; j++) ratio = ((n - k * h - j) * ratio) / (n + k * h + j + 1);
    p = ratio * (1 - p);
  }
  return 2 * p;
}

/**
 * The share of monotone lattice paths from (0, 0) to (m, n) that touch |x·n/g − y·m/g| ≥ h,
 * carried column by column as 1 − (share staying inside), over a sliding window of rows.
 */
function probabilityOutsideBand(n1: number, n2: number, g: number, h: number): number {
  const m = Math.max(n1, n2);
  const n = Math.min(n1, n2);
  const mg = m / g;
  const ng = n / g;
  let minJ = 0;
  let maxJ = Math.min(Math.ceil(h / mg), n + 1);
  let currentLength = maxJ - minJ;
  const a = new Float64Array(Math.min(2 * maxJ + 2, n + 1)).fill(1);
  a.fill(0, minJ, maxJ);
  for (let i = 1; i <= m; i++) {
    const lastMinJ = minJ;
    const lastLength = currentLength;
    minJ = Math.min(Math.max(Math.floor((ng * i - h) / mg) + 1, 0), n);
    maxJ = Math.min(Math.ceil((ng * i + h) / mg), n + 1);
    if (maxJ <= minJ) return 1;
    let value = minJ === 0 ? 0 : 1;
    for (let jj = 0; jj < maxJ - minJ; jj++) {
      const j = jj + minJ;
      value = ((a[jj + minJ - lastMinJ] ?? 0) * i + value * j) / (i + j);
      a[jj] = value;
    }
    currentLength = maxJ - minJ;
    if (lastLength > currentLength) a.fill(1, maxJ - minJ, maxJ - minJ + (lastLength - currentLength));
  }
  return a[maxJ - minJ - 1] ?? NaN;
}

/** The exact two-sided p-value, or null when it cannot be computed (SciPy then falls back). */
function exactTwoSample(n1: number, n2: number, d: number): { statistic: number; pValue: number } | null {
  const g = gcd(n1, n2);
  const lcm = (n1 / g) * n2;
  const h = roundHalfEven(d * lcm);
  const statistic = h / lcm;
  if (h === 0) return { statistic, pValue: 1 };
  const p = n1 === n2 ? probabilityOutsideSquare(n1, h) : probabilityOutsideBand(n1, n2, g, h);
  if (!Number.isFinite(p) || p < 0 || p > 1) return null;
  return { statistic, pValue: p };
}

function checkSize(n: number, name: string): void {
  if (!Number.isInteger(n) || n <= 0)
    throw new MlError('empty', `The KS test needs values in the ${name}; it has ${n} non-missing values.`);
}

/**
 * The p-value for a statistic computed elsewhere (in SQL, by `ksStatisticSorted`), with SciPy's
 * method='auto'. `statistic` must be a gap between ECDFs of samples of these sizes.
 */
export function ksFromStatistic(statistic: number, nReference: number, nBatch: number): KsResult {
  checkSize(nReference, 'reference');
  checkSize(nBatch, 'batch');
  if (!(statistic >= 0 && statistic <= 1))
    throw new MlError('out-of-range', `A KS statistic lies in [0, 1]; got ${statistic}.`);
  const base = { nReference, nBatch };
  if (Math.max(nReference, nBatch) <= KS_EXACT_MAX_N) {
    const exact = exactTwoSample(nReference, nBatch, statistic);
    if (exact !== null) return { ...base, ...exact, method: 'exact' };
  }
  const en = roundHalfEven((nReference * nBatch) / (nReference + nBatch));
  const pValue = Math.min(1, Math.max(0, kolmogorovSurvival(en, statistic)));
  return { ...base, statistic, pValue, method: 'asymptotic' };
}

/** The test on two samples of finite numbers (missing values already removed). */
export function ksTwoSample(reference: ArrayLike<number>, batch: ArrayLike<number>): KsResult {
  const sorted = (values: ArrayLike<number>, name: string) => {
    const out = Float64Array.from(values);
    for (const v of out)
      if (Number.isNaN(v))
        throw new MlError('not-finite', `The ${name} sample holds NaN; drop missing values first.`);
    return out.sort();
  };
  const a = sorted(reference, 'reference');
  const b = sorted(batch, 'batch');
  checkSize(a.length, 'reference');
  checkSize(b.length, 'batch');
  return ksFromStatistic(ksStatisticSorted(a, b), a.length, b.length);
}
