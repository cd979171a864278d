/*
 * Observable Plot (and d3) is one chunk, `drawing.ts`, fetched when the first chart shows rather
 * than at boot (issue 21). `plotDrawing()` is reactive: a view's attachment that reads it draws
 * nothing on the first pass, starts the load, and runs again with every other value it read
 * still tracked once the module is there.
 */

import type * as DrawingModule from './drawing';

/** The drawing functions, once their chunk has loaded. */
export type Drawing = typeof DrawingModule;

let loaded = $state<Drawing | null>(null);
let failure = $state<string | null>(null);
let loading: Promise<void> | null = null;

function load(): void {
  loading ??= import('./drawing').then(
    (module) => {
      loaded = module;
      failure = null;
    },
    (e: unknown) => {
      loading = null;
      failure = `The chart code could not load (${e instanceof Error ? e.message : String(e)}): reload the page.`;
    },
  );
}

/** Plot's drawing functions, or null while they load (the call starts the load). */
export function plotDrawing(): Drawing | null {
  if (loaded === null) load();
  return loaded;
}

/** Why the drawing functions could not load, for people; null while none failed. */
export function plotLoadFailure(): string | null {
  return failure;
}
