import { AppError, errorMessage } from '../../lib/errors';
import { LIMITS } from '../../notebook/bundle/schema';
import type { CaseId } from '../../notebook/ids';
import type { ModelVersion } from '../../notebook/registry';
import type { ModelRegistry, StageChange } from '../../storage/registry';

/** A file the person picked: its name, size and bytes (a DOM `File` is one). */
export interface PickedFile {
  readonly name: string;
  readonly size: number;
  arrayBuffer(): Promise<ArrayBuffer>;
}

/**
 * Imports a bundle file as the case's next version. A file larger than any bundle is refused
 * before it is read; anything the strict reader refuses (hash, format version, SQL outside the
 * feature grammar, prototype keys…) comes back naming the file, and the registry is unchanged.
 */
export async function importBundleFile(
  registry: Pick<ModelRegistry, 'importBundle'>,
  caseId: CaseId,
  file: PickedFile,
  words: Omit<StageChange, 'evaluation'>,
): Promise<ModelVersion> {
  if (file.size > LIMITS.bytes) {
    throw new AppError(
      'import-too-large',
      `${file.name} is ${file.size.toLocaleString('en-US')} bytes, larger than any model bundle: it was not read.`,
    );
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  try {
    return await registry.importBundle(caseId, bytes, { ...words, evaluation: null });
  } catch (e: unknown) {
    throw new AppError('bad-input', `${file.name} was not imported: ${errorMessage(e)}`, { cause: e });
  }
}
