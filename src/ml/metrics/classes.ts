/**
 * Class labels of a multiclass target: the class list is learned from the training rows (sorted
 * as numpy's `np.unique`, which is what scikit-learn's `classes_` is), then every part of the data
 * is encoded as class indices 0…k−1 against that list. The input problems a user can fix (a NULL
 * label, one class, too many classes, a class that only validation has) fail here, with the
 * rows and classes involved, before any model or metric sees them.
 */
import { MlError } from './errors';

/** A target value as it comes out of a query; null / undefined is SQL NULL. */
export type Label = string | number | boolean | bigint | null | undefined;

/** The most classes a multiclass target may have (issue 20). */
export const MAX_CLASSES = 50;

function missingLabel(row: number, part: string): MlError {
  return new MlError(
    'missing-label',
    `The class label of ${part} row ${row + 1} is missing (NULL): drop those rows or give them a class in a clean cell.`,
  );
}

/** numpy's order: numbers by value, booleans false < true, text by code point (as Python's sorted). */
function sortedClasses(values: readonly Label[]): string[] {
  const distinct = [...new Set(values)];
  if (distinct.every((v) => typeof v === 'number' || typeof v === 'bigint')) {
    return distinct.sort((a, b) => (Number(a) < Number(b) ? -1 : Number(a) > Number(b) ? 1 : 0)).map(String);
  }
  const names = [...new Set(distinct.map(String))];
  return names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function countsOf(labels: readonly Label[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const v of labels) counts.set(String(v), (counts.get(String(v)) ?? 0) + 1);
  return counts;
}

function topClasses(counts: Map<string, number>, shown: number): string {
  return [...counts]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, shown)
    .map(([name, n]) => `${name} (${n.toLocaleString('en-US')})`)
    .join(', ');
}

/**
 * The sorted classes of the training labels. Throws MlError: 'missing-label' (a NULL, with its
 * row), 'too-few-classes' (one class), 'too-many-classes' (over `maxClasses`, with the largest).
 */
export function classesOf(labels: readonly Label[], options: { maxClasses?: number } = {}): string[] {
  const maxClasses = options.maxClasses ?? MAX_CLASSES;
  if (labels.length === 0)
    throw new MlError('empty', 'There are no training rows to learn the classes from.');
  labels.forEach((v, i) => {
    if (v === null || v === undefined) throw missingLabel(i, 'training');
  });
  const classes = sortedClasses(labels);
  if (classes.length < 2) {
    throw new MlError(
      'too-few-classes',
      `Every training row has the class ${classes[0] ?? '?'}: a classifier needs at least two. Check the filter, the split or how the target is defined.`,
    );
  }
  if (classes.length > maxClasses) {
    throw new MlError(
      'too-many-classes',
      `The target has ${classes.length} classes; at most ${maxClasses} can be modelled. Group the rare ones in a clean cell (CASE WHEN … ELSE 'other'). The largest: ${topClasses(countsOf(labels), 10)}.`,
    );
  }
  return classes;
}

/**
 * Labels as class indices into `classes` (a Float32Array, what the models and the training worker
 * take). Throws 'missing-label' for a NULL and 'unknown-class' for labels the class list (learned
 * from the training rows) lacks, naming them and their counts. `part` names the rows in messages.
 */
export function encodeLabels(
  labels: readonly Label[],
  classes: readonly string[],
  part = 'validation',
): Float32Array {
  const index = new Map(classes.map((c, i) => [c, i]));
  const out = new Float32Array(labels.length);
  const unknown = new Map<string, number>();
  labels.forEach((v, i) => {
    if (v === null || v === undefined) throw missingLabel(i, part);
    const at = index.get(String(v));
    if (at === undefined) unknown.set(String(v), (unknown.get(String(v)) ?? 0) + 1);
    else out[i] = at;
  });
  if (unknown.size > 0) {
    throw new MlError(
      'unknown-class',
      `The ${part} rows have ${unknown.size === 1 ? 'a class' : 'classes'} that no training row has: ${topClasses(unknown, 10)}. A model cannot predict a class it never saw: use a stratified split, or group or drop that class in a clean cell.`,
    );
  }
  return out;
}
