import { assertNever } from '../../lib/errors';
import { canonicalJson } from '../../notebook/hash';
import { describeChange, diffLineage } from '../../notebook/lineage';
import type { RunBatch, RunNotes, RunRole, StoredRun } from '../../notebook/runs';
import { METRICS, type Metric } from '../../notebook/metrics';
import type { CaseRuns } from '../../storage/runs';

/*
 * The Runs view's logic, apart from its components: rows from the stored records, sorting,
 * filtering, and what a comparison shows (metrics side by side, the settings that differ, the
 * links of the chain that differ).
 */

export interface RunRow {
  readonly run: StoredRun;
  readonly batch: RunBatch;
  readonly tags: readonly string[];
  readonly note: string;
  readonly hidden: boolean;
}

export function rowsOf(data: CaseRuns): RunRow[] {
  const batches = new Map(data.batches.map((b) => [b.id, b]));
  const notes = new Map<string, RunNotes>(data.notes.map((n) => [n.runId, n]));
  return data.runs.flatMap((run) => {
    const batch = batches.get(run.batchId);
    if (!batch) return [];
    const n = notes.get(run.id);
    return [{ run, batch, tags: n?.tags ?? [], note: n?.note ?? '', hidden: (n?.hiddenAt ?? null) !== null }];
  });
}

export type SortKey = 'created' | 'model' | 'backend' | 'duration' | Metric;

export interface Sort {
  readonly key: SortKey;
  readonly descending: boolean;
}

const LOWER_IS_BETTER: ReadonlySet<Metric> = new Set(['log_loss', 'brier', 'rmse', 'mae', 'mape']);

/** The metric columns of these runs: the brief's metric first, then the others of its task. */
export function metricColumns(rows: readonly RunRow[]): Metric[] {
  const first = rows[0]?.batch.framing;
  if (!first) return [];
  const tasks = new Set(rows.map((r) => r.batch.framing.task));
  const all: Metric[] = [...tasks].flatMap((t) => [...METRICS[t]]);
  return [first.metric, ...all.filter((m) => m !== first.metric)];
}

function sortValue(row: RunRow, key: SortKey): string | number | null {
  switch (key) {
    case 'created':
      return row.run.startedAt;
    case 'model':
      return row.run.label.toLowerCase();
    case 'backend':
      return row.run.backend?.backend ?? null;
    case 'duration':
      return row.run.durationMs;
    default:
      return row.run.metrics[key] ?? null;
  }
}

/** Sorted on one column; runs without a value go last either way; ties keep their order. */
export function sortRows(rows: readonly RunRow[], sort: Sort): RunRow[] {
  const sign = sort.descending ? -1 : 1;
  return rows
    .map((row, i) => ({ row, i, value: sortValue(row, sort.key) }))
    .sort((a, b) => {
      if (a.value === null || b.value === null)
        return a.value === b.value ? a.i - b.i : a.value === null ? 1 : -1;
      const order = a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
      return order * sign || a.i - b.i;
    })
    .map((x) => x.row);
}

/** The natural first direction of a column: best first for metrics, newest first for time. */
export function defaultDescending(key: SortKey): boolean {
  if (key === 'created' || key === 'duration') return key === 'created';
  if (key === 'model' || key === 'backend') return false;
  return !LOWER_IS_BETTER.has(key);
}

export interface Filter {
  readonly text: string;
  readonly role: RunRole | '';
  readonly tag: string;
  readonly showHidden: boolean;
}

export function filterRows(rows: readonly RunRow[], filter: Filter): RunRow[] {
  const needle = filter.text.trim().toLowerCase();
  return rows.filter((row) => {
    if (row.hidden && !filter.showHidden) return false;
    if (filter.role !== '' && row.run.role !== filter.role) return false;
    if (filter.tag !== '' && !row.tags.includes(filter.tag)) return false;
    if (needle === '') return true;
    const haystack = [
      row.run.label,
      row.run.role,
      row.run.group ?? '',
      row.run.spec?.kind ?? '',
      row.run.backend?.backend ?? '',
      row.note,
      ...row.tags,
    ];
    return haystack.some((text) => text.toLowerCase().includes(needle));
  });
}

/** Every tag in use, sorted. */
export function allTags(rows: readonly RunRow[]): string[] {
  return [...new Set(rows.flatMap((r) => r.tags))].sort((a, b) => a.localeCompare(b));
}

/** Paths to their values, as text: `{ a: { b: 1 } }` → `a.b` = `1`. */
function flatten(value: unknown, path: string, out: Map<string, string>): void {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, inner] of Object.entries(value))
      flatten(inner, path === '' ? key : `${path}.${key}`, out);
    return;
  }
  out.set(path, value === undefined ? '—' : typeof value === 'string' ? value : canonicalJson(value));
}

/** What decides a run, to diff: its model spec, search values, the cell's settings, data and app. */
function settingsOf(row: RunRow): Map<string, string> {
  const { run, batch } = row;
  const out = new Map<string, string>();
  flatten(
    {
      model: run.spec ?? {
        kind: 'rule',
        sql: batch.framing.baseline.kind === 'rule' ? batch.framing.baseline.sql : '',
      },
      params: run.params ?? undefined,
      training: { backend: batch.config.backend, folds: batch.config.folds, input: batch.data.input },
      data: {
        fingerprint: batch.data.fingerprint.slice(0, 16),
        split: batch.data.splitFingerprint.slice(0, 16),
        rows: batch.data.rows,
        features: batch.data.featureNames.join(', '),
      },
      brief: batch.framing,
      app: batch.appVersion,
    },
    '',
    out,
  );
  return out;
}

export interface DiffRow {
  readonly path: string;
  /** One value per run compared, in order ("—" where a run has none). */
  readonly values: readonly string[];
}

/** The settings whose values are not the same in every run compared. */
export function settingsDiff(rows: readonly RunRow[]): DiffRow[] {
  const settings = rows.map(settingsOf);
  const paths = [...new Set(settings.flatMap((s) => [...s.keys()]))];
  return paths
    .map((path) => ({ path, values: settings.map((s) => s.get(path) ?? '—') }))
    .filter((row) => new Set(row.values).size > 1);
}

/** For each run after the first: how its chain differs from the first run's. */
export function lineageDiff(
  rows: readonly RunRow[],
): { readonly label: string; readonly changes: string[] }[] {
  const [first, ...rest] = rows;
  if (!first) return [];
  return rest.map((row) => ({
    label: row.run.label,
    changes:
      row.batch.id === first.batch.id
        ? []
        : diffLineage(first.batch.lineage, row.batch.lineage).map(describeChange),
  }));
}

/** Legend names: the label, with a short id where two runs compared share one. */
export function seriesNames(rows: readonly RunRow[]): string[] {
  const labels = rows.map((r) => r.run.label);
  return rows.map((r) =>
    labels.filter((l) => l === r.run.label).length > 1
      ? `${r.run.label} (${r.run.id.slice(0, 8)})`
      : r.run.label,
  );
}

export function formatMetric(value: number | null | undefined): string {
  return value === null || value === undefined
    ? '—'
    : Number.isFinite(value)
      ? value.toFixed(4)
      : String(value);
}

/** An ISO time as `2026-03-01 10:00:05` (UTC, as stored). */
export function formatTime(iso: string): string {
  return iso.slice(0, 19).replace('T', ' ');
}

export function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

export function roleLabel(role: RunRole): string {
  switch (role) {
    case 'baseline':
      return 'baseline';
    case 'rule':
      return 'rule';
    case 'model':
      return 'model';
    case 'trial':
      return 'search trial';
    default:
      return assertNever(role);
  }
}
