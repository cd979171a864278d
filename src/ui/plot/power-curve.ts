import * as Plot from '@observablehq/plot';
import { RUN_COLORS, style } from './evaluation';
import type { RenderOptions } from './render';

/** One point of a power curve: an effect (absolute, in the MDE's direction) and the test's power there. */
export interface PowerCurvePoint {
  readonly absoluteEffect: number;
  readonly power: number;
}

/**
 * The power of an A/B design over effect sizes (percentage points), with the planned power and the
 * MDE marked: the curve crosses the planned power at the MDE. A tooltip gives each point's values.
 */
export function renderPowerCurve(
  points: readonly PowerCurvePoint[],
  options: RenderOptions & { readonly mde: number; readonly power: number },
): SVGElement | HTMLElement {
  const data = points.map((p) => ({ x: 100 * p.absoluteEffect, y: p.power }));
  const guide = { stroke: 'currentColor', strokeOpacity: 0.45, strokeDasharray: '4,3' };
  return Plot.plot({
    width: options.width,
    height: Math.min(options.width * 0.6, 260),
    document: options.document ?? globalThis.document,
    style: style(options),
    x: { label: 'Effect (percentage points) →', grid: true },
    y: { label: '↑ Power', domain: [0, 1], grid: true },
    marks: [
      Plot.ruleY([options.power], guide),
      Plot.ruleX([100 * options.mde], guide),
      Plot.line(data, { x: 'x', y: 'y', stroke: RUN_COLORS[0], strokeWidth: 2 }),
      Plot.dot(data, {
        x: 'x',
        y: 'y',
        r: 2,
        fill: RUN_COLORS[0],
        title: (d: { x: number; y: number }) => `effect ${d.x.toFixed(2)} pp\npower ${d.y.toFixed(3)}`,
      }),
    ],
  });
}
