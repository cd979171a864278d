/* Shared with the other compilers' tests: src/data/testing/text-rows.ts. */
export { nativeTextRows, textRows, wasmEngine } from '../testing/text-rows';

/** The AppError message a promise rejects with. */
export async function rejectionMessage(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (e: unknown) {
    if (e instanceof Error) return e.message;
    throw e;
  }
  throw new Error('expected a rejection');
}
