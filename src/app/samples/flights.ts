import type { FeatureEncoding } from '../../notebook/feature-types';
import { defaultModelSpec, type GbdtSpec } from '../../notebook/model-types';
import type { EvaluateConfig } from '../../notebook/evaluate-types';
import type { MonitorConfig } from '../../notebook/kinds/monitor';
import type { BacktestConfig, BriefConfig, FeaturesConfig, TrainConfig } from '../../notebook/types';
import type { SampleCell } from './types';
import type { SampleCase, SampleFileStep } from './types';

/** The sample case "Late departures": US flights of January to June 2001 and the airports they link. */
const SOURCES: readonly SampleFileStep[] = [
  {
    kind: 'file',
    file: 'flights.parquet',
    table: 'flights',
    format: 'parquet',
    note: 'vega-datasets flights-3m, a seeded sample of 300,000 flights (Jan–Jun 2001, BTS on-time data); see ORIGIN.md.',
  },
  {
    kind: 'file',
    file: 'airports.csv',
    table: 'airports',
    format: 'csv',
    note: 'vega-datasets airports.csv: US airports with their state, to join on origin and destination.',
  },
];

const NOTE = `# Late departures

**Question.** When a flight is booked, how likely is it to arrive more than 15 minutes late? The
operations team wants to warn the passengers of the riskiest flights and plan rebookings.

**Data.** 300,000 US domestic flights from January to June 2001 (a seeded sample of vega-datasets'
flights-3m) and the airports they link. See the origin note of each source.

**Known caveat.** \`date\` is the *actual* departure time: the scheduled time plus the departure
delay. The scheduled time is not in the data and cannot be derived (\`delay\` is the arrival delay),
so the hour of day below is the hour the flight left, which leaks part of the delay: a flight due at
22:00 that left two hours late counts as a midnight flight. Read the hour's weight with that in mind.

**Proof over time.** Behaviour changes month to month, so the features cell splits by time, and the
backtest trains on every month before each test month, February to June, refitting the features on
each fold's past alone. To keep the sample quick in a browser, the modelling table keeps one flight in
ten (a fixed hash of the flight: about 30,000 rows), the boosted trees stop at 30 rounds, and the
backtest's models train on at most 10,000 of each fold's past rows (a seeded draw; the features are
fitted on all of them). Remove the \`WHERE\` in the SQL below to model every flight.`;

/** One flight in ten, chosen by a hash of the flight (stable in DuckDB-WASM and native DuckDB alike). */
const JOIN_SQL = `SELECT f.date, f.delay, f.distance, f.origin, f.destination,
       o.state AS origin_state, d.state AS destination_state,
       CAST(hour(f.date) AS VARCHAR) AS hour_of_day,
       dayname(f.date) AS weekday,
       CASE WHEN f.delay > 15 THEN 'late' ELSE 'on time' END AS arrival
FROM flights AS f
JOIN airports AS o ON o.iata = f.origin
JOIN airports AS d ON d.iata = f.destination
WHERE hash(f.date, f.origin, f.destination, f.distance) % 10 = 0
ORDER BY f.date, f.origin, f.destination`;

/** A warned passenger of a late flight is worth 30 (a rebooking kept, a complaint avoided); a needless warning costs 10. */
const SAMPLE_BRIEF: BriefConfig = {
  objective: 'When a flight is booked, how likely is it to arrive more than 15 minutes late?',
  decision: 'Passengers of flights above the threshold get a warning and a free rebooking offer.',
  input: 'departures',
  target: 'arrival',
  task: 'binary',
  positive: 'late',
  metric: 'roc_auc',
  bar: 0.65,
  baseline: { kind: 'rule', sql: "hour_of_day IN ('17', '18', '19', '20') AND weekday = 'Friday'" },
  values: { tp: 30, fp: -10, tn: 0, fn: 0 },
  unitCost: { over: 1, under: 1 },
  costs: null,
  timeColumn: 'date',
};

const oneHot = (column: string, topK: number): FeatureEncoding => ({
  encoding: 'one-hot',
  column,
  topK,
  other: true,
  missing: 'category',
});

/** Hour, weekday, distance, origin and destination (top 15), their states (top 10). */
const SAMPLE_FEATURES: FeaturesConfig = {
  input: 'departures',
  output: 'departure_features',
  features: [
    {
      encoding: 'numeric',
      column: 'distance',
      impute: 'median',
      indicator: false,
      standardise: true,
      log: true,
    },
    oneHot('origin', 15),
    oneHot('destination', 15),
    oneHot('origin_state', 10),
    oneHot('destination_state', 10),
    oneHot('hour_of_day', 24),
    oneHot('weekday', 7),
  ],
  split: { kind: 'time', column: 'date', cutoff: '2001-06-01' },
};

/** Boosted trees with fewer rounds than the default: enough for these features, quick in the browser. */
const GBDT: GbdtSpec = {
  kind: 'gbdt',
  task: 'binary',
  learningRate: 0.1,
  maxIter: 30,
  maxLeafNodes: 31,
  maxDepth: null,
  minSamplesLeaf: 20,
  l2: 0,
  earlyStopping: false,
  seed: 42,
};

