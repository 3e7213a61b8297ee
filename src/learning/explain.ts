import type { Concept, ExplainPrompt } from '../content/schema.js';
import { tokens, type Tokens } from './text.js';

/** Extra words allowed between two consecutive words of a phrase ("client sends its certificate"). */
export const PHRASE_GAP = 2;

export interface ExplanationScore {
  covered: Concept[];
  missed: Concept[];
  score: number;
  total: number;
  /** For each covered concept (same order as `covered`), the phrase from `matches` that it was recognised by. */
  evidence: string[];
}

/**
 * Scores a typed explanation by the concepts it covers. A concept is covered when any of its `matches` phrases
 * occurs in the answer: every word of the phrase, stemmed, in order, with at most PHRASE_GAP other words between
 * neighbours. A phrase also matches the same letters run together or split up ("mTLS" / "m-TLS",
 * "CertificateVerify" / "certificate verify").
 */
export function scoreExplanation(answer: string, prompt: ExplainPrompt): ExplanationScore {
  const said = tokens(answer);
  const covered: Concept[] = [];
  const missed: Concept[] = [];
  const evidence: string[] = [];
  for (const concept of prompt.concepts) {
    const hit = concept.matches.find((phrase) => phraseOccurs(tokens(phrase), said));
    if (hit === undefined) missed.push(concept);
    else {
      covered.push(concept);
      evidence.push(hit);
    }
  }
  return { covered, missed, score: covered.length, total: prompt.concepts.length, evidence };
}

export function phraseOccurs(phrase: Tokens, said: Tokens): boolean {
  if (phrase.stems.length === 0) return false;
  for (let start = 0; start < said.stems.length; start++) {
    if (said.stems[start] === phrase.stems[0] && inOrderFrom(phrase.stems, said.stems, 1, start)) return true;
  }
  return runTogether(phrase.raw.join(''), said.raw);
}

function inOrderFrom(phrase: string[], said: string[], next: number, at: number): boolean {
  if (next === phrase.length) return true;
  for (let i = at + 1; i <= Math.min(at + 1 + PHRASE_GAP, said.length - 1); i++) {
    if (said[i] === phrase[next] && inOrderFrom(phrase, said, next + 1, i)) return true;
  }
  return false;
}

/** "mtls" matches the words "m tls", and "certificate verify" matches "certificateverify". */
function runTogether(compact: string, said: string[]): boolean {
  if (compact.length < 4) return false; // too short to be distinctive
  for (let start = 0; start < said.length; start++) {
    let joined = '';
    for (let end = start; end < Math.min(said.length, start + 4); end++) {
      joined += said[end];
      if (joined === compact) return true;
      if (joined.length >= compact.length) break;
    }
  }
  return false;
}
