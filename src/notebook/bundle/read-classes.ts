import type { ModelBundle } from './types';

/*
 * The reader's check of a multiclass bundle's parts (format 2): the classes that the model, its
 * artifact and its features name agree, in order, and the cost matrix fits them; a binary or
 * regression bundle holds neither classes nor costs, and format 1 no multiclass model.
 */

const sameList = (a: readonly string[] | undefined, b: readonly string[] | undefined): boolean =>
  a !== undefined && b !== undefined && a.length === b.length && a.every((x, i) => x === b[i]);

/** Multiclass parts: the classes the model, its artifact and its features name agree; the costs fit them. */
export function classesProblem(
  bundle: ModelBundle,
  shape: { readonly outputs: number; readonly classes: readonly string[] | null },
): string | null {
  const { model, features, decision } = bundle;
  if (model.task !== 'multiclass') {
    if (model.classes !== undefined || decision.costs !== undefined)
      return 'bundle.model.classes and bundle.decision.costs belong to multiclass models only.';
    return null;
  }
  if (bundle.formatVersion < 2)
    return 'it holds a multiclass model, which format 1 does not: it was not written by Casebook.';
  const classes = model.classes;
  if (classes === undefined) return 'bundle.model.classes is missing: a multiclass model names its classes.';
  if (classes.length !== shape.outputs)
    return `the model gives ${shape.outputs} probabilities, bundle.model.classes names ${classes.length}.`;
  if (shape.classes !== null && !sameList(shape.classes, classes))
    return 'bundle.model.classes are not the classes of its artifact, in the same order.';
  if (!sameList(features.spec.classes, classes))
    return 'bundle.features.spec.classes are not bundle.model.classes, in the same order.';
  const costs = decision.costs;
  if (
    costs !== undefined &&
    (costs.length !== classes.length || costs.some((row) => row.length !== classes.length))
  )
    return `bundle.decision.costs is not ${classes.length} × ${classes.length}, one row and column per class.`;
  return null;
}
