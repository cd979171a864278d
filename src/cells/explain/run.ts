import { AppError, throwIf } from '../../lib/errors';
import {
  predictedClass,
  type ClassImportance,
  type PartialDependence,
  type PartialDependence2d,
  type ScoreArray,
} from '../../ml/explain';
import type { ExplanationPart, LocalPart } from '../../notebook/explanations';
import type { CellId } from '../../notebook/ids';
import type { ExplainConfig } from '../../notebook/types';
import { framing } from '../shared/brief';
import type { CellRunner, RunContext } from '../types';
import { chosenFeatureProblem, chosenRowProblem, rowsProblem } from './checks';
import type { ExplainData } from './compute';
import { openComputer, type ExplainComputer } from './computer';
import { partKey, type PartSpec } from './parts';
import type { ClassPdps, ExplainOutput, ExplainProgress, ScoredRow } from './result';
import { loadSource, runChoices, type ExplainSource } from './source';

/*
 * The explain cell's runner. It reads the stored run and the rows it trained on (checked by
 * fingerprint), then gets each part: importance, the chosen PDPs (the most important feature
 * when none is chosen), the chosen pair, the chosen rows (the highest-scored when none is). A
 * part stored under its key (storage/runs.ts, by run) is read back; the others are computed and
 * stored. The scoring and computing run in the explain worker (computer.ts, protocol.ts): the
 * model and the rows go there once per run, each part comes back with its progress, and
 * cancelling the cell ends the worker. The page never computes, so it never freezes. (Not the
 * training worker: the models score in plain TypeScript, no TensorFlow.js is needed.)
 */

const TABLE_ROWS = 10;

/**
 * The parts the config asks for, in the order they are shown. A multiclass run (`classes`) gets
 * each PDP once per class, and its two-way PDP of `pairClass` (the class predicted most often).
 */
export function partsOf(
  config: ExplainConfig,
  topFeature: string | null,
  topRow: number | null,
  classes: readonly string[] | null = null,
  pairClass: string | null = null,
): PartSpec[] {
  const { seed } = config;
  const pdp = config.pdp.length > 0 ? config.pdp : topFeature === null ? [] : [topFeature];
  const rows = config.rows.length > 0 ? config.rows : topRow === null ? [] : [topRow];
  const byClass = (name: string | null) => (name === null ? {} : { className: name });
  return [
    ...pdp.flatMap((feature) =>
      (classes ?? [null]).map((c): PartSpec => ({ kind: 'pdp', feature, seed, ...byClass(c) })),
    ),
    ...(config.pair === null
      ? []
      : [{ kind: 'pdp2d', features: config.pair, seed, ...byClass(pairClass) } as const]),
    ...rows.map((rowId): PartSpec => ({ kind: 'local', rowId, seed })),
  ];
}

/**
 * Each validation row's score and predicted class: the score itself, or for k classes the
 * probability of the class of highest probability.
 */
export function rowScores(
  scores: ScoreArray,
  rows: number,
  classes: readonly string[] | null,
): { score: Float64Array; predicted: (string | null)[] } {
  if (classes === null)
    return { score: Float64Array.from(scores), predicted: new Array<null>(rows).fill(null) };
  const k = classes.length;
  const score = new Float64Array(rows);
  const predicted = Array.from({ length: rows }, (_, i) => {
    const c = predictedClass(scores.subarray(i * k, (i + 1) * k));
    score[i] = scores[i * k + c] ?? NaN;
    return classes[c] ?? null;
  });
  return { score, predicted };
}

/** The class predicted for the most rows (the first such class on a tie). */
export function mostPredicted(
  predicted: readonly (string | null)[],
  classes: readonly string[],
): string | null {
  const counts = classes.map((c) => predicted.filter((p) => p === c).length);
  const best = counts.indexOf(Math.max(...counts));
  return classes[best] ?? null;
}

