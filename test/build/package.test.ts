import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';

// What `npm pack` puts in the tarball users install with `npx mtls-tutor`. Read from the repo's own build
// (`npm install` builds dist/ in `prepare`), which is what `npm publish` would pack.
const root = process.cwd();
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };

function packedFiles(): string[] {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  return (JSON.parse(out) as [{ files: { path: string }[] }])[0].files.map((f) => f.path);
}

const work = mkdtempSync(join(tmpdir(), 'mtls-pack-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the published package', () => {
  it('has no runtime dependencies: everything the bin loads is in the bundle, so npx installs nothing else', () => {
    expect(Object.keys(manifest.dependencies ?? {})).toEqual([]);
  });

  it('holds the bin, the bundle, the course, the licence and the third-party notices, and no sources, tests or maps', () => {
    expect(existsSync(join(root, 'dist/cli.js')), 'dist/ is built by npm install (prepare)').toBe(true);
    const files = packedFiles();
    for (const needed of ['bin/mtls-tutor.js', 'dist/cli.js', 'dist/course.json', 'dist/lab-texts.json', 'dist/errors.json', 'LICENSE', 'dist/THIRD-PARTY-NOTICES.md', 'README.md', 'package.json']) {
      expect(files).toContain(needed);
    }
    const unwanted = files.filter((f) => /^(src|test|bench|scripts)\//.test(f) || /\.(map|ts|tsx)$/.test(f) || f.endsWith('meta.json') || f.includes('.compile-course'));
    expect(unwanted).toEqual([]);
  });

  it('runs from a tarball installed with no network and an empty npm cache', () => {
    execFileSync('npm', ['pack', root, '--ignore-scripts', '--silent', '--pack-destination', work], { stdio: 'ignore' });
    const tarball = join(work, readdirSync(work).find((f) => f.endsWith('.tgz'))!);
    const prefix = join(work, 'prefix');
    execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--prefix', prefix, '--cache', join(work, 'cache'), tarball], { stdio: 'ignore' });
    expect(readdirSync(join(prefix, 'node_modules')).filter((d) => !d.startsWith('.'))).toEqual(['mtls-tutor']);
    const stats = execFileSync(join(prefix, 'node_modules/.bin/mtls-tutor'), ['lessons', 'stats', '--json'], { encoding: 'utf8', env: { ...process.env, MTLS_TUTOR_HOME: join(work, 'home') } });
    expect(JSON.parse(stats).lessons).toBeGreaterThanOrEqual(7);
    // The error table ships compiled beside the bundle: `why` reads no YAML from the package.
    const why = execFileSync(join(prefix, 'node_modules/.bin/mtls-tutor'), ['why', '--json', 'CERT_HAS_EXPIRED'], { encoding: 'utf8', env: { ...process.env, MTLS_TUTOR_HOME: join(work, 'home') } });
    expect(JSON.parse(why).recognised).toBe(true);
  }, 120_000);
});

describe('the third-party notices', () => {
  const dist = dirname(inject('bundle'));
  const notices = readFileSync(join(dist, 'THIRD-PARTY-NOTICES.md'), 'utf8');
  const bundled = new Set(
    Object.keys((JSON.parse(readFileSync(join(dist, 'meta.json'), 'utf8')) as { inputs: Record<string, unknown> }).inputs)
      .map((input) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input)?.[1])
      .filter((name): name is string => name !== undefined),
  );

  it('name every package the bundle holds, with its licence', () => {
    expect(bundled.size).toBeGreaterThan(20);
    for (const name of bundled) expect(notices, name).toMatch(new RegExp(`^## ${name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} \\S+ \\([^)]+\\)$`, 'm'));
  });

  it('carry the licence texts, not only their names', () => {
    expect(notices).toContain('Permission is hereby granted, free of charge');
    expect(notices).toMatch(/## react \S+ \(MIT\)\n\nMIT License/);
  });
});
