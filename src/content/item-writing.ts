import type { Lesson, Question } from './schema.js';

/**
 * Item-writing limits for multiple-choice questions. A learner who always picks the longest choice should not
 * beat chance by much, so the course keeps the right answer from standing out by length. Pure: used by
 * `lessons check` (which enforces the limits) and `lessons stats` (which reports the fractions).
 */
export const ITEM_WRITING_LIMITS = {
  /** Most questions (course-wide) whose correct choice is strictly longer than every other choice. */
  correctIsLongest: 0.3,
  /** The same, in any one lesson. */
  correctIsLongestPerLesson: 0.4,
  /** Most questions (course-wide) whose correct choice is at least MUCH_LONGER times every distractor. */
  correctMuchLonger: 0.1,
} as const;

/** "At least 20% longer than every distractor". */
export const MUCH_LONGER = 1.2;

/** Length in characters (code points, so an emoji or accented letter counts once). */
export function choiceLength(text: string): number {
  return [...text.trim()].length;
}

export interface QuestionLengths {
  /** Length of the correct choice. */
  correct: number;
  /** Length of the longest other choice. */
  longestOther: number;
}

export function questionLengths(question: Question): QuestionLengths {
  let correct = 0;
  let longestOther = 0;
  for (const choice of question.choices) {
    const length = choiceLength(choice.text);
    if (choice.correct === true) correct = length;
    else longestOther = Math.max(longestOther, length);
  }
  return { correct, longestOther };
}

/** The correct choice is strictly longer, in characters, than every other choice. */
export function correctIsLongest(question: Question): boolean {
  const { correct, longestOther } = questionLengths(question);
  return correct > longestOther;
}

/** The correct choice is at least 20% longer than every distractor. */
export function correctMuchLonger(question: Question): boolean {
  const { correct, longestOther } = questionLengths(question);
  return correct >= MUCH_LONGER * longestOther;
}

/** The shape under `itemWriting` in `lessons stats --json` (relied on by scripts): fractions of all questions. */
export interface ItemWritingStats {
  correctIsLongest: number;
  correctMuchLonger: number;
}

const fraction = (n: number, d: number) => (d === 0 ? 0 : Math.round((n / d) * 1000) / 1000);

export function itemWritingStats(lessons: readonly Lesson[]): ItemWritingStats {
  const questions = lessons.flatMap((l) => l.questions);
  return {
    correctIsLongest: fraction(questions.filter(correctIsLongest).length, questions.length),
    correctMuchLonger: fraction(questions.filter(correctMuchLonger).length, questions.length),
  };
}

/** One question over a limit, and every limit it takes part in breaking (a question can break several). */
export interface ItemWritingProblem {
  lessonIndex: number;
  questionIndex: number;
  question: Question;
  lengths: QuestionLengths;
  /** Each limit broken, with the fraction against the limit: "course: longest in 74/131 = 56% (limit 30%)". */
  breaches: string[];
}

const percent = (n: number, d: number) => `${Math.round((n / d) * 100)}%`;
const limit = (value: number) => `${Math.round(value * 100)}%`;

/**
 * The questions that make the course break a limit: when the course (or a lesson) is over a limit, each of its
 * questions that counts towards that limit is named, so an author sees exactly which choices to rewrite.
 */
export function itemWritingProblems(lessons: readonly Lesson[]): ItemWritingProblem[] {
  const problems = new Map<string, ItemWritingProblem>();
  const flag = (lessonIndex: number, questionIndex: number, breach: string) => {
    const key = `${lessonIndex}:${questionIndex}`;
    const question = lessons[lessonIndex]!.questions[questionIndex]!;
    const problem = problems.get(key) ?? { lessonIndex, questionIndex, question, lengths: questionLengths(question), breaches: [] };
    problem.breaches.push(breach);
    problems.set(key, problem);
  };
  const all = lessons.flatMap((lesson, li) => lesson.questions.map((question, qi) => ({ li, qi, question })));
  const total = all.length;
  const longest = all.filter((q) => correctIsLongest(q.question));
  if (total > 0 && longest.length / total > ITEM_WRITING_LIMITS.correctIsLongest) {
    const breach = `course: longest in ${longest.length}/${total} = ${percent(longest.length, total)} (limit ${limit(ITEM_WRITING_LIMITS.correctIsLongest)})`;
    for (const q of longest) flag(q.li, q.qi, breach);
  }
  lessons.forEach((lesson, li) => {
    const mine = lesson.questions.filter(correctIsLongest).length;
    const count = lesson.questions.length;
    if (count > 0 && mine / count > ITEM_WRITING_LIMITS.correctIsLongestPerLesson) {
      const breach = `lesson '${lesson.id}': longest in ${mine}/${count} = ${percent(mine, count)} (limit ${limit(ITEM_WRITING_LIMITS.correctIsLongestPerLesson)})`;
      lesson.questions.forEach((question, qi) => {
        if (correctIsLongest(question)) flag(li, qi, breach);
      });
    }
  });
  const muchLonger = all.filter((q) => correctMuchLonger(q.question));
  if (total > 0 && muchLonger.length / total > ITEM_WRITING_LIMITS.correctMuchLonger) {
    const breach = `course: ${Math.round((MUCH_LONGER - 1) * 100)}%+ longer in ${muchLonger.length}/${total} = ${percent(muchLonger.length, total)} (limit ${limit(ITEM_WRITING_LIMITS.correctMuchLonger)})`;
    for (const q of muchLonger) flag(q.li, q.qi, breach);
  }
  return [...problems.values()].sort((a, b) => a.lessonIndex - b.lessonIndex || a.questionIndex - b.questionIndex);
}
