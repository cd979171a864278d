/**
 * Special functions the drift tests need, written for accuracy rather than speed: Stirling's error
 * term and the deviance `bd0` (Loader 2000, "Fast and accurate computation of binomial
 * probabilities", as R's dbinom uses them) give binomial and Poisson densities to a few ulps even
 * for n in the millions, where `lgamma` differences lose digits; the regularized upper incomplete
 * gamma (the chi-square survival function) is built on them.
 */

const LN_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
const LN_2PI = Math.log(2 * Math.PI);

// Lanczos approximation (g = 7, 9 terms; Godfrey's coefficients), about 1e-15 relative: used only
// for small arguments, where Stirling's series is not yet accurate.
const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

const S0 = 1 / 12;
const S1 = 1 / 360;
const S2 = 1 / 1260;
const S3 = 1 / 1680;
const S4 = 1 / 1188;

/**
 * δ(n) = log(n!) − log(√(2πn) (n/e)^n), the error of Stirling's formula (Loader's `stirlerr`).
 * Small n from log Γ, larger n from the series (terms as in R's stirlerr).
 */
export function stirlingError(n: number): number {
  if (n === 0) return 0;
  if (n <= 15) return logGammaSmall(n + 1) - (n + 0.5) * Math.log(n) + n - LN_SQRT_2PI;
  const nn = n * n;
  if (n > 500) return (S0 - S1 / nn) / n;
  if (n > 80) return (S0 - (S1 - S2 / nn) / nn) / n;
  if (n > 35) return (S0 - (S1 - (S2 - S3 / nn) / nn) / nn) / n;
  return (S0 - (S1 - (S2 - (S3 - S4 / nn) / nn) / nn) / nn) / n;
}

/**
 * log Γ(x) for 1 ≤ x ≤ 16. Integers and half-integers (the only arguments the chi-square and
 * binomial terms produce) as exact products; others through Lanczos.
 */
function logGammaSmall(x: number): number {
  if (Number.isInteger(x)) {
    let product = 1;
    for (let k = 2; k < x; k++) product *= k;
    return Math.log(product);
  }
  if (Number.isInteger(2 * x)) {
    // Γ(x) = (x−1)(x−2)…(1/2) · √π
    let product = 1;
    for (let k = x - 1; k > 0; k--) product *= k;
    return Math.log(product) + 0.5 * Math.log(Math.PI);
  }
  const z = x - 1;
  let sum = LANCZOS[0] ?? 0;
  for (let i = 1; i < LANCZOS.length; i++) sum += (LANCZOS[i] ?? 0) / (z + i);
  const t = z + LANCZOS_G + 0.5;
  return LN_SQRT_2PI + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/**
 * bd0(x, m) = x log(x / m) + m − x, the deviance term of a binomial or Poisson density, with a
 * series when x is near m (where the direct form cancels).
 */
export function bd0(x: number, m: number): number {
  if (!Number.isFinite(x) || !Number.isFinite(m) || m === 0) return NaN;
  if (Math.abs(x - m) < 0.1 * (x + m)) {
    let v = (x - m) / (x + m);
    let s = (x - m) * v;
    let ej = 2 * x * v;
    v *= v;
    for (let j = 1; j < 1000; j++) {
      ej *= v;
      const next = s + ej / (2 * j + 1);
      if (next === s) return next;
      s = next;
    }
    return s;
  }
  return x * Math.log(x / m) + m - x;
}

/** The binomial probability C(n, x) p^x q^(n−x), with q = 1 − p given separately for accuracy. */
export function binomialDensity(x: number, n: number, p: number, q: number): number {
  if (p === 0) return x === 0 ? 1 : 0;
  if (q === 0) return x === n ? 1 : 0;
  if (x === 0) {
    if (n === 0) return 1;
    return Math.exp(p < 0.1 ? -bd0(n, n * q) - n * p : n * Math.log(q));
  }
  if (x === n) return Math.exp(q < 0.1 ? -bd0(n, n * p) - n * q : n * Math.log(p));
  if (x < 0 || x > n) return 0;
  const lc = stirlingError(n) - stirlingError(x) - stirlingError(n - x) - bd0(x, n * p) - bd0(n - x, n * q);
  const lf = LN_2PI + Math.log(x) + Math.log1p(-x / n);
  return Math.exp(lc - 0.5 * lf);
}

/** x^a e^(−x) / Γ(a + 1): the Poisson density at a (any a > 0) with mean x. */
export function poissonDensity(a: number, x: number): number {
  if (x === 0) return a === 0 ? 1 : 0;
  return Math.exp(-stirlingError(a) - bd0(a, x)) / Math.sqrt(2 * Math.PI * a);
}

/** numpy's round(): halves go to the even neighbour (np.round(2.5) = 2). */
export function roundHalfEven(x: number): number {
  const floor = Math.floor(x);
  const diff = x - floor;
  if (diff < 0.5) return floor;
  if (diff > 0.5) return floor + 1;
  return floor % 2 === 0 ? floor : floor + 1;
}
