import type { Rng } from '../src/learning/rng.js';

/**
 * Seeded damage to YAML text, shared by the lesson and policy loader fuzz tests: what a hurried edit, a bad
 * copy-paste, a wrong file or a hostile file does to a valid document. Same seed, same damage.
 */

const pick = <T>(items: readonly T[], random: Rng): T => items[Math.floor(random() * items.length)]!;
const between = (lo: number, hi: number, random: Rng) => lo + Math.floor(random() * (hi - lo + 1));

/** Values of every YAML type, to put where another type is expected. */
const VALUES = [
  '42', '-1', '0', '3.14', '1.10', '0x1F', '1e999', '-.inf', '.nan', '99999999999999999999999999', '~', 'null', 'true', 'no',
  '""', "''", '"text"', 'text', '[]', '{}', '[a, 1]', '{k: v}', '[[[]]]', '!!binary aGVsbG8=', '!!str 5', '!custom x',
  '2024-01-01', '|\n  block', '>-\n  folded',
];
const KINDS = ['PeerAuthentication', 'DestinationRule', 'peerauthentication', 'PeerAuthenticaton', 'AuthorizationPolicy', 'Deployment', '', '~', '[PeerAuthentication]', '42'];
const API_VERSIONS = ['security.istio.io/v1', 'security.istio.io/v1beta1', 'networking.istio.io/v1alpha3', 'security.istio.io/v2', 'v1', 'apps/v1', '', '1', '{a: b}'];
const JUNK = ['', ':', '- ', '  ', '\t', '"', "'", '{', '}', '[', ']', '&a', '*a', '!!binary', '\u0000', '%', '#', '|', '>', '\n', '? ', '@', '`', '---', '...', '\r', '\uFEFF'];
const BILLION_LAUGHS =
  'lol0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n' +
  Array.from({ length: 8 }, (_, i) => `lol${i + 1}: &l${i + 1} [${Array(9).fill(`*l${i}`).join(', ')}]`).join('\n') +
  '\n';

function editLines(text: string, edit: (lines: string[]) => void): string {
  const lines = text.split('\n');
  edit(lines);
  return lines.join('\n');
}

