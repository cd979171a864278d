import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type FullConfig } from '@playwright/test';
import { ROOT_ENV, startMakingProfile } from './settled-profile';

/**
 * The run's settled profile (settled-profile.ts) gets a folder of its own, named to the workers
 * through the environment. With CASEBOOK_E2E_EARLY_PROFILE=1 (the full run, scripts/test-all.mjs)
 * it is made from here, beside the first tests, instead of by the first worker that needs it while
 * the other worker waits: its tests run last. A run of a few specs does not pay for it.
 * The web server is up before the global setup runs.
 */
export default function globalSetup(config: FullConfig): () => Promise<void> {
  const parent = mkdtempSync(join(tmpdir(), 'casebook-e2e-'));
  const root = join(parent, 'settled');
  process.env[ROOT_ENV] = root;
  const project = config.projects[0];
  const making =
    process.env['CASEBOOK_E2E_EARLY_PROFILE'] === '1' && project !== undefined
      ? startMakingProfile(root, project.use as Record<string, unknown>, (dir, options) =>
          chromium.launchPersistentContext(dir, options),
        )
      : Promise.resolve();
  return async () => {
    await making;
    rmSync(parent, { recursive: true, force: true });
  };
}
