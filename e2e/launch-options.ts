import { existsSync } from 'node:fs';
import type { LaunchOptions } from '@playwright/test';

const systemChromium = '/usr/bin/chromium';

/**
 * How the e2e tests launch Chromium (playwright.config.ts), with `extraArgs` for a test that needs
 * a flag more: `test.use({ launchOptions })` replaces the project's, executablePath included, so
 * such a test names all of it again through this.
 */
export function chromiumLaunchOptions(extraArgs: readonly string[] = []): LaunchOptions {
  return {
    // Debian's Chromium where present; Playwright's own browser otherwise (it cannot be downloaded here).
    ...(existsSync(systemChromium) ? { executablePath: systemChromium } : {}),
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
      ...extraArgs,
    ],
  };
}
