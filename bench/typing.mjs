// Whether a case that builds blocks typing (issue 21, item 1: "nothing blocks typing"): while the
// reopened sample builds, a person types in its first note; the page's own timeline says how long
// the longest main-thread task was (Long Tasks API, tasks ≥ 50 ms) and how long the worst keystroke
// waited for its paint (Event Timing API: an event's duration runs from the key to the next paint;
// entries under 16 ms are not reported, so "none" reads as < 16 ms). Used by boot.mjs.
//
// When a task is long, what ran in it comes from the same timeline: the app's marks and measures
// (casebook:cell:*, casebook:restore:*, casebook:view:*, casebook:render:*, casebook:duckdb) that
// ended inside the task, and the last one before it (the phase it came in); the typed keys'
// handlers that ran in it (Event Timing); and, from the Long Animation Frames API, the scripts
// that began in it (their entry point and function) and the frame's rendering (style and layout)
// when it fell in the task: so a task with no app mark still says what it was.

/** Starts recording long tasks and slow key events in every page of `context`, from its first script. */
export function recordMainThread(context) {
  return context.addInitScript(() => {
    const seen = { longTasks: [], keys: [], frames: [] };
    Object.defineProperty(window, '__benchMainThread', { value: seen });
    const watch = (type, into, options = {}) => {
      try {
        new PerformanceObserver((list) => {
          for (const e of list.getEntries())
            into.push({
              name: e.name,
              start: e.startTime,
              duration: e.duration,
              // Event Timing: when the page ran the event's handlers (a task of its own time).
              processingStart: e.processingStart,
              processingEnd: e.processingEnd,
            });
        }).observe({ type, buffered: true, ...options });
      } catch {
        // Not offered by this browser: the row reads "—".
      }
    };
    watch('longtask', seen.longTasks);
    watch('event', seen.keys, { durationThreshold: 16 });
    try {
      new PerformanceObserver((list) => {
        for (const f of list.getEntries()) {
          const file = (url) => (url ? url.split('/').pop().split('?')[0] : '');
          seen.frames.push({
            start: f.startTime,
            end: f.startTime + f.duration,
            renderStart: f.renderStart,
            styleAndLayoutStart: f.styleAndLayoutStart,
            scripts: f.scripts.map((s) => ({
              start: s.startTime,
              duration: s.duration,
              what: `${s.invoker}${s.sourceFunctionName ? ` → ${s.sourceFunctionName}` : ''}${s.sourceURL ? ` (${file(s.sourceURL)})` : ''}`,
            })),
          });
        }
      }).observe({ type: 'long-animation-frame', buffered: true });
    } catch {
      // No Long Animation Frames API: tasks are named by the app's marks alone.
    }
  });
}

/**
 * Types in the case's first note while the sample builds (until `done(page)` or 150 keys, one
 * every 50 ms, as a person types), then returns, for that window: the longest task, the worst
 * keystroke-to-paint delay and how many keys were typed.
 */
export async function typeWhileBuilding(page, done) {
  const note = page.getByRole('article', { name: 'Rendered markdown' }).first();
  await note.waitFor({ timeout: 600_000 });
  await note.dblclick();
  const editor = page.getByRole('textbox', { name: 'Markdown text' }).first();
  await editor.focus();
  await page.keyboard.press('ControlOrMeta+End');
  const from = await page.evaluate(() => performance.now());
  let keys = 0;
  while (keys < 150 && !(await done(page))) {
    await page.keyboard.press(keys % 20 === 19 ? 'Backspace' : 'x');
    keys += 1;
    await page.waitForTimeout(50);
  }
  const to = await page.evaluate(() => performance.now());
  const seen = await page.evaluate(() => window.__benchMainThread ?? { longTasks: [], keys: [], frames: [] });
  const inWindow = (e) => e.start >= from && e.start <= to;
  const long = seen.longTasks.filter(inWindow);
  const tasks = long.map((e) => e.duration);
  const keyEvents = seen.keys.filter(
    (e) => inWindow(e) && ['keydown', 'keypress', 'keyup', 'input', 'beforeinput'].includes(e.name),
  );
  const delays = keyEvents.map((e) => e.duration);
  const worst = keyEvents.reduce((w, e) => (w === null || e.duration > w.duration ? e : w), null);
  return {
    keys,
    typingMs: to - from,
    longestTaskMs: tasks.length > 0 ? Math.max(...tasks) : 0,
    longTasks: tasks.length,
    keyToPaintMs: delays.length > 0 ? Math.max(...delays) : 0,
    blockers: await blockersOf(page, long, seen.keys, seen.frames ?? []),
    // The worst key's time in its three parts (Event Timing, as INP splits it): waiting for the
    // page (the tasks before its handlers), its handlers, and from them to the next paint.
    worstKey:
      worst === null
        ? null
        : {
            event: worst.name,
            atMs: Math.round(worst.start),
            ms: Math.round(worst.duration),
            waitedMs: Math.round(worst.processingStart - worst.start),
            handlersMs: Math.round(worst.processingEnd - worst.processingStart),
            toPaintMs: Math.round(worst.start + worst.duration - worst.processingEnd),
            frame: frameAfter(seen.frames ?? [], worst),
          },
  };
}

/** How many of the longest tasks each typing window names. */
const BLOCKERS = 3;

/** A timeline entry's name for people: the kind without the cell id. */
export function entryLabel(name) {
  const [, what, kind, ...rest] = name.split(':');
  switch (what) {
    case 'cell':
      return `${kind} cell's run`;
    case 'restore':
      return `${kind} table restored`;
    case 'view':
      return `${kind} view rendered`;
    case 'render':
      return kind === 'figure' ? `chart "${rest.join(':')}" drawn` : `${kind} ${rest.join(':')} drawn`;
    case 'duckdb':
      return 'a DuckDB reply';
    case 'boot':
      return `boot: ${kind}`;
    case 'fingerprints':
      return "the case's fingerprints computed";
    default:
      return name;
  }
}