/** The ten highest and lowest scores of the validation rows. */
export function extremes(
  ids: Float64Array,
  scores: ArrayLike<number>,
  truth: Float64Array,
  classes: readonly string[] | null = null,
  predicted: readonly (string | null)[] = [],
): { highest: ScoredRow[]; lowest: ScoredRow[] } {
  const rows = Array.from(ids, (rowId, i) => {
    const t = truth[i] ?? NaN;
    return {
      rowId,
      score: scores[i] ?? NaN,
      truth: classes === null ? t : (classes[t] ?? String(t)),
      predicted: predicted[i] ?? null,
    };
  });
  rows.sort((a, b) => b.score - a.score || a.rowId - b.rowId);
  return { highest: rows.slice(0, TABLE_ROWS), lowest: rows.slice(-TABLE_ROWS).reverse() };
}

/** Where a part stands among the run's parts: part n of m, 1-based. */
interface Position {
  readonly part: number;
  readonly parts: number;
}

interface Parts {
  get(spec: PartSpec, step: string, at: Position): Promise<ExplanationPart>;
  readonly counts: { reused: number; computed: number };
}

/** Reads each part back from storage, or computes and stores it. */
function partStore(
  ctx: RunContext<ExplainProgress>,
  cellId: CellId,
  source: ExplainSource,
  computer: ExplainComputer,
): Parts {
  const counts = { reused: 0, computed: 0 };
  const run = { runId: source.run.id, fingerprint: source.run.fingerprint, appVersion: ctx.runs.appVersion };
  return {
    counts,
    async get(spec, step, at) {
      const key = await partKey(spec, run);
      const stored = await ctx.runs.findExplanation(key);
      if (stored !== null && stored.part.kind === spec.kind) {
        counts.reused++;
        return stored.part;
      }
      ctx.report({ kind: 'explain', step, ...at, done: 0, total: 1 });
      const part = await computer.part(spec, (done, total) =>
        ctx.report({ kind: 'explain', step, ...at, done, total }),
      );
      counts.computed++;
      await ctx.runs.saveExplanation({
        key,
        caseId: ctx.runs.caseId,
        cellId,
        runId: source.run.id,
        createdAt: new Date().toISOString(),
        part,
      });
      return part;
    },
  };
}

function unitsOf(task: 'binary' | 'regression' | 'multiclass', target: string): string {
  if (task === 'binary') return `probability of ${target}`;
  if (task === 'multiclass') return `probability of a class of ${target}`;
  return `predicted ${target}`;
}

/** What the worker computes from: the run's model and rows, plain data. */
function dataOf(source: ExplainSource): ExplainData {
  const { model, classes, validation, truth, validationIds, train, groups } = source;
  return {
    model,
    classes,
    featureNames: source.run.featureNames,
    validation,
    truth,
    validationIds,
    train,
    groups,
  };
}

export const runExplain: CellRunner<'explain', ExplainOutput, ExplainProgress> = async (ctx, cell) => {
  const brief = framing(ctx.brief);
  const { config } = cell;
  const source = await loadSource(ctx, config, brief);
  const { run, validation, groups } = source;
  throwIf(rowsProblem(validation.rows, config.repeats));
  for (const name of [...config.pdp, ...(config.pair ?? [])]) {
    throwIf(chosenFeatureProblem(name, groups, run.featureNames));
  }
  const validationIds = new Set(source.validationIds);
  for (const rowId of config.rows) throwIf(chosenRowProblem(rowId, validationIds));
  const computer = openComputer(dataOf(source), ctx.signal);
  try {
    return await explainWith(ctx, config, cell.id, source, computer);
  } finally {
    computer.close();
  }
};

