import { JSDOM } from 'jsdom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runChart } from '../../data/chart/run';
import { CHURN_SQL, engineWith } from '../../data/chart/test-helpers';
import type { ChartData, ChartSpec } from '../../data/chart/types';
import type { SqlEngine } from '../../data/engine';
import { svgString } from './export';
import { renderChart } from './render';

const XSS = '<img src=x onerror=alert(1)>';
let engine: SqlEngine;
const { document } = new JSDOM('').window;

beforeAll(async () => {
  engine = await engineWith(`${CHURN_SQL}
    CREATE TABLE t AS SELECT CAST(i AS DOUBLE) AS v, CAST(i * 2 % 7 AS DOUBLE) AS w,
      CASE WHEN i % 3 = 0 THEN '${XSS}' ELSE 'cat ' || (i % 3) END AS g, DATE '2024-01-01' + CAST(i AS INTEGER) AS d
    FROM range(1, 61) AS r(i);`);
});
afterAll(() => engine.terminate());

async function draw(spec: ChartSpec, table = 't'): Promise<{ el: Element; data: ChartData }> {
  const data = await runChart(engine, table, spec);
  return { el: renderChart(spec, data, { theme: 'dark', width: 640, document }), data };
}

function plotSvg(el: Element): Element {
  const svg = el.localName === 'svg' ? el : [...el.querySelectorAll(':scope > svg')].pop();
  if (svg === undefined) throw new Error('no svg');
  return svg;
}

describe('renderChart', () => {
  it('draws one rect per histogram bin, with axis labels', async () => {
    const { el } = await draw({ kind: 'histogram', column: 'v', bins: 12 });
    expect(el.querySelectorAll('g[aria-label="rect"] rect')).toHaveLength(12);
    expect(el.textContent).toContain('v');
    expect(el.textContent).toContain('count');
  });

  it('uses a log scale for a log histogram', async () => {
    const { el } = await draw({ kind: 'histogram', column: 'v', bins: 5, log: true });
    expect(el.querySelectorAll('g[aria-label="rect"] rect')).toHaveLength(5);
    expect(el.textContent).toContain('10');
  });

  it('names the aggregate on the axis and shows category text as text', async () => {
    const { el } = await draw({ kind: 'bar', x: 'g', aggregate: 'mean', y: 'v', color: 'g', title: 'Mean' });
    expect(el.textContent).toContain('mean of v');
    expect(el.textContent).toContain(XSS);
    expect(el.querySelector('img')).toBeNull();
    expect(el.querySelectorAll('g[aria-label="bar"] rect')).toHaveLength(3);
    const file = svgString(el);
    expect(file.startsWith('<svg')).toBe(true);
    expect(file).toContain('xmlns="http://www.w3.org/2000/svg"');
    expect(file).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(file).not.toContain('<img');
    expect(file).toMatch(/style="color: (#e6edf3|rgb\(230, 237, 243\))/);
    expect(file.match(/ xmlns=/g)).toHaveLength(1);
    const parsed = new JSDOM(file, { contentType: 'image/svg+xml' }).window.document;
    expect(parsed.querySelector('parsererror')).toBeNull();
    expect(parsed.documentElement.localName).toBe('svg');
  });

  it('draws circles for a scatter plot and rects for its bins', async () => {
    const { el } = await draw({ kind: 'scatter', x: 'v', y: 'w' });
    expect(el.querySelectorAll('circle')).toHaveLength(60);
    await engine.exec(
      'CREATE TABLE many AS SELECT CAST(i AS DOUBLE) AS x, CAST(i % 97 AS DOUBLE) AS y FROM range(6000) AS r(i)',
    );
    const binned = await draw({ kind: 'scatter', x: 'x', y: 'y' }, 'many');
    expect(binned.data.meta.binned).toBe(true);
    expect(binned.el.querySelectorAll('g[aria-label="rect"] rect')).toHaveLength(binned.data.rows.length);
  });

  it('draws a path for a line, facets into panels', async () => {
    const { el } = await draw({ kind: 'line', time: 'd', aggregate: 'count', grain: 'week' });
    expect(el.querySelectorAll('g[aria-label="line"] path')).toHaveLength(1);
    const faceted = await draw({
      kind: 'line',
      time: 'd',
      aggregate: 'sum',
      y: 'v',
      grain: 'week',
      facet: 'g',
    });
    expect(faceted.el.querySelectorAll('g[aria-label="line"] path')).toHaveLength(3);
  });

  it('draws boxes, a heatmap in RdBu and target charts', async () => {
    const box = await draw({ kind: 'box', y: 'v', by: 'g' });
    expect(box.el.querySelectorAll('g[aria-label="bar"] rect')).toHaveLength(3);
    const heat = await draw({ kind: 'heatmap' });
    expect(heat.el.querySelectorAll('g[aria-label="cell"] rect')).toHaveLength(4);
    const rate = await draw({ kind: 'target-rate', segment: 'contract', target: 'churn' }, 'churn');
    expect(rate.el.textContent).toContain('rate of churn = Yes');
    expect(rate.el.querySelectorAll('title')).toHaveLength(3);
    const grid = await draw({ kind: 'target-grid', target: 'churn' }, 'churn');
    expect(grid.el.localName).toBe('svg');
    expect(grid.el.querySelectorAll(':scope > svg')).toHaveLength(2);
    expect(svgString(grid.el)).toContain('tenure');
  });

  it('renders empty data without throwing', async () => {
    await engine.exec('CREATE TABLE empty (v DOUBLE)');
    const { el } = await draw({ kind: 'histogram', column: 'v' }, 'empty');
    expect(plotSvg(el).localName).toBe('svg');
  });
});
