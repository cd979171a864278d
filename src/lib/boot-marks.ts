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
