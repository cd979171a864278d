import { describe, expect, it } from 'vitest';
import { canonicalJson, hash64 } from './hash';

describe('hash64 (FNV-1a 64-bit)', () => {
  it('matches the published test vectors', () => {
    // Vectors from the FNV reference (isthe.com/chongo/tech/comp/fnv).
    expect(hash64('')).toBe('cbf29ce484222325');
    expect(hash64('a')).toBe('af63dc4c8601ec8c');
    expect(hash64('foobar')).toBe('85944171f73967e8');
  });

  it('hashes UTF-8 bytes, so non-ASCII text is stable', () => {
    expect(hash64('名前')).toBe(hash64('名前'));
    expect(hash64('é')).not.toBe(hash64('e'));
  });
});

describe('canonicalJson', () => {
  it('sorts keys at every level and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, 1], c: null } })).toBe('{"a":{"c":null,"d":[2,1]},"b":1}');
  });

  it('drops undefined properties', () => {
    expect(canonicalJson({ a: undefined, b: 2 })).toBe('{"b":2}');
  });
});
