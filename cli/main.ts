import { parseArgs } from 'node:util';
import { errorMessage } from '../src/lib/errors';
import { CliError, type Io } from './io';
import { runCommand } from './run';
import { scoreCommand } from './score';

export const USAGE = `Casebook on the command line (native DuckDB, no browser).

  npm run casebook -- score BUNDLE INPUT --out OUTPUT [--allow-unseen] [--threads N] [--workers N] [--memory-limit 2GB]
      Scores INPUT (a .csv or .parquet file, a directory of .parquet files, or a glob of them) with
      a model bundle, after checking INPUT against the bundle's input schema. Writes OUTPUT (.csv or
      .parquet, by its extension): row_id, score, decision, model_version, in input order; for a
      multiclass model row_id, score_<class> per class, predicted, decision, model_version.
      --allow-unseen   score categories not seen in training (encoded as the features say, "other")
      --threads N      DuckDB's threads (default: one per core)
      --workers N      JavaScript threads scoring beside the main one (default: cores − 1, at most 8)
      --memory-limit   DuckDB's memory limit; past it, DuckDB spills to a temporary directory

  npm run casebook -- run WORKSPACE --data DIR [--out OUTDIR] [--case ID_OR_TITLE] [--run RUN_ID]
      Re-runs a case's preparation SQL and its fitted feature SQL (from a workspace file made by
      "Export workspace") over the full-size source files in DIR. DuckDB may read only DIR and write
      only OUTDIR. Writes OUTDIR/<features table>.parquet and keeps the tables in OUTDIR/case.duckdb.

Exit codes: 0 done, 1 usage or other error, 2 the input does not fit the model, 3 a file was refused.
`;

function positionals(values: readonly string[], count: number, command: string): string[] {
  if (values.length !== count) {
    throw new CliError(
      1,
      `"${command}" takes ${count} ${count === 1 ? 'path' : 'paths'}, not ${values.length}.\n\n${USAGE}`,
    );
  }
  return [...values];
}

function countOf(flag: string, value: string | undefined, min: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) {
    throw new CliError(1, `--${flag} must be a whole number ≥ ${min}, not ${value}.`);
  }
  return n;
}

async function dispatch(argv: readonly string[], io: Io): Promise<void> {
  const { values, positionals: rest } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      out: { type: 'string' },
      data: { type: 'string' },
      case: { type: 'string' },
      run: { type: 'string' },
      'allow-unseen': { type: 'boolean', default: false },
      threads: { type: 'string' },
      workers: { type: 'string' },
      'memory-limit': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command, ...paths] = rest;
  if (values.help || command === undefined || command === 'help') {
    io.stdout(USAGE);
    return;
  }
  const threads = countOf('threads', values.threads, 1);
  const workers = countOf('workers', values.workers, 0);
  const memoryLimit = values['memory-limit'];
  switch (command) {
    case 'score': {
      const [bundle = '', input = ''] = positionals(paths, 2, command);
      if (values.out === undefined)
        throw new CliError(1, `"score" needs --out OUTPUT (.csv or .parquet).\n\n${USAGE}`);
      const summary = await scoreCommand(
        {
          bundle,
          input,
          out: values.out,
          allowUnseen: values['allow-unseen'],
          ...(threads === undefined ? {} : { threads }),
          ...(memoryLimit === undefined ? {} : { memoryLimit }),
          ...(workers === undefined ? {} : { workers }),
        },
        io,
      );
      const rate =
        summary.seconds > 0 ? Math.round(summary.rows / summary.seconds).toLocaleString('en-US') : '–';
      // Peak resident memory of this process (maxRSS is in KiB): what "memory used" means in the README.
      const peakMiB = Math.round(process.resourceUsage().maxRSS / 1024);
      const outcome =
        summary.decided === null
          ? `${summary.acted.toLocaleString('en-US')} at or above the threshold`
          : `decided ${summary.decided.map((d) => `${d.name} ${d.rows.toLocaleString('en-US')}`).join(', ')}`;
      io.stderr(
        `Scored ${summary.rows.toLocaleString('en-US')} rows in ${summary.seconds.toFixed(1)} s (${rate} rows/s, peak memory ${peakMiB} MiB); ${outcome}.\n`,
      );
      io.stdout(`${summary.out}\n`);
      return;
    }
    case 'run': {
      const [workspace = ''] = positionals(paths, 1, command);
      if (values.data === undefined)
        throw new CliError(
          1,
          `"run" needs --data DIR, the folder of the full-size source files.\n\n${USAGE}`,
        );
      const done = await runCommand(
        {
          workspace,
          data: values.data,
          out: values.out ?? 'casebook-out',
          ...(values.case === undefined ? {} : { caseRef: values.case }),
          ...(values.run === undefined ? {} : { runId: values.run }),
          ...(threads === undefined ? {} : { threads }),
          ...(memoryLimit === undefined ? {} : { memoryLimit }),
        },
        io,
      );
      if (done.features !== null) io.stdout(`${done.features}\n`);
      return;
    }
    default:
      throw new CliError(1, `Unknown command "${command}".\n\n${USAGE}`);
  }
}

/** Runs the command line; resolves with the exit code (0 when done). */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  try {
    await dispatch(argv, io);
    return 0;
  } catch (e: unknown) {
    io.stderr(`casebook: ${errorMessage(e)}\n`);
    return e instanceof CliError ? e.exitCode : 1;
  }
}
