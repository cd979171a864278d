import { describe, expect, it } from 'vitest';
import { findLayoutProblem, firstLine, guessDelimiter, looksDoubleQuoted } from './csv-text';

describe('guessDelimiter', () => {
  it.each([
    ['a,b,c', ','],
    ['a;b;c', ';'],
    ['a\tb\tc', '\t'],
    ['a|b|c', '|'],
    ['"last, first";age;city', ';'],
    ['single', null],
  ])('reads %j as %j', (line, expected) => {
    expect(guessDelimiter(line)).toBe(expected);
  });

  it('takes the first line of text, whatever its line ends', () => {
    expect(firstLine('a,b\r\n1,2')).toBe('a,b');
    expect(firstLine('a;b\r1;2')).toBe('a;b');
  });
});

describe('looksDoubleQuoted', () => {
  it('sees fields that open with a double quote', () => {
    expect(looksDoubleQuoted('name,n\n"a",1\n', ',')).toBe(true);
    expect(looksDoubleQuoted('n;name\n1; "a"\n', ';')).toBe(true);
    expect(looksDoubleQuoted('size\n12" pipe\n', ',')).toBe(false);
  });
});

describe('findLayoutProblem', () => {
  it('finds the first record with another number of fields', () => {
    expect(findLayoutProblem('a,b,c\n1,2,3\n4,5\n', ',', true)).toEqual({
      line: 3,
      reason: 'it has 2 fields where line 1 has 3',
    });
  });

  it('reads quoted delimiters, doubled quotes and line breaks inside quotes', () => {
    const text = 'a,b\n"x, y","say ""hi"""\n"two\nlines",2\n3,4\n5\n';
    expect(findLayoutProblem(text, ',', true)).toEqual({
      line: 6,
      reason: 'it has 1 fields where line 1 has 2',
    });
  });

  it('reports broken quoting', () => {
    expect(findLayoutProblem('a,b\n"c "x" d",3\n', ',', true)?.line).toBe(2);
    expect(findLayoutProblem('a,b\n1,"open\n2,3\n', ',', true)).toEqual({
      line: 2,
      reason: 'a quoted value is never closed',
    });
  });

  it('ignores blank lines and a last line cut off by the read', () => {
    expect(findLayoutProblem('a,b\n\n1,2\n3', ',', true)).toBeNull();
  });

  it('treats quotes as text when quoting is off', () => {
    expect(findLayoutProblem('a,b\n"x,1\n', ',', false)).toBeNull();
  });
});
