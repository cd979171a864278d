import { Table, tableFromIPC, tableToIPC } from 'apache-arrow';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { boolVector, float64Vector, utf8Vector } from './arrow-vectors';

afterEach(() => {
  vi.unstubAllGlobals();
});

/** The page's CSP forbids evaluating strings: any `new Function` throws here as it would there. */
function forbidEval(): void {
  vi.stubGlobal('Function', function refused(): never {
    throw new EvalError('code generation from strings is forbidden by the CSP');
  });
}

describe('Arrow vectors built without evaluating a string', () => {
  it('round-trips text, numbers and booleans with NULLs through IPC', () => {
    forbidEval();
    const text = ['a', null, '', 'naïve 🦆', "O'Brien; DROP TABLE x", null, 'z'];
    const numbers = [1.5, null, Number.NaN, -0, 1e308, null, 7];
    const flags = [true, null, false, true, null, false, true];
    const ipc = tableToIPC(
      new Table({ t: utf8Vector(text), n: float64Vector(numbers), b: boolVector(flags) }),
      'stream',
    );
    vi.unstubAllGlobals();
    const back = tableFromIPC(ipc);
    expect(back.getChild('t')?.toArray()).toEqual(text);
    expect(Array.from({ length: 7 }, (_, i) => back.getChild('n')?.get(i))).toEqual(numbers);
    expect(Array.from({ length: 7 }, (_, i) => back.getChild('b')?.get(i))).toEqual(flags);
    expect(back.getChild('t')?.nullCount).toBe(2);
  });

  it('handles no rows, no NULLs, and more than eight rows (bitmap bytes)', () => {
    forbidEval();
    expect(utf8Vector([]).length).toBe(0);
    const many = Array.from({ length: 19 }, (_, i) => (i % 3 === 0 ? null : String(i)));
    const v = utf8Vector(many);
    const plain = float64Vector([1, 2, 3]);
    vi.unstubAllGlobals();
    expect(v.toArray()).toEqual(many);
    expect(plain.nullCount).toBe(0);
    expect(Array.from(plain.toArray() as Float64Array)).toEqual([1, 2, 3]);
  });

  it('the check itself is real: Arrow’s builder does evaluate a string', async () => {
    const { vectorFromArray } = await import('apache-arrow');
    forbidEval();
    expect(() => vectorFromArray(['a', null])).toThrow(/forbidden by the CSP/);
  });
});
