import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

/**
 * Builds the real bundle once per test run, into a private folder (parallel runs never share one), so tests of
 * the shipped binary — start-up in a pipe, exit codes — run exactly what users run.
 */
export default async function setup(project: TestProject) {
  const outdir = join(process.cwd(), '.tmp', `test-dist-${process.pid}`);
  // @ts-expect-error plain JavaScript build script without type declarations
  const { buildAll } = await import('../scripts/build.mjs');
  await buildAll(outdir, { metafile: true });
  project.provide('bundle', join(outdir, 'cli.js'));
  return () => rmSync(outdir, { recursive: true, force: true });
}

declare module 'vitest' {
  export interface ProvidedContext {
    bundle: string;
  }
}
