import DOMPurify from 'dompurify';
import { marked } from 'marked';

/**
 * Markdown to safe HTML: parsed by marked, then sanitised by DOMPurify as the very last step.
 * Nothing may change the HTML after sanitising (Jupyter's CVE-2018-8768 came from that).
 */
export function renderMarkdown(text: string): string {
  const html = marked.parse(text, { async: false, gfm: true });
  return DOMPurify.sanitize(html, { USE_PROFILES: { html: true }, FORBID_TAGS: ['style', 'form'] });
}
