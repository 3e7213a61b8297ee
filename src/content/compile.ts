import { checkCourse } from './check.js';
import { checkLabTexts, loadLabTexts, type LabShape } from './lab-texts.js';
import { formatError, loadLessonDir } from './load.js';
import type { Course } from './schema.js';
import { checkSynonymReferences, loadSynonymSets } from './terms.js';

export class CourseError extends Error {
  override name = 'CourseError';
}

/**
 * Reads, validates and cross-checks a lesson folder and its lab texts (labs/); throws a CourseError listing every
 * problem. With `labShapes` (the TLS lab scenarios) every scenario must have its text and no text may be extra.
 */
export function compileCourse(dir: string, knownLabIds?: ReadonlySet<string>, labShapes?: readonly LabShape[]): Course {
  const { lessons, errors } = loadLessonDir(dir);
  errors.push(...checkCourse(lessons, knownLabIds));
  const terms = loadSynonymSets(dir);
  errors.push(...terms.errors, ...checkSynonymReferences(lessons, terms.sets));
  const labs = loadLabTexts(dir);
  errors.push(...labs.errors, ...(labShapes ? checkLabTexts(labs, dir, labShapes) : []));
  if (errors.length > 0) throw new CourseError(`the lessons in ${dir} have ${errors.length} problem(s):\n${errors.map(formatError).join('\n')}`);
  return { lessons: lessons.map((l) => l.lesson), synonyms: terms.sets, labs: labs.texts };
}
