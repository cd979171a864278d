import type { CellRunner } from '../types';

/** Markdown produces nothing to compute: its rendering is the view's job. */
export const runMarkdown: CellRunner<'markdown'> = () => Promise.resolve({ kind: 'none' });
