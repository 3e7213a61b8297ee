import type { Statement, SynonymSets } from '../content/schema.js';
import type { Sentence, Word } from './sentences.js';
import { STOP_WORDS } from './sentences.js';
import { stem, words } from './text.js';

/**
 * Matching one statement (term groups that must all occur in one sentence) against an analysed sentence. Pure.
 *
 * A group's alternative is a word or phrase (its words in order, up to PHRASE_GAP other words between two of
 * them) or "@set", any member of a synonym set. Words match by stem; a longer word also matches with one typo
 * (two in very long words), and a phrase matches its letters run together or split ("trust store" /
 * "truststore", "CertificateVerify" / "certificate verify").
 */

/** Extra words allowed between two consecutive words of a phrase ("client sends its certificate"). */
export const PHRASE_GAP = 2;
/** The terms of one statement lie within this many meaningful words of each other. */
export const STATEMENT_SPAN = 20;
/** A negation in a statement ("@not") has another of its terms within this many meaningful words. */
export const NEGATION_REACH = 4;

interface Phrase {
  stems: string[];
  raws: string[];
  /** The phrase's letters (and stems) run together, for "truststore" / "trust store". */
  compact: string;
  compactStem: string;
}

/** One term group: its alternatives, with sets expanded. Interned by text, so matches are computed once per sentence. */
export interface Group {
  text: string;
  phrases: Phrase[];
}

export interface CompiledStatement {
  groups: Group[];
}

const phrases = new Map<string, Phrase | null>();

function phraseOf(text: string): Phrase | undefined {
  let phrase = phrases.get(text);
  if (phrase === undefined) {
    const all = words(text);
    const content = all.filter((w) => !STOP_WORDS.has(w));
    const raws = content.length > 0 ? content : all;
    phrase = raws.length === 0 ? null : { raws, stems: raws.map(stem), compact: raws.join(''), compactStem: stem(raws.join('')) };
    phrases.set(text, phrase);
  }
  return phrase ?? undefined;
}

const groupsBySets = new WeakMap<SynonymSets, Map<string, Group>>();

function groupOf(text: string, sets: SynonymSets): Group {
  let groups = groupsBySets.get(sets);
  if (!groups) groupsBySets.set(sets, (groups = new Map()));
  let group = groups.get(text);
  if (!group) {
    const found = new Map<string, Phrase>();
    for (const alternative of text.split('|').map((a) => a.trim())) {
      const name = alternative.slice(1);
      const members = alternative.startsWith('@') ? (Object.hasOwn(sets, name) ? sets[name]! : []) : [alternative];
      for (const member of members) {
        const phrase = phraseOf(member);
        if (phrase) found.set(phrase.stems.join(' '), phrase);
      }
    }
    group = { text, phrases: [...found.values()] };
    groups.set(text, group);
  }
  return group;
}

/** Expands "@set" alternatives with `sets` and pre-computes every phrase's stems. A set no file defines matches nothing. */
export function compileStatement(statement: Statement, sets: SynonymSets): CompiledStatement {
  return { groups: statement.map((group) => groupOf(group, sets)) };
}

// --- word similarity -------------------------------------------------------------------------------------------

const similar = new Map<string, boolean>();

/** Whether a word of the answer is the word of a term: the same stem, or a typo of a longer one. */
function sameWord(word: Word, termStem: string, termRaw: string): boolean {
  if (word.stem === termStem) return true;
  if (word.raw.length < 6 || termRaw.length < 6 || word.stem.length < 5 || termStem.length < 5) return false;
  if (word.stem[0] !== termStem[0] || /\d/.test(word.raw) || /\d/.test(termRaw)) return false;
  const key = `${word.raw} ${termRaw}`;
  let result = similar.get(key);
  if (result === undefined) {
    // Stems first ("validtes" ~ "validate"), then the words as written, whose endings the stemmer may have read
    // differently ("certficate" ~ "certificate").
    const allowed = (s: string) => (s.length >= 9 ? 2 : 1);
    const close = (a: string, b: string) => Math.abs(a.length - b.length) <= allowed(b) && editDistance(a, b, allowed(b)) <= allowed(b);
    result = close(word.stem, termStem) || close(word.raw, termRaw);
    if (similar.size > 50_000) similar.clear();
    similar.set(key, result);
  }
  return result;
}

