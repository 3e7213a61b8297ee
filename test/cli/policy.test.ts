import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseLabels } from '../../src/cli/policy.js';
import { holdPort } from '../lab/ports.js';
import { DAMAGES } from '../yaml-damage.js';
import { runBundle } from './run-bundle.js';
import { policyCli } from './policy-cli.js';

let dir: string;
let mesh: string;
let ns: string;
let bad: string;

const cli = (...argv: string[]) => policyCli(argv);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mtls-policy-cli-'));
  mesh = join(dir, 'mesh.yaml');
  ns = join(dir, 'ns.yaml');
  bad = join(dir, 'bad.yaml');
  await writeFile(mesh, 'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: default, namespace: istio-system}\nspec: {mtls: {mode: STRICT}}\n');
  await writeFile(
    ns,
    'apiVersion: security.istio.io/v1beta1\nkind: PeerAuthentication\nmetadata: {name: web, namespace: foo}\nspec:\n  selector: {matchLabels: {app: web}}\n  mtls: {mode: STRICT}\n  portLevelMtls:\n    8080: {mode: DISABLE}\n',
  );
  await writeFile(bad, 'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: oops}\nspec: {mtls: {mode: BLAH}}\n');
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('policy explain', () => {
  it('prints the JSON shape others rely on, from several -f/--file flags (exit 1: one document was refused)', async () => {
    const { code, out, err } = await cli('explain', '-f', mesh, '--file', ns, '-f', bad, '--namespace', 'foo', '--labels', 'app=web,version=v1', '--port', '8080', '--json');
    expect(code).toBe(1);
    expect(err).toMatch(/^warning: 1 document was not read or refused at admission; the verdict below is without it/);
    const json = JSON.parse(out);
    expect(json).toMatchObject({
      mode: 'DISABLE',
      plaintextAccepted: true,
      mtlsAccepted: false,
      decidedBy: { mesh: 'istio-system/default', namespace: null, workload: 'foo/web', port: 8080 },
      rejected: [{ policy: 'foo/oops', field: 'spec.mtls.mode', reason: expect.stringContaining('Unsupported value: "BLAH"') }],
      warnings: [],
    });
    expect(Object.keys(json.decidedBy)).toEqual(['mesh', 'namespace', 'workload', 'port']);
    expect(json.skipped).toEqual([{ file: bad, document: 'document 1', reason: expect.stringMatching(/^line 4: foo\/oops spec\.mtls\.mode: Unsupported value: "BLAH"/) }]);
    // Every field scripts read before stays, in its place.
    expect(Object.keys(json).slice(0, 12)).toEqual(['mode', 'plaintextAccepted', 'mtlsAccepted', 'decidedBy', 'rejected', 'warnings', 'decidingLevel', 'workloadMode', 'considered', 'explanation', 'workload', 'rootNamespace']);
  });

  it('explains the decision in a few human lines', async () => {
    const { code, out } = await cli('explain', '-f', mesh, '-n', 'foo', '-l', 'app=other');
    expect(code).toBe(0);
    expect(out).toMatch(/Mode: STRICT\s+plaintext: rejected\s+mTLS: accepted/);
    expect(out).toMatch(/Mesh level: istio-system\/default sets STRICT/);
  });

  it('uses --root-namespace for the mesh level', async () => {
    const json = JSON.parse((await cli('explain', '-f', mesh, '-n', 'foo', '--root-namespace', 'istio-config', '--json')).out);
    expect(json).toMatchObject({ mode: 'PERMISSIVE', decidedBy: { mesh: null } });
  });
});

describe('policy explain: the port protocol and what each client gets (ALPN)', () => {
  it('adds "portProtocol" and an "inbound" table; PERMISSIVE passes non-Istio TLS through on auto, closes it on http', async () => {
    const permissive = join(dir, 'permissive.yaml');
    await writeFile(permissive, 'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: default, namespace: foo}\nspec: {mtls: {mode: PERMISSIVE}}\n');
    const auto = JSON.parse((await cli('explain', '-f', permissive, '-n', 'foo', '--json')).out);
    expect(auto.portProtocol).toBe('auto');
    expect(auto.inbound.map((r: { client: string; verdict: string; chain: string | null }) => [r.client, r.verdict, r.chain])).toEqual([
      ['plaintext', 'accepted', 'plaintext HTTP'],
      ['sidecar-mtls', 'accepted', 'mTLS HTTP'],
      ['tls-no-cert', 'rejected', 'mTLS HTTP'],
      ['non-mesh-tls', 'passed-through', 'TLS passthrough'],
    ]);
    const http = await cli('explain', '-f', permissive, '-n', 'foo', '--port-protocol', 'HTTP');
    expect(http.code).toBe(0);
    expect(http.out).toMatch(/On a port declared http, PERMISSIVE gives:/);
    expect(http.out).toMatch(/TLS from a non-mesh client \(curl https:\/\/\)\s+REJECTED\s+no filter chain/);
    const bad = await cli('explain', '-f', permissive, '-n', 'foo', '--port-protocol', 'grpc');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--port-protocol must be one of auto, http, tcp, got 'grpc'/);
  });
});

