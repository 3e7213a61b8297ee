import { correctMuchLonger, itemWritingProblems } from './item-writing.js';
import { formatPath, type ContentError, type LoadedLesson } from './load.js';

/**
 * Rules that span lessons: ids are unique across the whole course (progress is keyed on them), and every lab a
 * lesson names exists. `knownLabIds` is passed in by the caller so this layer never imports the labs.
 */
export function checkCourse(lessons: readonly LoadedLesson[], knownLabIds?: ReadonlySet<string>): ContentError[] {
  const errors: ContentError[] = [];
  const firstSeen = new Map<string, string>();
  for (const { file, lesson, lineOf } of lessons) {
    const at = (path: (string | number)[]) => {
      const line = lineOf?.(path);
      return { file, path: formatPath(path), ...(line !== undefined ? { line } : {}) };
    };
    const claim = (id: string, path: (string | number)[]) => {
      const here = at(path);
      const where = firstSeen.get(id);
      if (where) errors.push({ ...here, message: `id '${id}' is already used at ${where}; ids must be unique across the course` });
      else firstSeen.set(id, `${here.file}${here.line !== undefined ? `:${here.line}` : ''} ${here.path}`);
    };
    claim(lesson.id, ['id']);
    lesson.cards.forEach((c, i) => claim(c.id, ['cards', i, 'id']));
    lesson.questions.forEach((q, i) => claim(q.id, ['questions', i, 'id']));
    lesson.explain.forEach((e, i) => claim(e.id, ['explain', i, 'id']));
    if (knownLabIds) {
      lesson.labs.forEach((lab, i) => {
        if (!knownLabIds.has(lab)) errors.push({ ...at(['labs', i]), message: `unknown lab '${lab}'. Known labs: ${[...knownLabIds].sort().join(', ')}` });
      });
    }
  }
  errors.push(...checkRenamedIds(lessons, firstSeen));
  return errors;
}

/** An old id in renamedIds is retired: no live id anywhere in the course, and renamed by one lesson only. */
function checkRenamedIds(lessons: readonly LoadedLesson[], liveIds: ReadonlyMap<string, string>): ContentError[] {
  const errors: ContentError[] = [];
  const retired = new Map<string, string>();
  for (const { file, lesson, lineOf } of lessons) {
    for (const oldId of Object.keys(lesson.renamedIds ?? {})) {
      const path = ['renamedIds', oldId];
      const line = lineOf?.(path);
      const here = { file, path: formatPath(path), ...(line !== undefined ? { line } : {}) };
      const live = liveIds.get(oldId);
      const before = retired.get(oldId);
      if (live) errors.push({ ...here, message: `'${oldId}' is renamed, so it must not be used again, but it is the id at ${live}` });
      else if (before) errors.push({ ...here, message: `'${oldId}' is already renamed at ${before}; an old id can be renamed once` });
      else retired.set(oldId, `${file}${line !== undefined ? `:${line}` : ''}`);
    }
  }
  return errors;
}

/**
 * The item-writing limits (src/content/item-writing.ts) over the whole course: one error per question that
 * counts towards a limit the course or its lesson breaks, at the line of its correct choice. Run by `lessons
 * check`; the build does not run it, so a course over a limit still builds and runs while its author fixes it.
 */
export function checkItemWriting(lessons: readonly LoadedLesson[]): ContentError[] {
  return itemWritingProblems(lessons.map((l) => l.lesson)).map(({ lessonIndex, questionIndex, question, lengths, breaches }) => {
    const { file, lineOf } = lessons[lessonIndex]!;
    const path = ['questions', questionIndex, 'choices', question.choices.findIndex((c) => c.correct === true)];
    const line = lineOf?.(path);
    return {
      file,
      path: formatPath(path),
      ...(line !== undefined ? { line } : {}),
      message: `'${question.id}': the correct choice (${lengths.correct} characters) is ${correctMuchLonger(question) ? 'at least 20% longer than' : 'longer than'} every other (longest ${lengths.longestOther}), and too many are: ${breaches.join('; ')}. Make the distractors as specific and as long as the answer`,
    };
  });
}
