import { describe, expect, it } from 'vitest';
import { AppError } from '../lib/errors';
import { buildGraph, fingerprints } from './graph';
import { asCaseId, asCellId } from './ids';
import { addCell, blankCell, createCase, newCell, updateConfig } from './ops';
import { migrateCase, restoreCase } from './restore';
import { NOW } from './test-helpers';
import type { Cell } from './types';

const CONFIG = {
  input: 'predictions',
  threshold: 0.3,
  slices: ['Contract', 'tenure'],
  bootstrap: { resamples: 2000, seed: 7 },
  model: 'run-1',
  champion: null,
};

function rawCase(config: unknown): unknown {
  return {
    schemaVersion: 1,
    id: 'case-1',
    title: 'Churn',
    createdAt: NOW,
    updatedAt: NOW,
    cells: [{ id: 'e1', kind: 'evaluate', reads: ['predictions'], config }],
  };
}

const restored = (config: unknown) => restoreCase(migrateCase(rawCase(config))).case.cells[0];

function failure(config: unknown): string {
  try {
    restored(config);
  } catch (e: unknown) {
    if (e instanceof AppError) return e.message;
    throw e;
  }
  throw new Error('expected the case to be refused');
}

describe('evaluate cell config: restore', () => {
  it('round-trips a config and drops unknown keys', () => {
    const cell = restored({ ...CONFIG, extra: '<script>' });
    expect(cell).toEqual({ id: 'e1', kind: 'evaluate', reads: ['predictions'], config: CONFIG });
  });

  it('fills what an older or hand-made file leaves out, with the defaults', () => {
    expect(restored({ input: 'preds' })?.config).toEqual({
      input: 'preds',
      threshold: null,
      slices: [],
      bootstrap: { resamples: 1000, seed: 42 },
      model: null,
      champion: null,
    });
  });

  it('keeps each slice column once', () => {
    expect(restored({ ...CONFIG, slices: ['a', ' a', 'b'] })?.config).toMatchObject({ slices: ['a', 'b'] });
  });

  it('refuses values that cannot work, naming the field', () => {
    expect(failure({ ...CONFIG, threshold: 1.5 })).toMatch(/cells\[0\]\.config\.threshold is above 1/);
    expect(failure({ ...CONFIG, threshold: 'high' })).toMatch(/threshold is not a number/);
    expect(failure({ ...CONFIG, bootstrap: { resamples: 5, seed: 1 } })).toMatch(
      /bootstrap\.resamples is below 100/,
    );
    expect(failure({ ...CONFIG, bootstrap: { resamples: 1000, seed: 1.5 } })).toMatch(
      /seed is not a whole number/,
    );
    expect(failure({ ...CONFIG, slices: 'Contract' })).toMatch(/slices is not a list/);
    expect(failure({ ...CONFIG, champion: '' })).toMatch(/champion is empty/);
  });
});

describe('evaluate cell in the notebook', () => {
  it('a new one reads the predictions of the last train cell above it', () => {
    const train = newCell('train', asCellId('t1'), new Set());
    const renamed: Cell = { ...train, config: { ...train.config, output: 'preds_v2' } };
    const cell = blankCell('evaluate', asCellId('e1'), new Set(), [renamed]);
    expect(cell).toMatchObject({ kind: 'evaluate', reads: ['preds_v2'], config: { input: 'preds_v2' } });
    expect(blankCell('evaluate', asCellId('e2'), new Set())).toMatchObject({
      config: { input: 'predictions' },
    });
  });

  it('reads the brief and the predictions table, writes nothing, and goes stale with either', () => {
    let c = createCase(asCaseId('case-1'), 'Churn', NOW);
    c = addCell(c, newCell('brief', asCellId('b1'), new Set()), 0, NOW);
    const train = newCell('train', asCellId('t1'), new Set());
    c = addCell(c, train, 1, NOW);
    c = addCell(c, blankCell('evaluate', asCellId('e1'), new Set(), c.cells), 2, NOW);
    const graph = buildGraph(c.cells);
    expect(graph.upstream.get(asCellId('e1'))).toEqual([asCellId('b1'), asCellId('t1')]);
    const before = fingerprints(c.cells, graph).get(asCellId('e1'));
    const moved = updateConfig(c, asCellId('e1'), 'evaluate', { threshold: 0.4 }, NOW);
    expect(fingerprints(moved.cells, buildGraph(moved.cells)).get(asCellId('e1'))).not.toBe(before);
    const rebriefed = updateConfig(c, asCellId('b1'), 'brief', { bar: 0.9 }, NOW);
    expect(fingerprints(rebriefed.cells, buildGraph(rebriefed.cells)).get(asCellId('e1'))).not.toBe(before);
    const repointed = updateConfig(c, asCellId('e1'), 'evaluate', { input: 'other' }, NOW);
    expect(repointed.cells[2]?.reads).toEqual(['other']);
  });
});
