// `npm run eval:explain`: bundles the evaluation runner (test/learning/explain-eval/run.ts) with esbuild into a
// temporary file under dist/ and runs it, so no TypeScript loader is needed. Prints agreement per prompt and overall.
import { build } from 'esbuild';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// Inside the project (dist/ is build output, ignored by git) so the bundle resolves the project's packages.
mkdirSync(join(root, 'dist'), { recursive: true });
const dir = mkdtempSync(join(root, 'dist', '.eval-explain-'));
try {
  const outfile = join(dir, 'run.mjs');
  await build({
    entryPoints: [join(root, 'test/learning/explain-eval/run.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    logLevel: 'warning',
    // The runner finds its data next to its source, not next to the bundle.
    define: { 'import.meta.url': JSON.stringify(pathToFileURL(join(root, 'test/learning/explain-eval/run.ts')).href) },
  });
  const { main } = await import(pathToFileURL(outfile).href);
  process.exitCode = main(process.argv.slice(2));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
