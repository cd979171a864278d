import { canonicalJson } from '../hash';
import { bundleHash, BundleError, readBundle } from './read';
import { BUNDLE_FORMAT, formatVersionFor, type BundleContents, type ModelBundle } from './types';

/** The first number in `value` that JSON cannot hold (NaN, ±Infinity), by path; null when none. */
function nonFinite(value: unknown, path: string): string | null {
  if (typeof value === 'number') return Number.isFinite(value) ? null : `${path} is ${value}`;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = nonFinite(value[i], `${path}[${i}]`);
      if (found !== null) return found;
    }
    return null;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      const found = nonFinite(inner, `${path}.${key}`);
      if (found !== null) return found;
    }
  }
  return null;
}

/** A bundle's file contents: its canonical JSON on one line. */
export function bundleText(bundle: ModelBundle): string {
  return `${canonicalJson(bundle)}\n`;
}

/**
 * Stamps the format and the SHA-256 on a bundle's contents, then reads the result back through
 * `readBundle`, so that no bundle is handed out that the strict reader would refuse. Throws a
 * BundleError saying what does not fit (a number JSON cannot hold, a spec not fitted, …).
 */
export async function buildBundle(contents: BundleContents): Promise<{ bundle: ModelBundle; text: string }> {
  const bad = nonFinite(contents, 'bundle');
  if (bad !== null) {
    throw new BundleError(
      'invalid',
      `${bad}, which a bundle cannot hold: this model did not train to finite values.`,
    );
  }
  const fields: Omit<ModelBundle, 'sha256'> = {
    format: BUNDLE_FORMAT,
    // The oldest format that holds it: binary and regression bundles stay readable by format-1 Casebooks.
    formatVersion: formatVersionFor(contents.model.task),
    ...contents,
  };
  const stamped: ModelBundle = { ...fields, sha256: await bundleHash(fields) };
  const text = bundleText(stamped);
  return { bundle: await readBundle(text), text };
}

/** A file name for people: "telco-churn-v2.casebook-model.json". */
export function bundleFileName(bundle: ModelBundle): string {
  const slug =
    bundle.lineage.caseTitle
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'model';
  const version =
    bundle.model.version === null ? `run-${bundle.lineage.runId.slice(-8)}` : `v${bundle.model.version}`;
  return `${slug}-${version}.casebook-model.json`;
}
