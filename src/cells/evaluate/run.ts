import { sliceMetrics, type Slicer } from '../../ml/metrics';
import { AppError, fail, throwIf, type Problem } from '../../lib/errors';
import { timeSlicer } from '../../lib/yield';
import type { EvaluateConfig } from '../../notebook/evaluate-types';
import type { BriefConfig } from '../../notebook/types';
import type { CellRunner } from '../types';
import { evaluateBinaryRunSliced, LEVEL } from './binary';
import { readPredictions, type Predictions } from './read';
import { recordEvaluation } from './record';
import { evaluateRegressionRunSliced } from './regression';
import { evaluateMulticlass } from './run-multiclass';
import type { EvaluateOutput, EvaluateResult, RunEvaluation, SliceTable } from './result';
import { predictionSlices, type SliceLabels } from './slices';
import { buildVerdictSliced } from './verdict';

/*
 * The evaluate cell's runner: reads a predictions table (checked in DuckDB: same rows for every
 * run), judges every run on the validation rows, slices them by columns of the table their rows
 * come from (the one the predictions record, else the brief's input), and
 * gives the verdict on the chosen run. The numbers are computed here, in the page: the validation
 * rows are few, and the bootstrap resamples by multiplicities (O(n) per resample). Still, one
 * run's 1,000 resamples of eight metrics took 200–330 ms in one task on a 2-core machine, which
 * blocked typing while a reopened case built (issue 21): the work goes in slices of about 30 ms
 * (`timeSlicer`), yielding to the page between them and checking for cancelling there. Where the
 * pauses fall changes nothing: the draws are the same, so are the results.
 */

function cancelled(): AppError {
  return new AppError('cancelled', 'The evaluation was cancelled.');
}

/** Slices of the page's time for this run; the pauses are where a cancel is seen. */
function slicerFor(signal: AbortSignal): Slicer {
  return timeSlicer(30, () => {
    if (signal.aborted) throw cancelled();
  });
}

/** What keeps an evaluation from judging runs against the brief: no brief, or a negative cost of errors. */
export function evaluateProblem(brief: BriefConfig | null): Problem | null {
  if (!brief) {
    return {
      code: 'missing-input',
      message:
        'This case has no brief. Add a Brief cell above: the evaluation judges the models against its metric, bar and values.',
    };
  }
  if (brief.task === 'regression' && (brief.unitCost.over < 0 || brief.unitCost.under < 0)) {
    return {
      code: 'bad-input',
      message: "The brief's cost of an error must be 0 or more: fix it in the Brief cell.",
    };
  }
  return null;
}

/** A values object with every outcome 0 says nothing about thresholds. */
const valued = (brief: BriefConfig): boolean => Object.values(brief.values).some((v) => v !== 0);

/** One run's metrics per slice, at its threshold (binary) or by its errors (regression). */
function slicesOf(
  threshold: number | null,
  task: 'binary' | 'regression',
  truth: Float64Array,
  score: Float64Array,
  labels: readonly SliceLabels[],
): SliceTable[] {
  return labels.map((s) => ({
    column: s.column,
    binned: s.binned,
    report: sliceMetrics(truth, score, s.labels, threshold ?? Infinity, {
      task: task === 'binary' ? 'classification' : 'regression',
    }),
  }));
}

async function evaluateRuns(
  slicer: Slicer,
  brief: BriefConfig,
  config: EvaluateConfig,
  data: Predictions,
  labels: readonly SliceLabels[],
): Promise<RunEvaluation[]> {
  const { threshold, bootstrap } = config;
  const { truth } = data;
  const out: RunEvaluation[] = [];
  for (const run of data.runs) {
    await slicer.pause();
    if (brief.task === 'binary') {
      const settings = { truth, values: brief.values, valued: valued(brief), threshold, bootstrap };
      const evaluated = await evaluateBinaryRunSliced(run, settings, slicer);
      if (slicer.due()) await slicer.pause();
      out.push({ ...evaluated, slices: slicesOf(evaluated.threshold, 'binary', truth, run.score, labels) });
    } else {
      const settings = { truth, unitCost: brief.unitCost, bootstrap };
      const evaluated = await evaluateRegressionRunSliced(run, settings, slicer);
      if (slicer.due()) await slicer.pause();
      out.push({ ...evaluated, slices: slicesOf(null, 'regression', truth, run.score, labels) });
    }
  }
  return out;
}

export const runEvaluate: CellRunner<'evaluate', EvaluateOutput> = async (ctx, cell) => {
  throwIf(evaluateProblem(ctx.brief));
  const brief = ctx.brief ?? fail(evaluateProblem(ctx.brief));
  const { config } = cell;
  const slicer = slicerFor(ctx.signal);
  if (brief.task === 'multiclass') {
    const result = await evaluateMulticlass(ctx, brief, config, slicer);
    return { kind: 'evaluate', ...(await recordEvaluation(ctx.runs, cell.id, result)) };
  }
  const data = await readPredictions(ctx.engine, config.input, brief.task, ctx.signal);
  const { slices, notices } = await predictionSlices(ctx, brief, config);
  const runs = await evaluateRuns(slicer, brief, config, data, slices);
  await slicer.pause();
  const verdict = await buildVerdictSliced(
    {
      runs,
      scores: new Map(data.runs.map((r) => [r.id, r.score])),
      truth: data.truth,
      metric: brief.metric,
      bar: brief.bar,
      valued: valued(brief),
      model: config.model,
      champion: config.champion,
      bootstrap: config.bootstrap,
    },
    slicer,
  );
  const positives = brief.task === 'binary' ? data.truth.reduce((s, v) => s + v, 0) : null;
  if (positives === 0 || positives === data.truth.length) {
    notices.push(
      `Every validation row is ${positives === 0 ? 'negative' : 'positive'}: ROC AUC${positives === 0 ? ', PR AUC' : ''} and the comparisons on ${positives === 0 ? 'them' : 'it'} are undefined.`,
    );
  }
  if (brief.task === 'binary' && !valued(brief)) {
    notices.push(
      'The brief gives every outcome a value of 0: runs are judged at threshold 0.5. Fill in the values to choose the threshold by value.',
    );
  }
  const result: EvaluateResult = {
    input: config.input,
    task: brief.task,
    metric: brief.metric,
    bar: brief.bar,
    rows: data.truth.length,
    positives,
    valued: valued(brief),
    runs,
    verdict: verdict.verdict,
    bootstrap: { ...config.bootstrap, level: LEVEL },
    notices: [...notices, ...verdict.notices],
  };
  return { kind: 'evaluate', ...(await recordEvaluation(ctx.runs, cell.id, result)) };
};
