import { Marked, type Tokens } from 'marked';
import { escapeHtml } from './escape';

/*
 * Markdown for the report, without a DOM (so no DOMPurify): marked builds the structure, and the
 * renderer is overridden wherever user text could become markup. Raw HTML shows as text, text is
 * always escaped (marked leaves text after an inline <script> tag unescaped), links and images
 * become their text with the address beside it as text, and task boxes are characters: the output
 * has no attribute a user chose except an escaped code language and table alignment.
 */
const markdown = new Marked({
  gfm: true,
  async: false,
  renderer: {
    html: ({ text }: Tokens.HTML | Tokens.Tag): string => escapeHtml(text),
    text(token: Tokens.Text | Tokens.Escape): string {
      return 'tokens' in token && token.tokens
        ? this.parser.parseInline(token.tokens)
        : escapeText(token.text);
    },
    link(token: Tokens.Link): string {
      const label = this.parser.parseInline(token.tokens);
      return token.text === token.href
        ? `<span class="link">${label}</span>`
        : `<span class="link">${label}</span> (${escapeHtml(token.href)})`;
    },
    image: ({ text, href }: Tokens.Image): string =>
      `<span class="image">[image: ${escapeHtml(text === '' ? href : text)}]</span>`,
    checkbox: ({ checked }: Tokens.Checkbox): string => (checked ? '☑ ' : '☐ '),
    heading(token: Tokens.Heading): string {
      // The report's title is h1 and each section h2: a note's headings start below them.
      const depth = Math.min(6, token.depth + 2);
      return `<h${depth}>${this.parser.parseInline(token.tokens)}</h${depth}>\n`;
    },
  },
});

/** Escapes text, leaving character references as written (`&lt;` shows as "<", as in the app). */
function escapeText(text: string): string {
  return text
    .split(/(&(?:#\d{1,7}|#x[\da-f]{1,6}|[a-z][a-z\d]{1,31});)/i)
    .map((part, i) => (i % 2 === 1 ? part : escapeHtml(part)))
    .join('');
}

/** Markdown as HTML that can hold no script, no handler and no request. */
export function markdownHtml(text: string): string {
  return markdown.parse(text, { async: false });
}
