import { briefOf } from '../../notebook/brief';
import { cellOutput } from '../../notebook/graph';
import type { CellId } from '../../notebook/ids';
import type { Case, CellOf } from '../../notebook/types';
import type { EvaluationSection, ReportFigure } from '../../report';
import { renderRocCurves } from '../../ui/plot/evaluation';
import { renderValueCurve } from '../../ui/plot/evaluation-value';
import { chartTree, reportPlot } from '../shared/figure';
import { grouped } from '../shared/text';
import type { ReportContext } from '../unit';
import { decisionRuleText, metricLabel } from './format';
import type { EvaluateOutput, EvaluateResult } from './result';
import { recordOf } from './record';
import { evaluateStoredBatch } from './stored';
import { chartedRuns, rocSeries, valueSeries } from './view';

/*
 * An evaluate cell's section is recomputed from the stored runs of the cell that wrote its
 * predictions table, so that the report shows what can be traced, whether or not it ran here.
 */

/** The cell that writes `table` (the train cell of the predictions), or null. */
function writerOf(doc: Case, table: string): CellId | null {
  const lower = table.toLowerCase();
  return doc.cells.find((c) => cellOutput(c)?.toLowerCase() === lower)?.id ?? null;
}

export function hasEvaluation(cell: CellOf<'evaluate'>, ctx: ReportContext<EvaluateOutput>): boolean {
  const writer = writerOf(ctx.doc, cell.config.input);
  return writer !== null && ctx.batches.has(writer) && briefOf(ctx.doc.cells) !== null;
}

export function evaluateSection(
  cell: CellOf<'evaluate'>,
  ctx: ReportContext<EvaluateOutput>,
): EvaluationSection | null {
  const writer = writerOf(ctx.doc, cell.config.input);
  const bundle = writer === null ? undefined : ctx.batches.get(writer);
  const brief = briefOf(ctx.doc.cells);
  if (!bundle || !brief) return null;
  const result = evaluateStoredBatch(bundle, brief, cell.config);
  const record = recordOf(ctx.evaluations, cell.id, bundle.batch.id, result);
  const section = evaluationSection(ctx.heading, result, bundle.batch.id, figures(result, ctx.document));
  return {
    ...section,
    record: record === null ? null : { id: record.id, evaluatedAt: record.evaluatedAt },
  };
}

/** The ROC curve and, when the brief values outcomes, the value by threshold (binary only). */
function figures(result: EvaluateResult, document: Document): ReportFigure[] {
  if (result.task !== 'binary') return [];
  const options = { ...reportPlot(document), width: 420 };
  const shown = result.verdict?.id ?? null;
  const runs = chartedRuns(result, shown, null);
  const drawn: ReportFigure[] = [
    { caption: 'ROC curve', svg: chartTree(renderRocCurves(rocSeries(runs, shown), options)) },
  ];
  const chosen = result.runs.find((r) => r.id === shown);
  if (result.valued) {
    const marks =
      chosen?.kind === 'binary' && chosen.threshold !== null
        ? [{ threshold: chosen.threshold, label: 'chosen' }]
        : [];
    drawn.push({
      caption: 'Value per 1,000 cases by threshold',
      svg: chartTree(renderValueCurve(valueSeries(runs, shown), { ...options, marks })),
    });
  }
  return drawn;
}

/** The evaluation of a stored batch, with its charts. */
export function evaluationSection(
  heading: string,
  result: EvaluateResult,
  batchId: string,
  figures: readonly ReportFigure[],
): EvaluationSection {
  const v = result.verdict;
  const chosen = v ? result.runs.find((r) => r.id === v.id) : undefined;
  return {
    kind: 'evaluation',
    heading,
    metric: metricLabel(result.metric),
    bar: result.bar,
    rows: result.rows,
    runs: result.runs.map((r) => {
      const e = r.metrics[result.metric];
      return {
        id: r.id,
        label: r.label,
        role: r.role === 'trial' ? 'search trial' : r.role,
        metric: e?.value ?? null,
        lower: e?.lower ?? null,
        upper: e?.upper ?? null,
        threshold: r.kind === 'binary' ? r.threshold : null,
        valuePerThousand: r.kind === 'binary' && result.valued ? r.value.atThreshold.perThousand : null,
      };
    }),
    verdict: v
      ? {
          label: v.label,
          clearsBar: v.clearsBar,
          threshold: chosen?.kind === 'binary' ? chosen.threshold : null,
          valuePerThousand: v.value?.chosen.perThousand ?? v.cost?.chosen.perThousand ?? null,
          sentences: v.sentences,
        }
      : null,
    figures,
    classes:
      chosen?.kind === 'multiclass'
        ? {
            perClass: chosen.perClass,
            confusion: chosen.confusion.counts,
            decision: decisionRuleText(chosen.value.rule),
          }
        : null,
    notes: [
      `Recomputed from the stored runs of batch ${batchId} (${grouped(result.rows)} validation rows, ${grouped(result.bootstrap.resamples)} bootstrap resamples, seed ${result.bootstrap.seed}).`,
      ...result.notices,
    ],
  };
}
