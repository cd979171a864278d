import { AppError, errorMessage } from '../../lib/errors';
import { parseCostMatrix } from '../../ml/value';
import type { FeatureSpec } from '../feature-types';
import type { MetricValues, RunBatch, StoredModel, StoredRun } from '../runs';
import type { BriefConfig } from '../types';
import {
  bundleKindOf,
  type BundleContents,
  type BundleDecision,
  type BundleLineage,
  type BundledModel,
  type InputSchema,
  type ModelEvaluation,
} from './types';

/*
 * What a bundle takes from a stored run and its batch: the fitted feature spec and the input
 * table (from the lineage's features cell), the preparation SQL and the source files (from the
 * lineage's data cells), the model and its metrics. Everything that needs an engine (the input
 * profile, the generated SQL) comes in ready: src/data/score/bundle.ts puts the pieces together.
 */

/** A stored run to be written as a bundle, with what the Models view decides about it. */
export interface RunForBundle {
  readonly caseId: string;
  readonly caseTitle: string;
  readonly batch: RunBatch;
  readonly run: StoredRun;
  /** The run's fitted model (its `RunArtifact.model`). */
  readonly model: StoredModel;
  /** Its version in the registry; null when it is not registered. */
  readonly version: number | null;
  /** The brief's positive class, outcome values and unit costs (`decisionFromBrief`), and the chosen threshold. */
  readonly decision: BundleDecision;
  /** The evaluation that justified it; null when it was not evaluated. */
  readonly evaluation: ModelEvaluation | null;
}

function refused(message: string): AppError {
  return new AppError('invalid-document', `This run cannot be written as a model bundle: ${message}`);
}

/** The fitted feature spec of the run and the table it was made from, read off the lineage. */
export function fittedFeatures(batch: RunBatch): { spec: FeatureSpec; input: string } {
  const link = batch.lineage.links.find(
    (l) => l.cell.kind === 'features' && l.cell.config.output === batch.data.input,
  );
  if (!link || link.cell.kind !== 'features') {
    throw refused(`its lineage has no Features cell that made "${batch.data.input}".`);
  }
  if (link.fitted === null) {
    throw refused(
      'the fitted feature values were not recorded with it. Train it again, then promote the new run.',
    );
  }
  const brief = batch.lineage.links.find((l) => l.cell.kind === 'brief');
  const own = link.cell.config.input.trim();
  const input = own !== '' ? own : brief?.cell.kind === 'brief' ? brief.cell.config.input : '';
  if (input.trim() === '') throw refused('its Features cell names no input table.');
  return { spec: link.fitted, input };
}

/** The source files and the SQL of every data cell upstream of the run, upstream first. */
export function provenance(batch: RunBatch): Pick<BundleLineage, 'sources' | 'preparation'> {
  const sources: BundleLineage['sources'][number][] = [];
  const preparation: BundleLineage['preparation'][number][] = [];
  for (const link of batch.lineage.links) {
    const cell = link.cell;
    if (cell.kind === 'source' && cell.config.file) {
      sources.push({
        table: cell.config.output,
        fileName: cell.config.file.name,
        sha256: cell.config.file.sha256,
      });
    } else if (cell.kind === 'sql') {
      preparation.push({ table: cell.config.output, label: 'SQL cell', sql: cell.config.sql });
    } else if (cell.kind === 'clean' && link.sql !== null) {
      preparation.push({
        table: cell.config.output,
        label: `Clean cell on ${cell.config.input}`,
        sql: link.sql,
      });
    }
  }
  return { sources, preparation };
}

/**
 * The decision part of a bundle from the case's brief and the chosen threshold (binary only).
 * Multiclass: the brief's cost matrix, read against the target's `classes` (sorted, as the
 * features encode them), when it has one; a matrix with a missing cell is refused, saying which.
 */
export function decisionFromBrief(
  brief: Pick<BriefConfig, 'task' | 'positive' | 'values' | 'unitCost' | 'costs'>,
  threshold: number | null,
  classes: readonly string[] = [],
): BundleDecision {
  switch (brief.task) {
    case 'binary':
      return { task: 'binary', positive: brief.positive, threshold, values: brief.values, unitCost: null };
    case 'regression':
      return { task: 'regression', positive: null, threshold: null, values: null, unitCost: brief.unitCost };
    case 'multiclass': {
      const base = {
        task: 'multiclass',
        positive: null,
        threshold: null,
        values: null,
        unitCost: null,
      } as const;
      if (brief.costs === null) return base;
      try {
        return { ...base, costs: parseCostMatrix(brief.costs, classes) };
      } catch (e: unknown) {
        throw refused(`${errorMessage(e)} Fix it in the Brief cell.`);
      }
    }
  }
}

/** The run's metrics without the ones it could not compute (a bundle holds finite numbers or null). */
function finiteMetrics(metrics: MetricValues): MetricValues {
  const out: Record<string, number | null> = {};
  for (const [key, value] of Object.entries(metrics))
    out[key] = value === null || value === undefined || Number.isFinite(value) ? (value ?? null) : null;
  return out;
}

const KIND_NAMES: Record<BundleContents['model']['kind'], string> = {
  baseline: 'Baseline',
  logistic: 'Logistic regression',
  linear: 'Linear regression',
  tree: 'Decision tree',
  gbdt: 'Gradient-boosted trees',
  mlp: 'Neural network',
};

/** Everything of a bundle but its format and hash. */
export function bundleContents(
  source: RunForBundle,
  parts: {
    readonly input: InputSchema;
    readonly spec: FeatureSpec;
    readonly featureSql: string;
    readonly createdAt: string;
    readonly appVersion: string;
  },
): BundleContents {
  const { batch, run } = source;
  if (run.status !== 'done') throw refused(`it did not finish (${run.status}).`);
  const model: BundledModel = source.model;
  const kind = bundleKindOf(model);
  const task = batch.framing.task;
  const classes = parts.spec.classes;
  if (task === 'multiclass' && (classes === undefined || classes.length < 2)) {
    throw refused(
      'its fitted features do not name the target’s classes. Train it again, then promote the new run.',
    );
  }
  return {
    createdAt: parts.createdAt,
    appVersion: parts.appVersion,
    model: {
      name: `${source.caseTitle} — ${run.label || KIND_NAMES[kind]}`.slice(0, 1000),
      version: source.version,
      kind,
      task,
      featureNames: batch.data.featureNames,
      ...(task === 'multiclass' && classes !== undefined ? { classes } : {}),
      artifact: model,
    },
    features: { spec: parts.spec, sql: parts.featureSql },
    input: parts.input,
    decision: source.decision,
    evaluation: source.evaluation,
    metrics: finiteMetrics(run.metrics),
    lineage: {
      caseId: source.caseId,
      caseTitle: source.caseTitle.slice(0, 10_000),
      runId: run.id,
      runLabel: run.label,
      trainedAt: batch.finishedAt,
      trainedWith: batch.appVersion,
      dataFingerprint: batch.data.fingerprint,
      ...provenance(batch),
    },
  };
}
