// Where a reopen of the sample case spends its long main-thread tasks (issue 21, "nothing blocks
// typing"): opens the sample (first visit: everything runs), waits for the table cache, then
// reloads under a Chromium trace with the V8 sampling profiler, and prints every main-thread task
// of 50 ms or more with the cell that was running and the functions that took its time (self
// time, and the first app frame below them). `node bench/profile-reopen.mjs` against the last
// `npm run build`; BENCH_PORT as the bench. A tool to find offenders, not a bench row.
import { writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch, startPreview } from './common.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const LONG_US = 50_000;

async function until(page, fn, ms = 600_000) {
  for (let waited = 0; waited < ms; waited += 250) {
    if (await page.evaluate(fn)) return;
    await page.waitForTimeout(250);
  }
  throw new Error('timed out');
}

const evaluated = () =>
  performance.getEntriesByType('measure').some((m) => /^casebook:(cell|restore):evaluate:/.test(m.name));

/** The CPU profile's samples from the trace's ProfileChunk events: [{ ts, node }], and the nodes. */
function samplesOf(events, pid, tid) {
  const nodes = new Map();
  const samples = [];
  const starts = new Map();
  for (const e of events) {
    if (e.name === 'Profile' && e.pid === pid) starts.set(e.id, e.args.data.startTime);
  }
  const clock = new Map();
  for (const e of events) {
    if (e.name !== 'ProfileChunk' || e.pid !== pid || e.tid !== tid) continue;
    const data = e.args.data;
    for (const n of data.cpuProfile?.nodes ?? []) nodes.set(n.id, n);
    let ts = clock.get(e.id) ?? starts.get(e.id) ?? 0;
    const ids = data.cpuProfile?.samples ?? [];
    const deltas = data.timeDeltas ?? [];
    ids.forEach((id, i) => {
      ts += deltas[i] ?? 0;
      samples.push({ ts, node: id });
    });
    clock.set(e.id, ts);
  }
  return { nodes, samples };
}

function frameName(n) {
  const f = n.callFrame;
  const file = (f.url ?? '').split('/').pop();
  return `${f.functionName || '(anonymous)'}${file ? ` ${file}:${f.lineNumber + 1}` : ''}`;
}

async function main() {
  const { server, url } = await startPreview(root, { outDir: process.env.PROFILE_DIST });
  const browser = await launch();
  try {
    const context = await browser.newContext({ serviceWorkers: 'block' });
    const page = await context.newPage();
    await page.goto(url);
    await until(page, evaluated);
    await until(page, () => (window.__casebookCounters?.cachePending ?? 0) === 0);
    await browser.startTracing(page, {
      categories: [
        'devtools.timeline',
        'disabled-by-default-devtools.timeline',
        'blink.user_timing',
        'v8.execute',
        'disabled-by-default-v8.cpu_profiler',
      ],
    });
    await page.reload();
    await until(page, evaluated);
    await page.waitForTimeout(1000);
    const trace = JSON.parse((await browser.stopTracing()).toString());
    const events = trace.traceEvents ?? trace;
    if (process.env.TRACE_OUT) writeFileSync(process.env.TRACE_OUT, JSON.stringify(events));
    const main = events.find(
      (e) =>
        e.name === 'thread_name' &&
        e.args?.name === 'CrRendererMain' &&
        events.some((t) => t.pid === e.pid && t.name === 'ProfileChunk'),
    );
    if (!main) throw new Error('no renderer main thread in the trace');
    const { pid, tid } = main;
    const tasks = events.filter(
      (e) =>
        e.pid === pid && e.tid === tid && e.ph === 'X' && e.name === 'RunTask' && (e.dur ?? 0) >= LONG_US,
    );
    const marks = events
      .filter(
        (e) =>
          e.pid === pid && e.cat?.includes('blink.user_timing') && String(e.name).startsWith('casebook:'),
      )
      .map((e) => ({ name: e.name, ts: e.ts, ph: e.ph }));
    const { nodes, samples } = samplesOf(events, pid, tid);
    const appFrame = (id) => {
      for (let n = nodes.get(id); n; n = nodes.get(n.parent)) {
        if (/\/assets\/(?!.*(duckdb|vendor))/.test(n.callFrame.url ?? '')) return frameName(n);
      }
      return '(no app frame)';
    };
    // Each node's parent: the chunks give children? they give parent ids.
    console.log(`${tasks.length} main-thread tasks ≥ 50 ms during the reopen`);
    for (const t of tasks.sort((a, b) => a.ts - b.ts)) {
      const running = marks
        .filter((m) => m.ts <= t.ts + t.dur)
        .map((m) => m.name)
        .slice(-2)
        .join(', ');
      const inside = samples.filter((s) => s.ts >= t.ts && s.ts <= t.ts + t.dur);
      const self = new Map();
      const app = new Map();
      for (const s of inside) {
        const n = nodes.get(s.node);
        if (!n) continue;
        const name = frameName(n);
        self.set(name, (self.get(name) ?? 0) + 1);
        const a = appFrame(s.node);
        app.set(a, (app.get(a) ?? 0) + 1);
      }
      const top = (m) =>
        [...m.entries()]
          .sort((a, b) => b[1] - a[1])
          .slice(0, 6)
          .map(([k, v]) => `${k} ×${v}`)
          .join('; ');
      const children = events
        .filter(
          (e) =>
            e.pid === pid &&
            e.tid === tid &&
            e.ph === 'X' &&
            e.ts >= t.ts &&
            e.ts < t.ts + t.dur &&
            e !== t &&
            (e.dur ?? 0) > 10_000,
        )
        .slice(0, 4)
        .map(
          (e) =>
            `${e.name}${e.args?.data?.type ? `(${e.args.data.type})` : ''}${e.args?.data?.functionName ? `(${e.args.data.functionName})` : ''} ${Math.round(e.dur / 1000)}ms`,
        )
        .join(', ');
      console.log(
        `\n${Math.round(t.dur / 1000)} ms at ${Math.round(t.ts / 1000)} | after marks: ${running}\n  events: ${children}\n  self: ${top(self)}\n  app frames: ${top(app)}`,
      );
    }
  } finally {
    await browser.close();
    process.kill(-server.pid);
  }
}

await main();
