import { describe, expect, it } from 'vitest';
import { fitGbdt } from './gbdt';
import { fitLogistic } from './logistic';
import { syntheticClassification } from './testing';

// Fit times in Node on 200,000 × 32 synthetic rows; skipped unless CASEBOOK_BENCH=1 (CI stays fast).
// `BENCH_ONLY=training node bench/run.mjs` times the same rows in the browser's training worker,
// beside scikit-learn.
describe.skipIf(process.env['CASEBOOK_BENCH'] !== '1')('bench: 200,000 × 32', () => {
  const { x, y } = syntheticClassification(200_000, 32, 42);

  it('logistic regression', async () => {
    const start = performance.now();
    const model = await fitLogistic(x, y);
    console.log(
      `logistic: ${((performance.now() - start) / 1000).toFixed(2)} s, ${model.iterations} iterations (${model.solver ?? 'newton'})`,
    );
    expect(model.converged).toBe(true);
  });

  it('GBDT, 100 iterations, 31 leaves', async () => {
    const start = performance.now();
    const model = await fitGbdt(x, y, { task: 'classification' });
    console.log(`gbdt: ${((performance.now() - start) / 1000).toFixed(2)} s, ${model.trees.length} trees`);
    expect(model.trees).toHaveLength(100);
  });
});
