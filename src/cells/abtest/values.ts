import { assertNever } from '../../lib/errors';
import type { OutcomeValues } from '../../ml/abtest';
import type { AbValues, BriefConfig } from '../../notebook/types';

/** The value of each outcome the analysis uses, and how it was found, in words for the cell. */
export interface ValuesChoice {
  readonly values: OutcomeValues | null;
  readonly note: string;
}

const money = (v: number): string => v.toLocaleString('en-US', { maximumFractionDigits: 2 });

/**
 * The outcome values of an A/B analysis. From the brief, the treatment is the brief's action:
 * treating a user costs what acting on a negative loses (−fp), and a user who converts is worth
 * what acting on a positive gains over acting on a negative (tp − fp). Every arm but the control
 * is a treatment and carries the cost.
 */
export function outcomeValuesOf(
  choice: AbValues,
  brief: BriefConfig | null,
  treatments: readonly string[],
): ValuesChoice {
  const costs = (cost: number) => Object.fromEntries(treatments.map((t): [string, number] => [t, cost]));
  switch (choice.kind) {
    case 'none':
      return { values: null, note: 'No outcome values: the value per user is not computed.' };
    case 'typed':
      return {
        values: {
          converted: choice.converted,
          notConverted: choice.notConverted,
          costPerUser: costs(choice.treatmentCost),
        },
        note:
          `Typed values: a converted user is worth ${money(choice.converted)}, one who does not convert ` +
          `${money(choice.notConverted)}; treating a user costs ${money(choice.treatmentCost)}.`,
      };
    case 'brief': {
      if (brief === null || brief.task !== 'binary') {
        return {
          values: null,
          note: 'The value per user needs a binary brief with outcome values: type the values instead.',
        };
      }
      const { tp, fp } = brief.values;
      if (tp === 0 && fp === 0) {
        return {
          values: null,
          note: "The brief's outcome values are 0: fill them in the Brief cell, or type the values here.",
        };
      }
      const cost = Math.max(0, -fp);
      const converted = tp - fp;
      return {
        values: { converted, notConverted: 0, costPerUser: costs(cost) },
        note:
          `From the brief: treating a user costs ${money(cost)} (what acting on a negative loses, −fp), ` +
          `and a user who converts is worth ${money(converted)} (what acting on a positive gains over a negative, tp − fp).`,
      };
    }
    default:
      return assertNever(choice);
  }
}
