/**
 * The survival function of the two-sided one-sample Kolmogorov–Smirnov statistic D_n,
 * P(D_n > x), chosen among exact and asymptotic methods by (n, x) as Simard & L'Ecuyer (2011,
 * "Computing the two-sided Kolmogorov–Smirnov distribution", J. Stat. Softw. 39(11)) recommend and
 * as SciPy 1.10's `kstwo.sf` does: Ruben–Gambino closed forms at the ends, Durbin's matrix
 * (Marsaglia–Tsang–Wang) and Pomeranz's recursion for small n, Pelz–Good's expansion for large n,
 * and twice the one-sided Smirnov probability in the far tail. The two-sample test's asymptotic
 * p-value is this function at n = round(n1·n2 / (n1 + n2)).
 */
import { durbinMatrixCdf } from './kolmogorov-durbin';
import { pomeranzCdf } from './kolmogorov-pomeranz';
import { smirnovSurvival } from './smirnov';

const clip = (p: number): number => Math.min(1, Math.max(0, p));

// B_2k / (2k(2k−1)) for k = 8 … 1: the terms of Stirling's series for log n!, highest first.
const STIRLING = [-3617 / 122400, 1 / 156, -691 / 360360, 1 / 1188, -1 / 1680, 1 / 1260, -1 / 360, 1 / 12];

/** log(n! / n^n) by Stirling's series (n > 140 here, so eight terms are exact to double precision). */
function logFactorialOverPower(n: number): number {
  const r = 1 / n;
  let poly = 0;
  for (const c of STIRLING) poly = poly * (r * r) + c;
  return Math.log(n) / 2 - n + Math.log(2 * Math.PI) / 2 + r * poly;
}

/** P(D_n > x) for the two-sided one-sample statistic with n observations. */
export function kolmogorovSurvival(n: number, x: number): number {
  if (!Number.isInteger(n) || n <= 0) return NaN;
  if (Number.isNaN(x)) return NaN;
  if (x >= 1) return 0;
  if (x <= 0) return 1;
  const t = n * x;
  if (t <= 1) {
    // Ruben–Gambino: for 1/(2n) ≤ x ≤ 1/n, P(D_n ≤ x) = n! (2x − 1/n)^n.
    if (t <= 0.5) return 1;
    let cdf: number;
    if (n <= 140) {
      cdf = 1;
      for (let i = 1; i <= n; i++) cdf *= i * (1 / n) * (2 * t - 1);
    } else {
      cdf = Math.exp(logFactorialOverPower(n) + n * Math.log(2 * t - 1));
    }
    return clip(1 - cdf);
  }
  if (t >= n - 1) return clip(2 * (1 - x) ** n);
  if (x >= 0.5) return clip(2 * smirnovSurvival(n, x));
  const nxSquared = t * x;
  if (n <= 140) {
    if (nxSquared <= 0.754693) return clip(1 - durbinMatrixCdf(n, x));
    if (nxSquared <= 4) return clip(1 - pomeranzCdf(n, x));
    return clip(2 * smirnovSurvival(n, x));
  }
  if (nxSquared >= 370) return 0;
  if (nxSquared >= 2.2) return clip(2 * smirnovSurvival(n, x));
  const cdf = n <= 100_000 && n * x ** 1.5 <= 1.4 ? durbinMatrixCdf(n, x) : pelzGoodCdf(n, x);
  return clip(1 - cdf);
}

const PI2 = Math.PI ** 2;
const PI4 = Math.PI ** 4;
const PI6 = Math.PI ** 6;
const SQRT_2PI = Math.sqrt(2 * Math.PI);
const SQRT3 = Math.sqrt(3);

/**
 * Pelz & Good (1976): P(D_n ≤ x) ≈ K0(z) + K1(z)/√n + K2(z)/n + K3(z)/n^1.5 with z = x√n, each
 * K written with Jacobi theta series that converge fast for the z of interest.
 */
export function pelzGoodCdf(n: number, x: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const z = Math.sqrt(n) * x;
  const z2 = z * z;
  const z4 = z2 * z2;
  const z6 = z4 * z2;
  const qlog = -PI2 / 8 / z2;
  if (qlog < -708) return 0;
  let q = Math.exp(qlog);
  const k1a = -z2;
  const k1b = PI2 / 4;
  const k2a = 6 * z6 + 2 * z4;
  const k2b = ((2 * z4 - 5 * z2) * PI2) / 4;
  const k2c = (PI4 * (1 - 2 * z2)) / 16;
  const k3d = (PI6 * (5 - 30 * z2)) / 64;
  const k3c = (PI4 * (-60 * z2 + 212 * z4)) / 16;
  const k3b = (PI2 * (135 * z4 - 96 * z6)) / 4;
  const k3a = -30 * z6 - 90 * z ** 8;
  const k = [0, 0, 0, 0];
  const maxK = Math.ceil((16 * z) / Math.PI);
  for (let j = maxK; j > 0; j--) {
    const m = 2 * j - 1;
    const m2 = m * m;
    const m4 = m2 * m2;
    const m6 = m4 * m2;
    const qPower = q ** (8 * j);
    const coefficients = [1, k1a + k1b * m2, k2a + k2b * m2 + k2c * m4, k3a + k3b * m2 + k3c * m4 + k3d * m6];
    for (let i = 0; i < 4; i++) k[i] = (k[i] ?? 0) * qPower + (coefficients[i] ?? 0);
  }
  const divisors = [z, 6 * z4, 72 * z ** 7, 6480 * z ** 10];
  for (let i = 0; i < 4; i++) k[i] = ((k[i] ?? 0) * q * SQRT_2PI) / (divisors[i] ?? 1);

  q = Math.exp(-PI2 / 2 / z2);
  const sqrt3z = SQRT3 * z;
  let k2extra = 0;
  let k3extra = 0;
  for (let j = maxK; j > 0; j--) {
    const j2 = j * j;
    const power = q ** j2;
    const jPi = Math.PI * j;
    k2extra += j2 * power;
    k3extra += (sqrt3z + jPi) * (sqrt3z - jPi) * j2 * power;
  }
  k[2] = (k[2] ?? 0) + k2extra * ((PI2 * SQRT_2PI) / (-36 * z ** 3));
  k[3] = (k[3] ?? 0) + k3extra * ((PI2 * SQRT_2PI) / (216 * z6));
  let sum = 0;
  for (let i = 0; i < 4; i++) sum += (k[i] ?? 0) / n ** (i / 2);
  return sum;
}
