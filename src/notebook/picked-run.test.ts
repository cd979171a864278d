import { describe, expect, it } from 'vitest';
import { DEFAULT_BOOTSTRAP, type EvaluateConfig } from './evaluate-types';
import { asCellId } from './ids';
import { pickedRun } from './picked-run';
import type { Cell } from './types';

const evaluate = (id: string, input: string, model: string | null): Cell => ({
  id: asCellId(id),
  kind: 'evaluate',
  config: {
    input,
    threshold: null,
    slices: [],
    bootstrap: { ...DEFAULT_BOOTSTRAP },
    model,
    champion: null,
  } satisfies EvaluateConfig,
  reads: [input],
});

describe('the run an evaluate cell picks', () => {
  it('is the first pick of an evaluate cell of that predictions table', () => {
    const cells = [
      evaluate('a', 'other', 'run-x'),
      evaluate('b', 'predictions', null),
      evaluate('c', ' predictions ', 'run-1'),
      evaluate('d', 'predictions', 'run-2'),
    ];
    expect(pickedRun(cells, 'predictions')).toBe('run-1');
    expect(pickedRun(cells, 'other')).toBe('run-x');
  });

  it('is none when no evaluate cell of the table picks one, or no table is named', () => {
    expect(pickedRun([evaluate('b', 'predictions', null)], 'predictions')).toBeNull();
    expect(pickedRun([evaluate('a', 'other', 'run-x')], 'predictions')).toBeNull();
    expect(pickedRun([evaluate('a', '', 'run-x')], '')).toBeNull();
  });
});
