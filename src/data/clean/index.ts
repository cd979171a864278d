/* The clean cell's compilers and the join helper: what other folders import. */
export * from './types';
export { describeStep, stepLabel } from './describe';
export { CleanStepError, type Columns } from './context';
export { compileSteps, convertToSql, type CompiledStep, type CompiledSteps } from './compile';
export { fitStep, fitSteps } from './fit';
export { describeSteps, blameStep, type StepColumns } from './check';
export { everyValueLost, stepReport, type StepReport, type FailedValues } from './report';
export {
  categoryCandidates,
  mergeMapping,
  type CategoryCandidates,
  type CategoryGroup,
  type CategoryOptions,
  type CategoryValue,
} from './categories';
export { joinSql, type JoinColumn, type JoinSide, type JoinSpec, type JoinSql, type JoinType } from './join';
export {
  duplicateKeysText,
  duplicatesAddRows,
  joinDiagnostics,
  type JoinDiagnostics,
  type JoinRelationship,
} from './join-diagnostics';
export { parseCleanStep, parseRecipe } from '../../notebook/clean-validate';
export { guessDateFormat, type DateFormatGuess } from './dates';
