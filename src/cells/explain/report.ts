import type { CellOf } from '../../notebook/types';
import type { ExplanationSection, ReportFigure, ReportTable } from '../../report';
import { renderContributions, renderImportance, renderPdp, renderPdp2d } from '../../ui/plot/explain';
import { chartTree, reportPlot } from '../shared/figure';
import type { ReportContext } from '../unit';
import type { ExplainOutput } from './result';
import {
  contributionLabel,
  contributionRows,
  fmt,
  heatmap,
  importanceBars,
  importanceEntries,
  importanceRows,
  limeSettingsText,
  pdpLines,
  pdpUnits,
  scoreText,
  stabilityText,
} from './view';

/*
 * An explain cell's section: importance, the PDPs the user picked and the rows explained, from
 * the cell's output in this tab (read back from storage when the case opened, so the report shows
 * what was computed for the run, not a recomputation). Every value is plain text: the report
 * escapes it.
 */

export function hasExplanation(_cell: CellOf<'explain'>, ctx: ReportContext<ExplainOutput>): boolean {
  return ctx.output !== null;
}

function figures(output: ExplainOutput, cell: CellOf<'explain'>, document: Document): ReportFigure[] {
  const plot = reportPlot(document);
  const { grouped, centred } = cell.config;
  const units = pdpUnits(output, output.pdpClass);
  const of = output.pdpClass === null ? '' : ` (probability of ${output.pdpClass})`;
  const drawn: ReportFigure[] = [
    {
      caption: `Permutation importance (${output.metric})`,
      svg: chartTree(
        renderImportance(importanceBars(importanceEntries(output, grouped)), {
          ...plot,
          metric: output.metric,
        }),
      ),
    },
    ...output.pdps.map((pdp) => ({
      caption: `Partial dependence of ${pdp.feature}${of}${centred ? ' (ICE centred)' : ''}`,
      svg: chartTree(renderPdp(pdpLines(pdp, centred), { ...plot, units, centred })),
    })),
  ];
  if (output.pdp2d !== null) {
    drawn.push({
      caption: `Two-way partial dependence of ${output.pdp2d.features.join(' and ')}${of}`,
      svg: chartTree(renderPdp2d(heatmap(output.pdp2d), { ...plot, units })),
    });
  }
  for (const local of output.locals) {
    const items = local.explanation.contributions
      .slice(0, 10)
      .map((c) => ({ name: contributionLabel(c), contribution: c.contribution }));
    drawn.push({
      caption: `Local explanation of row ${local.rowId}${local.className === undefined ? '' : ` (probability of ${local.className})`}`,
      svg: chartTree(renderContributions(items, { ...plot, units: output.scoreUnits })),
    });
  }
  return drawn;
}

function tables(output: ExplainOutput, grouped: boolean): ReportTable[] {
  return [
    {
      caption: 'Permutation importance',
      head: ['Feature', 'Mean drop', '95% interval', 'SD'],
      rows: importanceRows(importanceEntries(output, grouped)),
      numeric: [1, 3],
    },
    ...classTable(output, grouped),
    ...output.locals.map((local) => ({
      caption: `Row ${local.rowId}`,
      head: [`Row ${local.rowId}: feature`, 'Contribution', 'Per unit'],
      rows: contributionRows(local),
      numeric: [1, 2],
    })),
  ];
}

/** A multiclass run: each feature's mean drop in every class's one-vs-rest ROC AUC. */
function classTable(output: ExplainOutput, grouped: boolean): ReportTable[] {
  const classes = output.classImportance;
  if (classes === null) return [];
  const mean = (name: string, c: (typeof classes)[number]) => {
    const imp = c.importance;
    if (imp === null) return '–';
    const found = (grouped ? (imp.groups ?? imp.features) : imp.features).find((e) => e.name === name);
    return found === undefined ? '–' : fmt(found.mean);
  };
  return [
    {
      caption: 'Permutation importance per class (drop in its one-vs-rest ROC AUC)',
      head: ['Feature', ...classes.map((c) => c.className)],
      rows: importanceEntries(output, grouped).map((e) => [e.name, ...classes.map((c) => mean(e.name, c))]),
      numeric: classes.map((_, i) => i + 1),
    },
  ];
}

export function explanationSection(
  cell: CellOf<'explain'>,
  ctx: ReportContext<ExplainOutput>,
): ExplanationSection | null {
  const output = ctx.output;
  if (output === null) return null;
  const imp = output.importance;
  return {
    kind: 'explanation',
    heading: ctx.heading,
    run: `${output.run.label} (run ${output.run.id}, batch ${output.run.batchId}, trained ${output.run.trainedAt})`,
    lines: [
      `Permutation importance on ${imp.rows.toLocaleString('en-US')} validation rows: the drop in ${imp.metric} (baseline ${imp.baseline.toFixed(3)}) when a feature is shuffled, ${imp.repeats} repeats, seed ${imp.seed}; ${imp.interval.description}`,
      ...output.locals.flatMap((local) => [
        `Row ${local.rowId}: ${scoreText(output, local)}`,
        limeSettingsText(local),
        stabilityText(local),
      ]),
      ...output.notices,
    ],
    tables: tables(output, cell.config.grouped),
    figures: figures(output, cell, ctx.document),
  };
}
