import { compileCourse } from '../src/content/compile.js';
import type { Course } from '../src/content/schema.js';
import { knownLabIds, tlsLabShapes } from '../src/cli/known-labs.js';

/** Run by scripts/build.mjs: validates the lessons and lab texts (as `lessons check` does) and returns the course to ship. */
export function compile(dir: string): Course {
  return compileCourse(dir, knownLabIds(), tlsLabShapes());
}
