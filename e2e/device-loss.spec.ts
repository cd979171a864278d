import type { Page } from '@playwright/test';
import {
  expect,
  field,
  storedCheckpointEpoch,
  storedRecords,
  test,
  testHook,
  tinyNetworkCase,
} from './fixtures';
import { chromiumLaunchOptions } from './launch-options';

/*
 * Reliability target 30 (docs/reliability.md): a WebGPU device lost mid-fit. Chromium offers a
 * WebGPU adapter only with --enable-unsafe-webgpu (here SwiftShader's, on the CPU); the training
 * worker's device is destroyed by a test hook (`GPUDevice.destroy()`: a real loss, which the app
 * cannot tell from a driver reset). Without an adapter the test skips and says why.
 */

// SwiftShader's adapter here (a CPU implementation); a real GPU's elsewhere.
test.use({ launchOptions: chromiumLaunchOptions(['--enable-unsafe-webgpu']) });

/** Whether the page's browser offers a WebGPU adapter (the worker asks the same browser). */
function hasWebGpuAdapter(page: Page): Promise<boolean> {
  return page.evaluate(async () => {
    const gpu: unknown = Reflect.get(navigator, 'gpu');
    if (gpu === undefined || gpu === null) return false;
    const request: unknown = Reflect.get(gpu, 'requestAdapter');
    return typeof request === 'function' && (await Promise.resolve(request.call(gpu))) !== null;
  });
}

const EPOCHS = 12;

test('a WebGPU device lost mid-fit: the network finishes on wasm from its last checkpoint, says so, and keeps its whole curve', async ({
  page,
}) => {
  // A static file of the app's origin (a secure context, as WebGPU needs): nothing of the app starts.
  await page.goto('/favicon.svg');
  test.skip(
    !(await hasWebGpuAdapter(page)),
    'This Chromium offers no WebGPU adapter, even with --enable-unsafe-webgpu: there is no device to lose.',
  );

  const { train } = await tinyNetworkCase(page, EPOCHS, { hooks: true });
  const patience = train.getByRole('textbox', { name: 'Neural network (MLP) patience (0 = none)' });
  await patience.fill('0');
  await patience.press('Tab');
  const backend = train.getByRole('combobox', { name: 'Backend' });
  await expect(backend.locator('option[value="webgpu"]')).toBeEnabled({ timeout: 30_000 });
  await backend.selectOption('webgpu');
  await train.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(train.getByRole('status').filter({ hasText: /^Training Neural network/ })).toBeVisible({
    timeout: 30_000,
  });
  // Mid-fit, a checkpoint on disk (every 5 epochs): the worker's device goes.
  await expect.poll(() => storedCheckpointEpoch(page), { timeout: 60_000 }).toBeGreaterThan(0);
  const checkpointed = await storedCheckpointEpoch(page);
  expect(await testHook(page, { name: 'loseTrainingDevice' }), 'the worker was on WebGPU').toBe(true);

  await expect(train.getByRole('status', { name: 'Cell status' })).toHaveText(/^\d+ runs/, {
    timeout: 60_000,
  });
  const runs = train.getByRole('table', { name: 'Runs' });
  const row = runs.getByRole('row').filter({ hasText: 'Neural network' });
  await expect(row).not.toContainText(/failed|cancelled|interrupted/);
  await expect(row.getByRole('cell').nth(-2)).toHaveText('wasm');
  await row.getByRole('button', { name: /^Neural network/ }).click();
  const detail = train.getByRole('region', { name: 'Run detail' });
  const said = /WebGPU device lost at epoch (\d+): continued on wasm from the checkpoint of epoch (\d+)\./;
  await expect(detail).toContainText(said);
  await expect(detail.locator('svg').first()).toBeVisible();

  // On disk (raw IndexedDB): the run done, on wasm, with that reason and one point per epoch.
  const networks = (await storedRecords(page, 'runs')).filter(
    (r) => field(field(r, 'spec'), 'kind') === 'mlp',
  );
  expect(networks).toHaveLength(1);
  const [run] = networks;
  expect(field(run, 'status')).toBe('done');
  expect(field(field(run, 'backend'), 'backend')).toBe('wasm');
  const reason = String(field(field(run, 'backend'), 'reason'));
  test.info().annotations.push({ type: 'reason', description: reason });
  const [, lostAt, from] = said.exec(reason) ?? [];
  expect(Number(from)).toBeGreaterThanOrEqual(checkpointed);
  expect(Number(lostAt)).toBeGreaterThan(Number(from));
  expect(Number(lostAt)).toBeLessThanOrEqual(EPOCHS);
  const curve = field(run, 'curve');
  expect(Array.isArray(curve) ? curve.map((p) => field(p, 'step')) : curve).toEqual(
    Array.from({ length: EPOCHS }, (_, i) => i + 1),
  );
  expect(Array.isArray(curve) && curve.every((p) => Number.isFinite(field(p, 'loss')))).toBe(true);
  expect(field(field(run, 'metrics'), 'roc_auc')).toEqual(expect.any(Number));

  // Reopened, the case shows the run as it was saved: on wasm, with the reason; nothing interrupted.
  await page.reload();
  const reopened = page.getByRole('region', { name: /^Cell 4: Train/ });
  const again = reopened
    .getByRole('table', { name: 'Runs' })
    .getByRole('row')
    .filter({ hasText: 'Neural network' });
  await expect(again.getByRole('cell').nth(-2)).toHaveText('wasm', { timeout: 60_000 });
  await expect(reopened.getByRole('status', { name: 'Interrupted training' })).toHaveCount(0);
  await again.getByRole('button', { name: /^Neural network/ }).click();
  await expect(reopened.getByRole('region', { name: 'Run detail' })).toContainText(reason);
});
