import type { Page } from '@playwright/test';
import { expect, field, storedRecords, test, tinyNetworkCase } from './fixtures';

/*
 * `auto` measures the training backends on this device before its first network (issue 21, item
 * 5) and keeps the result in IndexedDB: the backend line says what was measured against what, and
 * the next training does not measure again. Whichever backend wins here is not the point.
 */

/** The calibration rows as stored (device key → when it was measured). */
async function storedCalibrations(page: Page): Promise<Record<string, string>> {
  const rows = await storedRecords(page, 'calibrations');
  return Object.fromEntries(rows.map((r) => [String(field(r, 'key')), String(field(r, 'measuredAt'))]));
}

test('auto measures the backends once per device: the line says what it measured, a second network trains without measuring', async ({
  page,
}) => {
  // A case of 300 rows made by SQL: the network trains in a moment, the calibration is what is timed.
  const { train } = await tinyNetworkCase(page, 2);
  const trained = train.getByRole('status', { name: 'Cell status' });
  const epochs = train.getByRole('textbox', { name: 'Neural network (MLP) epochs' });
  expect(await storedCalibrations(page)).toEqual({});
  await train.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(trained).toHaveText(/^\d+ runs/, { timeout: 30_000 });
  const line = train.getByRole('note', { name: 'Training backend' });
  await expect(line).toHaveText(
    /^neural networks train on (wasm|webgl|webgpu|cpu)(?: \([^)]+\))? here — \1: measured [\d.]+ ms\/step vs .+ \(calibrated \d{4}-\d\d-\d\d \d\d:\d\d UTC\)\.$/,
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

  // No WebGPU here (no --enable-unsafe-webgpu; reliability target 29): no adapter, so webgpu is
  // neither measured nor offered, and a network on wasm trains and records wasm (its binaries are
  // bundled: the fixture fails the test on any off-origin request or CSP violation).
  const noAdapter = await page.evaluate(async () => {
    const gpu: unknown = Reflect.get(navigator, 'gpu');
    if (gpu === undefined || gpu === null) return true;
    const request: unknown = Reflect.get(gpu, 'requestAdapter');
    return typeof request !== 'function' || (await Promise.resolve(request.call(gpu))) === null;
  });
  expect(noAdapter).toBe(true);
  await expect(line).not.toContainText('webgpu');
  const backend = train.getByRole('combobox', { name: 'Backend' });
  await expect(backend.locator('option[value="webgpu"]')).toBeDisabled();
  await backend.selectOption('wasm');
  await expect(trained).toHaveText('stale');
  await train.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(trained).toHaveText(/^\d+ runs/, { timeout: 30_000 });
  await expect(train.getByRole('table', { name: 'Runs' })).toContainText(/Neural network.*wasm/);
});
