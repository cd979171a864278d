import type { TreeModel, TreeNodes } from './tree';
import type { MulticlassTreeModel } from './tree-multiclass';

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

type Links = Pick<TreeNodes, 'feature' | 'threshold' | 'left' | 'right'>;

/** The conditions of one root-to-leaf path, merged per feature: "tenure ≤ 17.5 and Contract=…". */
function pathConditions(nodes: Links, path: number[], names: readonly string[]): string {
  const conditions = new Map<number, FeatureCondition>();
  for (let k = 0; k + 1 < path.length; k++) {
    const node = path[k] ?? 0;
    const feature = nodes.feature[node] ?? 0;
    const c = conditions.get(feature) ?? { lower: null, upper: null, isLevel: null };
    conditions.set(feature, c);
    narrow(c, names[feature] ?? `x${feature}`, nodes.threshold[node] ?? 0, nodes.left[node] === path[k + 1]);
  }
  const parts = [...conditions].map(([feature, c]) => render(names[feature] ?? `x${feature}`, c));
  return parts.length === 0 ? 'all rows' : parts.join(' and ');
}

function leafRule(tree: TreeModel, path: number[], names: readonly string[], target: string): string {
  const { nodes } = tree;
  const leaf = path[path.length - 1] ?? 0;
  const value = nodes.value[leaf] ?? 0;
  const shown = tree.task === 'classification' ? value.toFixed(2) : formatNumber(value);
  const n = (nodes.count[leaf] ?? 0).toLocaleString('en-US');
  return `${pathConditions(nodes, path, names)} → ${target} ${shown} (n=${n})`;
}

/** Every root-to-leaf path, left to right. */
function leafPaths(nodes: Links): number[][] {
  const paths: number[][] = [];
  const walk = (path: number[]): void => {
    const node = path[path.length - 1] ?? 0;
    if ((nodes.feature[node] ?? -1) < 0) {
      paths.push(path);
      return;
    }
    walk([...path, nodes.left[node] ?? 0]);
    walk([...path, nodes.right[node] ?? 0]);
  };
  if (nodes.feature.length > 0) walk([0]);
  return paths;
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
  return leafPaths(tree.nodes).map((path) => leafRule(tree, path, featureNames, target));
}

export interface MulticlassLeafRule {
  /** The class the leaf predicts (its largest share; the first class on a tie, as arg-max). */
  readonly class: string;
  readonly share: number;
  /** "bill_length_mm ≤ 42.35 → Adelie 0.97, Chinstrap 0.03 (n=146)". */
  readonly rule: string;
}

/**
 * One rule per leaf, left to right: the conditions, the predicted class and its share, then the
 * other classes with a share of at least 0.005, largest first (at most three classes shown).
 */
export function multiclassTreeRules(
  tree: MulticlassTreeModel,
  featureNames: readonly string[],
): MulticlassLeafRule[] {
  const k = tree.classes.length;
  return leafPaths(tree.nodes).map((path): MulticlassLeafRule => {
    const leaf = path[path.length - 1] ?? 0;
    const shares = tree.classes.map((name, c) => ({ name, c, share: tree.nodes.value[leaf * k + c] ?? 0 }));
    const ranked = [...shares].sort((a, b) => b.share - a.share || a.c - b.c);
    const shown = ranked.filter((s, i) => i === 0 || s.share >= 0.005).slice(0, 3);
    const n = (tree.nodes.count[leaf] ?? 0).toLocaleString('en-US');
    const mix = shown.map((s) => `${s.name} ${s.share.toFixed(2)}`).join(', ');
    const top = ranked[0] ?? { name: '', share: 0 };
    return {
      class: top.name,
      share: top.share,
      rule: `${pathConditions(tree.nodes, path, featureNames)} → ${mix} (n=${n})`,
    };
  });
}

/** The rules grouped by the class they predict, in class order; each group's purest leaf first. */
export function treeRulesByClass(
  tree: MulticlassTreeModel,
  featureNames: readonly string[],
): { readonly class: string; readonly rules: string[] }[] {
  const rules = multiclassTreeRules(tree, featureNames);
  return tree.classes.map((name) => ({
    class: name,
    rules: rules
      .filter((r) => r.class === name)
      .sort((a, b) => b.share - a.share)
      .map((r) => r.rule),
  }));
}
