import { describe, expect, it } from 'vitest';
import { modelToJson } from './artifact';
import { fitTree, predictTree } from './tree';
import { treeRules } from './tree-rules';

const m = (rows: number[][]) => ({
  data: Float32Array.from(rows.flat()),
  rows: rows.length,
  cols: rows[0]?.length ?? 0,
});
const xorRows = [
  [0, 0],
  [0, 1],
  [1, 0],
  [1, 1],
  [0, 0],
  [0, 1],
  [1, 0],
  [1, 1],
];
const xorY = Float32Array.from(xorRows, ([a = 0, b = 0]) => a ^ b);

describe('CART tree', () => {
  it('learns XOR at depth 2 (the root split gains nothing, as in scikit-learn it still splits)', async () => {
    const tree = await fitTree(m(xorRows), xorY, { task: 'classification', maxDepth: 2 });
    expect(Array.from(predictTree(tree, m(xorRows)))).toEqual(Array.from(xorY));
    expect(tree.nodes.feature.filter((f) => f < 0)).toHaveLength(4);
  });

  it('stops at one leaf with depth 0 and on a pure node', async () => {
    const stump = await fitTree(m(xorRows), xorY, { task: 'classification', maxDepth: 0 });
    expect(stump.nodes.feature).toEqual([-1]);
    expect(stump.nodes.value[0]).toBe(0.5);
    const pure = await fitTree(m([[1], [2], [3]]), Float32Array.from([1, 1, 1]), { task: 'regression' });
    expect(pure.nodes.feature).toEqual([-1]);
  });

  it('finds the regression step at the midpoint and respects minSamplesLeaf', async () => {
    const rows = [[1], [2], [3], [4], [10], [11], [12]];
    const y = Float32Array.from([1, 1, 1, 1, 5, 5, 5]);
    const tree = await fitTree(m(rows), y, { task: 'regression', maxDepth: 1 });
    expect(tree.nodes.threshold[0]).toBe(7);
    expect(Array.from(predictTree(tree, m([[0], [100]])))).toEqual([1, 5]);
    const wide = await fitTree(m(rows), y, { task: 'regression', minSamplesLeaf: 4 });
    expect(Math.min(...wide.nodes.count)).toBeGreaterThanOrEqual(4);
  });

  it('ignores a constant feature and gives it no importance', async () => {
    const tree = await fitTree(
      m([
        [5, 1],
        [5, 2],
        [5, 3],
        [5, 4],
      ]),
      Float32Array.from([0, 0, 1, 1]),
      {
        task: 'classification',
      },
    );
    expect(tree.nodes.feature[0]).toBe(1);
    expect(tree.featureImportance).toEqual([0, 1]);
  });

  it('writes readable rules with ranges and one-hot levels', async () => {
    const rows = [
      [5, 1],
      [10, 1],
      [20, 1],
      [30, 1],
      [40, 1],
      [50, 1],
      [5, 0],
      [10, 0],
      [20, 0],
      [30, 0],
      [40, 0],
      [50, 0],
    ];
    const y = Float32Array.from([1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    const tree = await fitTree(m(rows), y, { task: 'classification', maxDepth: 2 });
    const rules = treeRules(tree, ['tenure', 'Contract=Month-to-month'], { target: 'churn' });
    expect(rules).toEqual([
      'tenure ≤ 25 and Contract≠Month-to-month → churn 0.00 (n=3)',
      'tenure ≤ 25 and Contract=Month-to-month → churn 1.00 (n=3)',
      'tenure > 25 → churn 0.00 (n=6)',
    ]);
    const big = await fitTree(
      m(Array.from({ length: 1500 }, (_, i) => [i])),
      new Float32Array(1500).fill(2),
      {
        task: 'regression',
      },
    );
    expect(treeRules(big, ['x'])).toEqual(['all rows → mean 2 (n=1,500)']);
  });

  it('is deterministic: same data, same JSON', async () => {
    const a = await fitTree(m(xorRows), xorY, { task: 'classification', seed: 1 });
    const b = await fitTree(m(xorRows), xorY, { task: 'classification', seed: 1 });
    expect(modelToJson(a)).toBe(modelToJson(b));
  });

  it('refuses NaN features (sklearn 1.2 trees do too)', async () => {
    await expect(
      fitTree(m([[NaN], [1]]), Float32Array.from([0, 1]), { task: 'classification' }),
    ).rejects.toThrow(/impute/);
  });
});
