/** The models' public surface: fit functions, the stored artifact union, prediction and rules. */
export type { DenseMatrix, FitOptions, FitProgress, Task } from './types';
export { matrix } from './types';
export { ModelError, type ModelErrorReason } from './errors';
export { fitBaseline, baselineMajorityClass, type BaselineModel, type BaselineOptions } from './baseline';
export { fitLogistic, type LogisticModel, type LogisticOptions } from './logistic';
export { fitLinear, type LinearModel, type LinearOptions } from './linear';
export { fitTree, type TreeModel, type TreeNodes, type TreeOptions } from './tree';
export { treeRules, type TreeRulesOptions } from './tree-rules';
export {
  fitGbdt,
  predictGbdtRaw,
  type EarlyStopping,
  type GbdtModel,
  type GbdtOptions,
  type GbdtParams,
  type GbdtTree,
} from './gbdt';
export { predictMlp, mlpShapeProblem, type MlpLayer, type MlpModel } from './mlp';
export { predict, parseModel, modelToJson, modelFromJson, type ModelArtifact } from './artifact';
