import { AppError } from '../../lib/errors';
import type { BriefConfig } from '../../notebook/types';

/** The case's brief, checked for what features and training need (a target), or an error that says what to fill in. */
export function framing(brief: BriefConfig | null): BriefConfig {
  if (!brief) {
    throw new AppError(
      'invalid-document',
      'This case has no brief. Add a Brief cell above and choose the target: the features are learned against it.',
    );
  }
  if (brief.target.trim() === '') {
    throw new AppError(
      'invalid-document',
      'The brief has no target yet. Choose the column to predict in the Brief cell.',
    );
  }
  return brief;
}
