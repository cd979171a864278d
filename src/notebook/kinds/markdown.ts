import { text } from '../read';
import type { KindFacts } from './facts';

export interface MarkdownConfig {
  readonly text: string;
}

/** A note: reads nothing, writes nothing, never runs. */
export const markdown: KindFacts<MarkdownConfig> = {
  title: () => 'Markdown',
  defaults: () => ({ text: '' }),
  restore: (raw, path) => ({ text: text(raw['text'], `${path}.text`) }),
  reads: () => ({ tables: [] }),
  output: () => null,
  fingerprint: (config) => config,
  readsBrief: false,
  readsChampion: () => false,
  runs: false,
  cacheable: () => false,
  files: () => [],
  withFile: null,
};
