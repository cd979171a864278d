import { AppError, SqlError, errorMessage } from '../lib/errors';
import { errorPosition } from './error-position';

export { errorPosition };

/**
 * Turns what DuckDB threw into an error people can act on. Pure, so it is tested without an engine.
 *
 * DuckDB formats a located error as `Parser Error: …\n\nLINE 2: FROM t WHER x\n              ^`;
 * the snippet may be cut with `...` on long lines. We recover the offset in the SQL that was sent.
 */
export function classifyDuckDbError(e: unknown, sql: string): AppError {
  const structured = parseStructured(errorMessage(e));
  const raw = structured?.message ?? errorMessage(e);
  if (isOutOfMemory(raw)) {
    return new AppError(
      'out-of-memory',
      'DuckDB ran out of memory (a browser tab gives it about 3 GB). Filter or sample the data, ' +
        'select fewer columns, or split the work into smaller steps. Saved work is safe.',
      { cause: e },
    );
  }
  const message = raw.split(/\n\s*\nLINE \d+:/)[0]?.trim() ?? raw;
  const position =
    structured?.position === undefined ? errorPosition(raw, sql) : charOffset(sql, structured.position);
  return new SqlError(message, sql, position, { cause: e });
}

/**
 * DuckDB-WASM in the browser reports errors as JSON:
 * `{"exception_type":"Parser","exception_message":"…","position":"51"}`.
 */
export function parseStructured(text: string): { message: string; position: number | undefined } | null {
  if (!text.trimStart().startsWith('{')) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  if (parsed === null || typeof parsed !== 'object') return null;
  const type: unknown = Reflect.get(parsed, 'exception_type');
  const message: unknown = Reflect.get(parsed, 'exception_message');
  if (typeof message !== 'string') return null;
  const position = Number(Reflect.get(parsed, 'position'));
  const prefix = typeof type === 'string' && type !== '' ? `${type} Error: ` : '';
  return {
    message: prefix + message,
    position: Number.isInteger(position) && position >= 0 ? position : undefined,
  };
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

/**
 * DuckDB's `position` counts characters (code points), as measured with DuckDB-WASM 1.32 (v1.4.3);
 * the editor counts UTF-16 units, which differ after characters outside the BMP (emoji).
 */
function charOffset(sql: string, position: number): number {
  let offset = 0;
  let index = 0;
  for (const char of sql) {
    if (index++ >= position) break;
    offset += char.length;
  }
  return offset;
}
