/** Model bundles: the types, the strict reader, the writer, the input check and scoring (all pure). */
export * from './types';
export { readBundle, bundleHash, BundleError, type BundleErrorReason } from './read';
export { buildBundle, bundleText, bundleFileName } from './write';
export {
  checkInput,
  describeProblem,
  reportLines,
  useOf,
  RANGE_MARGIN,
  type ColumnStats,
  type InputProblem,
  type InputReport,
  type ObservedColumn,
  type ObservedInput,
  type ProblemAction,
} from './check';
export { bundleContents, decisionFromBrief, fittedFeatures, provenance, type RunForBundle } from './from-run';
export {
  classScoreColumn,
  decide,
  decideClassesOf,
  modelOutputs,
  mostProbable,
  outputWidth,
  scoreClasses,
  scoreOutputs,
  scoreRows,
} from './score';
export { LIMITS } from './schema';
