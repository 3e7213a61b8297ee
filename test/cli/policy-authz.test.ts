import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getAuthzScenario } from '../../src/policy/scenarios.js';
import { shippedScenarios } from '../policy/fixtures.js';
import { policyCli } from './policy-cli.js';

const cli = (...argv: string[]) => policyCli(argv);

let dir: string;
let policy: string;
let bad: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mtls-authz-cli-'));
  policy = join(dir, 'ap.yaml');
  bad = join(dir, 'bad.yaml');
  await writeFile(
    policy,
    `apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: deny-admin, namespace: foo}
spec:
  action: DENY
  rules:
  - to:
    - operation:
        paths: ["/admin*"]
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: allow-sleep, namespace: foo}
spec:
  selector: {matchLabels: {app: httpbin}}
  rules:
  - from:
    - source:
        principals: ["cluster.local/ns/foo/sa/sleep"]
`,
  );
  await writeFile(bad, 'apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata: {name: oops, namespace: foo}\nspec:\n  action: DENY\n');
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const base = () => ['authz', '-f', policy, '-n', 'foo', '-l', 'app=httpbin'];

describe('policy authz', () => {
  it('the relied-on form: --from --method --path --port --json; decided, and proven live', async () => {
    const { code, out, err } = await cli(...base(), '--from', 'spiffe://cluster.local/ns/foo/sa/sleep', '--method', 'GET', '--path', '/admin/users', '--port', '8000', '--json');
    expect(err).toBe('');
    expect(code).toBe(0); // a denial is an answer, not a failure
    const json = JSON.parse(out);
    expect(json).toMatchObject({
      result: 'denied',
      httpStatus: 403,
      decision: { stage: 'deny', policy: 'foo/deny-admin', rule: 0 },
      request: { from: 'spiffe://cluster.local/ns/foo/sa/sleep', principal: 'spiffe://cluster.local/ns/foo/sa/sleep', method: 'GET', path: '/admin/users', port: 8000 },
      live: { probe: { httpStatus: 403, outcome: 'rejected' }, asPredicted: true },
      passed: true,
      skipped: [],
    });
  });

  it('plaintext from a client without a sidecar: no principal, so the ALLOW on principals denies it', async () => {
    const { code, out } = await cli(...base(), '--from', 'plaintext', '--path', '/', '--port', '8000');
    expect(code).toBe(0);
    expect(out).toMatch(/Result: DENIED — 403 "RBAC: access denied"/);
    expect(out).toMatch(/\(no peer identity: plaintext\) matches none of/);
    expect(out).toMatch(/Live on 127\.0\.0\.1:\d+ as spiffe:\/\/cluster\.local\/ns\/foo\/sa\/httpbin: the caller got HTTP 403 RBAC: access denied — as predicted/);
  });

  it('--no-live resolves only; allowed', async () => {
    const { code, out } = await cli(...base(), '--from', 'spiffe://cluster.local/ns/foo/sa/sleep', '--no-live', '--json');
    expect(code).toBe(0);
    expect(JSON.parse(out)).toMatchObject({ result: 'allowed', live: null, request: { port: 8080 } });
  });

  it('a refused document: the verdict is still printed after a warning, exit 1', async () => {
    const { code, out, err } = await cli('authz', '-f', policy, '-f', bad, '-n', 'foo', '-l', 'app=httpbin', '--from', 'plaintext', '--no-live', '--json');
    expect(code).toBe(1);
    expect(err).toMatch(/bad\.yaml document 1: line 5: foo\/oops spec\.rules: DENY action without `rules` is meaningless/);
    expect(JSON.parse(out).skipped).toHaveLength(1);
  });

  it.each([
    [['--from', 'cluster.local/ns/foo/sa/sleep'], /did you mean spiffe:\/\/cluster\.local\/ns\/foo\/sa\/sleep\?/],
    [[], /--from is required/],
    [['--from', 'plaintext', '--path', 'admin'], /--path must start with \//],
    [['--from', 'plaintext', '--method', 'GET /'], /--method must be an HTTP method/],
    [['--from', 'plaintext', '--header', 'no-colon'], /--header must be 'Name: value'/],
    [['--from', 'plaintext', '--source-ip', '300.1.1.1'], /--source-ip must be an IP address/],
    [['--from', 'plaintext', '--port', 'x'], /--port must be a whole number/],
    [['--from', 'plaintext', '--bogus'], /Unknown option '--bogus'/],
  ])('usage errors exit 2: %j', async (extra, message) => {
    const { code, err } = await cli(...base(), ...extra);
    expect(code).toBe(2);
    expect(err).toMatch(message);
  });

  it('--help prints the usage', async () => {
    const { code, out } = await cli('authz', '--help');
    expect(code).toBe(0);
    expect(out).toMatch(/--from SPIFFE_ID\|plaintext/);
  });
});

describe('AuthorizationPolicy scenarios', () => {
  it.each(shippedScenarios().authz.map((s) => [s.id]))('%s runs live and answers as stated', async (id) => {
    const { code, out } = await cli('authz', '--scenario', id, '--json');
    expect(code).toBe(0);
    const json = JSON.parse(out);
    expect(json).toMatchObject({ scenario: id, result: getAuthzScenario(shippedScenarios(), id).expected.result, passed: true, rejected: [] });
  });

  it('policy lab --scenario points AuthorizationPolicy scenarios to policy authz', async () => {
    const { code, err } = await cli('lab', '--scenario', 'authz-plaintext-gap');
    expect(code).toBe(2);
    expect(err).toMatch(/run it with mtls-tutor policy authz --scenario authz-plaintext-gap/);
  });

  it('policy scenarios lists both kinds', async () => {
    const { out } = await cli('scenarios');
    expect(out).toMatch(/AuthorizationPolicy scenarios \(run one with: mtls-tutor policy authz --scenario ID\)\n\s+authz-allow-one-service-account/);
  });
});
