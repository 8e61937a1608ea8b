import { CONFLICT_REASONS, TOKEN_SKIP_REASONS, type ImportReport, type TokenSkipReason } from './import';

/** The report as the command prints it: what happened, conflicts one per line, then a summary table. */
export function formatReport(report: ImportReport): string {
  const lines: string[] = [`LoopBack 3 import from ${report.source}${report.dryRun ? ' (dry run)' : ''}`, ''];
  if (report.conflicts.length > 0) {
    lines.push(`Conflicts (${report.conflicts.length}):`);
    const width = Math.max(11, ...report.conflicts.map((c) => c.loopbackId.length));
    lines.push(`  ${'LoopBack id'.padEnd(width)}  reason`);
    for (const c of report.conflicts) {
      lines.push(`  ${c.loopbackId.padEnd(width)}  ${c.reason}: ${CONFLICT_REASONS[c.reason]}${c.detail ? ` — ${c.detail}` : ''}`);
    }
    lines.push('');
  }
  const rows: [string, number | string][] = [
    ['users read', report.users.read],
    [report.dryRun ? 'users to import' : 'users imported', report.users.imported],
    ['users already imported', report.users.alreadyImported],
    ['users skipped (conflicts)', report.users.conflicts],
    ['tokens read', report.tokens.read],
    [report.dryRun ? 'tokens to import' : 'tokens imported', report.tokens.imported],
    ['tokens already imported', report.tokens.alreadyImported],
    ...Object.entries(report.tokens.skipped).map(([reason, n]): [string, number] => [
      `tokens skipped: ${TOKEN_SKIP_REASONS[reason as TokenSkipReason]}`,
      n,
    ]),
    ['time', `${report.seconds.toFixed(2)} s`],
  ];
  const label = Math.max(...rows.map(([l]) => l.length));
  for (const [l, v] of rows) lines.push(`  ${l.padEnd(label)}  ${String(v).padStart(9)}`);
  lines.push('');
  const carried = Object.entries(report.notCarried);
  if (carried.length > 0) {
    lines.push(
      `Not carried (Latchkey has no column for them): ${carried.map(([name, n]) => `${name} (${n} user${n === 1 ? '' : 's'})`).join(', ')}.`,
    );
  }
  if (report.users.pendingVerification > 0) {
    lines.push(
      `${report.users.pendingVerification} unverified user(s) had a pending LoopBack verification link; it is not carried (LoopBack stores it in clear): they ask for a new one.`,
    );
  }
  lines.push(summary(report));
  return lines.join('\n');
}

function summary(report: ImportReport): string {
  if (report.status === 'stopped') {
    return `Stopped: ${report.conflicts.length} conflict(s), nothing written. Resolve them in LoopBack, or run again with --skip-conflicts to leave those users behind.`;
  }
  if (report.status === 'nothing_new') return `Nothing new to import${report.dryRun ? '' : '; nothing written'}.`;
  const what = `${report.users.imported} user(s) and ${report.tokens.imported} token(s)`;
  return report.dryRun ? `Dry run: would import ${what}; nothing written.` : `Imported ${what}.`;
}
