/**
 * Which source column each feature came from, read off a fitted feature spec: the explain cell
 * shuffles and plots the one-hot columns of `Contract` (and a number with its missing flag) as
 * one feature, `Contract`. Output names are those `compileFeatures` gives, duplicates included.
 */
import type { FeatureGroup } from '../../ml/explain';
import { uniqueNames } from './compile';
import { encodeFeature } from './encodings';
import type { FeatureEncoding, FeatureSpec } from './types';

export interface SourceGroup extends FeatureGroup {
  /** The source column (or, for a feature the spec did not make, the feature's own name). */
  readonly name: string;
  /** Indices into the run's feature names, ascending. */
  readonly columns: readonly number[];
  /**
   * Every column is a level of one one-hot encoding: partial dependence sets them one at a time.
   * Otherwise the group is shuffled together but plotted column by column.
   */
  readonly oneHot: boolean;
  /** One-hot groups: each column's level ("Month-to-month", "(other)", "(missing)"); else null. */
  readonly levels: readonly string[] | null;
}

interface Output {
  readonly source: string;
  readonly encoding: FeatureEncoding['encoding'];
  /** Which encoding of the spec made it (a column can be encoded twice). */
  readonly feature: number;
  readonly level: string | null;
}

/** Output name → where it came from, for every output of the (fitted) spec. */
function outputsOf(spec: FeatureSpec): Map<string, Output> {
  const made = spec.features.flatMap((f, feature) =>
    encodeFeature(f).outputs.map((o) => ({
      output: o,
      from: {
        source: f.column,
        encoding: f.encoding,
        feature,
        level: f.encoding === 'one-hot' ? o.name.slice(f.column.length + 1) : null,
      },
    })),
  );
  const names = uniqueNames(made.map((m) => m.output));
  return new Map(
    names.map((n, i) => [
      n.name,
      made[i]?.from ?? { source: n.name, encoding: 'numeric', feature: -1, level: null },
    ]),
  );
}

/**
 * The groups of `featureNames` (a run's columns, in order) by source column, in order of their
 * first column. Names the spec does not make (a column added after the features cell) stand
 * alone. Throws AppError('invalid-document') when the spec is not fitted.
 */
export function featureGroups(spec: FeatureSpec, featureNames: readonly string[]): SourceGroup[] {
  const outputs = outputsOf(spec);
  const groups = new Map<string, { columns: number[]; from: (Output | undefined)[] }>();
  featureNames.forEach((name, j) => {
    const from = outputs.get(name);
    const key = from?.source ?? name;
    const group = groups.get(key) ?? { columns: [], from: [] };
    group.columns.push(j);
    group.from.push(from);
    groups.set(key, group);
  });
  return [...groups].map(([name, { columns, from }]) => {
    const first = from[0];
    const oneHot =
      first?.encoding === 'one-hot' &&
      from.every((f) => f?.encoding === 'one-hot' && f.feature === first.feature);
    return { name, columns, oneHot, levels: oneHot ? from.map((f) => f?.level ?? '') : null };
  });
}
