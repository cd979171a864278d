import { existsSync } from 'node:fs';
import type { LaunchOptions } from '@playwright/test';

const systemChromium = '/usr/bin/chromium';

/**
 * How the e2e tests launch Chromium (playwright.config.ts), with `extraArgs` for a test that needs
 * a flag more, `wasmTopTier` for one that needs V8's optimising wasm tier (see below), and `hosts`
 * for host names that reach this machine: `test.use({ launchOptions })` replaces the project's,
 * executablePath included, so such a test names all of it again through this.
 */
export function chromiumLaunchOptions(
  extraArgs: readonly string[] = [],
  {
    wasmTopTier = false,
    hosts = [],
  }: { readonly wasmTopTier?: boolean; readonly hosts?: readonly string[] } = {},
): LaunchOptions {
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
      // No host name resolves but `hosts`, which name this machine: a request that would leave it
      // fails at once (the tests' `offOrigin` fixture records it and fails the test). The app is
      // served at 127.0.0.1.
      `--host-resolver-rules=${[...hosts.map((host) => `MAP ${host} 127.0.0.1`), 'MAP * ~NOTFOUND', 'EXCLUDE 127.0.0.1', 'EXCLUDE localhost'].join(', ')}`,
      // WebAssembly in Liftoff, V8's baseline tier, only. Each test's fresh context compiled
      // DuckDB's hot functions again with TurboFan: 9 s of CPU on background threads for one
      // first run of the Telco sample (a Chromium trace: wasm.TopTierCompilation), a third of all
      // its CPU, taken from the other worker on CI's 2 cores. Liftoff-only, the sample's first run
      // took 21–24 s of CPU instead of 28, and three tests (sample, a network's training, the
      // backends' calibration) ran 1–4 s faster each, alone. The tests check behaviour, not speed:
      // `npm run bench` launches Chromium with its default tiers (bench/common.mjs). A test whose
      // work is one long wasm loop asks for them too (`wasmTopTier`): hash-wasm's SHA-256 runs at
      // 26 MB/s in Liftoff against 372 MB/s optimised (node --liftoff-only, measured), and the
      // 2.5 GB import's hash went past its time limit.
      ...(wasmTopTier ? [] : ['--js-flags=--liftoff-only']),
      ...extraArgs,
    ],
  };
}
