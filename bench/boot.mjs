// The critical path of opening the app (issue 21, a lean boot): time to first paint, to an
// interactive case list, to the first table, to every table and to the whole sample case, on a
// first visit (empty browser: no HTTP cache, no service worker, no stored case) and on a reload
// (HTTP cache and stored case). `bootBench(browser, url, runs)` is what `bench/run.mjs` calls;
// `node bench/boot.mjs` runs it alone against the last `npm run build`.
//
// Everything is read from the page's own performance timeline: the paint entries, the marks the
// app sets (casebook:boot:*), the runtime's measure per cell run (casebook:cell:<kind>:<id>) and
// resource timing for the big downloads.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fmt, inContext, launch, median, startPreview } from './common.mjs';
import { blockersText, recordMainThread, typeWhileBuilding, worstKeyText } from './typing.mjs';

/** The goals of issue 21; `null`: no goal, printed for the record. */
const GOALS = {
  firstPaint: null,
  caseList: 1500,
  firstTable: 1500,
  everyTable: 3000,
  wholeSample: null,
};

const LABELS = {
  firstPaint: 'first paint',
  caseList: 'interactive case list',
  firstTable: 'first table (first query result)',
  everyTable: 'every table of the sample',
  wholeSample: 'whole sample, training and evaluation included',
};

/** Kinds whose cell makes a table: the sample's tables are ready when the last of these is done. */
const TABLE_KINDS = new Set(['source', 'sql', 'clean', 'features']);

/** Reads what the page knows of its own boot; times in ms after navigation start. */
function readTimeline(page) {
  return page.evaluate(() => {
    const paint = performance.getEntriesByName('first-contentful-paint')[0];
    const mark = (name) => performance.getEntriesByName(name, 'mark')[0]?.startTime ?? null;
    // A cell registered from the table cache is measured as casebook:restore:<kind>:<id>.
    const cells = performance
      .getEntriesByType('measure')
      .filter((m) => m.name.startsWith('casebook:cell:') || m.name.startsWith('casebook:restore:'))
      .map((m) => ({
        kind: m.name.split(':')[2],
        end: m.startTime + m.duration,
        duration: m.duration,
        restored: m.name.startsWith('casebook:restore:'),
      }));
    const resources = performance.getEntriesByType('resource').map((r) => ({
      name: new URL(r.name).pathname,
      start: r.startTime,
      end: r.responseEnd,
      bytes: r.transferSize,
    }));
    return {
      firstPaint: paint?.startTime ?? null,
      caseList: mark('casebook:boot:case-list'),
      engine: mark('casebook:boot:engine'),
      engineStart: mark('casebook:boot:engine-start'),
      isolated: self.crossOriginIsolated,
      cells,
      resources,
    };
  });
}

/** Generous: on a loaded 2-core machine the whole sample, training included, can take minutes. */
const WAIT_MS = 600_000;

/** Whether the sample's last cell (evaluate) has run or was restored from the table cache. */
const sampleDone = (page) =>
  page.evaluate(() =>
    performance.getEntriesByType('measure').some((m) => /^casebook:(cell|restore):evaluate:/.test(m.name)),
  );

/** Waits until the sample's last cell (evaluate) has run; fails at once, with its message, if a cell failed. */
async function waitForSample(page) {
  for (let i = 0; i < WAIT_MS / 250; i++) {
    const done = await page.evaluate(() =>
      performance.getEntriesByType('measure').some((m) => /^casebook:(cell|restore):evaluate:/.test(m.name)),
    );
    if (done) return;
    const statuses = await page.getByRole('status', { name: 'Cell status' }).allInnerTexts();
    if (statuses.includes('error')) {
      const alerts = await page.getByRole('alert').allInnerTexts();
      throw new Error(`a cell of the sample failed: ${alerts.join(' | ').slice(0, 500)}`);
    }
    await page.waitForTimeout(250);
  }
  throw new Error('timed out waiting for the sample case to run');
}

/**
 * Where a load's cells spent their time, by kind: those that ran, and those registered from the
 * table cache. A reopen still runs every kind the cache does not keep (train, explain, score…).
 */
