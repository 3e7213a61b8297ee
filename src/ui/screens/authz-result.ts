/** An AuthorizationPolicy lab report as styled rows: the prediction, why, how it was decided, the live request. Pure. */
import type { AuthzLabReport } from '../../policy/authz/lab.js';
import type { AuthzScenario } from '../../policy/scenarios.js';
import { hanging, line, wrapped, type RichLine } from '../text/rich.js';
import { marks, theme } from '../theme.js';

export type AuthzPrediction = 'allowed' | 'denied' | 'refused';

export const AUTHZ_PREDICTION_TEXT: Record<AuthzPrediction, string> = {
  allowed: 'allowed (200)',
  denied: 'denied (403 RBAC: access denied)',
  refused: 'refused (the connection never gets in)',
};

/** What happened live, as the learner was asked it; undefined when the request had no verdict. */
export function liveResult(report: AuthzLabReport): AuthzPrediction | undefined {
  const p = report.live.probe;
  if (p.outcome === 'accepted') return 'allowed';
  if (p.httpStatus === 403 || p.serverError === 'RBAC_ACCESS_DENIED') return 'denied';
  if (p.outcome === 'rejected') return 'refused';
  return undefined;
}

const heading = (text: string) => line(text, { bold: true, color: theme.accent });

export function authzResultLines(report: AuthzLabReport, scenario: AuthzScenario, predicted: AuthzPrediction, width: number): RichLine[] {
  const actual = liveResult(report);
  const right = actual === predicted;
  const out: RichLine[] = [
    ...hanging(
      [{ text: `${right ? marks.ok : marks.fail} `, color: right ? theme.good : theme.bad, bold: true }, { text: 'The request: ', bold: true }],
      `${actual ? AUTHZ_PREDICTION_TEXT[actual] : 'no verdict'} (you said ${predicted}: ${right ? 'right' : 'wrong'})`,
      width,
    ),
    line(''),
    heading('Why'),
    ...wrapped(scenario.explanation, width),
    line(''),
    heading('How the proxy decided'),
    ...report.explanation.flatMap((e) => wrapped(`  ${marks.bullet} ${e}`, width)),
  ];
  if (report.policies.length) {
    out.push(line(''), line('AuthorizationPolicies', { bold: true }));
    for (const p of report.policies) {
      const state = !p.applies ? 'not applied' : p.matched ? 'matches' : 'no match';
      out.push(...hanging([{ text: `  ${state.padEnd(12)}`, color: p.applies ? undefined : theme.muted }], `${p.policy} (${p.action}): ${p.applies ? p.why : p.reason}`, width));
    }
  }
  const probe = report.live.probe;
  const got = probe.httpStatus !== null ? `HTTP ${probe.httpStatus}${probe.httpStatus === 403 ? ' "RBAC: access denied"' : ''}` : (probe.clientError ?? 'nothing');
  out.push(
    line(''),
    heading(`Live on ${report.live.listener.address} (server ${report.live.server.identity})`),
    ...wrapped(`  ${probe.label}: got ${got}`, width, { bold: true }),
    ...wrapped(`  ${probe.reason}`, width),
    line(''),
    ...wrapped(
      report.passed ? `${marks.ok} The live request got what the policies predict.` : `${marks.fail} The live request did not get what the policies predict (see above).`,
      width,
      { color: report.passed ? theme.good : theme.warn },
    ),
  );
  if (report.warnings.length) out.push(line(''), heading('Warnings'), ...report.warnings.flatMap((w) => wrapped(`  ${marks.bullet} ${w}`, width, { color: theme.warn })));
  return out;
}
