import DOMPurify from 'dompurify';
import { marked } from 'marked';

/** Attributes that make the browser fetch or navigate to an address on its own. */
const URL_ATTRIBUTES = ['src', 'srcset', 'poster', 'background', 'data', 'action', 'formaction', 'ping'];

/**
 * Whether an address stays on this machine: data: and blob: URLs, and relative ones (the app's
 * own origin). Anything with another scheme, or protocol-relative (`//host`), leaves it.
 */
export function isLocalAddress(value: string, origin: string | null): boolean {
  const trimmed = value.trim();
  if (/^(data|blob):/i.test(trimmed)) return true;
  if (/^[a-z][a-z\d+.-]*:/i.test(trimmed) || trimmed.startsWith('//') || trimmed.startsWith('\\\\')) {
    if (origin === null) return false;
    try {
      return new URL(trimmed, origin).origin === origin;
    } catch {
      return false;
    }
  }
  return true;
}

/*
 * One DOMPurify instance of our own, so that its hook cannot change anyone else's sanitising.
 * A remote image would be a beacon: a shared case could tell a server who opened it and when.
 * So remote addresses are dropped while sanitising (never after: Jupyter's CVE-2018-8768 came
 * from changing HTML after the sanitiser had passed it), and an image keeps its address as text.
 */
const purify = typeof window === 'undefined' ? null : DOMPurify(window);
purify?.addHook('afterSanitizeAttributes', (node) => {
  const origin = typeof location === 'undefined' ? null : location.origin;
  for (const name of URL_ATTRIBUTES) {
    const value = node.getAttribute(name);
    if (value === null || isLocalAddress(value, origin)) continue;
    node.removeAttribute(name);
    if (node.tagName === 'IMG') {
      const alt = node.getAttribute('alt') ?? '';
      node.setAttribute('alt', `[remote image not loaded${alt === '' ? '' : `: ${alt}`} — ${value}]`);
      node.setAttribute('title', `Casebook never loads remote addresses: ${value}`);
      node.setAttribute('data-remote-blocked', '');
    }
  }
});

/**
 * Markdown to safe HTML: parsed by marked, then sanitised by DOMPurify as the very last step.
 * Nothing may change the HTML after sanitising. Remote images, media and inline styles (CSS
 * `url()`) are not kept: nothing in a note may make a request that leaves the machine.
 */
export function renderMarkdown(text: string): string {
  if (purify === null) throw new Error('renderMarkdown needs a DOM.');
  const html = marked.parse(text, { async: false, gfm: true });
  return purify.sanitize(html, {
    USE_PROFILES: { html: true },
    FORBID_TAGS: ['style', 'form'],
    FORBID_ATTR: ['style'],
  });
}
