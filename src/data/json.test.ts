import { describe, expect, it } from 'vitest';
import { tableFromIPC } from 'apache-arrow';
import { findJsonSyntaxError } from './json-syntax';
import { jsonToArrowIpc } from './json';

describe('findJsonSyntaxError', () => {
  it('accepts what JSON.parse accepts', () => {
    for (const text of ['[]', ' {"a": [1, -2.5e3, true, null, "x\\"y\\u00e9"]} ', '"s"', '0']) {
      expect(JSON.parse(text)).toBeDefined();
      expect(findJsonSyntaxError(text)).toBeNull();
    }
  });

  it.each([
    ['[1, 2,]', 1, 7, 'a value was expected but found “]”'],
    ['{"a": 1\n "b": 2}', 2, 2, '“,” or “}” was expected but found “"”'],
    ['[{"a": 01}]', 1, 9, '“,” or “}” was expected but found “1”'],
    ["{'a': 1}", 1, 2, "a quoted property name was expected but found “'”"],
    ['[1, 2', 1, 6, 'the text ends before the closing “]”'],
    ['{"a": 1} x', 1, 10, 'more text after the end of the JSON value but found “x”'],
  ])('locates the error in %j', (text, line, column, reason) => {
    expect(() => JSON.parse(text)).toThrow();
    expect(findJsonSyntaxError(text)).toMatchObject({ line, column, reason });
  });

  it('survives deep nesting', () => {
    expect(findJsonSyntaxError('['.repeat(200_000))?.reason).toBe('the text ends where a value should be');
  });
});

describe('jsonToArrowIpc', () => {
  it('builds one Arrow column per key, in order of first appearance', () => {
    const table = tableFromIPC(jsonToArrowIpc('{"b": 1}\n{"a": "x", "b": 2}\n', 'ndjson', 'e.ndjson'));
    expect(table.schema.fields.map((f) => `${f.name}:${String(f.type)}`)).toEqual(['b:Float64', 'a:Utf8']);
    expect(table.getChild('a')?.toArray()).toEqual([null, 'x']);
  });
});
