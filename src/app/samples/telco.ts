import type { EvaluateConfig } from '../../notebook/evaluate-types';
import { DEFAULT_AB_ANALYSIS } from '../../notebook/kinds/abtest';
import type { FeatureEncoding } from '../../notebook/feature-types';
import { defaultModelSpec } from '../../notebook/model-types';
import type {
  AbtestConfig,
  BriefConfig,
  ChartConfig,
  CleanConfig,
  ExplainConfig,
  FeaturesConfig,
  ProfileConfig,
  TrainConfig,
} from '../../notebook/types';
import { DEFAULT_SAMPLE_ROWS } from '../../notebook/kinds/profile';
import type { SampleCase, SampleFileStep } from './types';

/** The sample case "Telco churn": three exports from three systems, a brief, and SQL that joins them. */
const SOURCES: readonly SampleFileStep[] = [
  {
    kind: 'file',
    file: 'customers.csv',
    table: 'customers',
    format: 'csv',
    note: 'CRM export: one row per customer, contract and payment details, churn flag (IBM Telco sample).',
  },
  {
    kind: 'file',
    file: 'services.csv',
    table: 'services',
    format: 'csv',
    note: 'Service catalogue export: the services each customer subscribes to (rows shuffled).',
  },
  {
    kind: 'file',
    file: 'billing.parquet',
    table: 'billing',
    format: 'parquet',
    note: 'Billing system, Parquet: monthly and total charges; total_charges is text, blank for new customers.',
  },
];

const BRIEF = `# Telco churn

**Question.** Which customers are likely to cancel in the coming month, so that the retention team can call
them first?

**Data.** Three exports, one per system: the CRM (customers), the service catalogue (services) and
billing. They are joined on the customer id below.

**Known quirks.** \`total_charges\` is text, blank for the 11 customers with zero tenure; several service
columns hold placeholders such as "No internet service"; 26.5% of customers churned.`;

const JOIN_SQL = `SELECT c.*, s.* EXCLUDE (customerID), b.* EXCLUDE (customer_id)
FROM customers AS c
JOIN services AS s USING (customerID)
JOIN billing AS b ON b.customer_id = c.customerID`;

const RATE_SQL = `SELECT Contract,
       count(*) AS customers,
       round(avg(CASE WHEN Churn = 'Yes' THEN 1 ELSE 0 END), 3) AS churn_rate
FROM churn
GROUP BY Contract
ORDER BY churn_rate DESC`;

/** The joined table profiled against the target: it finds the blank total_charges and the placeholder levels. */
const SAMPLE_PROFILE: ProfileConfig = { input: 'churn', target: 'Churn', sampleRows: DEFAULT_SAMPLE_ROWS };

/** Churn rate by tenure (quantile bins), one panel per contract: the two levers the rule uses. */
const SAMPLE_CHART: ChartConfig = {
  input: 'churn',
  spec: { kind: 'target-rate', segment: 'tenure', target: 'Churn', bins: 6, facet: 'Contract' },
};

const CLEAN_NOTE = `**Cleaning.** \`total_charges\` is text, blank for the 11 customers with zero tenure: they have not
been billed yet, so the blank means 0, not the median (1,397.48), which they were never billed. The
placeholder levels ("No internet service", "No phone service") are kept as levels of their own: they
say the same as \`InternetService = 'No'\`, the one-hot encoding handles them, and merging them would
have to be repeated on every batch the model scores.`;

/** The blank total_charges: NULL, a number, then 0 for the 11 customers not billed yet (tenure 0). */
const SAMPLE_CLEAN: CleanConfig = {
  input: 'churn',
  output: 'churn_clean',
  steps: [
    { id: 'blank-charges', enabled: true, recipe: 'placeholder-null', column: 'total_charges', tokens: [''] },
    { id: 'charges-number', enabled: true, recipe: 'cast', column: 'total_charges', to: 'DOUBLE' },
    {
      id: 'unbilled-zero',
      enabled: true,
      recipe: 'impute',
      column: 'total_charges',
      method: 'constant',
      value: 0,
    },
  ],
};

