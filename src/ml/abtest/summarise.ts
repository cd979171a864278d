/** Per-row results (arm, 0/1 outcome, optional value) summarised per arm, in order of appearance. */
import { MlError } from '../metrics/errors';
import type { ArmSummary } from './types';

export function summariseArms(
  arm: readonly string[],
  converted: ArrayLike<number>,
  value?: ArrayLike<number>,
): ArmSummary[] {
  if (converted.length !== arm.length) {
    throw new MlError(
      'length-mismatch',
      `arm has ${arm.length} rows but the outcome has ${converted.length}.`,
    );
  }
  if (value && value.length !== arm.length) {
    throw new MlError('length-mismatch', `arm has ${arm.length} rows but value has ${value.length}.`);
  }
  if (arm.length === 0) throw new MlError('empty', 'The results table has no rows.');
  const byArm = new Map<string, { users: number; conversions: number; values: number[] }>();
  for (let i = 0; i < arm.length; i++) {
    const name = arm[i] ?? '';
    const y = converted[i];
    if (y !== 0 && y !== 1) {
      throw new MlError(
        'not-binary',
        `The outcome must be 0 or 1 (converted or not); row ${i} holds ${y}. Recode it as 0/1, ` +
          'or analyse a numeric outcome as a per-user value (Welch).',
      );
    }
    const v = value ? (value[i] ?? NaN) : 0;
    if (!Number.isFinite(v))
      throw new MlError('not-finite', `value has a non-finite value (${v}) at row ${i}.`);
    const entry = byArm.get(name) ?? { users: 0, conversions: 0, values: [] };
    entry.users += 1;
    entry.conversions += y;
    if (value) entry.values.push(v);
    byArm.set(name, entry);
  }
  return [...byArm].map(([name, e]) =>
    value
      ? { name, users: e.users, conversions: e.conversions, value: { kind: 'values', values: e.values } }
      : { name, users: e.users, conversions: e.conversions },
  );
}
