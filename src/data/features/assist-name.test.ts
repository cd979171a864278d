import { describe, expect, it } from 'vitest';
import { nameWords, postOutcomeWord } from './assist-sql';

/* The post-outcome name rule fires on whole words only: "Enclosed_Porch" is a porch, not a closure. */
describe('postOutcomeWord', () => {
  it.each([
    ['Enclosed_Porch', null],
    ['enclosedporch', null],
    ['ScreenPorch', null],
    ['tenure', null],
    ['Discontinued_items', null],
    ['precancel_score', null],
    ['weekend_visits', null],
    ['account_closed', 'closed'],
    ['ChurnReason', 'churn'],
    ['cancel_date', 'cancel'],
    ['date_cancelled', 'cancelled'],
    ['contractEndDate', 'end date'],
    ['close_date', 'close date'],
    ['REFUNDED', 'refunded'],
  ])('%s → %s', (name, word) => expect(postOutcomeWord(name)).toBe(word));

  it('splits names at separators and case changes', () => {
    expect(nameWords('contractEndDate')).toEqual(['contract', 'end', 'date']);
    expect(nameWords('Enclosed_Porch 2')).toEqual(['enclosed', 'porch']);
  });
});
