// Helpers shared by the bench's parts (run.mjs: DuckDB; training.mjs: model training).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';

/**
 * `--smoke` (npm run bench:smoke, part of npm test): every path of the bench on tiny data in
 * about a minute, with the same tables, so that the bench cannot break unnoticed. Its figures
 * say nothing about speed; its files go to bench/data/smoke and bench/out/smoke.
 */
export const SMOKE = process.argv.includes('--smoke');

/** The bench's own port: the end-to-end tests use 4173. */
export const PORT = Number(process.env['BENCH_PORT'] ?? 4175);

export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export const fmt = (ms) => `${(ms / 1000).toFixed(2)} s`;

/** A small seeded PRNG (mulberry32, as src/ml/models/prng.ts): the same data on every machine. */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function timed(fn) {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

/** Headless Chromium as the end-to-end tests start it (Debian's when installed). */
export function launch(extraArgs = []) {
  return chromium.launch({
    ...(existsSync('/usr/bin/chromium') ? { executablePath: '/usr/bin/chromium' } : {}),
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
      ...extraArgs,
    ],
  });
}

/**
 * Opens `url` (a bench page) in a fresh browser and runs `window.casebookBench[name](options)`
 * there; the page's errors are printed when it fails.
 */
export async function benchInBrowser(url, name, options) {
  const browser = await launch();
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text().slice(0, 500));
    });
    await page.goto(url);
    await page.waitForFunction(() => window.casebookBench !== undefined);
    try {
      return await page.evaluate(([n, o]) => window.casebookBench[n](o), [name, options]);
    } catch (e) {
      for (const line of errors) console.error(`  page: ${line}`);
      throw e;
    }
  } finally {
    await browser.close();
  }
}

/**
 * Serves the last build (`vite preview` in `root`, on PORT, or another `outDir`) and waits until it
 * answers; kill it with `process.kill(-server.pid)`.
 */
export async function startPreview(root, { outDir } = {}) {
  const server = spawn(
    'npx',
    [
      'vite',
      'preview',
      ...(outDir ? ['--outDir', outDir] : []),
      '--port',
      String(PORT),
      '--strictPort',
      '--host',
      '127.0.0.1',
    ],
    { cwd: root, stdio: 'ignore', detached: true },
  );
  const url = `http://127.0.0.1:${PORT}`;
  for (let i = 0; i < 150; i++) {
    try {
      if ((await fetch(url)).ok) return { server, url };
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  process.kill(-server.pid);
  throw new Error('vite preview did not start');
}

/** Runs `work(page, context)` in a new browser context (`options`), closed afterwards whatever happens. */
export async function inContext(browser, options, work) {
  const context = await browser.newContext(options);
  try {
    return await work(await context.newPage(), context);
  } finally {
    await context.close();
  }
}
