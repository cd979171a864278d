/**
 * P(D_n ≤ x) by Pomeranz's recursion (1974, "Exact cumulative distribution of the
 * Kolmogorov–Smirnov statistic for small samples", CACM 17(12)), in the banded form of Simard &
 * L'Ecuyer (2011): rows of a (2n + 2)-step recursion, each a short convolution with powers of
 * g/n, 2g/n or (1 − 2g)/n over factorials, rescaled by 2^128 when they get small.
 */
import { scaleByPowerOfTwo } from './kolmogorov-durbin';

const SCALE_EXPONENT = 128;
const BIG = 2 ** SCALE_EXPONENT;
const SMALL = 2 ** -SCALE_EXPONENT;

interface Band {
  readonly t: number; // ⌊nx⌋
  readonly ceilF: number; // 1 when nx is not an integer
  readonly roundF: number; // 1 when the fractional part of nx is above 1/2
  readonly n: number;
}

/** The columns [j1, j2] of row i that can be non-zero. */
function rowRange(i: number, band: Band): [number, number] {
  const { t, ceilF, roundF, n } = band;
  let j1: number;
  let j2: number;
  if (i === 0) {
    j1 = -t - ceilF - 1;
    j2 = t + ceilF - 1;
  } else {
    const half = Math.floor((i + 1) / 2);
    if ((i + 1) % 2 === 0) {
      if (half === n + 1) {
        j1 = n - t - ceilF - 1;
        j2 = n + t + ceilF - 1;
      } else {
        j1 = half - 1 - t - roundF - 1;
        j2 = half + t - 1 + ceilF - 1;
      }
    } else {
      j1 = half - 1 - t - 1;
      j2 = half + t + roundF - 1;
    }
  }
  return [Math.max(j1 + 2, 0), Math.min(j2, n)];
}

/** (step/1)^m / m! for m = 0 … count − 1. */
function powersOverFactorials(step: number, count: number): Float64Array {
  const out = new Float64Array(count);
  out[0] = 1;
  for (let m = 1; m < count; m++) out[m] = ((out[m - 1] ?? 0) * step) / m;
  return out;
}

export function pomeranzCdf(n: number, x: number): number {
  const nx = n * x;
  const t = Math.floor(nx);
  const f = nx - t;
  const g = Math.min(f, 1 - f);
  const band: Band = { t, ceilF: f > 0 ? 1 : 0, roundF: f > 0.5 ? 1 : 0, n };
  const size = 2 * (t + 1);
  const gPower = powersOverFactorials(g / n, size);
  const twoGPower = powersOverFactorials((2 * g) / n, size);
  const oneMinusTwoGPower = powersOverFactorials((1 - 2 * g) / n, size);

  let previous = new Float64Array(size);
  let current = new Float64Array(size);
  current[0] = 1;
  let previousStart = 0;
  let currentStart = 0;
  let exponent = 0;
  let [j1, j2] = rowRange(0, band);
  for (let i = 1; i <= 2 * n + 1; i++) {
    const k1 = j1;
    [previous, current] = [current, previous];
    [previousStart, currentStart] = [currentStart, previousStart];
    current.fill(0);
    [j1, j2] = rowRange(i, band);
    const powers = i === 1 || i === 2 * n + 1 ? gPower : i % 2 === 1 ? twoGPower : oneMinusTwoGPower;
    const length = j2 - k1 + 1;
    if (length > 0) {
      // current[c] = (previous[k1 − previousStart …] ⊛ powers)[j1 − k1 + c]
      const offset = k1 - previousStart;
      const start = j1 - k1;
      let largest = 0;
      for (let c = 0; c <= j2 - j1; c++) {
        const at = start + c;
        let sum = 0;
        for (let a = Math.max(0, at - length + 1); a <= Math.min(at, length - 1); a++) {
          sum += (previous[offset + a] ?? 0) * (powers[at - a] ?? 0);
        }
        current[c] = sum;
        largest = Math.max(largest, sum);
      }
      if (largest > 0 && largest < SMALL) {
        for (let c = 0; c < size; c++) current[c] = (current[c] ?? 0) * BIG;
        exponent -= SCALE_EXPONENT;
      }
      currentStart = previousStart + j1 - k1;
    }
  }
  let answer = current[n - currentStart] ?? 0;
  for (let m = 1; m <= n; m++) {
    if (Math.abs(answer) > BIG) {
      answer *= SMALL;
      exponent += SCALE_EXPONENT;
    }
    answer *= m;
  }
  return Math.min(1, Math.max(0, scaleByPowerOfTwo(answer, exponent)));
}
