/**
 * A small seeded PRNG (mulberry32) private to the models: GBDT's binning subsample and its
 * early-stopping holdout. Kept here so that models/ has no dependency on its siblings.
 */
export function mulberry32(seed: number): () => number {
  return mulberry32After(seed, 0);
}

const STEP = 0x6d2b79f5;

/**
 * `mulberry32(seed)` after `draws` draws, without drawing them: its state advances by a constant
 * each draw, so it is `seed + draws · step` (mod 2³²). A resumed training continues the dropout
 * masks of an interrupted one this way (`workers/training/mlp.ts`). Exact for draws < 2⁵³.
 */
export function mulberry32After(seed: number, draws: number): () => number {
  let state = ((seed >>> 0) + Math.imul(draws % 0x100000000, STEP)) >>> 0;
  return () => {
    state = (state + STEP) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher–Yates shuffle of 0..n-1 in place order, driven by `random`. */
export function permutation(n: number, random: () => number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = out[i] ?? 0;
    out[i] = out[j] ?? 0;
    out[j] = t;
  }
  return out;
}
