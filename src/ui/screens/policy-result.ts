/** A policy lab report as styled rows: the learner's two predictions, how the mode was decided, the live probes. Pure. */
import type { PolicyLabReport } from '../../policy/lab.js';
import type { PolicyScenario } from '../../policy/scenarios.js';
import type { EffectiveMode } from '../../policy/types.js';
import { hanging, line, wrapped, type RichLine } from '../text/rich.js';
import { marks, theme } from '../theme.js';

/** What the sidecar does with a non-mesh client's TLS: terminate it (and demand a certificate), pass it to the app, close it. */
export type TlsFate = 'terminate' | 'pass' | 'close';
export const TLS_FATE_TEXT: Record<TlsFate, string> = { terminate: 'terminated by the sidecar', pass: 'passed through to the app', close: 'closed' };

export interface PolicyPrediction {
  mode: EffectiveMode;
  plaintext: boolean;
  /** Asked only in scenarios about TLS from outside the mesh. */
  tls?: TlsFate;
}

const yesNo = (b: boolean) => (b ? 'yes' : 'no');

/** What happened live to the non-mesh TLS client, or undefined when the probe is missing or had no verdict. */
export function tlsFate(report: PolicyLabReport): TlsFate | undefined {
  const probe = report.probes.find((p) => p.id === 'tls-non-mesh');
  if (!probe) return undefined;
  if (probe.outcome === 'passed-through') return 'pass';
  if (probe.outcome === 'rejected') return probe.filterChain ? 'terminate' : 'close';
  return undefined;
}

/** Whether plaintext got in, as seen live by the plaintext probe (the resolution's answer if the probe is missing). */
export function plaintextGotIn(report: PolicyLabReport): boolean {
  const probe = report.probes.find((p) => p.sends === 'plaintext');
  return probe ? probe.outcome === 'accepted' : report.plaintextAccepted;
}

/** The short strings a lab-prediction event stores, e.g. "STRICT/plaintext:no". */
export function predictionText(p: PolicyPrediction): string {
  return `${p.mode}/plaintext:${yesNo(p.plaintext)}${p.tls ? `/tls:${p.tls}` : ''}`;
}

/** The same string for what happened; the TLS part only when the learner was asked about it. */
export function actualText(report: PolicyLabReport, asked: PolicyPrediction): string {
  const fate = asked.tls ? tlsFate(report) : undefined;
  return predictionText({ mode: report.mode, plaintext: plaintextGotIn(report), ...(fate ? { tls: fate } : {}) });
}

const heading = (text: string) => line(text, { bold: true, color: theme.accent });
const mark = (ok: boolean): RichLine => [{ text: `${ok ? marks.ok : marks.fail} `, color: ok ? theme.good : theme.bad, bold: true }];

function predictionLines(report: PolicyLabReport, p: PolicyPrediction, width: number): RichLine[] {
  const plaintext = plaintextGotIn(report);
  const modeRight = p.mode === report.mode;
  const plainRight = p.plaintext === plaintext;
  const fate = p.tls ? tlsFate(report) : undefined;
  const tlsRight = p.tls === undefined ? undefined : p.tls === fate;
  const asked = p.tls === undefined ? 2 : 3;
  const score = (modeRight ? 1 : 0) + (plainRight ? 1 : 0) + (tlsRight ? 1 : 0);
  return [
    ...hanging([...mark(modeRight), { text: 'Mode: ', bold: true }], `${report.mode} (you said ${p.mode}: ${modeRight ? 'right' : 'wrong'})`, width),
    ...hanging([...mark(plainRight), { text: 'Plaintext gets in: ', bold: true }], `${yesNo(plaintext)} (you said ${yesNo(p.plaintext)}: ${plainRight ? 'right' : 'wrong'})`, width),
    ...(p.tls === undefined
      ? []
      : hanging(
          [...mark(tlsRight === true), { text: 'TLS from outside the mesh: ', bold: true }],
          `${fate ? TLS_FATE_TEXT[fate] : 'no verdict'} (you said ${TLS_FATE_TEXT[p.tls]}: ${tlsRight ? 'right' : 'wrong'})`,
          width,
        )),
    line(score === asked ? (asked === 2 ? 'Both predictions right.' : 'All three predictions right.') : `${score} of ${asked} predictions right.`, { color: score === asked ? theme.good : theme.warn }),
  ];
}

const LEVELS = ['mesh', 'namespace', 'workload'] as const;

