import { AppError, SqlError, errorMessage } from '../lib/errors';

/**
 * Turns what DuckDB threw into an error people can act on. Pure, so it is tested without an engine.
 *
 * DuckDB formats a located error as `Parser Error: …\n\nLINE 2: FROM t WHER x\n              ^`;
 * the snippet may be cut with `...` on long lines. We recover the offset in the SQL that was sent.
 */
export function classifyDuckDbError(e: unknown, sql: string): AppError {
  const raw = errorMessage(e);
  if (isOutOfMemory(raw)) {
    return new AppError(
      'out-of-memory',
      'DuckDB ran out of memory (a browser tab gives it about 3 GB). Filter or sample the data, ' +
        'select fewer columns, or split the work into smaller steps. Saved work is safe.',
      { cause: e },
    );
  }
  const message = raw.split(/\n\s*\nLINE \d+:/)[0]?.trim() ?? raw;
  return new SqlError(message, sql, errorPosition(raw, sql), { cause: e });
}

export function isOutOfMemory(message: string): boolean {
  return /Out of Memory Error|could not allocate block/i.test(message);
}

/** Errors after which DuckDB-WASM must be thrown away and started again (duckdb/duckdb #13456). */
export function isFatal(message: string): boolean {
  return /database has been invalidated|FATAL Error|INTERNAL Error|RuntimeError|memory access out of bounds|unreachable/i.test(
    message,
  );
}

export function errorPosition(message: string, sql: string): number | undefined {
  const match = /LINE (\d+): (.*)\n( *)\^/.exec(message);
  if (!match) return undefined;
  const lineNumber = Number(match[1]);
  const snippet = match[2] ?? '';
  const caretColumn = (match[3] ?? '').length - `LINE ${match[1]}: `.length;
  const lines = sql.split('\n');
  const line = lines[lineNumber - 1];
  if (line === undefined || caretColumn < 0) return undefined;
  let column = caretColumn;
  if (snippet.startsWith('...')) {
    const shown = snippet.slice(3).replace(/\.\.\.$/, '');
    const found = line.indexOf(shown);
    if (found < 0) return undefined;
    column = found + caretColumn - 3;
  }
  let offset = 0;
  for (let i = 0; i < lineNumber - 1; i++) offset += (lines[i]?.length ?? 0) + 1;
  return offset + Math.min(column, line.length);
}
