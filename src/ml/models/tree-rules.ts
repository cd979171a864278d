import type { TreeModel } from './tree';

export interface TreeRulesOptions {
  /** Names the leaf value: "churn" gives "→ churn 0.52". Default "rate" (classification) or "mean". */
  readonly target?: string;
}

/** What one root-to-leaf path says about one feature. */
interface FeatureCondition {
  lower: number | null;
  upper: number | null;
  /** For one-hot columns ("Contract=Month-to-month"): is it that level (true) or not (false)? */
  isLevel: boolean | null;
}

function formatNumber(v: number): string {
  return String(Number(v.toPrecision(4)));
}

/** One-hot columns are named "column=level" and split at a threshold strictly between 0 and 1. */
function isOneHot(name: string, threshold: number): boolean {
  return name.includes('=') && threshold > 0 && threshold < 1;
}

function render(name: string, c: FeatureCondition): string {
  if (c.isLevel !== null) return c.isLevel ? name : name.replace('=', '≠');
  if (c.lower !== null && c.upper !== null)
    return `${formatNumber(c.lower)} < ${name} ≤ ${formatNumber(c.upper)}`;
  if (c.upper !== null) return `${name} ≤ ${formatNumber(c.upper)}`;
  return `${name} > ${formatNumber(c.lower ?? 0)}`;
}

/** Tightens the condition on `feature` with one more split on the path. */
function narrow(c: FeatureCondition, name: string, threshold: number, goesLeft: boolean): void {
  if (isOneHot(name, threshold)) c.isLevel = !goesLeft;
  else if (goesLeft) c.upper = c.upper === null ? threshold : Math.min(c.upper, threshold);
  else c.lower = c.lower === null ? threshold : Math.max(c.lower, threshold);
}

function leafRule(tree: TreeModel, path: number[], names: readonly string[], target: string): string {
  const { nodes } = tree;
  const conditions = new Map<number, FeatureCondition>();
  for (let k = 0; k + 1 < path.length; k++) {
    const node = path[k] ?? 0;
    const feature = nodes.feature[node] ?? 0;
    const c = conditions.get(feature) ?? { lower: null, upper: null, isLevel: null };
    conditions.set(feature, c);
    narrow(c, names[feature] ?? `x${feature}`, nodes.threshold[node] ?? 0, nodes.left[node] === path[k + 1]);
  }
  const leaf = path[path.length - 1] ?? 0;
  const parts = [...conditions].map(([feature, c]) => render(names[feature] ?? `x${feature}`, c));
  const value = nodes.value[leaf] ?? 0;
  const shown = tree.task === 'classification' ? value.toFixed(2) : formatNumber(value);
  const n = (nodes.count[leaf] ?? 0).toLocaleString('en-US');
  return `${parts.length === 0 ? 'all rows' : parts.join(' and ')} → ${target} ${shown} (n=${n})`;
}

/**
 * One readable rule per leaf, left to right:
 * "tenure ≤ 17.5 and Contract=Month-to-month → churn 0.52 (n=1,234)".
 * Repeated splits on a feature merge into one range; one-hot columns read as "=" / "≠".
 */
export function treeRules(
  tree: TreeModel,
  featureNames: readonly string[],
  options: TreeRulesOptions = {},
): string[] {
  const target = options.target ?? (tree.task === 'classification' ? 'rate' : 'mean');
  const rules: string[] = [];
  const walk = (path: number[]): void => {
    const node = path[path.length - 1] ?? 0;
    if ((tree.nodes.feature[node] ?? -1) < 0) {
      rules.push(leafRule(tree, path, featureNames, target));
      return;
    }
    walk([...path, tree.nodes.left[node] ?? 0]);
    walk([...path, tree.nodes.right[node] ?? 0]);
  };
  if (tree.nodes.feature.length > 0) walk([0]);
  return rules;
}
