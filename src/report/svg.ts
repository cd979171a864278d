import { escapeHtml } from './escape';
import type { SvgNode } from './types';

/*
 * Charts go into the report as inline SVG, serialised here through an allow-list: only drawing
 * elements and presentation attributes pass, every value is escaped, and nothing that can load
 * or run anything (script, foreignObject, style elements, href, on* handlers, url() other than a
 * local #id) survives. What is left out is dropped silently: a chart is better with a missing
 * attribute than a report with a hole in it.
 */

const ELEMENTS = new Set([
  'svg',
  'g',
  'path',
  'line',
  'polyline',
  'polygon',
  'rect',
  'circle',
  'ellipse',
  'text',
  'tspan',
  'title',
  'desc',
  'defs',
  'clippath',
  'lineargradient',
  'stop',
]);

/** Elements whose names are camel-case in SVG: the HTML parser fixes their case, but we write it right. */
const CASED: Readonly<Record<string, string>> = {
  clippath: 'clipPath',
  lineargradient: 'linearGradient',
};

const ATTRIBUTES = new Set([
  'id',
  'class',
  'x',
  'y',
  'x1',
  'x2',
  'y1',
  'y2',
  'cx',
  'cy',
  'r',
  'rx',
  'ry',
  'dx',
  'dy',
  'd',
  'points',
  'width',
  'height',
  'viewbox',
  'transform',
  'fill',
  'fill-opacity',
  'fill-rule',
  'stroke',
  'stroke-width',
  'stroke-opacity',
  'stroke-dasharray',
  'stroke-dashoffset',
  'stroke-linecap',
  'stroke-linejoin',
  'stroke-miterlimit',
  'opacity',
  'paint-order',
  'vector-effect',
  'shape-rendering',
  'font-family',
  'font-size',
  'font-weight',
  'font-style',
  'font-variant',
  'text-anchor',
  'dominant-baseline',
  'letter-spacing',
  'clip-path',
  'offset',
  'stop-color',
  'stop-opacity',
  'color',
  'style',
  'role',
  'aria-label',
  'aria-description',
  'aria-hidden',
  'text-rendering',
]);

const CASED_ATTRIBUTES: Readonly<Record<string, string>> = { viewbox: 'viewBox' };

/** url(...) only to a local id (Plot's clip paths); no other url, no escapes that could hide one. */
function safeValue(name: string, value: string): boolean {
  // Control characters and backslashes can hide a url( from the check below.
  // eslint-disable-next-line no-control-regex
  if (/[\\\u0000-\u001f]/.test(value)) return false;
  const urls = value.match(/url\s*\(/gi) ?? [];
  const localUrls = value.match(/url\(\s*["']?#[\w-]+["']?\s*\)/gi) ?? [];
  if (urls.length !== localUrls.length) return false;
  if (name === 'style' && /expression|@import|javascript:|behavior/i.test(value)) return false;
  return true;
}

/**
 * Ids, renamed in order of first appearance across the whole report: Plot numbers its clip paths
 * from a page-wide counter, so the same chart drawn twice would not give the same bytes, and two
 * charts' ids must not meet the report's own.
 */
export class SvgIds {
  readonly #names = new Map<string, string>();
  name(id: string): string {
    let name = this.#names.get(id);
    if (name === undefined) {
      name = `svg-${this.#names.size + 1}`;
      this.#names.set(id, name);
    }
    return name;
  }
}

function attributes(node: SvgNode, ids: SvgIds): string {
  let out = '';
  for (const [rawName, raw] of node.attrs) {
    const name = rawName.toLowerCase();
    if (!ATTRIBUTES.has(name) || !safeValue(name, raw)) continue;
    const value =
      name === 'id'
        ? ids.name(raw)
        : raw.replace(/url\(\s*["']?#([\w-]+)["']?\s*\)/gi, (_, id: string) => `url(#${ids.name(id)})`);
    out += ` ${CASED_ATTRIBUTES[name] ?? name}="${escapeHtml(value)}"`;
  }
  return out;
}

/** The SVG as markup, allow-listed and escaped. An element that is not allowed goes with its children. */
export function serializeSvg(node: SvgNode, ids: SvgIds = new SvgIds()): string {
  const tag = node.tag.toLowerCase();
  if (!ELEMENTS.has(tag)) return '';
  const name = CASED[tag] ?? tag;
  const children = node.children
    .map((child) => (typeof child === 'string' ? escapeHtml(child) : serializeSvg(child, ids)))
    .join('');
  return `<${name}${attributes(node, ids)}>${children}</${name}>`;
}
