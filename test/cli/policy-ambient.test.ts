import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { policyCli } from './policy-cli.js';

const cli = (...argv: string[]) => policyCli(argv);

const MESH_STRICT = 'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: default, namespace: istio-system}\nspec: {mtls: {mode: STRICT}}\n';
const NS_AMBIENT = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n    istio.io/dataplane-mode: ambient\n';
const NS_DISABLE = 'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: default, namespace: shop}\nspec: {mtls: {mode: DISABLE}}\n';
let dir: string;
let sidecarFile: string;
let ambientFile: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mtls-ambient-cli-'));
  sidecarFile = join(dir, 'pa.yaml');
  ambientFile = join(dir, 'with-ns.yaml');
  await writeFile(sidecarFile, `${MESH_STRICT}---\n${NS_DISABLE}`);
  await writeFile(ambientFile, `${NS_AMBIENT}---\n${MESH_STRICT}---\n${NS_DISABLE}`);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('--dataplane', () => {
  it('default sidecar: "dataplane" is in --json, and DISABLE refuses mTLS', async () => {
    const json = JSON.parse((await cli('explain', '-f', sidecarFile, '-n', 'shop', '--json')).out);
    expect(json).toMatchObject({ dataplane: 'sidecar', ambient: null, mode: 'DISABLE', mtlsAccepted: false });
  });

  it('--dataplane ambient: DISABLE is not supported, plaintext and HBONE both get in, and the differences are said', async () => {
    const json = JSON.parse((await cli('explain', '-f', sidecarFile, '-n', 'shop', '--dataplane', 'ambient', '--json')).out);
    expect(json).toMatchObject({ dataplane: 'ambient', mode: 'PERMISSIVE', plaintextAccepted: true, mtlsAccepted: true, ambient: { references: [], plaintext: { allowed: true } } });
    expect(json.ambient.differsFromSidecar.join('\n')).toMatch(/DISABLE is not supported in ambient: shop\/default counts as "not STRICT"/);
    expect(json.ambient.model).toMatch(/istio\/istio 86c9f01f/);
  });

  it('a Namespace labelled istio.io/dataplane-mode=ambient in the input chooses ambient; the flag wins, with a warning', async () => {
    const text = await cli('explain', '-f', ambientFile, '-n', 'shop');
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/Data plane: ambient \(from the Namespace label istio\.io\/dataplane-mode=ambient\)/);
    const forced = JSON.parse((await cli('explain', '-f', ambientFile, '-n', 'shop', '--dataplane', 'sidecar', '--json')).out);
    expect(forced.dataplane).toBe('sidecar');
    expect(forced.warnings.join('\n')).toMatch(/--dataplane sidecar was given, but Namespace shop .* says istio\.io\/dataplane-mode=ambient/);
  });

  it('policy lab --dataplane ambient runs the ztunnel stand-in: plaintext vs HBONE', async () => {
    const { code, out } = await cli('lab', '-f', sidecarFile, '-n', 'istio-system', '--dataplane', 'ambient', '--json');
    expect(code).toBe(0);
    const json = JSON.parse(out);
    expect(json.probes.map((p: { id: string; outcome: string }) => [p.id, p.outcome])).toEqual([
      ['plaintext', 'rejected'],
      ['hbone', 'accepted'],
      ['hbone-no-cert', 'rejected'],
    ]);
  });

  it('usage errors: an unknown data plane; authz in ambient', async () => {
    const bad = await cli('explain', '-f', sidecarFile, '-n', 'shop', '--dataplane', 'cilium');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--dataplane must be one of sidecar, ambient, got 'cilium'/);
    const authz = await cli('authz', '-f', ambientFile, '-n', 'shop', '--from', 'plaintext');
    expect(authz.code).toBe(2);
    expect(authz.err).toMatch(/models the sidecar data plane.*\(the Namespace in the input is labelled ambient\)/);
  });
});
