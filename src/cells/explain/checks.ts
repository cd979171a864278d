import type { SourceGroup } from '../../data/features';
import type { Problem } from '../../lib/errors';
import { minimumImportanceRows } from '../../ml/explain';
import type { FoundRun } from '../../notebook/explanations';

/*
 * What keeps an explain cell from explaining, as pure checks: each returns a Problem that says
 * what happened and what to do, or null. The runner throws what they find.
 */

const bad = (message: string): Problem => ({ code: 'bad-input', message });

/** A run that is gone, hidden, failed, has no model, or gives class probabilities. */
export function runProblem(runId: string, found: FoundRun | null): Problem | null {
  if (found === null) {
    return bad(
      `Run ${runId} is not stored any more (it was deleted for good). Choose another run in this cell, or "the chosen model".`,
    );
  }
  const name = `Run "${found.run.label}"`;
  if (found.hidden) {
    return bad(
      `${name} was deleted in the Runs view. Restore it there to explain it, or choose another run.`,
    );
  }
  if (found.run.status !== 'done')
    return bad(`${name} did not finish (${found.run.status}): it has no model to explain.`);
  const model = found.artifact?.model ?? null;
  if (model === null) {
    return bad(
      `${name} has no stored model (the brief's rule is scored, not trained): choose a trained run.`,
    );
  }
  return null;
}

/** The features table no longer has every column the run's model takes. */
export function featuresProblem(
  table: string,
  runFeatures: readonly string[],
  tableFeatures: readonly string[],
): Problem | null {
  const have = new Set(tableFeatures);
  const missing = runFeatures.filter((f) => !have.has(f));
  if (missing.length === 0 && runFeatures.length === tableFeatures.length) return null;
  if (missing.length > 0) {
    const shown = missing
      .slice(0, 5)
      .map((f) => `"${f}"`)
      .join(', ');
    return bad(
      `The run's model takes ${missing.length === 1 ? 'the feature' : 'features'} ${shown}${missing.length > 5 ? ` and ${missing.length - 5} more` : ''} that "${table}" no longer has: its Features cell changed since the run trained. Train again, or explain a newer run.`,
    );
  }
  return bad(
    `"${table}" now has ${tableFeatures.length} features; the run's model takes ${runFeatures.length}. Its Features cell changed since the run trained: train again, or explain a newer run.`,
  );
}

/** The features table was rebuilt with other rows, values or split than the run trained on. */
export function fingerprintProblem(
  table: string,
  label: string,
  stored: string,
  now: string,
): Problem | null {
  return stored === now
    ? null
    : bad(
        `The data in "${table}" was rebuilt differently since run "${label}" trained (its fingerprint no longer matches): ` +
          'explaining it on other rows would mislead. Run the Train cell again and explain the new run.',
      );
}

/** Permutation importance needs max(10, repeats) validation rows. */
export function rowsProblem(validationRows: number, repeats: number): Problem | null {
  const needed = minimumImportanceRows(repeats);
  return validationRows >= needed
    ? null
    : bad(
        `Permutation importance with ${repeats} repeats needs at least ${needed} validation rows; the run has ${validationRows}. Use a larger validation share in the Features cell.`,
      );
}

/** A feature chosen for partial dependence that is neither a source column nor a model input. */
export function chosenFeatureProblem(
  name: string,
  groups: readonly SourceGroup[],
  featureNames: readonly string[],
): Problem | null {
  if (groups.some((g) => g.name === name) || featureNames.includes(name)) return null;
  return bad(
    `"${name}" is not a feature of this run's data any more (chosen for partial dependence): pick another feature in this cell.`,
  );
}

/** A row chosen for a local explanation that is not a validation row of the run. */
export function chosenRowProblem(rowId: number, validationIds: ReadonlySet<number>): Problem | null {
  return validationIds.has(rowId)
    ? null
    : bad(
        `Row ${rowId} is not one of the run's validation rows: pick a row from the table of highest and lowest scores.`,
      );
}

/** A metric the explainers do not know (a newer app's brief). */
export function metricProblem(metric: string): Problem {
  return bad(
    `The run was judged on "${metric}", which permutation importance cannot use here: train it again.`,
  );
}
