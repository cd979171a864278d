/**
 * Dense symmetric linear algebra for the d × d systems of the linear models (d is small).
 * Matrices are row-major Float64Arrays of n × n.
 */

/**
 * Lower Cholesky factor of a symmetric matrix, or null when a pivot is not clearly positive
 * (relative to the largest diagonal): the caller then falls back to a pseudo-inverse.
 */
export function cholesky(a: Float64Array, n: number, relTol = 1e-10): Float64Array | null {
  let maxDiag = 0;
  for (let i = 0; i < n; i++) maxDiag = Math.max(maxDiag, Math.abs(a[i * n + i] ?? 0));
  const floor = relTol * maxDiag;
  const l = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    let diag = a[j * n + j] ?? 0;
    for (let k = 0; k < j; k++) diag -= (l[j * n + k] ?? 0) ** 2;
    if (!(diag > floor) || !(diag > 0)) return null;
    const ljj = Math.sqrt(diag);
    l[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let s = a[i * n + j] ?? 0;
      for (let k = 0; k < j; k++) s -= (l[i * n + k] ?? 0) * (l[j * n + k] ?? 0);
      l[i * n + j] = s / ljj;
    }
  }
  return l;
}

/** Solves (L Lᵀ) x = b given the Cholesky factor L. */
export function choleskySolve(l: Float64Array, n: number, b: Float64Array): Float64Array {
  const z = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b[i] ?? 0;
    for (let k = 0; k < i; k++) s -= (l[i * n + k] ?? 0) * (z[k] ?? 0);
    z[i] = s / (l[i * n + i] ?? 1);
  }
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = z[i] ?? 0;
    for (let k = i + 1; k < n; k++) s -= (l[k * n + i] ?? 0) * (x[k] ?? 0);
    x[i] = s / (l[i * n + i] ?? 1);
  }
  return x;
}

export interface Eigen {
  readonly values: Float64Array;
  /** Column k is the eigenvector of values[k]: vectors[i * n + k]. */
  readonly vectors: Float64Array;
}

function rotate(a: Float64Array, v: Float64Array, n: number, p: number, q: number): void {
  const apq = a[p * n + q] ?? 0;
  const theta = ((a[q * n + q] ?? 0) - (a[p * n + p] ?? 0)) / (2 * apq);
  const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
  const c = 1 / Math.sqrt(t * t + 1);
  const s = t * c;
  for (let k = 0; k < n; k++) {
    const akp = a[k * n + p] ?? 0;
    const akq = a[k * n + q] ?? 0;
    a[k * n + p] = c * akp - s * akq;
    a[k * n + q] = s * akp + c * akq;
  }
  for (let k = 0; k < n; k++) {
    const apk = a[p * n + k] ?? 0;
    const aqk = a[q * n + k] ?? 0;
    a[p * n + k] = c * apk - s * aqk;
    a[q * n + k] = s * apk + c * aqk;
  }
  for (let k = 0; k < n; k++) {
    const vkp = v[k * n + p] ?? 0;
    const vkq = v[k * n + q] ?? 0;
    v[k * n + p] = c * vkp - s * vkq;
    v[k * n + q] = s * vkp + c * vkq;
  }
}

/** Cyclic Jacobi eigen-decomposition of a symmetric matrix: slow (n³ per sweep) but exact and simple. */
export function symmetricEigen(input: Float64Array, n: number, maxSweeps = 100): Eigen {
  const a = Float64Array.from(input);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let sweep = 0; sweep < maxSweeps; sweep++) {
    let off = 0;
    let total = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const x = (a[i * n + j] ?? 0) ** 2;
        total += x;
        if (i !== j) off += x;
      }
    }
    if (off <= 1e-30 * total || off === 0) break;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        if ((a[p * n + q] ?? 0) !== 0) rotate(a, v, n, p, q);
      }
    }
  }
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = a[i * n + i] ?? 0;
  return { values, vectors: v };
}

/**
 * Minimum-norm solution of A x = b for symmetric positive semi-definite A: eigenvalues below
 * relTol × the largest are treated as zero (what numpy's lstsq does with its rcond).
 * Returns the solution and the numerical rank.
 */
export function pseudoSolve(
  a: Float64Array,
  n: number,
  b: Float64Array,
  relTol = 1e-10,
): { x: Float64Array; rank: number } {
  const { values, vectors } = symmetricEigen(a, n);
  let maxValue = 0;
  for (const value of values) maxValue = Math.max(maxValue, value);
  const x = new Float64Array(n);
  let rank = 0;
  for (let k = 0; k < n; k++) {
    const lambda = values[k] ?? 0;
    if (!(lambda > relTol * maxValue) || lambda <= 0) continue;
    rank++;
    let proj = 0;
    for (let i = 0; i < n; i++) proj += (vectors[i * n + k] ?? 0) * (b[i] ?? 0);
    const scale = proj / lambda;
    for (let i = 0; i < n; i++) x[i] = (x[i] ?? 0) + scale * (vectors[i * n + k] ?? 0);
  }
  return { x, rank };
}
