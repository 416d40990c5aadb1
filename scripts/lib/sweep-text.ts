/** The sweep's report as people read it in a terminal: counts first, then each group's findings with why and undo. Pure. */
import type { SweepReport } from '../../shared/sweep/security-groups';

/** The lines `npm run sweep` prints. */
export function sweepText(report: SweepReport): string[] {
  const { counts, target } = report;
  const lines = [
    `Sweep of security groups in account ${target.account}, region ${target.region} (${report.mode} mode, ${report.time})`,
    `${report.scanned} group(s) checked: ${counts.remediated} fixed, ${counts.failed} failed, ${counts.reported} reported, ${counts.skipped} exempt, ${counts['already-compliant']} compliant`,
    `World-open rules to revoke: ${report.writesNeeded} (write cap ${report.writeCap})`,
  ];
  if (report.capped) lines.push(`WRITE CAP REACHED: ${report.writesNeeded} world-open rule(s) > write cap ${report.writeCap}: NOTHING WAS REVOKED. Check them, then revoke by hand or raise --write-cap / SWEEP_WRITE_CAP.`);
  for (const group of report.groups) {
    lines.push('', `${group.groupId}${group.groupName ? ` (${group.groupName})` : ''}: ${group.outcome}${group.error ? `: ${group.error}` : ''}`);
    for (const action of group.actions) {
      const summary = (action.before as { summary?: string } | undefined)?.summary ?? action.target;
      lines.push(`  ${action.status === 'planned' ? 'would revoke' : action.status}: ${summary} -- ${action.why ?? ''}`.trimEnd());
      if (action.status === 'done' && action.undo) lines.push(`    undo: ${action.undo}`);
      if (action.status === 'planned' && action.command) lines.push(`    revoke: ${action.command}`);
    }
    for (const kept of group.kept) lines.push(`  kept: ${kept.what} -- ${kept.reason}`);
  }
  return lines;
}
