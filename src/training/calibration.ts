import * as v from 'valibot';
import type { BackendName } from '../ml/models/specs';

/*
 * The backend calibration of `auto` (issue 21): on each device, time one real training step of a
 * small fixed network on every TensorFlow.js backend that starts, within about 2 s in all, and
 * train on the fastest. A software GPU adapter (SwiftShader) is ~20× slower than WASM, a real GPU
 * can be far faster: only a measurement tells them apart. The result is kept per device (the
 * adapter, the browser, the TensorFlow.js version) and measured again when any of them changes.
 *
 * This file is the pure part, shared by the worker (which measures) and the page (which keeps
 * the result in IndexedDB): the device key, the budget's split, the winner, the order `auto`
 * tries, the reason people read, and the validator of a stored result.
 */

/** What the calibration of one device may spend, in all. */
export const CALIBRATION_BUDGET_MS = 2_000;
/** A backend's share never drops below this: a backend measured late still gets a real chance. */
export const MIN_SHARE_MS = 150;
/** Timed steps per backend after the warm-up one (fewer when its share runs out). */
export const TIMED_STEPS = 3;
/**
 * The order backends are measured in: WASM first, the reference and the fallback on any CPU; the
 * CPU backend before WebGL, since it finishes its steps quickly and leaves the rest of the budget,
 * while a software WebGL (SwiftShader) may use all it is given and go on computing after it.
 */
export const MEASURE_ORDER: readonly BackendName[] = ['wasm', 'webgpu', 'cpu', 'webgl'];
/** What `auto` tries when nothing was measured: WASM is the fastest on a CPU (notes/browser.md). */
export const UNMEASURED_ORDER: readonly BackendName[] = ['wasm', 'webgl', 'webgpu', 'cpu'];

/** The facts a calibration is valid for: change any and it is measured again. */
export interface DeviceFacts {
  readonly userAgent: string;
  readonly tfjsVersion: string;
  /** What the WebGPU adapter says of itself; null where the browser offers none. */
  readonly adapter: {
    readonly vendor: string;
    readonly architecture: string;
    readonly device: string;
    readonly description: string;
  } | null;
  /** Cross-origin isolation gives WASM its threads: another speed. */
  readonly crossOriginIsolated: boolean;
  /** `navigator.hardwareConcurrency`. */
  readonly cores: number;
}

/** One backend's figure. */
export type CalibrationEntry =
  | {
      readonly backend: BackendName;
      readonly state: 'measured';
      readonly msPerStep: number;
      readonly steps: number;
    }
  /** It started but finished no timed step within its share of the budget. */
  | { readonly backend: BackendName; readonly state: 'too-slow'; readonly shareMs: number }
  /** The budget was spent before its turn. */
  | { readonly backend: BackendName; readonly state: 'skipped' }
  /** It did not initialise, or its step threw (a lost device). */
  | { readonly backend: BackendName; readonly state: 'failed'; readonly message: string };

export interface Calibration {
  readonly version: 1;
  /** `deviceKey` of the device it was measured on. */
  readonly key: string;
  /** ISO time. */
  readonly measuredAt: string;
  readonly entries: readonly CalibrationEntry[];
  /** The fastest measured backend; null when none finished a step. */
  readonly winner: BackendName | null;
  /** What the whole calibration took, starting each backend included. */
  readonly totalMs: number;
}

/** The key a calibration is kept under: every fact, in a fixed order. */
export function deviceKey(facts: DeviceFacts): string {
  const a = facts.adapter;
  return JSON.stringify([
    'calibration-1',
    facts.userAgent,
    `tfjs ${facts.tfjsVersion}`,
    a === null ? 'no webgpu adapter' : [a.vendor, a.architecture, a.device, a.description],
    facts.crossOriginIsolated ? 'isolated' : 'not isolated',
    facts.cores,
  ]);
}

/** The backends to measure, in `MEASURE_ORDER`: WebGPU only where an adapter exists. */
export function measureCandidates(hasAdapter: boolean, exclude: readonly BackendName[] = []): BackendName[] {
  return MEASURE_ORDER.filter((b) => !exclude.includes(b) && (b !== 'webgpu' || hasAdapter));
}

/**
 * The share of the budget the next backend may take: what is left, split evenly among those left
 * to measure, never under `MIN_SHARE_MS`. A fast backend leaves more to the ones after it.
 */
export function shareMs(budgetMs: number, elapsedMs: number, left: number): number {
  if (left <= 0) return 0;
  return Math.max(MIN_SHARE_MS, (budgetMs - elapsedMs) / left);
}

/** True when the budget is spent: the backends left are skipped. */
export function budgetSpent(budgetMs: number, elapsedMs: number): boolean {
  return elapsedMs >= budgetMs;
}

