import { DEFAULT_BOOTSTRAP, type EvaluateConfig } from '../evaluate-types';
import { evaluateConfigSchema } from '../evaluate-validate';
import { parseAt } from '../schema';
import { inputTables, orEllipsis, outputAbove, type KindFacts } from './facts';

/** Judges the runs of a predictions table against the brief. */
export const evaluate: KindFacts<EvaluateConfig> = {
  title: (config) => `Evaluate ${orEllipsis(config.input)}`,
  defaults: ({ above }) => ({
    // The predictions of the last train cell above it.
    input: outputAbove(above, 'train', 'predictions'),
    threshold: null,
    slices: [],
    bootstrap: { ...DEFAULT_BOOTSTRAP },
    model: null,
    champion: null,
  }),
  restore: (raw, path) => parseAt(evaluateConfigSchema, raw, path),
  reads: (config) => ({ tables: inputTables(config.input) }),
  output: () => null,
  fingerprint: (config) => config,
  readsBrief: true,
  readsChampion: () => false,
  runs: true,
  // Its output is kept without a table, with a digest of the predictions it judged
  // (src/cells/evaluate/cache.ts): they come from stored runs, which the fingerprint does not name.
  cacheable: () => true,
  files: () => [],
  withFile: null,
};
