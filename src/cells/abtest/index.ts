import { chartTree, reportPlot } from '../shared/figure';
import type { CellUnit } from '../unit';
import AbtestView from './AbtestView.svelte';
import { renderPowerCurve } from '../../ui/plot/power-curve';
import {
  ARM_HEAD,
  COMPARISON_HEAD,
  MEAN_HEAD,
  armRows,
  comparisonRows,
  designFacts,
  doneText,
  meanRows,
  verdictSentences,
} from './present';
import type { AbtestSection } from '../../report/types';
import { runAbtest, type AbtestOutput } from './run';

function section(heading: string, output: AbtestOutput, document: Document): AbtestSection {
  const { design } = output.design;
  let figure: AbtestSection['figure'] = null;
  try {
    const svg = renderPowerCurve(output.design.curve, {
      ...reportPlot(document),
      mde: design.absoluteEffect,
      power: design.power,
    });
    figure = {
      caption: 'Power over effect size (the MDE and the planned power dashed)',
      svg: chartTree(svg),
    };
  } catch {
    // A chart that cannot be drawn (no layout in this document) leaves the numbers, which say it all.
    figure = null;
  }
  const a = output.analysis;
  return {
    kind: 'abtest',
    heading,
    design: designFacts(output.baseline, output.design),
    figure,
    analysis: a && {
      table: a.spec.table,
      arms: { head: ARM_HEAD, rows: armRows(a.result) },
      comparisons: { head: COMPARISON_HEAD, rows: comparisonRows(a.result) },
      means: a.result.comparisons.some((c) => c.mean !== null)
        ? { head: MEAN_HEAD, rows: meanRows(a.result) }
        : null,
      verdicts: verdictSentences(a.result),
      warnings: a.result.warnings.map((w) => w.message),
      notes: [a.values.note, ...a.notes],
    },
  };
}

export const abtest: CellUnit<'abtest', AbtestOutput> = {
  label: 'A/B test',
  description: 'Design a test of the model’s decision (sample size, duration, power) and analyse its results',
  run: runAbtest,
  view: AbtestView,
  doneText,
  report: {
    has: (_cell, { output }) => output !== null,
    section: (_cell, { heading, output, document }) => (output ? section(heading, output, document) : null),
    shownBatch: () => null,
  },
  script: null,
  lineage: (output) => (output.analysis ? { fitted: null, sql: output.analysis.sql } : null),
  lineageView: null,
  learned: () => null,
  cache: null,
};
