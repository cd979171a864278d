import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Locator, Page } from '@playwright/test';
import {
  addCell,
  addSql,
  cell,
  expect,
  field,
  newCase,
  openSafe,
  openSafeWithHooks,
  openSample,
  status,
  storedCheckpointEpoch,
  storedRecords,
  test,
  testHook,
  tinyNetworkCase,
} from './fixtures';
import { settledTest } from './settled-profile';

/*
 * Issue 18's real-browser checks (docs/reliability.md lists which item each test covers). Each
 * makes its own tiny case from a safe start: the Telco sample's first run never starts.
 */

/** The built service worker that `vite preview` serves (read from disk on each request). */
const SERVICE_WORKER = fileURLToPath(new URL('../dist/sw.js', import.meta.url));

/** How many rows an object store of the app's database holds (raw IndexedDB: what is on disk). */
function storedCount(page: Page, store: string): Promise<number> {
  return page.evaluate(
    (name) =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('casebook');
        open.onerror = () => reject(new Error(String(open.error)));
        open.onsuccess = () => {
          const db = open.result;
          const count = db.transaction(name, 'readonly').objectStore(name).count();
          count.onsuccess = () => {
            db.close();
            resolve(count.result);
          };
          count.onerror = () => reject(new Error(String(count.error)));
        };
      }),
    store,
  );
}

test('two tabs on one case: an edit in one shows in the other within a second; edits to different cells both survive', async ({
  context,
  page,
}) => {
  // Two tabs start the app: near 90 s on a loaded 2-core machine.
  test.setTimeout(150_000);
  await openSafe(page);
  const other = await context.newPage();
  await openSafe(other);

  const title = page.getByRole('textbox', { name: 'Case title' });
  await title.fill('Churn, edited in tab A');
  await title.press('Enter');
  await expect(page.getByRole('status', { name: 'Save status' })).toHaveText('Saved');
  // Told over the BroadcastChannel: no reload, no focus change.
  await expect(other.getByRole('textbox', { name: 'Case title' })).toHaveValue('Churn, edited in tab A', {
    timeout: 1_500,
  });

  // Each tab edits another markdown cell, at the same time: both edits are kept, in both tabs.
  const notes = (p: Page) => p.getByRole('region', { name: /^Cell \d+: Markdown$/ });
  const write = async (p: Page, index: number, text: string): Promise<void> => {
    await notes(p).nth(index).getByRole('button', { name: 'Edit text' }).click();
    await notes(p).nth(index).getByRole('textbox', { name: 'Markdown text' }).fill(text);
  };
  await Promise.all([write(page, 0, 'Note from tab A'), write(other, 1, 'Note from tab B')]);
  for (const p of [page, other]) {
    await expect(p.getByRole('status', { name: 'Save status' })).toHaveText('Saved');
  }
  for (const p of [page, other]) {
    await p.reload();
    await expect(p.getByRole('textbox', { name: 'Case title' })).toHaveValue('Churn, edited in tab A');
    await expect(notes(p).nth(0)).toContainText('Note from tab A');
    await expect(notes(p).nth(1)).toContainText('Note from tab B');
  }

  // Tab A goes away with an edit its save never wrote (its IndexedDB refuses every write):
  // only its journal holds the edit. Tab B, which has the case open, hears of it (a `storage`
  // event), saves it and shows it; before, B's next save made it vanish.
  await page.evaluate(() => {
    IDBObjectStore.prototype.put = () => {
      throw new DOMException('The page is going away.', 'UnknownError');
    };
  });
  await title.fill('Renamed in tab A, never saved there');
  await title.press('Enter');
  await expect(page.getByRole('status', { name: 'Save status' })).toHaveText('Not saved');
  const closed = page.waitForEvent('close');
  await page.close({ runBeforeUnload: true });
  await closed;
  const renamed = other.getByRole('textbox', { name: 'Case title' });
  await expect(renamed).toHaveValue('Renamed in tab A, never saved there', { timeout: 10_000 });
  await expect(
    other.getByText(/Recovered the edits another tab made just before it was closed/),
  ).toBeVisible();
  await expect(other.getByRole('status', { name: 'Save status' })).toHaveText('Saved');
  await other.reload();
  await expect(renamed).toHaveValue('Renamed in tab A, never saved there');
  await expect(notes(other).nth(1)).toContainText('Note from tab B');
});

/**
 * Another tab's save that this tab never hears of (a missed message, or a tab of an older build):
 * the stored case is renamed and its rev bumped, straight in IndexedDB.
 */
