import { buildBundle } from '../../notebook/bundle/write';
import { bundleContents, fittedFeatures, type RunForBundle } from '../../notebook/bundle/from-run';
import type { ModelBundle } from '../../notebook/bundle/types';
import { scoringPlan } from './plan';
import { profileInput } from './profile';
import type { RowReader } from './rows';

/**
 * Writes a stored run as a model bundle: profiles the model's input table (which must still be
 * in the engine: the features cell's input), generates the feature SQL from the run's fitted
 * spec, stamps the hash and reads the result back through the strict reader. Returns the bundle
 * and the file's text.
 */
export async function bundleFromRun(
  read: RowReader,
  source: RunForBundle,
  meta: { readonly createdAt: string; readonly appVersion: string },
): Promise<{ bundle: ModelBundle; text: string }> {
  const { spec, input } = fittedFeatures(source.batch);
  const schema = await profileInput(read, input, spec);
  const contents = bundleContents(source, {
    input: schema,
    spec,
    featureSql: '',
    createdAt: meta.createdAt,
    appVersion: meta.appVersion,
  });
  // The SQL is generated from the spec, and the model must take exactly its columns.
  const featureSql = scoringPlan(contents, input).sql;
  return buildBundle({ ...contents, features: { spec, sql: featureSql } });
}