/** Each damage takes valid YAML text and returns it damaged. */
export const DAMAGES: Record<string, (text: string, random: Rng) => string> = {
  cut: (t, r) => t.slice(0, Math.floor(r() * t.length)),
  deleteLine: (t, r) => editLines(t, (l) => l.splice(Math.floor(r() * l.length), 1)),
  duplicateLine: (t, r) => editLines(t, (l) => { const i = Math.floor(r() * l.length); l.splice(i, 0, l[i]!); }),
  swapLines: (t, r) => editLines(t, (l) => { const a = Math.floor(r() * l.length); const b = Math.floor(r() * l.length); [l[a], l[b]] = [l[b]!, l[a]!]; }),
  badIndent: (t, r) => editLines(t, (l) => { const i = Math.floor(r() * l.length); l[i] = r() < 0.5 ? ' '.repeat(between(1, 5, r)) + l[i] : l[i]!.replace(/^ {1,2}/, ''); }),
  tabs: (t, r) => editLines(t, (l) => { const i = Math.floor(r() * l.length); l[i] = l[i]!.replace(/^( +)/, (s) => '\t'.repeat(Math.max(1, s.length / 2))); }),
  swapValueType: (t, r) => editLines(t, (l) => {
    const fields = l.map((line, i) => [line, i] as const).filter(([line]) => /:\s*\S/.test(line));
    if (fields.length === 0) return;
    const [line, i] = pick(fields, r);
    l[i] = line.replace(/:\s*\S.*$/, `: ${pick(VALUES, r)}`);
  }),
  wrongKind: (t, r) => t.replace(/^kind: .*$/m, `kind: ${pick(KINDS, r)}`),
  wrongApiVersion: (t, r) => t.replace(/^apiVersion: .*$/m, `apiVersion: ${pick(API_VERSIONS, r)}`),
  unknownField: (t, r) => editLines(t, (l) => { const i = Math.floor(r() * l.length); const indent = /^ */.exec(l[i]!)![0]; l.splice(i, 0, `${indent}bogusField${between(0, 9, r)}: ${pick(VALUES, r)}`); }),
  junkDocument: (t, r) => (r() < 0.5 ? `${t}\n---\n${pick(JUNK, r)}${pick(VALUES, r)}\n` : `${pick(VALUES, r)}\n---\n${t}`),
  splitDocument: (t, r) => editLines(t, (l) => l.splice(Math.floor(r() * l.length), 0, '---')),
  junkChars: (t, r) => { const at = Math.floor(r() * t.length); return t.slice(0, at) + pick(JUNK, r) + t.slice(at); },
  hugeNumber: (t, r) => editLines(t, (l) => {
    const fields = l.map((line, i) => [line, i] as const).filter(([line]) => /:\s*\S/.test(line));
    if (fields.length) { const [line, i] = pick(fields, r); l[i] = line.replace(/:\s*\S.*$/, `: ${'9'.repeat(between(20, 400, r))}`); }
  }),
  hugeString: (t, r) => t.replace(/name: .*/, `name: ${'x'.repeat(between(1000, 200_000, r))}`),
  /** Bytes that are not UTF-8, read as the CLI reads a file (invalid bytes become U+FFFD). */
  nonUtf8: (t, r) => {
    const bytes = Buffer.from(t, 'utf8');
    const at = Math.floor(r() * (bytes.length + 1));
    const junk = Buffer.from(Array.from({ length: between(1, 6, r) }, () => between(0x80, 0xff, r)));
    return Buffer.concat([bytes.subarray(0, at), junk, bytes.subarray(at)]).toString('utf8');
  },
  anchors: (t, r) => editLines(t, (l) => {
    // An alias to an anchor set later (or never), or a well-formed anchor and alias.
    const fields = l.map((line, i) => [line, i] as const).filter(([line]) => /:\s*\S/.test(line));
    if (fields.length === 0) return;
    const [line, i] = pick(fields, r);
    l[i] = r() < 0.5 ? line.replace(/:\s*(\S.*)$/, ': *anchor$1') : line.replace(/:\s*(\S.*)$/, ': &a $1');
    if (r() < 0.5) l.push(`extra: *a`);
  }),
  aliasBomb: (t, r) => (r() < 0.5 ? `${BILLION_LAUGHS}${t}` : `${t}\n${BILLION_LAUGHS}`),
  deepNesting: (t, r) => { const depth = between(50, 1500, r); return `${t}\ndeep: ${'['.repeat(depth)}${r() < 0.5 ? ']'.repeat(depth) : ''}\n`; },
  empty: (_t, r) => pick(['', '\n', '   \n\n', '# only a comment\n', '---\n', '---\n---\n', '...\n', '\uFEFF'], r),
  crlf: (t) => t.replace(/\n/g, '\r\n'),
  duplicateKey: (t, r) => editLines(t, (l) => {
    const keys = l.map((line, i) => [line, i] as const).filter(([line]) => /^\s*[A-Za-z]+:/.test(line));
    if (keys.length) { const [line, i] = pick(keys, r); l.splice(i + 1, 0, line.replace(/:.*$/, ': again')); }
  }),
};

export type DamageName = keyof typeof DAMAGES;

/** Applies 1..maxEdits random damages; returns the text and their names (for the failure message). */
export function damageYaml(text: string, random: Rng, maxEdits = 3): { text: string; applied: string[] } {
  const names = Object.keys(DAMAGES);
  const applied: string[] = [];
  const edits = 1 + Math.floor(random() * maxEdits);
  for (let i = 0; i < edits; i++) {
    const name = pick(names, random);
    applied.push(name);
    text = DAMAGES[name]!(text, random);
  }
  return { text, applied };
}
