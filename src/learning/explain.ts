import type { Concept, ExplainPrompt, Misconception, SynonymSets } from '../content/schema.js';
import { isListLike, isNotAnExplanation, NOT_AN_EXPLANATION, shapeOf } from './explanation-shape.js';
import { sentencesOf, type Sentence } from './sentences.js';
import { compileStatement, matchStatement, type CompiledStatement } from './statements.js';

/**
 * Scores a typed explanation by the concepts it states. Pure and fast (a few milliseconds for a long answer).
 *
 * A concept is covered when one sentence of the answer makes one of its statements (all term groups in that
 * sentence, not negated). A sentence that makes one of the concept's misconceptions (all groups in one clause,
 * not negated) earns the concept nothing, even if another sentence covers it: the learner is shown the sentence
 * and the correction. An answer that is not written as sentences (a list of terms) scores 0 and says why.
 */

export type ConceptResult =
  | { concept: Concept; status: 'covered'; evidence: string }
  | { concept: Concept; status: 'contradicted'; claim: string; misconception: Misconception }
  | { concept: Concept; status: 'missed' };

export interface ExplanationScore {
  /** Concepts covered (contradicted ones earn nothing). */
  score: number;
  total: number;
  /** Every concept of the prompt, in the prompt's order. */
  results: ConceptResult[];
  covered: Array<{ concept: Concept; evidence: string }>;
  missed: Concept[];
  contradicted: Array<{ concept: Concept; claim: string; misconception: Misconception }>;
  notAnExplanation: boolean;
  /** Why the answer scored nothing, when it is not an explanation. */
  reason?: string;
}

interface CompiledConcept {
  concept: Concept;
  statements: CompiledStatement[];
  misconceptions: Array<{ misconception: Misconception; statements: CompiledStatement[] }>;
}

const compiledCache = new WeakMap<ExplainPrompt, { sets: SynonymSets; concepts: CompiledConcept[] }>();

/** The prompt's statements with the synonym sets expanded, compiled once per prompt. */
function compile(prompt: ExplainPrompt, sets: SynonymSets): CompiledConcept[] {
  const cached = compiledCache.get(prompt);
  if (cached && cached.sets === sets) return cached.concepts;
  const concepts = prompt.concepts.map((concept) => ({
    concept,
    statements: concept.statements.map((s) => compileStatement(s, sets)),
    misconceptions: (concept.misconceptions ?? []).map((misconception) => ({
      misconception,
      statements: misconception.statements.map((s) => compileStatement(s, sets)),
    })),
  }));
  compiledCache.set(prompt, { sets, concepts });
  return concepts;
}

export function scoreExplanation(answer: string, prompt: ExplainPrompt, sets: SynonymSets = {}): ExplanationScore {
  const sentences = sentencesOf(answer);
  const concepts = compile(prompt, sets);
  if (isNotAnExplanation(shapeOf(sentences))) {
    const results: ConceptResult[] = prompt.concepts.map((concept) => ({ concept, status: 'missed' }));
    return summarise(results, true, sentences.length === 0 ? 'Type your explanation first.' : NOT_AN_EXPLANATION);
  }
  const usable = sentences.filter((s) => !isListLike(s));
  const results = concepts.map((c) => judge(c, usable));
  return summarise(results, false);
}

function judge({ concept, statements, misconceptions }: CompiledConcept, sentences: readonly Sentence[]): ConceptResult {
  for (const sentence of sentences) {
    for (const { misconception, statements: claims } of misconceptions) {
      if (claims.some((s) => matchStatement(s, sentence, { oneClause: true }) === 'made')) {
        return { concept, status: 'contradicted', claim: sentence.text, misconception };
      }
    }
  }
  for (const sentence of sentences) {
    if (statements.some((s) => matchStatement(s, sentence) === 'made')) return { concept, status: 'covered', evidence: sentence.text };
  }
  return { concept, status: 'missed' };
}

function summarise(results: ConceptResult[], notAnExplanation: boolean, reason?: string): ExplanationScore {
  const covered = results.flatMap((r) => (r.status === 'covered' ? [{ concept: r.concept, evidence: r.evidence }] : []));
  return {
    score: covered.length,
    total: results.length,
    results,
    covered,
    missed: results.flatMap((r) => (r.status === 'missed' ? [r.concept] : [])),
    contradicted: results.flatMap((r) => (r.status === 'contradicted' ? [{ concept: r.concept, claim: r.claim, misconception: r.misconception }] : [])),
    notAnExplanation,
    ...(reason ? { reason } : {}),
  };
}

/** The result as `mtls-tutor explain score --json` prints it (relied on by scripts). */
export function scoreJson(promptId: string, score: ExplanationScore) {
  return {
    prompt: promptId,
    score: score.score,
    total: score.total,
    covered: score.covered.map((c) => ({ concept: c.concept.name, evidence: c.evidence })),
    missed: score.missed.map((c) => c.name),
    contradicted: score.contradicted.map((c) => ({ concept: c.concept.name, claim: c.claim, correction: c.misconception.correction })),
    notAnExplanation: score.notAnExplanation,
  };
}
