import type { CellUnit } from '../unit';
import MarkdownView from './MarkdownView.svelte';
import { runMarkdown, type MarkdownOutput } from './run';

/** A markdown cell's first heading names its section. */
function firstHeading(text: string): string | null {
  const match = /^#{1,6}\s+(.+?)\s*#*\s*$/m.exec(text);
  return match?.[1] ?? null;
}

export const markdown: CellUnit<'markdown', MarkdownOutput> = {
  label: 'Markdown',
  description: 'Notes, the brief, conclusions',
  run: runMarkdown,
  view: MarkdownView,
  doneText: () => 'done',
  report: {
    has: (cell) => cell.config.text.trim() !== '',
    section: ({ config: { text } }) =>
      text.trim() === '' ? null : { kind: 'markdown', heading: firstHeading(text) ?? 'Notes', text },
    shownBatch: () => null,
  },
  script: null,
  lineage: () => null,
  lineageView: null,
  learned: () => null,
  cache: null,
};
