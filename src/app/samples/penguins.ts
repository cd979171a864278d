import type { EvaluateConfig } from '../../notebook/evaluate-types';
import { MONITOR_DEFAULTS } from '../../notebook/kinds/monitor';
import type { NumericEncoding } from '../../notebook/feature-types';
import { defaultModelSpec } from '../../notebook/model-types';
import { defaultConfig } from '../../notebook/ops';
import type {
  BacktestConfig,
  BriefConfig,
  ExplainConfig,
  FeaturesConfig,
  MonitorConfig,
  TrainConfig,
} from '../../notebook/types';
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
  slices: ['island'],
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

const MONTHS_NOTE = `# Fold by fold, batch by batch

The file has no date: this copy of the data does not say when a bird was measured. To show the
backtest and the monitor on three species, the SQL cell below gives each bird a **made-up tagging
month** in turn, by its place in the file (bird 1 in January 2021, bird 2 in February, … bird 7 in
January again), so that every month holds every species. The folds then tell how steady the model
is from one group of birds to the next, not how it ages.

**Backtest.** Each of the last three months is a test in turn, the features refitted and the softmax
logistic regression trained on the months before it: macro F1 and the value under the cost matrix
per fold, beside the majority class.

**Monitor.** v1, the champion, watches the months as batches, with the species as labels: the
drift of each measurement, the drift of the class mix it decides (under the cost matrix) and its
macro F1 per month. The file lists the birds mostly in male–female pairs, so the made-up months
alternate between mostly females and mostly males: the monitor flags drift in sex and body mass
while the class mix and macro F1 hold — inputs can move without the decisions moving. These are
birds it learned from, so its macro F1 flatters it: a real monitor watches birds measured later.`;

/**
 * Bird i of the file (in its order, from 0) in month i mod 6 of 2021: a made-up tagging time, as
 * src/cells/backtest/reference/backtest_multiclass.py gives it to scikit-learn.
 */
const MONTHS_SQL = `SELECT *,
  TIMESTAMP '2021-01-01' + to_months(CAST((row_number() OVER () - 1) % 6 AS INTEGER)) AS tagged_on,
  strftime(tagged_on, '%Y-%m') AS month
FROM penguins`;

/** The sample's features on the same birds with their made-up month: what each fold refits. */
const MONTH_FEATURES: FeaturesConfig = {
  ...FEATURES,
  input: 'penguins_by_month',
  output: 'penguin_month_features',
};

/** The last three months each a test, expanding: softmax logistic regression only, for speed. */
const BACKTEST: BacktestConfig = {
  input: 'penguin_month_features',
  timeColumn: 'tagged_on',
  folds: { kind: 'periods', period: 'month', folds: 3 },
  window: 'expanding',
  trainSize: null,
  gapDays: 0,
  models: [defaultModelSpec('logistic', 'multiclass', 42)],
  threshold: 0.5,
  maxTrainRows: null,
};

/** The champion on each made-up month, the species as labels. */
const MONITOR: MonitorConfig = {
  version: null,
  reference: '',
  input: 'penguins_by_month',
  batchColumn: 'month',
  label: 'species',
  ...MONITOR_DEFAULTS,
  challenger: null,
  compareBatch: '',
  disagreements: '',
};

/** The sample's cell configs, for the pipeline tests (src/cells/penguins.test.ts, explain/multiclass.test.ts, backtest/multiclass.test.ts). */
export const PENGUIN_CONFIGS = {
  brief: BRIEF,
  features: FEATURES,
  train: TRAIN,
  evaluate: EVALUATE,
  explain: EXPLAIN,
  monthsSql: MONTHS_SQL,
  monthFeatures: MONTH_FEATURES,
  backtest: BACKTEST,
  monitor: MONITOR,
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
    { kind: 'markdown', config: { text: MONTHS_NOTE } },
    {
      kind: 'sql',
      config: { sql: MONTHS_SQL, output: 'penguins_by_month', materialize: 'table' },
      reads: ['penguins'],
    },
    { kind: 'features', config: MONTH_FEATURES, reads: ['penguins_by_month'] },
    { kind: 'backtest', config: BACKTEST, reads: ['penguin_month_features'] },
    { kind: 'monitor', config: MONITOR, reads: ['penguins_by_month'] },
  ],
  champion: {
    predictions: 'penguin_predictions',
    by: 'Casebook sample',
    why: 'The run the evaluation chose: the best macro F1 on the validation rows, clearing the bar.',
  },
};
