import { abError } from '../../data/abtest';
import {
  powerCurve,
  sampleSize,
  testDuration,
  type Design,
  type Duration,
  type PowerPoint,
} from '../../ml/abtest';
import type { AbDesignConfig } from '../../notebook/types';

/** The design half of an A/B cell: the users per arm, the days, and the power over effect sizes. */
export interface DesignResult {
  readonly design: Design;
  /** Null when no daily traffic is given. */
  readonly duration: Duration | null;
  readonly curve: readonly PowerPoint[];
}

/**
 * The design for a baseline rate (from the brief's data or typed): pure, so the view recomputes
 * it as the settings are typed. A setting the statistics cannot use (a zero baseline, an MDE of 0,
 * a power of 1) throws an AppError('bad-input') that says what to change.
 */
export function designOf(config: AbDesignConfig, baselineRate: number): DesignResult {
  try {
    const design = sampleSize({
      baselineRate,
      effect: config.mde,
      power: config.power,
      alpha: config.alpha,
      alternative: config.alternative,
      treatmentShare: config.treatmentShare,
    });
    const traffic = config.dailyTraffic;
    const duration = traffic === null || traffic === 0 ? null : testDuration(design.totalUsers, traffic);
    return { design, duration, curve: powerCurve(design, { points: 41, upTo: 2 }) };
  } catch (e: unknown) {
    throw abError(e);
  }
}

/** The users per arm the analysis checks against (peeking): the smaller arm's plan. */
export function plannedPerArm(design: Design): number {
  return Math.min(design.perArm.control, design.perArm.treatment);
}
