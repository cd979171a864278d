/**
 * The one-sided Smirnov probability P(D⁺_n ≥ x) by the Birnbaum–Tingey sum
 *   x · Σ_{v=0}^{⌊n(1−x)⌋} C(n, v) (x + v/n)^(v−1) (1 − x − v/n)^(n−v),
 * whose terms are all positive. Each term is (x / p) · Binomial(v; n, p) with p = x + v/n, computed
 * with Loader's binomial density so that it keeps full precision for n in the hundreds of thousands
 * (SciPy 1.10's cephes `smirnov` reaches the same accuracy with double-double arithmetic). The
 * special cases and the early stop follow van Mulbregt (2018, arXiv:1802.06966) as SciPy does.
 */
import { binomialDensity } from './special';

const MIN_LOG = -708.3964185322641; // log of the smallest normal double (cephes MINLOG)
const MAX_COMPUTE_N = 1_000_000; // above this SciPy switches to an approximation, and so do we

/** a·b as an unevaluated sum hi + lo, exactly (Dekker's product with Veltkamp's split). */
function twoProduct(a: number, b: number): { hi: number; lo: number } {
  const hi = a * b;
  const split = (v: number) => {
    const c = 134217729 * v; // 2^27 + 1
    const big = c - (c - v);
    return [big, v - big] as const;
  };
  const [ah, al] = split(a);
  const [bh, bl] = split(b);
  const lo = ah * bh - hi + ah * bl + al * bh + al * bl;
  return { hi, lo };
}

/** ⌊n·x⌋ and the fractional part of n·x, exactly. */
function floorAndFraction(n: number, x: number): { floor: number; fraction: number } {
  const { hi, lo } = twoProduct(n, x);
  let floor = Math.floor(hi);
  let fraction = hi - floor + lo;
  if (fraction < 0) {
    floor -= 1;
    fraction += 1;
  }
  if (fraction >= 1) {
    floor += 1;
    fraction = 0;
  }
  return { floor, fraction };
}

/** P(D⁺_n ≥ x), the one-sided Smirnov survival function (scipy.special.smirnov). */
export function smirnovSurvival(n: number, x: number): number {
  if (!(n > 0) || !(x >= 0 && x <= 1)) return NaN;
  if (n === 1) return 1 - x;
  if (x === 0) return 1;
  if (x === 1) return 0;
  const { floor: nxFloor, fraction } = floorAndFraction(n, x);
  if (nxFloor === 0 || (nxFloor === 1 && fraction === 0)) return 1 - x * (1 + x) ** (n - 1);
  if (-2 * n * x * x < MIN_LOG) return 0;
  if (nxFloor >= n - 1) return (1 - x) ** n;
  if (n > MAX_COMPUTE_N) return Math.exp(-((6 * n * x + 1) ** 2) / 18 / n);

  // Terms v = 0 … n − ⌊nx⌋ − 1: those with 1 − x − v/n > 0.
  const terms = n - nxFloor;
  let sum = (1 - x) ** n / x;
  for (let v = 1; v < terms; v++) {
    const p = v / n + x;
    const q = (n - v) / n - x;
    const term = binomialDensity(v, n, p, q) / p;
    sum += term;
    if (term !== 0) {
      if (4 * (terms - v) * term < Number.EPSILON * sum && v !== terms - 1) break;
    } else if (v > n / 2) {
      break;
    }
  }
  return Math.min(1, Math.max(0, x * sum));
}
