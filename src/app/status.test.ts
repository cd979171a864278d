import { describe, expect, it } from 'vitest';
import { asCellId } from '../notebook/ids';
import type { CellOf } from '../notebook/types';
import { statusLabel } from './status';

const sql: CellOf<'sql'> = {
  id: asCellId('b'),
  kind: 'sql',
  config: { sql: 'SELECT * FROM t_a', output: 't_b', materialize: 'table' },
  reads: ['t_a'],
};

describe('statusLabel: a queued cell whose input is still being built (issue 21, item 1)', () => {
  it('names the table it waits for, and reads "queued" when it waits for none', () => {
    expect(statusLabel(sql, { state: 'queued' }, true, 't_a')).toEqual({
      state: 'queued',
      text: 'waiting for t_a',
    });
    expect(statusLabel(sql, { state: 'queued' }, true)).toEqual({ state: 'queued', text: 'queued' });
  });
});
