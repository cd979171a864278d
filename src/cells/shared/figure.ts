import type { SvgNode } from '../../report';
import { standaloneSvg } from '../../ui/plot/export';

/** How the report draws with Plot: light (a report is read on white paper), 640 px wide. */
export function reportPlot(document: Document): { theme: 'light'; width: number; document: Document } {
  return { theme: 'light', width: 640, document };
}

/**
 * A chart drawn by Plot, as plain data for the report: its figure flattened into one SVG
 * (legends and title included), then every element and text node copied out. The report's
 * serialiser decides what of it is kept.
 */
export function chartTree(el: Element): SvgNode {
  return tree(standaloneSvg(el));
}

function tree(el: Element): SvgNode {
  const children: (SvgNode | string)[] = [];
  for (const child of el.childNodes) {
    if (child.nodeType === 3) children.push(child.textContent ?? '');
    else if (child.nodeType === 1 && isElement(child)) children.push(tree(child));
  }
  return {
    tag: el.localName,
    attrs: [...el.attributes].map((a) => [a.name, a.value] as const),
    children,
  };
}

function isElement(node: Node): node is Element {
  return node.nodeType === 1;
}
