/**
 * Benjamini–Hochberg correction across the tests of one batch, as statsmodels 0.13's
 * `multipletests(p, alpha, method='fdr_bh')`: with p sorted ascending and ranks i = 1 … m,
 * reject up to the largest i with p_(i) ≤ α·i/m, and adjusted p_(i) = min_{j ≥ i} p_(j)·m/j (capped
 * at 1). It controls the expected share of false alarms among the features flagged; when no
 * feature drifted at all, it also bounds the chance of any alarm by α.
 */
import { MlError } from '../metrics/errors';

export interface BhResult {
  readonly adjusted: readonly number[];
  readonly rejected: readonly boolean[];
}

export function benjaminiHochberg(pValues: readonly number[], alpha = 0.05): BhResult {
  if (!(alpha > 0 && alpha < 1)) throw new MlError('bad-option', `α must lie in (0, 1); got ${alpha}.`);
  for (const p of pValues)
    if (!(p >= 0 && p <= 1)) throw new MlError('out-of-range', `P-values lie in [0, 1]; got ${p}.`);
  const m = pValues.length;
  const order = pValues.map((p, i) => [p, i] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const adjusted = new Array<number>(m).fill(1);
  const rejected = new Array<boolean>(m).fill(false);
  let lastRejected = -1;
  order.forEach(([p], rank) => {
    if (p <= ((rank + 1) / m) * alpha) lastRejected = rank;
  });
  let running = Infinity;
  for (let rank = m - 1; rank >= 0; rank--) {
    const entry = order[rank];
    if (entry === undefined) continue;
    const [p, index] = entry;
    running = Math.min(running, p / ((rank + 1) / m));
    adjusted[index] = Math.min(running, 1);
    rejected[index] = rank <= lastRejected;
  }
  return { adjusted, rejected };
}
