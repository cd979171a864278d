import { caseScript, chooseFittedFeatures, type FittedFeatures } from '../cells/pipeline';
import type { SqlEngine } from '../data/engine';
import type { CaseId } from '../notebook/ids';
import type { RunBatch } from '../notebook/runs';
import type { Case } from '../notebook/types';
import type { VersionState } from '../notebook/registry';

/** What of the stores "Export SQL" reads: the case's batches and its champion. */
export interface ScriptStores {
  readonly runs: { listCase(caseId: CaseId): Promise<{ readonly batches: readonly RunBatch[] }> };
  readonly registry: {
    champion(caseId: CaseId): Promise<{ readonly version: Pick<VersionState['version'], 'runId'> } | null>;
  };
}

/**
 * The fitted features the script builds its Features cells' tables with (issue 22, item 5): the
 * champion's run where it trained on them, else the best run of the newest batch. A store that
 * fails to answer leaves them out (the script says so) rather than failing the export.
 */
export async function scriptFeatures(stores: ScriptStores, caseId: CaseId): Promise<FittedFeatures[]> {
  try {
    const [{ batches }, champion] = await Promise.all([
      stores.runs.listCase(caseId),
      stores.registry.champion(caseId),
    ]);
    return chooseFittedFeatures(batches, champion?.version.runId ?? null);
  } catch {
    return [];
  }
}

/** The case as one SQL script for native DuckDB, its features fitted as for the chosen run. */
export async function exportCaseScript(
  doc: Case,
  engine: SqlEngine,
  stores: ScriptStores,
  appVersion: string,
): Promise<string> {
  const features = await scriptFeatures(stores, doc.id);
  return caseScript(doc, engine, appVersion, new Date().toISOString(), features);
}
