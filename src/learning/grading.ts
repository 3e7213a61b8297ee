import type { Choice, Question } from '../content/schema.js';
import { shuffle, type Rng } from './rng.js';

/** One choice after an answer: what it says, whether it is right, whether the learner chose it, and why. */
export interface ChoiceFeedback {
  /** Index as written in the lesson. */
  index: number;
  text: string;
  correct: boolean;
  chosen: boolean;
  /** Why it is wrong (every wrong choice has one), or why it is right when the lesson says. */
  why?: string;
}

export interface AnswerFeedback {
  correct: boolean;
  /** Index (as written in the lesson) and text of the learner's choice. */
  chosenIndex: number;
  chosen: Choice;
  /** The right choice. */
  rightIndex: number;
  right: Choice;
  /** Why the chosen choice is wrong; undefined when it was right. */
  whyWrong?: string;
  /** Why the right choice is right, when the lesson says. */
  whyRight?: string;
  /** Every choice, in the lesson's order, each with its why: feedback covers the distractors not chosen too. */
  choices: ChoiceFeedback[];
  solution: string[];
  quickCheck: string;
  mistakes: string[];
}

export function correctIndex(question: Question): number {
  const index = question.choices.findIndex((c) => c.correct === true);
  if (index < 0) throw new Error(`question ${question.id} has no correct choice`); // the schema rules this out
  return index;
}

/** Grades a choice (an index into `question.choices` as written in the lesson). */
export function gradeAnswer(question: Question, chosenIndex: number): AnswerFeedback {
  const chosen = question.choices[chosenIndex];
  if (!chosen) throw new RangeError(`question ${question.id} has no choice ${chosenIndex}`);
  const rightIndex = correctIndex(question);
  const right = question.choices[rightIndex] as Choice;
  const correct = chosenIndex === rightIndex;
  return {
    correct,
    chosenIndex,
    chosen,
    rightIndex,
    right,
    ...(correct ? {} : { whyWrong: chosen.why ?? 'This choice is not the right one.' }),
    ...(right.why ? { whyRight: right.why } : {}),
    choices: reviewChoices(question, chosenIndex),
    solution: question.solution,
    quickCheck: question.quickCheck,
    mistakes: question.mistakes,
  };
}

/** Every choice of a question with its why, marking the one chosen (none when `chosenIndex` is undefined). */
export function reviewChoices(question: Question, chosenIndex?: number): ChoiceFeedback[] {
  return question.choices.map((choice, index) => ({
    index,
    text: choice.text,
    correct: choice.correct === true,
    chosen: index === chosenIndex,
    ...(choice.why ? { why: choice.why } : {}),
  }));
}

/**
 * The order to show a question's choices in: indexes into `question.choices`, shuffled so the right answer is
 * not always where the author happened to write it.
 */
export function choiceOrder(question: Question, rng: Rng): number[] {
  return shuffle(
    question.choices.map((_, i) => i),
    rng,
  );
}
