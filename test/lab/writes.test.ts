/**
 * What the labs write to disk, run as the real command in a sandbox: cwd, HOME and TMPDIR are fresh empty folders
 * that must stay empty, and (where strace works) every file-system change the process attempts is recorded.
 * `lab export` writes its files into its folder and nowhere else; `lab run`, `policy lab` and `lab serve --certs`
 * write nothing at all; `lab serve` without --certs keeps its throwaway keys in one private folder it deletes.
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CHAINED_CLIENTS, EXPORTED_CLIENTS, exportLab } from '../../src/lab/export.js';
import { listTree, makeSandbox, startCli, straceWorks, type Sandbox } from './cli-process.js';
import { httpsGet } from './http-get.js';
import { holdPort } from './ports.js';

const sandboxes: Sandbox[] = [];
function sandbox(): Sandbox {
  const made = makeSandbox();
  sandboxes.push(made);
  return made;
}
afterEach(() => {
  for (const made of sandboxes.splice(0)) made.remove();
});

const EXPORTED_TREE = [
  'README.md',
  'ca.crt',
  'clients/',
  ...[...EXPORTED_CLIENTS, ...CHAINED_CLIENTS].flatMap((name) => [`clients/${name}.crt`, `clients/${name}.key`]),
  'kubernetes/',
  ...['server', ...EXPORTED_CLIENTS, ...CHAINED_CLIENTS].map((name) => `kubernetes/${name}.yaml`),
  'new-root-ca.crt',
  'old-and-new-roots.crt',
  'server.crt',
  'server.key',
  'server-expired.crt',
  'server-expired.key',
].sort();

const mode = (path: string) => statSync(path).mode & 0o777;
const outside = (changes: { path: string }[] | null, folder: string) =>
  (changes ?? []).filter((change) => change.path !== folder && !change.path.startsWith(`${folder}/`));

if (!straceWorks) console.warn('strace is not usable here: checking the sandbox folders only, not every write the process attempts');

describe('what the labs write', () => {
  it('lab export: exactly the lab files in its folder (keys 0600, folders 0700), nothing anywhere else', async () => {
    const box = sandbox();
    const target = join(box.root, 'lab-certs');
    const result = await startCli(['lab', 'export', target], box, { trace: true }).done;
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(box.contents(), 'cwd, HOME and TMPDIR stay empty').toEqual([]);
    expect(listTree(target)).toEqual(EXPORTED_TREE);
    for (const path of EXPORTED_TREE) {
      const expected = path.endsWith('/') ? 0o700 : path.endsWith('.key') || path.startsWith('kubernetes/') ? 0o600 : 0o644;
      expect(mode(join(target, path)).toString(8), path).toBe(expected.toString(8));
    }
    expect(mode(target).toString(8), 'the folder it created').toBe('700');
    expect(outside(result.changes, target), 'file-system changes outside the target folder').toEqual([]);
    if (result.changes) expect(result.changes.length).toBeGreaterThan(EXPORTED_TREE.length); // the trace saw the writes
  });

  it.each([
    ['lab run --all', ['lab', 'run', '--all']],
    ['lab run --tls both', ['lab', 'run', 'good', 'plaintext-to-mtls', 'ca-rotation', '--tls', 'both']],
    ['policy lab --scenario', ['policy', 'lab', '--scenario', 'policy-dr-disable-503']],
    ['policy lab -f FILE', ['policy', 'lab', '-f', 'POLICY', '-n', 'foo', '-l', 'app=web', '--port', '8080']],
  ])('%s writes no file at all', async (_name, args) => {
    const box = sandbox();
    const policy = join(box.root, 'policy.yaml');
    writeFileSync(policy, 'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: default, namespace: foo}\nspec: {mtls: {mode: STRICT}}\n');
    const result = await startCli(args.map((arg) => (arg === 'POLICY' ? policy : arg)), box, { trace: true }).done;
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(box.contents()).toEqual([]);
    expect(result.changes ?? []).toEqual([]);
  });

  it('lab serve --certs DIR writes no file while it serves a client and stops on Ctrl+C', async () => {
    const box = sandbox();
    const certs = join(box.root, 'certs');
    await exportLab(certs);
    const treeBefore = listTree(certs).map((path) => `${path} ${statSync(join(certs, path)).mtimeMs}`);
    const serve = startCli(['lab', 'serve', '--port', '0', '--certs', certs], box, { trace: true });
    const [, port] = await serve.waitFor(/Listening on https:\/\/localhost:(\d+)\//);
    const read = (name: string) => readFileSync(join(certs, name));
    expect(await httpsGet({ port: Number(port), ca: read('ca.crt'), cert: read('clients/good.crt'), key: read('clients/good.key') })).toMatchObject({ status: 200 });
    await serve.waitFor(/accepted spiffe:/);
    serve.interrupt();
    const result = await serve.done;
    expect(result.stdout).toContain('Stopped.');
    expect(result.code, '130: stopped by Ctrl+C').toBe(130);
    expect(box.contents()).toEqual([]);
    expect(result.changes ?? []).toEqual([]);
    expect(listTree(certs).map((path) => `${path} ${statSync(join(certs, path)).mtimeMs}`), 'the certs folder is only read').toEqual(treeBefore);
  });

  it('lab serve without --certs: its throwaway keys live in one private folder under TMPDIR, deleted when it stops', async () => {
    const box = sandbox();
    const serve = startCli(['lab', 'serve', '--port', '0'], box, { trace: true });
    const [, port] = await serve.waitFor(/Listening on https:\/\/localhost:(\d+)\//);
    const [, pki] = await serve.waitFor(/Made a fresh lab PKI in (\S+) \(deleted when the server stops/);
    expect(pki!.startsWith(`${box.tmp}/mtls-tutor-lab-`)).toBe(true);
    expect(mode(pki!).toString(8)).toBe('700');
    expect(listTree(pki!)).toEqual(EXPORTED_TREE);
    for (const key of EXPORTED_TREE.filter((path) => path.endsWith('.key'))) expect(mode(join(pki!, key)).toString(8), key).toBe('600');
    const read = (name: string) => readFileSync(join(pki!, name));
    expect(await httpsGet({ port: Number(port), ca: read('ca.crt'), cert: read('clients/good.crt'), key: read('clients/good.key') })).toMatchObject({ status: 200 });
    serve.interrupt();
    const result = await serve.done;
    expect(result.code, '130: stopped by Ctrl+C').toBe(130);
    expect(box.contents(), 'the throwaway PKI is gone').toEqual([]);
    expect(outside(result.changes, pki!)).toEqual([]);
  });

  it.each([
    ['SIGTERM (kill)', 'SIGTERM', 143],
    ['SIGHUP (the terminal closed)', 'SIGHUP', 129],
  ] as const)('lab serve without --certs, stopped by %s: it stops as on Ctrl+C, and its throwaway keys are deleted', async (_name, signal, code) => {
    const box = sandbox();
    const serve = startCli(['lab', 'serve', '--port', '0'], box);
    await serve.waitFor(/Made a fresh lab PKI in (\S+) \(deleted when the server stops/);
    expect(box.contents().filter((path) => path.endsWith('.key')).length).toBeGreaterThan(0);
    serve.signal(signal);
    const result = await serve.done;
    expect(result.stdout).toContain('Stopped.');
    expect(result.code).toBe(code);
    expect(result.stderr).toBe('');
    expect(box.contents(), 'the throwaway PKI is gone').toEqual([]);
  });

  it('lab serve without --certs on a taken port: a clear error, and no keys left behind in TMPDIR', async () => {
    const box = sandbox();
    const taken = await holdPort();
    const { port } = taken;
    try {
      const result = await startCli(['lab', 'serve', '--port', String(port)], box).done;
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(`mtls-tutor: port ${port} on 127.0.0.1 is already in use; pick another with --port, or --port 0 for any free port\n`);
      expect(result.stdout).toBe('');
      expect(box.contents()).toEqual([]);
    } finally {
      await taken.release();
    }
  });
});