function savedElsewhere(page: Page, title: string): Promise<void> {
  return page.evaluate(
    (renamed) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('casebook');
        open.onerror = () => reject(new Error(String(open.error)));
        open.onsuccess = () => {
          const tx = open.result.transaction('cases', 'readwrite', { durability: 'strict' });
          const cursor = tx.objectStore('cases').openCursor();
          cursor.onsuccess = () => {
            const at = cursor.result;
            if (!at) return;
            const record: unknown = at.value;
            if (record !== null && typeof record === 'object' && Reflect.get(record, 'deletedAt') === null) {
              const doc: unknown = Reflect.get(record, 'doc');
              at.update({
                ...record,
                title: renamed,
                rev: Number(Reflect.get(record, 'rev')) + 1,
                doc: { ...(doc !== null && typeof doc === 'object' ? doc : {}), title: renamed },
              });
            }
            at.continue();
          };
          tx.oncomplete = () => {
            open.result.close();
            resolve();
          };
          tx.onerror = () => reject(new Error(String(tx.error)));
        };
      }),
    title,
  );
}

test('an edit in a stale tab is never silently dropped: merged onto the newer save, or offered beside it', async ({
  page,
}) => {
  await openSafe(page);
  const title = page.getByRole('textbox', { name: 'Case title' });
  const saved = page.getByRole('status', { name: 'Save status' });
  const note = page.getByRole('region', { name: /^Cell \d+: Markdown$/ }).first();

  // Another tab renamed the case; this tab, unaware, edits a note: both are kept.
  await savedElsewhere(page, 'Renamed by another tab');
  await note.getByRole('button', { name: 'Edit text' }).click();
  await note.getByRole('textbox', { name: 'Markdown text' }).fill('Note from the stale tab');
  await expect(saved).toHaveText('Saved');
  await expect(title).toHaveValue('Renamed by another tab');

  // Both renamed it: the other tab's title is kept, and this tab's is offered until applied.
  await savedElsewhere(page, 'Renamed again by another tab');
  await title.fill('Renamed in the stale tab');
  await title.press('Enter');
  await expect(title).toHaveValue('Renamed again by another tab');
  const offer = page.getByRole('status').filter({ hasText: "clashed with another tab's save" });
  await expect(offer).toContainText('the title');
  await offer.getByRole('button', { name: 'Use mine' }).click();
  await expect(title).toHaveValue('Renamed in the stale tab');
  await expect(saved).toHaveText('Saved');

  await page.reload();
  await expect(page.getByRole('textbox', { name: 'Case title' })).toHaveValue('Renamed in the stale tab');
  await expect(page.getByRole('region', { name: /^Cell \d+: Markdown$/ }).first()).toContainText(
    'Note from the stale tab',
  );
});

/**
 * Hides or shows the page as switching to another tab and back does: headless Chromium keeps every
 * page visible, so the state is overridden and the event the app listens for is sent.
 */
function setVisibility(page: Page, state: 'hidden' | 'visible'): Promise<void> {
  return page.evaluate((visibility) => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => visibility });
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => visibility === 'hidden' });
    document.dispatchEvent(new Event('visibilitychange'));
  }, state);
}

/** The titles of the stored live cases (raw IndexedDB: what is on disk). */
async function storedTitles(page: Page): Promise<string[]> {
  const cases = await storedRecords(page, 'cases');
  return cases.filter((r) => field(r, 'deletedAt') === null).map((r) => String(field(r, 'title')));
}

test('a tab that regains focus adopts what another tab saved meanwhile, and never writes its old copy back', async ({
  page,
}) => {
  await openSafe(page);
  const title = page.getByRole('textbox', { name: 'Case title' });
  const saved = page.getByRole('status', { name: 'Save status' });
  const note = page.getByRole('region', { name: /^Cell \d+: Markdown$/ }).first();

  // An edit, then the tab goes to the background: hiding it saves the edit at once.
  await note.getByRole('button', { name: 'Edit text' }).click();
  await note.getByRole('textbox', { name: 'Markdown text' }).fill('Note written before the tab was hidden');
  await note.getByRole('button', { name: 'Done' }).click();
  await setVisibility(page, 'hidden');
  await expect(saved).toHaveText('Saved');
  // Meanwhile another tab renames the case, and this tab misses its message.
  await savedElsewhere(page, 'Renamed while this tab was hidden');

  // Back in front: the newer copy is taken at once, with nothing of the old one written over it.
  await setVisibility(page, 'visible');
  await expect(title).toHaveValue('Renamed while this tab was hidden', { timeout: 1_500 });
  await expect(note).toContainText('Note written before the tab was hidden');
  await expect(saved).toHaveText('Saved');
  expect(await storedTitles(page)).toEqual(['Renamed while this tab was hidden']);

  // The next edit here lands on the newer copy; after a reload both are there.
  await note.getByRole('button', { name: 'Edit text' }).click();
  await note.getByRole('textbox', { name: 'Markdown text' }).fill('Note written after coming back');
  await note.getByRole('button', { name: 'Done' }).click();
  await expect(saved).toHaveText('Saved');
  expect(await storedTitles(page)).toEqual(['Renamed while this tab was hidden']);
  await page.goto('/?safe');
  await expect(title).toHaveValue('Renamed while this tab was hidden');
  await expect(page.getByRole('region', { name: /^Cell \d+: Markdown$/ }).first()).toContainText(
    'Note written after coming back',
  );
});

