import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadScenarioDir, scenarioIds } from '../policy/scenario-files.js';
import { checkCourse } from './check.js';
import { shippedLessonsDir } from './course.js';
import { checkLabTexts, loadLabTexts, type LabShape } from './lab-texts.js';
import { formatError, loadLessonDir, type ContentError } from './load.js';
import type { Course } from './schema.js';
import { checkSynonymReferences, loadSynonymSets } from './terms.js';

export class CourseError extends Error {
  override name = 'CourseError';
}

/** The policy scenarios for a lesson folder: its own policy/ subfolder, else the shipped ones. */
export function policyScenarioDir(dir: string): string {
  const own = join(dir, 'policy');
  return existsSync(own) ? own : join(shippedLessonsDir(), 'policy');
}

/**
 * Reads, validates and cross-checks a lesson folder with what lives beside its lessons: the policy scenarios
 * (policy/), the synonym sets of explain statements (terms/) and the TLS lab texts (labs/). A lesson may name a
 * TLS lab (`knownLabIds`, passed in so this layer never imports the labs) or a policy scenario. With `labShapes`
 * every TLS lab scenario must have its text (unless `labTextsRequired` is false and the folder has none) and no
 * text may be extra. Every problem is returned.
 */
export function checkCourseDir(dir: string, knownLabIds?: ReadonlySet<string>, labShapes?: readonly LabShape[], { labTextsRequired = true } = {}) {
  const { lessons, errors } = loadLessonDir(dir);
  const scenarios = loadScenarioDir(policyScenarioDir(dir));
  const known = knownLabIds ? new Set([...knownLabIds, ...scenarioIds(scenarios.data)]) : undefined;
  errors.push(...(scenarios.errors as ContentError[]), ...checkCourse(lessons, known));
  const terms = loadSynonymSets(dir);
  errors.push(...terms.errors, ...checkSynonymReferences(lessons, terms.sets));
  const labs = loadLabTexts(dir);
  errors.push(...labs.errors, ...(labShapes ? checkLabTexts(labs, dir, labShapes, { required: labTextsRequired }) : []));
  return { lessons, policyScenarios: scenarios.data, synonyms: terms.sets, labs, errors };
}

/** Reads, validates and cross-checks a lesson folder; throws a CourseError listing every problem. */
export function compileCourse(dir: string, knownLabIds?: ReadonlySet<string>, labShapes?: readonly LabShape[]): Course {
  const { lessons, policyScenarios, synonyms, labs, errors } = checkCourseDir(dir, knownLabIds, labShapes);
  if (errors.length > 0) throw new CourseError(`the lessons in ${dir} have ${errors.length} problem(s):\n${errors.map(formatError).join('\n')}`);
  return { lessons: lessons.map((l) => l.lesson), synonyms, labs: labs.texts, policyScenarios };
}
