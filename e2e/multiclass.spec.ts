import { cell, expect, status, test } from './fixtures';

const TRAIN = 'Train on penguin_features → penguin_predictions';
const EVALUATE = 'Evaluate penguin_predictions';
const SCORE = 'Score tagged_birds with the champion';

test('the penguins sample trains on three species and shows per-class metrics and the confusion matrix', async ({
  page,
}) => {
  // The first visit builds the Telco sample too; training the three models takes ~45 s on 2 cores.
  test.setTimeout(180_000);
  await page.goto('/');
  await page
    .getByRole('group', { name: 'Sample cases' })
    .getByRole('button', { name: '+ Penguin species' })
    .click();
  await expect(status(page, TRAIN)).toHaveText(/^4 runs/, { timeout: 120_000 });
  await expect(status(page, EVALUATE)).toHaveText(/^4 runs, macro F1 0\.9\d\d, clears the bar$/, {
    timeout: 120_000,
  });
  const evaluate = cell(page, EVALUATE);
  const perClass = evaluate.getByRole('table', { name: 'Per-class metrics' });
  for (const species of ['Adelie', 'Chinstrap', 'Gentoo']) {
    await expect(perClass.getByRole('rowheader', { name: species })).toBeVisible();
  }
  // Support: a stratified 25% of 152, 68 and 124 birds.
  await expect(perClass.getByRole('row', { name: /^Chinstrap .* 17$/ })).toBeVisible();
  await expect(perClass).toContainText('macro average');
  const confusion = evaluate.getByRole('table', { name: 'Confusion matrix' });
  await expect(confusion.getByRole('row')).toHaveCount(4);
  await expect(confusion.getByRole('columnheader', { name: 'Gentoo' })).toBeVisible();
  await expect(evaluate.getByRole('region', { name: 'Verdict' })).toContainText(
    /under the brief's cost matrix/,
  );
  // The chosen run becomes the champion, v1 (a multiclass bundle), and scores the tagged birds.
  await expect(status(page, SCORE)).toHaveText(/^\d+ rows, v1/, { timeout: 60_000 });
  await expect(cell(page, SCORE)).toContainText(/decided Adelie \d+, Chinstrap \d+, Gentoo \d+/);
});