test('closing the tab loses nothing the app called saved', async ({ context, page }) => {
  await openSafe(page);
  const title = page.getByRole('textbox', { name: 'Case title' });
  await title.fill('Saved before the crash');
  await title.press('Enter');
  await expect(page.getByRole('status', { name: 'Save status' })).toHaveText('Saved');
  await page.close({ runBeforeUnload: false });

  const fresh = await context.newPage();
  await fresh.goto('/');
  await expect(fresh.getByRole('textbox', { name: 'Case title' })).toHaveValue('Saved before the crash');
  await expect(status(fresh, 'SQL → churn_by_contract')).toHaveText('3 rows', { timeout: 60_000 });
});

test('an edit made a moment before a reload or a closed tab is kept (the save had not run yet)', async ({
  context,
  page,
}) => {
  await openSafe(page);
  const title = page.getByRole('textbox', { name: 'Case title' });
  await title.fill('Renamed just before reload');
  await title.press('Enter');
  // No wait for "Saved": the debounced save has not started when the page goes away.
  await page.reload();
  await expect(page.getByRole('textbox', { name: 'Case title' })).toHaveValue('Renamed just before reload');
  // Whether the edit came back from the journal ("Recovered the edits…") or its save made it before
  // the page went away depends on the machine's speed; either way it must be there.
  await expect(status(page, 'SQL → churn_by_contract')).toHaveText('3 rows', { timeout: 60_000 });

  await title.fill('Renamed just before closing');
  await title.press('Enter');
  // `close` with unload handlers does not wait for the page to go: the next tab must open after
  // it did (its journal entry written), or this is the two-tab case (tested on its own above).
  const closed = page.waitForEvent('close');
  await page.close({ runBeforeUnload: true });
  await closed;
  const fresh = await context.newPage();
  await fresh.goto('/');
  await expect(fresh.getByRole('textbox', { name: 'Case title' })).toHaveValue('Renamed just before closing');
});

settledTest(
  'a safe start opens the last case without running anything; the next reload runs it',
  async ({ page }) => {
    await openSample(page);
    // A case whose cell took the tab down on every open: `?safe` opens it with nothing run.
    await page.goto('/?safe');
    await expect(page.getByRole('textbox', { name: 'Case title' })).toHaveValue('Telco churn');
    await expect(page.getByRole('status').filter({ hasText: 'Safe start' })).toBeVisible();
    await expect(status(page, 'SQL → churn_by_contract')).toHaveText('stale');
    await page.waitForTimeout(1_000);
    await expect(status(page, 'SQL → churn_by_contract')).toHaveText('stale');
    expect(new URL(page.url()).search).toBe('');
    await page.reload();
    await expect(status(page, 'SQL → churn_by_contract')).toHaveText('3 rows', { timeout: 60_000 });
  },
);

test('a renderer crash (CDP Page.crash) loses nothing the app called saved', async ({ context, page }) => {
  await openSafe(page);
  const title = page.getByRole('textbox', { name: 'Case title' });
  const saved = page.getByRole('status', { name: 'Save status' });
  await title.fill('Saved before the crash');
  await title.press('Enter');
  await expect(saved).toHaveText('Saved');
  await addSql(page, 'SELECT 42 AS answer');
  await expect(saved).toHaveText('Saved');

  // The last edit goes down with the renderer before its save: the page's timers are paused
  // (CDP virtual time), so the crash lands inside the save's 300 ms wait however slow the machine
  // is. No pagehide, no journal: what the UI says now is all it can have promised.
  const cdp = await context.newCDPSession(page);
  const crashed = page.waitForEvent('crash');
  await cdp.send('Emulation.setVirtualTimePolicy', { policy: 'pause' });
  await title.evaluate((input: HTMLInputElement) => {
    input.value = 'Typed just before the crash';
    input.dispatchEvent(new Event('change', { bubbles: true }));
  });
  await expect(title).toHaveValue('Typed just before the crash');
  const shown = await saved.innerText();
  // The call never answers: the renderer is gone.
  void cdp.send('Page.crash').catch(() => undefined);
  await crashed;

  const fresh = await context.newPage();
  await fresh.goto('/?safe');
  const after = fresh.getByRole('textbox', { name: 'Case title' });
  // Its save cannot have run: the UI must not have called it saved, and everything it did call
  // saved is there.
  expect(shown).toBe('Saving…');
  await expect(after).toHaveValue('Saved before the crash', { timeout: 60_000 });
  await expect(fresh.getByRole('textbox', { name: 'SQL query' }).last()).toContainText('SELECT 42 AS answer');
});

/**
 * A case built through the UI (a 300-row table, its brief and features) whose train cell fits one
 * MLP for 300 epochs: returns once its first checkpoint (every 5 epochs) is on disk, mid-fit.
 */
