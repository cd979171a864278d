import * as Plot from '@observablehq/plot';
import { assertNever } from '../../lib/errors';
import type { ChartData, ChartRow, ChartSpec } from '../../data/chart/types';
import { textOf } from './format';
import { barPlot, boxPlot, histogramPlot, scatterPlot, type ChartPlot } from './marks';
import { classMixPlot, heatmapPlot, linePlot, targetPlot } from './marks-more';

export type Theme = 'light' | 'dark';

export interface RenderOptions {
  readonly theme: Theme;
  /** Outer width in pixels. */
  readonly width: number;
  /** The document to build in (jsdom's in Node); the page's by default. */
  readonly document?: Document;
}

const SVG_NS = 'http://www.w3.org/2000/svg';
const FONT = 'system-ui, sans-serif';
const GRID_CELL = { width: 280, height: 220 };
const TITLE_HEIGHT = 18;

/** Text and lines follow currentColor: the theme only sets `color`. */
export function themeColors(theme: Theme): { color: string; background: string } {
  return theme === 'dark'
    ? { color: '#e6edf3', background: '#0d1117' }
    : { color: '#1f2328', background: '#ffffff' };
}

function plotOptions(spec: ChartSpec, data: ChartData): ChartPlot {
  switch (spec.kind) {
    case 'histogram':
      return histogramPlot(spec, data);
    case 'bar':
      return barPlot(spec, data);
    case 'box':
      return boxPlot(spec, data);
    case 'scatter':
      return scatterPlot(spec, data);
    case 'line':
      return linePlot(spec, data);
    case 'heatmap':
      return heatmapPlot(data);
    case 'target-rate':
      return data.meta.classes === null ? targetPlot(data) : classMixPlot(data);
    case 'target-grid':
      return targetPlot(data);
    default:
      return assertNever(spec);
  }
}

/** Facet panels (a NULL facet is the one panel of an unfaceted chart): 240 px high each. */
function facetCount(data: ChartData): number {
  return Math.max(1, new Set(data.rows.map((r) => r['facet'] ?? null)).size);
}

/**
 * The chart as Observable Plot draws it: an SVG, or a figure holding one (plus the title and the
 * legend) when there is a legend or a title. Text goes in as text nodes, never as markup.
 */
export function renderChart(
  spec: ChartSpec,
  data: ChartData,
  options: RenderOptions,
): SVGElement | HTMLElement {
  const document = options.document ?? globalThis.document;
  const { color } = themeColors(options.theme);
  const style = { color, background: 'transparent', fontFamily: FONT, fontSize: '10px' };
  if (spec.kind === 'target-grid') return targetGrid(data, { ...options, document }, style);
  const plot = plotOptions(spec, data);
  const facets = facetCount(data);
  const height = facets > 1 ? 240 * facets + 100 : undefined;
  // Facet names are drawn at the right of each panel: room for them.
  const margin = facets > 1 ? { marginRight: 120 } : {};
  return Plot.plot({ ...plot, ...margin, width: options.width, height, style, document, title: spec.title });
}

/** Small multiples of a target grid: one Plot SVG per feature, laid out in one SVG. */
function targetGrid(
  data: ChartData,
  options: RenderOptions & { document: Document },
  style: Partial<CSSStyleDeclaration>,
): SVGElement {
  const { document } = options;
  const features = [...new Set(data.rows.map((r) => textOf(r, 'feature')))];
  const columns = Math.max(1, Math.floor(options.width / GRID_CELL.width));
  const cellWidth = Math.floor(options.width / columns);
  const root = document.createElementNS(SVG_NS, 'svg');
  root.setAttribute('width', String(options.width));
  const rows = Math.ceil(features.length / columns);
  root.setAttribute('height', String(rows * GRID_CELL.height));
  root.setAttribute('viewBox', `0 0 ${options.width} ${rows * GRID_CELL.height}`);
  root.setAttribute(
    'style',
    `color: ${style.color ?? 'currentColor'}; font-family: ${FONT}; font-size: 10px`,
  );
  features.forEach((feature, i) => {
    const rowsOf = data.rows.filter((r: ChartRow) => textOf(r, 'feature') === feature);
    // The feature's name is the panel's title, above it (an axis label below reads as the next panel's).
    const plot = targetPlot(
      { ...data, meta: { ...data.meta, labels: { ...data.meta.labels, x: '' } } },
      rowsOf,
    );
    const svg = Plot.plot({
      ...plot,
      width: cellWidth,
      height: GRID_CELL.height - TITLE_HEIGHT,
      style,
      document,
    });
    const x = (i % columns) * cellWidth;
    const y = Math.floor(i / columns) * GRID_CELL.height;
    const title = document.createElementNS(SVG_NS, 'text');
    title.setAttribute('x', String(x + 8));
    title.setAttribute('y', String(y + 13));
    title.setAttribute('font-weight', 'bold');
    title.setAttribute('fill', 'currentColor');
    title.textContent = feature;
    svg.setAttribute('x', String(x));
    svg.setAttribute('y', String(y + TITLE_HEIGHT));
    root.append(title, svg);
  });
  return root;
}
