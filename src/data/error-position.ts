/**
 * Recovers where in the SQL DuckDB located an error, from the context it prints:
 *
 *     LINE 2:   2 frm x wher
 *                     ^
 *
 * Reading the caret column is not enough. DuckDB 1.4.3 (`QueryErrorContext::Format`)
 * - treats the parser's location, a count of characters, as a byte offset into the UTF-8 query,
 *   so after non-ASCII text the caret, and even the LINE number, drift;
 * - measures the caret in terminal columns (CJK characters are 2 wide, tabs 0);
 * - cuts long lines with `...` around the error.
 * So we try each location DuckDB could have meant, read the same way (as a byte offset), and keep
 * those where the printed snippet sits on that line with the caret over the location. Pure ASCII
 * has exactly one; elsewhere the token DuckDB quotes (`at or near "x"`) breaks ties.
 */
export function errorPosition(message: string, sql: string): number | undefined {
  const context = /\nLINE (\d+): (.*)\n( *)\^/.exec(message);
  if (!context) return undefined;
  const lineNumber = Number(context[1]);
  let snippet = context[2] ?? '';
  const cutStart = snippet.startsWith('...');
  if (cutStart) snippet = snippet.slice(3);
  if (snippet.endsWith('...')) snippet = snippet.slice(0, -3);
  const caret = (context[3] ?? '').length - `LINE ${lineNumber}: `.length - (cutStart ? 3 : 0);
  const query = utf8.encode(sql);
  const line = duckDbLines(query)[lineNumber - 1];
  if (line === undefined || caret < 0) return undefined;
  const { positions, columns } = graphemes(query.subarray(line.start, line.end));
  const starts = snippetStarts(
    positions,
    query.subarray(line.start, line.end),
    utf8.encode(snippet),
    cutStart,
  );
  const codePoints = Array.from(sql);
  const near = /at or near "([^"\n]*)"/.exec(message)?.[1];
  const before = prefixSums(columns);
  let first: number | undefined;
  let pointed = 0;
  for (let location = line.start; location < Math.min(line.end, codePoints.length); location++) {
    // The grapheme DuckDB points at: the first that starts at or after the (misread) location.
    while (pointed < positions.length && (positions[pointed] ?? 0) < location - line.start) pointed++;
    const caretAt = before[pointed] ?? 0;
    if (!starts.some((s) => s <= pointed && caretAt - (before[s] ?? 0) === caret)) continue;
    if (
      near === undefined ||
      codePoints
        .slice(location, location + near.length + 1)
        .join('')
        .startsWith(near)
    ) {
      return utf16Offset(codePoints, location);
    }
    first ??= location;
  }
  return first === undefined ? undefined : utf16Offset(codePoints, first);
}

const utf8 = new TextEncoder();
const decoder = new TextDecoder();

/** Byte ranges of the lines as DuckDB counts them: `\n` and a lone `\r` end a line. */
function duckDbLines(query: Uint8Array): { start: number; end: number }[] {
  const lines: { start: number; end: number }[] = [];
  let start = 0;
  let end = -1;
  for (let i = 0; i <= query.length; i++) {
    const byte = query[i];
    if (end < 0 && (byte === 0x0a || byte === 0x0d || byte === undefined)) end = i;
    if (byte === undefined || byte === 0x0a || (byte === 0x0d && query[i + 1] !== 0x0a)) {
      lines.push({ start, end });
      start = i + 1;
      end = -1;
    }
  }
  return lines;
}

/** Grapheme indices where the printed snippet starts (only the first, unless the start was cut). */
function snippetStarts(
  positions: readonly number[],
  line: Uint8Array,
  snippet: Uint8Array,
  cutStart: boolean,
): number[] {
  const starts: number[] = [];
  positions.forEach((position, index) => {
    if (index > 0 && !cutStart) return;
    if (snippet.every((byte, i) => line[position + i] === byte)) starts.push(index);
  });
  if (starts.length === 0 && snippet.length === 0) starts.push(0);
  return starts;
}

/** `sums[i]`: the columns taken by the graphemes before grapheme `i`. */
function prefixSums(columns: readonly number[]): number[] {
  const sums = [0];
  for (const width of columns) sums.push((sums.at(-1) ?? 0) + width);
  return sums;
}

function utf16Offset(codePoints: readonly string[], codePointIndex: number): number {
  let offset = 0;
  for (let i = 0; i < codePointIndex; i++) offset += codePoints[i]?.length ?? 0;
  return offset;
}

const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });

/** Byte offset and terminal width of each grapheme of a line (as utf8proc sees them, closely). */
function graphemes(line: Uint8Array): { positions: number[]; columns: number[] } {
  const positions: number[] = [];
  const columns: number[] = [];
  let offset = 0;
  for (const { segment } of segmenter.segment(decoder.decode(line))) {
    positions.push(offset);
    columns.push(charWidth(segment));
    offset += utf8.encode(segment).length;
  }
  return { positions, columns };
}

const zeroWidth = /^[\p{Mn}\p{Me}\p{Cc}\p{Cf}]/u;
const wide =
  /^[\p{Emoji_Presentation}\u1100-\u115F\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uA000-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6\u{20000}-\u{3FFFD}]/u;

/** The width of a grapheme's first character: East Asian wide 2, marks and controls 0, else 1. */
function charWidth(grapheme: string): number {
  if (zeroWidth.test(grapheme)) return 0;
  return wide.test(grapheme) ? 2 : 1;
}