async function midMlpTraining(page: Page): Promise<void> {
  const { train, features } = await tinyNetworkCase(page, 300);
  await features.getByRole('button', { name: 'Run' }).click();
  await expect(features.getByRole('status', { name: 'Cell status' })).toHaveText(/features, 300 rows$/, {
    timeout: 30_000,
  });
  const patience = train.getByRole('textbox', { name: 'Neural network (MLP) patience (0 = none)' });
  await patience.fill('0');
  await patience.press('Tab');
  await train.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(train.getByRole('status').filter({ hasText: /^Training Neural network/ })).toBeVisible({
    timeout: 30_000,
  });
  await expect.poll(() => storedCount(page, 'checkpoints'), { timeout: 30_000 }).toBeGreaterThan(0);
}

/** The train cell of `midMlpTraining`'s case, reopened: its MLP run interrupted, with Resume. */
async function expectInterruptedMlp(page: Page) {
  const train = page.getByRole('region', { name: /^Cell 4: Train/ });
  const interrupted = train.getByRole('status', { name: 'Interrupted training' });
  await expect(interrupted).toContainText(/Interrupted after step \d+/, { timeout: 60_000 });
  await expect(interrupted).toContainText(/Resume continues from the checkpoint of epoch \d+/);
  await expect(interrupted.getByRole('button', { name: 'Resume' })).toBeVisible();
  const runs = train.getByRole('table', { name: 'Runs' });
  await expect(runs.getByRole('row').filter({ hasText: 'Neural network' })).toContainText('interrupted');
  return { train, interrupted, runs };
}

/** The epoch an interrupted run's Resume continues from, as its message says. */
async function resumesFrom(interrupted: Locator): Promise<number> {
  const text = await interrupted.innerText();
  const epoch = /checkpoint of epoch (\d+)/.exec(text)?.[1];
  if (epoch === undefined) throw new Error(`no checkpoint in: ${text}`);
  return Number(epoch);
}

/**
 * Resumes the interrupted MLP and waits until the resumed fit has put a checkpoint later than
 * `from` on disk (the resumed fit journals like a first one).
 */
async function resumeUntilLaterCheckpoint(page: Page, interrupted: Locator, train: Locator, from: number) {
  await interrupted.getByRole('button', { name: 'Resume' }).click();
  await expect(train.getByRole('status').filter({ hasText: /^Training Neural network/ })).toBeVisible({
    timeout: 30_000,
  });
  await expect.poll(() => storedCheckpointEpoch(page), { timeout: 30_000 }).toBeGreaterThan(from);
}

/** A page opened after the last one went down: the recovery toast, then the run interrupted. */
async function reopenInterrupted(page: Page) {
  await page.goto('/');
  await expect(page.getByRole('status').filter({ hasText: /^A training was interrupted/ })).toBeVisible({
    timeout: 60_000,
  });
  return expectInterruptedMlp(page);
}

test('training interrupted by a reload, then by a renderer crash (CDP Page.crash), then by a closed tab, is kept as interrupted with its curve each time, and Resume finishes it', async ({
  context,
  page,
}) => {
  // A case built through the UI, then four stretches of training: over 2 min on a loaded 2-core machine.
  test.setTimeout(210_000);
  // A checkpoint is on disk: then reload in the middle of the run.
  await midMlpTraining(page);
  await page.reload();

  const first = await expectInterruptedMlp(page);
  await first.runs.getByRole('button', { name: /^Neural network/ }).click();
  // Its loss curve so far.
  await expect(first.train.getByRole('region', { name: 'Run detail' }).locator('svg').first()).toBeVisible();

  // Resumed, it is in training again, past a checkpoint of its own, when the renderer and its
  // training worker die: no pagehide, no unload, no last message. The next page finds it
  // interrupted, not missing, at the resumed fit's later checkpoint (the resumed fit's journal
  // used to be dropped in favour of the older interrupted batch: no toast, the older checkpoint).
  const resumedFrom = await resumesFrom(first.interrupted);
  await resumeUntilLaterCheckpoint(page, first.interrupted, first.train, resumedFrom);
  const cdp = await context.newCDPSession(page);
  const crashed = page.waitForEvent('crash');
  void cdp.send('Page.crash').catch(() => undefined);
  await crashed;
  const fresh = await context.newPage();
  const second = await reopenInterrupted(fresh);
  const crashedAt = await resumesFrom(second.interrupted);
  expect(crashedAt).toBeGreaterThan(resumedFrom);

  // Resumed again, the tab is closed mid-fit: a new tab finds it interrupted with its curve.
  await resumeUntilLaterCheckpoint(fresh, second.interrupted, second.train, crashedAt);
  await fresh.close();
  const last = await context.newPage();
  const { train, interrupted, runs } = await reopenInterrupted(last);
  expect(await resumesFrom(interrupted)).toBeGreaterThan(crashedAt);
  await runs.getByRole('button', { name: /^Neural network/ }).click();
  await expect(train.getByRole('region', { name: 'Run detail' }).locator('svg').first()).toBeVisible();

  await interrupted.getByRole('button', { name: 'Resume' }).click();
  await expect(train.getByRole('status', { name: 'Cell status' })).toHaveText(/^\d+ runs, best /, {
    timeout: 60_000,
  });
  await expect(train.getByRole('status', { name: 'Interrupted training' })).toHaveCount(0);
  await expect(runs.getByRole('row').filter({ hasText: 'Neural network' })).not.toContainText('interrupted');
});

