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
 * Data or options a model cannot fit are the caller's input ('bad-input'); an unreadable stored
 * model is a corrupt document; a fit that diverged is neither, and travels as 'internal' with its
 * precise `reason`.
 */
const CODES: Record<ModelErrorReason, ErrorCode> = {
  'no-rows': 'bad-input',
  shape: 'bad-input',
  'one-class': 'bad-input',
  'bad-target': 'bad-input',
  'missing-values': 'bad-input',
  'infinite-values': 'bad-input',
  'bad-option': 'bad-input',
  diverged: 'internal',
  'bad-artifact': 'invalid-document',
};

function codeFor(reason: ModelErrorReason): ErrorCode {
  return CODES[reason];
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
