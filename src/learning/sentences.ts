import { splitCamel, stem } from './text.js';
import { verbEvidence } from './verbs.js';

/**
 * An answer cut into sentences, each into words that know their clause and whether a negation covers them. Pure.
 *
 * Sentences end at . ! ? ; (not after "e.g." and the like, nor inside "cluster.local"), at blank lines and at
 * list items. Clauses end at commas, colons, brackets and dashes, and before words that start a clause ("but",
 * "because", "if", "while"..., and "and"/"or" when a new subject and verb follow them). A negation ("not", "never", "no",
 * "n't", "without", "instead of"...) covers the words after it up to the end of its clause; inside a
 * conditional clause ("if it is not signed, ...") it describes a case rather than denying a claim, so it
 * covers nothing.
 */

export interface Word {
  /** Lower case, apostrophes dropped ("doesnt"). */
  raw: string;
  stem: string;
  /** A stop word: carries no meaning for matching ("the", "is", "of"). */
  stop: boolean;
  /**
   * Written like a name, so not a verb: a capital inside the sentence or all capitals ("Finished", "DENY"), or
   * the second part of a hyphenated word ("short-lived", "self-signed").
   */
  name: boolean;
  clause: number;
  /**
   * The clause, with a conditional clause joined to the clause after it: a claim may be stated across them
   * ("if there is no ALLOW policy, every request is denied") but not across "and", "but" or a second clause.
   */
  unit: number;
  /**
   * The verb phrase within the clause: "and"/"or" followed by a verb starts a new one that shares the subject
   * ("a STRICT workload accepts mTLS | and rejects plaintext").
   */
  phrase: number;
  /** Before the clause's first verb: the subject, which every verb phrase of the clause shares. */
  subject: boolean;
  /** Index of this word among the sentence's words. */
  at: number;
  /** This word is a negation cue. */
  cue: boolean;
  /** Indices of the cues whose scope covers this word. */
  negatedBy: number[];
}

export interface Sentence {
  /** The sentence as the learner wrote it (whitespace collapsed), for quoting back. */
  text: string;
  words: Word[];
  /** The words that are not stop words, in order: what terms are matched against. */
  content: Word[];
}

// Words that carry no meaning for a concept; dropped when matching, so "the client sends a certificate" and
// "client certificate" line up. Negations and words that start clauses are not among them.
export const STOP_WORDS = new Set([
  'a', 'an', 'the', 'its', 'it', 'their', 'this', 'that', 'these', 'those', 'is', 'are', 'was', 'were', 'be',
  'been', 'of', 'to', 'for', 'and', 'or', 'by', 'with', 'as', 'at', 'in', 'on', 'so', 'then', 'also', 'which',
]);

const NEGATIONS = new Set([
  'not', 'no', 'never', 'none', 'nothing', 'nobody', 'neither', 'nor', 'without', 'cannot', 'nowhere', 'doesnt',
  'dont', 'didnt', 'isnt', 'arent', 'wasnt', 'werent', 'cant', 'wont', 'wouldnt', 'shouldnt', 'couldnt', 'hasnt',
  'havent', 'hadnt', 'neednt', 'mustnt', 'aint', 'shant', 'dosnt', 'doesent',
]);
/** "not only", "no matter", "not yet valid": a negation word that negates nothing. */
const NOT_A_NEGATION_BEFORE = new Set(['only', 'just', 'merely', 'necessarily', 'matter', 'doubt', 'yet', 'always', 'all', 'every', 'even']);
/** Words that start a new clause. */
const CLAUSE_STARTERS = new Set(['but', 'however', 'whereas', 'while', 'whilst', 'although', 'though', 'because', 'so', 'if', 'unless', 'when', 'whenever', 'otherwise', 'yet', 'since']);
/** Words that start a conditional clause: a negation there describes a case ("if it is not signed"). */
const CONDITIONALS = new Set(['if', 'unless', 'when', 'whenever', 'should', 'once']);
const ABBREVIATIONS = new Set(['e.g', 'i.e', 'eg', 'ie', 'vs', 'cf', 'approx', 'incl', 'resp', 'esp', 'fig']);

/** Splits an answer into sentences (as written). */
export function splitSentences(answer: string): string[] {
  const chunks: string[] = [];
  for (const paragraph of answer.replace(/\r\n?/g, '\n').split(/\n\s*\n/)) {
    // A list item starts a new chunk; other line breaks are the writer's (or the terminal's) wrapping.
    let current = '';
    for (const line of paragraph.split('\n')) {
      const item = /^\s*(?:[-*•>]|\d+[.)])\s+/.exec(line);
      if (item) {
        if (current.trim()) chunks.push(current);
        current = line.slice(item[0].length);
      } else current += ` ${line}`;
    }
    if (current.trim()) chunks.push(current);
  }
  const sentences: string[] = [];
  for (const chunk of chunks) {
    let start = 0;
    const text = chunk.replace(/\s+/g, ' ').trim();
    for (let i = 0; i < text.length; i++) {
      const c = text[i]!;
      const atEnd = i + 1 >= text.length || text[i + 1] === ' ';
      if (c === ';' || ((c === '.' || c === '!' || c === '?' || c === '…') && atEnd)) {
        if (c === '.') {
          const before = /([A-Za-z.]+)$/.exec(text.slice(start, i))?.[1]?.toLowerCase() ?? '';
          if (ABBREVIATIONS.has(before)) continue;
        }
        const sentence = text.slice(start, i + 1).trim();
        if (/[\p{L}\p{N}]/u.test(sentence)) sentences.push(sentence);
        start = i + 1;
      }
    }
    const rest = text.slice(start).trim();
    if (/[\p{L}\p{N}]/u.test(rest)) sentences.push(rest);
  }
  return sentences;
}

