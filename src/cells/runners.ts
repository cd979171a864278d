import type { CellKind } from '../notebook/types';
import { runBrief } from './brief/run';
import { runChart } from './chart/run';
import { runClean } from './clean/run';
import { runEvaluate } from './evaluate/run';
import { runFeatures } from './features/run';
import { runTrain } from './train/run';
import { runMarkdown } from './markdown/run';
import { runProfile } from './profile/run';
import { runSource } from './source/run';
import { runSql } from './sql/run';
import type { CellRunner } from './types';

/** How each kind of cell runs. Adding a kind to `CellConfigs` fails compilation here until it is handled. */
export const runners: { readonly [K in CellKind]: CellRunner<K> } = {
  markdown: runMarkdown,
  source: runSource,
  sql: runSql,
  profile: runProfile,
  clean: runClean,
  chart: runChart,
  brief: runBrief,
  features: runFeatures,
  train: runTrain,
  evaluate: runEvaluate,
};
