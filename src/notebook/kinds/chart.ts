import { parseChartSpec } from '../chart-parse';
import type { ChartSpec } from '../chart-types';
import { text } from '../read';
import { inputTables, orEllipsis, type KindFacts } from './facts';

export interface ChartConfig {
  /** The table drawn. */
  readonly input: string;
  /** null until the user has chosen a chart and its fields. */
  readonly spec: ChartSpec | null;
}

/** A chart of a table, aggregated in DuckDB. */
export const chart: KindFacts<ChartConfig> = {
  title: (config) => `Chart of ${orEllipsis(config.input)}`,
  defaults: () => ({ input: '', spec: null }),
  restore: (raw, path) => {
    const spec = raw['spec'];
    return {
      input: text(raw['input'] ?? '', `${path}.input`).trim(),
      spec: spec === null || spec === undefined ? null : parseChartSpec(spec),
    };
  },
  reads: (config) => ({ tables: inputTables(config.input) }),
  output: () => null,
  fingerprint: (config) => config,
  readsBrief: false,
  readsChampion: () => false,
  runs: true,
  // Its data is kept without a table (src/cells/chart/cache.ts): a pure function of its fingerprint.
  cacheable: () => true,
  files: () => [],
  withFile: null,
};
