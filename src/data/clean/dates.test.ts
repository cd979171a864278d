import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqlEngine } from '../engine';
import { createNodeEngine } from '../testing/node-engine';
import { guessDateFormat } from './dates';

let engine: SqlEngine;
beforeAll(async () => {
  engine = await createNodeEngine();
  await engine.exec(`CREATE TABLE t AS SELECT * FROM (VALUES
    ('31/01/2024', '2024-01-05', 'soon', '01/02/2024'),
    ('15/02/2024', '2024-02-06', 'later', '03/04/2024'),
    ('  ', NULL, 'never', '05/06/2024'),
    ('not a date', '2024-13-01', NULL, NULL)
  ) AS v("day first", iso, words, ambiguous)`);
});
afterAll(() => engine.terminate());

describe('guessDateFormat', () => {
  it('finds day-first dates and says what share parses', async () => {
    expect(await guessDateFormat(engine, 't', 'day first')).toEqual({
      format: '%d/%m/%Y',
      share: 2 / 3,
      alsoMatches: [],
    });
    expect(await guessDateFormat(engine, 't', 'iso')).toEqual({
      format: '%Y-%m-%d',
      share: 2 / 3,
      alsoMatches: [],
    });
  });

  it('names the other order when day and month cannot be told apart', async () => {
    const guess = await guessDateFormat(engine, 't', 'ambiguous');
    expect(guess.format).toBe('%d/%m/%Y');
    expect(guess.alsoMatches).toContain('%m/%d/%Y');
  });

  it('answers null for text that matches no format', async () => {
    expect(await guessDateFormat(engine, 't', 'words')).toEqual({ format: null, share: 0, alsoMatches: [] });
  });
});
