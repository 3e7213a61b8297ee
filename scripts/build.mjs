// Builds dist/: the course compiled from lessons/ (so start-up never parses YAML) and one esbuild bundle of the
// app, split so that commands and heavy modules (labs, PKI) load only when used.
import { build } from 'esbuild';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
 * Ink measures and parses every line of text again on each frame: its caches live in a new Output per frame. Most
 * lines do not change between two frames, so one set of caches kept across frames (dropped when large) saves
 * about a quarter of the work per key. A build-time edit of ink/build/output.js; the build stops if Ink changes.
 */
const INK_OUTPUT = /[\\/]node_modules[\\/]ink[\\/]build[\\/]output\.js$/;
const keepInkCaches = {
  name: 'keep-ink-caches',
  setup(build) {
    build.onLoad({ filter: INK_OUTPUT }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      const perFrame = '    caches = new OutputCaches();';
      if (!source.includes(perFrame) || !source.includes('export default class Output {')) {
        throw new Error(`${args.path}: Ink's Output no longer creates its caches per frame; review keep-ink-caches in scripts/build.mjs`);
      }
      const shared = [
        'let sharedCaches = new OutputCaches();',
        // A screen has a few dozen lines; each parsed line holds an object per character (~6 kB for 100 columns),
        // so the caches are dropped whole well before they could weigh on memory.
        '// Dropped whole when large: a screen is a few dozen lines, a parsed line a few kB.',
        'const keptCaches = () => (sharedCaches.styledChars.size > 1000 || sharedCaches.widths.size > 5000 ? (sharedCaches = new OutputCaches()) : sharedCaches);',
        'export default class Output {',
      ].join('\n');
      return {
        contents: source.replace(perFrame, '    caches = keptCaches();').replace('export default class Output {', shared),
        loader: 'js',
      };
    });
  },
};

/** Builds into `outdir` (default dist/). Tests build into a private folder so parallel runs never share one. */
export async function buildAll(outdir = dist, { metafile = false } = {}) {
rmSync(outdir, { recursive: true, force: true });
mkdirSync(outdir, { recursive: true });

// 1. Validate and compile the course. A broken lesson fails the build with the same errors `lessons check` prints.
const compiler = join(outdir, '.compile-course.mjs');
await build({ ...common, entryPoints: [join(root, 'scripts/compile-course.ts')], outfile: compiler });
const { compile } = await import(pathToFileURL(compiler).href);
try {
  writeFileSync(join(outdir, 'course.json'), JSON.stringify(await compile(join(root, 'lessons'))));
} finally {
  rmSync(compiler, { force: true });
}

// 2. The app.
const app = await build({
  ...common,
  metafile,
  entryPoints: { cli: join(root, 'src/cli/entry.ts') },
  outdir,
  splitting: true,
  chunkNames: '[name]-[hash]',
  plugins: [keepInkCaches],
  minify: process.env.MTLS_BUILD_NO_MINIFY !== "1",
  legalComments: 'none',
});
// Tests read which modules each chunk holds, to prove start-up loads nothing heavy.
if (metafile) writeFileSync(join(outdir, 'meta.json'), JSON.stringify(app.metafile));
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
