import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { BrowserContext, BrowserContextOptions, LaunchOptions } from '@playwright/test';
import { expect, openSample, settled, test } from './fixtures';

/*
 * Tests of what a finished sample case offers (its report, its SQL script, its champion, its runs'
 * lineage) start from a browser profile in which the Telco sample has already run once: trained,
 * explained, scored, its tables in the table cache. The profile is made once per test run, by the
 * first worker that needs it, and each test gets its own copy, so the tests stay independent.
 * Before, each of these tests waited for the sample's whole first run (~40–60 s on 2 cores).
 * What a first run does is tested on a fresh profile (sample.spec.ts, cache.spec.ts, train.spec.ts).
 */

const READY = 'ready';
const FAILED = 'failed';

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
    if (existsSync(join(dir, FAILED))) throw new Error('Another worker failed to make the settled profile.');
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
    await expect(page.getByRole('status', { name: 'Save status' })).toHaveText('Saved');
  } finally {
    await context.close();
  }
}

type LaunchProfile = (dir: string, options: ProfileOptions) => Promise<BrowserContext>;

export const settledTest = test.extend<object, { settledProfile: { dir: string; options: ProfileOptions } }>({
  settledProfile: [
    async ({ playwright, launchOptions }, use, workerInfo) => {
      const launch: LaunchProfile = (dir, o) => playwright.chromium.launchPersistentContext(dir, o);
      const options = profileOptions(workerInfo.project.use as Record<string, unknown>, launchOptions);
      const root = join(workerInfo.project.outputDir, '.settled-profile');
      const profile = join(root, 'profile');
      mkdirSync(workerInfo.project.outputDir, { recursive: true });
      let maker = false;
      try {
        mkdirSync(root);
        maker = true;
      } catch {
        // Another worker makes it.
      }
      if (maker) {
        try {
          await makeProfile(profile, options, launch);
          writeFileSync(join(root, READY), '');
        } catch (error) {
          writeFileSync(join(root, FAILED), String(error));
          throw error;
        }
      } else {
        await waitForMarker(root);
      }
      await use({ dir: profile, options });
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
