/**
 * What a model predicts: `binary`, the probability of class 1 (the positive class); `regression`,
 * a number. The one name for it everywhere: the brief, model specs, the models and metrics.
 */
export type Task = 'binary' | 'regression';
