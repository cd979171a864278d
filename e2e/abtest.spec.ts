import { cell, expect, runSampleCell, status, test } from './fixtures';

const DESIGN = 'A/B test design';
const ANALYSIS = 'A/B test of retention_ab';

test("the sample designs the retention call's A/B test and finds the simulated effect", async ({ page }) => {
  // The two A/B cells and what they read from only (the brief's churn rate, the simulated table).
  await runSampleCell(page, DESIGN);
  await cell(page, ANALYSIS).getByRole('button', { name: 'Run', exact: true }).click();

  // Design: the brief's churn rate (26.5%), 5 points fewer churners, 80% power, 40 customers a day.
  await expect(status(page, DESIGN)).toHaveText('1,146 users per arm', { timeout: 60_000 });
  const design = cell(page, DESIGN);
  const facts = design.getByLabel('Design facts');
  await expect(facts).toContainText('26.5%: Churn = true in 7,043 rows of churn_clean (the brief)');
  await expect(facts).toContainText('1,146 control, 1,146 treatment');
  await expect(facts).toContainText('58 days at 40 users a day');
  await expect(design.getByRole('figure', { name: /^Power over effect size/ }).locator('svg')).toBeVisible();

  // Analysis of the simulated table: +8.57 points found, no sample-ratio mismatch, no warning.
  await expect(status(page, ANALYSIS)).toHaveText(
    /^593 users per arm · treatment \+8\.57 pp, Likely meaningful$/,
    {
      timeout: 60_000,
    },
  );
  const analysis = cell(page, ANALYSIS);
  await expect(analysis.getByRole('region', { name: 'Verdict' })).toContainText(
    'treatment: Likely meaningful. Significant and the estimate reaches the MDE',
  );
  await expect(analysis.getByLabel('Checks')).toContainText('No warning: the arms match the planned split');
  await expect(analysis.getByRole('table', { name: 'Arms' })).toContainText('1,017');

  // A smaller MDE needs more users, at once; the cell goes stale until it runs again.
  const mde = design.getByRole('textbox', { name: 'Minimum detectable effect' });
  await mde.fill('-3');
  await mde.press('Tab');
  await expect(facts).toContainText('3,273 control, 3,273 treatment');
  await expect(status(page, DESIGN)).toHaveText('stale');
});
