import { DIFFICULTIES, TEST_BLUEPRINT, type Difficulty } from '../content/constants.js';
import type { Question } from '../content/schema.js';
import { isEvent, type ProgressEvent } from './events.js';
import { shuffle, type Rng } from './rng.js';

/** Questions answered within this many days count as "seen recently" and are drawn only when nothing else is left. */
export const RECENT_DAYS = 3;
const DAY_MS = 86_400_000;

export type Verdict = 'weak' | 'developing' | 'strong';
export type Breakdown = Record<Difficulty, { right: number; total: number }>;

/** The verdict rule, in the words the result screen shows. */
export const VERDICT_RULE =
  'Strong: 8 or more of 10 right, including at least 2 of the 3 hard ones. Developing: 5 or more right. Weak: fewer than 5.';

/**
 * Draws the 10-question test: TEST_BLUEPRINT questions of each difficulty (3 easy, 4 medium, 3 hard), in that
 * order. Within a difficulty, questions not answered in the last RECENT_DAYS come first (in random order), then
 * the ones seen longest ago.
 */
export function drawTest(questions: readonly Question[], events: readonly ProgressEvent[], rng: Rng, now: Date = new Date()): Question[] {
  const lastSeen = new Map<string, number>();
  for (const event of events.filter(isEvent('answer'))) {
    const t = Date.parse(event.at);
    if (t > (lastSeen.get(event.questionId) ?? -Infinity)) lastSeen.set(event.questionId, t);
  }
  const recentSince = now.getTime() - RECENT_DAYS * DAY_MS;
  const drawn: Question[] = [];
  for (const difficulty of DIFFICULTIES) {
    const pool = shuffle(
      questions.filter((q) => q.difficulty === difficulty),
      rng,
    );
    const fresh = pool.filter((q) => (lastSeen.get(q.id) ?? -Infinity) < recentSince);
    const recent = pool
      .filter((q) => (lastSeen.get(q.id) ?? -Infinity) >= recentSince)
      .sort((a, b) => (lastSeen.get(a.id) ?? 0) - (lastSeen.get(b.id) ?? 0));
    drawn.push(...[...fresh, ...recent].slice(0, TEST_BLUEPRINT[difficulty]));
  }
  return drawn;
}

export interface TestResult {
  score: number;
  total: number;
  breakdown: Breakdown;
  verdict: Verdict;
  /** VERDICT_RULE, so a screen can show the rule next to the verdict. */
  rule: string;
  /** Topics of the questions answered wrong, first occurrence order, no duplicates. */
  topicsMissed: string[];
  /** What to do next, as sentences. */
  nextSteps: string[];
}

export function verdictFor(score: number, hardRight: number): Verdict {
  if (score >= 8 && hardRight >= 2) return 'strong';
  if (score >= 5) return 'developing';
  return 'weak';
}

/** Scores a finished test. `answers[i]` is whether `questions[i]` was answered right. */
export function scoreTest(questions: readonly Question[], answers: readonly boolean[]): TestResult {
  const breakdown: Breakdown = { easy: { right: 0, total: 0 }, medium: { right: 0, total: 0 }, hard: { right: 0, total: 0 } };
  const topicsMissed: string[] = [];
  questions.forEach((question, i) => {
    const right = answers[i] === true;
    breakdown[question.difficulty].total++;
    if (right) breakdown[question.difficulty].right++;
    else if (!topicsMissed.includes(question.topic)) topicsMissed.push(question.topic);
  });
  const score = answers.filter((a) => a).length;
  const verdict = verdictFor(score, breakdown.hard.right);
  return { score, total: questions.length, breakdown, verdict, rule: VERDICT_RULE, topicsMissed, nextSteps: nextSteps(verdict, topicsMissed) };
}

export function nextSteps(verdict: Verdict, topicsMissed: readonly string[]): string[] {
  const topics = topicsMissed.length > 0 ? ` (${topicsMissed.join(', ')})` : '';
  switch (verdict) {
    case 'weak':
      return [
        'Read the Learn pages again, slowly.',
        'Then do Practice on easy questions until most come out right, and Recall the cards.',
        'Take the test again in a day or two.',
      ];
    case 'developing':
      return [
        `Practice medium and hard questions on the topics you missed${topics}.`,
        'Clear your Mistakes list, then take the test again.',
      ];
    case 'strong':
      return topicsMissed.length > 0
        ? [`Skim the cheat sheet for what you missed${topics}.`, 'Keep it fresh with Recall reviews, then move on to the next lesson.']
        : ['Keep it fresh with Recall reviews when cards are due, and move on to the next lesson.'];
  }
}