function spentByKind(cells) {
  const spent = { ran: {}, restored: {} };
  for (const c of cells) {
    const into = c.restored ? spent.restored : spent.ran;
    into[c.kind] = (into[c.kind] ?? 0) + c.duration;
  }
  return spent;
}

/** "profile 4.2 s, train 2.0 s, …", longest first. */
function spentText(spent) {
  const part = (by) =>
    Object.entries(by)
      .sort((a, b) => b[1] - a[1])
      .map(([kind, ms]) => `${kind} ${fmt(ms)}`)
      .join(', ') || 'none';
  const sum = (by) => Object.values(by).reduce((a, b) => a + b, 0);
  return `cells that ran: ${fmt(sum(spent.ran))} (${part(spent.ran)}); registered from the table cache: ${fmt(sum(spent.restored))} (${part(spent.restored)})`;
}

/** The figures of one load, from its timeline. */
function figures(t) {
  const tables = t.cells.filter((c) => TABLE_KINDS.has(c.kind)).map((c) => c.end);
  const resource = (part) => t.resources.find((r) => r.name.includes(part)) ?? null;
  return {
    firstPaint: t.firstPaint,
    caseList: t.caseList,
    firstTable: tables.length > 0 ? Math.min(...tables) : null,
    everyTable: tables.length > 0 ? Math.max(...tables) : null,
    wholeSample: t.cells.length > 0 ? Math.max(...t.cells.map((c) => c.end)) : null,
    spent: spentByKind(t.cells),
    // What stands in the way: when the engine began and was ready, when the app's code arrived.
    engineStart: t.engineStart,
    engineReady: t.engine,
    // The chunk with the app's components (mount-*.js since the lean boot; index-*.js before).
    appScript: resource('/assets/mount-') ?? resource('/assets/index-'),
    trainingWorker: resource('training.worker'),
    isolated: t.isolated,
  };
}

/** Waits until nothing runs and every table queued for the table cache is written (also used by reopen.mjs). */
export async function waitForCacheWrites(page) {
  // A batch keeps its tables when all its cells have run (Runtime.#keepAll): until nothing runs,
  // no write is even pending. (Waiting for pending writes alone reloaded before any was queued, so
  // the "reload" rows measured a rebuild: nothing was registered from the cache.)
  const idle = () =>
    page.evaluate(
      () =>
        (window.__casebookCounters?.cachePending ?? 0) === 0 &&
        ![...document.querySelectorAll('button')].some((b) => b.textContent?.trim() === 'Cancel all'),
    );
  for (let i = 0; i < WAIT_MS / 250; i++) {
    if ((await idle()) && (await page.waitForTimeout(500), await idle())) return;
    await page.waitForTimeout(250);
  }
  throw new Error('timed out waiting for the table cache writes');
}

/** Empties the table cache (schema version 5) straight in IndexedDB, as the storage panel's Clear cache does. */
function clearTableCache(page) {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('casebook');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction(['tableCache', 'tableCacheData'], 'readwrite');
          tx.objectStore('tableCache').clear();
          tx.objectStore('tableCacheData').clear();
          tx.oncomplete = () => {
            db.close();
            resolve(undefined);
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
  );
}

/**
 * One first visit (a new, empty browser context) and, in the same context, a reload that registers
 * the tables from the table cache, then a reload after the cache was cleared (every table rebuilt).
 */
async function oneRun(browser, url) {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  await recordMainThread(context);
  try {
    const page = await context.newPage();
    await page.goto(url);
    await waitForSample(page);
    const first = figures(await readTimeline(page));
    await waitForCacheWrites(page);
    // Each reopen is typed into while it builds (typing.mjs): nothing may block the keys.
    await page.reload();
    const reloadTyping = await typeWhileBuilding(page, sampleDone);
    await waitForSample(page);
    const reload = { ...figures(await readTimeline(page)), ...reloadTyping };
    await waitForCacheWrites(page);
    await clearTableCache(page);
    await page.reload();
    const rebuiltTyping = await typeWhileBuilding(page, sampleDone);
    await waitForSample(page);
    const rebuilt = { ...figures(await readTimeline(page)), ...rebuiltTyping };
    return { first, reload, rebuilt };
  } finally {
    await context.close();
  }
}

