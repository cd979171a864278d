import type { EvaluateConfig } from '../../notebook/evaluate-types';
import type { FeatureEncoding } from '../../notebook/feature-types';
import { defaultModelSpec } from '../../notebook/model-types';
import type { BriefConfig, FeaturesConfig, TrainConfig } from '../../notebook/types';
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

/** The question framed: a call costs 50; a churner who is called stays with a chance worth 150 net. */
const SAMPLE_BRIEF: BriefConfig = {
  objective: 'Which customers are likely to cancel in the coming month?',
  decision: 'The retention team calls the customers the model ranks highest, within its weekly capacity.',
  input: 'churn',
  target: 'Churn',
  task: 'binary',
  positive: '',
  metric: 'roc_auc',
  bar: 0.8,
  baseline: { kind: 'rule', sql: "Contract = 'Month-to-month' AND tenure < 12" },
  values: { tp: 150, fp: -50, tn: 0, fn: 0 },
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
  input: 'churn',
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

/**
 * "Telco churn": three exports from three systems, a note, SQL that joins them, the brief, the
 * features, logistic regression and boosted trees against the retention team's rule, and their
 * evaluation in business terms.
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
    { kind: 'brief', config: SAMPLE_BRIEF, reads: ['churn'] },
    { kind: 'features', config: SAMPLE_FEATURES, reads: ['churn'] },
    { kind: 'train', config: SAMPLE_TRAIN, reads: ['churn_features'] },
    { kind: 'evaluate', config: SAMPLE_EVALUATE, reads: ['predictions'] },
  ],
};
