import { describe, expect, it } from 'vitest';
import { mulberry32, mulberry32After } from './prng';

describe('mulberry32After', () => {
  it('continues the sequence of mulberry32(seed) after that many draws, as drawing them would', () => {
    const reference = mulberry32(107);
    const drawn = Array.from({ length: 5_000 }, () => reference());
    for (const skip of [0, 1, 17, 4_321]) {
      const after = mulberry32After(107, skip);
      expect(Array.from({ length: 20 }, () => after())).toEqual(drawn.slice(skip, skip + 20));
    }
  });

  it('wraps past 2^32 draws (the state is 32 bits): 2^32 draws on, the sequence repeats', () => {
    const start = mulberry32(5);
    const wrapped = mulberry32After(5, 2 ** 32);
    expect([wrapped(), wrapped()]).toEqual([start(), start()]);
  });
});