// A word, or a mark that ends a clause: , ; : brackets, a dash standing alone, an arrow.
const PIECES = /[A-Za-z0-9]+|\s[-–—]+\s|[,;:()[\]{}]|->|=>|→|—|–/g;

/** Cuts one sentence into words with clauses and negation scopes. */
export function analyseSentence(text: string): Sentence {
  const plain = splitCamel(text.normalize('NFKD'))
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/['’]/g, '');
  const words: Word[] = [];
  // A sentence typed in capitals has no names to tell apart by case.
  const shouting = !/[a-z]/.test(plain);
  let clause = 0;
  let boundary = false;
  for (const match of plain.matchAll(PIECES)) {
    const piece = match[0];
    if (!/^[A-Za-z0-9]+$/.test(piece)) {
      boundary = true;
      continue;
    }
    const raw = piece.toLowerCase();
    if (boundary && words.length > 0) clause += 1;
    boundary = false;
    const hyphenated = /[A-Za-z0-9]-$/.test(plain.slice(Math.max(0, match.index - 2), match.index));
    const name = hyphenated || (!shouting && (words.length > 0 ? /^[A-Z][a-z]/.test(piece) || /^[A-Z]{2,}$/.test(piece) : /^[A-Z]{2,}$/.test(piece) && piece.length > 2));
    words.push({ raw, stem: stem(raw), stop: STOP_WORDS.has(raw), name, clause, unit: clause, phrase: 0, subject: false, at: words.length, cue: false, negatedBy: [] });
  }
  // Clause starters, and "and"/"or" when a verb follows before the next boundary ("..., and newer ones are ignored").
  const starts = words.map((w, i) => i > 0 && words[i - 1]!.clause === w.clause && (CLAUSE_STARTERS.has(w.raw) || ((w.raw === 'and' || w.raw === 'or') && newSubjectFollows(words, i))));
  let shift = 0;
  words.forEach((w, i) => {
    if (starts[i]) shift += 1;
    w.clause += shift;
  });
  const conditional = new Set<number>();
  for (const w of words) {
    if (CONDITIONALS.has(w.raw) && (w.at === 0 || words[w.at - 1]!.clause !== w.clause)) conditional.add(w.clause);
  }
  // A conditional clause joins the clause after it (scanning backwards, so "if a, when b, c" is one unit).
  const last = words.at(-1)?.clause ?? 0;
  const unitOf: number[] = [];
  for (let c = last; c >= 0; c--) unitOf[c] = conditional.has(c) && c < last ? unitOf[c + 1]! : c;
  for (const w of words) w.unit = unitOf[w.clause]!;
  markPhrases(words);
  markNegations(words, conditional);
  return { text: text.trim(), words, content: words.filter((w) => !w.stop) };
}

/**
 * "and"/"or" starts a clause when a new subject and its verb follow ("..., and newer ones are ignored"), not
 * when a verb follows at once, sharing the subject ("is insecure and accepts only plaintext"), nor in a list of
 * nouns ("leaf, intermediates and root").
 */
function newSubjectFollows(words: Word[], from: number): boolean {
  const clause = words[from]!.clause;
  const next = words[from + 1];
  if (!next || next.clause !== clause || verbEvidence(next.raw, next.name) !== 'none') return false;
  for (let j = from + 2; j < words.length && words[j]!.clause === clause; j++) {
    if (verbEvidence(words[j]!.raw, words[j]!.name) === 'strong') return true;
  }
  return false;
}

/** Numbers the verb phrases of each clause and marks the words before its first verb as its subject. */
function markPhrases(words: Word[]): void {
  let phrase = 0;
  let sawVerb = false;
  words.forEach((w, i) => {
    const prev = words[i - 1];
    if (prev && prev.clause !== w.clause) {
      phrase += 1;
      sawVerb = false;
    }
    const next = words[i + 1];
    if ((w.raw === 'and' || w.raw === 'or') && next && next.clause === w.clause && verbEvidence(next.raw, next.name) !== 'none' && sawVerb) phrase += 1;
    if (!sawVerb && verbEvidence(w.raw, w.name) !== 'none' && i > 0) sawVerb = true;
    w.phrase = phrase;
    w.subject = !sawVerb;
  });
}

function markNegations(words: Word[], conditional: ReadonlySet<number>): void {
  words.forEach((w, i) => {
    const next = words[i + 1]?.raw;
    const isCue =
      (NEGATIONS.has(w.raw) && !(next !== undefined && NOT_A_NEGATION_BEFORE.has(next))) ||
      (w.raw === 'instead' && next === 'of') ||
      (w.raw === 'rather' && next === 'than') ||
      (/^(fail|fails|failed|unable)$/.test(w.raw) && next === 'to');
    if (!isCue) return;
    w.cue = true;
    if (conditional.has(w.clause)) return;
    for (let j = i + 1; j < words.length && words[j]!.clause === w.clause; j++) words[j]!.negatedBy.push(i);
  });
}

/** The answer as analysed sentences. */
export function sentencesOf(answer: string): Sentence[] {
  return splitSentences(answer).map(analyseSentence);
}
