import { sha256 } from 'hash-wasm';
import { quoteIdent } from '../../data/sql';
import { AppError, throwIf } from '../../lib/errors';
import { MlError } from '../../ml/metrics';
import { backtestFolds, type BacktestFold } from '../../ml/splits';
import type { FeatureSpec } from '../../notebook/feature-types';
import { canonicalJson } from '../../notebook/hash';
import type { RunBatchBundle, RunFraming, RunLineage } from '../../notebook/runs';
import type { BacktestConfig, BriefConfig, FeaturesConfig } from '../../notebook/types';
import { framing } from '../shared/brief';
import { featureSpecOf, featuresInput, ruleSql } from '../shared/features-table';
import { inputColumns } from '../shared/input';
import type { CellRunner, RunContext } from '../types';
import { timedRows } from './data';
import { foldData, type FoldInput } from './fold';
import { capRows, foldModels, judge as scoreRun, runFold, type FoldModel, type Judge } from './models';
import { backtestSpecOf, checkPlan, foldPositions, timeColumnOf } from './plan';
import type { BacktestOutput, BacktestProgress, FoldResult } from './result';
import { foldBundle, foldFingerprint, foldKey, restoredFold, saveFolds } from './stored';
import { summarise } from './summary';

/*
 * The backtest cell's runner: reads the Features cell's input once in time order, plans the folds
 * from its times, then per fold fits the features on that fold's training rows only, trains the
 * baseline and the models in the worker, scores the test rows (the brief's rule too), and stores
 * each fold as a batch of runs. Cancelling stops it between runs; nothing half-done is kept.
 */

/** The Features cell that made `table`, found in the cells this cell reads from. */
export function featuresCellOf(lineage: RunLineage, table: string): FeaturesConfig {
  for (const link of lineage.links) {
    if (link.cell.kind === 'features' && link.cell.config.output === table) return link.cell.config;
  }
  throw new AppError(
    table.trim() === '' ? 'missing-input' : 'bad-input',
    table.trim() === ''
      ? 'Choose the table a Features cell made: each fold refits its features.'
      : `"${table}" is not a table a Features cell above makes. Choose the output of a Features cell: each fold refits its features.`,
  );
}

/** Errors of the pure planning (src/ml), as people read them at the cell. */
function planned<T>(make: () => T): T {
  try {
    return make();
  } catch (e: unknown) {
    if (e instanceof MlError) throw new AppError('bad-input', e.message, { cause: e });
    throw e;
  }
}

const iso = (ms: number): string => new Date(ms).toISOString();

interface Setup {
  readonly ctx: RunContext<BacktestProgress>;
  readonly config: BacktestConfig;
  readonly brief: BriefConfig;
  readonly input: FoldInput;
  readonly framing: RunFraming;
}

/** The runs of a fold in the order they train and are stored: the baseline, the rule, the models. */
function plannedRuns(models: readonly FoldModel[], rule: boolean) {
  const rows = models.map(({ key, label, role }) => ({ key, label, role }));
  return rule
    ? [
        ...rows.slice(0, 1),
        { key: 'rule', label: "The brief's rule", role: 'rule' as const },
        ...rows.slice(1),
      ]
    : rows;
}

async function oneFold(s: Setup, fold: BacktestFold, total: number, judge: Judge) {
  const { ctx, config } = s;
  const report = (step: string) => ctx.report({ kind: 'backtest', fold: fold.index + 1, folds: total, step });
  report('fitting the features on its training rows');
  const started = performance.now();
  const data = await foldData(s.input, fold.label, foldPositions(fold));
  const featuresMs = performance.now() - started;
  const fingerprint = await foldFingerprint(data);
  const key = await foldKey(ctx.runs, config, s.framing, fold.index, fingerprint);
  const models = foldModels(config.models, s.brief.task);
  const truth = Float32Array.from(data.test, (i) => data.y[i] ?? 0);
  const planned = plannedRuns(models, data.rule !== null && judge.task === 'binary');
  // A fold saved under the same key (a reload, an unchanged re-run) is restored, not trained again.
  const restored = await restoredFold(ctx.runs, key, planned, (scores) =>
    scoreRun(judge, truth, scores, data.classes),
  );
  const trained = restored === null ? capRows(data.train, config.maxTrainRows, 42 + fold.index) : null;
  const runs = restored?.runs ?? (await runFold(ctx, data, models, judge, trained ?? data.train, report));
  const positives = s.brief.task === 'binary' ? truth.reduce((n, y) => n + (y === 1 ? 1 : 0), 0) : null;
  const fittedFingerprint = await sha256(canonicalJson(data.fitted));
  const timing = {
    restored: restored !== null,
    featuresMs,
    fitMs: runs.reduce((sum, r) => sum + (r.fitMs ?? 0), 0),
    trainMs: restored === null ? runs.reduce((sum, r) => sum + r.durationMs, 0) : 0,
    totalMs: performance.now() - started,
  };
  const result: FoldResult = {
    index: fold.index,
    label: fold.label,
    train: { start: iso(fold.train.startMs), end: iso(fold.train.endMs), rows: data.train.length },
    test: { start: iso(fold.test.startMs), end: iso(fold.test.endMs), rows: data.test.length },
    trainedRows: restored?.trainedRows ?? trained?.length ?? data.train.length,
    testPositives: positives,
    leakage: { ok: fold.leakage.ok, message: fold.leakage.message },
    runs: runs.map(({ key, label, role, metric, valuePerThousand, message, durationMs, fitMs }) => ({
      key,
      label,
      role,
      metric,
      valuePerThousand,
      message,
      durationMs,
      fitMs,
    })),
    fittedFingerprint,
    timing,
  };
  return { result, data, runs, fingerprint, key, restored: restored !== null };
}

