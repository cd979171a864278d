import type { Case } from './types';

/*
 * Undo and redo of a case's document edits (issue 13 item 5): every edit is a pure function of
 * the case, so a step back is the copy from before it. Runs, files and tables are not part of the
 * document and are never undone. Edits that follow each other on the same part (typing a query, a
 * title) within `coalesceMs` are one step, as in any editor. Pure: no clock, no storage.
 */

export interface HistoryOptions {
  /** Steps kept; the oldest go first. */
  readonly limit?: number;
  /** Edits with the same key closer than this are one step. */
  readonly coalesceMs?: number;
}

interface Step {
  readonly before: Case;
  readonly key: string | null;
  at: number;
}

export class EditHistory {
  readonly #past: Step[] = [];
  readonly #future: Case[] = [];
  readonly #limit: number;
  readonly #coalesceMs: number;

  constructor({ limit = 200, coalesceMs = 1_500 }: HistoryOptions = {}) {
    this.#limit = limit;
    this.#coalesceMs = coalesceMs;
  }

  get canUndo(): boolean {
    return this.#past.length > 0;
  }

  get canRedo(): boolean {
    return this.#future.length > 0;
  }

  /**
   * Records an edit made to `before` at `at` (ms). `key` names the part it changed (a cell's
   * config, the title); null never coalesces. A new edit ends what could be redone.
   */
  record(before: Case, key: string | null, at: number): void {
    this.#future.length = 0;
    const last = this.#past.at(-1);
    if (last && key !== null && last.key === key && at - last.at <= this.#coalesceMs) {
      last.at = at;
      return;
    }
    this.#past.push({ before, key, at });
    if (this.#past.length > this.#limit) this.#past.shift();
  }

  /** The case as it was before the last step, or null; `current` becomes redoable. */
  undo(current: Case): Case | null {
    const step = this.#past.pop();
    if (!step) return null;
    this.#future.push(current);
    return step.before;
  }

  /** The case as it was before the last undo, or null; `current` becomes undoable again. */
  redo(current: Case): Case | null {
    const next = this.#future.pop();
    if (!next) return null;
    this.#past.push({ before: current, key: null, at: Number.NEGATIVE_INFINITY });
    return next;
  }
}
