/**
 * Recovers where in the SQL DuckDB located an error, from the context it prints:
 *
 *     LINE 2:   2 frm x wher
 *                     ^
 *
 * Reading the caret column is not enough. DuckDB 1.4.3 renders that context with
 * `QueryErrorContext::Format` (src/parser/query_error_context.cpp), which
 * - treats the parser's location (a count of characters) as a byte offset into the UTF-8 query, so
 *   after non-ASCII text the caret, and even the LINE number, drift;
 * - measures the caret in terminal columns (CJK characters are 2 wide, tabs 0);
 * - cuts long lines to 40 columns either side with `...`, taking the cut point relative to the
 *   line but applying it to the whole query (so cut snippets of later lines show other text).
 * So we replay that function for each candidate location and keep the one that prints the same
 * context. Pure ASCII queries have exactly one match; elsewhere the token DuckDB quotes (`at or
 * near "x"`) breaks ties.
 */
export function errorPosition(message: string, sql: string): number | undefined {
  const lineNumber = Number(/\nLINE (\d+): /.exec(message)?.[1] ?? NaN);
  if (!Number.isInteger(lineNumber)) return undefined;
  const query = utf8.encode(sql);
  const codePoints = Array.from(sql);
  const near = /at or near "([^"\n]*)"/.exec(message)?.[1];
  const lineStarts = lineStartOffsets(query);
  let first: number | undefined;
  for (let location = 0; location < Math.min(codePoints.length, query.length); location++) {
    // A cheap filter before the full replay (off by one at most around `\r\n`).
    if (Math.abs(lineNumberAt(lineStarts, location) - lineNumber) > 1) continue;
    if (!message.includes(renderContext(query, location))) continue;
    if (near === undefined || codePoints.slice(location).join('').startsWith(near)) {
      return utf16Offset(codePoints, location);
    }
    first ??= location;
  }
  return first === undefined ? undefined : utf16Offset(codePoints, first);
}

const utf8 = new TextEncoder();
const decoder = new TextDecoder();

function utf16Offset(codePoints: readonly string[], codePointIndex: number): number {
  let offset = 0;
  for (let i = 0; i < codePointIndex; i++) offset += codePoints[i]?.length ?? 0;
  return offset;
}

/** Byte offsets after each line break DuckDB counts (`\n`, and `\r` not followed by `\n`). */
function lineStartOffsets(query: Uint8Array): number[] {
  const starts: number[] = [];
  for (let i = 0; i < query.length; i++) {
    const crlf = query[i] === 0x0d && query[i + 1] === 0x0a;
    if (query[i] === 0x0a || (query[i] === 0x0d && !crlf)) starts.push(i + 1);
  }
  return starts;
}

/** The LINE number DuckDB prints for a location (it counts breaks strictly before it). */
function lineNumberAt(lineStarts: readonly number[], location: number): number {
  let line = 1;
  for (const start of lineStarts) if (start <= location) line++;
  return line;
}

/** `\n` + `LINE n: <snippet>` + `\n` + spaces + `^`, as `QueryErrorContext::Format` prints it. */
export function renderContext(query: Uint8Array, location: number): string {
  let startPos = 0;
  let lineNumber = 1;
  for (let i = 0; i < location; i++) {
    const isNewline =
      query[i] === 0x0a || (query[i] === 0x0d && (i + 1 >= location || query[i + 1] !== 0x0a));
    if (isNewline) {
      lineNumber++;
      startPos = i + 1;
    }
  }
  let endPos = query.length;
  for (let i = location; i < query.length; i++) {
    if (query[i] === 0x0a || query[i] === 0x0d) {
      endPos = i;
      break;
    }
  }
  const { positions, widths } = graphemes(query.subarray(startPos, endPos));
  let epos = positions.findIndex((p) => p >= location - startPos);
  if (epos < 0) epos = 0;
  let spos = 0;
  let total = 0;
  let truncatedStart = false;
  for (let i = epos; i > 0; i--) {
    total += widths[i] ?? 0;
    if (total >= 40) {
      [truncatedStart, startPos, spos] = [true, positions[i] ?? 0, i];
      break;
    }
  }
  total = 0;
  let truncatedEnd = false;
  for (let i = epos; i < positions.length; i++) {
    total += widths[i] ?? 0;
    if (total >= 40) {
      [truncatedEnd, endPos] = [true, positions[i] ?? 0];
      break;
    }
  }
  const indicator = `LINE ${lineNumber}: ${truncatedStart ? '...' : ''}`;
  let caret = indicator.length;
  for (let i = spos; i < epos; i++) caret += widths[i] ?? 0;
  const snippet = decoder.decode(query.subarray(startPos, Math.max(startPos, endPos)));
  return `\n${indicator}${snippet}${truncatedEnd ? '...' : ''}\n${' '.repeat(caret)}^`;
}

const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });

/** Byte offset and terminal width of each grapheme of a line (utf8proc's view, approximately). */
function graphemes(line: Uint8Array): { positions: number[]; widths: number[] } {
  const positions: number[] = [];
  const widths: number[] = [];
  let offset = 0;
  for (const { segment } of segmenter.segment(decoder.decode(line))) {
    positions.push(offset);
    widths.push(charWidth(segment.codePointAt(0) ?? 0));
    offset += utf8.encode(segment).length;
  }
  return { positions, widths };
}

const zeroWidth = /^[\p{Mn}\p{Me}\p{Cc}\p{Cf}]$/u;
const wide =
  /^[\p{Emoji_Presentation}\u1100-\u115F\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uA000-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6\u{20000}-\u{3FFFD}]$/u;

/** East Asian wide characters take two columns; marks and controls none (utf8proc `charwidth`). */
function charWidth(codePoint: number): number {
  const char = String.fromCodePoint(codePoint);
  if (zeroWidth.test(char)) return 0;
  return wide.test(char) ? 2 : 1;
}
