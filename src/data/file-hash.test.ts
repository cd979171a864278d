import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sha256OfBlob } from './file-hash';

describe('sha256OfBlob', () => {
  it('matches the known digest of the empty input (FIPS 180-2)', async () => {
    expect(await sha256OfBlob(new Blob([]))).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
  });

  it('matches node:crypto on "abc" and on a file larger than one chunk', async () => {
    expect(await sha256OfBlob(new Blob(['abc']))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    const bytes = new Uint8Array(9 * 1024 * 1024 + 17).map((_, i) => (i * 31) % 251);
    const expected = createHash('sha256').update(bytes).digest('hex');
    const seen: number[] = [];
    expect(await sha256OfBlob(new Blob([bytes]), { onProgress: (n) => seen.push(n) })).toBe(expected);
    expect(seen.at(-1)).toBe(bytes.length);
  });

  it('stops when cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(sha256OfBlob(new Blob(['x']), { signal: controller.signal })).rejects.toMatchObject({
      code: 'cancelled',
    });
  });
});
