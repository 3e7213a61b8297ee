/**
 * What `why` says, as plain data (for --json) and as text lines (the CLI prints them, the TUI shows them): the
 * same words in both places. Pure.
 */
import type { CloseMatch, ErrorTable, RejectedBy, SignatureMatch, WhyResult } from './types.js';

export interface LabRef {
  id: string;
  /** The command that runs it. */
  command: string;
}

export interface WhyContext {
  /** Lesson id → title, to name the lesson in words. */
  lessonTitles: ReadonlyMap<string, string>;
  /** Which lab ids are policy scenarios (run with `policy lab --scenario`); the rest are TLS lab scenarios. */
  policyLabs: ReadonlySet<string>;
}

export function labRef(id: string | undefined, context: WhyContext): LabRef | null {
  if (!id) return null;
  return { id, command: context.policyLabs.has(id) ? `mtls-tutor policy lab --scenario ${id}` : `mtls-tutor lab run ${id}` };
}

const SIDE_WORDS: Record<RejectedBy, string> = {
  client: 'the client (it refused the server’s certificate)',
  server: 'the server (it refused the client, or its certificate)',
  local: 'nobody on the network: this program refused its own files before connecting',
  proxy: 'a proxy on the way (Envoy / an Istio sidecar)',
  network: 'nobody judged a certificate: the two ends do not speak the same protocol, or never connected',
  either: 'either side: it depends on who logged it (see below)',
};

/** The --json shape of one match. */
export function matchJson(match: SignatureMatch, context: WhyContext) {
  const s = match.signature;
  return {
    id: s.id,
    stack: s.stack,
    stackName: match.stackName,
    title: s.title,
    score: match.score,
    matched: match.matched,
    meaning: s.meaning,
    rejectedBy: s.rejectedBy,
    side: s.side,
    causes: s.causes,
    checks: s.checks,
    lab: labRef(s.lab, context),
    lesson: { id: s.lesson, title: context.lessonTitles.get(s.lesson) ?? s.lesson },
    sources: s.sources,
  };
}

export function closeJson(close: CloseMatch) {
  return { id: close.signature.id, stack: close.signature.stack, stackName: close.stackName, title: close.signature.title, similarity: close.similarity };
}

/** The whole --json document. */
export function whyJson(result: WhyResult, context: WhyContext) {
  return { recognised: result.recognised, matches: result.matches.map((m) => matchJson(m, context)), closest: result.closest.map(closeJson) };
}

/** How many further matches the text report lists after the best one. */
const MORE = 4;

/** The human report, as lines. */
export function whyLines(result: WhyResult, table: ErrorTable, context: WhyContext): string[] {
  if (!result.recognised) {
    const lines = [
      `✗ Not recognised: none of the ${table.signatures.length} error signatures (${table.stacks.length} stacks) matches this text.`,
    ];
    if (result.closest.length === 0) lines.push('', 'No signature shares enough of its distinctive words with it to be worth naming.');
    else {
      lines.push('', 'Closest, by shared words (not a diagnosis):');
      for (const close of result.closest)
        lines.push(`  ${close.signature.id}  ${close.stackName}: ${close.signature.title} (${Math.round(close.similarity * 100)}% of its weighted words)`);
    }
    lines.push('', 'Paste the whole error line, with its code or the library’s reason (or pipe a log excerpt into `mtls-tutor why -`).');
    return lines;
  }
  const [best, ...others] = result.matches as [SignatureMatch, ...SignatureMatch[]];
  const s = best.signature;
  const lab = labRef(s.lab, context);
  const lines = [
    `✓ Recognised: ${best.stackName} — ${s.title}  [${s.id}]`,
    `  found: ${best.matched.map((m) => JSON.stringify(m)).join(', ')}`,
    '',
    'What it means',
    `  ${s.meaning}`,
    '',
    'Who refused',
    `  ${SIDE_WORDS[s.rejectedBy]}`,
    `  ${s.side}`,
    '',
    'Likely causes',
    ...s.causes.map((cause) => `  • ${cause}`),
    '',
    'Checks to run',
    ...s.checks.map((check) => `  • ${check}`),
    '',
    lab ? `Reproduce it: ${lab.command}` : 'Reproduce it: no lab reproduces this one',
    `Lesson: ${context.lessonTitles.get(s.lesson) ?? s.lesson} (${s.lesson})`,
    `Source: ${s.sources.map((source) => (source.url ? `${source.title} <${source.url}>` : source.title)).join('; ')}`,
  ];
  if (others.length > 0) {
    lines.push('', `Also matches (${others.length}):`);
    for (const other of others.slice(0, MORE)) lines.push(`  ${other.signature.id}  ${other.stackName}: ${other.signature.title}`);
    if (others.length > MORE) lines.push(`  … and ${others.length - MORE} more (--json lists them all)`);
  }
  return lines;
}
