/*
 * A progress bar on stderr: redrawn in place on a terminal, a line every 10% otherwise (a log
 * file or a CI job), so that the output stays readable either way.
 */

export interface Progress {
  update(done: number): void;
  finish(): void;
}

export interface ProgressOptions {
  readonly total: number;
  readonly label: string;
  readonly write: (text: string) => void;
  readonly tty: boolean;
  readonly now?: () => number;
}

const WIDTH = 30;

function rate(rows: number, ms: number): string {
  const perSecond = ms > 0 ? (rows * 1000) / ms : 0;
  return perSecond >= 1e6
    ? `${(perSecond / 1e6).toFixed(2)}M rows/s`
    : `${Math.round(perSecond).toLocaleString('en-US')} rows/s`;
}

export function progressBar(options: ProgressOptions): Progress {
  const now = options.now ?? (() => performance.now());
  const started = now();
  let lastDraw = -Infinity;
  let lastTenth = -1;
  let done = 0;
  const line = (): string => {
    const share = options.total > 0 ? Math.min(1, done / options.total) : 1;
    const filled = Math.round(share * WIDTH);
    return `${options.label} [${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${(share * 100).toFixed(0).padStart(3)}% ${done.toLocaleString('en-US')} / ${options.total.toLocaleString('en-US')} rows, ${rate(done, now() - started)}`;
  };
  return {
    update(rows: number) {
      done = rows;
      if (options.tty) {
        if (now() - lastDraw < 100) return;
        lastDraw = now();
        options.write(`\r${line()}`);
      } else {
        const tenth = options.total > 0 ? Math.floor((10 * done) / options.total) : 10;
        if (tenth <= lastTenth) return;
        lastTenth = tenth;
        options.write(`${line()}\n`);
      }
    },
    finish() {
      options.write(options.tty ? `\r${line()}\n` : lastTenth >= 10 ? '' : `${line()}\n`);
    },
  };
}