/** The stored record of the case titled `title` as on disk (raw IndexedDB): its rev and document. */
async function storedCase(page: Page, title: string): Promise<string> {
  const found = (await storedRecords(page, 'cases')).find(
    (r) => field(r, 'title') === title && field(r, 'deletedAt') === null,
  );
  if (found === undefined) throw new Error(`no stored case titled ${title}`);
  return JSON.stringify({ rev: field(found, 'rev'), doc: field(found, 'doc') });
}

test('a poisoned engine restarts ("engine restarted"), rebuilds the tables and leaves the document alone; out of memory is shown and the engine goes on', async ({
  page,
}) => {
  await openSafeWithHooks(page);
  await newCase(page, 'Engine trouble');
  await addCell(page, 'Source');
  await page
    .getByLabel('File to import')
    .last()
    .setInputFiles({
      name: 'sales.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('id,amount\n1,10\n2,20\n3,30\n'),
    });
  await expect(status(page, 'Source → sales')).toHaveText('3 rows');
  await addSql(page, 'SELECT sum(amount) AS total FROM sales');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Shift+Enter');
  await expect(status(page, 'SQL → table_1')).toHaveText('1 row');
  const total = cell(page, 'SQL → table_1').getByRole('gridcell');
  await expect(total).toHaveText(['60']);
  const saved = page.getByRole('status', { name: 'Save status' });
  await expect(saved).toHaveText('Saved');
  const before = await storedCase(page, 'Engine trouble');

  // The engine answers from now on as DuckDB does once a fatal error invalidated it: the next
  // query (a Run) meets it, the worker is replaced, and the case's tables are built again.
  await testHook(page, { name: 'poisonEngine' });
  await cell(page, 'SQL → table_1').getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'The SQL engine restarted' })).toBeVisible();
  await expect(status(page, 'Source → sales')).toHaveText('3 rows');
  await expect(status(page, 'SQL → table_1')).toHaveText('1 row');
  await expect(total).toHaveText(['60']);
  await expect(saved).toHaveText('Saved');
  expect(await storedCase(page, 'Engine trouble')).toBe(before);

  // Out of memory: DuckDB's limit lowered to 64 MB (a tab gives it about 3 GB), then a sort of
  // 3 million strings (about 140 MB). The cell says so; the engine is not restarted.
  await testHook(page, { name: 'exec', sql: "SET memory_limit = '64MB'" });
  await addSql(page, "SELECT range::VARCHAR || repeat('x', 40) AS s FROM range(3000000) ORDER BY s DESC");
  await page.keyboard.press('Escape');
  await page.keyboard.press('Shift+Enter');
  await expect(status(page, 'SQL → table_2')).toHaveText('error', { timeout: 30_000 });
  await expect(cell(page, 'SQL → table_2').getByRole('alert')).toContainText('DuckDB ran out of memory');
  // The next query works, and reads both tables made before.
  await addSql(page, 'SELECT (SELECT count(*) FROM sales) AS n, (SELECT total FROM table_1) AS total');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Shift+Enter');
  await expect(status(page, 'SQL → table_3')).toHaveText('1 row');
  await expect(cell(page, 'SQL → table_3').getByRole('gridcell')).toHaveText(['3', '60']);
});

/**
 * A full disk, simulated in the page: while `window.__fullDisk` is true every IndexedDB `put` and
 * `add` throws the DOMException a browser throws when its quota is spent (CDP
 * `Storage.overrideQuotaForOrigin` has no effect in this Chromium: docs/reliability.md, item 10).
 */
function fullDiskSwitch(): void {
  for (const method of ['put', 'add'] as const) {
    const original = IDBObjectStore.prototype[method];
    IDBObjectStore.prototype[method] = function (this: IDBObjectStore, ...args: Parameters<typeof original>) {
      if (Reflect.get(window, '__fullDisk') === true) {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      }
      return original.apply(this, args);
    };
  }
}

