/**
 * numpy 1.24's default ('linear') quantile of already sorted values, with its two-sided lerp, so
 * that bin edges and percentile intervals here equal np.percentile's to the last bit.
 */
export function numpyQuantile(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const virtual = (n - 1) * q;
  if (virtual >= n - 1) return sorted[n - 1] ?? NaN;
  if (virtual <= 0) return sorted[0] ?? NaN;
  const previous = Math.floor(virtual);
  const gamma = virtual - previous;
  const a = sorted[previous] ?? NaN;
  const b = sorted[previous + 1] ?? NaN;
  const diff = b - a;
  return gamma >= 0.5 ? b - diff * (1 - gamma) : a + diff * gamma;
}
