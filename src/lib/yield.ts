/**
 * Lets the browser handle what waits (a keystroke, a paint) before the caller goes on: between the
 * cells of a build, so that a case that builds never blocks typing (issue 21). `scheduler.yield()`
 * where the browser has it (Chromium 129+: the caller keeps its place ahead of other tasks), else a
 * macrotask through a MessageChannel (a `setTimeout(0)` is clamped to 4 ms once nested), else a
 * timer (Node).
 */
export function yieldToMain(): Promise<void> {
  const scheduler: unknown = Reflect.get(globalThis, 'scheduler');
  if (typeof scheduler === 'object' && scheduler !== null) {
    const yieldFn: unknown = Reflect.get(scheduler, 'yield');
    if (typeof yieldFn === 'function') {
      const result: unknown = Reflect.apply(yieldFn, scheduler, []);
      if (result instanceof Promise) return result.then(() => undefined);
    }
  }
  if (typeof MessageChannel === 'function') {
    return new Promise((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        channel.port1.close();
        resolve();
      };
      channel.port2.postMessage(null);
    });
  }
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * A time budget for long work in the page, in the shape the bootstrap takes (`Slicer` in
 * `src/ml/metrics/weighted.ts`): `due()` once `sliceMs` have passed since the last pause, and
 * `pause()` yields to the page, then calls `after` (a cancel check may throw there). 30 ms leaves
 * a keystroke's handler and its paint room inside the 50 ms of a long task.
 */
export function timeSlicer(
  sliceMs = 30,
  after: () => void = () => undefined,
): { readonly due: () => boolean; readonly pause: () => Promise<void> } {
  let since = performance.now();
  return {
    due: () => performance.now() - since >= sliceMs,
    pause: async () => {
      await yieldToMain();
      after();
      since = performance.now();
    },
  };
}
