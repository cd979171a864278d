/**
 * Marks on the page's performance timeline for the steps of opening the app, read by
 * `npm run bench` (bench/boot.mjs) and visible in the browser's performance panel. Each is set
 * once per page: the first time the step happens.
 */
export type BootStep = 'engine-start' | 'engine' | 'case-list';

const marked = new Set<BootStep>();

export function markBoot(step: BootStep): void {
  if (marked.has(step) || typeof performance === 'undefined') return;
  marked.add(step);
  performance.mark(`casebook:boot:${step}`);
}

const repeated = new Map<string, number>();

/**
 * `performance.measure(name)` from `start` to now, for a measure taken again and again (the
 * fingerprints after each keystroke). The browser keeps every measure until it is cleared: at most
 * `keep` of this name stay on the timeline, the oldest cleared first, in one go.
 */
export function measureRepeated(name: string, start: number, keep = 1_000): void {
  if (typeof performance === 'undefined') return;
  const count = (repeated.get(name) ?? 0) + 1;
  if (count > keep) performance.clearMeasures(name);
  repeated.set(name, count > keep ? 1 : count);
  performance.measure(name, { start, end: performance.now() });
}
