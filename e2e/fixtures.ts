import { DuckDBInstance } from '@duckdb/node-api';
import { fileURLToPath } from 'node:url';
import { test as base, expect, type Locator, type Page } from '@playwright/test';

/**
 * Every test fails if any request leaves the origin (data: and blob: are local), or if the page
 * opens a dialog (an XSS payload that ran would).
 */
export const test = base.extend<{ offOrigin: string[]; dialogs: string[]; cspViolations: string[] }>({
  /*
   * Seen, not routed: a Playwright route turns the browser's HTTP cache off for the whole context,
   * so each reload fetched the build (~50 MB) again and compiled DuckDB's wasm again, unlike any
   * user's browser (5% of the tests' CPU on reload-heavy specs). Nothing can leave anyway: Chromium
   * resolves no host name (launch-options.ts), and the app's Content-Security-Policy names no
   * other origin.
   */
  offOrigin: [
    async ({ context, baseURL }, use) => {
      const origin = new URL(baseURL ?? 'http://127.0.0.1').origin;
      const seen: string[] = [];
      const isLocal = (url: string): boolean =>
        url.startsWith('data:') ||
        url.startsWith('blob:') ||
        url.startsWith('chrome-extension:') ||
        new URL(url).origin === origin;
      context.on('request', (request) => {
        if (!isLocal(request.url())) seen.push(request.url());
      });
      await use(seen);
      expect(seen, 'requests that left the origin').toEqual([]);
    },
    { auto: true },
  ],
  dialogs: [
    async ({ page }, use) => {
      const opened: string[] = [];
      page.on('dialog', (dialog) => {
        opened.push(dialog.message());
        void dialog.dismiss();
      });
      await use(opened);
      expect(opened, 'dialogs opened by the page').toEqual([]);
    },
    { auto: true },
  ],
  /**
   * Every test fails if the app's Content-Security-Policy blocks anything: our own code must never
   * trip it. A test that feeds hostile HTML on purpose takes out what it expects (`splice`).
   */
  cspViolations: [
    async ({ context }, use) => {
      const seen: string[] = [];
      await context.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (e) => {
          console.error(`casebook-csp-violation: ${e.violatedDirective} ${e.blockedURI}`);
        });
      });
      context.on('console', (message) => {
        const text = message.text();
        if (text.startsWith('casebook-csp-violation: ')) seen.push(text.slice(24));
      });
      await use(seen);
      expect(seen, 'Content-Security-Policy violations').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

/** A cell by the name of what it makes, e.g. `cell(page, 'SQL → churn')`. */
export function cell(page: Page, title: string) {
  return page.getByRole('region', { name: new RegExp(`^Cell \\d+: ${escapeRegExp(title)}$`) });
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Opens the app and waits until the sample case's tables are built. */
export async function openSample(page: Page): Promise<void> {
  await page.goto('/');
  await expect(cell(page, 'SQL → churn_by_contract').getByRole('status', { name: 'Cell status' })).toHaveText(
    '3 rows',
    { timeout: 60_000 },
  );
}

/**
 * Opens the app with a safe start (`/?safe`): the first visit builds the Telco sample but runs
 * none of its cells. For tests that make their own case or open another sample: the sample's
 * first run (training, explaining, scoring) would take the CPU from them.
 */
export async function openSafe(page: Page): Promise<void> {
  await page.goto('/?safe');
  await expect(page.getByRole('textbox', { name: 'Case title' })).toHaveValue('Telco churn', {
    timeout: 60_000,
  });
  await expect(status(page, 'SQL → churn_by_contract')).toHaveText('stale');
}

/** A new empty case named `title`, from the case list. */
export async function newCase(page: Page, title: string): Promise<void> {
  await page.getByRole('button', { name: 'New case' }).click();
  const name = page.getByRole('textbox', { name: 'Case title' });
  await expect(name).toHaveValue('Untitled case');
  await name.fill(title);
  await name.press('Enter');
}

/** From a safe start, a new empty case named `title`. */
export async function freshCase(page: Page, title: string): Promise<void> {
  await openSafe(page);
  await newCase(page, title);
}

/**
 * Opens the Telco sample with a safe start, then presses Run on the cell `title`: only it and the
 * cells it reads from run. For tests of one part of the sample, whose whole first run (profile,
 * training, explanations, A/B test, scoring, monitoring) would take the CPU from them.
 */
export async function runSampleCell(page: Page, title: string): Promise<void> {
  await openSafe(page);
  await cell(page, title).getByRole('button', { name: 'Run', exact: true }).click();
}

/**
 * Waits until the Telco sample's run is over: trained, explained, its champion registered and its
 * new batch scored, and nothing is left running. The score cell is not always the last to finish:
 * a reopened case builds the cells on screen first (where it was left), so the wait for nothing
 * running has the whole run's time too.
 */
export async function settled(page: Page): Promise<void> {
  await expect(status(page, 'Score new_customers with the champion')).toHaveText(/rows, v1/, {
    timeout: 150_000,
  });
  await expect(page.getByRole('button', { name: 'Cancel all' })).toHaveCount(0, { timeout: 150_000 });
}

export function status(page: Page, title: string) {
  return cell(page, title).getByRole('status', { name: 'Cell status' });
}

/** Adds a SQL cell at the end of the case and types `sql` into its editor. */
export async function addSql(page: Page, sql: string): Promise<void> {
  // Counted by cells, not editors: the editor (CodeMirror) is loaded on demand, so the editors
  // of the cells already there may still be mounting; the cells themselves are there.
  const cells = page.getByRole('region', { name: /^Cell \d+: / });
  const before = await cells.count();
  await page
    .getByRole('group', { name: /Add a cell/ })
    .last()
    .getByRole('button', { name: '+ SQL' })
    .click();
  await expect(cells).toHaveCount(before + 1);
  const editor = cells.nth(before).getByRole('textbox', { name: 'SQL query' });
  await editor.click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.press('Delete');
  await editor.pressSequentially(sql);
}

const SAMPLE = fileURLToPath(new URL('../public/sample/telco/', import.meta.url));

/** Row count and a hash of the sorted rows of `table`, each row as DuckDB prints it. */
export const rowHashSql = (table: string): string =>
  `SELECT count(*)::INTEGER AS n, md5(string_agg(r, chr(10) ORDER BY r)) AS h FROM (SELECT CAST(x AS VARCHAR) AS r FROM ${table} AS x)`;

/**
 * The row hash of `table` in the browser (a SQL cell added at the end, which makes `output`)
 * and in native DuckDB running the exported `script` on the sample's files.
 */
export async function browserAndNativeHash(
  page: Page,
  script: string,
  table: string,
  output: string,
): Promise<{ browser: string[]; native: string[] }> {
  await addSql(page, rowHashSql(table));
  await page.keyboard.press('Escape');
  await page.keyboard.press('Shift+Enter');
  await expect(status(page, `SQL → ${output}`)).toHaveText('1 row');
  const cells = cell(page, `SQL → ${output}`).getByRole('gridcell');
  // The grid shows a row as one '…' cell until its values arrive.
  await expect(cells).toHaveCount(2);
  const browser = [await cells.nth(0).innerText(), await cells.nth(1).innerText()];
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  await conn.run(`SET file_search_path = '${SAMPLE.replaceAll("'", "''")}'`);
  await conn.run(script);
  const row = (await conn.runAndReadAll(rowHashSql(table))).getRowObjects()[0];
  conn.closeSync();
  return { browser, native: [String(row?.['n']), String(row?.['h'])] };
}

/**
 * `openSafe` with the app's test hooks (`window.__casebookTest`, src/app/test-hooks.ts): poison
 * the SQL engine, run a statement a cell refuses (`SET memory_limit`), or destroy the training
 * worker's WebGPU device.
 */
export async function openSafeWithHooks(page: Page): Promise<void> {
  await page.goto('/?safe&test-hooks');
  await expect(page.getByRole('textbox', { name: 'Case title' })).toHaveValue('Telco churn', {
    timeout: 60_000,
  });
}

export type TestHookCall =
  | { readonly name: 'poisonEngine' }
  | { readonly name: 'exec'; readonly sql: string }
  | { readonly name: 'loseTrainingDevice' };

/**
 * Calls one of the page's test hooks (`openSafeWithHooks`); fails if the page has none. Resolves
 * with what the hook answers (`loseTrainingDevice`: whether a WebGPU device was destroyed).
 */
export function testHook(page: Page, call: TestHookCall): Promise<boolean | null> {
  return page.evaluate(async (c) => {
    const hooks = window.__casebookTest;
    if (!hooks) throw new Error('The page has no test hooks: open it with openSafeWithHooks.');
    if (c.name === 'poisonEngine') await hooks.poisonEngine();
    else if (c.name === 'exec') await hooks.exec(c.sql);
    else return hooks.loseTrainingDevice();
    return null;
  }, call);
}

/** Adds a cell of `kind` ("Source", "SQL", "Train"…) at the end of the open case. */
export function addCell(page: Page, kind: string) {
  return page
    .getByRole('group', { name: /Add a cell/ })
    .last()
    .getByRole('button', { name: `+ ${kind}` })
    .click();
}

/**
 * A new case of 300 rows made by SQL (columns a, b and a 0/1 target y), its brief, its features
 * (a and b), and a train cell holding one neural network of `epochs` epochs, not yet run. For
 * tests of training itself: the network trains in a moment on any machine. `hooks`: the page is
 * opened with the test hooks (`openSafeWithHooks`).
 */
export async function tinyNetworkCase(
  page: Page,
  epochs: number,
  { hooks = false }: { readonly hooks?: boolean } = {},
): Promise<{ train: Locator; features: Locator }> {
  await (hooks ? openSafeWithHooks(page) : openSafe(page));
  await page.getByRole('button', { name: 'New case' }).click();
  await addSql(
    page,
    'SELECT i % 7 AS a, (i * 13) % 11 AS b, (i % 7 + (i * 13) % 11 > 8)::INTEGER AS y FROM range(300) t(i)',
  );
  await page.keyboard.press('Escape');
  await page.keyboard.press('Shift+Enter');
  await expect(status(page, 'SQL → table_1')).toHaveText('300 rows');
  await addCell(page, 'Brief');
  const brief = page.getByRole('region', { name: /^Cell 2: Brief/ });
  await brief.getByRole('combobox', { name: 'Brief table' }).selectOption('table_1');
  await brief.getByRole('combobox', { name: 'Target column' }).selectOption('y');
  await addCell(page, 'Features');
  const features = page.getByRole('region', { name: /^Cell 3: Features/ });
  await features.getByRole('checkbox', { name: 'Use a' }).check();
  await features.getByRole('checkbox', { name: 'Use b' }).check();
  await addCell(page, 'Train');
  const train = page.getByRole('region', { name: /^Cell 4: Train/ });
  await train.getByRole('button', { name: 'Remove Logistic regression' }).click();
  await train.getByRole('button', { name: 'Remove Gradient-boosted trees' }).click();
  await train.getByRole('combobox', { name: 'Add a model' }).selectOption('mlp');
  const field = train.getByRole('textbox', { name: 'Neural network (MLP) epochs' });
  await field.fill(String(epochs));
  await field.press('Tab');
  return { train, features };
}

/** The epoch of the newest training checkpoint on disk (raw IndexedDB), 0 when none. */
export async function storedCheckpointEpoch(page: Page): Promise<number> {
  const epochs = (await storedRecords(page, 'checkpoints')).map((r) =>
    field(field(r, 'checkpoint'), 'epoch'),
  );
  return Math.max(0, ...epochs.map((e) => (typeof e === 'number' ? e : 0)));
}

/**
 * Every record of one object store of the app's database as it is on disk (raw IndexedDB, none of
 * the app's code), JSON-safe: Blobs and typed arrays (files, weights) read as null.
 */
export function storedRecords(page: Page, store: string): Promise<unknown[]> {
  return page.evaluate(
    (name) =>
      new Promise<unknown[]>((resolve, reject) => {
        const open = indexedDB.open('casebook');
        open.onerror = () => reject(new Error(String(open.error)));
        open.onsuccess = () => {
          const db = open.result;
          const all = db.transaction(name, 'readonly').objectStore(name).getAll();
          all.onsuccess = () => {
            db.close();
            const plain = JSON.stringify(all.result, (_key, value: unknown) =>
              ArrayBuffer.isView(value) || value instanceof Blob || value instanceof ArrayBuffer
                ? null
                : value,
            );
            resolve(JSON.parse(plain) as unknown[]);
          };
          all.onerror = () => {
            db.close();
            reject(new Error(String(all.error)));
          };
        };
      }),
    store,
  );
}

/** `record[key]`, for records read as `unknown`. */
export function field(record: unknown, key: string): unknown {
  return record !== null && typeof record === 'object' ? Reflect.get(record, key) : undefined;
}
