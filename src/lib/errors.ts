/**
 * One error type for everything a person may see. `code` is for programs, `message` is for
 * people and says what happened and what to do; `cause` keeps the original error. Each code
 * means one thing:
 */
export type ErrorCode =
  /** DuckDB refused a query (a `SqlError`, which keeps the SQL and where in it). */
  | 'sql'
  /** Something the cell needs is not chosen or filled in yet: its table, the brief's target, a feature, a model. */
  | 'missing-input'
  /** What was chosen does not fit the data: a column the table lacks, a value out of range, a target with one class. */
  | 'bad-input'
  /** A table the cell reads does not exist yet: the cell that makes it has not run. */
  | 'table-missing'
  /** The cells' graph: two cells make one table, cells read each other in a circle, a cell reads its own table. */
  | 'graph'
  /** Not run, because a cell it reads from failed. */
  | 'upstream-failed'
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
  /** A stored or imported document (a case, a run, a workspace file) is corrupt, or from a newer version. */
  | 'invalid-document'
  /** A bug: something the code should never let happen. */
  | 'internal';

/** Why something cannot be done, as a pure check returns it (instead of throwing). */
export interface Problem {
  readonly code: ErrorCode;
  readonly message: string;
}

/** Throws `problem` as an AppError; does nothing when there is none. */
export function throwIf(problem: Problem | null): void {
  if (problem) throw problemError(problem);
}

export function problemError(problem: Problem): AppError {
  return new AppError(problem.code, problem.message);
}

/**
 * Throws the problem a check found, where a value the check vouches for is missing:
 * `config.file ?? fail(sourceProblem(config))`. A check that found none is a bug.
 */
export function fail(problem: Problem | null): never {
  throw problem ? problemError(problem) : new AppError('internal', 'A check passed what it should refuse.');
}

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

export function assertNever(value: never): never {
  throw new AppError('internal', `Unexpected value: ${JSON.stringify(value)}`);
}
