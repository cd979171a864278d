import { describe, expect, it } from 'vitest';
import type { LineageLink } from '../../notebook/runs';
import { cellOf } from '../testing';
import { predictionSource, tableFingerprint } from './predictions';

const link = (cell: LineageLink['cell'], fingerprint: string): LineageLink => ({
  cell,
  fingerprint,
  upstream: [],
  fitted: null,
  sql: null,
});

const CHAIN = {
  links: [
    link(cellOf('sql', { sql: 'SELECT 1', output: 'Customers_Clean', materialize: 'table' }), 'aa'),
    link(
      cellOf('features', {
        input: 'customers_clean',
        output: 'feats',
        features: [],
        split: { kind: 'stratified', validationShare: 0.2, seed: 42 },
      }),
      'bb',
    ),
  ],
};

describe('predictionSource (issue 22, item 2)', () => {
  it('is the input of the Features cell that makes the table, with the fingerprint of its cell', () => {
    expect(predictionSource(CHAIN, 'FEATS')).toEqual({ table: 'customers_clean', fingerprint: 'aa' });
    expect(tableFingerprint(CHAIN, 'feats')).toBe('bb');
  });

  it('has no fingerprint for a table no cell of the chain makes, and is null without a Features cell', () => {
    expect(predictionSource({ links: CHAIN.links.slice(1) }, 'feats')).toEqual({
      table: 'customers_clean',
      fingerprint: null,
    });
    expect(predictionSource(CHAIN, 'customers_clean')).toBeNull();
    expect(predictionSource({ links: [] }, 'feats')).toBeNull();
  });
});
