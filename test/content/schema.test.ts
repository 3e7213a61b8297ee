import { describe, expect, it } from 'vitest';
import { parseLesson, formatError } from '../../src/content/load.js';
import { fixtureLesson, toYaml } from './helpers.js';

/** Breaks the fixture with `mutate`, parses it, and returns "path: message" of every error. */
function errorsAfter(mutate: (l: Record<string, any>) => void): string[] {
  const lesson = fixtureLesson();
  mutate(lesson);
  return parseLesson('lesson.yaml', toYaml(lesson)).errors.map((e) => `${e.path}: ${e.message}`);
}

describe('lesson schema', () => {
  it('accepts the fixture lesson', () => {
    expect(errorsAfter(() => {})).toEqual([]);
  });

  it.each([
    ['a missing title', (l: any) => delete l.title, 'title: is required'],
    ['a wrong type', (l: any) => (l.minutes = 'ten'), 'minutes: minutes must be a number'],
    ['an unknown field', (l: any) => (l.extra = 1), ": unknown field 'extra'"],
    ['a bad id', (l: any) => (l.cards[1].id = 'Card One'), 'cards[1].id: id must be lower-case words joined by dashes'],
    ['a bad level', (l: any) => (l.cards[0].level = 'expert'), 'cards[0].level: level must be one of beginner, intermediate, advanced'],
    ['a bad difficulty', (l: any) => (l.questions[2].difficulty = 'trivial'), 'questions[2].difficulty: difficulty must be one of easy, medium, hard'],
    ['two correct choices', (l: any) => (l.questions[0].choices[1].correct = true), 'questions[0].choices: exactly one choice must have correct: true (found 2)'],
    ['no correct choice', (l: any) => delete l.questions[4].choices[0].correct, 'questions[4].choices: exactly one choice must have correct: true (found 0)'],
    ['a wrong choice without why', (l: any) => delete l.questions[3].choices[1].why, 'questions[3].choices[1].why: every wrong choice must say why it is wrong'],
    ['a single choice', (l: any) => l.questions[0].choices.splice(1), 'questions[0].choices: a question needs at least 2 choices'],
    ['seven choices', (l: any) => (l.questions[0].choices = [l.questions[0].choices[0], ...Array.from({ length: 6 }, (_, i) => ({ text: `w${i}`, why: 'no' }))]), 'questions[0].choices: a question has at most 6 choices'],
    ['duplicate choice texts', (l: any) => (l.questions[0].choices[1].text = 'right answer'), 'questions[0].choices[1].text: two choices have the same text'],
    ['an empty hint', (l: any) => (l.questions[1].hint = '  '), 'questions[1].hint: hint must not be empty'],
    ['no solution steps', (l: any) => (l.questions[1].solution = []), 'questions[1].solution: solution needs at least one step'],
    ['too few cards', (l: any) => l.cards.splice(4), 'cards: a lesson needs at least 5 recall cards'],
    ['too few hard questions for a test', (l: any) => (l.questions[9].difficulty = 'medium'), 'questions: the 10-question test needs at least 3 hard questions (found 2)'],
    ['an explain prompt with one concept', (l: any) => l.explain[0].concepts.splice(1), 'explain[0].concepts: an explain prompt needs at least 2 concepts'],
    ['a concept without statements', (l: any) => (l.explain[1].concepts[0].statements = []), 'explain[1].concepts[0].statements: a concept needs at least one statement'],
    ['a one-keyword statement', (l: any) => (l.explain[0].concepts[1].statements = [['certificate']]), 'explain[0].concepts[1].statements[0]: a statement needs at least 2 term groups, so that a single keyword never earns a concept'],
    ['an empty alternative', (l: any) => (l.explain[0].concepts[0].statements[0][0] = 'mutual | '), 'explain[0].concepts[0].statements[0][0]: term group "mutual | " has an empty alternative'],
    ['a bad set name', (l: any) => (l.explain[0].concepts[0].statements[0][1] = '@Show'), 'explain[0].concepts[0].statements[0][1]: "@Show" is not a synonym set name'],
    ['an @ inside a phrase', (l: any) => (l.explain[0].concepts[0].statements[0][1] = 'show @me'), 'explain[0].concepts[0].statements[0][1]: "show @me": "@" may only start a synonym set name'],
    ['a concept without says', (l: any) => delete l.explain[0].concepts[1].says, 'explain[0].concepts[1].says: is required'],
    ['two concepts with one name', (l: any) => (l.explain[0].concepts[1].name = 'Both sides authenticate'), 'explain[0].concepts[1].name: two concepts of this prompt have the same name'],
    ['fewer than two misconceptions', (l: any) => delete l.explain[1].concepts[1].misconceptions, 'explain[1].concepts: an explain prompt needs at least 2 misconceptions across its concepts (found 1)'],
    ['a misconception without a correction', (l: any) => delete l.explain[0].concepts[0].misconceptions[0].correction, 'explain[0].concepts[0].misconceptions[0].correction: is required'],
    ['the old phrase list', (l: any) => (l.explain[0].concepts[0].matches = ['mutual']), "explain[0].concepts[0]: unknown field 'matches'"],
    ['no sources', (l: any) => (l.sources = []), 'sources: sources must name at least one place the facts were checked'],
    ['a bad source url', (l: any) => (l.sources[0].url = 'not a url'), 'sources[0].url: url must be a full http(s) address'],
    ['an empty cheat sheet', (l: any) => (l.cheatSheet = []), 'cheatSheet: cheatSheet needs at least one section'],
  ])('rejects %s with a precise error', (_what, mutate, expected) => {
    expect(errorsAfter(mutate).join('\n')).toContain(expected);
  });

  it('gives the line of the offending field', () => {
    const lesson = fixtureLesson();
    lesson.cards[2].level = 'guru';
    const source = toYaml(lesson);
    const [error] = parseLesson('lessons/01-x.yaml', source).errors;
    const line = source.split('\n')[error!.line! - 1];
    expect(line).toContain('level: guru');
    expect(formatError(error!)).toMatch(/^lessons\/01-x\.yaml:\d+: cards\[2\]\.level: /);
  });

  it('points a missing field at its parent', () => {
    const lesson = fixtureLesson();
    delete lesson.questions[5].hint;
    const source = toYaml(lesson);
    const [error] = parseLesson('x.yaml', source).errors;
    expect(error!.path).toBe('questions[5].hint');
    expect(source.split('\n')[error!.line! - 1]).toContain('fix-q-5');
  });

  it('reports YAML that does not parse with its line, not a stack trace', () => {
    const { errors } = parseLesson('bad.yaml', 'id: x\ntitle: [unclosed\nsummary: y\n');
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toMatch(/^YAML does not parse/);
    expect(errors[0]!.line).toBeGreaterThanOrEqual(2);
  });

  it('rejects duplicate keys in one mapping', () => {
    const { errors } = parseLesson('dup.yaml', 'id: a\nid: b\n');
    expect(errors[0]!.message).toMatch(/YAML does not parse.*[Dd]uplicate|unique/);
  });

  it('refuses an alias bomb at once, at the first alias, instead of expanding it', () => {
    const bomb = 'a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n';
    expect(parseLesson('bomb.yaml', bomb).errors.map(formatError)).toEqual([
      'bomb.yaml:2: YAML does not parse: aliases would expand to more than 100 copies (an alias bomb?); write the values out instead',
    ]);
  });

  it('names an alias whose anchor is missing, at its line', () => {
    const lesson = toYaml(fixtureLesson()).replace('title: Fixture lesson', 'title: *lesson-title');
    expect(parseLesson('a.yaml', lesson).errors.map(formatError)).toEqual(['a.yaml:2: YAML does not parse: alias *lesson-title refers to no anchor &lesson-title set before it']);
  });

  it('says "nested too deeply" rather than leaking a stack overflow', () => {
    const [error] = parseLesson('deep.yaml', `id: x\ntitle: ${'['.repeat(20_000)}\n`).errors;
    expect(error).toMatchObject({ line: 2, message: 'YAML does not parse: nested too deeply' });
  });

  it('rejects a file that is a list instead of a lesson', () => {
    expect(parseLesson('list.yaml', '- a\n- b\n').errors[0]!.message).toMatch(/must hold one mapping/);
  });
});

describe('missing lists', () => {
  it('says a missing list is required', () => {
    const lesson = fixtureLesson();
    delete lesson.cards;
    expect(parseLesson('x.yaml', toYaml(lesson)).errors.map((e) => `${e.path}: ${e.message}`)).toEqual(['cards: is required']);
  });
});
