/**
 * The probe's report as text lines (the CLI prints them, the TUI shows them): a badssl-style table of cases, then
 * what the server showed of itself. Pure.
 */
import { meaningOf } from '../lab/tls-facts.js';
import type { CaseResult, ProbeReport, Support } from './probe.js';

const MARK: Record<CaseResult['verdict'], string> = { pass: '✓', fail: '✗', local: '·', 'no-verdict': '?', 'n/a': '-', skipped: '-' };

export interface ProbeTextContext {
  lessonTitles: ReadonlyMap<string, string>;
  labCommand: (id: string) => string;
}

const yesNo = (value: boolean | null, yes = 'yes', no = 'no', unknown = 'unknown') => (value === null ? unknown : value ? yes : no);

function supportLine(items: Support[]): string {
  const label = (name: string) => (name === 'TLSv1' ? '1.0' : name.replace(/^TLSv/, ''));
  return items.map((item) => `${label(item.name)} ${item.accepted === null ? `(${item.note ?? 'no verdict'})` : item.accepted ? '✓' : '✗'}`).join('  ');
}

export function probeLines(report: ProbeReport, context: ProbeTextContext): string[] {
  const lines: string[] = [];
  const versions = [...new Set(report.cases.map((c) => c.tls))].join(' and ');
  lines.push(`Probed ${report.target}${report.servername ? ` (servername ${report.servername})` : ''} as ${new Set(report.cases.map((c) => c.id)).size} kinds of client, over TLS ${versions}.`);
  lines.push(`Client certificates are signed by ${report.clientCa}: the server must trust that file for client certificates.`);
  lines.push('');
  const titleWidth = Math.max(...report.cases.map((c) => c.title.length), 4);
  const didWidth = Math.min(58, Math.max(...report.cases.map((c) => c.did.length), 10));
  lines.push(`  ${'case'.padEnd(titleWidth)}  TLS  ${'what the server did'.padEnd(didWidth)}  a correct mTLS server`);
  const ids = [...new Set(report.cases.map((c) => c.id))];
  for (const id of ids) {
    const rows = report.cases.filter((c) => c.id === id);
    rows.forEach((c, i) => lines.push(`${MARK[c.verdict]} ${(i === 0 ? c.title : '').padEnd(titleWidth)}  ${c.tls}  ${c.did.padEnd(didWidth)}  ${i === 0 ? c.correct : ''}`.trimEnd()));
    // Each explanation once per case, even when both TLS versions share it.
    for (const explanation of new Set(rows.filter((c) => c.explanation && (c.verdict === 'fail' || c.verdict === 'no-verdict' || c.verdict === 'skipped')).map((c) => `${c.verdict}:${c.explanation}`))) {
      const [verdict, ...rest] = explanation.split(':');
      const c = rows[0]!;
      const see = [c.lab ? `lab: ${context.labCommand(c.lab)}` : null, `lesson "${context.lessonTitles.get(c.lesson) ?? c.lesson}"`].filter(Boolean).join('; ');
      lines.push(`    ${rest.join(':')}${verdict === 'fail' ? ` — see ${see}` : ''}`);
    }
  }

  const s = report.server;
  lines.push('', 'The server');
  const row = (label: string, value: string) => lines.push(`  ${label.padEnd(21)}${value}`);
  const cr = s.certificateRequest;
  row('Certificate request', `TLS 1.2: ${yesNo(cr.tls12, 'sent', 'NOT sent', 'not seen')} · TLS 1.3: ${yesNo(cr.tls13, 'sent', 'NOT sent', 'not seen')}${cr.tls13 !== null ? ' (read by decrypting the handshake with the probe\'s own session keys)' : ''}`);
  if (cr.tls12 === false && cr.tls13 !== true) lines.push('                       ✗ it never asks for a client certificate: it is not doing mTLS');
  if (cr.caNames.length > 0) {
    row('CA names it lists', cr.caNames.join('; '));
    if (cr.listsProbeCa === false) lines.push(`                       the probe's CA is not among them: add ${report.clientCa} to its trusted client CAs`);
  } else if (cr.note) row('CA names it lists', cr.note);
  const chain = s.chain;
  if (chain.sent === 0) row('Chain sent', 'none seen');
  else
    row(
      'Chain sent',
      `${chain.sent} certificate${chain.sent === 1 ? '' : 's'}; in order: ${yesNo(chain.inOrder)}; root included: ${yesNo(chain.rootIncluded, 'yes (not needed: clients have it)', 'no')}; complete: ${yesNo(chain.complete, 'yes', 'NO', 'not checked (give --ca)')}`,
    );
  if (s.leaf) {
    const leaf = s.leaf;
    row('Its certificate', leaf.subject);
    row('  names (SAN)', `${leaf.subjectAltNames.join(', ') || 'none'} — ${leaf.matchesServername ? `matches ${leaf.servername} ✓` : `does NOT match ${leaf.servername} ✗ (clients checking the name refuse it; lab: ${context.labCommand('server-name-mismatch')})`}`);
    row('  extended use', `${leaf.extendedKeyUsage?.join(', ') ?? 'not set (any)'} ${leaf.serverAuth ? '✓' : '✗ no serverAuth: clients refuse it'}`);
    row('  key, expiry', `${leaf.key}; ${leaf.expiresInDays < 0 ? `EXPIRED ${-leaf.expiresInDays} days ago ✗` : `expires in ${leaf.expiresInDays} days${leaf.expiresInDays < 7 ? ' (soon!)' : ''}`}`);
    row('  verified', leaf.verified === null ? 'not checked (give --ca FILE, the CA clients use for this server)' : leaf.verified ? 'against --ca ✓' : `against --ca ✗ ${leaf.verifyError}: ${meaningOf(leaf.verifyError ?? '')}`);
  }
  for (const problem of chain.problems) lines.push(`  ${problem.severity === 'error' ? '✗' : '!'} ${problem.code}: ${problem.message}`);
  row('TLS versions', supportLine(s.versions));
  row('Groups', supportLine(s.groups));

  lines.push('');
  const { pass, fail, noVerdict, notApplicable } = report.summary;
  const judged = pass + fail + noVerdict;
  if (report.ok) lines.push(`✓ All ${pass} judged cases behaved as a correct mTLS server would${notApplicable ? ` (${notApplicable} not judged: not applicable, or refused by the probe itself)` : ''}.`);
  else
    lines.push(
      `✗ ${fail} of ${judged} cases did not behave as a correct mTLS server would${noVerdict ? `; ${noVerdict} gave no verdict (timeouts are not verdicts)` : ''}${notApplicable ? `; ${notApplicable} not judged` : ''}.`,
    );
  return lines;
}
