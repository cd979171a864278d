import { describeRelation } from '../../data/catalog';
import type { SqlEngine } from '../../data/engine';
import { readScoringMatrix } from '../../data/features/matrix';
import { scoringPlan } from '../../data/score/plan';
import { engineRows } from '../../data/score/rows';
import { describeColumns, inputStats } from '../../data/score/stats';
import { quoteIdent } from '../../data/sql';
import { AppError, errorMessage, fail, throwIf, type Problem } from '../../lib/errors';
import { checkInput, reportLines, type InputReport } from '../../notebook/bundle/check';
import { decide, decideClassesOf, mostProbable, scoreClasses, scoreRows } from '../../notebook/bundle/score';
import type { ModelBundle } from '../../notebook/bundle/types';
import type { ScoreConfig } from '../../notebook/kinds/score';
import type { VersionState } from '../../notebook/registry';
import { inputColumns } from '../shared/input';
import type { CellRunner, RunContext } from '../types';
import { chooseVersion, isProblem } from '../shared/versions';
import type { ScoredWith, ScoreOutput, ScoreProgress } from './result';
import { writeClassScores, writeScores } from './write';

/*
 * The score cell's runner: picks the model version (the champion unless one is named), checks the
 * rows against its input schema (the same check and report as the command line; unseen
 * categories are encoded as "other" and flagged, a missing column stops the run), then scores in
 * chunks. The features are made once by the SQL generated from the bundle's fitted spec and kept
 * in a work table; each chunk of CHUNK_ROWS rows is read as a matrix, scored by the app's own
 * `predict` in the page, and the page is given back between chunks (progress, cancel). Scoring
 * in the page rather than a worker: the models are plain TypeScript and a chunk takes
 * milliseconds, while a worker would need every chunk copied across and the model loaded there.
 */

/**
 * Rows per chunk: measured on 2 busy cores, 25,000 rows of the Telco boosted trees held the thread
 * 110–150 ms to score; 10,000 keep each stretch well under 100 ms.
 */
export const CHUNK_ROWS = 10_000;

function cancelled(): AppError {
  return new AppError('cancelled', 'The scoring was cancelled; the predictions table was not written.');
}

async function pause(signal: AbortSignal): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 0));
  if (signal.aborted) throw cancelled();
}

/** What keeps the config from running: no output table, or one that is its input. */
export function scoreConfigProblem(config: ScoreConfig): Problem | null {
  if (config.output.trim() === '') {
    return { code: 'missing-input', message: 'Name the predictions table this cell writes.' };
  }
  if (config.output.trim().toLowerCase() === config.input.trim().toLowerCase()) {
    return {
      code: 'bad-input',
      message: `The predictions table cannot be the input table "${config.input}": give it another name.`,
    };
  }
  return null;
}

/** The stopping report as an error: the report's lines, so that the cell shows what to fix. */
export function blockedProblem(report: InputReport, version: number): Problem {
  return {
    code: 'bad-input',
    message: `Nothing was scored: the rows do not fit model v${version}.\n${reportLines(report).join('\n')}`,
  };
}

async function bundleOf(ctx: RunContext<ScoreProgress>, chosen: VersionState): Promise<ModelBundle> {
  try {
    return await ctx.models.bundle(chosen.version.id);
  } catch (e: unknown) {
    throw new AppError(
      'missing-input',
      `The bundle of model v${chosen.version.version} cannot be read: ${errorMessage(e)} Pick another version, or import its bundle file again in Models.`,
      { cause: e },
    );
  }
}

function scoredWith(chosen: VersionState, bundle: ModelBundle): ScoredWith {
  return {
    version: chosen.version.version,
    stage: chosen.stage,
    name: bundle.model.name,
    kind: bundle.model.kind,
    sha256: bundle.sha256,
    threshold: bundle.decision.threshold,
    task: bundle.decision.task,
    classes: bundle.model.classes ?? null,
    rule:
      bundle.decision.task !== 'multiclass'
        ? null
        : bundle.decision.costs === undefined
          ? 'arg-max'
          : 'min-expected-cost',
  };
}

async function checked(
  ctx: RunContext<ScoreProgress>,
  input: string,
  bundle: ModelBundle,
): Promise<InputReport> {
  ctx.report({ kind: 'score', stage: 'checking', rows: 0, total: 0 });
  const read = engineRows(ctx.engine, { signal: ctx.signal });
  const columns = await describeColumns(read, input);
  const stats = await inputStats(read, bundle.input, input, columns);
  return checkInput(
    bundle.input,
    bundle.features.spec,
    { rows: stats.rows, columns, stats: stats.stats },
    { unseen: 'other' },
  );
}

/** Scores the features in `work` chunk by chunk; arrays in row id order (row ids are 1…rows). */
async function scoreChunks(
  ctx: RunContext<ScoreProgress>,
  work: string,
  columns: readonly string[],
  bundle: ModelBundle,
  total: number,
  chunkRows: number,
): Promise<{ scores: Float64Array; decisions: (boolean | null)[]; acted: number }> {
  const scores = new Float64Array(total);
  const decisions = new Array<boolean | null>(total).fill(null);
  let acted = 0;
  for (let from = 0; from < total; from += chunkRows) {
    const sql = `SELECT * FROM ${quoteIdent(work)} WHERE "__row_id" > ${from} AND "__row_id" <= ${from + chunkRows}`;
    const m = await readScoringMatrix(ctx.engine, sql, columns, { signal: ctx.signal });
    const out = scoreRows(bundle.model.artifact, { data: m.x, rows: m.rows, cols: m.features });
    for (let i = 0; i < m.rows; i++) {
      const at = (m.rowIds[i] ?? 0) - 1;
      const score = out[i] ?? NaN;
      scores[at] = score;
      const decision = decide(score, bundle.decision);
      decisions[at] = decision;
      if (decision === true) acted += 1;
    }
    ctx.report({ kind: 'score', stage: 'scoring', rows: Math.min(total, from + m.rows), total });
    await pause(ctx.signal);
  }
  return { scores, decisions, acted };
}

