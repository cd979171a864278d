/**
 * Alert levels from PSI. The defaults are the usual rule of thumb: below 0.1 the population is
 * stable, from 0.1 it has moved enough to watch ("moderate"), from 0.25 it has shifted ("major").
 */
import { MlError } from '../metrics/errors';

export type DriftLevel = 'stable' | 'moderate' | 'major';

export interface DriftThresholds {
  /** PSI from which a feature is "moderate" (default 0.1). */
  readonly moderate: number;
  /** PSI from which a feature is "major" (default 0.25). */
  readonly major: number;
}

export const DEFAULT_THRESHOLDS: DriftThresholds = { moderate: 0.1, major: 0.25 };

export function resolveThresholds(given: Partial<DriftThresholds> = {}): DriftThresholds {
  const thresholds = { ...DEFAULT_THRESHOLDS, ...given };
  if (!(
    thresholds.moderate > 0 &&
    thresholds.major >= thresholds.moderate &&
    Number.isFinite(thresholds.major)
  ))
    throw new MlError(
      'bad-option',
      `PSI thresholds must satisfy 0 < moderate ≤ major; got moderate ${thresholds.moderate}, major ${thresholds.major}.`,
    );
  return thresholds;
}

export function driftLevel(psi: number, thresholds: DriftThresholds = DEFAULT_THRESHOLDS): DriftLevel {
  if (psi >= thresholds.major) return 'major';
  if (psi >= thresholds.moderate) return 'moderate';
  return 'stable';
}

export function levelRank(level: DriftLevel): number {
  switch (level) {
    case 'stable':
      return 0;
    case 'moderate':
      return 1;
    case 'major':
      return 2;
  }
}
