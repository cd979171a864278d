import { AppError, type ErrorCode } from '../../lib/errors';

/** Why a fit or a load failed; `reason` is for programs, as `code` is app-wide. */
export type ModelErrorReason =
  | 'no-rows'
  | 'shape'
  | 'one-class'
  | 'bad-target'
  | 'missing-values'
  | 'infinite-values'
  | 'bad-option'
  | 'diverged'
  | 'bad-artifact';

/*
 * ErrorCode has no code for "the training data is unusable" yet; until lib/errors.ts grows one
 * (say 'invalid-input' / 'diverged'), input problems travel as 'internal' with a precise `reason`,
 * and an unreadable stored model as 'invalid-document', which is what it is.
 */
function codeFor(reason: ModelErrorReason): ErrorCode {
  return reason === 'bad-artifact' ? 'invalid-document' : 'internal';
}

export class ModelError extends AppError {
  readonly reason: ModelErrorReason;

  constructor(reason: ModelErrorReason, message: string, options?: { cause?: unknown }) {
    super(codeFor(reason), message, options);
    this.name = 'ModelError';
    this.reason = reason;
  }
}

export function cancelledError(): AppError {
  return new AppError('cancelled', 'Training was cancelled.');
}
