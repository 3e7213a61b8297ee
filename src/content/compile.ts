import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadScenarioDir, scenarioIds } from '../policy/scenario-files.js';
import { checkCourse } from './check.js';
import { shippedLessonsDir } from './course.js';
import { formatError, loadLessonDir, type ContentError } from './load.js';
import type { Course } from './schema.js';

export class CourseError extends Error {
  override name = 'CourseError';
}

/** The policy scenarios for a lesson folder: its own policy/ subfolder, else the shipped ones. */
export function policyScenarioDir(dir: string): string {
  const own = join(dir, 'policy');
  return existsSync(own) ? own : join(shippedLessonsDir(), 'policy');
}

/**
 * Reads, validates and cross-checks a lesson folder and its policy scenarios. A lesson may name a TLS lab
 * (`knownLabIds`, passed in so this layer never imports the labs) or a policy scenario. Every problem is returned.
 */
export function checkCourseDir(dir: string, knownLabIds?: ReadonlySet<string>) {
  const { lessons, errors } = loadLessonDir(dir);
  const scenarios = loadScenarioDir(policyScenarioDir(dir));
  const known = knownLabIds ? new Set([...knownLabIds, ...scenarioIds(scenarios.data)]) : undefined;
  errors.push(...(scenarios.errors as ContentError[]), ...checkCourse(lessons, known));
  return { lessons, policyScenarios: scenarios.data, errors };
}

/** Reads, validates and cross-checks a lesson folder; throws a CourseError listing every problem. */
export function compileCourse(dir: string, knownLabIds?: ReadonlySet<string>): Course {
  const { lessons, policyScenarios, errors } = checkCourseDir(dir, knownLabIds);
  if (errors.length > 0) throw new CourseError(`the lessons in ${dir} have ${errors.length} problem(s):\n${errors.map(formatError).join('\n')}`);
  return { lessons: lessons.map((l) => l.lesson), policyScenarios };
}
