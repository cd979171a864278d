import { BundleError } from '../../notebook/bundle/read';
import type { ModelBundle } from '../../notebook/bundle/types';
import { compileScoringFeatures, type CompiledFeatures } from '../features/compile';

/**
 * The feature SQL a bundle scores with, generated from its validated fitted spec over `relation`
 * (a table or view of the rows to score) — never taken from the file. Refuses a bundle whose
 * model does not take exactly the columns that SQL makes, in that order.
 */
export function scoringPlan(
  bundle: Pick<ModelBundle, 'features' | 'model'>,
  relation: string,
): CompiledFeatures {
  const compiled = compileScoringFeatures(bundle.features.spec, relation);
  const names = bundle.model.featureNames;
  const first = compiled.columns.findIndex((c, i) => c !== names[i]);
  if (first >= 0 || compiled.columns.length !== names.length) {
    const at = first >= 0 ? first : Math.min(compiled.columns.length, names.length);
    throw new BundleError(
      'invalid',
      `its features make the columns ${compiled.columns.length} long, its model takes ${names.length}, and they differ at position ${at + 1} ("${compiled.columns[at] ?? '(none)'}" against "${names[at] ?? '(none)'}").`,
    );
  }
  return compiled;
}
