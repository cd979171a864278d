import { expect, openSample, status, test } from './fixtures';

test('a tab with an older copy of a case cannot overwrite newer work from another tab', async ({
  context,
  page,
}) => {
  await openSample(page);
  const other = await context.newPage();
  await openSample(other);

  const title = page.getByRole('textbox', { name: 'Case title' });
  await title.fill('Churn, edited in tab A');
  await title.press('Enter');
  await expect(page.getByRole('status', { name: 'Save status' })).toHaveText('Saved');

  const staleTitle = other.getByRole('textbox', { name: 'Case title' });
  await staleTitle.fill('Churn, edited in stale tab B');
  await staleTitle.press('Enter');
  await expect(other.getByRole('alert').filter({ hasText: 'changed in another tab' })).toBeVisible();
  await expect(other.getByRole('status', { name: 'Save status' })).toHaveText('Not saved');

  await page.reload();
  await expect(page.getByRole('textbox', { name: 'Case title' })).toHaveValue('Churn, edited in tab A');
});

test('a crashed tab loses nothing that was saved', async ({ context, page }) => {
  await openSample(page);
  const title = page.getByRole('textbox', { name: 'Case title' });
  await title.fill('Saved before the crash');
  await title.press('Enter');
  await expect(page.getByRole('status', { name: 'Save status' })).toHaveText('Saved');
  const cdp = await context.newCDPSession(page);
  await cdp.send('Page.crash').catch(() => undefined);

  const fresh = await context.newPage();
  await fresh.goto('/');
  await expect(fresh.getByRole('textbox', { name: 'Case title' })).toHaveValue('Saved before the crash');
  await expect(status(fresh, 'SQL → churn_by_contract')).toHaveText('3 rows', { timeout: 60_000 });
});

test('a full storage quota gives a clear message and keeps what was saved', async ({
  context,
  page,
  baseURL,
}) => {
  await openSample(page);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Storage.overrideQuotaForOrigin', {
    origin: new URL(baseURL ?? '').origin,
    quotaSize: 1024,
  });
  await expect.poll(() => page.evaluate(async () => (await navigator.storage.estimate()).quota)).toBe(1024);

  await page
    .getByRole('group', { name: /Add a cell/ })
    .last()
    .getByRole('button', { name: '+ Source' })
    .click();
  await page
    .getByLabel('File to import')
    .last()
    .setInputFiles({
      name: 'big.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('a,b\n' + '1,2\n'.repeat(50_000)),
    });
  await expect(page.getByRole('alert').filter({ hasText: 'storage quota is full' }).first()).toBeVisible();

  await cdp.send('Storage.overrideQuotaForOrigin', { origin: new URL(baseURL ?? '').origin });
  await page.reload();
  await expect(status(page, 'SQL → churn_by_contract')).toHaveText('3 rows', { timeout: 60_000 });
});
