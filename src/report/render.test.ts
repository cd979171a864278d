import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { escapeHtml } from './escape';
import { renderReport, REPORT_CSP } from './render';
import { serializeSvg } from './svg';
import { sampleInput } from './test-input';
import type { ReportInput, ReportSection } from './types';

const XSS = '<img src=x onerror=alert(1)>';
const BREAKOUT = '</style><script>alert(2)</script>';
const QUOTE = '" onmouseover="alert(3)';

/** Parses the report as a browser would (no scripts run) and lists what could run or load. */
function dangers(html: string): string[] {
  const { document } = new JSDOM(html).window;
  const found: string[] = [];
  for (const el of document.querySelectorAll('*')) {
    const tag = el.localName;
    if (
      [
        'script',
        'iframe',
        'object',
        'embed',
        'img',
        'link',
        'base',
        'form',
        'foreignobject',
        'use',
        'image',
      ].includes(tag)
    ) {
      found.push(`<${tag}>`);
    }
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      if (name.startsWith('on')) found.push(`${tag}[${name}]`);
      if (['src', 'srcset', 'xlink:href', 'action', 'formaction', 'background', 'poster'].includes(name))
        found.push(`${tag}[${name}]`);
      if (name === 'href' && !/^#[\w-]+$/.test(attr.value)) found.push(`${tag}[href=${attr.value}]`);
      if (/url\(\s*['"]?(?!#)/i.test(attr.value)) found.push(`${tag}[${name}] url()`);
    }
  }
  return found;
}

function visibleText(html: string): string {
  return new JSDOM(html).window.document.body.textContent ?? '';
}

describe('escapeHtml', () => {
  it('escapes the five characters that end text or an attribute', () => {
    expect(escapeHtml(`<a href="x" title='y'>&`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;');
  });
});

describe('renderReport', () => {
  it('puts the CSP first in <head>, with no script source at all', () => {
    const html = renderReport(sampleInput());
    const { document } = new JSDOM(html).window;
    const first = document.head.firstElementChild;
    expect(first?.getAttribute('http-equiv')).toBe('Content-Security-Policy');
    expect(first?.getAttribute('content')).toBe(REPORT_CSP);
    expect(REPORT_CSP).toContain("default-src 'none'");
    expect(REPORT_CSP).not.toContain('script-src');
    expect(REPORT_CSP).toContain('img-src data:');
  });

  it('renders every section kind, in the order given', () => {
    const input = sampleInput();
    const html = renderReport(input);
    const { document } = new JSDOM(html).window;
    const kinds = [...document.querySelectorAll('section.part')].map((s) => s.getAttribute('data-kind'));
    expect(kinds).toEqual(input.sections.map((s) => s.kind));
    const all: ReportSection['kind'][] = [
      'brief',
      'source',
      'preparation',
      'profile',
      'chart',
      'features',
      'models',
      'evaluation',
      'backtest',
      'markdown',
    ];
    expect(new Set(kinds)).toEqual(new Set(all));
    expect(document.querySelectorAll('figure svg path').length).toBeGreaterThan(0);
    expect(document.querySelector('[data-value="bar"]')?.textContent).toBe('0.8');
    expect(document.querySelector('[aria-label="Verdict"]')?.textContent).toContain('clears the bar');
    expect(document.querySelector('section[data-kind="markdown"] h3')?.textContent).toBe('Why');
    const folds = document.querySelector('section[data-kind="backtest"] table[aria-label="Backtest folds"]');
    expect(folds?.querySelector('tbody td')?.textContent).toBe('2001-02');
  });

  it('is the same bytes for the same input', () => {
    expect(renderReport(sampleInput())).toBe(renderReport(structuredClone(sampleInput())));
  });

  for (const payload of [XSS, BREAKOUT, QUOTE, '<svg onload=alert(4)>', 'javascript:alert(5)']) {
    it(`shows ${payload} as text in every section kind, summary, stamp and chart`, () => {
      const html = renderReport(sampleInput(payload));
      expect(dangers(html)).toEqual([]);
      expect(html).not.toMatch(/<script/i);
      expect(html).not.toMatch(/<[^>]+\son\w+\s*=/i);
      expect(html.match(/<style>/g)).toHaveLength(1);
      expect(html.match(/<\/style>/g)).toHaveLength(1);
      // The payload reached every place as text: the title, each section's heading and body, the stamp.
      const { document } = new JSDOM(html).window;
      expect(document.title).toBe(`Churn ${payload}`);
      for (const section of document.querySelectorAll('section.part')) {
        expect(section.textContent, section.getAttribute('data-kind') ?? '').toContain(payload);
      }
      expect(document.querySelector('[aria-label="Provenance"]')?.textContent).toContain(payload);
      expect(document.querySelector('[aria-label="Summary"]')?.textContent).toContain(payload);
    });
  }

  it('refers to nothing outside the file', () => {
    const html = renderReport(sampleInput('https://evil.example/x.js'));
    expect(dangers(html)).toEqual([]);
    // Addresses appear only as text people read, never in an attribute.
    const inAttributes = [...html.matchAll(/\s[\w:-]+="([^"]*)"/g)].map((m) => m[1] ?? '');
    expect(inAttributes.filter((v) => /https?:|\/\//i.test(v))).toEqual([]);
    expect(visibleText(html)).toContain('https://evil.example/x.js');
  });

  it('sanitises markdown: raw HTML, links and images become text', () => {
    const text = `${XSS}\n\n<script>alert(1)</script>\n\n[click](javascript:alert(1)) ![x](https://evil.example/p.png) a <b onclick="alert(1)">b</b>`;
    const input: ReportInput = { ...sampleInput(), sections: [{ kind: 'markdown', heading: 'N', text }] };
    const html = renderReport(input);
    expect(dangers(html)).toEqual([]);
    expect(html).not.toMatch(/<script|<b |<img/i);
    expect(visibleText(html)).toContain(XSS);
  });

  it('is small for a sample-sized case', () => {
    const bytes = new TextEncoder().encode(renderReport(sampleInput())).length;
    expect(bytes).toBeLessThan(2 * 1024 * 1024);
    expect(bytes).toBeGreaterThan(10_000);
  });
});

describe('serializeSvg', () => {
  it('keeps drawing elements and presentation attributes, and drops everything that can run or load', () => {
    const out = serializeSvg({
      tag: 'svg',
      attrs: [
        ['viewBox', '0 0 10 10'],
        ['onload', 'alert(1)'],
        ['xmlns', 'http://www.w3.org/2000/svg'],
      ],
      children: [
        { tag: 'script', attrs: [], children: ['alert(1)'] },
        { tag: 'style', attrs: [], children: ['@import url(https://evil.example/x.css)'] },
        { tag: 'foreignObject', attrs: [], children: [{ tag: 'div', attrs: [], children: ['x'] }] },
        {
          tag: 'a',
          attrs: [['href', 'https://evil.example']],
          children: [{ tag: 'rect', attrs: [], children: [] }],
        },
        { tag: 'use', attrs: [['href', 'https://evil.example/s.svg#x']], children: [] },
        { tag: 'image', attrs: [['href', 'https://evil.example/i.png']], children: [] },
        {
          tag: 'g',
          attrs: [
            ['clip-path', 'url(#plot-clip-1)'],
            ['fill', 'url(https://evil.example/#p)'],
            ['style', 'background: url(https://evil.example/b.png)'],
          ],
          children: [{ tag: 'text', attrs: [['x', '1']], children: ['</text><script>alert(1)</script>'] }],
        },
      ],
    });
    expect(out).toBe(
      '<svg viewBox="0 0 10 10"><g clip-path="url(#svg-1)"><text x="1">&lt;/text&gt;&lt;script&gt;alert(1)&lt;/script&gt;</text></g></svg>',
    );
  });
});
