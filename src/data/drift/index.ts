export { checkColumns, typeFamily } from './columns';
export {
  countDrift,
  countScores,
  planBatches,
  type BatchDriftCounts,
  type CountOptions,
  type DriftCounts,
} from './counts';
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
