/**
 * Exact random draws for the bootstrap, driven by a uniform generator (mulberry32): standard
 * normal (Box–Muller), gamma (Marsaglia & Tsang 2000), beta (two gammas) and binomial.
 *
 * Resampling n users with replacement from an arm with c conversions gives Binomial(n, c/n)
 * conversions, so a rate's bootstrap needs one binomial draw per arm, not n. The binomial is
 * drawn by inversion when the mean is small and otherwise by the order-statistic recursion
 * (Knuth, TAOCP vol. 2, §3.4.1 F): the a-th smallest of n uniforms is Beta(a, n + 1 − a), so
 * O(log n) beta draws give an exact binomial for any n.
 */
export type Uniform = () => number;

/** A uniform in (0, 1), never 0 (logarithms are taken of it). */
function open(random: Uniform): number {
  let u = random();
  while (u <= 0) u = random();
  return u;
}

export function standardNormal(random: Uniform): number {
  return Math.sqrt(-2 * Math.log(open(random))) * Math.cos(2 * Math.PI * random());
}

/** Gamma(shape, 1). Shapes below 1 use Gamma(shape + 1) · U^(1/shape). */
export function gamma(shape: number, random: Uniform): number {
  if (shape < 1) return gamma(shape + 1, random) * open(random) ** (1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = standardNormal(random);
    const t = 1 + c * x;
    if (t <= 0) continue;
    const v = t * t * t;
    const u = open(random);
    if (u < 1 - 0.0331 * x ** 4) return d * v;
    if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

export function beta(a: number, b: number, random: Uniform): number {
  const x = gamma(a, random);
  return x / (x + gamma(b, random));
}

/** Successes in n trials of chance p, by sequential-search inversion; for n·p small. */
function binomialInversion(n: number, p: number, random: Uniform): number {
  const q = 1 - p;
  const s = p / q;
  const a = (n + 1) * s;
  let r = q ** n;
  let u = random();
  let x = 0;
  while (u > r && x < n) {
    u -= r;
    x += 1;
    r *= a / x - s;
  }
  return x;
}

/** An exact Binomial(n, p) draw. */
export function binomial(n: number, p: number, random: Uniform): number {
  let trials = n;
  let chance = p;
  let successes = 0;
  // Knuth's recursion, unrolled: each pass removes about half of the trials.
  while (trials > 0 && chance > 0) {
    if (chance >= 1) return successes + trials;
    // Binomial(n, p) = n − Binomial(n, 1 − p): keep the chance at most ½ for the inversion.
    if (chance > 0.5) return successes + trials - binomial(trials, 1 - chance, random);
    if (trials * chance < 30) return successes + binomialInversion(trials, chance, random);
    const a = 1 + Math.floor(trials / 2);
    const x = beta(a, trials + 1 - a, random);
    if (x >= chance) {
      // The a-th smallest uniform is above p: the successes are among the a − 1 below it.
      trials = a - 1;
      chance /= x;
    } else {
      // The a smallest are successes; the rest are uniform on (x, 1).
      successes += a;
      trials -= a;
      chance = (chance - x) / (1 - x);
    }
  }
  return successes;
}
