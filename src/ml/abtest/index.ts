/**
 * A/B tests of a conversion rate (and a per-user value): design, analysis, checks. Pure; bad input
 * throws MlError (from ../metrics/errors) with a `reason`; facts about the data come back as
 * warnings. Checked against SciPy 1.10.1 and statsmodels 0.13.5 (reference/).
 */
export type { Alternative, ArmSummary, Effect, Interval, ValueSummary } from './types';
export {
  sampleSize,
  powerAt,
  powerCurve,
  testDuration,
  treatmentRateOf,
  cohensH,
  type Design,
  type DesignInput,
  type Duration,
  type PowerPoint,
  type SampleSizeMethod,
} from './design';
export {
  analyseAbTest,
  type AbAnalysis,
  type AnalysisOptions,
  type ArmResult,
  type Comparison,
  type MeanComparison,
  type OutcomeValues,
  type RateComparison,
  type ValueComparison,
} from './analysis';
export { summariseArms } from './summarise';
export {
  checkBinaryOutcome,
  holm,
  sampleRatioMismatch,
  MIN_EVENTS_PER_ARM,
  SRM_P_THRESHOLD,
  type AbWarning,
  type AbWarningCode,
} from './checks';
export type { Verdict, VerdictKind } from './verdict';
export type { AbBootstrapOptions, AbBootstrapResult } from './bootstrap';
export {
  newcombeDifference,
  pooledZTest,
  relativeLiftInterval,
  waldDifference,
  wilsonInterval,
  type RateCounts,
  type TestResult,
  type TestSide,
} from './proportions';
export { welchInterval, welchTest, meanSummary, type MeanSummary, type WelchResult } from './means';
export {
  chiSquareCdf,
  chiSquareSf,
  normalCdf,
  normalIsf,
  normalQuantile,
  normalSf,
  studentTCdf,
  studentTQuantile,
  studentTSf,
} from '../stats/distributions';
