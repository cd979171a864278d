import { statSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { cell, expect, openSample, status } from './fixtures';
import { settledTest as test } from './settled-profile';

const EVALUATE = 'Evaluate predictions';

test('the sample case exports one self-contained report that opens from disk with nothing loaded or run', async ({
  page,
  browser,
}, testInfo) => {
  await openSample(page);
  await expect(status(page, EVALUATE)).toHaveText(/^4 runs, ROC AUC 0\.8\d\d, clears the bar$/, {
    timeout: 120_000,
  });
  const auc = /ROC AUC (0\.8\d\d)/.exec(await status(page, EVALUATE).innerText())?.[1] ?? '';
  const verdict = cell(page, EVALUATE).getByRole('region', { name: 'Verdict' });
  const chosen = /^(.+?) has ROC AUC/.exec((await verdict.innerText()).trim())?.[1] ?? '';

  await page.getByRole('button', { name: 'Report', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: /^Report of/ });
  const sections = dialog.getByRole('list', { name: 'Sections' });
  await expect(sections.getByRole('checkbox')).not.toHaveCount(0);
  await expect(sections).toContainText('Evaluate predictions');
  await dialog
    .getByRole('textbox', { name: /Summary/ })
    .fill('Call the <img src=x onerror=alert(1)> customers first.');
  // The evaluation goes first: ordering moves it up to the top.
  const labels = await sections
    .getByRole('checkbox')
    .evaluateAll((boxes) => boxes.map((b) => b.closest('li')?.textContent?.trim() ?? ''));
  const at = labels.findIndex((l) => l.startsWith(EVALUATE));
  for (let i = 0; i < at; i++) await dialog.getByRole('button', { name: `Move ${EVALUATE} up` }).click();
  await expect(sections.getByRole('listitem').first()).toContainText(EVALUATE);

  const downloading = page.waitForEvent('download');
  await dialog.getByRole('button', { name: 'Export HTML' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/\.html$/);
  const file = testInfo.outputPath('report.html');
  await download.saveAs(file);
  expect(statSync(file).size).toBeLessThan(2 * 1024 * 1024);

  // Opened from disk in a fresh profile: every request is refused and recorded; any dialog fails.
  const context = await browser.newContext();
  const requests: string[] = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('file:')) return route.fallback();
    requests.push(url);
    return route.abort('blockedbyclient');
  });
  context.on('request', (r) => {
    if (!r.url().startsWith('file:')) requests.push(r.url());
  });
  const report = await context.newPage();
  const dialogs: string[] = [];
  report.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await report.goto(pathToFileURL(file).href);

  await expect(report.locator('h1')).toHaveText(
    await page.getByRole('textbox', { name: 'Case title' }).inputValue(),
  );
  await expect(report.locator('meta[http-equiv="Content-Security-Policy"]')).toHaveAttribute(
    'content',
    /default-src 'none'/,
  );
  const kinds = await report
    .locator('section.part')
    .evaluateAll((s) => s.map((x) => x.getAttribute('data-kind')));
  expect(kinds[0]).toBe('evaluation');
  for (const kind of ['markdown', 'brief', 'source', 'preparation', 'features', 'models', 'evaluation'])
    expect(kinds).toContain(kind);
  await expect(report.locator('[data-value="bar"]')).toHaveText('0.8');
  await expect(report.getByRole('note', { name: 'Verdict', exact: true })).toContainText(
    `${chosen}: clears the bar`,
  );
  const evaluation = report.getByRole('table', { name: 'Evaluation' });
  await expect(
    evaluation.getByRole('row', { name: new RegExp(`^${chosen.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`) }),
  ).toContainText(auc);
  await expect(report.getByRole('table', { name: 'Model comparison' })).toContainText(auc);
  // ROC curves as inline SVG: one line per run and the chance diagonal, as in the app.
  await expect(
    report.locator('figure', { hasText: 'ROC curve' }).locator('svg g[aria-label="line"] path'),
  ).toHaveCount(5);
  await report.screenshot({ path: testInfo.outputPath('report.png'), fullPage: true });
  await expect(report.getByLabel('Summary')).toContainText('<img src=x onerror=alert(1)>');
  await expect(report.locator('[aria-label="Provenance"]')).toContainText(/[0-9a-f]{64}/);
  expect(await report.locator('script, img, iframe, link').count()).toBe(0);
  expect(requests).toEqual([]);
  expect(dialogs).toEqual([]);
  await context.close();
});
