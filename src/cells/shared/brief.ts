import { fail, throwIf, type Problem } from '../../lib/errors';
import type { BriefConfig } from '../../notebook/types';

/** What the features and train cells miss in the case's brief: the brief itself, or its target. */
export function framingProblem(brief: BriefConfig | null): Problem | null {
  if (!brief) {
    return {
      code: 'missing-input',
      message:
        'This case has no brief. Add a Brief cell above and choose the target: the features are learned against it.',
    };
  }
  if (brief.target.trim() === '') {
    return {
      code: 'missing-input',
      message: 'The brief has no target yet. Choose the column to predict in the Brief cell.',
    };
  }
  return null;
}

/** The case's brief, checked for what features and training need (a target), or an error that says what to fill in. */
export function framing(brief: BriefConfig | null): BriefConfig {
  throwIf(framingProblem(brief));
  return brief ?? fail(framingProblem(brief));
}