test('a full disk: nothing is called saved, a big import says storage is full, and the retry saves every edit once space is free', async ({
  context,
  page,
}) => {
  // Three short trainings besides the edits and the import: about a minute on a loaded 2-core machine.
  test.setTimeout(150_000);
  await context.addInitScript(fullDiskSwitch);
  // A new case with a train cell of one tiny network (2 to 4 epochs on 300 rows): run metadata is
  // written before the disk fills, tried while it is full, and written again once it is free.
  const { train } = await tinyNetworkCase(page, 2);
  const title = page.getByRole('textbox', { name: 'Case title' });
  const saved = page.getByRole('status', { name: 'Save status' });
  const banner = page.getByRole('alert', { name: 'Save failed' });
  const trainStatus = train.getByRole('status', { name: 'Cell status' });
  const epochs = train.getByRole('textbox', { name: 'Neural network (MLP) epochs' });
  const trainWith = async (count: number): Promise<void> => {
    await epochs.fill(String(count));
    await epochs.press('Tab');
    // A changed setting makes the cell stale: the status that follows is this run's.
    await expect(trainStatus).not.toHaveText(/best/);
    await train.getByRole('button', { name: 'Run', exact: true }).click();
    await expect(trainStatus).toHaveText(/^\d+ runs?, best /, { timeout: 60_000 });
  };
  await trainWith(2);
  await expect(train.getByRole('alert')).toHaveCount(0);
  await addSql(page, 'SELECT 1 AS before_full');
  await expect(saved).toHaveText('Saved');

  // Every text the save status shows while the disk is full.
  await saved.evaluate((node) => {
    const shown: string[] = [];
    Reflect.set(window, '__saveTexts', shown);
    new MutationObserver(() => shown.push(node.textContent.trim())).observe(node, {
      characterData: true,
      childList: true,
      subtree: true,
    });
    Reflect.set(window, '__fullDisk', true);
  });
  await title.fill('Renamed while the disk is full');
  await title.press('Enter');
  await expect(banner).toContainText('Storage full: free space or export the workspace');
  await expect(banner.getByRole('button', { name: 'Export workspace' })).toBeVisible();
  await expect(saved).toHaveText('Not saved');
  // A later edit keeps it "Not saved": it never reads "Saving…" or "Saved" while nothing is written.
  await addSql(page, 'SELECT 2 AS during_full');
  await page.keyboard.press('Escape');

  await page
    .getByRole('group', { name: /Add a cell/ })
    .last()
    .getByRole('button', { name: '+ Source' })
    .click();
  const rows = Array.from({ length: 120_000 }, (_, i) => `${i},customer_${i},${(i * 7) % 1000}`);
  await page
    .getByLabel('File to import')
    .last()
    .setInputFiles({
      name: 'big.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`id,name,spend\n${rows.join('\n')}`),
    });
  await expect(page.getByRole('region', { name: /^Cell \d+: Source/ }).getByRole('alert')).toContainText(
    'Storage full: free space or export the workspace',
  );
  await expect(saved).toHaveText('Not saved');
  // A training that finishes now shows its runs, says they were not saved, and writes nothing.
  await trainWith(3);
  await expect(train.getByRole('alert')).toContainText(
    "These runs are shown here but were not saved: the browser's storage is full",
  );
  // The banner's export carries the edits the disk refused (it only reads).
  const download = page.waitForEvent('download');
  await banner.getByRole('button', { name: 'Export workspace' }).click();
  expect(readFileSync(await (await download).path(), 'latin1')).toContain('Renamed while the disk is full');
  const shown: unknown = await page.evaluate((): unknown => Reflect.get(window, '__saveTexts'));
  const texts = Array.isArray(shown) ? shown : [];
  expect(texts).not.toContain('Saved');
  // Once the first save failed, every later edit still reads "Not saved".
  expect(texts.slice(texts.indexOf('Not saved'))).toEqual(expect.arrayContaining(['Not saved']));
  expect(new Set(texts.slice(texts.indexOf('Not saved')))).toEqual(new Set(['Not saved']));

  // Space is free: the retry timer saves with no new edit (at most 10 s later), and the banner goes.
  await page.evaluate(() => Reflect.set(window, '__fullDisk', false));
  await expect(saved).toHaveText('Saved', { timeout: 15_000 });
  await expect(banner).toHaveCount(0);
  await addSql(page, 'SELECT 3 AS after_full');
  await expect(saved).toHaveText('Saved');
  // Trained again once space is free (the not-saved message's advice), now with 4 epochs.
  await trainWith(4);
  await expect(train.getByRole('alert')).toHaveCount(0);

  await page.goto('/?safe');
  await expect(page.getByRole('textbox', { name: 'Case title' })).toHaveValue(
    'Renamed while the disk is full',
  );
  await expect(page.getByRole('textbox', { name: 'SQL query' })).toHaveText([
    /range\(300\)/,
    /before_full/,
    /during_full/,
    /after_full/,
  ]);
  // Both trainings are stored with their spec and metrics (on disk, read without the app's code),
  // the one before the full disk among them, and none from while it was full.
  const networks = (await storedRecords(page, 'runs')).filter(
    (r) => field(field(r, 'spec'), 'kind') === 'mlp',
  );
  expect(networks.map((r) => field(field(r, 'spec'), 'epochs')).sort()).toEqual([2, 4]);
  for (const run of networks) {
    expect(field(run, 'status')).toBe('done');
    expect(field(field(run, 'metrics'), 'roc_auc')).toEqual(expect.any(Number));
  }
  expect(new Set(networks.map((r) => field(r, 'batchId'))).size).toBe(2);
  expect(await storedRecords(page, 'runBatches')).toHaveLength(2);
  // And the Runs view lists both.
  await page.getByRole('button', { name: 'Runs', exact: true }).click();
  const all = page.getByRole('dialog', { name: /^Runs of/ }).getByRole('table', { name: 'All runs' });
  await expect(all.locator('tbody tr').filter({ hasText: 'Neural network' })).toHaveCount(2);
});