/** The question framed: a call costs 50; a churner who is called stays with a chance worth 150 net. */
const SAMPLE_BRIEF: BriefConfig = {
  objective: 'Which customers are likely to cancel in the coming month?',
  decision: 'The retention team calls the customers the model ranks highest, within its weekly capacity.',
  input: 'churn_clean',
  target: 'Churn',
  task: 'binary',
  positive: '',
  metric: 'roc_auc',
  bar: 0.8,
  baseline: { kind: 'rule', sql: "Contract = 'Month-to-month' AND tenure < 12" },
  values: { tp: 150, fp: -50, tn: 0, fn: 0 },
  costs: null,
  unitCost: { over: 1, under: 1 },
  timeColumn: null,
};

const CATEGORIES = [
  'gender',
  'Partner',
  'Dependents',
  'Contract',
  'PaperlessBilling',
  'PaymentMethod',
  'PhoneService',
  'MultipleLines',
  'InternetService',
  'OnlineSecurity',
  'OnlineBackup',
  'DeviceProtection',
  'TechSupport',
  'StreamingTV',
  'StreamingMovies',
];

/**
 * The features: the customer's contract, services and charges, one-hot and standardised, learned on a
 * stratified 80% of the rows. `customerID` (a key) and `total_charges` (text, ≈ tenure × monthly) are left out.
 */
const SAMPLE_FEATURES: FeaturesConfig = {
  input: 'churn_clean',
  output: 'churn_features',
  features: [
    { encoding: 'numeric', column: 'SeniorCitizen', impute: null, standardise: false },
    {
      encoding: 'numeric',
      column: 'tenure',
      impute: 'mean',
      indicator: false,
      standardise: true,
      log: false,
    },
    {
      encoding: 'numeric',
      column: 'monthly_charges',
      impute: 'mean',
      indicator: false,
      standardise: true,
      log: false,
    },
    ...CATEGORIES.map((column): FeatureEncoding => ({
      encoding: 'one-hot',
      column,
      topK: 10,
      other: true,
      missing: 'category',
    })),
  ],
  split: { kind: 'stratified', validationShare: 0.2, seed: 42 },
};

/** Logistic regression and boosted trees against the majority class and the retention team's rule. */
const SAMPLE_TRAIN: TrainConfig = {
  input: 'churn_features',
  output: 'predictions',
  models: [defaultModelSpec('logistic', 'binary', 42), defaultModelSpec('gbdt', 'binary', 42)],
  backend: 'auto',
  folds: null,
  search: null,
};

/** The runs judged on the brief's value of a call (150 for a saved churner, −50 a call), sliced by contract. */
const SAMPLE_EVALUATE: EvaluateConfig = {
  input: 'predictions',
  threshold: null,
  slices: ['Contract'],
  bootstrap: { resamples: 1000, seed: 42 },
  model: null,
  champion: null,
};

const AB_NOTE = `# Prove it: an A/B test of the retention call

The evaluation says the model ranks churners well; only a test says whether *calling* them keeps them.
The flagged customers are split at random: the retention team calls the treatment arm, not the control.

**The design** below plans the test on the brief's target: churn is 26.5% across all customers, and the
call should cut it by 5 points. (The customers the model flags churn more often; type their rate in
the design once the flags are known.)

**The results table \`retention_ab\` is simulated**, not real data: 2,000 flagged customers, generated
with a known effect (retention 55% without a call, 63% with one: +8 points), so that the analysis can be
seen to find it. Its origin note says how it was made. The analysis plans on retention (55%, +8 points)
and values the outcomes with the brief's values: a retained customer is worth tp − fp, a call costs −fp.`;

/** The test of the retention call, planned on the brief's churn rate: 5 points fewer churners. */
const AB_DESIGN: AbtestConfig = {
  input: '',
  design: {
    baseline: { kind: 'brief' },
    mde: { kind: 'absolute', value: -0.05 },
    power: 0.8,
    alpha: 0.05,
    alternative: 'two-sided',
    treatmentShare: 0.5,
    dailyTraffic: 40,
  },
  analysis: DEFAULT_AB_ANALYSIS,
};

/** The simulated results: retention of flagged customers, called or not, with six months' revenue. */
const AB_ANALYSIS: AbtestConfig = {
  input: 'retention_ab',
  design: {
    baseline: { kind: 'typed', rate: 0.55 },
    mde: { kind: 'absolute', value: 0.08 },
    power: 0.8,
    alpha: 0.05,
    alternative: 'two-sided',
    treatmentShare: 0.5,
    dailyTraffic: null,
  },
  analysis: {
    arm: 'arm',
    converted: 'retained',
    value: 'value',
    control: 'control',
    values: { kind: 'brief' },
    bootstrap: null,
  },
};

