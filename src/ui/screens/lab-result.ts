/** A TLS lab result as styled rows: the timeline (revealed item by item), then the verdict and what to learn. Pure. */
import type { Outcome } from '../../lab/types.js';
import { connectionLabel, stepsOf, type CertSummary, type ErrorInfo, type ScenarioResult, type Side, type StepResult, type TimelineEvent } from '../../lab/types.js';
import { hanging, line, wrapped, type RichLine } from '../text/rich.js';
import { marks, theme } from '../theme.js';

export type TimelineItem = { kind: 'step'; index: number; count: number; step: StepResult } | { kind: 'event'; event: TimelineEvent };

/** What the timeline reveals one at a time: every event, with a header before each step of a multi-step scenario. */
export function timelineItems(result: ScenarioResult): TimelineItem[] {
  const steps = stepsOf(result);
  return steps.flatMap((step, index): TimelineItem[] => [
    ...(steps.length > 1 ? [{ kind: 'step' as const, index, count: steps.length, step }] : []),
    ...step.timeline.map((event) => ({ kind: 'event' as const, event })),
  ]);
}

const SIDE_COLOR: Record<Side, string> = { client: theme.accent, server: theme.key };
const ERROR_EVENT = /error|reset|alert/i;

function itemLines(item: TimelineItem, width: number): RichLine[] {
  if (item.kind === 'step') return [line(`Step ${item.index + 1} of ${item.count}: ${item.step.label}`, { bold: true })];
  const { t, side, event, detail } = item.event;
  const prefix: RichLine = [{ text: `${t.toFixed(1).padStart(7)} ms  `, color: theme.muted }, { text: side.padEnd(7), color: SIDE_COLOR[side] }];
  return hanging(prefix, detail ? `${event}: ${detail}` : event, width, ERROR_EVENT.test(event) ? { color: theme.bad } : {});
}

/** The first `shown` timeline items as rows, under a heading. */
export function timelineLines(result: ScenarioResult, shown: number, width: number): RichLine[] {
  const items = timelineItems(result);
  return [
    line(`Timeline · ${connectionLabel(result)} on 127.0.0.1${result.server === 'openssl' ? ' · server: openssl s_server' : ''} · ${result.durationMs} ms`, { bold: true }),
    ...items.slice(0, shown).flatMap((item) => itemLines(item, width)),
  ];
}

const upper = (o: Outcome) => o.toUpperCase();
const errorText = (e: ErrorInfo) => (e.message && e.message !== e.code ? `${e.code}: ${e.message}` : e.code);

function certText(c: CertSummary): string {
  const sans = c.subjectAltNames.length > 0 ? `, SAN ${c.subjectAltNames.join(', ')}` : '';
  return `${c.subject} issued by ${c.issuer}${sans}, valid ${c.validFrom.slice(0, 10)} to ${c.validTo.slice(0, 10)}`;
}

/** Codes, alert and reason of one handshake. */
function stepDetails(step: StepResult, width: number): RichLine[] {
  const out: RichLine[] = [];
  const label = (name: string, text: string, style = {}) => out.push(...hanging([{ text: `${name}: `, bold: true }], text, width, style));
  label('Outcome', step.outcome === 'accepted' ? 'ACCEPTED: both sides verified each other' : `REJECTED by the ${step.rejectedBy ?? 'connection'}`, {
    color: step.outcome === 'accepted' ? theme.good : theme.bad,
  });
  label('Why', step.reason);
  if (step.authorizationError) label("Server's check of the client certificate", step.authorizationError, { color: theme.bad });
  if (step.clientAuthorizationError) label("Client's check of the server certificate", step.clientAuthorizationError, { color: theme.bad });
  if (step.serverError) label('Server error', errorText(step.serverError));
  if (step.clientError) label('Client error', errorText(step.clientError));
  if (step.alert) label('TLS alert', `${step.alert.name} (${step.alert.number}), sent by the ${step.alert.sentBy}`);
  if (step.protocol) {
    const early = step.clientSawSecureConnect && step.outcome === 'rejected' ? ' (the client finished its side of the handshake before the rejection)' : '';
    label('Negotiated', `${step.protocol}${early}`);
  }
  return out;
}

