import { AppError, throwIf } from '../../lib/errors';
import type { PartialDependence, PartialDependence2d } from '../../ml/explain';
import type { ExplanationPart, LocalPart } from '../../notebook/explanations';
import type { CellId } from '../../notebook/ids';
import type { ExplainConfig } from '../../notebook/types';
import { framing } from '../shared/brief';
import type { CellRunner, RunContext } from '../types';
import { chosenFeatureProblem, chosenRowProblem, rowsProblem } from './checks';
import { computePart, partKey, type PartSpec } from './parts';
import type { ExplainOutput, ExplainProgress, ScoredRow } from './result';
import { loadSource, runChoices, type ExplainSource } from './source';

/*
 * The explain cell's runner. It reads the stored run and the rows it trained on (checked by
 * fingerprint), then gets each part: importance, the chosen PDPs (the most important feature
 * when none is chosen), the chosen pair, the chosen rows (the highest-scored when none is). A
 * part stored under its key (storage/runs.ts, by run) is read back; the others are computed and
 * stored. Computing runs in the page in short slices: every call of the model gets at most
 * 65,536 floats and the explainers yield to the page every 50 ms, so the page never freezes and
 * the cell's signal cancels between slices. (Not the training worker: its API has no scoring
 * call, the models score in plain TypeScript, and the rows would be copied there once more.)
 */

const TABLE_ROWS = 10;

/** The parts the config asks for, in the order they are shown. */
export function partsOf(config: ExplainConfig, topFeature: string | null, topRow: number | null): PartSpec[] {
  const { seed } = config;
  const pdp = config.pdp.length > 0 ? config.pdp : topFeature === null ? [] : [topFeature];
  const rows = config.rows.length > 0 ? config.rows : topRow === null ? [] : [topRow];
  return [
    ...pdp.map((feature): PartSpec => ({ kind: 'pdp', feature, seed })),
    ...(config.pair === null ? [] : [{ kind: 'pdp2d', features: config.pair, seed } as const]),
    ...rows.map((rowId): PartSpec => ({ kind: 'local', rowId, seed })),
  ];
}

/** The ten highest and lowest scores of the validation rows. */
export function extremes(
  ids: Float64Array,
  scores: ArrayLike<number>,
  truth: Float64Array,
): { highest: ScoredRow[]; lowest: ScoredRow[] } {
  const rows = Array.from(ids, (rowId, i) => ({ rowId, score: scores[i] ?? NaN, truth: truth[i] ?? NaN }));
  rows.sort((a, b) => b.score - a.score || a.rowId - b.rowId);
  return { highest: rows.slice(0, TABLE_ROWS), lowest: rows.slice(-TABLE_ROWS).reverse() };
}

interface Parts {
  get(spec: PartSpec, step: string): Promise<ExplanationPart>;
  readonly counts: { reused: number; computed: number };
}

/** Reads each part back from storage, or computes and stores it. */
function partStore(ctx: RunContext<ExplainProgress>, cellId: CellId, source: ExplainSource): Parts {
  const counts = { reused: 0, computed: 0 };
  const run = { runId: source.run.id, fingerprint: source.run.fingerprint, appVersion: ctx.runs.appVersion };
  return {
    counts,
    async get(spec, step) {
      const key = await partKey(spec, run);
      const stored = await ctx.runs.findExplanation(key);
      if (stored !== null && stored.part.kind === spec.kind) {
        counts.reused++;
        return stored.part;
      }
      ctx.report({ kind: 'explain', step, done: 0, total: 1 });
      const part = await computePart(spec, source, {
        signal: ctx.signal,
        onProgress: ({ done, total }) => ctx.report({ kind: 'explain', step, done, total }),
      });
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

const unitsOf = (task: 'binary' | 'regression', target: string): string =>
  task === 'binary' ? `probability of ${target}` : `predicted ${target}`;

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
  const { metric } = source;
  const parts = partStore(ctx, cell.id, source);
  const importancePart = await parts.get(
    { kind: 'importance', metric, repeats: config.repeats, seed: config.seed },
    'Permutation importance',
  );
  if (importancePart.kind !== 'importance')
    throw new AppError('internal', 'A stored importance was not one.');
  const importance = importancePart.importance;
  const scores = await source.score(validation.data.slice(), validation.rows, validation.cols);
  const { highest, lowest } = extremes(source.validationIds, scores, source.truth);
  const top = (importance.groups ?? importance.features)[0]?.name ?? null;
  const pdps: PartialDependence[] = [];
  const locals: LocalPart[] = [];
  let pdp2d: PartialDependence2d | null = null;
  for (const spec of partsOf(config, top, highest[0]?.rowId ?? null)) {
    const step =
      spec.kind === 'pdp'
        ? `Partial dependence of ${spec.feature}`
        : spec.kind === 'pdp2d'
          ? `Partial dependence of ${spec.features.join(' × ')}`
          : spec.kind === 'local'
            ? `Local explanation of row ${spec.rowId}`
            : 'Permutation importance';
    const part = await parts.get(spec, step);
    if (part.kind === 'pdp') pdps.push(part.pdp);
    else if (part.kind === 'pdp2d') pdp2d = part.pdp;
    else if (part.kind === 'local') locals.push(part.local);
  }
  const notices: string[] = [];
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
    groups,
    pdps,
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
};
