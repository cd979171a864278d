/** Where the command line writes, so that tests can run it in-process and read what it said. */
export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Whether stderr is a terminal (the progress bar redraws in place). */
  readonly tty: boolean;
}

/**
 * A failure the command reports and exits with: 1 usage or other error, 2 the input does not fit
 * the model, 3 the bundle or case file was refused.
 */
export class CliError extends Error {
  readonly exitCode: number;

  constructor(exitCode: number, message: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}
