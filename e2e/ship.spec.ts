import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cell, expect, openSample, status } from './fixtures';
import { settledTest as test } from './settled-profile';

const SCORE = 'Score new_customers with the champion';
const BATCH = fileURLToPath(new URL('../public/sample/telco/new_customers.csv', import.meta.url));
const CLI = fileURLToPath(new URL('../cli/launch.mjs', import.meta.url));

test('the sample’s champion scores a new batch in the app and from the command line, row for row', async ({
  page,
}) => {
  test.setTimeout(300_000);
  await openSample(page);
  // Trained, evaluated, v1 registered as champion, then the batch scored: one problem flagged.
  await expect(status(page, SCORE)).toHaveText('282 rows, v1, 1 flagged', { timeout: 200_000 });
  const check = cell(page, SCORE).getByRole('region', { name: 'Input check' });
  await expect(check).toContainText(
    '28 rows of "PaymentMethod" hold values not seen in training: "Digital wallet" (28)',
  );
  await expect(check).toContainText('Encoded as "PaymentMethod=(other)"; flagged.');

  await page.getByRole('button', { name: 'Models', exact: true }).click();
  const versions = page.getByRole('table', { name: 'Model versions' });
  await expect(versions.getByRole('row').nth(1)).toContainText(/v1\s*champion/);
  await expect(versions).toContainText('by Casebook sample');
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download model bundle' }).click();
  const bundle = await (await download).path();
  await page.keyboard.press('Escape');

  // The command line on native DuckDB, same bundle and rows (it stops on the new category unless allowed).
  const out = join(mkdtempSync(join(tmpdir(), 'casebook-ship-')), 'scores.csv');
  execFileSync('node', [CLI, 'score', bundle, BATCH, '--out', out, '--allow-unseen'], { stdio: 'pipe' });
  const lines = readFileSync(out, 'utf8').trim().split('\n');
  expect(lines[0]).toBe('row_id,score,decision,model_version');
  const values = lines.slice(1).map((line) => {
    const [id, score, decision, version] = line.split(',');
    expect(version).toBe('v1');
    return `(${Number(id)}, ${Number(score)}, ${decision === 'true'})`;
  });
  expect(values).toHaveLength(282);

  // The app's predictions table against the command line's rows, joined in the page by row id.
  const sql = `SELECT count(*) AS n, count(*) FILTER (WHERE abs(a.score - c.score) <= 1e-6 AND a.decision = c.decision AND a.model_version = 'v1') AS same FROM new_customer_scores AS a JOIN (VALUES ${values.join(', ')}) AS c(row_id, score, decision) USING (row_id)`;
  await page
    .getByRole('group', { name: /Add a cell/ })
    .last()
    .getByRole('button', { name: '+ SQL' })
    .click();
  const result = page.getByRole('region', { name: /^Cell \d+: SQL → table_1$/ });
  await result.getByRole('textbox', { name: 'SQL query' }).click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.insertText(sql);
  await page.keyboard.press('Escape');
  await page.keyboard.press('Shift+Enter');
  await expect(result.getByRole('status', { name: 'Cell status' })).toHaveText('1 row');
  await expect(result.getByRole('gridcell')).toHaveText(['282', '282']);

  // Promote the other model from the evaluate cell: v2, a candidate, with that evaluation recorded.
  const evaluate = cell(page, 'Evaluate predictions');
  const shown = evaluate.getByRole('combobox', { name: 'Run shown' });
  const chosen = await shown.inputValue();
  const other = await shown.locator('option').evaluateAll((options, id) => {
    const fit = options.find(
      (o) =>
        o instanceof HTMLOptionElement &&
        o.value !== id &&
        /^(Logistic regression|Gradient-boosted trees)/.test(o.text),
    );
    return fit instanceof HTMLOptionElement ? fit.value : '';
  }, chosen);
  await shown.selectOption(other);
  const promote = evaluate.getByRole('form', { name: 'Promote to a model version' });
  await promote.getByRole('textbox', { name: 'Promoted by' }).fill('Ana');
  await promote.getByRole('textbox', { name: 'Why' }).fill('Compare with v1');
  await promote.getByRole('button', { name: 'Promote to model version' }).click();
  await expect(promote.getByRole('status')).toHaveText('Registered as v2, a candidate: see Models.');

  // Made champion in Models: the score cell that scores with the champion is stale, then scores with v2.
  await page.getByRole('button', { name: 'Models', exact: true }).click();
  const v2 = versions.getByRole('row').nth(1);
  await expect(v2).toContainText(/v2\s*candidate/);
  await expect(v2).toContainText('ROC AUC');
  await page.getByRole('textbox', { name: 'Who' }).fill('Ana');
  await v2.getByRole('button', { name: 'Make champion' }).click();
  await expect(v2).toContainText(/v2\s*champion/);
  await page.keyboard.press('Escape');
  await expect(status(page, SCORE)).toHaveText('stale');
  await page.getByRole('button', { name: /Run all stale/ }).click();
  await expect(status(page, SCORE)).toHaveText('282 rows, v2, 1 flagged', { timeout: 60_000 });
});
