import { abError, readArmSummaries, type AbTableSpec } from '../../data/abtest';
import { summarizeTarget } from '../../data/brief';
import { AppError, throwIf, type Problem } from '../../lib/errors';
import { analyseAbTest, type AbAnalysis } from '../../ml/abtest';
import type { AbtestConfig, BriefConfig } from '../../notebook/types';
import { inputColumns } from '../shared/input';
import type { CellRunner, RunContext } from '../types';
import { designOf, plannedPerArm, type DesignResult } from './design';
import { outcomeValuesOf, type ValuesChoice } from './values';

/*
 * The A/B cell's runner: the design from the baseline rate (the brief's target in its table, or
 * typed), then, when a results table is chosen, its analysis from per-arm sums that DuckDB
 * computes (data/abtest.ts): no row of the table is read into the page.
 */

/** Where the design's baseline came from. */
export type BaselineFact =
  | { readonly source: 'typed'; readonly rate: number }
  | {
      readonly source: 'brief';
      readonly rate: number;
      readonly table: string;
      readonly target: string;
      readonly positive: string;
      readonly rows: number;
    };

export interface AnalysisOutput {
  readonly spec: AbTableSpec;
  /** The aggregate query that read the arms (the lineage shows it). */
  readonly sql: string;
  readonly result: AbAnalysis;
  readonly values: ValuesChoice;
  /** What to know about how the analysis was set up (the control guessed, the split assumed). */
  readonly notes: readonly string[];
}

export interface AbtestOutput {
  readonly kind: 'abtest';
  readonly baseline: BaselineFact;
  readonly design: DesignResult;
  readonly analysis: AnalysisOutput | null;
}

/** What keeps the brief's positive rate from being the baseline: no brief, no target, not binary. */
export function baselineProblem(brief: BriefConfig | null): Problem | null {
  if (brief === null || brief.target.trim() === '' || brief.input.trim() === '') {
    return {
      code: 'missing-input',
      message:
        'The baseline rate is taken from the brief, but the case has no brief with a target. Add a Brief cell above, or type the baseline rate.',
    };
  }
  if (brief.task !== 'binary') {
    return {
      code: 'bad-input',
      message: `The brief's task is ${brief.task}: a conversion rate needs a binary target. Type the baseline rate instead.`,
    };
  }
  return null;
}

/** What is wrong with the results table's columns: one not chosen, or not in the table. */
export function columnsProblem(config: AbtestConfig, columns: readonly string[]): Problem | null {
  const { arm, converted, value } = config.analysis;
  const named: [string, string][] = [
    ['arm', arm],
    ['outcome (0/1)', converted],
  ];
  if (value !== null) named.push(['value', value]);
  for (const [role, column] of named) {
    if (column === '')
      return { code: 'missing-input', message: `Choose the ${role} column of "${config.input}".` };
    if (!columns.includes(column)) {
      return {
        code: 'bad-input',
        message: `The ${role} column "${column}" is not in "${config.input}", whose columns are ${columns.map((c) => `"${c}"`).join(', ')}. Choose another.`,
      };
    }
  }
  const chosen = named.map(([, c]) => c);
  if (new Set(chosen).size < chosen.length) {
    return {
      code: 'bad-input',
      message: 'The arm, outcome and value columns must be three different columns.',
    };
  }
  return null;
}

const CONTROL_NAMES = ['control', 'ctrl', 'baseline', 'a'];

/** The control: the one chosen, else the arm named control (ctrl, baseline, A), else an error. */
export function controlOf(chosen: string, arms: readonly string[]): { control: string; guessed: boolean } {
  if (chosen !== '') return { control: chosen, guessed: false };
  for (const name of CONTROL_NAMES) {
    const found = arms.find((a) => a.toLowerCase() === name);
    if (found !== undefined) return { control: found, guessed: true };
  }
  throw new AppError(
    'missing-input',
    `Choose the control arm: none of the arms (${arms.join(', ')}) is named control.`,
  );
}

/**
 * The planned share of each arm, for the sample-ratio check: with two arms the design's split,
 * with more an equal split (the design plans two arms).
 */
export function plannedShares(
  arms: readonly string[],
  control: string,
  treatmentShare: number,
): Record<string, number> | undefined {
  if (arms.length !== 2) return undefined;
  return Object.fromEntries(
    arms.map((a): [string, number] => [a, a === control ? 1 - treatmentShare : treatmentShare]),
  );
}

async function baselineOf(ctx: RunContext, config: AbtestConfig): Promise<BaselineFact> {
  const baseline = config.design.baseline;
  if (baseline.kind === 'typed') return { source: 'typed', rate: baseline.rate };
  throwIf(baselineProblem(ctx.brief));
  const brief = ctx.brief;
  if (brief === null) throw new AppError('internal', 'A brief was checked but is missing.');
  const summary = await summarizeTarget(ctx.engine, brief, ctx.signal);
  if (summary.task !== 'binary') throw new AppError('internal', 'A binary brief summarised as regression.');
  return {
    source: 'brief',
    rate: summary.positiveRate,
    table: brief.input,
    target: brief.target,
    positive: summary.positive,
    rows: summary.rows - summary.missing,
  };
}

async function analysisOf(
  ctx: RunContext,
  config: AbtestConfig,
  design: DesignResult,
): Promise<AnalysisOutput> {
  const { columns } = await inputColumns(ctx.engine, config.input, ctx.signal);
  throwIf(
    columnsProblem(
      config,
      columns.map((c) => c.name),
    ),
  );
  const { arm, converted, value, bootstrap } = config.analysis;
  const spec: AbTableSpec = { table: config.input, arm, converted, value };
  const { arms, sql } = await readArmSummaries(ctx.engine, spec, ctx.signal);
  const names = arms.map((a) => a.name);
  const { control, guessed } = controlOf(config.analysis.control, names);
  const values = outcomeValuesOf(
    config.analysis.values,
    ctx.brief,
    names.filter((n) => n !== control),
  );
  const shares = plannedShares(names, control, config.design.treatmentShare);
  const notes: string[] = [];
  if (guessed) notes.push(`The control is ${control}, by its name; choose another in the settings.`);
  if (names.length > 2)
    notes.push('The design plans two arms; the sample-ratio check assumes an equal split.');
  try {
    const result = analyseAbTest(arms, {
      control,
      mde: config.design.mde,
      alpha: config.design.alpha,
      alternative: config.design.alternative,
      plannedPerArm: plannedPerArm(design.design),
      bootstrap: bootstrap ?? null,
      ...(shares ? { plannedShares: shares } : {}),
      ...(values.values ? { outcomeValues: values.values } : {}),
    });
    return { spec, sql, result, values, notes };
  } catch (e: unknown) {
    throw abError(e);
  }
}

export const runAbtest: CellRunner<'abtest', AbtestOutput> = async (ctx, cell) => {
  const { config } = cell;
  const baseline = await baselineOf(ctx, config);
  const design = designOf(config.design, baseline.rate);
  const analysis = config.input === '' ? null : await analysisOf(ctx, config, design);
  return { kind: 'abtest', baseline, design, analysis };
};
