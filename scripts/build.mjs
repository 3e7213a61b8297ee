// Builds dist/: the course compiled from lessons/ (so start-up never parses YAML) and one esbuild bundle of the
// app, split so that commands and heavy modules (labs, PKI) load only when used.
import { build } from 'esbuild';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  logLevel: 'warning',
  // Some bundled CommonJS dependencies call require() for Node built-ins.
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  define: { __MTLS_TUTOR_VERSION__: JSON.stringify(pkg.version), 'process.env.NODE_ENV': '"production"' },
  // Ink loads React DevTools only when DEV=true; it is not a dependency.
  external: ['react-devtools-core'],
};

/**
 * Small edits to two dependencies, made at bundle time (node_modules is never touched), for speed only. Each names
 * the exact text it replaces; if a new version of the dependency no longer has it, the build warns and bundles
 * the file unedited (the app works, a little slower), and the tests, which check that every edit applied, fail.
 */
const DEPENDENCY_EDITS = [
  {
    // Ink measures and parses every line of text again on each frame: its caches live in a new Output per frame.
    // Most lines do not change between two frames, so one set of caches kept across frames saves about a quarter
    // of the work per key. A screen is a few dozen lines and a parsed line a few kB, so they are dropped whole
    // well before they could weigh on memory.
    name: 'keep-ink-caches',
    file: 'node_modules/ink/build/output.js',
    replace: [
      ['    caches = new OutputCaches();', '    caches = keptCaches();'],
      [
        'export default class Output {',
        [
          'let sharedCaches = new OutputCaches();',
          'const keptCaches = () => (sharedCaches.styledChars.size > 1000 || sharedCaches.widths.size > 5000 ? (sharedCaches = new OutputCaches()) : sharedCaches);',
          'export default class Output {',
        ].join('\n'),
      ],
    ],
  },
  {
    // string-width tests every non-ASCII character against \p{RGI_Emoji}, a regular expression that takes ~20 ms
    // to compile: on the first frame, for the ▱ of a progress bar. Every RGI emoji contains an Emoji_Presentation
    // code point, VS16, a keycap, a ZWJ, a regional indicator or a tag, so a cheap test for those first gives the
    // same widths without compiling it for text that has none.
    name: 'string-width-emoji-precheck',
    file: 'node_modules/string-width/index.js', // Ink's; wrap-ansi's older copy has other rules and is left alone
    replace: [
      [
        'if (rgiEmojiRegex.test(segment) || isDoubleWidthNonRgiEmojiSequence(segment)) {',
        'if ((mayBeEmojiRegex.test(segment) && rgiEmojiRegex.test(segment)) || isDoubleWidthNonRgiEmojiSequence(segment)) {',
      ],
      [
        'const rgiEmojiRegex = /^\\p{RGI_Emoji}$/v;',
        'const rgiEmojiRegex = /^\\p{RGI_Emoji}$/v;\nconst mayBeEmojiRegex = /[\\p{Emoji_Presentation}\\uFE0F\\u20E3\\u200D\\u{1F1E6}-\\u{1F1FF}\\u{E0020}-\\u{E007F}]/u;',
      ],
    ],
  },
];

/** Names of the edits applied by the last build (tests read them from dist/edits-applied.json). */
const appliedEdits = new Set();

export const editDependencies = {
  name: 'edit-dependencies',
  setup(build) {
    for (const edit of DEPENDENCY_EDITS) {
      const path = join(root, edit.file);
      build.onLoad({ filter: new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }, (args) => {
        const original = readFileSync(args.path, 'utf8');
        let source = original;
        for (const [from, to] of edit.replace) {
          if (!source.includes(from)) {
            const text = `${args.path} has changed: the edit '${edit.name}' in scripts/build.mjs no longer applies (looked for: ${from}); bundled unedited`;
            return { contents: original, loader: 'js', warnings: [{ text }] };
          }
          source = source.replace(from, to);
        }
        appliedEdits.add(edit.name);
        return { contents: source, loader: 'js' };
      });
    }
  },
};

