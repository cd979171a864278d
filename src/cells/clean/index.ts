import { cleanCache } from './cache';
import { compileSteps } from '../../data/clean';
import { inputColumns } from '../shared/input';
import { rowsText } from '../shared/text';
import type { CellUnit } from '../unit';
import CleanLineage from './CleanLineage.svelte';
import CleanView from './CleanView.svelte';
import { cleanSection } from './report';
import { runClean, type CleanOutput } from './run';

export const clean: CellUnit<'clean', CleanOutput> = {
  label: 'Clean',
  description: 'Steps that fix a table (types, missing values, categories, duplicates), compiled to SQL',
  run: runClean,
  view: CleanView,
  doneText: (output) => rowsText(output.result.rowCount),
  report: {
    has: (cell) => cell.config.steps.length > 0,
    section: cleanSection,
    shownBatch: () => null,
  },
  script: async ({ config }, engine) => {
    try {
      // The compiler needs the input's columns, as the table is now.
      const { columns } = await inputColumns(engine, config.input);
      const enabled = config.steps.filter((s) => s.enabled).length;
      return {
        kind: 'query',
        table: config.output,
        sql: compileSteps(config.input, columns, config.steps).sql,
        materialize: 'table',
        label: `Clean cell: ${enabled} ${enabled === 1 ? 'step' : 'steps'} on ${config.input}`,
      };
    } catch {
      // Left out: the script lists it among the tables it cannot build yet.
      return null;
    }
  },
  lineage: (output) => ({ fitted: null, sql: output.sql }),
  lineageView: CleanLineage,
  learned: (output) => (output.learnedSteps === null ? null : { steps: output.learnedSteps }),
  cache: cleanCache,
};
