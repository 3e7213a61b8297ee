import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LabTexts } from './lab-texts.js';
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

let cached: Course | undefined;

/**
 * The course the tutor teaches. Uses the build's compiled course.json when present (no YAML or schema code is
 * loaded at start-up); otherwise reads and validates the YAML (tests, development), which throws a CourseError
 * listing every problem.
 */
export async function loadCourse(): Promise<Course> {
  if (cached) return cached;
  const compiled = join(dirname(fileURLToPath(import.meta.url)), COMPILED_COURSE);
  if (existsSync(compiled)) {
    cached = JSON.parse(readFileSync(compiled, 'utf8')) as Course;
  } else {
    const { compileCourse } = await import('./compile.js');
    cached = compileCourse(shippedLessonsDir());
  }
  return cached;
}

let cachedLabs: LabTexts | undefined;

/** The lab texts alone, written by the build beside the course (the lab commands read only this). */
export const COMPILED_LAB_TEXTS = 'lab-texts.json';

/**
 * The TLS lab scenarios' texts the tutor ships: from the build's compiled files when present (no YAML, no schema
 * code), otherwise read and validated from lessons/labs/ (tests, development), which throws listing every problem.
 */
export async function shippedLabTexts(): Promise<LabTexts> {
  if (cachedLabs) return cachedLabs;
  const here = dirname(fileURLToPath(import.meta.url));
  if (cached) cachedLabs = cached.labs ?? {};
  else if (existsSync(join(here, COMPILED_LAB_TEXTS))) cachedLabs = JSON.parse(readFileSync(join(here, COMPILED_LAB_TEXTS), 'utf8')) as LabTexts;
  else if (existsSync(join(here, COMPILED_COURSE))) cachedLabs = (await loadCourse()).labs ?? {};
  else {
    const { compileLabTexts } = await import('./lab-texts.js');
    cachedLabs = compileLabTexts(shippedLessonsDir());
  }
  return cachedLabs;
}