/** What the run needs before any fold: the checks that need no data, then the features cell's table. */
async function prepare(ctx: RunContext<BacktestProgress>, config: BacktestConfig) {
  const brief = framing(ctx.brief);
  const lineage = ctx.runs.lineage();
  const featuresConfig = featuresCellOf(lineage, config.input);
  const timeColumn = timeColumnOf(config, brief);
  if (typeof timeColumn !== 'string') throw new AppError(timeColumn.code, timeColumn.message);
  const spec = backtestSpecOf(config);
  if ('code' in spec) throw new AppError(spec.code, spec.message);
  if (config.models.length === 0) {
    throwIf({ code: 'missing-input', message: 'Add at least one model to backtest besides the baseline.' });
  }
  const featureSpec: FeatureSpec = featureSpecOf(featuresConfig, brief);
  if (featureSpec.features.length === 0) {
    throw new AppError(
      'missing-input',
      `The Features cell that makes "${config.input}" has no feature chosen yet.`,
    );
  }
  const table = featuresInput(featuresConfig, brief);
  const source = await inputColumns(ctx.engine, table, ctx.signal);
  return { brief, lineage, timeColumn, spec, featureSpec, table, columns: source.columns };
}

export const runBacktest: CellRunner<'backtest', BacktestOutput, BacktestProgress> = async (ctx, cell) => {
  const { config } = cell;
  const runStarted = performance.now();
  const p = await prepare(ctx, config);
  const { brief } = p;
  const name = `__backtest_${cell.id.replace(/[^A-Za-z0-9_]/g, '_')}`;
  const startedAt = new Date().toISOString();
  const timed = await timedRows(
    ctx.engine,
    { table: p.table, columns: p.columns },
    p.timeColumn,
    brief.target,
    name,
    ctx.signal,
  );
  try {
    const plan = planned(() => backtestFolds(timed.times, p.spec, { column: `"${p.timeColumn}"` }));
    checkPlan(plan, config);
    const leaking = plan.folds.find((f) => !f.leakage.ok);
    if (leaking !== undefined) {
      throw new AppError('bad-input', `Fold ${leaking.label} leaks: ${leaking.leakage.message ?? ''}`);
    }
    // The backtest scores a rule of binary tasks only.
    const rule = brief.task === 'binary' ? ruleSql(brief) : '';
    const input = {
      engine: ctx.engine,
      table: name,
      spec: p.featureSpec,
      rule,
      task: brief.task,
      signal: ctx.signal,
    };
    const framed: RunFraming = {
      task: brief.task,
      metric: brief.metric,
      bar: brief.bar,
      baseline: brief.baseline,
    };
    const setup: Setup = { ctx, config, brief, input, framing: framed };
    const judge: Judge = {
      task: brief.task,
      metric: brief.metric,
      values: brief.values,
      threshold: config.threshold,
      costs: brief.costs,
    };
    const prepareMs = performance.now() - runStarted;
    const done = [];
    for (const fold of plan.folds) done.push(await oneFold(setup, fold, plan.folds.length, judge));
    const storeStarted = performance.now();
    // The group's id follows from its folds' keys: an unchanged re-run restores the same group.
    const groupId = (await sha256(done.map((d) => d.key).join('\n'))).slice(0, 12);
    const bundles: RunBatchBundle[] = [];
    for (const d of done.filter((f) => !f.restored)) {
      const facts = { groupId, cellId: cell.id, config, framing: framed, lineage: p.lineage, startedAt };
      bundles.push(
        await foldBundle(ctx.runs, {
          ...facts,
          fold: d.result,
          data: d.data,
          fingerprint: d.fingerprint,
          key: d.key,
          runs: d.runs,
        }),
      );
    }
    const storage =
      bundles.length === 0
        ? { state: 'restored' as const, groupId }
        : await saveFolds(ctx.runs, groupId, bundles);
    const storeMs = performance.now() - storeStarted;
    const folds = done.map((d) => d.result);
    const capped = folds.some((f) => f.trainedRows < f.train.rows);
    const notes = [
      ...plan.warnings,
      ...(capped
        ? [
            `Each fold's models trained on at most ${config.maxTrainRows?.toLocaleString('en-US')} of its training rows (a seeded draw); the features were fitted on all of them.`,
          ]
        : []),
    ];
    return {
      kind: 'backtest',
      features: config.input,
      timeColumn: p.timeColumn,
      task: brief.task,
      metric: brief.metric,
      bar: brief.bar,
      threshold: config.threshold,
      ...(brief.task === 'multiclass'
        ? { decisionRule: brief.costs === null ? 'arg-max' : 'min-expected-cost' }
        : {}),
      folds,
      summaries: summarise(folds, brief.metric),
      notes,
      storage,
      timing: { prepareMs, storeMs, totalMs: performance.now() - runStarted },
    };
  } finally {
    await ctx.engine.exec(`DROP TABLE IF EXISTS ${quoteIdent(name)}`).catch(() => undefined);
  }
};
