import type { ImportSummary } from '../storage/workspace-file';

const count = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** What an import did, for people: what was added, and what was already here and kept. */
export function importMessage(summary: ImportSummary): string {
  const { cases, files, runs, notes, models, exports, evaluations } = summary;
  const added = [
    count(cases.added, 'case'),
    count(files.added, 'file'),
    count(runs.added, 'run'),
    count(notes.added, 'run note'),
    ...(models.added > 0 ? [count(models.added, 'model version')] : []),
    // Named only when there are some: most files hold no export record.
    ...(exports.added > 0 ? [count(exports.added, 'export record')] : []),
    ...(evaluations.added > 0 ? [count(evaluations.added, 'evaluation record')] : []),
  ];
  const kept = [
    cases.kept > 0 ? count(cases.kept, 'case') : null,
    files.kept > 0 ? count(files.kept, 'file') : null,
    runs.kept > 0 ? count(runs.kept, 'run') : null,
    notes.kept > 0 ? count(notes.kept, 'run note') : null,
    models.kept > 0 ? count(models.kept, 'model version') : null,
    exports.kept > 0 ? count(exports.kept, 'export record') : null,
    evaluations.kept > 0 ? count(evaluations.kept, 'evaluation record') : null,
  ].filter((k): k is string => k !== null);
  const first = `Imported ${added.slice(0, -1).join(', ')} and ${added.at(-1) ?? ''}.`;
  return kept.length === 0
    ? first
    : `${first} Already in this browser, and kept as they are here: ${kept.join(', ')}.`;
}

/** The name of an exported workspace file: the date of the export, in UTC. */
export function workspaceFileName(exportedAt: string): string {
  return `casebook-workspace-${exportedAt.slice(0, 10)}.casebook`;
}
