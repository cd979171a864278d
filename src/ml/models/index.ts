/** The models' public surface: fit functions, the stored artifact union, prediction and rules. */
export type { ClassProbabilities, DenseMatrix, FitOptions, FitProgress, Task } from './types';
export { matrix } from './types';
export { ModelError, type ModelErrorReason } from './errors';
export {
  fitBaseline,
  fitMulticlassBaseline,
  baselineMajorityClass,
  type BaselineModel,
  type BaselineOptions,
  type MulticlassBaselineModel,
} from './baseline';
export {
  fitLogistic,
  logisticSolverFor,
  NEWTON_MAX_COLUMNS,
  NEWTON_FINISH_MAX_COLUMNS,
  type LogisticModel,
  type LogisticOptions,
  type LogisticSolver,
} from './logistic';
export {
  fitMulticlassLogistic,
  type MulticlassLogisticModel,
  type MulticlassLogisticOptions,
} from './logistic-multiclass';
export { fitLinear, type LinearModel, type LinearOptions } from './linear';
export { fitTree, type TreeModel, type TreeNodes, type TreeOptions } from './tree';
export {
  fitMulticlassTree,
  type MulticlassTreeModel,
  type MulticlassTreeNodes,
  type MulticlassTreeOptions,
} from './tree-multiclass';
export {
  treeRules,
  multiclassTreeRules,
  treeRulesByClass,
  type MulticlassLeafRule,
  type TreeRulesOptions,
} from './tree-rules';
export {
  fitGbdt,
  predictGbdtRaw,
  type EarlyStopping,
  type GbdtHoldout,
  type GbdtModel,
  type GbdtMulticlassModel,
  type GbdtMulticlassOptions,
  type GbdtOptions,
  type GbdtParams,
  type GbdtSingleModel,
  type GbdtSingleOptions,
  type GbdtTree,
} from './gbdt';
/** The seeded (stratified) inner split early stopping uses; also the MLP's, in workers/training. */
export { holdout } from './gbdt-early-stopping';
export {
  predict,
  predictProba,
  predictOutput,
  isMulticlass,
  parseModel,
  modelToJson,
  modelFromJson,
  type ModelArtifact,
  type MulticlassArtifact,
  type Prediction,
  type ScoreArtifact,
} from './artifact';
export type { BackendReport, Coefficient, MlpArtifact, MlpHoldout, TrainedArtifact } from './fitted';
export type {
  BackendChoice,
  BackendName,
  BaselineSpec,
  GbdtSpec,
  LinearSpec,
  LogisticSpec,
  MlpSpec,
  ModelKind,
  ModelSpec,
  TrainTask,
  TreeSpec,
} from './specs';
export { predictMlp, mlpOutputs, mlpShapeProblem, type MlpLayer, type MlpModel } from './mlp';
