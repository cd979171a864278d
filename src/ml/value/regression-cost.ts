/**
 * Cost of regression errors when over- and under-predicting cost differently per unit (e.g.
 * overstock vs a lost sale): over = ŷ > y costs (ŷ − y) · costPerUnitOver, under the reverse.
 */
import { MlError } from '../metrics/errors';
import { pairedColumns } from '../metrics/validate';

export interface RegressionCostRates {
  readonly costPerUnitOver: number;
  readonly costPerUnitUnder: number;
}

export interface RegressionCost {
  readonly total: number;
  readonly perCase: number;
  readonly perThousand: number;
  readonly overCount: number;
  readonly underCount: number;
  readonly overCost: number;
  readonly underCost: number;
}

export function regressionCost(
  y: ArrayLike<number>,
  prediction: ArrayLike<number>,
  rates: RegressionCostRates,
): RegressionCost {
  for (const key of ['costPerUnitOver', 'costPerUnitUnder'] as const) {
    if (!(Number.isFinite(rates[key]) && rates[key] >= 0)) {
      throw new MlError('bad-option', `${key} must be a finite number ≥ 0; got ${rates[key]}.`);
    }
  }
  const rows = pairedColumns(y, prediction, ['y', 'prediction']);
  let overCount = 0;
  let underCount = 0;
  let overCost = 0;
  let underCost = 0;
  for (let i = 0; i < rows.y.length; i++) {
    const error = (rows.score[i] ?? 0) - (rows.y[i] ?? 0);
    if (error > 0) {
      overCount++;
      overCost += error * rates.costPerUnitOver;
    } else if (error < 0) {
      underCount++;
      underCost -= error * rates.costPerUnitUnder;
    }
  }
  const total = overCost + underCost;
  const perCase = total / rows.y.length;
  return { total, perCase, perThousand: perCase * 1000, overCount, underCount, overCost, underCost };
}
