import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { svgString } from './export';
import {
  renderCalibration,
  renderGains,
  renderLift,
  prSteps,
  renderPrCurves,
  renderRocCurves,
  RUN_COLORS,
} from './evaluation';
import { renderResidualHistogram, renderResiduals, renderValueCurve, valueDomain } from './evaluation-value';
import { axisTick } from './format';

const { document } = new JSDOM('').window;
const OPTIONS = { theme: 'light', width: 480, document } as const;
const XSS = '<img src=x onerror=alert(1)>';

const runs = [
  { label: 'Baseline', x: [0, 1], y: [0, 1], dashed: true },
  { label: XSS, x: [0, 0.1, 0.4, 1], y: [0, 0.6, 0.9, 1], emphasis: true },
];

function svgOf(el: Element): Element {
  const svg = el.localName === 'svg' ? el : el.querySelector(':scope > svg');
  if (!svg) throw new Error('no svg');
  return svg;
}

const lines = (el: Element) => [...svgOf(el).querySelectorAll('g[aria-label="line"] path')];

describe('evaluation charts', () => {
  it('draws one ROC line per run and the chance diagonal, labelled, with a legend', () => {
    const el = renderRocCurves(runs, OPTIONS);
    // The diagonal, then one line per run in palette order; the baseline dashed.
    const paths = lines(el);
    expect(paths).toHaveLength(3);
    const strokes = paths.slice(1).map((p) => p.getAttribute('stroke'));
    expect(strokes).toEqual(RUN_COLORS.slice(0, 2));
    expect(svgOf(el).querySelectorAll('g[aria-label="line"][stroke-dasharray="5,3"]')).toHaveLength(1);
    expect(el.localName).toBe('figure');
    expect(el.textContent).toContain('False positive rate');
    expect(el.textContent).toContain('True positive rate');
    expect(el.textContent).toContain(XSS);
    expect(el.querySelector('img')).toBeNull();
    const file = svgString(el);
    expect(file.startsWith('<svg')).toBe(true);
    expect(file).toContain('&lt;img');
  });

  it('draws PR curves with the positive rate, calibration with the diagonal and dots', () => {
    const pr = renderPrCurves(runs, { ...OPTIONS, positiveRate: 0.26 });
    expect(lines(pr)).toHaveLength(2);
    expect(svgOf(pr).querySelectorAll('g[aria-label="rule"] line')).toHaveLength(1);
    expect(pr.textContent).toContain('Precision');
    const calibration = renderCalibration(
      [{ label: 'M', x: [0.1, 0.5, 0.9], y: [0.05, 0.6, 0.85] }],
      OPTIONS,
    );
    expect(svgOf(calibration).querySelectorAll('g[aria-label="dot"] circle')).toHaveLength(3);
    expect(calibration.textContent).toContain('Observed share positive');
  });

  it('draws the PR curve as steps whose area is the average precision, with no invented point (issue 19 item 1)', () => {
    // scikit-learn 1.2.1 precision_recall_curve on the 'ties' case of
    // src/ml/metrics/fixtures/sklearn_reference.ts, without its closing (recall 0, precision 1):
    // what precisionRecallPoints gives. average_precision_score = 0.75 (the trapezoid: 0.7417).
    const recall = [1.0, 1.0, 1.0, 0.6, 0.4, 0.4, 0.2];
    const precision = [0.5, 0.5555555555555556, 0.625, 0.5, 0.6666666666666666, 1.0, 1.0];
    const drawn = prSteps({ label: 'M', x: recall, y: precision });
    // Area under step-after in this order: each point's precision held from its recall to the next.
    let area = 0;
    for (let i = 0; i + 1 < drawn.x.length; i++) {
      area += ((drawn.x[i] ?? 0) - (drawn.x[i + 1] ?? 0)) * (drawn.y[i] ?? 0);
    }
    expect(area).toBeCloseTo(0.75, 12);
    // A constant score: one point, drawn flat at the positive rate, not rising to precision 1.
    expect(prSteps({ label: 'B', x: [1], y: [0.26] })).toMatchObject({ x: [1, 0], y: [0.26, 0.26] });
    const svg = renderPrCurves([{ label: 'M', x: recall, y: precision }], { ...OPTIONS, positiveRate: 0.5 });
    const d = lines(svg)[0]?.getAttribute('d') ?? '';
    const xy = [...d.matchAll(/(-?[\d.]+),(-?[\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])] as const);
    expect(xy.length).toBeGreaterThan(recall.length);
    // Steps: every segment is horizontal or vertical.
    for (let i = 1; i < xy.length; i++) {
      const [[x0, y0], [x1, y1]] = [xy[i - 1] ?? [0, 0], xy[i] ?? [0, 0]];
      expect(x0 === x1 || y0 === y1, `segment ${i} of ${d}`).toBe(true);
    }
  });

  it('draws gains from the origin and lift against 1', () => {
    const deciles = Array.from({ length: 10 }, (_, i) => (i + 1) / 10);
    const gains = renderGains(
      [{ label: 'M', x: deciles, y: deciles.map((d) => Math.min(1, d * 2)) }],
      OPTIONS,
    );
    expect(lines(gains)).toHaveLength(2);
    expect(gains.textContent).toContain('Share of positives found');
    const lift = renderLift(
      [{ label: 'M', x: deciles.map((d) => d * 10), y: deciles.map((d) => 2 - d) }],
      OPTIONS,
    );
    expect(lift.textContent).toContain('Lift');
  });

  it('draws the value curve as steps with the thresholds marked and named', () => {
    const el = renderValueCurve([{ label: 'M', x: [0.9, 0.6, 0.3], y: [150, 400, 300] }], {
      ...OPTIONS,
      marks: [
        { threshold: 0.6, label: 'chosen' },
        { threshold: 0.3, label: 'best', dashed: true },
      ],
    });
    expect(lines(el)).toHaveLength(1);
    expect(svgOf(el).querySelectorAll('g[aria-label="rule"] line')).toHaveLength(3);
    expect(el.textContent).toContain('chosen 0.60');
    expect(el.textContent).toContain('Value per 1,000 cases');
  });

  it('keeps the value curve readable when acting on everyone costs far more than the best threshold earns', () => {
    const costly = { label: 'M', x: [0.9, 0.6, 0.3, 0.1, 0.02, 0], y: [150, 400, 300, 100, -20000, -50000] };
    expect(valueDomain([costly])).toEqual({ domain: [-40, 440], clipped: true });
    const el = renderValueCurve([costly], { ...OPTIONS, marks: [] });
    expect(el.textContent).toContain('lower values, from acting on nearly everyone, cut off');
    // A curve whose low end is not extreme keeps its whole range.
    expect(valueDomain([{ label: 'M', x: [0.9, 0.3, 0], y: [150, 300, -100] }])).toEqual({
      domain: null,
      clipped: false,
    });
  });

  it('writes large axis numbers short, so the margin does not cut them ("00,000")', () => {
    expect([axisTick(950), axisTick(12_000), axisTick(-250_000), axisTick(2_500_000)]).toEqual([
      '950',
      '12K',
      '-250K',
      '2.5M',
    ]);
  });

  it('draws residuals against predictions, and their histogram', () => {
    const data = { prediction: [1, 2, 3, 4], residual: [0.5, -0.2, 0.1, -0.4] };
    const scatter = renderResiduals(data, { ...OPTIONS, target: 'spend' });
    expect(svgOf(scatter).querySelectorAll('g[aria-label="dot"] circle')).toHaveLength(4);
    expect(scatter.textContent).toContain('Residual (actual − predicted spend)');
    const histogram = renderResidualHistogram(data.residual, { ...OPTIONS, target: 'spend' });
    expect(svgOf(histogram).querySelectorAll('g[aria-label="rect"] rect').length).toBeGreaterThan(0);
  });
});
