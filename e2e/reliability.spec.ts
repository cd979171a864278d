import { addSql, expect, openSafe, openSample, status, test } from './fixtures';

/*
 * Issue 18's real-browser checks (docs/reliability.md lists which item each test covers). Each
 * makes its own tiny case from a safe start: the Telco sample's first run never starts.
 */

test('a tab with an older copy of a case cannot overwrite newer work from another tab', async ({
  context,
  page,
}) => {
  await openSafe(page);
  const other = await context.newPage();
  await openSafe(other);

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
  await page.close({ runBeforeUnload: true });
  const fresh = await context.newPage();
  await fresh.goto('/');
  await expect(fresh.getByRole('textbox', { name: 'Case title' })).toHaveValue('Renamed just before closing');
});

test('a safe start opens the last case without running anything; the next reload runs it', async ({
  page,
}) => {
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
});

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
