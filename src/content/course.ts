import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkCourse } from './check.js';
import { formatError, loadLessonDir } from './load.js';
import type { Course } from './schema.js';

/** Name of the course compiled at build time, written next to the bundle so start-up never parses YAML. */
export const COMPILED_COURSE = 'course.json';

/** The shipped `lessons/` folder: found by walking up from this module (src/content/ in tests, dist/ when bundled). */
export function shippedLessonsDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++) {
    if (existsSync(join(dir, 'lessons')) && existsSync(join(dir, 'package.json'))) return join(dir, 'lessons');
    dir = dirname(dir);
  }
  throw new Error('cannot find the lessons/ folder next to package.json');
}

export class CourseError extends Error {
  override name = 'CourseError';
}

let cached: Course | undefined;

/**
 * The course the tutor teaches. Uses the build's compiled course.json when present (fast), otherwise reads and
 * validates the YAML (tests, development). Invalid content throws a CourseError listing every problem.
 */
export function loadCourse(): Course {
  if (cached) return cached;
  const compiled = join(dirname(fileURLToPath(import.meta.url)), COMPILED_COURSE);
  if (existsSync(compiled)) {
    cached = JSON.parse(readFileSync(compiled, 'utf8')) as Course;
    return cached;
  }
  cached = compileCourse(shippedLessonsDir());
  return cached;
}

/** Reads, validates and cross-checks a lesson folder; throws a CourseError when anything is wrong. */
export function compileCourse(dir: string, knownLabIds?: ReadonlySet<string>): Course {
  const { lessons, errors } = loadLessonDir(dir);
  errors.push(...checkCourse(lessons, knownLabIds));
  if (errors.length > 0) throw new CourseError(`the lessons in ${dir} have ${errors.length} problem(s):\n${errors.map(formatError).join('\n')}`);
  return { lessons: lessons.map((l) => l.lesson) };
}