/** The median of the timed steps: one slow step (a GC pause) does not decide. */
export function medianMs(steps: readonly number[]): number {
  if (steps.length === 0) return NaN;
  const sorted = [...steps].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? NaN)
    : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
}

/** The fastest measured backend; a tie goes to the earlier one in `MEASURE_ORDER` (WASM first). */
export function pickWinner(entries: readonly CalibrationEntry[]): BackendName | null {
  let best: { backend: BackendName; ms: number } | null = null;
  for (const e of entries) {
    if (e.state !== 'measured' || !Number.isFinite(e.msPerStep)) continue;
    if (best === null || e.msPerStep < best.ms) best = { backend: e.backend, ms: e.msPerStep };
  }
  return best?.backend ?? null;
}

/** The order `auto` tries: the winner, the other measured ones fastest first, then the rest. */
export function autoOrder(calibration: Calibration | null): BackendName[] {
  if (calibration === null) return [...UNMEASURED_ORDER];
  const measured = calibration.entries
    .filter((e): e is Extract<CalibrationEntry, { state: 'measured' }> => e.state === 'measured')
    .sort((a, b) => a.msPerStep - b.msPerStep)
    .map((e) => e.backend);
  return [...measured, ...UNMEASURED_ORDER.filter((b) => !measured.includes(b))];
}

const fmtMs = (ms: number): string => `${ms >= 10 ? ms.toFixed(0) : ms.toFixed(1)} ms/step`;

/** "2026-12-07 08:50 UTC": the same text in every locale and time zone. */
export function calibrationDate(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** One entry as people read it, without the backend's name for a measured one. */
function entryText(e: CalibrationEntry): string {
  switch (e.state) {
    case 'measured':
      return `${e.backend} ${fmtMs(e.msPerStep)}`;
    case 'too-slow':
      return `${e.backend} finished no step within ${e.shareMs.toFixed(0)} ms`;
    case 'skipped':
      return `${e.backend} not measured (the budget was spent)`;
    case 'failed':
      return `${e.backend} did not run (${e.message})`;
  }
}

/**
 * Why `auto` trains on `backend`, from the calibration: "wasm: measured 12 ms/step vs webgl
 * 40 ms/step, cpu 31 ms/step (calibrated 2026-12-07 08:50 UTC)". `backend` differs from the
 * winner when the winner did not start when training began.
 */
export function calibrationReason(calibration: Calibration, backend: BackendName): string {
  const when = `calibrated ${calibrationDate(calibration.measuredAt)}`;
  const mine = calibration.entries.find((e) => e.backend === backend);
  const others = calibration.entries.filter((e) => e.backend !== backend).map(entryText);
  const vs = others.length > 0 ? ` vs ${others.join(', ')}` : '';
  if (calibration.winner === null) {
    return `${backend}: no backend finished a training step in the calibration (${calibration.entries.map(entryText).join(', ')}; ${when}).`;
  }
  const head =
    mine?.state === 'measured'
      ? `${backend}: measured ${fmtMs(mine.msPerStep)}${vs}`
      : `${backend}: ${calibration.winner}, the fastest measured, did not start now (${calibration.entries.map(entryText).join(', ')})`;
  return `${head} (${when}).`;
}

/** Why `auto` picks `backend` before any calibration (a report asked for without measuring). */
export function unmeasuredReason(backend: BackendName): string {
  return `${backend}: not measured on this device yet; the first network trained with auto measures each backend (about 2 s).`;
}

const backendName = v.picklist(['webgpu', 'webgl', 'wasm', 'cpu']);
const ms = v.pipe(v.number(), v.finite(), v.minValue(0));
const entrySchema = v.variant('state', [
  v.object({
    backend: backendName,
    state: v.literal('measured'),
    msPerStep: ms,
    steps: v.pipe(v.number(), v.integer(), v.minValue(1)),
  }),
  v.object({ backend: backendName, state: v.literal('too-slow'), shareMs: ms }),
  v.object({ backend: backendName, state: v.literal('skipped') }),
  v.object({
    backend: backendName,
    state: v.literal('failed'),
    message: v.pipe(v.string(), v.maxLength(500)),
  }),
]);
const calibrationSchema = v.object({
  version: v.literal(1),
  key: v.pipe(v.string(), v.maxLength(4_000)),
  measuredAt: v.pipe(v.string(), v.isoTimestamp()),
  entries: v.pipe(v.array(entrySchema), v.maxLength(4)),
  winner: v.nullable(backendName),
  totalMs: ms,
});

/** A stored calibration, checked; null for anything else (a cache: a bad row is measured again). */
export function parseCalibration(value: unknown): Calibration | null {
  const parsed = v.safeParse(calibrationSchema, value);
  if (!parsed.success) return null;
  const c = parsed.output;
  // The winner must be what the entries say, or `auto` would follow a row it cannot explain.
  return pickWinner(c.entries) === c.winner ? c : null;
}
