import { hexOf } from './hex';

/**
 * A random UUID (version 4). `crypto.randomUUID` exists only in a secure context (https, or
 * localhost): a static host that serves the app over plain http from another machine has
 * `crypto.getRandomValues` only, from which the same UUID is made (RFC 9562, section 5.4).
 */
export function randomId(): string {
  const native: unknown = Reflect.get(crypto, 'randomUUID');
  if (typeof native === 'function') return crypto.randomUUID();
  return uuidFromBytes(crypto.getRandomValues(new Uint8Array(16)));
}

/** The version 4 UUID of 16 random bytes: the version and variant bits set, the rest kept. */
export function uuidFromBytes(random: Uint8Array): string {
  if (random.length !== 16) throw new RangeError(`A UUID takes 16 bytes, not ${random.length}`);
  const bytes = Uint8Array.from(random);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = hexOf(bytes);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
