import { sha256 } from 'hash-wasm';
import { canonicalJson } from '../../notebook/hash';
import type { PartSpec } from './compute';

/*
 * The key each part an explain cell computes is stored under. A key hashes the part's settings
 * with the run, the data's fingerprint and the app version: the same key gives the same numbers,
 * so a stored part is shown instead of computed again. (How a part is computed: compute.ts.)
 */

export {
  BATCH_VALUES,
  computePart,
  LIME_SAMPLES,
  PDP_2D_POINTS,
  PDP_ROWS,
  pdpFeature,
  STABILITY_SEEDS,
  type PartSpec,
} from './compute';

export function partKey(
  spec: PartSpec,
  run: { readonly runId: string; readonly fingerprint: string; readonly appVersion: string },
): Promise<string> {
  return sha256(canonicalJson({ format: 1, ...run, spec }));
}