function decisionLines(report: PolicyLabReport, width: number): RichLine[] {
  const out: RichLine[] = [heading('How the mode was decided')];
  const levelName = { mesh: `mesh (${report.rootNamespace})`, namespace: `namespace (${report.workload.namespace})`, workload: 'workload (selector)' };
  for (const level of LEVELS) {
    const policy = report.decidedBy[level];
    const deciding = report.decidingLevel === level;
    out.push(
      ...hanging([{ text: `  ${levelName[level]}: `.padEnd(28) }], `${policy ?? 'none'}${deciding ? '   ◀ decides' : ''}`, width, deciding ? { bold: true } : { color: policy ? undefined : theme.muted }),
    );
  }
  if (report.decidedBy.port !== null || report.decidingLevel === 'port') {
    out.push(...hanging([{ text: '  port-level: '.padEnd(28) }], `port ${report.decidedBy.port ?? report.workload.port}${report.decidingLevel === 'port' ? '   ◀ decides' : ''}`, width, { bold: report.decidingLevel === 'port' }));
  }
  if (report.decidingLevel === 'default') out.push(...wrapped("  No policy applies: Istio's default, PERMISSIVE, decides.", width, { bold: true }));
  if (report.considered.length > 0) {
    out.push(line(''), line('Policies considered', { bold: true }));
    for (const c of report.considered) {
      const chosen = c.outcome === 'chosen';
      out.push(...hanging([{ text: `  ${chosen ? `${marks.ok} chosen` : `${marks.fail} lost  `} `, color: chosen ? theme.good : theme.muted }], `${c.policy}${c.level ? ` (${c.level})` : ''}: ${c.reason}`, width));
    }
  }
  out.push(line(''), line('Step by step', { bold: true }), ...report.explanation.flatMap((e) => wrapped(`  ${marks.bullet} ${e}`, width)));
  return out;
}

function probeLines(report: PolicyLabReport, width: number): RichLine[] {
  // Under the outcome column when there is room; a narrow terminal keeps its width for the words.
  const reasonIndent = width >= 90 ? 17 : 4;
  const out: RichLine[] = [heading(`Live probes on ${report.listener.address} (server ${report.server.identity})`)];
  for (const probe of report.probes) {
    const color = probe.outcome === 'accepted' ? theme.good : probe.outcome === 'rejected' ? theme.bad : theme.warn;
    out.push(
      ...hanging([{ text: `  ${probe.outcome.padEnd(14)} `, color, bold: true }], probe.label, width, { bold: true }),
      ...hanging([{ text: ' '.repeat(reasonIndent) }], probe.reason, width),
    );
    const decided = probe.outcome !== 'timed-out' && probe.outcome !== 'error';
    if (decided && !probe.asExpected) out.push(...hanging([{ text: ' '.repeat(reasonIndent) }], `Unexpected: the ${report.mode} mode predicts ${probe.expected}.`, width, { color: theme.warn }));
  }
  return out;
}

function sidecarLines(report: PolicyLabReport, width: number): RichLine[] {
  const s = report.sidecar;
  const ok = s.appStatus === 200;
  return [
    heading(`An app behind a client sidecar calls ${s.host}`),
    ...wrapped(`  ${s.why}`, width),
    ...s.skippedRules.flatMap((r) => wrapped(`  Skipped ${r.rule}: ${r.reason}`, width, { color: theme.muted })),
    ...hanging([{ text: `  ${ok ? marks.ok : marks.fail} app gets `, color: ok ? theme.good : theme.bad, bold: true }], s.appMessage, width, { color: ok ? theme.good : theme.bad }),
  ];
}

/** Everything after a run, predictions first. */
export function policyResultLines(report: PolicyLabReport, scenario: PolicyScenario, prediction: PolicyPrediction, width: number): RichLine[] {
  const out: RichLine[] = [
    ...predictionLines(report, prediction, width),
    line(''),
    heading('Why'),
    ...wrapped(scenario.explanation, width),
    line(''),
    ...decisionLines(report, width),
    line(''),
    ...probeLines(report, width),
    line(''),
    ...sidecarLines(report, width),
  ];
  if (report.rejected.length > 0) {
    out.push(line(''), heading('Refused at admission (these take no part)'));
    for (const r of report.rejected) out.push(...wrapped(`  ${marks.fail} ${r.policy} ${r.field}: ${r.reason} (${r.file}:${r.line})`, width, { color: theme.warn }));
  }
  if (report.warnings.length > 0) {
    out.push(line(''), heading('Warnings'), ...report.warnings.flatMap((w) => wrapped(`  ${marks.bullet} ${w}`, width, { color: theme.warn })));
  }
  out.push(
    line(''),
    ...wrapped(
      report.passed ? `${marks.ok} Every live result matched the resolved mode.` : `${marks.fail} Some live results differ from what the resolved mode predicts (see above).`,
      width,
      { color: report.passed ? theme.good : theme.warn },
    ),
  );
  return out;
}
