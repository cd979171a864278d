// Whether a case that builds blocks typing (issue 21, item 1: "nothing blocks typing"): while the
// reopened sample builds, a person types in its first note; the page's own timeline says how long
// the longest main-thread task was (Long Tasks API, tasks ≥ 50 ms) and how long the worst keystroke
// waited for its paint (Event Timing API: an event's duration runs from the key to the next paint;
// entries under 16 ms are not reported, so "none" reads as < 16 ms). Used by boot.mjs.

/** Starts recording long tasks and slow key events in every page of `context`, from its first script. */
export function recordMainThread(context) {
  return context.addInitScript(() => {
    const seen = { longTasks: [], keys: [] };
    Object.defineProperty(window, '__benchMainThread', { value: seen });
    const watch = (type, into, options = {}) => {
      try {
        new PerformanceObserver((list) => {
          for (const e of list.getEntries())
            into.push({ name: e.name, start: e.startTime, duration: e.duration });
        }).observe({ type, buffered: true, ...options });
      } catch {
        // Not offered by this browser: the row reads "—".
      }
    };
    watch('longtask', seen.longTasks);
    watch('event', seen.keys, { durationThreshold: 16 });
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
  const seen = await page.evaluate(() => window.__benchMainThread ?? { longTasks: [], keys: [] });
  const inWindow = (e) => e.start >= from && e.start <= to;
  const tasks = seen.longTasks.filter(inWindow).map((e) => e.duration);
  const delays = seen.keys
    .filter((e) => inWindow(e) && ['keydown', 'keypress', 'keyup', 'input', 'beforeinput'].includes(e.name))
    .map((e) => e.duration);
  return {
    keys,
    typingMs: to - from,
    longestTaskMs: tasks.length > 0 ? Math.max(...tasks) : 0,
    longTasks: tasks.length,
    keyToPaintMs: delays.length > 0 ? Math.max(...delays) : 0,
  };
}