/** Damerau-Levenshtein distance (adjacent swaps count one), stopping early once it exceeds `limit`. */
export function editDistance(a: string, b: string, limit = Infinity): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    rows.push([i]);
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        rows[0]![j] = j;
        continue;
      }
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = d;
      best = Math.min(best, d);
    }
    if (i > 0 && best > limit) return best;
  }
  return rows[a.length]![b.length]!;
}

// --- phrases in a sentence -------------------------------------------------------------------------------------

/** Built once per sentence: where each stem is, which run-together spellings occur, and each group's matches. */
interface SentenceIndex {
  byStem: Map<string, number[]>;
  /** Stems long enough to take a typo, for the fuzzy look-up. */
  longStems: string[];
  /** "truststore" for the words "trust store" (and their stems joined), with the positions they span. */
  joined: Map<string, number[][]>;
  spans: Map<Group, number[][]>;
}

const indexes = new WeakMap<Sentence, SentenceIndex>();

function indexOf(sentence: Sentence): SentenceIndex {
  let index = indexes.get(sentence);
  if (index) return index;
  const content = sentence.content;
  const byStem = new Map<string, number[]>();
  const joined = new Map<string, number[][]>();
  const add = (key: string, span: number[]) => {
    const list = joined.get(key);
    if (!list) joined.set(key, [span]);
    else if (!list.some((s) => s.join() === span.join())) list.push(span);
  };
  content.forEach((w, i) => {
    const list = byStem.get(w.stem);
    if (list) list.push(i);
    else byStem.set(w.stem, [i]);
    let raw = '';
    let stems = '';
    for (let end = i; end < Math.min(content.length, i + 4); end++) {
      raw += content[end]!.raw;
      stems += content[end]!.stem;
      const span = Array.from({ length: end - i + 1 }, (_, k) => i + k);
      add(`r:${raw}`, span);
      add(`s:${stems}`, span);
      if (end > i) add(`s:${stem(raw)}`, span);
    }
  });
  const longStems = [...byStem.keys()].filter((k) => k.length >= 5 && !/\d/.test(k));
  index = { byStem, longStems, joined, spans: new Map() };
  indexes.set(sentence, index);
  return index;
}

/** Positions of the words that are this term word: the same stem, or a typo of it. */
function positionsOf(index: SentenceIndex, content: readonly Word[], termStem: string, termRaw: string): number[] {
  const exact = index.byStem.get(termStem) ?? [];
  if (termRaw.length < 6 || termStem.length < 5) return exact;
  let fuzzy: number[] | undefined;
  for (const candidate of index.longStems) {
    if (candidate === termStem || candidate[0] !== termStem[0]) continue;
    const at = index.byStem.get(candidate)!;
    if (sameWord(content[at[0]!]!, termStem, termRaw)) (fuzzy ??= [...exact]).push(...at);
  }
  return fuzzy ? fuzzy.sort((a, b) => a - b) : exact;
}

/** Where a phrase occurs among the sentence's meaningful words: each occurrence as the positions it uses. */
function occurrences(phrase: Phrase, sentence: Sentence, index: SentenceIndex): number[][] {
  const content = sentence.content;
  const found: number[][] = [];
  for (const start of positionsOf(index, content, phrase.stems[0]!, phrase.raws[0]!)) {
    const rest = inOrderFrom(phrase, content, 1, start);
    if (rest) found.push([start, ...rest]);
  }
  if (phrase.compact.length >= 4) {
    // The same letters run together or split up: "truststore" / "trust store", "mtls" / "m-TLS".
    for (const key of [`r:${phrase.compact}`, `s:${phrase.stems.join('')}`, `s:${phrase.compactStem}`]) {
      for (const span of index.joined.get(key) ?? []) {
        if (span.length === 1 && phrase.raws.length === 1) continue; // one word for one word: matched by stem above
        if (!found.some((f) => f.join() === span.join())) found.push(span);
      }
    }
  }
  return found;
}

