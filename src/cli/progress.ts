import type { Course } from '../content/schema.js';
import { formatDuration, MASTERY_RULE, summarizeProgress, type LessonProgress, type TestSummary } from '../learning/mastery.js';
import { KNOWN_RULE } from '../learning/scheduling.js';
import { renamesOf } from '../progress/format.js';
import { IMPORT_LIMITS, openProgressStore, ProgressFileError, type ProgressNotice, type ProgressStore, type StoreOptions } from '../progress/store.js';
import { parseFlags } from './args.js';
import { type CliIo, PromptEnded, signalExitCode, UsageError, UserError } from './io.js';

const HELP = `Usage
  mtls-tutor progress [--json]       what you have studied, per lesson
  mtls-tutor progress reset [--yes]  forget all progress (asks first; a backup copy is kept)
  mtls-tutor progress export FILE [--force]
                                     save all progress to FILE (an existing file only with --force)
  mtls-tutor progress import FILE    merge progress from FILE (checked first; nothing is lost on either side;
                                     a damaged file gives what it still holds; at most ${IMPORT_LIMITS.bytes / 2 ** 20} MB)

Progress is stored in $MTLS_TUTOR_HOME when set, else in your OS config folder.`;

/**
 * `progress --json` prints one object:
 *
 *   {
 *     "store":       { "path": "/home/me/.config/mtls-tutor-nodejs/progress.json", "persistent": true },
 *     "notices":     [ { "kind": "corrupt", "message": "...", "backupPath": "..." } ],   // usually empty
 *     "events":      123,              // events recorded (older ones folded into a summary count too)
 *     "streakDays":  3,                // consecutive local days with any activity, ending today or yesterday
 *     "studiedMs":   3900000,
 *     "due":         4,                // reviewed cards due now, all lessons
 *     "masteryRule": "Mastery = 40% cards known + ...",
 *     "lessons": [ {
 *       "id": "mtls-basics", "title": "...",
 *       "mastery":   0.64,             // 0..1, see masteryRule
 *       "cards":     { "known": 3, "total": 8, "due": 2, "new": 4 },
 *       "questions": { "right": 7, "total": 12 },    // answered right at least once
 *       "tests":     { "taken": 2, "best":   { "score": 8, "total": 10, "verdict": "strong", "at": "ISO time" } | null,
 *                                  "latest": { ... } | null }
 *     } ]
 *   }
 */
export interface ProgressJson {
  store: { path: string; persistent: boolean };
  notices: ProgressNotice[];
  events: number;
  streakDays: number;
  /** Live labs (TLS and policy): labs tried, and how many of their latest predictions were right. */
  labs: { tried: number; predictedRight: number };
  studiedMs: number;
  due: number;
  masteryRule: string;
  lessons: Array<Omit<LessonProgress, 'lessonId'> & { id: string }>;
}

/** What the command needs from outside, injectable for tests. */
export interface ProgressDeps {
  loadCourse?: () => Promise<Course>;
  openStore?: (options?: StoreOptions) => ProgressStore;
  now?: () => Date;
}