/** A new batch of customers to score with the champion; one problem planted (see its ORIGIN note). */
const NEW_CUSTOMERS: SampleFileStep = {
  kind: 'file',
  file: 'new_customers.csv',
  table: 'new_customers',
  format: 'csv',
  note: 'A new batch of 282 customers to score, made from the sample’s own rows; one payment method is new (see new_customers.ORIGIN.md).',
};

/**
 * Why the chosen model (the run best on ROC AUC) flags customers: importance by source column, the
 * partial dependence of the most important one, tenure against the contract, and the
 * highest-scored customer explained.
 */
const SAMPLE_EXPLAIN: ExplainConfig = {
  input: 'predictions',
  run: null,
  repeats: 5,
  seed: 42,
  grouped: true,
  pdp: [],
  centred: false,
  pair: ['tenure', 'Contract'],
  rows: [],
};

/**
 * "Telco churn": three exports from three systems, a note, SQL that joins them, the brief, the
 * features, logistic regression and boosted trees against the retention team's rule, and their
 * evaluation in business terms and an explanation of the chosen model; then the design of an A/B
 * test of the retention call, the analysis of a simulated results table, and a new batch of
 * customers scored by the champion (v1).
 */
export const TELCO: SampleCase = {
  id: 'telco-churn',
  title: 'Telco churn',
  description: 'Which customers will cancel next month? 7,043 customers from three systems (IBM sample).',
  folder: 'telco',
  steps: [
    { kind: 'markdown', config: { text: BRIEF } },
    ...SOURCES,
    {
      kind: 'sql',
      config: { sql: JOIN_SQL, output: 'churn', materialize: 'table' },
      reads: ['customers', 'services', 'billing'],
    },
    {
      kind: 'sql',
      config: { sql: RATE_SQL, output: 'churn_by_contract', materialize: 'table' },
      reads: ['churn'],
    },
    { kind: 'profile', config: SAMPLE_PROFILE, reads: ['churn'] },
    { kind: 'chart', config: SAMPLE_CHART, reads: ['churn'] },
    { kind: 'markdown', config: { text: CLEAN_NOTE } },
    { kind: 'clean', config: SAMPLE_CLEAN, reads: ['churn'] },
    { kind: 'brief', config: SAMPLE_BRIEF, reads: ['churn_clean'] },
    { kind: 'features', config: SAMPLE_FEATURES, reads: ['churn_clean'] },
    { kind: 'train', config: SAMPLE_TRAIN, reads: ['churn_features'] },
    { kind: 'evaluate', config: SAMPLE_EVALUATE, reads: ['predictions'] },
    { kind: 'explain', config: SAMPLE_EXPLAIN, reads: ['predictions'] },
    { kind: 'markdown', config: { text: AB_NOTE } },
    {
      kind: 'file',
      file: 'retention_ab.csv',
      table: 'retention_ab',
      format: 'csv',
      note: 'SIMULATED results of an A/B test of the retention call, generated with a known +8 point effect (see retention_ab.ORIGIN.md); not IBM data.',
    },
    { kind: 'abtest', config: AB_DESIGN },
    { kind: 'abtest', config: AB_ANALYSIS, reads: ['retention_ab'] },
    NEW_CUSTOMERS,
    {
      kind: 'score',
      config: { input: 'new_customers', version: null, output: 'new_customer_scores' },
      reads: ['new_customers'],
    },
    {
      kind: 'monitor',
      // The new batch against the customers the champion learned from: no labels yet.
      config: {
        version: null,
        reference: 'churn',
        input: 'new_customers',
        batchColumn: '',
        label: '',
        moderate: 0.1,
        major: 0.25,
        bins: 10,
        challenger: null,
        compareBatch: '',
        disagreements: 'disagreements',
      },
      reads: ['new_customers', 'churn'],
    },
  ],
  champion: {
    predictions: 'predictions',
    by: 'Casebook sample',
    why: 'The run the evaluation chose: the best on the validation rows, at the threshold worth most.',
  },
};
