import { describe, expect, it } from 'vitest';
import { asCellId, asRunId } from '../../notebook/ids';
import type { RunNotes } from '../../notebook/runs';
import { runBundle } from '../../storage/test-runs';
import {
  allTags,
  defaultDescending,
  filterRows,
  lineageDiff,
  metricColumns,
  rowsOf,
  seriesNames,
  settingsDiff,
  sortRows,
  type Filter,
} from './runs-view';

const bundle = runBundle();
const other = runBundle({ batchId: 'batch-2', prefix: 'b2' });
const notes: RunNotes[] = [
  { runId: asRunId('run-1'), tags: ['best'], note: 'ship it', hiddenAt: null, updatedAt: 'x' },
  { runId: asRunId('run-3'), tags: [], note: '', hiddenAt: '2026-01-01', updatedAt: 'x' },
];
const rows = rowsOf({ batches: [bundle.batch], runs: bundle.runs, notes, deletions: [] });
const labels = (list: readonly { run: { label: string } }[]) => list.map((r) => r.run.label);
const ALL: Filter = { text: '', role: '', tag: '', showHidden: true };

describe('runs view rows', () => {
  it('joins runs with their batch and notes', () => {
    expect(rows.map((r) => [r.run.id, r.tags, r.hidden])).toEqual([
      ['run-0', [], false],
      ['run-1', ['best'], false],
      ['run-2', [], false],
      ['run-3', [], true],
    ]);
    expect(metricColumns(rows)).toEqual(['roc_auc', 'pr_auc', 'f1', 'accuracy', 'log_loss', 'brier']);
    expect(allTags(rows)).toEqual(['best']);
  });

  it('filters by text (label, tag, note), role and tag, hiding hidden runs unless asked', () => {
    expect(labels(filterRows(rows, { ...ALL, showHidden: false }))).not.toContain('Linear regression');
    expect(labels(filterRows(rows, { ...ALL, text: 'SHIP' }))).toEqual(['Logistic regression (C = 1)']);
    expect(labels(filterRows(rows, { ...ALL, text: 'neural' }))).toEqual(['Neural network (2, relu)']);
    expect(labels(filterRows(rows, { ...ALL, role: 'baseline' }))).toEqual(['Baseline']);
    expect(labels(filterRows(rows, { ...ALL, tag: 'best' }))).toEqual(['Logistic regression (C = 1)']);
  });

  it('sorts on a column, runs without a value last either way', () => {
    const scored = rows.map((r, i) => ({
      ...r,
      run: { ...r.run, metrics: { roc_auc: [0.5, 0.9, 0.7, null][i] } },
    }));
    expect(labels(sortRows(scored, { key: 'roc_auc', descending: true }))).toEqual([
      'Logistic regression (C = 1)',
      'Neural network (2, relu)',
      'Baseline',
      'Linear regression',
    ]);
    expect(labels(sortRows(scored, { key: 'roc_auc', descending: false })).at(-1)).toBe('Linear regression');
    expect(labels(sortRows(rows, { key: 'model', descending: false }))[0]).toBe('Baseline');
    expect([
      defaultDescending('roc_auc'),
      defaultDescending('log_loss'),
      defaultDescending('created'),
    ]).toEqual([true, false, true]);
  });
});

describe('runs view comparison', () => {
  it('lists only the settings that differ', () => {
    const [, logistic, mlp] = rows;
    if (!logistic || !mlp) throw new Error('fixture');
    const diff = settingsDiff([logistic, mlp]);
    expect(diff.find((d) => d.path === 'model.kind')?.values).toEqual(['logistic', 'mlp']);
    expect(diff.find((d) => d.path === 'model.C')?.values).toEqual(['1', '—']);
    expect(diff.some((d) => d.path.startsWith('data.') || d.path === 'app')).toBe(false);
    expect(settingsDiff([logistic, logistic])).toEqual([]);
  });

  it('names the links of the chain that differ between runs of two batches', () => {
    const changed = {
      ...other.batch,
      lineage: {
        links: other.batch.lineage.links.map((l) =>
          l.cell.id === asCellId('q1') && l.cell.kind === 'sql'
            ? { ...l, cell: { ...l.cell, config: { ...l.cell.config, sql: 'SELECT 2' } } }
            : l,
        ),
      },
    };
    const [first] = rows;
    const second = rowsOf({ batches: [changed], runs: other.runs, notes: [], deletions: [] })[1];
    if (!first || !second) throw new Error('fixture');
    expect(lineageDiff([first, second])).toEqual([
      { label: 'Logistic regression (C = 1)', changes: ['sql active: sql changed.'] },
    ]);
    expect(lineageDiff([first, rows[1] ?? first])[0]?.changes).toEqual([]);
    expect(seriesNames([first, { ...second, run: { ...second.run, label: first.run.label } }])).toEqual([
      'Baseline (run-0)',
      'Baseline (b2-1)',
    ]);
  });
});