/**
 * The longest of `tasks` (at most BLOCKERS), each with what the app's timeline says ran in it:
 * the entries that ended inside it (with their time inside the task) and the last one before it.
 */
async function blockersOf(page, tasks, events, frames) {
  const longest = [...tasks].sort((a, b) => b.duration - a.duration).slice(0, BLOCKERS);
  if (longest.length === 0) return [];
  const entries = await page.evaluate(() =>
    [...performance.getEntriesByType('mark'), ...performance.getEntriesByType('measure')]
      .filter((e) => e.name.startsWith('casebook:'))
      .map((e) => ({ name: e.name, start: e.startTime, end: e.startTime + e.duration })),
  );
  return longest.map((task) => {
    const end = task.start + task.duration;
    // The typed keys' own handlers (the edit and what it sets off) that ran inside the task.
    const handlers = events
      .filter((e) => e.processingStart >= task.start && e.processingEnd <= end + 1)
      .map((e) => ({ label: `${e.name} handled`, within: true, ms: e.processingEnd - e.processingStart }));
    // Long animation frames: the scripts that began in the task, and its rendering if it fell there.
    const scripts = [];
    for (const f of frames) {
      if (f.end < task.start || f.start > end) continue;
      for (const s of f.scripts)
        if (s.start >= task.start && s.start <= end)
          scripts.push({ label: `script ${s.what}`, within: true, ms: s.duration });
      if (f.renderStart >= task.start && f.renderStart <= end) {
        scripts.push({
          label: 'frame rendering: style and layout',
          within: true,
          ms: f.end - f.styleAndLayoutStart,
        });
        if (f.styleAndLayoutStart - f.renderStart >= 1)
          scripts.push({
            label: 'frame rendering: animation frame and resize callbacks',
            within: true,
            ms: f.styleAndLayoutStart - f.renderStart,
          });
      }
    }
    const inside = entries
      .filter((e) => e.end >= task.start && e.end <= end + 1)
      .map((e) => ({
        label: entryLabel(e.name),
        // Begun inside the task: its whole time is the task's; begun before (an awaited run or
        // query): its continuation ran here, `ms` after the task began.
        within: e.start >= task.start,
        ms: e.end - Math.max(e.start, task.start),
      }))
      .concat(handlers, scripts);
    // Several DuckDB replies (or charts) in one task read as one item with a count.
    const grouped = new Map();
    for (const e of inside) {
      const key = `${e.label}|${e.within}`;
      const g = grouped.get(key) ?? { label: e.label, within: e.within, ms: 0, count: 0 };
      g.ms += e.ms;
      g.count += 1;
      grouped.set(key, g);
    }
    const before = entries.filter((e) => e.end < task.start).sort((a, b) => b.end - a.end)[0];
    return {
      ms: Math.round(task.duration),
      atMs: Math.round(task.start),
      ran: [...grouped.values()]
        .sort((a, b) => b.ms - a.ms)
        .map((g) => ({ label: g.label, within: g.within, ms: Math.round(g.ms), count: g.count })),
      after: before ? entryLabel(before.name) : null,
    };
  });
}

/**
 * What the main thread did between a key's handlers and its paint: the long animation frame
 * (≥ 50 ms) its handlers ran in, with the scripts after them and the frame's rendering; null when
 * there was none, so the wait was not the page's main thread (raster and display).
 */
function frameAfter(frames, key) {
  const f = frames.find((x) => x.start <= key.processingEnd && x.end >= key.processingEnd);
  if (!f) return null;
  const after = f.scripts.filter((s) => s.start >= key.processingEnd);
  return {
    scriptsMs: Math.round(after.reduce((sum, s) => sum + s.duration, 0)),
    scripts: after
      .sort((a, b) => b.duration - a.duration)
      .slice(0, 2)
      .map((s) => `${s.what} ${Math.round(s.duration)} ms`),
    renderingMs: Math.round(f.end - f.renderStart),
  };
}

/** The worst key's parts, for a table cell. */
export function worstKeyText(k) {
  if (!k) return '';
  return (
    `worst key (${k.event} at ${(k.atMs / 1000).toFixed(1)} s, ${k.ms} ms): waited ${k.waitedMs} ms for the page, ` +
    `${k.handlersMs} ms in its handlers, ${k.toPaintMs} ms from them to the paint (` +
    (k.frame === null || k.frame === undefined
      ? 'its frame took the main thread under 50 ms: the rest was raster and display'
      : `its frame: ${k.frame.scriptsMs} ms of scripts after the key${k.frame.scripts.length > 0 ? `, ${k.frame.scripts.join(', ')}` : ''}, ${k.frame.renderingMs} ms rendering`) +
    ')'
  );
}

/** One line for a table cell: each blocker's length, what ran in it and what came before. */
export function blockersText(blockers) {
  if (!blockers || blockers.length === 0) return 'no task ≥ 50 ms';
  return blockers
    .map((b) => {
      const ran =
        b.ran.length === 0
          ? 'nothing on the timeline names it'
          : b.ran
              .map(
                (r) =>
                  `${r.count > 1 ? `${r.count}× ` : ''}${r.label} (${r.within ? '' : 'ended '}${r.ms} ms${r.within ? '' : ' in'})`,
              )
              .join(', ');
      return `${b.ms} ms task at ${(b.atMs / 1000).toFixed(1)} s: ${ran}${b.after ? `; after ${b.after}` : ''}`;
    })
    .join('; ');
}
