import type { CellRunner } from '../types';

/** A note's run produces nothing: its rendering is the view's job. */
export interface MarkdownOutput {
  readonly kind: 'markdown';
}

export const runMarkdown: CellRunner<'markdown', MarkdownOutput> = () =>
  Promise.resolve({ kind: 'markdown' });
