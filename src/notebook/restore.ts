import { AppError } from '../lib/errors';
import { asCaseId, asCellId, type CellId } from './ids';
import type { CleanStep } from './clean-types';
import { parseChartSpec } from './chart-parse';
import { parseCleanStep } from './clean-validate';
import { evaluateConfigSchema } from './evaluate-validate';
import * as v from 'valibot';
import { featureEncodingSchema } from './feature-validate';
import { briefConfig, parseAt, profileConfig } from './schema';
import { splitSpecSchema, trainConfigSchema } from './train-validate';
import {
  CASE_SCHEMA_VERSION,
  type Case,
  type Cell,
  type CleanConfig,
  type CsvOptions,
  type ReportSettings,
  type SourceFile,
  type SourceFormat,
} from './types';

/*
 * Loading is always `restoreCase(migrateCase(raw))`, from IndexedDB or from an imported file.
 * Nothing from `raw` is copied wholesale: every field is read, checked and rebuilt, so keys such
 * as `__proto__` never reach a live object.
 */

type Migration = (raw: Record<string, unknown>) => Record<string, unknown>;

/** migrations[n] turns schema n into schema n + 1. Version 1 is the first: none yet. */
const migrations: Readonly<Record<number, Migration>> = {};

export function migrateCase(raw: unknown): unknown {
  let doc = record(raw, 'case');
  let version = doc['schemaVersion'];
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw invalid('case.schemaVersion is missing: this is not a Casebook case.');
  }
  if (version > CASE_SCHEMA_VERSION) {
    throw invalid(
      `This case was saved by a newer version of Casebook (schema ${version}); update the app to open it.`,
    );
  }
  while (version < CASE_SCHEMA_VERSION) {
    const migrate = migrations[version];
    if (!migrate) throw invalid(`No migration from case schema ${version}.`);
    doc = migrate(doc);
    version += 1;
  }
  return doc;
}

export interface Restored {
  readonly case: Case;
  readonly warnings: string[];
}

export function restoreCase(raw: unknown, newId: () => string = () => crypto.randomUUID()): Restored {
  const doc = record(raw, 'case');
  const warnings: string[] = [];
  const title = optionalText(doc['title'], 'case.title') ?? '';
  const cellsRaw = doc['cells'];
  if (!Array.isArray(cellsRaw)) throw invalid('case.cells is not a list');
  const seen = new Set<string>();
  const cells: Cell[] = [];
  cellsRaw.forEach((item: unknown, i: number) => {
    const cell = restoreCell(item, `cells[${i}]`, warnings);
    if (!cell) return;
    if (seen.has(cell.id)) {
      const id: CellId = asCellId(`cell-${newId()}`);
      warnings.push(`Two cells shared the id ${cell.id}; one was given a new id.`);
      cells.push({ ...cell, id });
    } else {
      cells.push(cell);
    }
    seen.add(cell.id);
  });
  const report = reportSettings(doc['report'], seen);
  return {
    case: {
      schemaVersion: CASE_SCHEMA_VERSION,
      id: asCaseId(text(doc['id'], 'case.id', true)),
      title: title.trim() === '' ? 'Untitled case' : title,
      cells,
      createdAt: text(doc['createdAt'], 'case.createdAt', true),
      updatedAt: text(doc['updatedAt'], 'case.updatedAt', true),
      ...(report ? { report } : {}),
    },
    warnings,
  };
}

/** The report's settings: optional (older cases have none); ids of cells that are gone are dropped. */
function reportSettings(raw: unknown, cellIds: ReadonlySet<string>): ReportSettings | null {
  if (raw === undefined || raw === null) return null;
  const report = record(raw, 'case.report');
  const summary = optionalText(report['summary'], 'case.report.summary') ?? '';
  const listed = report['cells'];
  if (listed === undefined || listed === null) return { summary, cells: null };
  const ids = textList(listed, 'case.report.cells');
  // A deleted cell stays listed until the report is next edited: dropped here without a warning.
  const kept = [...new Set(ids)].filter((id) => cellIds.has(id));
  return { summary, cells: kept.map(asCellId) };
}

