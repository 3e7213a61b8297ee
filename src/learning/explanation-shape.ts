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
  /**
   * Words in the sentences (or list items) that read as clauses: three words or more with a verb, or prose held
   * together by prepositions and pronouns even where the verb is one this module does not know.
   */
  inClauses: number;
  /** Share of words that are function words (articles, prepositions, pronouns, auxiliaries). */
  functionShare: number;
  /** Words that are surely verbs (an auxiliary, "verifies", "rejected"). */
  verbs: number;
}

/** Function words a list of terms has too ("the CA, the trust store and the key"): not a sign of a sentence. */
const LIST_GLUE = new Set(['the', 'a', 'an', 'and', 'or', 'its', 'their', 'of', 'both', 'each', 'every', 'all', 'any']);

/** After a word that could be a verb or a noun ("show", "checks"), these make it a verb: "show a", "checks the". */
const OBJECT_STARTERS = new Set(['the', 'a', 'an', 'its', 'their', 'it', 'them', 'this', 'that', 'these', 'those', 'each',
  'every', 'any', 'all', 'both', 'his', 'her', 'our', 'your', 'my', 'to', 'with', 'against', 'on', 'by', 'for', 'from',
  'into', 'only', 'no', 'whether', 'if', 'what', 'who', 'up', 'out', 'back', 'down', 'off']);
/** ... and so do these before it: "it checks", "to request", "must trust". */
const SUBJECT_MARKERS = new Set(['it', 'they', 'we', 'you', 'i', 'he', 'she', 'which', 'who', 'to', 'must', 'can', 'will',
  'would', 'should', 'may', 'might', 'could', 'not', 'never', 'also', 'then', 'only', 'always', 'first', 'just', 'dont',
  'doesnt', 'cannot', 'cant']);

export function shapeOf(sentences: readonly Sentence[]): Shape {
  const shape: Shape = { words: 0, functionShare: 0, verbs: 0, inClauses: 0 };
  let functionWords = 0;
  for (const sentence of sentences) {
    const one = sentenceShape(sentence);
    shape.words += one.words;
    shape.verbs += one.verbs;
    functionWords += one.functionWords;
    const prose = one.words >= 5 && one.glue / one.words >= 0.15;
    if (one.words >= 3 && (one.verbs > 0 || prose) && !listLike(one)) shape.inClauses += one.words;
  }
  shape.functionShare = shape.words === 0 ? 0 : functionWords / shape.words;
  return shape;
}

interface SentenceShape {
  words: number;
  functionWords: number;
  /** Function words that a list of terms does not have (prepositions, pronouns, auxiliaries). */
  glue: number;
  verbs: number;
}

function sentenceShape(sentence: Sentence): SentenceShape {
  const shape: SentenceShape = { words: sentence.words.length, functionWords: 0, glue: 0, verbs: 0 };
  sentence.words.forEach((w, i) => {
    if (FUNCTION_WORDS.has(w.raw)) {
      shape.functionWords += 1;
      if (!LIST_GLUE.has(w.raw)) shape.glue += 1;
    }
    const evidence = verbEvidence(w.raw, w.name);
    if (evidence === 'strong') shape.verbs += 1;
    else if (evidence === 'weak') {
      // A word that is a verb or a noun ("show", "checks") is a verb with an object after it, a subject before
      // it, or first in an instruction ("Check the SAN").
      const next = sentence.words[i + 1];
      const prev = sentence.words[i - 1];
      const objectFollows = next !== undefined && next.clause === w.clause && OBJECT_STARTERS.has(next.raw);
      const subjectBefore = prev !== undefined && prev.clause === w.clause && (SUBJECT_MARKERS.has(prev.raw) || (prev.name && w.raw.endsWith('s')));
      const imperative = i === 0 && next !== undefined && verbEvidence(next.raw, next.name) === 'none';
      if (objectFollows || subjectBefore || imperative) shape.verbs += 1;
    }
  });
  return shape;
}

/** A run of terms: few function words and fewer than one verb in five words ("server cert CA trust store refused"). */
function listLike(shape: SentenceShape): boolean {
  return shape.words >= 4 && shape.functionWords / shape.words < 0.12 && shape.verbs * 5 < shape.words;
}

/**
 * True when the answer is not written as sentences: too short to explain anything, or most of it in fragments
 * (list items of one or two words, terms without a verb or a preposition, or runs of terms with a verb or two
 * dropped in). A terse but real answer ("Client sends cert; server verifies against CA bundle; failure aborts
 * handshake.") passes.
 */
export function isNotAnExplanation(shape: Shape): boolean {
  return shape.words < 4 || shape.inClauses * 2 < shape.words;
}

/**
 * A sentence that is really a run of terms ("banana server certificate purple private key trust store refused")
 * earns nothing even inside an answer that has real sentences too: many words, few function words, few verbs.
 */
export function isListLike(sentence: Sentence): boolean {
  return listLike(sentenceShape(sentence));
}
