import { lessonSchema, type Difficulty, type Lesson } from '../../src/content/schema.js';

/** A small valid lesson: `cards` cards, questions per difficulty, 2 explain prompts. Choice 0 is always right. */
export function makeLesson(id: string, options: { cards?: number; easy?: number; medium?: number; hard?: number } = {}): Lesson {
  const { cards = 5, easy = 4, medium = 5, hard = 4 } = options;
  const question = (difficulty: Difficulty, n: number) => ({
    id: `${id}-${difficulty}-${n}`,
    difficulty,
    topic: `${difficulty} topic ${n % 2}`,
    prompt: `${difficulty} question ${n}?`,
    choices: [
      { text: 'right answer', correct: true, why: 'because it is right' },
      { text: 'wrong answer one', why: 'wrong one is wrong' },
      { text: 'wrong answer two', why: 'wrong two is wrong' },
    ],
    hint: 'think',
    solution: ['step one', 'step two'],
    quickCheck: 'check it',
    mistakes: ['a common mistake'],
  });
  return lessonSchema.parse({
    id,
    title: `Lesson ${id}`,
    summary: 'summary',
    minutes: 10,
    sources: [{ title: 'RFC 8446' }],
    pages: [{ title: 'p1', body: 'body' }, { title: 'p2', body: 'body' }],
    cards: Array.from({ length: cards }, (_, n) => ({ id: `${id}-card-${n}`, level: 'beginner', front: `front ${n}`, back: `back ${n}` })),
    questions: [
      ...Array.from({ length: easy }, (_, n) => question('easy', n)),
      ...Array.from({ length: medium }, (_, n) => question('medium', n)),
      ...Array.from({ length: hard }, (_, n) => question('hard', n)),
    ],
    explain: [
      {
        id: `${id}-explain-1`,
        prompt: 'Why does mTLS need a client certificate?',
        hint: 'who proves what',
        concepts: [
          {
            name: 'the client proves its identity',
            statements: [['client', 'certificate | cert', 'proves | presents | sends']],
            says: 'The client proves who it is with its certificate.',
            misconceptions: [{ claim: 'only the server proves anything', statements: [['only', 'server', 'proves']], correction: 'In mTLS the client proves its identity too.' }],
          },
          {
            name: 'the server checks it against a trusted CA',
            statements: [['server | it', 'checks | verifies', 'trusted ca | trust store']],
            says: 'The server checks it against a trusted CA.',
            misconceptions: [{ claim: 'any certificate is accepted', statements: [['accepts | accepted', 'any', 'certificate']], correction: 'Only chains to a trusted CA are accepted.' }],
          },
        ],
        modelAnswer: 'The client presents a certificate that the server verifies against a trusted CA.',
      },
      {
        id: `${id}-explain-2`,
        prompt: 'What goes wrong with an expired certificate?',
        hint: 'dates',
        concepts: [
          {
            name: 'expiry',
            statements: [['certificate | cert', 'expired']],
            says: 'The certificate has expired.',
            misconceptions: [{ claim: 'expiry does not matter', statements: [['expired', 'fine | ok']], correction: 'An expired certificate fails verification.' }],
          },
          {
            name: 'handshake fails',
            statements: [['handshake', 'fails | aborted']],
            says: 'The handshake fails.',
            misconceptions: [{ claim: 'the connection still works', statements: [['connection', 'still works']], correction: 'The handshake fails, so there is no connection.' }],
          },
        ],
        modelAnswer: 'The peer rejects the expired certificate and the handshake fails.',
      },
    ],
    cheatSheet: [{ heading: 'h', lines: ['l'] }],
  });
}

export const T0 = new Date('2026-03-02T10:00:00Z');

export function minutesAfter(base: Date, minutes: number): Date {
  return new Date(base.getTime() + minutes * 60_000);
}

let counter = 0;
/** Gives event inputs ids, as the store would. */
export function withIds<E extends object>(events: E[]): Array<E & { id: string }> {
  // Zero-padded: events at the same moment sort by id, in the order they were given ids.
  return events.map((e) => ({ ...e, id: `test-${String(++counter).padStart(6, '0')}` }));
}
