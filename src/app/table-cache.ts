import { parquetBrowser } from '../data/parquet';
import { parquetInWorker } from '../data/parquet-worker';
import type { RunCounters, RunCountsSnapshot } from '../runtime/counters';
import type { TableCachePort } from '../runtime/table-cache';
import type { TableCache } from '../storage/table-cache';
import type { Workspace } from '../storage/workspace';

/**
 * The page's one Parquet worker for the table cache, started on the first table it encodes or
 * decodes; parquet-wasm in the page where no worker runs.
 */
const codec = parquetInWorker(parquetBrowser);

/** The runtime's table cache in the browser: storage's TableCache, with parquet-wasm in a worker. */
export function tableCachePort(store: TableCache): TableCachePort {
  return {
    codec,
    find: async (key) => {
      const found = await store.get(key);
      return found && { parquet: found.parquet, meta: found.record.meta };
    },
    save: async (entry) => void (await store.put(entry)),
  };
}

declare global {
  interface Window {
    /** What the runtime did in this page (cells run and restored by kind, cache writes); read only. */
    readonly __casebookCounters?: RunCountsSnapshot;
  }
}

/**
 * Shows the runtime's counters on `window.__casebookCounters`, read only, in every build: reading
 * them changes nothing, and e2e/cache.spec.ts checks through them that a reopen runs no cell.
 */
export function exposeCounters(counters: RunCounters): void {
  Object.defineProperty(window, '__casebookCounters', {
    get: () => counters.snapshot(),
    configurable: true,
  });
}

/** What the table cache holds for one case, with the case's title. */
export interface CacheUsageRow {
  readonly caseId: string;
  readonly title: string;
  readonly tables: number;
  readonly bytes: number;
}

/** The table cache's use by case, the largest first; a case no longer listed reads as deleted. */
export async function cacheUsage(workspace: Workspace): Promise<CacheUsageRow[]> {
  const [usage, cases] = await Promise.all([workspace.tableCache.usage(), workspace.listCases()]);
  const titles = new Map(cases.map((c) => [String(c.id), c.title]));
  return usage.map((u) => ({ ...u, title: titles.get(u.caseId) ?? 'A deleted case' }));
}

/** "0 B", "12.3 kB", "4.5 MB": sizes in the storage panel (powers of 1000, as browsers report quota). */
export function formatBytes(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
}
