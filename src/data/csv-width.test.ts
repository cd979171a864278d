import { describe, expect, it } from 'vitest';
import { AppError } from '../lib/errors';
import {
  LineWidthScanner,
  MAX_EXTRA_FIELDS,
  MAX_FIELDS,
  WIDTH_SCAN_BYTES,
  checkLineWidths,
  type WideLine,
} from './csv-width';

/*
 * Issue 18 item 15: the widest line of a CSV's start, counted on the bytes before DuckDB reads the
 * file (DuckDB's sniffer takes time that grows with the square of a line's fields; the import path
 * cases are in import-hostile.test.ts). The counts are checked against a plain split of lines
 * that hold no quotes, and by hand where quotes matter.
 */

const AUTO = { delimiter: 'auto' } as const;
const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

function scan(
  text: string,
  csv: { delimiter: 'auto' | ',' | ';' | '\t' | '|' } = AUTO,
  chunk = 7,
): WideLine | null {
  const scanner = new LineWidthScanner(csv);
  const all = bytes(text);
  for (let i = 0; i < all.length; i += chunk) if (!scanner.push(all.subarray(i, i + chunk))) break;
  return scanner.end();
}

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (e: unknown) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('LineWidthScanner', () => {
  it('finds a line of many commas under a short header, with its number and counts', () => {
    const extra = MAX_EXTRA_FIELDS + 1;
    expect(scan(`a,b\n1,2\n${','.repeat(extra + 1)}\n3,4\n`)).toEqual({
      line: 3,
      fields: extra + 2,
      delimiter: ',',
      headerFields: 2,
    });
  });

  it('allows up to MAX_EXTRA_FIELDS more fields than the header (ragged rows)', () => {
    expect(scan(`a\n${','.repeat(MAX_EXTRA_FIELDS)}\n`)).toBeNull();
    expect(scan(`a\n${','.repeat(MAX_EXTRA_FIELDS + 1)}\n`)).toMatchObject({ fields: MAX_EXTRA_FIELDS + 2 });
  });

  it('reads a wide file whose lines match its header; refuses one wider than MAX_FIELDS', () => {
    const wide = (n: number) =>
      `${Array.from({ length: n }, (_, i) => `c${i}`).join(',')}\n${'1,'.repeat(n - 1)}1\n`;
    expect(scan(wide(2_000))).toBeNull();
    expect(scan(wide(MAX_FIELDS))).toBeNull();
    expect(scan(wide(MAX_FIELDS + 1))).toMatchObject({ line: 1, fields: MAX_FIELDS + 1 });
  });

  it('counts each candidate delimiter on its own, or only the chosen one', () => {
    const line = ';'.repeat(MAX_EXTRA_FIELDS + 5);
    expect(scan(`a;b\n${line}\n`)).toMatchObject({ delimiter: ';', headerFields: 2 });
    expect(scan(`a\tb\n${'\t'.repeat(MAX_EXTRA_FIELDS + 5)}\n`)).toMatchObject({ delimiter: '\t' });
    expect(scan(`a|b\n${'|'.repeat(MAX_EXTRA_FIELDS + 5)}\n`)).toMatchObject({ delimiter: '|' });
    expect(scan(`a;b\n${line}\n`, { delimiter: ',' })).toBeNull();
  });

  it('does not count delimiters inside double quotes, doubled quotes or quoted line breaks', () => {
    const inside = ','.repeat(MAX_EXTRA_FIELDS * 2);
    expect(scan(`a,b\n"${inside}",1\n"say ""${inside}""",2\n"x\n${inside}",3\n`)).toBeNull();
    // A quote that never closes hides the rest (DuckDB refuses that file quickly on its own).
    expect(scan(`a,b\n"${'z,'.repeat(MAX_EXTRA_FIELDS * 2)}\n`)).toBeNull();
  });

  it('takes CRLF and lone CR as line ends, skips blank lines, and counts a last line without one', () => {
    const many = ','.repeat(MAX_EXTRA_FIELDS + 3);
    expect(scan(`a,b\r\n\r\n1,2\r\n${many}`)).toMatchObject({ line: 4 });
    expect(scan(`a,b\r1,2\r${many}\r`)).toMatchObject({ line: 3 });
    expect(scan(`\n\na,b\n${many}\n`)).toMatchObject({ line: 4, headerFields: 2 });
  });

  it('agrees with a plain split on unquoted lines (each line, each delimiter)', () => {
    const lines = ['a,b;c', 'x|y|z|w', '1\t2', '', ',,,', 'p;q;r;s;t'];
    const scanner = new LineWidthScanner(AUTO);
    scanner.push(bytes(lines.join('\n')));
    expect(scanner.end()).toBeNull();
    // The same lines with one far wider: found with the split's count.
    const wide = `${'k,'.repeat(MAX_EXTRA_FIELDS + 10)}k`;
    expect(scan([...lines, wide].join('\n'))).toMatchObject({
      line: 7,
      fields: wide.split(',').length,
      headerFields: 2,
    });
  });
});

describe('checkLineWidths', () => {
  it('refuses the file with a message that says what happened and what to do', async () => {
    const error = await refusal(checkLineWidths('wide.csv', new Blob([`a\n${','.repeat(10_000)}\n`]), AUTO));
    expect(error.code).toBe('import-malformed');
    expect(error.message).toBe(
      'wide.csv could not be read as CSV: line 2 is split by “,” into 10,001 fields, while its first line has 1. ' +
        'A line like that is not table data, and reading it would not end in reasonable time. Check that the file is a CSV export (or cut that line out), then import it again.',
    );
  });

  it('refuses a line wider than MAX_FIELDS even when the header is as wide', async () => {
    const n = MAX_FIELDS + 1;
    const csv = `${Array.from({ length: n }, (_, i) => `c${i}`).join(',')}\n${'1,'.repeat(n - 1)}1\n`;
    const error = await refusal(checkLineWidths('huge.csv', new Blob([csv]), AUTO));
    expect(error.message).toMatch(
      /^huge\.csv could not be read as CSV: line 1 is split by “,” into 16,385 fields, more than the 16,384 columns a spreadsheet holds\. /,
    );
  });

  it('streams only the first WIDTH_SCAN_BYTES: a wide line past them is left to DuckDB', async () => {
    const filler = 'a,b\n' + '1,2\n'.repeat(WIDTH_SCAN_BYTES / 4);
    await expect(
      checkLineWidths('late.csv', new Blob([filler, ','.repeat(5_000), '\n']), AUTO),
    ).resolves.toBeUndefined();
    const early = await refusal(
      checkLineWidths('early.csv', new Blob(['a,b\n', ','.repeat(5_000), '\n', filler]), AUTO),
    );
    expect(early.message).toMatch(/^early\.csv could not be read as CSV: line 2 /);
  });

  it("a line cut at the end of the scan is not judged, a whole file's last line is", async () => {
    const cut = 'a,b\n' + 'x'.repeat(WIDTH_SCAN_BYTES - 4 - 2_000) + ','.repeat(3_000);
    await expect(checkLineWidths('cut.csv', new Blob([cut]), AUTO)).resolves.toBeUndefined();
    await expect(
      refusal(checkLineWidths('last.csv', new Blob([`a,b\n${','.repeat(3_000)}`]), AUTO)),
    ).resolves.toMatchObject({
      code: 'import-malformed',
    });
  });
});
