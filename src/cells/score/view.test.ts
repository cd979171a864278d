import { describe, expect, it } from 'vitest';
import type { ScoreOutput } from './result';
import { doneText, progressText, scoreSummary } from './view';

const OUTPUT: ScoreOutput = {
  kind: 'score',
  model: {
    version: 1,
    stage: 'champion',
    name: 'Telco',
    kind: 'gbdt',
    sha256: 'ab'.repeat(32),
    threshold: 0.3125,
    task: 'binary',
    classes: null,
    rule: null,
  },
  report: {
    rows: 282,
    blocked: false,
    problems: [
      {
        kind: 'unseen-category',
        column: 'PaymentMethod',
        rows: 28,
        values: [{ value: 'Digital wallet', rows: 28 }],
        encodedAs: 'PaymentMethod=(other)',
        action: 'other',
      },
      { kind: 'extra-column', column: 'customerID', action: 'ignore' },
    ],
  },
  table: {
    table: 'scores',
    materialize: 'table',
    rowCount: 282,
    columns: [],
    skippedRows: 0,
    skippedSample: [],
    notices: [],
  },
  rows: 282,
  acted: 1,
  featureSql: 'SELECT 1',
};

describe('the score cell’s words', () => {
  it('counts the flagged problems in the badge, not the ignored columns', () => {
    expect(doneText(OUTPUT)).toBe('282 rows, v1, 1 flagged');
    expect(doneText({ ...OUTPUT, rows: 1, report: { rows: 1, blocked: false, problems: [] } })).toBe(
      '1 row, v1',
    );
  });

  it('says what scored the rows and what it decided', () => {
    expect(scoreSummary(OUTPUT)).toBe(
      'Scored 282 rows into scores with v1 (champion, gbdt, SHA-256 abababababab…): 1 row to act on at threshold 0.313; the input check flagged 1 problem.',
    );
    expect(scoreSummary({ ...OUTPUT, model: { ...OUTPUT.model, threshold: null } })).toContain(
      'no threshold chosen, so no one is acted on',
    );
  });

  it('tells progress by stage', () => {
    expect(progressText({ kind: 'score', stage: 'scoring', rows: 20_000, total: 1_000_000 })).toBe(
      'Scored 20,000 of 1,000,000 rows…',
    );
  });
});
