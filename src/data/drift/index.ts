export { checkColumns, typeFamily } from './columns';
export { planBatches } from './batches';
export { countDrift, type BatchDriftCounts, type DriftCounts } from './counts';
export { countScores } from './scores';
export type { CountOptions } from './steps';
export {
  DriftInputError,
  allRowsSql,
  batchRowsSql,
  checkPlan,
  featureAlias,
  referenceRowsSql,
  type BatchSource,
  type DriftFeature,
  type DriftInputReason,
  type DriftPlan,
  type FeatureKind,
  type PlannedBatch,
} from './plan';
export {
  aboveThresholdSql,
  batchLabelsSql,
  binCountsSql,
  categoryCountsSql,
  ksValuesSql,
  quantilesSql,
  sizesSql,
  type BinRequest,
  type QuantileRequest,
} from './queries';
