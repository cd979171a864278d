import type { Page } from '@playwright/test';
import { addCell, addSql, expect, openSafe, status, test } from './fixtures';

/*
 * `auto` measures the training backends on this device before its first network (issue 21, item
 * 5) and keeps the result in IndexedDB: the backend line says what was measured against what, and
 * the next training does not measure again. Whichever backend wins here is not the point.
 */

/** The calibration rows as stored (device key → when it was measured). */
function storedCalibrations(page: Page): Promise<Record<string, string>> {
  return page.evaluate(
    () =>
      new Promise<Record<string, string>>((resolve, reject) => {
        const open = indexedDB.open('casebook');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const read = db.transaction('calibrations').objectStore('calibrations').getAll();
          read.onerror = () => reject(read.error);
          read.onsuccess = () => {
            const rows = read.result as { key: string; measuredAt: string }[];
            db.close();
            resolve(Object.fromEntries(rows.map((r) => [r.key, r.measuredAt])));
          };
        };
      }),
  );
}

test('auto measures the backends once per device: the line says what it measured, a second network trains without measuring', async ({
  page,
}) => {
  // A case of 300 rows made by SQL: the network trains in a moment, the calibration is what is timed.
  await openSafe(page);
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
  const trained = train.getByRole('status', { name: 'Cell status' });
  await train.getByRole('button', { name: 'Remove Logistic regression' }).click();
  await train.getByRole('button', { name: 'Remove Gradient-boosted trees' }).click();
  await train.getByRole('combobox', { name: 'Add a model' }).selectOption('mlp');
  const epochs = train.getByRole('textbox', { name: 'Neural network (MLP) epochs' });
  await epochs.fill('2');
  await epochs.press('Tab');
  expect(await storedCalibrations(page)).toEqual({});
  await train.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(trained).toHaveText(/^\d+ runs/, { timeout: 30_000 });
  const line = train.getByRole('note', { name: 'Training backend' });
  await expect(line).toHaveText(
    /^neural networks train on (wasm|webgl|webgpu|cpu) here — \1: measured [\d.]+ ms\/step vs .+ \(calibrated \d{4}-\d\d-\d\d \d\d:\d\d UTC\)\.$/,
  );
  const first = await storedCalibrations(page);
  expect(Object.keys(first)).toHaveLength(1);

  // Another network: trained on the kept calibration, nothing measured again.
  await epochs.fill('3');
  await epochs.press('Tab');
  await expect(trained).toHaveText('stale');
  await train.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(trained).toHaveText(/^\d+ runs/, { timeout: 30_000 });
  await expect(line).toContainText('measured');
  expect(await storedCalibrations(page)).toEqual(first);
});