async function explainWith(
  ctx: RunContext<ExplainProgress>,
  config: ExplainConfig,
  cellId: CellId,
  source: ExplainSource,
  computer: ExplainComputer,
): Promise<ExplainOutput> {
  const brief = framing(ctx.brief);
  const { run, validation, groups, metric } = source;
  const parts = partStore(ctx, cellId, source, computer);
  const { classes } = source;
  // The parts after importance depend on its top feature and on the scores; their number does not.
  const expected = 1 + partsOf(config, '', 0, classes, null).length;
  const importancePart = await parts.get(
    { kind: 'importance', metric, repeats: config.repeats, seed: config.seed },
    'Permutation importance',
    { part: 1, parts: expected },
  );
  if (importancePart.kind !== 'importance')
    throw new AppError('internal', 'A stored importance was not one.');
  const importance = importancePart.importance;
  const classImportance: readonly ClassImportance[] | null =
    source.classes === null ? null : (importancePart.perClass ?? null);
  const raw = await computer.scores();
  const scored = rowScores(raw, validation.rows, classes);
  const { highest, lowest } = extremes(
    source.validationIds,
    scored.score,
    source.truth,
    classes,
    scored.predicted,
  );
  const pdpClass = classes === null ? null : mostPredicted(scored.predicted, classes);
  const top = (importance.groups ?? importance.features)[0]?.name ?? null;
  const pdps: PartialDependence[] = [];
  const classPdps = new Map<string, PartialDependence[]>((classes ?? []).map((c) => [c, []]));
  const locals: LocalPart[] = [];
  let pdp2d: PartialDependence2d | null = null;
  const specs = partsOf(config, top, highest[0]?.rowId ?? null, classes, pdpClass);
  for (const [i, spec] of specs.entries()) {
    const step =
      spec.kind === 'pdp'
        ? `Partial dependence of ${spec.feature}${spec.className === undefined ? '' : ` (${spec.className})`}`
        : spec.kind === 'pdp2d'
          ? `Partial dependence of ${spec.features.join(' × ')}`
          : spec.kind === 'local'
            ? `Local explanation of row ${spec.rowId}`
            : 'Permutation importance';
    const part = await parts.get(spec, step, { part: i + 2, parts: specs.length + 1 });
    const className = spec.kind === 'pdp' ? (spec.className ?? null) : null;
    if (part.kind === 'pdp' && className !== null) classPdps.get(className)?.push(part.pdp);
    if (part.kind === 'pdp' && className === pdpClass) pdps.push(part.pdp);
    else if (part.kind === 'pdp2d') pdp2d = part.pdp;
    else if (part.kind === 'local') locals.push(part.local);
  }
  const notices: string[] = source.chosenBy === null ? [] : [source.chosenBy];
  if (classes !== null) {
    notices.push(
      `This run predicts one of ${classes.length} classes: importance is the drop in ${metric} and, per class, in that class's one-vs-rest ROC AUC; partial dependence shows one class's probability (pick the class); a row's local explanation is of its predicted class's probability.`,
    );
  }
  if (run.task === 'regression') {
    notices.push(
      `This is a regression run: importance is the rise in ${metric.toUpperCase()} when a feature is shuffled, and partial dependence and contributions are in units of ${brief.target}, not probabilities.`,
    );
  }
  for (const grid of [...pdps.map((p) => p.grid), ...(pdp2d?.grids ?? [])]) {
    if (grid.kind === 'levels' && grid.truncated !== null) notices.push(grid.truncated.message);
  }
  return {
    kind: 'explain',
    run,
    metric,
    scoreUnits: unitsOf(run.task, brief.target),
    importance,
    classes,
    classImportance,
    groups,
    pdps,
    pdpClass,
    classPdps:
      classes === null
        ? null
        : classes.map((c): ClassPdps => ({ className: c, pdps: classPdps.get(c) ?? [] })),
    pdp2d,
    locals,
    highest,
    lowest,
    validationRows: validation.rows,
    reused: parts.counts.reused,
    computed: parts.counts.computed,
    notices,
    whatIf: source.whatIf,
    choices: await runChoices(ctx.engine, config.input, ctx.signal),
  };
}
