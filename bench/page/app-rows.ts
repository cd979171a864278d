/*
 * The bench page's app rows (bench/backtest.mjs, bench/score-app.mjs): the backtest cell's and
 * the score cell's own runners, in Chromium, on the app's DuckDB-WASM engine, its training worker
 * and (the backtest's runs) its IndexedDB storage, as the runtime gives them to a cell. Only the
 * runtime itself is left out: the cells are handed their context here instead of by a notebook.
 * Loaded by main.ts on demand, so that the training rows' page never starts DuckDB.
 */
import { FLIGHTS } from '../../src/app/samples/flights';
import { runBacktest } from '../../src/cells/backtest/run';
import { timingSummary, type TimingSummary } from '../../src/cells/backtest/timing';
import type { FoldTiming } from '../../src/cells/backtest/result';
import { runScore } from '../../src/cells/score/run';
import type { ScoreProgress } from '../../src/cells/score/result';
import type { ModelsPort, RunContext, RunsPort, TrainingPort } from '../../src/cells/types';
import { DuckDbWasmEngine } from '../../src/data/duckdb-wasm';
import type { SqlEngine } from '../../src/data/engine';
import { importSource } from '../../src/data/import';
import { readParquetBrowser } from '../../src/data/parquet';
import { readBundle } from '../../src/notebook/bundle/read';
import { asCaseId, asCellId } from '../../src/notebook/ids';
import type {
  BacktestConfig,
  BriefConfig,
  CellConfigs,
  CellKind,
  CellOf,
  FeaturesConfig,
} from '../../src/notebook/types';
import type { SourceFormat } from '../../src/notebook/source-types';
import { openCasebook } from '../../src/storage/open';
import { RunStore } from '../../src/storage/runs';
import { TrainingClient } from '../../src/training/client';

const CASE = asCaseId('bench-case');

function notHere(what: string): never {
  throw new Error(`the bench page does not ${what}`);
}

/** What a runner may use that these two never call. */
const UNUSED = {
  loadBlob: () => notHere('load stored files'),
  importSource: () => notHere('import sources'),
};

const NO_TRAINING: TrainingPort = {
  backends: () => notHere('train'),
  load: () => notHere('train'),
  train: () => notHere('train'),
  cancel: () => undefined,
  release: () => undefined,
};

function cellOf<K extends CellKind>(kind: K, config: CellConfigs[K], reads: readonly string[]): CellOf<K> {
  return { id: asCellId(`bench-${kind}`), kind, config, reads };
}

/** The flights sample's brief, its backtest and the Features cell the backtest reads. */
function sampleCells(): { brief: BriefConfig; features: FeaturesConfig; backtest: BacktestConfig } {
  let brief: BriefConfig | null = null;
  let backtest: BacktestConfig | null = null;
  const features: FeaturesConfig[] = [];
  for (const step of FLIGHTS.steps) {
    if (step.kind === 'brief') brief = step.config;
    else if (step.kind === 'backtest') backtest = step.config;
    else if (step.kind === 'features') features.push(step.config);
  }
  const read = features.find((f) => f.output === backtest?.input);
  if (brief === null || backtest === null || read === undefined)
    throw new Error('the flights sample no longer has a brief, a backtest and the features it reads');
  return { brief, features: read, backtest };
}

async function fetched(path: string): Promise<Blob> {
  const r = await fetch(path);
  if (!r.ok) throw new Error(`${path}: HTTP ${r.status}`);
  return r.blob();
}

/** A file of the site made a table as a Source cell imports it (Parquet through parquet-wasm). */
async function imported(engine: SqlEngine, table: string, fileName: string, format: SourceFormat) {
  const blob = await fetched(`./${fileName}`);
  const csv = { delimiter: 'auto', header: true, skipBadRows: false } as const;
  return importSource({ engine, readParquet: readParquetBrowser }, { table, fileName, blob, format, csv });
}

const timed = async <T>(work: () => Promise<T>): Promise<[T, number]> => {
  const started = performance.now();
  const out = await work();
  return [out, performance.now() - started];
};

/** The runs port over the app's storage (a database of the bench's own), as the runtime makes it. */
async function storedRuns(lineage: ReturnType<RunsPort['lineage']>): Promise<RunsPort> {
  const opened = await openCasebook({ name: `casebook-bench-${crypto.randomUUID()}` });
  if (!opened.ok) throw opened.error;
  const store = new RunStore(opened.db);
  return {
    caseId: CASE,
    appVersion: 'bench',
    resume: false,
    lineage: () => lineage,
    pickedRun: () => null,
    find: (key) => store.findBatch(CASE, asCellId('bench-backtest'), key),
    save: (bundle, options) => store.saveBatch(bundle, options),
    findInterrupted: () => Promise.resolve(null),
    journal: () => notHere('journal training'),
    findRun: () => Promise.resolve(null),
    findExplanation: () => Promise.resolve(null),
    saveExplanation: () => Promise.resolve(),
    saveEvaluation: (record) => Promise.resolve(record),
  };
}

const NO_MODELS: ModelsPort = {
  versions: () => Promise.resolve([]),
  bundle: () => notHere('read model versions'),
};

export interface BacktestOptions {
  /** Keep one flight in `everyNth` (1: all 300,000), by the sample's own hash of the flight. */
  readonly everyNth: number;
  /** The boosted trees' rounds (the sample's: 30). */
  readonly maxIter: number;
}

