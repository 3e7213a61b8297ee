import type { Sentence } from './sentences.js';
import { verbEvidence } from './verbs.js';

/**
 * Whether an answer is written as an explanation at all. A bare list of terms ("server cert, CA, trust store,
 * rejected") or topic words strung together without verbs earns nothing, however many terms it names: the
 * scorer looks for claims, and a list makes none. Pure.
 */

export const NOT_AN_EXPLANATION =
  'This reads as a list of terms, not an explanation. Write it as you would explain it to a colleague: sentences that say what happens, who does it and why.';

/** Words that glue a sentence together; a list of terms has almost none. */
const FUNCTION_WORDS = new Set([
  'the', 'a', 'an', 'this', 'that', 'these', 'those', 'its', 'it', 'their', 'they', 'them', 'his', 'her', 'he', 'she',
  'we', 'you', 'i', 'our', 'your', 'my', 'of', 'to', 'for', 'with', 'by', 'in', 'on', 'at', 'from', 'into', 'onto',
  'over', 'under', 'about', 'against', 'between', 'through', 'after', 'before', 'during', 'without', 'within',
  'until', 'than', 'as', 'and', 'or', 'but', 'so', 'if', 'when', 'while', 'because', 'since', 'then', 'also', 'which',
  'who', 'what', 'where', 'whose', 'how', 'why', 'is', 'are', 'was', 'were', 'be', 'been', 'being', 'has', 'have',
  'had', 'do', 'does', 'did', 'will', 'would', 'can', 'could', 'may', 'might', 'must', 'should', 'shall', 'not', 'no',
  'there', 'here', 'each', 'every', 'any', 'all', 'both', 'either', 'neither', 'only', 'just', 'such', 'same', 'own',
  'other', 'another', 'itself', 'themselves', 'one', 'up', 'out', 'off', 'still', 'even', 'never', 'unless', 'via',
  'per', 'instead', 'whether', 'once', 'too', 'very', 'some', 'more', 'most', 'less', 'first', 'until', 'yet',
]);

export interface Shape {
  /** Words in the answer. */
  words: number;
  /** Share of words that are function words (articles, prepositions, pronouns, auxiliaries). */
  functionShare: number;
  /** Words that are surely verbs (an auxiliary, "verifies", "rejected"). */
  verbs: number;
}

/** After a word that could be a verb or a noun ("show", "checks"), these make it a verb: "show a", "checks the". */
const OBJECT_STARTERS = new Set(['the', 'a', 'an', 'its', 'their', 'it', 'them', 'this', 'that', 'these', 'those', 'each',
  'every', 'any', 'all', 'both', 'his', 'her', 'our', 'your', 'my', 'to', 'with', 'against', 'on', 'by', 'for', 'from',
  'into', 'only', 'no', 'whether', 'if', 'what', 'who', 'up', 'out', 'back', 'down', 'off']);
/** ... and so do these before it: "it checks", "to request", "must trust". */
const SUBJECT_MARKERS = new Set(['it', 'they', 'we', 'you', 'i', 'he', 'she', 'which', 'who', 'to', 'must', 'can', 'will',
  'would', 'should', 'may', 'might', 'could', 'not', 'never', 'also', 'then', 'only', 'always', 'first', 'just', 'dont',
  'doesnt', 'cannot', 'cant']);

export function shapeOf(sentences: readonly Sentence[]): Shape {
  let words = 0;
  let functionWords = 0;
  let verbs = 0;
  for (const sentence of sentences) {
    sentence.words.forEach((w, i) => {
      words += 1;
      if (FUNCTION_WORDS.has(w.raw)) functionWords += 1;
      const evidence = verbEvidence(w.raw, w.name);
      if (evidence === 'strong') verbs += 1;
      else if (evidence === 'weak') {
        const next = sentence.words[i + 1];
        const prev = sentence.words[i - 1];
        if ((next && next.clause === w.clause && OBJECT_STARTERS.has(next.raw)) || (prev && prev.clause === w.clause && SUBJECT_MARKERS.has(prev.raw))) verbs += 1;
      }
    });
  }
  return { words, functionShare: words === 0 ? 0 : functionWords / words, verbs };
}

/**
 * True when the answer is not written as sentences: too short to explain anything, no verb at all, or hardly any
 * function words with fewer than one verb in five words (a list with a verb or two dropped in). A terse but real
 * answer ("Client sends cert; server verifies against CA bundle; failure aborts handshake.") passes.
 */
export function isNotAnExplanation(shape: Shape): boolean {
  if (shape.words < 4) return true;
  if (shape.verbs === 0) return true;
  return shape.functionShare < 0.15 && shape.verbs * 5 < shape.words;
}

/**
 * A sentence that is really a run of terms ("banana server certificate purple private key trust store refused")
 * earns nothing even inside an answer that has real sentences too: many words, few function words, few verbs.
 */
export function isListLike(sentence: Sentence): boolean {
  const shape = shapeOf([sentence]);
  return shape.words >= 8 && shape.functionShare < 0.12 && shape.verbs * 5 < shape.words;
}