/**
 * The offline reload: a first visit with the app's service worker (it precaches the build), then a
 * reload with the network off. The case and its tables come from IndexedDB, the app from the worker.
 */
async function offlineRun(browser, url) {
  return inContext(browser, { serviceWorkers: 'allow' }, async (page, context) => {
    await page.goto(url);
    await waitForSample(page);
    await waitForCacheWrites(page);
    // An active worker has precached every asset of the build (its install step).
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await context.setOffline(true);
    await page.reload();
    await waitForSample(page);
    return figures(await readTimeline(page));
  });
}

const medianOf = (runs, key) => {
  const values = runs.map((r) => r[key]).filter((v) => typeof v === 'number');
  return values.length > 0 ? median(values) : null;
};

function summarise(runs) {
  const out = {};
  for (const key of [...Object.keys(GOALS), 'engineStart', 'engineReady']) out[key] = medianOf(runs, key);
  const app = runs.map((r) => r.appScript?.end).filter((v) => typeof v === 'number');
  out.appScriptArrived = app.length > 0 ? median(app) : null;
  out.isolated = runs.every((r) => r.isolated);
  // Where the time went: the run whose whole sample is the median one.
  const whole = runs.filter((r) => typeof r.wholeSample === 'number');
  out.spent =
    whole.length > 0
      ? [...whole].sort((a, b) => a.wholeSample - b.wholeSample)[Math.floor(whole.length / 2)].spent
      : null;
  for (const key of ['longestTaskMs', 'keyToPaintMs', 'keys']) out[key] = medianOf(runs, key);
  // What blocked typing: the longest tasks of the run whose longest task is the median one.
  const typed = runs.filter((r) => typeof r.longestTaskMs === 'number');
  if (typed.length > 0) {
    const middle = [...typed].sort((a, b) => a.longestTaskMs - b.longestTaskMs)[Math.floor(typed.length / 2)];
    out.blockers = middle.blockers ?? [];
    // And the worst key of the run whose worst key is the median one.
    const byKey = [...typed].sort((a, b) => a.keyToPaintMs - b.keyToPaintMs)[Math.floor(typed.length / 2)];
    out.worstKey = byKey.worstKey ?? null;
    out.keyToPaintGoalMs = KEY_TO_PAINT_GOAL_MS;
    out.keyToPaintMet = out.keyToPaintMs === null ? null : out.keyToPaintMs <= KEY_TO_PAINT_GOAL_MS;
    out.inTheWay =
      out.keyToPaintMet === false ? `${worstKeyText(out.worstKey)}; ${blockersText(out.blockers)}` : null;
  }
  return out;
}

/** What stands between a missed goal and the figure, from the same loads. */
function obstacle(key, s) {
  const engine =
    s.engineReady === null
      ? 'the engine never reported ready'
      : `DuckDB-WASM ready at ${fmt(s.engineReady)}: started at ${fmt(s.engineStart ?? 0)}, then ${fmt(s.engineReady - (s.engineStart ?? 0))} to fetch and compile its 34 MB wasm and open`;
  switch (key) {
    case 'caseList':
      return `the app's script arrived at ${s.appScriptArrived === null ? '?' : fmt(s.appScriptArrived)}; then IndexedDB (and, on a first visit, storing the sample's files)`;
    case 'firstTable':
      return `${engine}; the first table ${fmt(s.firstTable - (s.engineReady ?? 0))} after that`;
    case 'everyTable':
      return `${engine}; the last table ${fmt(s.everyTable - (s.engineReady ?? 0))} after that`;
    default:
      return '';
  }
}

