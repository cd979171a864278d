import { sha256OfBlob } from '../data/file-hash';
import { newCaseId, newCellId } from '../notebook/ids';
import { addCell, createCase, newCell, outputsOf, updateConfig } from '../notebook/ops';
import type { EvaluateConfig } from '../notebook/evaluate-types';
import type { FeatureEncoding } from '../notebook/feature-types';
import { defaultModelSpec } from '../notebook/model-types';
import type { BriefConfig, Case, FeaturesConfig, SourceFormat, TrainConfig } from '../notebook/types';

/** The sample case "Telco churn": three exports from three systems, a brief, and SQL that joins them. */
const SAMPLE_SOURCES: readonly { file: string; table: string; format: SourceFormat; note: string }[] = [
  {
    file: 'customers.csv',
    table: 'customers',
    format: 'csv',
    note: 'CRM export: one row per customer, contract and payment details, churn flag (IBM Telco sample).',
  },
  {
    file: 'services.csv',
    table: 'services',
    format: 'csv',
    note: 'Service catalogue export: the services each customer subscribes to (rows shuffled).',
  },
  {
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

export interface SampleFile {
  readonly sha256: string;
  readonly blob: Blob;
}

/**
 * Builds the sample case from the files shipped in `public/sample/telco`. `store` keeps each
 * file's bytes (before the case refers to them).
 */
export async function buildSampleCase(
  fetchFile: (path: string) => Promise<Blob>,
  store: (file: SampleFile) => Promise<void>,
  now: string,
): Promise<Case> {
  let doc = createCase(newCaseId(), 'Telco churn', now);
  const brief = newCell('markdown', newCellId(), outputsOf(doc));
  doc = addCell(doc, { ...brief, config: { text: BRIEF } }, doc.cells.length, now);
  for (const source of SAMPLE_SOURCES) {
    const blob = await fetchFile(`sample/telco/${source.file}`);
    const sha256 = await sha256OfBlob(blob);
    await store({ sha256, blob });
    const cell = newCell('source', newCellId(), outputsOf(doc));
    doc = addCell(doc, cell, doc.cells.length, now);
    doc = updateConfig(
      doc,
      cell.id,
      'source',
      {
        output: source.table,
        note: source.note,
        file: { sha256, name: source.file, sizeBytes: blob.size, format: source.format, importedAt: now },
      },
      now,
    );
  }
  doc = addSql(doc, 'churn', JOIN_SQL, ['customers', 'services', 'billing'], now);
  doc = addSql(doc, 'churn_by_contract', RATE_SQL, ['churn'], now);
  const framed = newCell('brief', newCellId(), outputsOf(doc));
  doc = addCell(doc, { ...framed, reads: ['churn'], config: SAMPLE_BRIEF }, doc.cells.length, now);
  const features = newCell('features', newCellId(), outputsOf(doc));
  doc = addCell(doc, { ...features, reads: ['churn'], config: SAMPLE_FEATURES }, doc.cells.length, now);
  const train = newCell('train', newCellId(), outputsOf(doc));
  doc = addCell(doc, { ...train, reads: ['churn_features'], config: SAMPLE_TRAIN }, doc.cells.length, now);
  const evaluate = newCell('evaluate', newCellId(), outputsOf(doc));
  doc = addCell(doc, { ...evaluate, reads: ['predictions'], config: SAMPLE_EVALUATE }, doc.cells.length, now);
  return doc;
}

function addSql(doc: Case, output: string, sql: string, reads: readonly string[], now: string): Case {
  const cell = newCell('sql', newCellId(), outputsOf(doc));
  return addCell(
    doc,
    { ...cell, reads, config: { sql, output, materialize: 'table' } },
    doc.cells.length,
    now,
  );
}
