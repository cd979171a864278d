import { asCaseId, asCellId, type CellId } from './ids';
import { cellKindFacts, factsOf } from './kinds';
import { invalid, optionalText, record, text, textList } from './read';
import {
  asCell,
  CASE_SCHEMA_VERSION,
  type Case,
  type Cell,
  type CellKind,
  type CellOf,
  type ReportSettings,
} from './types';
import { randomId } from '../lib/random-id';

/*
 * Loading is always `restoreCase(migrateCase(raw))`, from IndexedDB or from an imported file.
 * Nothing from `raw` is copied wholesale: every field is read, checked and rebuilt, so keys such
 * as `__proto__` never reach a live object. Each kind rebuilds its own config (kinds/<kind>.ts).
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

export function restoreCase(raw: unknown, newId: () => string = randomId): Restored {
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
  if (!isCellKind(kind)) {
    warnings.push(`${path} is of a kind this version does not know (${String(kind)}); it was left out.`);
    return null;
  }
  return asCell(restoreOf(kind, { id, reads, config, path: `${path}.config`, warnings }));
}

function restoreOf<K extends CellKind>(
  kind: K,
  raw: {
    id: CellId;
    reads: string[];
    config: Readonly<Record<string, unknown>>;
    path: string;
    warnings: string[];
  },
): CellOf<K> {
  const config = factsOf(kind).restore(raw.config, raw.path, raw.warnings);
  return { id: raw.id, kind, reads: raw.reads, config };
}

const isCellKind = (kind: unknown): kind is CellKind =>
  typeof kind === 'string' && Object.hasOwn(cellKindFacts, kind);
