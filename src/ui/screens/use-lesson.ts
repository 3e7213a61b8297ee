import type { Lesson } from '../../content/schema.js';
import { useApp } from '../context.js';

/** The lesson a route names. Routes are only built from the course, so a miss is a programming error. */
export function useLesson(lessonId: string): Lesson {
  const { course } = useApp();
  const lesson = course.lessons.find((l) => l.id === lessonId);
  if (!lesson) throw new Error(`no lesson '${lessonId}'`);
  return lesson;
}
