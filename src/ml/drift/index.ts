export {
  DEFAULT_BINS,
  MIN_REFERENCE_PER_BIN,
  binOf,
  binsFromQuantiles,
  countNumeric,
  fitNumericBins,
  isMissingNumber,
  numericBinLabels,
  plannedBinCount,
  quantileRanks,
  type BinCounts,
  type BinOptions,
  type NumericBins,
} from './bins';
export {
  DEFAULT_MAX_CATEGORIES,
  categoricalPsi,
  countCategories,
  newCategories,
  type CategoryCounts,
  type NewCategory,
} from './categories';
export {
  MIN_EXPECTED,
  MISSING_CATEGORY,
  chiSquareStatistic,
  chiSquareTest,
  contingencyTable,
  type ChiSquareResult,
  type ContingencyTable,
} from './chi-square';
export {
  batchDrift,
  worstFirst,
  type BatchDrift,
  type DriftOptions,
  type FeatureCounts,
  type FeatureDrift,
  type FeatureTest,
  type KsInput,
} from './drift';
export {
  KS_EXACT_MAX_N,
  ksFromStatistic,
  ksStatisticSorted,
  ksStatisticsMerged,
  ksTwoSample,
  type KsMethod,
  type KsResult,
  type MergedKs,
} from './ks';
export { kolmogorovSurvival } from './kolmogorov';
export {
  DEFAULT_THRESHOLDS,
  driftLevel,
  levelRank,
  resolveThresholds,
  type DriftLevel,
  type DriftThresholds,
} from './levels';
export { benjaminiHochberg, type BhResult } from './multiple';
export { predictionDrift, type PredictionDrift, type ScoreCounts } from './prediction';
export { classMixDrift, countClasses, type ClassMixDrift } from './class-mix';
export { PSI_FLOOR, psiFromCounts, type PsiBin, type PsiResult } from './psi';
export { categoricalFeatureCounts, numericFeatureCounts, scoreCounts } from './samples';
export { smirnovSurvival } from './smirnov';
