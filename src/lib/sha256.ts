import { sha256 } from 'hash-wasm';
import { hexOf } from './hex';

/**
 * SHA-256 (hex) of `bytes`. `crypto.subtle` exists only in a secure context (https, or
 * localhost); served over plain http from another machine, hash-wasm (already bundled for the
 * files' hashes) gives the same digest.
 */
export async function sha256Hex(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const subtle = crypto.subtle as SubtleCrypto | undefined;
  if (subtle === undefined) return sha256(bytes);
  const digest = await subtle.digest('SHA-256', bytes);
  return hexOf(new Uint8Array(digest));
}
