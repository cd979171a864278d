/**
 * Limited-memory BFGS for smooth convex objectives (the logistic losses here), after Nocedal &
 * Wright, Numerical Optimization, 2nd ed., algorithms 7.4 (two-loop recursion) and 3.5 with
 * backtracking by safeguarded quadratic interpolation. scikit-learn's lbfgs solver is SciPy's
 * L-BFGS-B with the same memory (10); unbounded, as here. Stops when the largest gradient entry
 * is at most `gtol`, like SciPy's pgtol, but without SciPy's relative-decrease stop (factr): the
 * fit goes on to the optimum Newton's method reaches, so the solver never changes the model.
 */
import type { FitLoop } from './progress';

/** f(x), writing ∇f(x) into `gradient`. */
export type Objective = (x: Float64Array, gradient: Float64Array) => number;

export interface LbfgsOptions {
  readonly maxIter: number;
  /** Stop when max |∇f| ≤ gtol. */
  readonly gtol: number;
  /** Correction pairs kept (SciPy's maxcor, 10 in scikit-learn). */
  readonly memory?: number;
}

export interface LbfgsResult {
  readonly x: Float64Array;
  readonly f: number;
  readonly iterations: number;
  readonly converged: boolean;
  /** max |∇f| at x. */
  readonly gradientNorm: number;
}

const ARMIJO = 1e-4;
const MAX_TRIES = 40;

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] ?? 0) * (b[i] ?? 0);
  return s;
}

function maxAbs(a: Float64Array): number {
  let m = 0;
  for (const v of a) m = Math.max(m, Math.abs(v));
  return m;
}

interface Pair {
  readonly s: Float64Array;
  readonly y: Float64Array;
  readonly rho: number;
}

/** −H·g by the two-loop recursion, H the inverse-Hessian estimate scaled by sᵀy / yᵀy. */
function direction(g: Float64Array, pairs: readonly Pair[]): Float64Array {
  const q = Float64Array.from(g);
  const alpha = new Float64Array(pairs.length);
  for (let m = pairs.length - 1; m >= 0; m--) {
    const pair = pairs[m];
    if (pair === undefined) continue;
    const a = pair.rho * dot(pair.s, q);
    alpha[m] = a;
    for (let i = 0; i < q.length; i++) q[i] = (q[i] ?? 0) - a * (pair.y[i] ?? 0);
  }
  const last = pairs[pairs.length - 1];
  const gamma =
    last === undefined ? 1 / Math.max(Math.sqrt(dot(g, g)), 1e-300) : 1 / (last.rho * dot(last.y, last.y));
  for (let i = 0; i < q.length; i++) q[i] = (q[i] ?? 0) * gamma;
  for (let m = 0; m < pairs.length; m++) {
    const pair = pairs[m];
    if (pair === undefined) continue;
    const b = pair.rho * dot(pair.y, q);
    const a = alpha[m] ?? 0;
    for (let i = 0; i < q.length; i++) q[i] = (q[i] ?? 0) + (a - b) * (pair.s[i] ?? 0);
  }
  for (let i = 0; i < q.length; i++) q[i] = -(q[i] ?? 0);
  return q;
}

interface Trial {
  readonly x: Float64Array;
  readonly f: number;
  readonly g: Float64Array;
}

/**
 * Backtracking from step 1 to sufficient decrease (Armijo). Near the optimum the decrease falls
 * below the rounding of f (a sum over many rows), so a step is also taken when f stays within
 * rounding and the slope along d satisfies Hager & Zhang's approximate Wolfe conditions (SIAM J.
 * Optim. 16, 2005): it is the gradient, not f, that still measures progress there. Null when
 * no step is acceptable.
 */
function lineSearch(
  objective: Objective,
  x: Float64Array,
  f: number,
  d: Float64Array,
  slope: number,
): Trial | null {
  const roundoff = 1e-12 * Math.max(1, Math.abs(f));
  let step = 1;
  for (let tries = 0; tries < MAX_TRIES; tries++) {
    const candidate = x.map((v, i) => v + step * (d[i] ?? 0));
    const g = new Float64Array(x.length);
    const fc = objective(candidate, g);
    if (fc <= f + ARMIJO * step * slope) return { x: candidate, f: fc, g };
    const newSlope = dot(g, d);
    if (fc <= f + roundoff && newSlope >= 0.9 * slope && newSlope <= -0.8 * slope)
      return { x: candidate, f: fc, g };
    // Minimiser of the quadratic through f, the slope and fc, kept within [0.1, 0.5] of the step.
    const quadratic = Number.isFinite(fc) ? (-slope * step * step) / (2 * (fc - f - slope * step)) : 0;
    step = Math.min(0.5 * step, Math.max(0.1 * step, quadratic));
  }
  return null;
}

/** Minimises `objective` from x0; reports each iteration's f through `loop.step`. */
export async function minimizeLbfgs(
  objective: Objective,
  x0: Float64Array,
  options: LbfgsOptions,
  loop: FitLoop,
  report: (f: number) => number = (f) => f,
): Promise<LbfgsResult> {
  const memory = options.memory ?? 10;
  let x: Float64Array = Float64Array.from(x0);
  let g: Float64Array = new Float64Array(x.length);
  let f = objective(x, g);
  const pairs: Pair[] = [];
  let iterations = 0;
  let converged = maxAbs(g) <= options.gtol;
  while (!converged && iterations < options.maxIter) {
    loop.throwIfAborted();
    let d = direction(g, pairs);
    let slope = dot(g, d);
    if (!(slope < 0)) {
      // Not a descent direction (rounding in the pairs): restart from steepest descent.
      pairs.length = 0;
      d = direction(g, pairs);
      slope = dot(g, d);
    }
    const next = lineSearch(objective, x, f, d, slope);
    iterations++;
    if (next === null) break;
    const s = next.x.map((v, i) => v - (x[i] ?? 0));
    const y = next.g.map((v, i) => v - (g[i] ?? 0));
    const sy = dot(s, y);
    // Keep a pair only if it carries curvature (always, in exact arithmetic, for a convex f).
    if (sy > 1e-12 * dot(y, y)) {
      pairs.push({ s, y, rho: 1 / sy });
      if (pairs.length > memory) pairs.shift();
    }
    ({ x, f, g } = next);
    converged = maxAbs(g) <= options.gtol;
    await loop.step(iterations, report(f));
  }
  return { x, f, iterations, converged, gradientNorm: maxAbs(g) };
}