test('a database this build cannot open (a newer version\'s): the start screen says so and offers "Download raw backup", which holds every table; nothing is written', async ({
  page,
}) => {
  // What a newer Casebook leaves (Dexie version 100; this build knows far fewer): created in the
  // app's origin before the app loads, from a page that does not start it.
  const marker = 'raw-backup-marker-5c1e';
  await page.goto('/favicon.svg');
  await page.evaluate(
    (text) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('casebook', 1000);
        open.onerror = () => reject(new Error(String(open.error)));
        open.onupgradeneeded = () => {
          open.result
            .createObjectStore('cases', { keyPath: 'id' })
            .put({ id: 'case-from-the-future', title: text });
          open.result.createObjectStore('newerThings', { keyPath: 'id' });
        };
        open.onsuccess = () => {
          open.result.close();
          resolve();
        };
      }),
    marker,
  );

  await page.goto('/');
  const screen = page.getByRole('alert', { name: 'Casebook could not open its data' });
  await expect(screen).toContainText('written by a newer version of Casebook', { timeout: 30_000 });
  const download = page.waitForEvent('download');
  await screen.getByRole('button', { name: 'Download raw backup' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^casebook-raw-backup-\d{4}-\d{2}-\d{2}\.json$/);
  const backup: unknown = JSON.parse(readFileSync(await file.path(), 'utf8'));
  expect(field(backup, 'version')).toBe(1000);
  expect(JSON.stringify(field(backup, 'stores'))).toContain(marker);
  await expect(screen.getByRole('status')).toContainText('Downloaded casebook-raw-backup-');

  // Untouched: the same version and stores (Dexie 4 would have opened it and added its own tables).
  const stored = await page.evaluate(async () => {
    const found = (await indexedDB.databases()).find((d) => d.name === 'casebook');
    return found?.version;
  });
  expect(stored).toBe(1000);
  expect(await storedRecords(page, 'cases')).toEqual([{ id: 'case-from-the-future', title: marker }]);
  expect(await storedRecords(page, 'newerThings')).toEqual([]);
  expect(
    await page.evaluate(
      () =>
        new Promise<string[]>((resolve) => {
          const open = indexedDB.open('casebook');
          open.onsuccess = () => {
            resolve(Array.from(open.result.objectStoreNames));
            open.result.close();
          };
        }),
    ),
  ).toEqual(['cases', 'newerThings']);
});

test('one owner: two tabs opened at once share one sample; when the owner closes, the other takes over within 2 s', async ({
  context,
  page,
}) => {
  // Both tabs start on an empty workspace at the same moment: one makes the sample, the other
  // waits for it (never an empty workspace, never two samples).
  const other = await context.newPage();
  await Promise.all([page.goto('/?safe'), other.goto('/?safe')]);
  const role = (p: Page) => p.getByRole('status', { name: 'Background work' });
  const cases = (p: Page) => p.getByRole('navigation', { name: 'Cases' }).getByRole('listitem');
  for (const p of [page, other]) {
    await expect(p.getByRole('textbox', { name: 'Case title' })).toHaveValue('Telco churn', {
      timeout: 60_000,
    });
    await expect(cases(p)).toHaveCount(1);
  }
  const owner = (await role(page).innerText()).startsWith('This tab') ? page : other;
  const next = owner === page ? other : page;
  await expect(role(owner)).toHaveText(/^This tab does the background work/);
  await expect(role(next)).toHaveText(/^Another Casebook tab does the background work/);

  await owner.close();
  const closed = Date.now();
  await expect(role(next)).toHaveText(/^This tab does the background work/, { timeout: 2_000 });
  expect(Date.now() - closed).toBeLessThan(2_000);
  await expect(next.getByRole('textbox', { name: 'Case title' })).toHaveValue('Telco churn');
  await expect(cases(next)).toHaveCount(1);
});