/** Whether the prediction was right, then what really happened and why (codes, alert, reason) for each step. */
export function verdictLines(result: ScenarioResult, predicted: Outcome, width: number): RichLine[] {
  const right = predicted === result.outcome;
  const steps = result.steps ?? [];
  const out: RichLine[] = wrapped(
    right
      ? `${marks.ok} Your prediction was right: ${predicted}.`
      : `${marks.fail} Your prediction was wrong: you said ${predicted}, the handshake was ${result.outcome}.`,
    width,
    { color: right ? theme.good : theme.bad, bold: true },
  );
  if (steps.length > 1) {
    steps.forEach((step, i) => out.push(line(''), line(`Step ${i + 1}: ${step.label}`, { bold: true }), ...stepDetails(step, width)));
  } else {
    out.push(...stepDetails(result, width));
  }
  if (!result.asExpected) out.push(...wrapped(`Note: the lesson expected ${upper(result.expected)}; your TLS stack decided otherwise.`, width, { color: theme.warn }));
  return out;
}

const heading = (text: string) => line(text, { bold: true, color: theme.accent });

/**
 * Which server played and what that means for the alert shown (or not shown), and (when openssl is there) that o
 * runs the lab with the other one. Node's server sends an alert only when OpenSSL inside it refuses the handshake
 * itself (no certificate at all, no version or protocol in common); a certificate it was given is checked after
 * the handshake and refused without one.
 */
export function serverLines(result: ScenarioResult, opensslHere: boolean, width: number): RichLine[] {
  const steps = stepsOf(result);
  const alertFromServer = steps.some((step) => step.alert?.sentBy === 'server');
  const refusedCert = steps.some((step) => step.rejectedBy === 'server' && step.authorizationError !== null);
  const parts: string[] = [];
  if (result.server === 'openssl') {
    parts.push(
      "Server: openssl s_server. It checks the client certificate during the handshake and answers a bad one with a TLS alert, as Envoy does. Its events in the timeline are the lines it printed, timed when they were read. Press o to run it against Node's server again.",
    );
  } else {
    if (alertFromServer)
      parts.push(
        "Server: Node's. This alert came from OpenSSL inside it, which refuses a handshake itself when the client sends no certificate at all or shares no TLS version or application protocol with it. A certificate the client did send is checked by Node after the handshake, and refused without an alert.",
      );
    else if (refusedCert) parts.push("Server: Node's. It checked the client certificate after the handshake and closed the connection without an alert.");
    if (opensslHere)
      parts.push('Press o to run the same handshake against openssl s_server: it checks the client certificate during the handshake and answers a bad one with a TLS alert, as Envoy does.');
  }
  return parts.flatMap((part) => [line(''), ...wrapped(part, width, { color: theme.muted })]);
}

/** The explanation and the fix. */
export function lessonLines(result: ScenarioResult, width: number): RichLine[] {
  return [heading('What happened'), ...wrapped(result.explanation, width), line(''), heading('Fix'), ...wrapped(result.fix, width)];
}

/** The certificates each side saw, and the openssl/curl commands that reproduce the scenario by hand. */
export function detailLines(result: ScenarioResult, width: number): RichLine[] {
  const out: RichLine[] = [];
  for (const [i, step] of stepsOf(result).entries()) {
    const seen = step.peerCertificate;
    const where = result.steps ? ` (step ${i + 1})` : '';
    if (seen.seenByClient) out.push(...hanging([{ text: `Client saw the server certificate${where}: `, bold: true }], certText(seen.seenByClient), width, { color: theme.muted }));
    if (seen.seenByServer) out.push(...hanging([{ text: `Server saw the client certificate${where}: `, bold: true }], certText(seen.seenByServer), width, { color: theme.muted }));
  }
  const prompt: RichLine = [{ text: '$ ', color: theme.muted }];
  return [
    ...(out.length > 0 ? [heading('Certificates'), ...out, line('')] : []),
    heading('Try it yourself'),
    ...wrapped('In a folder made by `mtls-tutor lab export DIR`, start the server, then run a client in another terminal:', width, { color: theme.muted }),
    ...hanging(prompt, result.commands.server, width),
    ...hanging(prompt, result.commands.openssl, width),
    ...hanging(prompt, result.commands.curl, width),
    ...(result.commands.note ? wrapped(result.commands.note, width, { color: theme.muted }) : []),
  ];
}
