import { featuresCache } from './cache';
import { rowsText } from '../shared/text';
import type { CellUnit } from '../unit';
import FeaturesLineage from './FeaturesLineage.svelte';
import FeaturesView from './FeaturesView.svelte';
import { featuresSection } from './report';
import type { FeaturesOutput } from './result';
import { runFeatures } from './run';

export const features: CellUnit<'features', FeaturesOutput> = {
  label: 'Features',
  description: 'The columns the model sees, encoded and learned on the training rows; leakage warnings',
  run: runFeatures,
  view: FeaturesView,
  doneText: (output) => `${output.featureNames.length} features, ${rowsText(output.result.rowCount)}`,
  report: {
    has: (cell) => cell.config.features.length > 0,
    section: featuresSection,
    shownBatch: () => null,
  },
  // Modelling, not preparation: the features SQL needs the values a run learned.
  script: null,
  lineage: (output) => ({ fitted: output.spec, sql: output.sql }),
  lineageView: FeaturesLineage,
  learned: () => null,
  cache: featuresCache,
};
