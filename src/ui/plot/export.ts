const SVG_NS = 'http://www.w3.org/2000/svg';
const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';
const FONT = 'system-ui, sans-serif';

function isSvg(node: Node): node is SVGSVGElement {
  return Reflect.get(node, 'namespaceURI') === SVG_NS && node.nodeName.toLowerCase() === 'svg';
}

function sizeOf(el: Element, fallbackWidth: number): { width: number; height: number } {
  const width = Number(el.getAttribute('width'));
  const height = Number(el.getAttribute('height'));
  return { width: width > 0 ? width : fallbackWidth, height: height > 0 ? height : 20 };
}

/** One swatch legend (HTML spans of a colour and a label) redrawn as SVG rects and text. */
function swatchesSvg(doc: Document, swatches: Element, width: number): { node: SVGGElement; height: number } {
  const g = doc.createElementNS(SVG_NS, 'g');
  let x = 0;
  let y = 0;
  for (const swatch of swatches.querySelectorAll('span')) {
    const label = swatch.textContent ?? '';
    const advance = 24 + label.length * 6;
    if (x > 0 && x + advance > width) [x, y] = [0, y + 18];
    const rect = doc.createElementNS(SVG_NS, 'rect');
    for (const [k, v] of Object.entries({ x, y, width: 12, height: 12 })) rect.setAttribute(k, String(v));
    rect.setAttribute('fill', swatch.querySelector('svg')?.getAttribute('fill') ?? 'currentColor');
    const text = doc.createElementNS(SVG_NS, 'text');
    text.setAttribute('x', String(x + 16));
    text.setAttribute('y', String(y + 10));
    text.setAttribute('fill', 'currentColor');
    text.textContent = label;
    g.append(rect, text);
    x += advance;
  }
  return { node: g, height: y + 24 };
}

/** A title line of the figure as SVG text. */
function titleSvg(doc: Document, text: string): SVGTextElement {
  const node = doc.createElementNS(SVG_NS, 'text');
  node.setAttribute('y', '16');
  node.setAttribute('font-size', '16');
  node.setAttribute('font-weight', 'bold');
  node.setAttribute('fill', 'currentColor');
  node.textContent = text;
  return node;
}

/** The parts of Plot's figure (title, legends, the plot) stacked in one SVG. */
function flattenFigure(figure: Element): SVGSVGElement {
  const doc = figure.ownerDocument;
  const plot = [...figure.children].reverse().find(isSvg);
  const width = plot ? sizeOf(plot, 640).width : 640;
  const root = doc.createElementNS(SVG_NS, 'svg');
  let y = 0;
  for (const child of figure.children) {
    const part = doc.createElementNS(SVG_NS, 'g');
    part.setAttribute('transform', `translate(0,${y})`);
    if (isSvg(child)) {
      part.append(child.cloneNode(true));
      y += sizeOf(child, width).height + 4;
    } else if (/^h[1-6]$/i.test(child.localName)) {
      part.append(titleSvg(doc, child.textContent ?? ''));
      y += 26;
    } else {
      const swatches = swatchesSvg(doc, child, width);
      part.append(swatches.node);
      y += swatches.height;
    }
    root.append(part);
  }
  root.setAttribute('width', String(width));
  root.setAttribute('height', String(y));
  root.setAttribute('viewBox', `0 0 ${width} ${y}`);
  if (plot) root.setAttribute('style', plot.getAttribute('style') ?? '');
  return root;
}

/** A copy of the chart as one SVG that opens alone: namespaces, font and colour set inline. */
export function standaloneSvg(el: Element): SVGSVGElement {
  const svg = isSvg(el) ? el.cloneNode(true) : flattenFigure(el);
  if (!isSvg(svg)) throw new Error('The chart has no SVG to export.');
  const color = readColor(el);
  // Namespace declarations as such (a plain `xmlns` attribute would be serialised twice).
  svg.setAttributeNS(XMLNS_NS, 'xmlns', SVG_NS);
  svg.setAttributeNS(XMLNS_NS, 'xmlns:xlink', 'http://www.w3.org/1999/xlink');
  svg.setAttribute('font-family', FONT);
  svg.setAttribute('font-size', '10');
  svg.setAttribute('style', `color: ${color ?? '#1f2328'}; font-family: ${FONT}; font-size: 10px`);
  return svg;
}

/** The text colour set on the chart or its SVG, which currentColor resolves to. */
function readColor(el: Element): string | null {
  const own = el.getAttribute('style')?.match(/(?:^|;)\s*color:\s*([^;]+)/)?.[1];
  if (own) return own.trim();
  const inner = el.querySelector('svg[style*="color"]');
  return inner === null || inner === el ? null : readColor(inner);
}

/** The chart as the text of a standalone .svg file. */
export function svgString(el: Element): string {
  const svg = standaloneSvg(el);
  const Serializer = el.ownerDocument.defaultView?.XMLSerializer ?? globalThis.XMLSerializer;
  return new Serializer().serializeToString(svg);
}

/** The chart drawn to a PNG at `scale` × its size (browser only: needs Image and canvas). */
export async function svgToPngBlob(svg: Element, scale = 2): Promise<Blob> {
  const standalone = standaloneSvg(svg);
  const width = Number(standalone.getAttribute('width')) || 640;
  const height = Number(standalone.getAttribute('height')) || 400;
  const url = URL.createObjectURL(new Blob([svgString(standalone)], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    const context = canvas.getContext('2d');
    if (context === null) throw new Error('This browser cannot draw to a canvas.');
    context.scale(scale, scale);
    context.drawImage(image, 0, 0, width, height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob(
        (blob) => (blob ? resolve(blob) : reject(new Error('The PNG could not be made.'))),
        'image/png',
      ),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}
