import { describe, expect, it } from 'vitest';
import type { TargetRate } from '../../data/profile';
import { mixBars, mixLine } from './format';

describe('mixBars', () => {
  it("stacks each value's class shares from 0, in the classes' order, and leaves out rates without a mix", () => {
    const rates: TargetRate[] = [
      {
        label: 'Dream',
        bucket: 'value',
        count: 124,
        rate: null,
        mix: [
          { label: 'Adelie', share: 0.25 },
          { label: 'Chinstrap', share: null },
          { label: 'Gentoo', share: 0.75 },
        ],
      },
      { label: 'x', bucket: 'value', count: 3, rate: 0.5 },
    ];
    expect(mixBars(rates)).toEqual([
      {
        label: 'Dream (124 rows)',
        parts: [
          { label: 'Adelie', share: 0.25, start: 0 },
          { label: 'Chinstrap', share: 0, start: 0.25 },
          { label: 'Gentoo', share: 0.75, start: 0.25 },
        ],
      },
    ]);
  });

  it('says the mix in words', () => {
    expect(
      mixLine([
        { label: 'Adelie', share: 152 / 344 },
        { label: 'Gentoo', share: null },
      ]),
    ).toBe('Adelie 44.2%, Gentoo –');
  });
});
