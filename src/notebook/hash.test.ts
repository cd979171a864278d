import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, hash64 } from './hash';

/** The textbook definition, with BigInt: the reference the fast version is checked against. */
function fnv1a64Reference(text: string): string {
  let hash = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(text)) {
    hash = ((hash ^ BigInt(byte)) * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash.toString(16).padStart(16, '0');
}

describe('hash64 (FNV-1a 64-bit)', () => {
  it('matches the published test vectors', () => {
    // Vectors from the FNV reference test suite (isthe.com/chongo/tech/comp/fnv, fnv1a64 of "", "a", "foobar").
    expect(hash64('')).toBe('cbf29ce484222325');
    expect(hash64('a')).toBe('af63dc4c8601ec8c');
    expect(hash64('foobar')).toBe('85944171f73967e8');
  });

  it('agrees with a BigInt implementation on arbitrary text, non-ASCII included', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 64 }), (text) => {
        expect(hash64(text)).toBe(fnv1a64Reference(text));
      }),
    );
  });

  it('hashes UTF-8 bytes and always gives 16 lowercase hex digits', () => {
    expect(hash64('é')).toBe(fnv1a64Reference('é'));
    expect(hash64('é')).not.toBe(hash64('e'));
    expect(hash64('名前')).toMatch(/^[0-9a-f]{16}$/);
  });
});

describe('canonicalJson', () => {
  it('sorts keys at every level and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, 1], c: null } })).toBe('{"a":{"c":null,"d":[2,1]},"b":1}');
    expect(canonicalJson([{ y: 1, x: 2 }])).toBe('[{"x":2,"y":1}]');
  });

  it('gives the same text for the same value whatever the key order', () => {
    expect(canonicalJson({ a: 1, b: { c: 2, d: 3 } })).toBe(canonicalJson({ b: { d: 3, c: 2 }, a: 1 }));
  });

  it('drops undefined properties', () => {
    expect(canonicalJson({ a: undefined, b: 2 })).toBe('{"b":2}');
    expect(canonicalJson(undefined)).toBe('null');
  });

  it('keeps a key named __proto__ as data', () => {
    const value: unknown = JSON.parse('{"__proto__":{"x":1},"a":2}');
    expect(canonicalJson(value)).toBe('{"__proto__":{"x":1},"a":2}');
    expect(Reflect.get({}, 'x')).toBeUndefined();
  });
});
