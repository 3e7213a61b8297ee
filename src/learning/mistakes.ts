import type { Lesson, Question } from '../content/schema.js';
import { isEvent, sortEvents, type AnswerEvent, type ProgressEvent } from './events.js';

/** The most recent answer to each question. */
export function lastAnswers(events: readonly ProgressEvent[]): Map<string, AnswerEvent> {
  const last = new Map<string, AnswerEvent>();
  for (const event of sortEvents(events.filter(isEvent('answer')))) last.set(event.questionId, event);
  return last;
}

export interface Mistake {
  lessonId: string;
  question: Question;
  /** When it was last answered wrong. */
  at: string;
}

/** Questions whose most recent answer was wrong (in any mode); one drops off as soon as it is answered right. */
export function mistakes(lessons: readonly Lesson[], events: readonly ProgressEvent[]): Mistake[] {
  const last = lastAnswers(events);
  const out: Mistake[] = [];
  for (const lesson of lessons) {
    for (const question of lesson.questions) {
      const answer = last.get(question.id);
      if (answer && !answer.correct) out.push({ lessonId: lesson.id, question, at: answer.at });
    }
  }
  return out;
}
