// @vitest-environment node
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { analyseAbTest } from '../../ml/abtest';
import { DEFAULT_AB_ANALYSIS, DEFAULT_AB_DESIGN } from '../../notebook/kinds/abtest';
import { asCaseId } from '../../notebook/ids';
import { renderReport } from '../../report/render';
import { sampleInput } from '../../report/test-input';
import { cellOf } from '../testing';
import { designOf } from './design';
import { abtest } from './index';
import type { AbtestOutput } from './run';

/*
 * The A/B cell's report section, built from an output as the runner makes it (the arms of the
 * Telco sample's simulated table: control 545 of 1,017, treatment 611 of 983), rendered into the
 * report: the design, the power curve drawn by Plot in jsdom, the verdict, and an arm name that
 * tries to be markup, escaped.
 */
const HOSTILE = '<img src=x onerror=alert(1)>';

function output(): AbtestOutput {
  const design = { ...DEFAULT_AB_DESIGN, mde: { kind: 'absolute' as const, value: 0.08 } };
  const arms = [
    { name: 'control', users: 1017, conversions: 545 },
    { name: HOSTILE, users: 983, conversions: 611 },
  ];
  const result = analyseAbTest(arms, { control: 'control', mde: design.mde, plannedPerArm: 593 });
  return {
    kind: 'abtest',
    baseline: { source: 'typed', rate: 0.55 },
    design: designOf(design, 0.55),
    analysis: {
      spec: { table: 'retention_ab', arm: 'arm', converted: 'retained', value: null },
      sql: 'SELECT 1',
      result,
      values: { values: null, note: 'No outcome values.' },
      notes: [],
    },
  };
}

describe('the A/B report section', () => {
  it('shows the design, the power curve, the arms and the verdict, every text escaped', () => {
    const { document } = new JSDOM('<!doctype html><body></body>').window;
    const cell = cellOf('abtest', {
      input: 'retention_ab',
      design: DEFAULT_AB_DESIGN,
      analysis: DEFAULT_AB_ANALYSIS,
    });
    const doc = {
      schemaVersion: 1,
      id: asCaseId('case-1'),
      title: 'Telco',
      cells: [],
      createdAt: '',
      updatedAt: '',
    } as const;
    const heading = 'A/B test of retention_ab';
    const section = abtest.report.section(cell, {
      doc,
      output: output(),
      batches: new Map(),
      evaluations: [],
      heading,
      document,
    });
    expect(section?.kind).toBe('abtest');
    if (section?.kind !== 'abtest') return;
    expect(section.design.find((f) => f.label === 'Users per arm')?.value).toMatch(
      /^593 control, 593 treatment/,
    );
    expect(section.figure?.svg.tag).toBe('svg');
    expect(section.analysis?.verdicts[0]).toMatch(/Likely meaningful\. Significant/);
    const html = renderReport({ ...sampleInput(), sections: [section] });
    expect(html).toContain('data-kind="abtest"');
    expect(html).toContain('+8.57 pp');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain(HOSTILE);
  });
});
