/**
 * Matching pasted error text against the signature table. Log noise around the message (timestamps, JSON log
 * lines, stack frames, wrapped lines, escaped quotes, ANSI colours) does not matter: both sides are normalised, and a
 * pattern only has to occur somewhere, on word boundaries. Pure: no I/O.
 */
import type { CloseMatch, ErrorTable, Signature, SignatureMatch, StackInfo, WhyResult } from './types.js';

/** Bonus for a signature whose stack's hints (a stack frame, a prefix) are in the text: a tie-breaker. */
const HINT_BONUS = 25;
/** Pasted logs beyond this are cut: no error line needs more, and matching stays instant. */
export const MAX_INPUT_CHARS = 1_000_000;

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]/g;

/** The text as written, minus colours and JSON string escapes, with every run of white space one space. */
export function cleanText(text: string): string {
  return text
    .slice(0, MAX_INPUT_CHARS)
    .replace(ANSI, '')
    .replace(/\\r\\n|\\n|\\t/g, ' ')
    .replace(/\\"/g, '"')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Lower case; dashes, underscores and white space all one space: "self signed" (OpenSSL 1.1) and "self-signed"
 * (3.0), ERR_TLS_CERT_ALTNAME_INVALID and "err tls cert altname invalid" compare equal.
 */
export function normalise(text: string): string {
  return cleanText(text).toLowerCase().replace(/[\s\-_]+/g, ' ');
}

const WORD = /[a-z0-9]/;

/** Whether `pattern` (normalised) occurs in `text` (normalised) without cutting a word at either end. */
export function containsPhrase(text: string, pattern: string): boolean {
  if (pattern === '') return false;
  const guardStart = WORD.test(pattern[0]!);
  const guardEnd = WORD.test(pattern[pattern.length - 1]!);
  for (let at = text.indexOf(pattern); at !== -1; at = text.indexOf(pattern, at + 1)) {
    const before = at === 0 ? '' : text[at - 1]!;
    const after = text[at + pattern.length] ?? '';
    if ((!guardStart || !WORD.test(before)) && (!guardEnd || !WORD.test(after))) return true;
  }
  return false;
}

interface Prepared {
  signature: Signature;
  stack: StackInfo | undefined;
  patterns: { written: string; normal: string }[];
  regexes: RegExp[];
  context: string[];
  /** The signature's distinctive words, each weighted by how rare it is across the table (idf). */
  words: Map<string, number>;
}

const STOP_WORDS = new Set(['the', 'and', 'for', 'not', 'with', 'from', 'was', 'error', 'err', 'failed', 'this', 'that', 'are', 'has']);

function wordsOf(text: string): string[] {
  return normalise(text)
    .split(/[^a-z0-9]+/)
    .filter((word) => word.length >= 3 && !STOP_WORDS.has(word) && !/^\d+$/.test(word));
}

const preparedTables = new WeakMap<ErrorTable, Prepared[]>();

function prepare(table: ErrorTable): Prepared[] {
  let prepared = preparedTables.get(table);
  if (!prepared) {
    const stacks = new Map(table.stacks.map((stack) => [stack.stack, stack]));
    const wordSets = table.signatures.map((signature) => new Set([...signature.patterns, signature.title].flatMap(wordsOf)));
    const documents = new Map<string, number>();
    for (const words of wordSets) for (const word of words) documents.set(word, (documents.get(word) ?? 0) + 1);
    // "certificate" is in nearly every signature and says little; "preface" or "rbac" says a lot.
    const idf = (word: string) => Math.log((table.signatures.length + 1) / (documents.get(word) ?? 1));
    prepared = table.signatures.map((signature, i) => ({
      signature,
      stack: stacks.get(signature.stack),
      patterns: signature.patterns.map((written) => ({ written, normal: normalise(written) })),
      regexes: signature.regexes.map((source) => new RegExp(source, 'u')),
      context: signature.context.map(normalise),
      words: new Map([...wordSets[i]!].map((word) => [word, idf(word)])),
    }));
    preparedTables.set(table, prepared);
  }
  return prepared;
}

/** Every signature found in `text`, most specific first; when none, the closest few by shared words. */
export function matchError(text: string, table: ErrorTable, { closest = 3 }: { closest?: number } = {}): WhyResult {
  const clean = cleanText(text);
  const normal = normalise(text);
  const prepared = prepare(table);
  const hinted = new Set(
    table.stacks.filter((stack) => stack.hints.some((hint) => containsPhrase(normal, normalise(hint)))).map((stack) => stack.stack),
  );

  const matches: (SignatureMatch & { share: number })[] = [];
  for (const entry of prepared) {
    const matched: string[] = [];
    let score = 0;
    for (const pattern of entry.patterns) {
      if (containsPhrase(normal, pattern.normal)) {
        matched.push(pattern.written);
        score += pattern.normal.length;
      }
    }
    for (const regex of entry.regexes) {
      const found = regex.exec(clean);
      if (found) {
        matched.push(found[0].trim());
        score += Math.max(found[0].trim().length, 1);
      }
    }
    if (matched.length === 0) continue;
    for (const phrase of entry.context) if (containsPhrase(normal, phrase)) score += phrase.length;
    if (hinted.has(entry.signature.stack)) score += HINT_BONUS;
    const share = matched.length / (entry.patterns.length + entry.regexes.length);
    matches.push({ signature: entry.signature, stackName: entry.stack?.name ?? entry.signature.stack, score, matched, share });
  }
  // Equal scores: the signature more of whose own patterns were found is the closer description.
  matches.sort((a, b) => b.score - a.score || b.share - a.share || a.signature.id.localeCompare(b.signature.id));

  return {
    recognised: matches.length > 0,
    matches: matches.map(({ share: _share, ...match }) => match),
    closest: matches.length > 0 ? [] : closestSignatures(text, prepared, closest),
  };
}

/** Below this share of a signature's (weighted) words, a "closest" signature is noise and is not shown. */
const MIN_SIMILARITY = 0.15;

function closestSignatures(text: string, prepared: Prepared[], count: number): CloseMatch[] {
  const words = new Set(wordsOf(text));
  if (words.size === 0) return [];
  return prepared
    .map((entry) => {
      let shared = 0;
      let total = 0;
      for (const [word, weight] of entry.words) {
        total += weight;
        if (words.has(word)) shared += weight;
      }
      return { signature: entry.signature, stackName: entry.stack?.name ?? entry.signature.stack, similarity: total === 0 ? 0 : shared / total };
    })
    .filter((close) => close.similarity >= MIN_SIMILARITY)
    .sort((a, b) => b.similarity - a.similarity || a.signature.id.localeCompare(b.signature.id))
    .slice(0, count)
    .map((close) => ({ ...close, similarity: Math.round(close.similarity * 100) / 100 }));
}
