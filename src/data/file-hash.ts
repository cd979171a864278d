import { createSHA256 } from 'hash-wasm';
import { AppError } from '../lib/errors';

const CHUNK_BYTES = 8 * 1024 * 1024;

/**
 * SHA-256 of a file, read in chunks: `crypto.subtle.digest` needs the whole file in memory,
 * which fails for files of several GB. hash-wasm hashes incrementally.
 */
export async function sha256OfBlob(
  blob: Blob,
  options: { signal?: AbortSignal; onProgress?: (bytesRead: number) => void } = {},
): Promise<string> {
  const hasher = await createSHA256();
  hasher.init();
  for (let offset = 0; offset < blob.size; offset += CHUNK_BYTES) {
    if (options.signal?.aborted) throw new AppError('cancelled', 'The import was cancelled.');
    const chunk = new Uint8Array(await blob.slice(offset, offset + CHUNK_BYTES).arrayBuffer());
    hasher.update(chunk);
    options.onProgress?.(Math.min(blob.size, offset + CHUNK_BYTES));
  }
  return hasher.digest('hex');
}
