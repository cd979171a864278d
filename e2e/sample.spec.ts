import { cell, expect, openSafe, openSample, status, test } from './fixtures';

test('the sample case opens, builds its tables from three sources, and survives a reload', async ({
  page,
}) => {
  await openSample(page);
  await expect(page.getByRole('textbox', { name: 'Case title' })).toHaveValue('Telco churn');
  await expect(page.getByRole('heading', { name: 'Telco churn' })).toBeVisible();
  await expect(status(page, 'Source → customers')).toHaveText('7,043 rows');
  await expect(status(page, 'Source → services')).toHaveText('7,043 rows');
  await expect(status(page, 'Source → billing')).toHaveText('7,043 rows');
  await expect(status(page, 'SQL → churn')).toHaveText('7,043 rows');

  const byContract = cell(page, 'SQL → churn_by_contract').getByRole('grid');
  await expect(byContract.getByRole('row').nth(1)).toContainText('Month-to-month');
  await expect(byContract.getByRole('row').nth(1)).toContainText('0.427');
  await expect(cell(page, 'Source → billing')).toContainText('billing.parquet');
  await expect(cell(page, 'Source → billing').getByRole('textbox', { name: 'Origin' })).toHaveValue(
    /Billing system/,
  );

  await page.reload();
  await openSample(page);
  await expect(status(page, 'SQL → churn')).toHaveText('7,043 rows');
  await expect(
    page.getByRole('navigation', { name: 'Cases' }).getByRole('button', { name: /^Telco churn/ }),
  ).toHaveCount(1);
});

test('the case list offers every sample case: adding one builds a fresh copy and opens it', async ({
  page,
}) => {
  await openSafe(page);
  const cases = page.getByRole('navigation', { name: 'Cases' });
  await cases
    .getByRole('group', { name: 'Sample cases' })
    .getByRole('button', { name: '+ Telco churn' })
    .click();
  await expect(cases.getByRole('button', { name: /^Telco churn/ })).toHaveCount(2);
  await expect(status(page, 'SQL → churn_by_contract')).toHaveText('3 rows', { timeout: 60_000 });
});
