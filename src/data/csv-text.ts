/**
 * Small readings of the start of a CSV file, done in JS before or after DuckDB reads it: which
 * delimiter the first line uses, whether values are double-quoted, and where the layout first
 * breaks (DuckDB's sniffer reports "could not detect the dialect" without a line number).
 */
export type Delimiter = ',' | ';' | '\t' | '|';

const DELIMITERS: readonly Delimiter[] = [',', ';', '\t', '|'];

export function delimiterLabel(delimiter: string): string {
  return delimiter === '\t' ? 'tab' : delimiter;
}

export function firstLine(text: string): string {
  return text.split(/\r?\n|\r/, 1)[0] ?? '';
}

/** The delimiter that appears most often in `line` outside double quotes, if any does. */
export function guessDelimiter(line: string): Delimiter | null {
  const unquoted = line.replace(/"[^"]*"/g, '');
  let best: Delimiter | null = null;
  let bestCount = 0;
  for (const candidate of DELIMITERS) {
    const count = unquoted.split(candidate).length - 1;
    if (count > bestCount) {
      best = candidate;
      bestCount = count;
    }
  }
  return best;
}

/** True when some of the first lines have a field that opens with a double quote. */
export function looksDoubleQuoted(text: string, delimiter: string): boolean {
  const opening = new RegExp(`(^|${escapeRegExp(delimiter)})\\s*"`);
  return text.split(/\r?\n|\r/, 200).some((line) => opening.test(line));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export interface LayoutProblem {
  /** 1-based line of the file (the header is line 1), as DuckDB counts them. */
  readonly line: number;
  readonly reason: string;
}

/**
 * The first record whose number of fields differs from the first record's, or whose quoting is
 * broken, reading `text` as RFC 4180 CSV (`"` quotes, `""` inside quotes). A cut-off last line
 * is ignored: `text` may be only the start of the file.
 */
export function findLayoutProblem(text: string, delimiter: string, quoted: boolean): LayoutProblem | null {
  const lastBreak = Math.max(text.lastIndexOf('\n'), text.lastIndexOf('\r'));
  const complete = lastBreak < 0 ? text : text.slice(0, lastBreak + 1);
  let expected: number | null = null;
  let line = 1;
  let index = 0;
  while (index < complete.length) {
    const record = readRecord(complete, index, delimiter, quoted);
    if (record.problem) return { line, reason: record.problem };
    const blank = record.fields === 1 && complete.slice(index, record.end).trim() === '';
    if (!blank) {
      expected ??= record.fields;
      if (record.fields !== expected) {
        return { line, reason: `it has ${record.fields} fields where line 1 has ${expected}` };
      }
    }
    line += record.lines;
    index = record.end;
  }
  return null;
}

interface RecordScan {
  readonly fields: number;
  /** Physical lines the record spans (a quoted value may hold line breaks). */
  readonly lines: number;
  readonly end: number;
  readonly problem?: string;
}

function readRecord(text: string, start: number, delimiter: string, quoted: boolean): RecordScan {
  let fields = 1;
  let lines = 1;
  let inQuotes = false;
  let fieldStart = true;
  for (let i = start; i < text.length; i++) {
    const char = text[i];
    if (inQuotes) {
      if (char === '\n') lines++;
      if (char !== '"') continue;
      if (text[i + 1] === '"') {
        i++;
        continue;
      }
      inQuotes = false;
      const next = text[i + 1];
      if (next !== undefined && next !== delimiter && next !== '\n' && next !== '\r') {
        return {
          fields,
          lines,
          end: i,
          problem: 'a quoted value has a stray quote inside it (quotes inside quotes must be doubled)',
        };
      }
    } else if (char === '"' && quoted && fieldStart) {
      inQuotes = true;
    } else if (char === delimiter) {
      fields++;
      fieldStart = true;
      continue;
    } else if (char === '\n' || char === '\r') {
      const end = char === '\r' && text[i + 1] === '\n' ? i + 2 : i + 1;
      return { fields, lines, end };
    }
    fieldStart = false;
  }
  if (inQuotes) return { fields, lines, end: text.length, problem: 'a quoted value is never closed' };
  return { fields, lines, end: text.length };
}
