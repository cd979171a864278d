import type { TableResult } from '../../data/catalog';
import type { FeatureAssist } from '../../data/features';
import type { FeatureSpec } from '../../notebook/feature-types';
import type { SplitSpec } from '../../notebook/types';

/** What a features cell's run produced (kept in memory by the runtime, never saved). */
export interface FeaturesOutput {
  readonly kind: 'features';
  /** The table made: `__row_id`, `__split`, `__target`, `[__baseline]`, then the features. */
  readonly result: TableResult;
  /** The spec as fitted on the training rows (means, categories, bin edges), target filled from the brief. */
  readonly spec: FeatureSpec;
  /** The feature columns of the table, in order (everything after the `__` columns). */
  readonly featureNames: readonly string[];
  readonly split: { readonly spec: SplitSpec; readonly train: number; readonly validation: number };
  /** Missing rates, strength against the target and leakage warnings, on the training rows. */
  readonly assist: FeatureAssist;
  /** The query that made the table from the split rows. */
  readonly sql: string;
  /** The brief's rule baseline is a column `__baseline` (1 = the rule acts). */
  readonly hasRuleBaseline: boolean;
}