export interface BacktestBench {
  readonly rows: number;
  readonly features: number;
  readonly models: readonly string[];
  /** Each fold's label, rows trained and tested, and its timing. */
  readonly folds: readonly { label: string; train: number; test: number; timing: FoldTiming }[];
  /** Each model's fit per fold, ms, by label. */
  readonly fits: Readonly<Record<string, readonly (number | null)[]>>;
  readonly summary: TimingSummary;
  /** Loading the flights and airports and joining them: not part of the backtest. */
  readonly setupMs: number;
  /** Around the runner's call, as the page saw it. */
  readonly wallMs: number;
  readonly metric: Readonly<Record<string, number | null>>;
}

/**
 * The flights sample's backtest (monthly expanding folds, logistic regression and boosted trees)
 * on its Features cell's input, with no cap on the rows its models train on.
 */
export async function backtest(options: BacktestOptions): Promise<BacktestBench> {
  const engine = await DuckDbWasmEngine.create();
  const training = new TrainingClient();
  try {
    const [rows, setupMs] = await timed(async () => {
      await imported(engine, 'flights', 'flights.parquet', 'parquet');
      await imported(engine, 'airports', 'airports.csv', 'csv');
      const join = FLIGHTS.steps.find((s) => s.kind === 'sql' && s.config.output === 'departures');
      if (join?.kind !== 'sql') throw new Error('the flights sample has no departures SQL');
      const sql = join.config.sql.replace('% 10 = 0', `% ${options.everyNth} = 0`);
      if (sql === join.config.sql && options.everyNth !== 10) throw new Error('the sample SQL changed');
      await engine.exec(`CREATE TABLE departures AS ${sql}`);
      const n = await engine.query('SELECT count(*)::INTEGER AS n FROM departures');
      return Number(n.getChild('n')?.get(0) ?? 0);
    });
    const { brief, features, backtest: sample } = sampleCells();
    const config: BacktestConfig = {
      ...sample,
      maxTrainRows: null,
      models: sample.models.map((m) => (m.kind === 'gbdt' ? { ...m, maxIter: options.maxIter } : m)),
    };
    const featuresCell = cellOf('features', features, [features.input]);
    const runs = await storedRuns({
      links: [{ cell: featuresCell, fingerprint: 'bench', upstream: [], fitted: null, sql: null }],
    });
    const ctx: RunContext<never> = {
      ...UNUSED,
      engine,
      signal: new AbortController().signal,
      brief,
      training,
      runs,
      models: NO_MODELS,
      report: () => undefined,
    };
    const [output, wallMs] = await timed(() => runBacktest(ctx, cellOf('backtest', config, [config.input])));
    const labels = output.folds[0]?.runs.map((r) => r.label) ?? [];
    const width = await engine.query(`SELECT * FROM departures LIMIT 0`);
    return {
      rows,
      features: width.numCols,
      models: labels,
      folds: output.folds.map((f) => ({
        label: f.label,
        train: f.trainedRows,
        test: f.test.rows,
        timing: f.timing,
      })),
      fits: Object.fromEntries(
        labels.map((label) => [
          label,
          output.folds.map((f) => f.runs.find((r) => r.label === label)?.fitMs ?? null),
        ]),
      ),
      summary: timingSummary(output),
      setupMs,
      wallMs,
      metric: Object.fromEntries(output.summaries.map((s) => [s.label, s.mean])),
    };
  } finally {
    training.dispose();
    await engine.terminate();
  }
}

export interface ScoreBench {
  readonly rows: number;
  /** The Parquet file imported as a Source cell imports it (parquet-wasm, then DuckDB); not scoring. */
  readonly importMs: number;
  /** The score cell's run: the schema check, the feature SQL, the chunks scored, the table written. */
  readonly scoreMs: number;
  /** When each stage began, ms after the run started. */
  readonly stages: Readonly<Record<ScoreProgress['stage'], number>>;
  readonly acted: number | null;
}

/** The score cell on `./score.parquet` with the bundle `./score.casebook-model.json` as the case's champion. */
export async function score(): Promise<ScoreBench> {
  const engine = await DuckDbWasmEngine.create();
  try {
    const bundle = await readBundle(await (await fetched('./score.casebook-model.json')).text());
    const [, importMs] = await timed(() => imported(engine, 'batch', 'score.parquet', 'parquet'));
    const version = {
      id: 'bench-version',
      caseId: CASE,
      version: 1,
      createdAt: '',
      source: 'imported' as const,
      runId: null,
      name: bundle.model.name,
      kind: bundle.model.kind,
      task: bundle.decision.task,
      bundleSha256: bundle.sha256,
      importedFrom: null,
    };
    const since = {
      id: 'bench-stage',
      caseId: CASE,
      versionId: version.id,
      seq: 1,
      stage: 'champion' as const,
      at: '',
      by: 'bench',
      why: 'bench',
      evaluation: null,
    };
    const stages: Partial<Record<ScoreProgress['stage'], number>> = {};
    let started = performance.now();
    const ctx: RunContext<ScoreProgress> = {
      ...UNUSED,
      engine,
      signal: new AbortController().signal,
      brief: null,
      training: NO_TRAINING,
      runs: await storedRuns({ links: [] }),
      models: {
        versions: () => Promise.resolve([{ version, stage: 'champion', since }]),
        bundle: () => Promise.resolve(bundle),
      },
      report: (p) => {
        stages[p.stage] ??= performance.now() - started;
      },
    };
    started = performance.now();
    const out = await runScore(
      ctx,
      cellOf('score', { input: 'batch', version: null, output: 'scores' }, ['batch']),
    );
    const scoreMs = performance.now() - started;
    return {
      rows: out.rows,
      importMs,
      scoreMs,
      stages: {
        checking: stages.checking ?? NaN,
        preparing: stages.preparing ?? NaN,
        scoring: stages.scoring ?? NaN,
        writing: stages.writing ?? NaN,
      },
      acted: out.acted,
    };
  } finally {
    await engine.terminate();
  }
}
