import type { CleanStep } from '../clean-types';
import { parseCleanStep } from '../clean-validate';
import { uniqueName } from '../names';
import { invalid, text } from '../read';
import { inputTables, orEllipsis, type KindFacts } from './facts';

export interface CleanConfig {
  /** The table cleaned. */
  readonly input: string;
  /** The table the steps produce. */
  readonly output: string;
  /** Applied in order; disabled steps are skipped. */
  readonly steps: readonly CleanStep[];
}

/** Steps that fix a table, compiled to SQL. */
export const clean: KindFacts<CleanConfig> = {
  title: (config) => `Clean ${orEllipsis(config.input)} → ${config.output}`,
  defaults: ({ taken }) => ({ input: '', output: uniqueName('clean', taken), steps: [] }),
  restore: (raw, path, warnings) => ({
    input: text(raw['input'] ?? '', `${path}.input`).trim(),
    output: text(raw['output'], `${path}.output`, true),
    steps: restoreSteps(raw['steps'] ?? [], `${path}.steps`, warnings),
  }),
  reads: (config) => ({ tables: inputTables(config.input) }),
  output: (config) => config.output,
  fingerprint: (config) => config,
  readsBrief: false,
  readsChampion: () => false,
  runs: true,
  cacheable: () => true,
  files: () => [],
  withFile: null,
};

/** The steps this version knows, each id once; the others are left out with a warning. */
function restoreSteps(raw: unknown, path: string, warnings: string[]): CleanStep[] {
  if (!Array.isArray(raw)) throw invalid(`${path} is not a list`);
  const steps: CleanStep[] = [];
  const ids = new Set<string>();
  raw.forEach((item: unknown, i) => {
    const step = parseCleanStep(item);
    if (step === null) {
      warnings.push(`${path}[${i}] is not a cleaning step this version knows; it was left out.`);
    } else if (ids.has(step.id)) {
      warnings.push(`${path}[${i}] repeats the id ${step.id}; it was left out.`);
    } else {
      ids.add(step.id);
      steps.push(step);
    }
  });
  return steps;
}
