// The progress store under a long history, run by bench/store.mjs (bundled with esbuild, one process per step):
//
//   store-driver seed HOME N COURSE   writes HOME/progress.json holding N events of a learner's history, in the
//                                     format the tutor used before compaction (version 1: every event, one a line)
//   store-driver open HOME            opens the store (migrating/compacting on the first open); prints timings
//   store-driver answers HOME K       opens the store, then saves K answers as the tutor does (the answer, then its
//                                     study time); prints the time of each
import { closeSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openProgressStore } from '../src/progress/store.js';
import { syntheticHistory, type HistoryCourse } from '../test/progress/synthetic-history.js';

const [mode, home, arg, coursePath] = process.argv.slice(2) as [string, string, string, string];

if (mode === 'seed') {
  const course = JSON.parse(readFileSync(coursePath, 'utf8')) as HistoryCourse;
  const fd = openSync(join(home, 'progress.json'), 'w');
  let chunk = '{"app":"mtls-tutor","version":1,"events":[\n';
  let first = true;
  for (const event of syntheticHistory(course, Number(arg), { seed: 42, end: new Date(Date.now() - 86_400_000) })) {
    chunk += `${first ? '' : ',\n'}${JSON.stringify(event)}`;
    first = false;
    if (chunk.length > 1 << 20) {
      writeSync(fd, chunk);
      chunk = '';
    }
  }
  writeSync(fd, `${chunk}\n]}\n`);
  closeSync(fd);
} else if (mode === 'open') {
  const started = performance.now();
  const store = openProgressStore({ home });
  const ms = performance.now() - started;
  print({ ms, size: store.size, notices: store.notices, bytes: statSync(store.path).size, rss: process.memoryUsage().rss });
} else if (mode === 'answers') {
  const store = openProgressStore({ home });
  const samples: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < Number(arg); i++) {
    const at = new Date().toISOString();
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    store.record({ type: 'answer', at, lessonId: 'bench', questionId: `bench-q${i % 7}`, choice: 0, correct: i % 3 !== 0, hintUsed: false, mode: 'practice' });
    store.record({ type: 'study-time', at, ms: 4_000, mode: 'practice', lessonId: 'bench' });
    samples.push(performance.now() - started);
    const used = process.cpuUsage(cpuBefore);
    cpu.push((used.user + used.system) / 1000);
  }
  print({ samples, cpu, size: store.size, bytes: statSync(store.path).size, persistent: store.persistent, notices: store.notices });
} else {
  process.stderr.write(`unknown mode ${mode}\n`);
  process.exitCode = 2;
}

function print(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}