export async function run(argv: string[], io: CliIo, deps: ProgressDeps = {}): Promise<number> {
  const { values, positionals } = parseFlags('progress', argv, {
    json: { type: 'boolean' },
    yes: { type: 'boolean', short: 'y' },
    force: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.out(HELP);
    return 0;
  }
  const [sub, ...args] = positionals;
  const open = (options: StoreOptions = {}) => {
    const store = (deps.openStore ?? openProgressStore)(options);
    for (const notice of store.notices) io.err(`mtls-tutor: ${notice.message}`);
    return store;
  };
  switch (sub) {
    case undefined:
      return summary(open, values.json === true, io, deps);
    case 'reset':
      noMore('reset', args);
      return reset(open, values.yes === true, io);
    case 'export':
      return exportTo(open, oneFile('export', args), values.force === true, io);
    case 'import':
      return importFrom(open, oneFile('import', args), io);
    default:
      throw new UsageError(`unknown progress command '${sub}'.\n${HELP}`);
  }
}

function noMore(command: string, args: string[]): void {
  if (args.length > 0) throw new UsageError(`progress ${command} takes no arguments (got '${args[0]}')`);
}

function oneFile(command: string, args: string[]): string {
  if (args.length !== 1 || !args[0]) throw new UsageError(`progress ${command} needs exactly one FILE, e.g. 'mtls-tutor progress ${command} my-progress.json'`);
  return args[0];
}

async function summary(open: (options?: StoreOptions) => ProgressStore, json: boolean, io: CliIo, deps: ProgressDeps): Promise<number> {
  let course: Course;
  try {
    course = await (deps.loadCourse ?? (async () => (await import('../content/course.js')).loadCourse()))();
  } catch (error) {
    throw new UserError(`cannot load the lessons to summarise progress against:\n${error instanceof Error ? error.message : String(error)}`);
  }
  // Progress recorded under ids the lessons have since renamed counts under the new ids.
  const store = open({ renames: renamesOf(course.lessons) });
  const s = summarizeProgress(course.lessons, store.events(), (deps.now ?? (() => new Date()))());
  if (json) {
    const out: ProgressJson = {
      store: { path: store.path, persistent: store.persistent },
      notices: store.notices,
      events: store.size,
      streakDays: s.streakDays,
      studiedMs: s.studiedMs,
      due: s.due,
      labs: s.labs,
      masteryRule: MASTERY_RULE,
      lessons: s.lessons.map(({ lessonId, ...rest }) => ({ id: lessonId, ...rest })),
    };
    io.out(JSON.stringify(out, null, 2));
    return 0;
  }
  const width = Math.max(10, ...s.lessons.map((l) => l.title.length));
  const lines = [`Progress — stored in ${store.path}${store.persistent ? '' : ' (not writable this session: kept in memory only)'}`, ''];
  for (const l of s.lessons) {
    lines.push(`${l.title.padEnd(width)}  ${bar(l.mastery)} ${String(Math.round(l.mastery * 100)).padStart(3)}%`);
    const tests = l.tests.best ? `test best ${score(l.tests.best)}, latest ${score(l.tests.latest ?? l.tests.best)}` : 'no test yet';
    lines.push(`  cards ${l.cards.known}/${l.cards.total} known, ${l.cards.due} due · questions ${l.questions.right}/${l.questions.total} right · ${tests}`);
  }
  if (s.lessons.length === 0) lines.push('(no lessons)');
  lines.push(
    '',
    `Streak: ${s.streakDays} day${s.streakDays === 1 ? '' : 's'} · studied ${formatDuration(s.studiedMs)} · ${s.due} card${s.due === 1 ? '' : 's'} due now`,
    `Live labs: ${s.labs.tried} tried, ${s.labs.predictedRight} predicted right`,
    MASTERY_RULE,
    KNOWN_RULE,
  );
  io.out(lines.join('\n'));
  return 0;
}

function bar(fraction: number, width = 20): string {
  const full = Math.round(Math.max(0, Math.min(1, fraction)) * width);
  return `${'█'.repeat(full)}${'░'.repeat(width - full)}`;
}

function score(t: TestSummary): string {
  return `${t.score}/${t.total}`;
}

async function reset(open: () => ProgressStore, yes: boolean, io: CliIo): Promise<number> {
  if (!yes && !io.ask) {
    throw new UsageError("progress reset: not resetting without confirmation, and there is no terminal to ask in. Run 'mtls-tutor progress reset --yes' to reset anyway.");
  }
  const store = open();
  if (!yes && io.ask) {
    let reply: string;
    try {
      reply = (await io.ask(`Forget all progress (${store.size} entries in ${store.path})? A backup copy is kept. Type yes to confirm: `)).trim().toLowerCase();
    } catch (error) {
      if (!(error instanceof PromptEnded)) throw error;
      if (error.how === 'interrupted') {
        io.err('Cancelled; nothing was reset.');
        return signalExitCode('SIGINT');
      }
      throw new UserError("progress reset: no answer (the input ended); nothing was reset. Type yes at the prompt, or run 'mtls-tutor progress reset --yes'.");
    }
    if (reply !== 'yes' && reply !== 'y') {
      io.err('Nothing was changed.');
      return 1;
    }
  }
  if (!store.persistent) throw new UserError(`cannot reset: ${store.path} cannot be written this session; nothing was changed on disk.`);
  const report = store.reset();
  if (!store.persistent) throw new UserError(store.notices.at(-1)?.message ?? 'the reset could not be saved');
  io.out(`Progress cleared (${report.cleared} entries).${report.backupPath ? ` A copy was saved as ${report.backupPath} (import it to undo).` : ''}`);
  return 0;
}

async function exportTo(open: () => ProgressStore, file: string, force: boolean, io: CliIo): Promise<number> {
  const store = open();
  try {
    const report = store.exportTo(file, { force });
    io.out(`Exported ${report.events} entries to ${report.file}`);
    return 0;
  } catch (error) {
    if (error instanceof ProgressFileError) throw new UserError(`cannot export to ${error.message}`);
    throw error;
  }
}

async function importFrom(open: () => ProgressStore, file: string, io: CliIo): Promise<number> {
  const store = open();
  if (!store.persistent) throw new UserError(`cannot import: your progress (${store.path}) cannot be written this session; nothing was changed.`);
  try {
    const report = store.importFrom(file);
    if (!store.persistent) throw new UserError(store.notices.at(-1)?.message ?? 'the import could not be saved');
    const old = report.migratedFrom !== undefined ? ` (upgraded from format version ${report.migratedFrom})` : '';
    const kept = report.damaged?.kept;
    if (report.damaged) io.err(`mtls-tutor: ${report.file} is damaged (${report.damaged.problem}); ${kept === 1 ? 'the one complete entry it still holds was' : `the ${kept} complete entries it still holds were`} read.`);
    io.out(`Imported ${report.file}${old}: ${report.events} entries, ${report.added} new, ${report.events - report.added} already here.`);
    return 0;
  } catch (error) {
    if (error instanceof ProgressFileError) throw new UserError(`cannot import ${error.message}. Your progress was not changed.`);
    throw error;
  }
}
