import { describeStep } from '../../data/clean/describe';
import type { CellOf } from '../../notebook/types';
import type { PreparationSection } from '../../report';
import type { ReportContext } from '../unit';
import type { CleanOutput } from './run';
import { reportLine } from './view';

/** The steps as sentences, with what each did when the cell ran. */
export function cleanSection(
  cell: CellOf<'clean'>,
  { heading, output }: ReportContext<CleanOutput>,
): PreparationSection | null {
  if (cell.config.steps.length === 0) return null;
  const reports = new Map(output?.reports.map((r) => [r.stepId, r]) ?? []);
  return {
    kind: 'preparation',
    heading,
    output: cell.config.output,
    steps: cell.config.steps.map((step) => {
      const report = reports.get(step.id);
      return {
        text: describeStep(step),
        enabled: step.enabled,
        detail: report && step.enabled ? reportLine(report) : null,
      };
    }),
    sql: output?.sql ?? '',
    rows: output?.result.rowCount ?? null,
  };
}
