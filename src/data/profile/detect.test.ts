import { beforeAll, describe, expect, it } from 'vitest';
import type { SqlEngine } from '../engine';
import { createNodeEngine } from '../testing/node-engine';
import { profileTable } from './index';
import { column, expectValidSuggestions, replayNative } from './test-helpers';
import type { TableProfile } from './types';

// 20 rows: numbers as text with one typo and a blank, Yes/No, dd/mm/yyyy dates, ambiguous dates, and no format.
const SETUP = `CREATE TABLE typed AS
SELECT
  CASE WHEN i = 19 THEN '12,5' WHEN i = 20 THEN ' ' ELSE CAST(i * 1.5 AS VARCHAR) END AS amount,
  CAST(i AS VARCHAR) AS whole,
  CASE WHEN i % 3 = 0 THEN 'Yes' ELSE 'No' END AS answer,
  strftime(DATE '2021-01-01' + INTERVAL (i * 5) DAY, '%d/%m/%Y') AS day_first,
  strftime(DATE '2021-01-01' + INTERVAL (i * 31) DAY, '%d/%m/%Y') AS ambiguous,
  'week ' || CAST(i AS VARCHAR) || ' of 2021' AS no_format
FROM range(1, 21) AS r(i)`;

let engine: SqlEngine;
let profile: TableProfile;
beforeAll(async () => {
  engine = await createNodeEngine();
  await engine.exec(SETUP);
  profile = await profileTable(engine, 'typed', { sampleRows: 1000 });
});

describe('type detection in text columns', () => {
  it('numbers stored as text: the share that parse, without the blank, and the value that does not', () => {
    expect(column(profile, 'amount').shouldBe).toEqual({
      type: 'DOUBLE',
      share: 18 / 19,
      failures: ['12,5'],
    });
    expect(column(profile, 'amount').missing.blanks).toBe(1);
    expect(column(profile, 'whole').shouldBe).toEqual({ type: 'BIGINT', share: 1, failures: [] });
  });

  it('Yes/No text as booleans', () => {
    expect(column(profile, 'answer').shouldBe).toEqual({ type: 'BOOLEAN', share: 1, failures: [] });
  });

  it('dd/mm/yyyy dates: the format that parses all of them', () => {
    expect(column(profile, 'day_first').shouldBe).toEqual({
      type: 'DATE',
      format: '%d/%m/%Y',
      share: 1,
      failures: [],
    });
  });

  it('dates that parse as dd/mm and mm/dd: dd/mm is chosen and the other named', () => {
    // Every 31 days from 2021-01-01: the day of the month stays ≤ 12 for the first 10 rows only.
    const ambiguous = column(profile, 'ambiguous').shouldBe;
    expect(ambiguous?.format).toBe('%d/%m/%Y');
    expect(ambiguous?.share).toBe(1);
  });

  it('a text that matches no format stays text', () => {
    expect(column(profile, 'no_format').shouldBe).toBeNull();
  });

  it('proposes blank → NULL then the cast, and date parsing with the detected format', async () => {
    const amount = profile.issues.find((i) => i.column === 'amount' && i.code === 'should-be-number');
    expect(amount?.suggestions).toEqual([
      { recipe: 'placeholder-null', column: 'amount', tokens: [''] },
      { recipe: 'cast', column: 'amount', to: 'DOUBLE' },
    ]);
    const day = profile.issues.find((i) => i.column === 'day_first');
    expect(day?.suggestions).toEqual([{ recipe: 'parse-date', column: 'day_first', format: '%d/%m/%Y' }]);
    await expectValidSuggestions(engine, profile);
    await replayNative(SETUP, profile.queries);
  });
});

describe('ambiguous day/month order', () => {
  it('names the other format when both parse every value', async () => {
    await engine.exec(
      `CREATE TABLE dm AS SELECT strftime(DATE '2021-01-01' + INTERVAL (i) MONTH, '%d/%m/%Y') AS d FROM range(0, 12) AS r(i)`,
    );
    const p = await profileTable(engine, 'dm', { sampleRows: 1000 });
    expect(column(p, 'd').shouldBe).toEqual({
      type: 'DATE',
      format: '%d/%m/%Y',
      alsoMatches: ['%m/%d/%Y'],
      share: 1,
      failures: [],
    });
    expect(p.issues.find((i) => i.code === 'should-be-date')?.message).toContain('%m/%d/%Y');
  });
});
