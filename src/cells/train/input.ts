// The features table as training reads it lives in cells/shared (the backtest cell reads its folds alike).
export {
  featureTableProblem,
  readTrainData,
  rowsProblem,
  splitFingerprint,
  trainProblem,
  type RowCounts,
  type TrainData,
} from '../shared/train-data';
