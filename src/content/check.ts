import type { ContentError } from './load.js';
import type { Lesson } from './schema.js';

/**
 * Rules that span lessons: ids are unique across the whole course (progress is keyed on them), and every lab a
 * lesson names exists. `knownLabIds` is passed in by the caller so this layer never imports the labs.
 */
export function checkCourse(lessons: Array<{ file: string; lesson: Lesson }>, knownLabIds?: ReadonlySet<string>): ContentError[] {
  const errors: ContentError[] = [];
  const firstSeen = new Map<string, string>();
  const claim = (id: string, file: string, path: string) => {
    const where = firstSeen.get(id);
    if (where) errors.push({ file, path, message: `id '${id}' is already used at ${where}; ids must be unique across the course` });
    else firstSeen.set(id, `${file} ${path}`);
  };
  for (const { file, lesson } of lessons) {
    claim(lesson.id, file, 'id');
    lesson.cards.forEach((c, i) => claim(c.id, file, `cards[${i}].id`));
    lesson.questions.forEach((q, i) => claim(q.id, file, `questions[${i}].id`));
    lesson.explain.forEach((e, i) => claim(e.id, file, `explain[${i}].id`));
    if (knownLabIds) {
      lesson.labs.forEach((lab, i) => {
        if (!knownLabIds.has(lab)) errors.push({ file, path: `labs[${i}]`, message: `unknown lab '${lab}'. Known labs: ${[...knownLabIds].sort().join(', ')}` });
      });
    }
  }
  return errors;
}
