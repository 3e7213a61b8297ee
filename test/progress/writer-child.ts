// Run as a child process by concurrent.test.ts: opens the store, says it is ready (a file beside the start file),
// then, once the start file appears, records N answers as fast as it can, so two of these interleave their writes
// to one progress file.
import { existsSync, writeFileSync } from 'node:fs';
import { openProgressStore } from '../../src/progress/store.js';

const [home, tag, countText, startFile, limit, keep] = process.argv.slice(2) as [string, string, string, string, string?, string?];
const sleeper = new Int32Array(new SharedArrayBuffer(4));

// Optionally folding old events much sooner than the tutor does, so the two writers compact while they race.
const store = openProgressStore({ home, ...(limit && keep ? { compaction: { limit: Number(limit), keep: Number(keep) } } : {}) });
writeFileSync(`${startFile}.${tag}-ready`, '');
const deadline = Date.now() + 10_000;
while (!existsSync(startFile) && Date.now() < deadline) Atomics.wait(sleeper, 0, 0, 1);

for (let i = 0; i < Number(countText); i++) {
  store.record({ type: 'answer', at: new Date().toISOString(), lessonId: 'l', questionId: `${tag}-${i}`, choice: 0, correct: true, hintUsed: false, mode: 'practice' });
}
process.stdout.write(JSON.stringify({ persistent: store.persistent, notices: store.notices }));