interface ClassScores {
  readonly probabilities: Float64Array;
  readonly predicted: Int32Array;
  readonly decided: Int32Array;
  /** Rows decided as each class. */
  readonly counts: number[];
}

/** Multiclass: each row's probabilities, most probable class and decided class, chunk by chunk. */
async function scoreClassChunks(
  ctx: RunContext<ScoreProgress>,
  work: string,
  columns: readonly string[],
  bundle: ModelBundle,
  total: number,
  chunkRows: number,
): Promise<ClassScores> {
  const k = bundle.model.classes?.length ?? 0;
  const probabilities = new Float64Array(total * k).fill(NaN);
  const predicted = new Int32Array(total).fill(-1);
  const decided = new Int32Array(total).fill(-1);
  const counts = new Array<number>(k).fill(0);
  for (let from = 0; from < total; from += chunkRows) {
    const sql = `SELECT * FROM ${quoteIdent(work)} WHERE "__row_id" > ${from} AND "__row_id" <= ${from + chunkRows}`;
    const m = await readScoringMatrix(ctx.engine, sql, columns, { signal: ctx.signal });
    const p = scoreClasses(bundle.model.artifact, { data: m.x, rows: m.rows, cols: m.features });
    const top = mostProbable(p);
    const chosen = decideClassesOf(p, bundle.decision);
    for (let i = 0; i < m.rows; i++) {
      const at = (m.rowIds[i] ?? 0) - 1;
      probabilities.set(p.data.subarray(i * k, (i + 1) * k), at * k);
      predicted[at] = top[i] ?? -1;
      const c = chosen[i] ?? -1;
      decided[at] = c;
      if (c >= 0) counts[c] = (counts[c] ?? 0) + 1;
    }
    ctx.report({ kind: 'score', stage: 'scoring', rows: Math.min(total, from + m.rows), total });
    await pause(ctx.signal);
  }
  return { probabilities, predicted, decided, counts };
}

async function dropWork(engine: SqlEngine, work: string): Promise<void> {
  await engine.exec(`DROP TABLE IF EXISTS ${quoteIdent(work)}`).catch(() => undefined);
}

/** The runner, scoring `chunkRows` rows between pauses. */
export const scoreRunner =
  (chunkRows: number): CellRunner<'score', ScoreOutput, ScoreProgress> =>
  async (ctx, cell) => {
    const { input, version, output } = cell.config;
    throwIf(scoreConfigProblem(cell.config));
    await inputColumns(ctx.engine, input, ctx.signal);
    const chosen = chooseVersion(await ctx.models.versions(), version);
    if (isProblem(chosen)) return fail(chosen);
    const bundle = await bundleOf(ctx, chosen);
    const report = await checked(ctx, input, bundle);
    if (report.blocked) return fail(blockedProblem(report, chosen.version.version));
    const plan = scoringPlan(bundle, input);
    const total = report.rows;
    const work = `__casebook_score_${cell.id}`;
    ctx.report({ kind: 'score', stage: 'preparing', rows: 0, total });
    const classes = bundle.model.classes ?? null;
    let scored: Awaited<ReturnType<typeof scoreChunks>> | null = null;
    let classScores: ClassScores | null = null;
    try {
      await ctx.engine.exec(`CREATE OR REPLACE TABLE ${quoteIdent(work)} AS\n${plan.sql}`, {
        signal: ctx.signal,
      });
      if (classes === null) scored = await scoreChunks(ctx, work, plan.columns, bundle, total, chunkRows);
      else classScores = await scoreClassChunks(ctx, work, plan.columns, bundle, total, chunkRows);
    } finally {
      await dropWork(ctx.engine, work);
    }
    ctx.report({ kind: 'score', stage: 'writing', rows: total, total });
    const rowIds = Float64Array.from({ length: total }, (_, i) => i + 1);
    const label = `v${chosen.version.version}`;
    if (scored !== null) await writeScores(ctx.engine, output, { rowIds, ...scored, version: label });
    if (classScores !== null && classes !== null)
      await writeClassScores(ctx.engine, output, { rowIds, classes, ...classScores, version: label });
    if (ctx.signal.aborted) throw cancelled();
    const { rowCount, columns } = await describeRelation(ctx.engine, output, ctx.signal);
    return {
      kind: 'score',
      model: scoredWith(chosen, bundle),
      report,
      table: {
        table: output,
        materialize: 'table',
        rowCount,
        columns,
        skippedRows: 0,
        skippedSample: [],
        notices: [],
      },
      rows: total,
      acted: bundle.decision.task === 'binary' && scored !== null ? scored.acted : null,
      decided: classScores?.counts ?? null,
      featureSql: plan.sql,
    };
  };

export const runScore = scoreRunner(CHUNK_ROWS);
