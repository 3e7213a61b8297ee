// Run as a child process by permissions.test.ts and crash.test.ts (built by child.ts), so the real store runs as
// another user (uid 65534 when the tests run as root) or gets SIGKILLed mid-write.
//
//   store-child.js session HOME   opens the store, records one answer, prints {opened, afterRecord} as JSON
//   store-child.js crash HOME     records answers in a tight loop, printing each id once record() has returned
//   store-child.js ensure-folder DIR  makes DIR with ensureFolder, printing the problem if any
import { writeSync } from 'node:fs';
import { ensureFolder } from '../../src/progress/folder.js';
import { openProgressStore, type ProgressStore } from '../../src/progress/store.js';

const [mode, home] = process.argv.slice(2) as [string, string];

const answer = (questionId: string) =>
  ({ type: 'answer', at: new Date().toISOString(), lessonId: 'l', questionId, choice: 0, correct: true, hintUsed: false, mode: 'practice' }) as const;

function snapshot(store: ProgressStore) {
  return {
    path: store.path,
    persistent: store.persistent,
    notices: store.notices,
    questions: store.events().map((e) => (e.type === 'answer' ? e.questionId : e.type)),
  };
}

if (mode === 'session') {
  const store = openProgressStore({ home });
  const opened = snapshot(store);
  store.record(answer('from-child'));
  process.stdout.write(JSON.stringify({ opened, afterRecord: snapshot(store) }));
} else if (mode === 'crash') {
  const store = openProgressStore({ home });
  // Bounded even if the parent never kills it.
  const deadline = Date.now() + 15_000;
  for (let i = 0; Date.now() < deadline; i++) {
    const event = store.record(answer(`q${i}`));
    // Synchronous, so a line on stdout means record() had returned: the event was on disk.
    writeSync(1, `${event.id}\n`);
  }
} else if (mode === 'ensure-folder') {
  try {
    ensureFolder(home);
  } catch (error) {
    process.stdout.write((error as Error).message);
  }
} else {
  process.stderr.write(`unknown mode ${mode}\n`);
  process.exitCode = 2;
}
