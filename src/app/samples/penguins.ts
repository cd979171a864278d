import type { EvaluateConfig } from '../../notebook/evaluate-types';
import type { NumericEncoding } from '../../notebook/feature-types';
import { defaultModelSpec } from '../../notebook/model-types';
import { defaultConfig } from '../../notebook/ops';
import type { BriefConfig, ExplainConfig, FeaturesConfig, TrainConfig } from '../../notebook/types';
import type { SampleCase } from './types';

/*
 * "Penguin species": a multiclass case (issue 20). Palmer penguins, CC0, 344 birds of three
 * species; where the file comes from is in public/sample/penguins/ORIGIN.md and the source
 * cell's note.
 */

const NOTE = `# Penguin species

**Question.** Which species is a penguin, from its bill, flipper, mass, island and sex? A field
team tags birds without a genetic test; a wrong species skews the colony counts.

**Data.** 344 penguins of the Palmer Archipelago, three species (Adelie, Gentoo, Chinstrap): a
multiclass target. Two birds lack every measurement and 11 their sex.`;

/** Mistaking a Chinstrap (the rarest) for an Adelie costs most: the colony counts care about it. */
const BRIEF: BriefConfig = {
  objective: 'Tell the species of a tagged penguin from its measurements.',
  decision: 'The field team records the predicted species and checks the uncertain birds by hand.',
  input: 'penguins',
  target: 'species',
  task: 'multiclass',
  positive: '',
  metric: 'macro_f1',
  bar: 0.9,
  baseline: { kind: 'majority' },
  values: { tp: 0, fp: 0, tn: 0, fn: 0 },
  // Rows and columns: Adelie, Chinstrap, Gentoo (the classes sorted).
  costs: [
    [0, 1, 1],
    [3, 0, 1],
    [1, 1, 0],
  ],
  unitCost: { over: 1, under: 1 },
  timeColumn: null,
};

const measure = (column: string): NumericEncoding => ({
  encoding: 'numeric',
  column,
  impute: 'mean',
  indicator: false,
  standardise: true,
  log: false,
});

const FEATURES: FeaturesConfig = {
  input: 'penguins',
  output: 'penguin_features',
  features: [
    measure('bill_length_mm'),
    measure('bill_depth_mm'),
    measure('flipper_length_mm'),
    measure('body_mass_g'),
    { encoding: 'one-hot', column: 'island', topK: 10, other: false, missing: 'category' },
    { encoding: 'one-hot', column: 'sex', topK: 10, other: false, missing: 'category' },
  ],
  split: { kind: 'stratified', validationShare: 0.25, seed: 42 },
};

const TRAIN: TrainConfig = {
  input: 'penguin_features',
  output: 'penguin_predictions',
  models: [
    defaultModelSpec('logistic', 'multiclass', 42),
    defaultModelSpec('tree', 'multiclass', 42),
    defaultModelSpec('gbdt', 'multiclass', 42),
  ],
  backend: 'auto',
  folds: null,
  search: null,
};

const EVALUATE: EvaluateConfig = {
  input: 'penguin_predictions',
  threshold: null,
  slices: [],
  bootstrap: { resamples: 500, seed: 42 },
  model: null,
  champion: null,
};

/**
 * Why the chosen model tells the species apart: importance on macro F1 and per species, the
 * partial dependence of the most important measurement for each species, and the most confidently
 * predicted bird explained. About a second in Node (src/cells/explain/multiclass.test.ts).
 */
const EXPLAIN: ExplainConfig = { ...defaultConfig('explain', new Set()), input: 'penguin_predictions' };

const SCORE_NOTE = `**Scoring.** Once the case has run, the run the evaluation chose becomes model v1, the
champion. It then tags a batch of birds the field team measured, their species unknown to it: one
column of probability per species, the most probable species, and the species decided under the
brief's cost matrix (a Chinstrap taken for an Adelie costs most).`;

/** A small batch to score: about one bird in twenty of the sample, without its species. */
const TAGGED_SQL = `SELECT * EXCLUDE (species) FROM penguins
WHERE hash(island, bill_length_mm, flipper_length_mm) % 20 = 0`;

/** The sample's cell configs, for the pipeline tests (src/cells/penguins.test.ts, explain/multiclass.test.ts). */
export const PENGUIN_CONFIGS = {
  brief: BRIEF,
  features: FEATURES,
  train: TRAIN,
  evaluate: EVALUATE,
  explain: EXPLAIN,
} as const;

export const PENGUINS: SampleCase = {
  id: 'palmer-penguins',
  title: 'Penguin species',
  description: 'Which of three species is a penguin? 344 Palmer penguins (CC0): a multiclass case.',
  folder: 'penguins',
  steps: [
    { kind: 'markdown', config: { text: NOTE } },
    {
      kind: 'file',
      file: 'penguins.csv',
      table: 'penguins',
      format: 'csv',
      note: 'Palmer penguins (Gorman, Palmer Station LTER; palmerpenguins by Allison Horst), CC0 1.0, from the vega-datasets 3.2.1 npm package: see ORIGIN.md beside the file.',
    },
    { kind: 'brief', config: BRIEF, reads: ['penguins'] },
    { kind: 'features', config: FEATURES, reads: ['penguins'] },
    { kind: 'train', config: TRAIN, reads: ['penguin_features'] },
    { kind: 'evaluate', config: EVALUATE, reads: ['penguin_predictions'] },
    { kind: 'explain', config: EXPLAIN, reads: ['penguin_predictions'] },
    { kind: 'markdown', config: { text: SCORE_NOTE } },
    {
      kind: 'sql',
      config: { sql: TAGGED_SQL, output: 'tagged_birds', materialize: 'table' },
      reads: ['penguins'],
    },
    {
      kind: 'score',
      config: { input: 'tagged_birds', version: null, output: 'tagged_species' },
      reads: ['tagged_birds'],
    },
  ],
  champion: {
    predictions: 'penguin_predictions',
    by: 'Casebook sample',
    why: 'The run the evaluation chose: the best macro F1 on the validation rows, clearing the bar.',
  },
};
