import { describe, expect, it } from 'vitest';
import { TabOwner, type OwnerLocks, type OwnerReason } from './tab-owner.svelte';

/*
 * The owner election of issue 18 item 6, against a lock manager that follows the Web Locks
 * specification's rules for exclusive locks (https://w3c.github.io/web-locks/): one holder per
 * name, `ifAvailable` answers null at once when held, waiting requests are granted in the order
 * asked when the holder's callback settles, and an aborted waiting request rejects and leaves
 * the line. A "tab" going away is modelled as its callback settling (`release`), which is what
 * the browser does for a closed or crashed tab.
 */

interface Waiting {
  readonly callback: (lock: { readonly name: string } | null) => Promise<void>;
  readonly done: { resolve: () => void; reject: (e: unknown) => void };
}

class FakeLocks implements OwnerLocks {
  readonly #held = new Set<string>();
  readonly #lines = new Map<string, Waiting[]>();

  request(
    name: string,
    options: { readonly ifAvailable?: boolean; readonly signal?: AbortSignal },
    callback: (lock: { readonly name: string } | null) => Promise<void>,
  ): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const done = { resolve, reject };
      if (!this.#held.has(name)) {
        this.#grant(name, { callback, done });
        return;
      }
      if (options.ifAvailable) {
        void callback(null).then(resolve, reject);
        return;
      }
      const line = this.#lines.get(name) ?? [];
      const waiting = { callback, done };
      line.push(waiting);
      this.#lines.set(name, line);
      options.signal?.addEventListener('abort', () => {
        const at = line.indexOf(waiting);
        if (at === -1) return;
        line.splice(at, 1);
        reject(new DOMException('aborted', 'AbortError'));
      });
    });
  }

  get holders(): number {
    return this.#held.size;
  }

  #grant(name: string, { callback, done }: Waiting): void {
    this.#held.add(name);
    void callback({ name })
      .then(done.resolve, done.reject)
      .finally(() => {
        this.#held.delete(name);
        const next = this.#lines.get(name)?.shift();
        if (next) this.#grant(name, next);
      });
  }
}

const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

function tab(locks: OwnerLocks | null) {
  const owner = new TabOwner(locks);
  const duties: OwnerReason[] = [];
  const started = owner.start((reason) => {
    duties.push(reason);
    return Promise.resolve();
  });
  return { owner, duties, started };
}

describe('TabOwner', () => {
  it('makes the first tab the owner, after its duties ran; the second waits as "other"', async () => {
    const locks = new FakeLocks();
    const a = tab(locks);
    expect(await a.started).toBe('owner');
    expect(a.duties).toEqual(['start']);
    const b = tab(locks);
    expect(await b.started).toBe('other');
    expect(b.owner.state).toBe('other');
    expect(b.duties).toEqual([]);
  });

  it('hands ownership to the next tab in line when the owner goes, which runs its duties again', async () => {
    const locks = new FakeLocks();
    const a = tab(locks);
    await a.started;
    const b = tab(locks);
    const c = tab(locks);
    await Promise.all([b.started, c.started]);
    a.owner.release();
    await tick();
    expect(b.owner.state).toBe('owner');
    expect(b.duties).toEqual(['takeover']);
    // Exactly one owner: the third tab still waits.
    expect(c.owner.state).toBe('other');
    b.owner.release();
    await tick();
    expect(c.owner.state).toBe('owner');
    expect(c.duties).toEqual(['takeover']);
  });

  it('keeps the lock when a duty fails (another tab would fail the same way)', async () => {
    const locks = new FakeLocks();
    const a = new TabOwner(locks);
    expect(await a.start(() => Promise.reject(new Error('storage failed')))).toBe('owner');
    const b = tab(locks);
    expect(await b.started).toBe('other');
    expect(locks.holders).toBe(1);
  });

  it('leaves the line when a waiting tab goes away: it never becomes the owner afterwards', async () => {
    const locks = new FakeLocks();
    const a = tab(locks);
    await a.started;
    const b = tab(locks);
    await b.started;
    b.owner.release();
    const c = tab(locks);
    await c.started;
    a.owner.release();
    await tick();
    expect(b.duties).toEqual([]);
    expect(c.owner.state).toBe('owner');
  });

  it('is its own owner where the browser has no Web Locks', async () => {
    const alone = tab(null);
    expect(await alone.started).toBe('owner');
    expect(alone.duties).toEqual(['start']);
  });
});
