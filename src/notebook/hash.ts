/**
 * JSON with object keys sorted at every level, so that equal values give equal text. Arrays keep
 * their order and properties whose value is `undefined` are dropped, as `JSON.stringify` does.
 * Meant for plain JSON data (the document), not for class instances.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value) ?? null);
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const inner: unknown = Reflect.get(value, key);
      // defineProperty, not assignment: a key named `__proto__` stays a plain key.
      if (inner !== undefined) {
        Object.defineProperty(sorted, key, { value: sortKeys(inner), enumerable: true });
      }
    }
    return sorted;
  }
  return value;
}

const encoder = new TextEncoder();

/**
 * FNV-1a, 64 bits, over the UTF-8 bytes of `text`, as 16 lowercase hex digits: a fast, stable
 * fingerprint, not a security hash. Reference: http://www.isthe.com/chongo/tech/comp/fnv/
 *
 * The 64-bit state is kept in four 16-bit limbs (h0 lowest) because every product then stays
 * exact in a double; this runs about 4x faster than BigInt, and fingerprints are recomputed on
 * every edit. The prime is 2^40 + 0x1b3: multiplying by it is `h * 0x1b3 + (h << 40)`, and
 * `<< 40` is a shift of 8 bits into the limb two places up.
 */
export function hash64(text: string): string {
  let h0 = 0x2325;
  let h1 = 0x8422;
  let h2 = 0x9ce4;
  let h3 = 0xcbf2;
  for (const byte of encoder.encode(text)) {
    h0 ^= byte;
    const c0 = h0 * 0x1b3;
    const c1 = h1 * 0x1b3 + (c0 >>> 16);
    const c2 = h2 * 0x1b3 + (c1 >>> 16) + (h0 << 8);
    const c3 = h3 * 0x1b3 + (c2 >>> 16) + (h1 << 8);
    h0 = c0 & 0xffff;
    h1 = c1 & 0xffff;
    h2 = c2 & 0xffff;
    h3 = c3 & 0xffff;
  }
  return [h3, h2, h1, h0].map((limb) => limb.toString(16).padStart(4, '0')).join('');
}
