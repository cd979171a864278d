/** The explainers' public surface: model-agnostic, pure, seeded; the model is a ScoreFn. */
export type { DenseMatrix, ExplainProgress, FeatureGroup, RunOptions, ScoreArray, ScoreFn } from './types';
export {
  EXPLAIN_METRICS,
  metricHigherIsBetter,
  metricIsBinary,
  metricScorer,
  metricUsesThreshold,
  type ExplainMetric,
} from './metric';
export {
  minimumImportanceRows,
  permutationImportance,
  type ImportanceEntry,
  type ImportanceMetric,
  type ImportanceOptions,
  type PermutationImportance,
} from './permutation';
export { featureGrid, type Grid, type GridOptions, type Level, type PdpFeature } from './grid';
export {
  partialDependence,
  partialDependence2d,
  type PartialDependence,
  type PartialDependence2d,
  type Pdp2dOptions,
  type PdpOptions,
} from './pdp';
export { limeBackground, type LimeBackground, type LimeFeature, type LimeLevel } from './lime-background';
export type { LimeContribution, LimeExplanation, LimeOptions } from './lime';
export {
  explainRow,
  limeStability,
  type LimeStability,
  type StabilityOptions,
  type StabilityVerdict,
} from './local';
export { DEFAULT_MAX_BATCH_VALUES } from './scoring';
export {
  classScore,
  multiclassPermutationImportance,
  predictedClass,
  type ClassImportance,
  type MulticlassImportance,
  type MulticlassImportanceOptions,
} from './multiclass';