/** Builds into `outdir` (default dist/). Tests build into a private folder so parallel runs never share one. */
export async function buildAll(outdir = dist, { metafile = false } = {}) {
rmSync(outdir, { recursive: true, force: true });
mkdirSync(outdir, { recursive: true });

// 1. Validate and compile the course. A broken lesson fails the build with the same errors `lessons check` prints.
const compiler = join(outdir, '.compile-course.mjs');
await build({ ...common, entryPoints: [join(root, 'scripts/compile-course.ts')], outfile: compiler });
const { compile, compileErrors } = await import(pathToFileURL(compiler).href);
try {
  const course = await compile(join(root, 'lessons'));
  writeFileSync(join(outdir, 'course.json'), JSON.stringify(course));
  // The lab commands need only the lab texts: a small file of their own, so they never parse the whole course.
  writeFileSync(join(outdir, 'lab-texts.json'), JSON.stringify(course.labs));
  // The error-signature table for `why` (lessons/errors/), checked against the course and the labs.
  writeFileSync(join(outdir, 'errors.json'), JSON.stringify(compileErrors(join(root, 'lessons'), course)));
} finally {
  rmSync(compiler, { force: true });
}

// 2. The app.
appliedEdits.clear();
const app = await build({
  ...common,
  metafile: true,
  entryPoints: { cli: join(root, 'src/cli/entry.ts') },
  outdir,
  splitting: true,
  chunkNames: '[name]-[hash]',
  plugins: [editDependencies],
  minify: process.env.MTLS_BUILD_NO_MINIFY !== '1', // 1: readable output, to profile the bundle
  legalComments: 'none',
});
// Tests read which modules each chunk holds, to prove start-up loads nothing heavy.
if (metafile) writeFileSync(join(outdir, 'meta.json'), JSON.stringify(app.metafile));
// Which dependency edits applied, by name: tests check them here rather than in (minified or not) output.
writeFileSync(join(outdir, 'edits-applied.json'), JSON.stringify({ expected: DEPENDENCY_EDITS.map((e) => e.name), applied: [...appliedEdits].sort() }));
// The bundle carries third-party code, so the package ships those packages' licences beside it.
writeFileSync(join(outdir, 'THIRD-PARTY-NOTICES.md'), thirdPartyNotices(Object.keys(app.metafile.inputs)));
}

/** The package folder of each bundled input under node_modules (nested and scoped packages included). */
export function bundledPackageDirs(inputs) {
  const dirs = new Set();
  for (const input of inputs) {
    const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input.replace(/\\/g, '/'));
    if (match) dirs.add(match[1]);
  }
  return [...dirs];
}

const LICENCE_FILE = /^(licen[cs]e|copying)(\.(md|txt|markdown))?$/i;
const NOTICE_FILE = /^notice(\.(md|txt))?$/i;

function thirdPartyNotices(inputs) {
  const packages = bundledPackageDirs(inputs)
    .map((dir) => {
      const manifest = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8'));
      const files = readdirSync(join(root, dir));
      const texts = [files.find((name) => LICENCE_FILE.test(name)), files.find((name) => NOTICE_FILE.test(name))]
        .filter((name) => name !== undefined)
        .map((name) => readFileSync(join(root, dir, name), 'utf8').trim());
      return { name: manifest.name, version: manifest.version, license: manifest.license ?? 'see package', text: texts.length > 0 ? texts.join('\n\n') : undefined };
    })
    .sort((a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version));
  const seen = new Set();
  const unique = packages.filter((p) => !seen.has(`${p.name}@${p.version}`) && seen.add(`${p.name}@${p.version}`));
  return [
    '# Third-party notices',
    '',
    `mtls-tutor's bundle (dist/) includes the following ${unique.length} packages. Their licences follow.`,
    '',
    ...unique.flatMap((p) => [`## ${p.name} ${p.version} (${p.license})`, '', p.text ?? `Licence: ${p.license} (the package ships no licence file).`, '']),
  ].join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    await buildAll();
    console.log(`built dist/ (mtls-tutor ${pkg.version})`);
  } catch (error) {
    // Lesson problems arrive as a CourseError listing file:line: field: message; print them, not a stack.
    console.error(error.message);
    process.exit(1);
  }
}