const SAMPLE_TRAIN: TrainConfig = {
  input: 'departure_features',
  output: 'departure_predictions',
  models: [defaultModelSpec('logistic', 'binary', 42), GBDT],
  backend: 'auto',
  folds: null,
  search: null,
};

/** Five monthly expanding folds: train on every month before, test on February … June. */
const SAMPLE_BACKTEST: BacktestConfig = {
  input: 'departure_features',
  timeColumn: null,
  folds: { kind: 'periods', period: 'month', folds: 5 },
  window: 'expanding',
  trainSize: null,
  gapDays: 0,
  models: [defaultModelSpec('logistic', 'binary', 42), GBDT],
  threshold: 0.3,
  maxTrainRows: 10_000,
};

const WATCH_NOTE = `# Watch and renew

**v1** is trained on January–March alone (logistic regression on the same features) and becomes the
champion. The monitor watches it on April–June, month by month: drift of each input against
January–March, drift of its scores, and its ROC AUC once the arrivals are known. **v2** is retrained
on February–May; the monitor compares it with v1 on June, which neither trained on.`;

/** One model version's chain: the window's rows, the same features, logistic regression, its evaluation. */
function versionCells(name: string, where: string, cutoff: string): SampleCell[] {
  const features: FeaturesConfig = {
    ...SAMPLE_FEATURES,
    input: `departures_${name}`,
    output: `features_${name}`,
    split: { kind: 'time', column: 'date', cutoff },
  };
  const train: TrainConfig = {
    ...SAMPLE_TRAIN,
    input: `features_${name}`,
    output: `predictions_${name}`,
    models: [defaultModelSpec('logistic', 'binary', 42)],
  };
  const evaluate: EvaluateConfig = {
    input: `predictions_${name}`,
    threshold: null,
    slices: [],
    bootstrap: { resamples: 200, seed: 42 },
    model: null,
    champion: null,
  };
  return [
    {
      kind: 'sql',
      config: {
        sql: `SELECT * FROM departures WHERE ${where}`,
        output: `departures_${name}`,
        materialize: 'table',
      },
      reads: ['departures'],
    },
    { kind: 'features', config: features, reads: [`departures_${name}`] },
    { kind: 'train', config: train, reads: [`features_${name}`] },
    { kind: 'evaluate', config: evaluate, reads: [`predictions_${name}`] },
  ];
}

/** v1 (the champion) on April, May and June by month, with the arrivals as labels; v2 compared on June. */
const SAMPLE_MONITOR: MonitorConfig = {
  version: 1,
  reference: 'departures_jan_mar',
  input: 'departures_apr_jun',
  batchColumn: 'month',
  label: 'arrival',
  moderate: 0.1,
  major: 0.25,
  bins: 10,
  challenger: 2,
  compareBatch: '2001-06',
  disagreements: 'v2_v1_disagreements',
};

/**
 * "Late departures": a note, the flights and airports, SQL that joins them for the states, the brief
 * (late arrival, time column `date`), time-split features, logistic regression and boosted trees, and
 * a monthly backtest; then v1 on January–March, monitored on April–June, and v2 retrained on
 * February–May and compared with v1 on June.
 */
export const FLIGHTS: SampleCase = {
  id: 'late-departures',
  title: 'Late departures',
  description:
    'Will a flight arrive more than 15 minutes late? 300,000 US flights, Jan–Jun 2001 (vega-datasets).',
  folder: 'flights',
  steps: [
    { kind: 'markdown', config: { text: NOTE } },
    ...SOURCES,
    {
      kind: 'sql',
      config: { sql: JOIN_SQL, output: 'departures', materialize: 'table' },
      reads: ['flights', 'airports'],
    },
    { kind: 'brief', config: SAMPLE_BRIEF, reads: ['departures'] },
    { kind: 'features', config: SAMPLE_FEATURES, reads: ['departures'] },
    { kind: 'train', config: SAMPLE_TRAIN, reads: ['departure_features'] },
    { kind: 'backtest', config: SAMPLE_BACKTEST, reads: ['departure_features'] },
    { kind: 'markdown', config: { text: WATCH_NOTE } },
    ...versionCells('jan_mar', "date < TIMESTAMP '2001-04-01'", '2001-03-16'),
    ...versionCells(
      'feb_may',
      "date >= TIMESTAMP '2001-02-01' AND date < TIMESTAMP '2001-06-01'",
      '2001-05-16',
    ),
    {
      kind: 'sql',
      config: {
        sql: "SELECT *, strftime(date, '%Y-%m') AS month FROM departures WHERE date >= TIMESTAMP '2001-04-01'",
        output: 'departures_apr_jun',
        materialize: 'table',
      },
      reads: ['departures'],
    },
    {
      kind: 'monitor',
      config: SAMPLE_MONITOR,
      reads: ['departures_apr_jun', 'departures_jan_mar'],
    },
  ],
  champion: {
    predictions: 'predictions_jan_mar',
    by: 'Casebook sample',
    why: 'v1: trained on January–March, the run its evaluation chose.',
  },
  challengers: [
    {
      predictions: 'predictions_feb_may',
      by: 'Casebook sample',
      why: 'v2: retrained on February–May after the monitor found drift; a candidate until compared with v1 on June.',
    },
  ],
};
