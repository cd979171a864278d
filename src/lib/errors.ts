/**
 * One error type for everything a person may see. `code` is for programs, `message` is for
 * people and says what happened and what to do; `cause` keeps the original error.
 */
export type ErrorCode =
  | 'sql'
  | 'table-missing'
  | 'cancelled'
  | 'engine-restarted'
  | 'engine-failed'
  | 'import-empty'
  | 'import-binary'
  | 'import-encoding'
  | 'import-malformed'
  | 'import-too-large'
  | 'import-unsupported'
  /** A cleaning step turned every value of its column into NULL. */
  | 'values-lost'
  | 'out-of-memory'
  | 'quota'
  | 'conflict'
  | 'storage'
  | 'invalid-document'
  | 'internal';

export class AppError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AppError';
    this.code = code;
  }
}

/** A failed query: keeps the SQL that failed and, when DuckDB reports it, the offset of the error in it. */
export class SqlError extends AppError {
  readonly sql: string;
  readonly position: number | undefined;

  constructor(message: string, sql: string, position: number | undefined, options?: { cause?: unknown }) {
    super('sql', message, options);
    this.name = 'SqlError';
    this.sql = sql;
    this.position = position;
  }
}

export function errorMessage(e: unknown): string {
  if (e instanceof Error) return e.message;
  if (typeof e === 'string') return e;
  return String(e);
}

export function toAppError(e: unknown, fallback: ErrorCode = 'internal'): AppError {
  if (e instanceof AppError) return e;
  return new AppError(fallback, errorMessage(e), { cause: e });
}

export function invariant(condition: unknown, message: string): asserts condition {
  if (!condition) throw new AppError('internal', `Invariant failed: ${message}`);
}

export function assertNever(value: never): never {
  throw new AppError('internal', `Unexpected value: ${JSON.stringify(value)}`);
}
