import { defaultModelSpec } from '../model-types';
import { uniqueName } from '../names';
import { parseAt } from '../schema';
import type { TrainConfig } from '../train-types';
import { trainConfigSchema } from '../train-validate';
import { inputTables, orEllipsis, outputAbove, type KindFacts } from './facts';

/** Models trained on a features table; writes the validation rows' predictions. */
export const train: KindFacts<TrainConfig> = {
  title: (config) => `Train on ${orEllipsis(config.input)} → ${config.output}`,
  // Models that fit the brief's task: a regression brief gets no logistic regression.
  defaults: ({ taken, task, above }) => ({
    // The features table of the last features cell above: what a train cell trains on.
    input: outputAbove(above, 'features', ''),
    output: uniqueName('predictions', taken),
    models:
      task === 'regression'
        ? [defaultModelSpec('linear', 'regression', 42), defaultModelSpec('gbdt', 'regression', 42)]
        : [
            defaultModelSpec('logistic', task ?? 'binary', 42),
            defaultModelSpec('gbdt', task ?? 'binary', 42),
          ],
    backend: 'auto',
    folds: null,
    search: null,
  }),
  restore: (raw, path) => parseAt(trainConfigSchema, raw, path),
  reads: (config) => ({ tables: inputTables(config.input) }),
  output: (config) => config.output,
  fingerprint: (config) => config,
  readsBrief: true,
  readsChampion: () => false,
  runs: true,
  cacheable: () => false,
  // Its predictions are written from its stored runs.
  fromStoredState: true,
  files: () => [],
  withFile: null,
};
