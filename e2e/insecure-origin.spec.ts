import { addSql, cell, expect, newCase, openSafe, status, test } from './fixtures';
import { chromiumLaunchOptions } from './launch-options';

/*
 * Served over plain http from another machine (a static host on the team's network), the app is
 * not in a secure context: no crypto.randomUUID, crypto.subtle, Web Locks, Storage API, service
 * worker or WebGPU. It stopped at its first new id ("crypto.randomUUID is not a function").
 * `casebook.test` reaches the preview server (launch-options.ts), and the browser takes it for
 * another host. A file of its own: launch options are per worker.
 */
const port = Number(process.env['E2E_PORT'] ?? 4173);
test.use({
  baseURL: `http://casebook.test:${port}`,
  launchOptions: chromiumLaunchOptions([], { hosts: ['casebook.test'] }),
});

const TRAIN = 'Train on churn_features → predictions';

test('served over plain http from another host (no secure context): the sample trains, a new case runs SQL, and both are kept across a reload', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await openSafe(page);
  expect(
    await page.evaluate(() => ({
      secure: isSecureContext,
      randomUUID: 'randomUUID' in crypto,
      subtle: 'subtle' in crypto,
    })),
  ).toEqual({ secure: false, randomUUID: false, subtle: false });

  // Training: new run and batch ids, and the split's SHA-256 without crypto.subtle.
  await cell(page, TRAIN).getByRole('button', { name: 'Run', exact: true }).click();
  await expect(status(page, TRAIN)).toHaveText(/^4 runs, best ROC AUC 0\.8\d\d$/, { timeout: 120_000 });
  await expect(page.getByRole('status', { name: 'Save status' })).toHaveText('Saved');

  // A new case, and a cell in it.
  await newCase(page, 'Over plain http');
  await addSql(page, "SELECT 'kept' AS word");
  await page.keyboard.press('Escape');
  await page.keyboard.press('Shift+Enter');
  await expect(status(page, 'SQL → table_1')).toHaveText('1 row');
  await expect(page.getByRole('status', { name: 'Save status' })).toHaveText('Saved');

  await page.reload();
  await expect(page.getByRole('textbox', { name: 'Case title' })).toHaveValue('Over plain http', {
    timeout: 60_000,
  });
  await expect(status(page, 'SQL → table_1')).toHaveText('1 row', { timeout: 60_000 });
  await page
    .getByRole('navigation', { name: 'Cases' })
    .getByRole('button', { name: /^Telco churn/ })
    .click();
  // The stored runs, read back without training again.
  await expect(status(page, TRAIN)).toHaveText(/^4 runs, best ROC AUC 0\.8\d\d$/, { timeout: 90_000 });
  await expect(cell(page, TRAIN).getByRole('table', { name: 'Runs' }).getByRole('row')).toHaveCount(5);
});
