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

  it.each([
    ['2001/01/01 00:47', '%Y/%m/%d %H:%M'],
    ['2001/01/01', '%Y/%m/%d'],
    ['01.02.2001 13:05', '%d.%m.%Y %H:%M'],
    ['01/15/2001 3:07 PM', '%m/%d/%Y %I:%M %p'],
    ['15/01/2001 03:07:09 pm', '%d/%m/%Y %I:%M:%S %p'],
    ['2001-01-01T00:47:00+02:00', '%Y-%m-%dT%H:%M:%S%z'],
    ['2001-01-01T00:47:00Z', '%Y-%m-%dT%H:%M:%SZ'],
    ['2001-01-01T00:47:00.123Z', '%Y-%m-%dT%H:%M:%S.%fZ'],
    ['2001-01-01 00:47:00.5', '%Y-%m-%d %H:%M:%S.%f'],
    ['Jan 15, 2001', '%b %d, %Y'],
  ])('detects %s as %s', async (value, format) => {
    const e = await createNodeEngine();
    await e.exec(`CREATE TABLE d AS SELECT * FROM (VALUES ('${value}'), ('${value}')) AS v(x)`);
    expect((await guessDateFormat(e, 'd', 'x')).format).toBe(format);
    await e.terminate();
  });

  it('answers null for text that matches no format', async () => {
    expect(await guessDateFormat(engine, 't', 'words')).toEqual({ format: null, share: 0, alsoMatches: [] });
  });
});
