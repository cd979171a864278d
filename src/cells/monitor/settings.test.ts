import { describe, expect, it } from 'vitest';
import { factsOf } from '../../notebook/kinds';
import { PSI_LIMITS } from '../../notebook/kinds/monitor';
import { parseNumber } from '../../ui/number-field';

/** A monitor config with both PSI thresholds at `psi`, as a saved document holds it. */
function restored(psi: number): unknown {
  const facts = factsOf('monitor');
  const config = {
    ...facts.defaults({ taken: new Set(), above: [], task: null }),
    moderate: psi,
    major: psi,
  };
  return facts.restore(JSON.parse(JSON.stringify(config)), 'config', []);
}

describe('the PSI fields of the monitor settings', () => {
  it('accept what a saved monitor may hold, and refuse the rest with the range', () => {
    for (const psi of [0.001, 0.1, 10]) {
      expect(parseNumber(String(psi), PSI_LIMITS)).toEqual({ value: psi });
      expect(restored(psi)).toMatchObject({ moderate: psi, major: psi });
    }
    for (const psi of [0, 0.0005, 10.5]) {
      expect(parseNumber(String(psi), PSI_LIMITS)).toEqual({ error: 'Must be a number from 0.001 to 10.' });
      expect(() => restored(psi)).toThrow(/moderate is (below|above)/);
    }
  });
});