test('a newer version upgrading the database in another tab: the old tab saves what was pending, stops writing, says to reload, and the upgrade goes through', async ({
  context,
  page,
}) => {
  await openSafe(page);
  const title = page.getByRole('textbox', { name: 'Case title' });
  await expect(page.getByRole('status', { name: 'Save status' })).toHaveText('Saved');

  // What a newer build's Dexie does on its first open: the same database, one version up, with a
  // new store, from a page of the same origin that does not start the app. It opens when told over
  // a BroadcastChannel, in the same task as the edit in the old tab: the edit's save (300 ms
  // away) is still pending when the old tab hears of the upgrade, however slow the machine is.
  const newer = await context.newPage();
  await newer.goto('/favicon.svg');
  await newer.evaluate(() => {
    const upgraded = new Promise<string[]>((resolve, reject) => {
      const channel = new BroadcastChannel('e2e-upgrade');
      channel.onmessage = () => {
        channel.close();
        const probe = indexedDB.open('casebook');
        probe.onerror = () => reject(new Error(String(probe.error)));
        probe.onsuccess = () => {
          const version = probe.result.version;
          probe.result.close();
          const open = indexedDB.open('casebook', version + 1);
          open.onerror = () => reject(new Error(String(open.error)));
          open.onupgradeneeded = () => open.result.createObjectStore('newerThings', { keyPath: 'id' });
          open.onsuccess = () => {
            const all = open.result.transaction('cases', 'readonly').objectStore('cases').getAll();
            all.onsuccess = () => {
              open.result.close();
              resolve(all.result.map((c: unknown) => String(Reflect.get(Object(c), 'title'))));
            };
          };
        };
      };
    });
    Reflect.set(window, 'upgraded', upgraded);
  });
  await title.evaluate((input: HTMLInputElement) => {
    input.value = 'Pending when the new version came';
    input.dispatchEvent(new Event('change', { bubbles: true }));
    new BroadcastChannel('e2e-upgrade').postMessage('upgrade');
  });
  // Saved before the old tab let go: the upgrade waited for it, and was not blocked.
  expect(await newer.evaluate(() => Reflect.get(window, 'upgraded'))).toEqual([
    'Pending when the new version came',
  ]);

  const banner = page.getByRole('alert').filter({ hasText: 'Casebook was updated in another tab: reload' });
  await expect(banner).toBeVisible();
  // An edit now is not written (this tab's older code must not write into the newer schema)...
  await title.fill('Typed after the update');
  await title.press('Enter');
  await expect(page.getByRole('status', { name: 'Save status' })).toHaveText('Not saved');
  // ...and it is not lost: Reload journals it, and the reopened app saves it.
  await banner.getByRole('button', { name: 'Reload' }).click();
  await expect(page.getByRole('textbox', { name: 'Case title' })).toHaveValue('Typed after the update', {
    timeout: 30_000,
  });
});

test.describe('with the service worker', () => {
  // The other tests block it (playwright.config.ts); this one is about it.
  test.use({ serviceWorkers: 'allow' });

  test('a new service worker: "Update available" shows, and Reload saves the pending edit, then the new version runs', async ({
    page,
  }) => {
    await openSafe(page);
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    // Again with a safe start (`?safe` left the address on the first load): the sample does not run.
    await page.goto('/?safe');
    await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
    const title = page.getByRole('textbox', { name: 'Case title' });
    await expect(title).toHaveValue('Telco churn', { timeout: 60_000 });

    // The next build: its sw.js differs (a new build's precache manifest does). The preview server
    // reads dist/ on each request, so the changed file is what the browser's update checks fetch
    // (a Playwright route does not see that fetch). It is a valid worker: a test running beside
    // this one that installs it loses nothing. It stays until the end, or the check that follows
    // the reload would find the old file byte-different and install it again.
    const original = readFileSync(SERVICE_WORKER, 'utf8');
    writeFileSync(SERVICE_WORKER, `${original}\n// the next build\n`);
    try {
      await page.evaluate(async () => {
        await (await navigator.serviceWorker.getRegistration())?.update();
      });
      const prompt = page.getByRole('status').filter({ hasText: 'Update available' });
      await expect(prompt).toBeVisible();
      await expect(prompt).toHaveCount(1);

      await title.fill('Edited just before the update');
      await title.press('Enter');
      // The new worker takes control and the page reloads into it.
      const reloaded = page.waitForEvent('load', { timeout: 20_000 });
      await prompt.getByRole('button', { name: 'Reload' }).click();
      await reloaded;
      await expect(title).toHaveValue('Edited just before the update', { timeout: 60_000 });
      // The waiting worker took over, and the edit came from the save, not from the journal's recovery.
      await expect
        .poll(() =>
          page.evaluate(async () => {
            const registration = await navigator.serviceWorker.getRegistration();
            return `waiting: ${registration?.waiting?.state ?? 'none'}, controller: ${navigator.serviceWorker.controller?.state ?? 'none'}`;
          }),
        )
        .toBe('waiting: none, controller: activated');
      await expect(page.getByRole('status').filter({ hasText: 'Recovered' })).toHaveCount(0);
    } finally {
      writeFileSync(SERVICE_WORKER, original);
    }
  });
});