describe('policy flag and file errors exit 2 with a message naming the flag or file', () => {
  it.each([
    [['explain', '--namespace', 'foo'], /-f FILE is required/],
    [['explain', '-f', 'MESH'], /--namespace NS is required/],
    [['explain', '-f', 'MESH', '-n', 'foo', '--labels', 'app'], /--labels: 'app' is not key=value/],
    [['explain', '-f', 'MESH', '-n', 'foo', '--labels', '=web'], /--labels/],
    [['explain', '-f', 'MESH', '-n', 'foo', '--labels', 'a=1,a=2'], /given twice/],
    [['explain', '-f', 'MESH', '-n', 'foo', '--port', 'http'], /--port must be a whole number/],
    [['explain', '-f', 'MESH', '-n', 'foo', '--port', '0'], /--port must be between 1 and 65535/],
    [['explain', '-f', 'MESH', '-n', 'foo', '--port', '70000'], /--port must be between 1 and 65535/],
    [['explain', '-f', 'MESH', '-n', ''], /--namespace must not be empty/],
    [['explain', '-f', 'MESH', '-n', 'foo', '--bogus'], /Unknown option '--bogus'/],
    [['explain', '-f'], /-f/],
    [['explain', 'MESH', '-n', 'foo'], /unexpected argument/],
    [['frobnicate'], /unknown subcommand 'frobnicate'/],
    [['lab', '--scenario', 'policy-nope'], /unknown --scenario 'policy-nope'/],
    [['lab', '--scenario', 'policy-namespace-strict', '-f', 'MESH'], /drop -f/],
    [['lab', '-n', 'foo'], /-f FILE is required/],
  ])('%j', async (argv, message) => {
    const paths: Record<string, string> = { MESH: mesh, MISSING: join(dir, 'missing.yaml'), DIR: dir };
    const { code, err } = await cli(...argv.map((a) => paths[a] ?? a));
    expect(code).toBe(2);
    expect(err).toMatch(message);
    expect(err).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('parses labels leniently around spaces and allows empty values', () => {
    expect(parseLabels(' app = web , tier= ')).toEqual({ app: 'web', tier: '' });
    expect(parseLabels('')).toEqual({});
  });
});

describe('policy scenarios and lab', () => {
  it('lists the scenarios, as text and JSON: nine PeerAuthentication, then five AuthorizationPolicy', async () => {
    const text = await cli('scenarios');
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/policy-dr-disable-503/);
    const json = JSON.parse((await cli('scenarios', '--json')).out);
    expect(json).toHaveLength(14);
    expect(json[0]).toMatchObject({ id: 'policy-namespace-strict', kind: 'peer-authentication', manifests: expect.stringContaining('kind: PeerAuthentication') });
    expect(json[9]).toMatchObject({ id: 'authz-allow-one-service-account', kind: 'authorization' });
  });

  it('runs a lab from files and reports the probes as JSON', async () => {
    const { code, out } = await cli('lab', '-f', mesh, '-f', ns, '-n', 'foo', '-l', 'app=web', '--port', '9090', '--client-sa', 'checkout', '--json');
    expect(code).toBe(0);
    const json = JSON.parse(out);
    expect(json.mode).toBe('STRICT');
    expect(json.probes.map((p: { outcome: string }) => p.outcome)).toEqual(['rejected', 'accepted', 'rejected', 'rejected']);
    expect(json.probes[1].serverSaw).toBe('mTLS from spiffe://cluster.local/ns/foo/sa/checkout');
    expect(json.sidecar).toMatchObject({ sends: 'mtls', appStatus: 200 });
  });

  it('--port is the workload port the policies talk about, never a port it listens on: a taken one is fine', async () => {
    const taken = await holdPort();
    const { port } = taken;
    try {
      const { code, out, err } = await cli('lab', '-f', mesh, '-n', 'foo', '-l', 'app=web', '--port', String(port), '--json');
      expect(err).toBe('');
      expect(code).toBe(0);
      const json = JSON.parse(out);
      expect(json.workload.port).toBe(port);
      expect(json.listener).toMatchObject({ address: '127.0.0.1' });
      expect(json.listener.port).not.toBe(port);
    } finally {
      await taken.release();
    }
  });

  it('runs a prepared scenario with human output that shows the 503', async () => {
    const { code, out } = await cli('lab', '--scenario', 'policy-dr-disable-503');
    expect(code).toBe(0);
    expect(out).toMatch(/REJECTED\s+plaintext client/);
    expect(out).toMatch(/503 upstream connect error or disconnect\/reset before headers/);
    expect(out).toMatch(/spiffe:\/\/cluster.local\/ns\/orders\/sa\/checkout/);
  });

  it('prints help for policy --help', async () => {
    const { code, out } = await cli('--help');
    expect(code).toBe(0);
    expect(out).toMatch(/policy explain -f FILE/);
  });
});

describe('policy explain with malformed YAML, through the real binary', () => {
  const valid = 'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata:\n  name: web\n  namespace: foo\nspec:\n  mtls:\n    mode: STRICT\n';
  const broken: Record<string, string | Buffer> = {
    'tabs.yaml': valid.replace('  namespace: foo', '\tnamespace: foo'),
    'bomb.yaml': DAMAGES.aliasBomb!(valid, () => 0),
    'binary.yaml': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0xff, 0xfe, 0x00, 0x01]),
    'cut.yaml': `${valid}---\napiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: half, namespace: foo\n`,
    'types.yaml': valid.replace('mode: STRICT', 'mode: [STRICT]').replace('name: web', 'name: 99999999999999999999'),
    'empty.yaml': '',
  };

  it('refuses each bad document naming file and line, explains the rest, warns and exits 1', async () => {
    const files = Object.keys(broken).map((name) => join(dir, name));
    await Promise.all(files.map((file, i) => writeFile(file, Object.values(broken)[i]!)));
    const { code, stdout, stderr } = runBundle(['policy', 'explain', ...files.flatMap((f) => ['-f', f]), '-n', 'foo', '--json']);
    // The warning lists the five refused documents, and nothing else is on stderr: no stack trace, nothing from the YAML library.
    expect(stderr.split('\n').filter(Boolean)).toEqual([
      expect.stringMatching(/^warning: 5 documents were not read or refused at admission/),
      expect.stringMatching(/tabs\.yaml document 1: YAML does not parse at .*tabs\.yaml:5:1: Tabs are not allowed/),
      expect.stringMatching(/bomb\.yaml document 1: YAML cannot be read at .*bomb\.yaml:2: aliases would expand/),
      expect.stringMatching(/binary\.yaml document 1: line 1: not a Kubernetes object/),
      expect.stringMatching(/cut\.yaml document 2: YAML does not parse at .*cut\.yaml:13:1/),
      expect.stringMatching(/types\.yaml document 1: line 4: foo\/\(unnamed\) metadata\.name: .*; line 8: foo\/\(unnamed\) spec\.mtls\.mode: Unsupported value/),
    ]);
    expect(code).toBe(1); // a verdict without some of the input: scripts must be able to tell
    const report = JSON.parse(stdout);
    const refused = (name: string) => report.rejected.filter((r: { file: string }) => r.file === join(dir, name));
    expect(refused('tabs.yaml')).toEqual([expect.objectContaining({ field: '(yaml)', line: 5, reason: expect.stringContaining(`${join(dir, 'tabs.yaml')}:5:1: Tabs are not allowed`) })]);
    expect(refused('bomb.yaml')).toEqual([expect.objectContaining({ line: 2, reason: expect.stringMatching(/alias bomb/) })]);
    expect(refused('binary.yaml')).toEqual([expect.objectContaining({ line: 1, reason: expect.stringMatching(/not a Kubernetes object/) })]);
    expect(refused('cut.yaml')).toEqual([expect.objectContaining({ policy: `${join(dir, 'cut.yaml')} (document 2)`, field: '(yaml)', line: 13 })]); // where the file ends with the { still open
    expect(refused('types.yaml').map((r: { field: string; line: number; reason: string }) => `${r.line} ${r.field}: ${r.reason}`)).toEqual([
      '4 metadata.name: Invalid value: "integer": metadata.name must be of type string (quote it: "99999999999999999999")',
      '8 spec.mtls.mode: Unsupported value: ["STRICT"]: supported values: "UNSET", "DISABLE", "PERMISSIVE", "STRICT"',
    ]);
    expect(report.warnings).toContain(`${join(dir, 'empty.yaml')}: no documents in this file (it is empty or only comments)`);
    expect(report.decidedBy.namespace).toBe('foo/web'); // the good document of cut.yaml still counts
  });
});