function restoreCell(raw: unknown, path: string, warnings: string[]): Cell | null {
  const cell = record(raw, path);
  const id = asCellId(text(cell['id'], `${path}.id`, true));
  const config = record(cell['config'], `${path}.config`);
  const reads = cell['reads'] === undefined ? [] : textList(cell['reads'], `${path}.reads`);
  const kind = cell['kind'];
  switch (kind) {
    case 'markdown':
      return { id, kind, reads, config: { text: text(config['text'], `${path}.config.text`) } };
    case 'sql':
      return {
        id,
        kind,
        reads,
        config: {
          sql: text(config['sql'], `${path}.config.sql`),
          output: text(config['output'], `${path}.config.output`, true),
          materialize: config['materialize'] === 'view' ? 'view' : 'table',
        },
      };
    case 'source':
      return {
        id,
        kind,
        reads,
        config: {
          output: text(config['output'], `${path}.config.output`, true),
          note: optionalText(config['note'], `${path}.config.note`) ?? '',
          file:
            config['file'] === null || config['file'] === undefined
              ? null
              : sourceFile(config['file'], `${path}.config.file`),
          csv: csvOptions(config['csv']),
        },
      };
    case 'profile': {
      const profile = parseAt(profileConfig, config, `${path}.config`);
      return {
        id,
        kind,
        reads,
        config: { ...profile, target: profile.target === '' ? null : profile.target },
      };
    }
    case 'clean':
      return { id, kind, reads, config: cleanConfig(config, `${path}.config`, warnings) };
    case 'brief':
      return { id, kind, reads, config: parseAt(briefConfig, config, `${path}.config`) };
    case 'chart': {
      const spec = config['spec'];
      return {
        id,
        kind,
        reads,
        config: {
          input: text(config['input'] ?? '', `${path}.config.input`).trim(),
          spec: spec === null || spec === undefined ? null : parseChartSpec(spec),
        },
      };
    }
    case 'features':
      return { id, kind, reads, config: parseAt(featuresConfig, config, `${path}.config`) };
    case 'train':
      return { id, kind, reads, config: parseAt(trainConfigSchema, config, `${path}.config`) };
    case 'evaluate':
      return { id, kind, reads, config: parseAt(evaluateConfigSchema, config, `${path}.config`) };
    default:
      warnings.push(`${path} is of a kind this version does not know (${String(kind)}); it was left out.`);
      return null;
  }
}

function cleanConfig(
  config: Readonly<Record<string, unknown>>,
  path: string,
  warnings: string[],
): CleanConfig {
  const raw = config['steps'] ?? [];
  if (!Array.isArray(raw)) throw invalid(`${path}.steps is not a list`);
  const steps: CleanStep[] = [];
  const ids = new Set<string>();
  raw.forEach((item: unknown, i) => {
    const step = parseCleanStep(item);
    if (step === null) {
      warnings.push(`${path}.steps[${i}] is not a cleaning step this version knows; it was left out.`);
    } else if (ids.has(step.id)) {
      warnings.push(`${path}.steps[${i}] repeats the id ${step.id}; it was left out.`);
    } else {
      ids.add(step.id);
      steps.push(step);
    }
  });
  return {
    input: text(config['input'] ?? '', `${path}.input`).trim(),
    output: text(config['output'], `${path}.output`, true),
    steps,
  };
}

const FORMATS: readonly SourceFormat[] = ['csv', 'parquet', 'json', 'ndjson'];

function sourceFile(raw: unknown, path: string): SourceFile {
  const file = record(raw, path);
  const sha256 = text(file['sha256'], `${path}.sha256`);
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw invalid(`${path}.sha256 is not a SHA-256 digest`);
  const format = FORMATS.find((f) => f === file['format']);
  if (!format) throw invalid(`${path}.format is not one of ${FORMATS.join(', ')}`);
  const sizeBytes = file['sizeBytes'];
  if (typeof sizeBytes !== 'number' || !Number.isFinite(sizeBytes) || sizeBytes < 0) {
    throw invalid(`${path}.sizeBytes is not a size`);
  }
  return {
    sha256,
    format,
    sizeBytes,
    name: text(file['name'], `${path}.name`, true),
    importedAt: text(file['importedAt'], `${path}.importedAt`, true),
  };
}

const DELIMITERS: readonly CsvOptions['delimiter'][] = ['auto', ',', ';', '\t', '|'];

function csvOptions(raw: unknown): CsvOptions {
  const options = raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? raw : {};
  const delimiter = DELIMITERS.find((d) => d === Reflect.get(options, 'delimiter')) ?? 'auto';
  return {
    delimiter,
    header: Reflect.get(options, 'header') !== false,
    skipBadRows: Reflect.get(options, 'skipBadRows') === true,
  };
}

function record(raw: unknown, path: string): Record<string, unknown> {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    throw invalid(`${path} is not an object`);
  const copy: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const key of Object.keys(raw)) {
    if (key === '__proto__' || key === 'constructor' || key === 'prototype') continue;
    copy[key] = Reflect.get(raw, key);
  }
  return copy;
}

function text(raw: unknown, path: string, nonEmpty = false): string {
  if (typeof raw !== 'string') throw invalid(`${path} is not text`);
  if (nonEmpty && raw.trim() === '') throw invalid(`${path} is empty`);
  return raw;
}

function optionalText(raw: unknown, path: string): string | undefined {
  return raw === undefined || raw === null ? undefined : text(raw, path);
}

function textList(raw: unknown, path: string): string[] {
  if (!Array.isArray(raw)) throw invalid(`${path} is not a list`);
  return raw.map((item: unknown, i: number) => text(item, `${path}[${i}]`));
}

function invalid(detail: string): AppError {
  return new AppError('invalid-document', `This case cannot be opened: ${detail}.`.replace(/\.\.$/, '.'));
}

const featuresConfig = v.object({
  input: v.optional(v.pipe(v.string('is not text'), v.trim()), ''),
  output: v.pipe(v.string('is not text'), v.trim(), v.nonEmpty('is empty')),
  features: v.array(featureEncodingSchema, 'is not a list'),
  split: splitSpecSchema,
});
