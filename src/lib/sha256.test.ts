import { afterEach, describe, expect, it, vi } from 'vitest';
import { sha256Hex } from './sha256';

// FIPS 180-2's examples (also `printf abc | sha256sum`).
const ABC = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';
const EMPTY = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const bytes = (text: string) => new TextEncoder().encode(text);

describe('sha256Hex', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('gives the known digests through crypto.subtle', async () => {
    expect(await sha256Hex(bytes('abc'))).toBe(ABC);
    expect(await sha256Hex(new Uint8Array(0))).toBe(EMPTY);
  });

  it('gives the same digests without crypto.subtle (plain http from another host)', async () => {
    const real = globalThis.crypto;
    vi.stubGlobal('crypto', {
      getRandomValues: real.getRandomValues.bind(real),
    });
    expect(crypto.subtle as SubtleCrypto | undefined).toBeUndefined();
    expect(await sha256Hex(bytes('abc'))).toBe(ABC);
    expect(await sha256Hex(new Uint8Array(0))).toBe(EMPTY);
    const large = Uint8Array.from({ length: 1_000_003 }, (_, i) => (i * 31) % 251);
    vi.unstubAllGlobals();
    const viaSubtle = await sha256Hex(large);
    vi.stubGlobal('crypto', {
      getRandomValues: real.getRandomValues.bind(real),
    });
    expect(await sha256Hex(large)).toBe(viaSubtle);
  });
});
