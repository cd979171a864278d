import { cell, expect, runSampleCell, status, test } from './fixtures';

const EXPLAIN = 'Explain the chosen model of predictions';

test('the sample explains its chosen model; a picked row gets LIME; reopening reads it back', async ({
  page,
}) => {
  // Training both models, then explaining, twice (the reload reads back): slow on CI's 2 cores.
  test.setTimeout(300_000);
  await runSampleCell(page, EXPLAIN);
  await expect(status(page, EXPLAIN)).toHaveText(/^top feature \S+, 1 row explained$/, { timeout: 180_000 });
  const explain = cell(page, EXPLAIN);

  // Importance by source column: the 18 columns of the features cell, not its 45 model inputs.
  await expect(explain.getByRole('table', { name: 'Importance table' }).locator('tbody tr')).toHaveCount(18);
  await expect(
    explain
      .getByRole('figure', { name: /^Partial dependence of / })
      .locator('svg')
      .first(),
  ).toBeVisible();

  // Pick the lowest-scored row: its LIME table and its stability in words.
  const lowest = explain.getByRole('table', { name: 'Lowest scores' });
  const id = (await lowest.locator('tbody tr td').first().innerText()).trim();
  await lowest.getByRole('button', { name: `Explain row ${id}` }).click();
  const lime = explain.getByRole('table', { name: `LIME contributions of row ${id}` });
  await expect(lime.locator('tbody tr')).not.toHaveCount(0, { timeout: 60_000 });
  await expect(explain.getByRole('article', { name: `Row ${id}` })).toContainText(
    /LIME with 5,000 samples around the row, seed 42, kernel .* of width/,
  );

  // Reopened: every part is read back from storage, nothing is computed again.
  await page.reload();
  await expect(status(page, EXPLAIN)).toHaveText(/^top feature \S+, 1 row explained, from storage$/, {
    timeout: 180_000,
  });
  await expect(
    cell(page, EXPLAIN).getByRole('table', { name: `LIME contributions of row ${id}` }),
  ).toBeVisible();
});
