import { X509Certificate } from 'node:crypto';
import { link, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { bufferIo } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { DirectoryNotEmptyError, EXPORTED_CLIENTS, exportLab, UnsafePathError } from '../../src/lab/export.js';

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

  it('writes what the rotation and expired-server labs start s_server with: a second root, a two-root bundle, an expired server', async () => {
    const dir = await tempDir();
    await exportLab(dir);
    const cert = async (file: string) => new X509Certificate(await readFile(join(dir, file)));
    const [oldRoot, newRoot, newClient, expired, server] = await Promise.all(['ca.crt', 'new-root-ca.crt', 'clients/new-root.crt', 'server-expired.crt', 'server.crt'].map(cert));
    expect(newRoot!.subject).not.toBe(oldRoot!.subject);
    expect(newClient!.checkIssued(newRoot!)).toBe(true);
    expect(newClient!.checkIssued(oldRoot!)).toBe(false);
    const bundle = await readFile(join(dir, 'old-and-new-roots.crt'), 'utf8');
    expect(bundle.match(/-----BEGIN CERTIFICATE-----/g)).toHaveLength(2);
    expect(bundle).toContain((await readFile(join(dir, 'ca.crt'), 'utf8')).trim());
    expect(bundle).toContain((await readFile(join(dir, 'new-root-ca.crt'), 'utf8')).trim());
    expect(new Date(expired!.validTo).getTime()).toBeLessThan(Date.now());
    expect(expired!.checkIssued(oldRoot!)).toBe(true);
    expect(expired!.subjectAltName).toBe(server!.subjectAltName);
    expect((await stat(join(dir, 'server-expired.key'))).mode & 0o777).toBe(0o600);
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

describe('lab export keeps private keys private', () => {
  it('keys 0600, certificates 0644, new folders 0700, whatever the umask', async () => {
    const dir = join(await tempDir(), 'new', 'lab');
    const umask = process.umask(0); // the loosest a user could have: modes must not depend on it
    try {
      const { files } = await exportLab(dir);
      for (const file of files) {
        const secret = file.endsWith('.key') || file.startsWith('kubernetes/');
        expect(((await stat(join(dir, file))).mode & 0o777).toString(8), file).toBe(secret ? '600' : '644');
      }
      for (const folder of ['', 'clients', 'kubernetes']) expect(((await stat(join(dir, folder))).mode & 0o777).toString(8), folder || dir).toBe('700');
    } finally {
      process.umask(umask);
    }
  });

  /** A directory exported once, with a file outside it that a planted link points at. */
  async function exportedWithVictim() {
    const root = await tempDir();
    const dir = join(root, 'lab');
    await exportLab(dir);
    const victim = join(root, 'victim.txt');
    await writeFile(victim, 'not yours');
    return { root, dir, victim };
  }

  it.each(['server.key', 'clients/good.key', 'kubernetes/good.yaml', 'ca.crt'])(
    'refuses a symbolic link planted at %s (even with force): names it, writes nothing, leaves its target alone',
    async (path) => {
      const { dir, victim } = await exportedWithVictim();
      await rm(join(dir, path));
      await symlink(victim, join(dir, path));
      const keyBefore = await readFile(join(dir, 'server.key'), 'utf8');
      const error = await exportLab(dir, { force: true }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UnsafePathError);
      expect((error as Error).message).toContain(`refusing to write ${join(dir, path)}: it is a symbolic link`);
      expect(await readFile(victim, 'utf8')).toBe('not yours');
      if (path !== 'server.key') expect(await readFile(join(dir, 'server.key'), 'utf8'), 'checked before writing anything').toBe(keyBefore);
    },
  );

  it('refuses a dangling link (it would create the file it points to)', async () => {
    const root = await tempDir();
    const dir = join(root, 'lab');
    await mkdir(dir);
    await symlink(join(root, 'created-elsewhere.key'), join(dir, 'server.key'));
    await expect(exportLab(dir, { force: true })).rejects.toBeInstanceOf(UnsafePathError);
    expect(await readdir(root)).toEqual(['lab']);
  });

  it('refuses a clients/ folder that is a link to somewhere else', async () => {
    const root = await tempDir();
    const dir = join(root, 'lab');
    const elsewhere = join(root, 'elsewhere');
    await mkdir(dir);
    await mkdir(elsewhere);
    await symlink(elsewhere, join(dir, 'clients'));
    const error = await exportLab(dir, { force: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnsafePathError);
    expect((error as Error).message).toContain(`${join(dir, 'clients')}: it is a symbolic link`);
    expect(await readdir(elsewhere)).toEqual([]);
  });

  it('with force, an old key hard-linked elsewhere is replaced by a new file, not written through', async () => {
    const { dir, victim } = await exportedWithVictim();
    await rm(join(dir, 'server.key'));
    await link(victim, join(dir, 'server.key'));
    await exportLab(dir, { force: true });
    expect(await readFile(victim, 'utf8')).toBe('not yours');
    expect(await readFile(join(dir, 'server.key'), 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect((await stat(join(dir, 'server.key'))).nlink).toBe(1);
  });

  it('mtls-tutor lab export: a planted link is a clear error (exit 1), no stack trace', async () => {
    const { dir, victim } = await exportedWithVictim();
    await rm(join(dir, 'clients/good.key'));
    await symlink(victim, join(dir, 'clients/good.key'));
    const io = bufferIo();
    expect(await main(['lab', 'export', dir, '--force'], io, async () => 0)).toBe(1);
    expect(io.stderr).toMatch(/^mtls-tutor: refusing to write .*clients\/good\.key: it is a symbolic link/);
    expect(io.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('lab export: a client issued by an intermediate CA (for mtls-tutor probe)', () => {
  it('writes it with its chain (chained) and without (no-intermediate): only the chain verifies against ca.crt', async () => {
    const dir = await tempDir();
    await exportLab(dir);
    const pems = (file: string) => readFile(join(dir, file), 'utf8').then((text) => text.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----\n/g) ?? []);
    const chained = await pems('clients/chained.crt');
    const alone = await pems('clients/no-intermediate.crt');
    expect(chained).toHaveLength(2);
    expect(alone).toEqual([chained[0]]);
    const ca = new X509Certificate(await readFile(join(dir, 'ca.crt')));
    const [leaf, intermediate] = chained.map((pem) => new X509Certificate(pem));
    expect(leaf!.checkIssued(intermediate!) && leaf!.verify(intermediate!.publicKey)).toBe(true);
    expect(intermediate!.checkIssued(ca) && intermediate!.verify(ca.publicKey)).toBe(true);
    expect(leaf!.checkIssued(ca)).toBe(false);
    expect(intermediate!.ca).toBe(true);
    expect((await stat(join(dir, 'clients/chained.key'))).mode & 0o777).toBe(0o600);
    expect(leaf!.checkPrivateKey((await import('node:crypto')).createPrivateKey(await readFile(join(dir, 'clients/no-intermediate.key'))))).toBe(true);
  });
});