function print(title, s) {
  console.log(`\n${title}${s.isolated ? ' (cross-origin isolated)' : ''}`);
  console.log('| step | measured (median) | goal | met | what stands in the way |');
  console.log('| --- | --- | --- | --- | --- |');
  for (const [key, goal] of Object.entries(GOALS)) {
    const value = s[key];
    const met = value === null || goal === null ? '' : value <= goal ? 'yes' : 'no';
    const why = met === 'no' ? obstacle(key, s) : '';
    console.log(
      `| ${LABELS[key]} | ${value === null ? '—' : fmt(value)} | ${goal === null ? '—' : `≤ ${fmt(goal)}`} | ${met} | ${why} |`,
    );
  }
  if (s.spent !== null)
    console.log(`| where the whole sample's time went (cell by cell) | — | — | | ${spentText(s.spent)} |`);
  if (s.keys === null) return;
  // Typed while the case built (typing.mjs); 0 ms: no task ≥ 50 ms, no key slower than 16 ms.
  const ms = (v) => (v === null ? '—' : `${Math.round(v)} ms`);
  const typed = `${s.keys} keys typed while it built`;
  // What stood in the way, measured: the longest tasks and what the app's timeline says ran in them.
  const blockers = blockersText(s.blockers);
  console.log(
    `| longest main-thread task while building | ${ms(s.longestTaskMs)} | — | | ${typed}; ${blockers} |`,
  );
  const keyMet = s.keyToPaintMs === null ? '' : s.keyToPaintMs <= KEY_TO_PAINT_GOAL_MS ? 'yes' : 'no';
  const keyWhy =
    keyMet === 'no' ? `${typed}; ${worstKeyText(s.worstKey)}; longest tasks: ${blockers}` : typed;
  console.log(
    `| keystroke to paint while building (worst) | ${ms(s.keyToPaintMs)} | ≤ ${KEY_TO_PAINT_GOAL_MS} ms | ${keyMet} | ${keyWhy} |`,
  );
}

/** RAIL's response goal: a key shows within 100 ms. */
const KEY_TO_PAINT_GOAL_MS = 100;

/**
 * Opens the app `runs` times as a new user would (first visit, then reload), prints the critical
 * path beside the goals and returns the medians for results.json.
 */
export async function bootBench(browser, url, runs = 3) {
  const all = [];
  for (let run = 0; run < runs; run++) {
    const r = { ...(await oneRun(browser, url)), offline: await offlineRun(browser, url) };
    all.push(r);
    const show = (f) =>
      `paint ${fmt(f.firstPaint ?? NaN)}, list ${fmt(f.caseList ?? NaN)}, engine ${fmt(f.engineReady ?? NaN)}, ` +
      `first table ${fmt(f.firstTable ?? NaN)}, every table ${fmt(f.everyTable ?? NaN)}, all ${fmt(f.wholeSample ?? NaN)}` +
      (f.keys === undefined
        ? ''
        : `, ${f.keys} keys typed: longest task ${Math.round(f.longestTaskMs)} ms, worst key to paint ${Math.round(f.keyToPaintMs)} ms (${blockersText(f.blockers)})`);
    console.log(
      `boot run ${run + 1}: first visit: ${show(r.first)}; reload: ${show(r.reload)}; ` +
        `reload without the table cache: ${show(r.rebuilt)}; offline reload: ${show(r.offline)}`,
    );
  }
  const first = summarise(all.map((r) => r.first));
  const reload = summarise(all.map((r) => r.reload));
  const rebuilt = summarise(all.map((r) => r.rebuilt));
  const offline = summarise(all.map((r) => r.offline));
  print('Boot, first visit (empty browser, sample case created)', first);
  print('Boot, reload (HTTP cache, case stored; tables registered from the table cache)', reload);
  print('Boot, reload after Clear cache (HTTP cache, case stored; every table rebuilt)', rebuilt);
  print(
    'Boot, offline reload (network off; the app from its service worker, tables from the cache)',
    offline,
  );
  return {
    runs,
    goalsMs: GOALS,
    firstVisit: first,
    reload,
    reloadWithoutCache: rebuilt,
    offlineReload: offline,
  };
}

async function main() {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const { server, url } = await startPreview(root);
  try {
    const browser = await launch();
    try {
      const result = await bootBench(browser, url, Number(process.env.BOOT_RUNS ?? 3));
      console.log(`\n${JSON.stringify(result)}`);
    } finally {
      await browser.close();
    }
  } finally {
    process.kill(-server.pid);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
