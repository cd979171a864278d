import { afterEach, describe, expect, it, vi } from 'vitest';
import { randomId, uuidFromBytes } from './random-id';

const V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('randomId', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('sets the version and variant bits of 16 bytes and keeps the rest (RFC 9562 §5.4)', () => {
    expect(uuidFromBytes(Uint8Array.from({ length: 16 }, (_, i) => i))).toBe(
      '00010203-0405-4607-8809-0a0b0c0d0e0f',
    );
    expect(uuidFromBytes(new Uint8Array(16).fill(0xff))).toBe('ffffffff-ffff-4fff-bfff-ffffffffffff');
    expect(uuidFromBytes(new Uint8Array(16))).toBe('00000000-0000-4000-8000-000000000000');
  });

  it('refuses any other number of bytes', () => {
    expect(() => uuidFromBytes(new Uint8Array(15))).toThrow(RangeError);
  });

  it('is crypto.randomUUID where the context is secure', () => {
    vi.stubGlobal('crypto', {
      randomUUID: () => 'from-randomUUID',
      getRandomValues: () => new Uint8Array(16),
    });
    expect(randomId()).toBe('from-randomUUID');
  });

  it('makes a version 4 UUID from getRandomValues where randomUUID is missing (plain http from another host)', () => {
    const real = globalThis.crypto;
    vi.stubGlobal('crypto', {
      getRandomValues: real.getRandomValues.bind(real),
    });
    const ids = Array.from({ length: 2000 }, randomId);
    for (const id of ids) expect(id).toMatch(V4);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
