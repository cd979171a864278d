import { defineConfig, devices } from '@playwright/test';
import { chromiumLaunchOptions } from './e2e/launch-options';
// E2E_PORT lets several checkouts run their suites side by side on one machine.
const port = Number(process.env['E2E_PORT'] ?? 4173);

export default defineConfig({
  testDir: 'e2e',
  // Names (and, in the full run, starts making) the settled profile of settled-profile.ts.
  globalSetup: './e2e/global-setup.ts',
  timeout: 90_000,
  expect: { timeout: 20_000 },
  fullyParallel: false,
  // Two at once: about 1.2× faster on CI's 2 cores (35 tests in 19 min measured), within its time budget.
  workers: 2,
  retries: 0,
  reporter: process.env['CI'] ? [['list']] : [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    // No trace unless asked for (CASEBOOK_E2E_TRACE=1, then kept for a failed test). Recording one
    // (a screenshot of each frame the page paints, a DOM snapshot at each action) took a fifth of
    // the tests' CPU: four reload-heavy specs, one worker, 98–114 s of CPU without it against
    // 123–152 s with it (95–127 s without its screenshots). CI keeps only the log.
    trace: process.env['CASEBOOK_E2E_TRACE'] === '1' ? 'retain-on-failure' : 'off',
    timezoneId: 'UTC',
    locale: 'en-US',
    // No service worker unless a test is about it (offline, updates: they opt in with
    // `test.use({ serviceWorkers: 'allow' })`). Registered, it precaches every asset of the build
    // (~50 MB, DuckDB's wasm included) in each test's fresh profile: CPU the app's own work needs.
    serviceWorkers: 'block',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: chromiumLaunchOptions(),
      },
    },
  ],
  webServer: {
    command: `npx vite preview --port ${port} --strictPort --host 127.0.0.1`,
    url: `http://127.0.0.1:${port}`,
    reuseExistingServer: !process.env['CI'],
    timeout: 60_000,
  },
});
