import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DirectoryNotEmptyError, EXPORTED_CLIENTS, exportLab } from '../../src/lab/export.js';

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'mtls-lab-export-'));
  dirs.push(dir);
  return dir;
}
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('lab export', () => {
  it('writes the CA, server, every client, a Secret per identity and a README; keys are 0600', async () => {
    const dir = await tempDir();
    const { files } = await exportLab(dir);
    expect(files).toEqual(expect.arrayContaining(['ca.crt', 'server.crt', 'server.key', 'README.md', 'kubernetes/server.yaml']));
    for (const name of ['good', 'expired', 'not-yet-valid', 'untrusted', 'self-signed', 'wrong-eku']) {
      expect(EXPORTED_CLIENTS).toContain(name);
      expect(files).toContain(`clients/${name}.crt`);
      expect(files).toContain(`clients/${name}.key`);
      expect(files).toContain(`kubernetes/${name}.yaml`);
    }
    for (const file of files.filter((f) => f.endsWith('.key') || f.startsWith('kubernetes/')))
      expect((await stat(join(dir, file))).mode & 0o777, file).toBe(0o600);
    expect((await stat(join(dir, 'ca.crt'))).mode & 0o077).toBe(0o044);

    const ca = new X509Certificate(await readFile(join(dir, 'ca.crt')));
    const good = new X509Certificate(await readFile(join(dir, 'clients/good.crt')));
    const untrusted = new X509Certificate(await readFile(join(dir, 'clients/untrusted.crt')));
    expect(good.checkIssued(ca)).toBe(true);
    expect(untrusted.checkIssued(ca)).toBe(false);
    expect(new Date(good.validTo).getTime()).toBeGreaterThan(Date.now() + 7 * 86_400_000);

    const secret = await readFile(join(dir, 'kubernetes/good.yaml'), 'utf8');
    expect(secret).toContain('type: kubernetes.io/tls');
    const b64 = (key: string) => Buffer.from(new RegExp(`^  ${key.replace('.', '\\.')}: (\\S+)$`, 'm').exec(secret)![1]!, 'base64').toString();
    expect(b64('tls.crt')).toBe(await readFile(join(dir, 'clients/good.crt'), 'utf8'));
    expect(b64('tls.key')).toBe(await readFile(join(dir, 'clients/good.key'), 'utf8'));
    expect(b64('ca.crt')).toBe(await readFile(join(dir, 'ca.crt'), 'utf8'));
    expect(await readFile(join(dir, 'README.md'), 'utf8')).toMatch(/curl --cacert ca\.crt --cert clients\/good\.crt/);
  });

  it('refuses a non-empty directory unless forced', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'notes.txt'), 'mine');
    await expect(exportLab(dir)).rejects.toBeInstanceOf(DirectoryNotEmptyError);
    await exportLab(dir, { force: true });
    expect(await readFile(join(dir, 'notes.txt'), 'utf8')).toBe('mine');
    expect((await stat(join(dir, 'server.key'))).mode & 0o777).toBe(0o600);
  });
});