function inOrderFrom(phrase: Phrase, content: readonly Word[], next: number, at: number): number[] | undefined {
  if (next === phrase.stems.length) return [];
  for (let i = at + 1; i <= Math.min(at + 1 + PHRASE_GAP, content.length - 1); i++) {
    if (sameWord(content[i]!, phrase.stems[next]!, phrase.raws[next]!)) {
      const rest = inOrderFrom(phrase, content, next + 1, i);
      if (rest) return [i, ...rest];
    }
  }
  return undefined;
}

/** A group's matches in the sentence (every alternative's occurrences), computed once per sentence. */
function groupSpans(group: Group, sentence: Sentence): number[][] {
  const index = indexOf(sentence);
  let spans = index.spans.get(group);
  if (!spans) {
    spans = [];
    const seen = new Set<string>();
    for (const phrase of group.phrases) {
      for (const span of occurrences(phrase, sentence, index)) {
        const key = span.join(',');
        if (!seen.has(key)) {
          seen.add(key);
          spans.push(span);
        }
      }
    }
    index.spans.set(group, spans);
  }
  return spans;
}

// --- statements ------------------------------------------------------------------------------------------------

export type StatementMatch = 'made' | 'negated' | 'absent';

/**
 * Whether the sentence makes the statement: every group found, on different words, within STATEMENT_SPAN
 * meaningful words (and in one clause when `oneClause`, a conditional clause counting with the next), and no word of it covered by a negation the statement
 * does not itself contain ("no policy" in ["no", "@policy", "permissive"] is part of the claim, not a denial).
 * 'negated' when the terms are all there but only under a negation.
 */
export function matchStatement(statement: CompiledStatement, sentence: Sentence, { oneClause = false }: { oneClause?: boolean } = {}): StatementMatch {
  const content = sentence.content;
  const candidates: number[][][] = [];
  for (const group of statement.groups) {
    const spans = groupSpans(group, sentence);
    if (spans.length === 0) return 'absent';
    candidates.push(spans.slice(0, 12));
  }
  // Fewest candidates first: the search fails fastest.
  const order = candidates.map((_, i) => i).sort((a, b) => candidates[a]!.length - candidates[b]!.length);
  let sawNegated = false;
  let budget = 5000;
  const used = new Set<number>();
  const chosen: number[] = [];
  const search = (k: number): boolean => {
    if (--budget < 0) return false;
    if (k === order.length) {
      const min = Math.min(...chosen);
      const max = Math.max(...chosen);
      if (max - min > STATEMENT_SPAN) return false;
      const picked = chosen.map((i) => content[i]!);
      if (oneClause) {
        // One claim: one clause (with its condition), and one verb phrase of it besides the shared subject.
        if (picked.some((w) => w.unit !== picked[0]!.unit)) return false;
        const predicate = picked.filter((w) => !w.subject);
        if (predicate.some((w) => w.phrase !== predicate[0]!.phrase)) return false;
      }
      // A negation the statement names ("no policy", "the root is not sent", "overrides nothing") must sit
      // right by another of its terms.
      const cues = chosen.filter((i) => content[i]!.cue);
      if (cues.some((c) => !chosen.some((i) => i !== c && Math.abs(i - c) <= NEGATION_REACH && !content[i]!.cue))) return false;
      const consumed = new Set(picked.filter((w) => w.cue).map((w) => w.at));
      const negated = picked.some((w) => !w.cue && w.negatedBy.some((cue) => !consumed.has(cue)));
      if (negated) {
        sawNegated = true;
        return false;
      }
      return true;
    }
    for (const span of candidates[order[k]!]!) {
      if (span.some((i) => used.has(i))) continue;
      for (const i of span) used.add(i);
      chosen.push(...span);
      const ok = search(k + 1);
      chosen.length -= span.length;
      for (const i of span) used.delete(i);
      if (ok) return true;
    }
    return false;
  };
  if (search(0)) return 'made';
  return sawNegated ? 'negated' : 'absent';
}
