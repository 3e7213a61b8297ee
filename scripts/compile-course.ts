import { join } from 'node:path';
import { compileCourse, CourseError } from '../src/content/compile.js';
import { formatError } from '../src/content/load.js';
import type { Course } from '../src/content/schema.js';
import { knownLabIds, tlsLabShapes } from '../src/cli/known-labs.js';
import { ERRORS_FOLDER, loadErrorTable } from '../src/why/table.js';
import type { ErrorTable } from '../src/why/types.js';

/** Run by scripts/build.mjs: validates the lessons and lab texts (as `lessons check` does) and returns the course to ship. */
export function compile(dir: string): Course {
  return compileCourse(dir, knownLabIds(), tlsLabShapes());
}

/** Run by scripts/build.mjs after compile(): validates lessons/errors/ (as `lessons check` does) and returns the table to ship. */
export function compileErrors(dir: string, course: Course): ErrorTable {
  const errorsDir = join(dir, ERRORS_FOLDER);
  const { table, errors } = loadErrorTable(errorsDir, { labIds: new Set([...knownLabIds(), ...course.policyScenarios.peer.map((s) => s.id), ...course.policyScenarios.authz.map((s) => s.id)]), lessonIds: new Set(course.lessons.map((lesson) => lesson.id)) });
  if (errors.length > 0) throw new CourseError(`the error signatures in ${errorsDir} have ${errors.length} problem(s):\n${errors.map(formatError).join('\n')}`);
  return table;
}
