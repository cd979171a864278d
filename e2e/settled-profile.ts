import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { BrowserContext, BrowserContextOptions, LaunchOptions } from '@playwright/test';
import { expect, openSample, settled, test } from './fixtures';

/*
 * Tests of what a finished sample case offers (its report, its SQL script, its champion, its runs'
 * lineage) start from a browser profile in which the Telco sample has already run once: trained,
 * explained, scored, its tables in the table cache. The profile is made once per test run, by the
 * first worker that needs it, and each test gets its own copy, so the tests stay independent.
 * Before, each of these tests waited for the sample's whole first run (~40–60 s on 2 cores).
 * What a first run does is tested on a fresh profile (sample.spec.ts, train.spec.ts) and where the
 * profile is made (makeProfile's own checks).
 *
 * Tests that use this fixture run in workers of their own, after the others (Playwright groups
 * tests by their worker fixtures). The worker that made the profile kept the other one waiting
 * (~30–60 s of an idle core): the full run (`npm test`, which sets CASEBOOK_E2E_EARLY_PROFILE=1)
 * starts making it from the global setup (global-setup.ts) while the first tests run.
 */

const READY = 'ready';
const FAILED = 'failed';
/** The environment variable through which the global setup names the profile's folder. */
export const ROOT_ENV = 'CASEBOOK_SETTLED_PROFILE_ROOT';

/** Context options for a persistent profile: the project's `use`, as the built-in fixture has them. */
type ProfileOptions = LaunchOptions & BrowserContextOptions;

function profileOptions(use: Record<string, unknown>, launch: LaunchOptions): ProfileOptions {
  const pick = <K extends keyof BrowserContextOptions>(key: K): Partial<BrowserContextOptions> =>
    key in use ? { [key]: use[key] } : {};
  return {
    ...launch,
    ...pick('baseURL'),
    ...pick('viewport'),
    ...pick('userAgent'),
    ...pick('deviceScaleFactor'),
    ...pick('isMobile'),
    ...pick('hasTouch'),
    ...pick('locale'),
    ...pick('timezoneId'),
    ...pick('serviceWorkers'),
    acceptDownloads: true,
  };
}

/** Waits for `dir/<marker>` written by the worker that makes the profile. */
async function waitForMarker(dir: string): Promise<void> {
  const deadline = Date.now() + 240_000;
  while (Date.now() < deadline) {
    if (existsSync(join(dir, FAILED)))
      throw new Error(`The settled profile could not be made: ${readFileSync(join(dir, FAILED), 'utf8')}`);
    if (existsSync(join(dir, READY))) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error('The settled profile was not made within 4 minutes.');
}

/** Opens the sample in a fresh persistent profile and waits for its whole first run and cache. */
async function makeProfile(profile: string, options: ProfileOptions, launch: LaunchProfile): Promise<void> {
  const context = await launch(profile, options);
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await openSample(page);
    await settled(page);
    await expect
      .poll(async () => page.evaluate(() => window.__casebookCounters?.cachePending), { timeout: 60_000 })
      .toBe(0);
    // Explicit timeouts: outside a test (the global setup) expect's default is 5 s, not the config's.
    await expect(page.getByRole('status', { name: 'Save status' })).toHaveText('Saved', { timeout: 20_000 });
    // The sample's first run, checked where it happens. The champion is registered as soon as its
    // evaluate cell has run: the score and monitor cells below it find it on their first run (they
    // used to fail, then run again). Every table it built went to the table cache.
    const first = await page.evaluate(() => window.__casebookCounters ?? null);
    expect(first?.runs).toMatchObject({ score: 1, monitor: 1 });
    expect(first?.cacheWrites).toBeGreaterThan(5);
  } finally {
    await context.close();
  }
}

type LaunchProfile = (dir: string, options: ProfileOptions) => Promise<BrowserContext>;

/** Where the run's settled profile lives: the global setup's folder, or the project's output. */
function profileRoot(outputDir: string): string {
  return process.env[ROOT_ENV] ?? join(outputDir, '.settled-profile');
}

/**
 * Makes the profile in `root` unless another process has begun to (the folder is the claim), then
 * waits for it to be ready. Returns the profile's folder.
 */
async function madeOnce(root: string, options: ProfileOptions, launch: LaunchProfile): Promise<string> {
  const profile = join(root, 'profile');
  let maker = false;
  try {
    mkdirSync(root);
    maker = true;
  } catch {
    // Another worker, or the global setup, makes it.
  }
  if (!maker) {
    await waitForMarker(root);
    return profile;
  }
  try {
    await makeProfile(profile, options, launch);
    writeFileSync(join(root, READY), '');
    return profile;
  } catch (error) {
    writeFileSync(join(root, FAILED), String(error));
    throw error;
  }
}

/**
 * From the global setup: starts making the profile in `root` for `project`, without waiting for it.
 * The returned promise settles when it is made or has failed (the failure is left in `root` for
 * the workers that wait on it, and is not thrown here).
 */
export function startMakingProfile(
  root: string,
  projectUse: Record<string, unknown>,
  launch: LaunchProfile,
): Promise<void> {
  const launchOptions = (projectUse['launchOptions'] ?? {}) as LaunchOptions;
  return madeOnce(root, profileOptions(projectUse, launchOptions), launch).then(
    () => undefined,
    () => undefined,
  );
}

export const settledTest = test.extend<object, { settledProfile: { dir: string; options: ProfileOptions } }>({
  settledProfile: [
    async ({ playwright, launchOptions }, use, workerInfo) => {
      const launch: LaunchProfile = (dir, o) => playwright.chromium.launchPersistentContext(dir, o);
      const options = profileOptions(workerInfo.project.use as Record<string, unknown>, launchOptions);
      mkdirSync(workerInfo.project.outputDir, { recursive: true });
      const dir = await madeOnce(profileRoot(workerInfo.project.outputDir), options, launch);
      await use({ dir, options });
    },
    { scope: 'worker', timeout: 300_000 },
  ],

  // Each test's own copy of the profile, in its own browser (a persistent context is one).
  context: async ({ settledProfile, playwright }, use, testInfo) => {
    const copy = mkdtempSync(join(testInfo.project.outputDir, '.profile-'));
    // Chromium's lock files name the process that made the profile: a copy must not carry them.
    cpSync(settledProfile.dir, copy, {
      recursive: true,
      filter: (path) => !basename(path).startsWith('Singleton'),
    });
    const context = await playwright.chromium.launchPersistentContext(copy, settledProfile.options);
    for (const page of context.pages()) await page.close();
    try {
      await use(context);
    } finally {
      await context.close();
      rmSync(copy, { recursive: true, force: true });
    }
  },
});

/**
 * A test in a fresh profile on disk, as people's browsers keep one, instead of Playwright's
 * in-memory (incognito) context: there IndexedDB keeps blobs in memory and its quota refused a
 * 2.5 GB file ("Storage full", measured), which a profile on disk stores.
 */
export const diskProfileTest = test.extend({
  context: async ({ playwright, launchOptions }, use, testInfo) => {
    mkdirSync(testInfo.project.outputDir, { recursive: true });
    const dir = mkdtempSync(join(testInfo.project.outputDir, '.profile-'));
    const options = profileOptions(testInfo.project.use as Record<string, unknown>, launchOptions);
    const context = await playwright.chromium.launchPersistentContext(dir, options);
    for (const page of context.pages()) await page.close();
    try {
      await use(context);
    } finally {
      await context.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
});
