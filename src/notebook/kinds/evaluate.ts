import { DEFAULT_BOOTSTRAP, type EvaluateConfig } from '../evaluate-types';
import { evaluateConfigSchema } from '../evaluate-validate';
import { parseAt } from '../schema';
import { inputTables, orEllipsis, type KindFacts, type NewCellContext } from './facts';

/** Judges the runs of a predictions table against the brief. */
export const evaluate: KindFacts<EvaluateConfig> = {
  title: (config) => `Evaluate ${orEllipsis(config.input)}`,
  defaults: ({ above }) => ({
    input: predictionsAbove(above),
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
  cacheable: () => false,
  files: () => [],
  withFile: null,
};

/** A new evaluate cell reads the predictions of the last train cell above it, or 'predictions'. */
function predictionsAbove(above: NewCellContext['above']): string {
  const train = above.findLast((c) => c.kind === 'train' && (c.output ?? '').trim() !== '');
  return train?.output ?? 'predictions';
}
