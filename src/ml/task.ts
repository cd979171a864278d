/**
 * What a model predicts: `binary`, the probability of class 1 (the positive class); `multiclass`,
 * one probability per class (3 to 50 classes, named in a `classes` list); `regression`, a number.
 * The one name for it everywhere: the brief, model specs, the models and metrics.
 */
export type Task = 'binary' | 'multiclass' | 'regression';
