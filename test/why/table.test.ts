/**
 * The shipped error-signature table, and the checks that keep it honest: schema errors as file:line: field: message,
 * unknown labs and lessons, duplicate ids, broken regexes, and examples that do not come out as their own signature.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { knownLabIds } from '../../src/cli/known-labs.js';
import { shippedLessonsDir } from '../../src/content/course.js';
import { formatError } from '../../src/content/load.js';
import { loadScenarioDir, scenarioIds } from '../../src/policy/scenario-files.js';
import { loadErrorTable } from '../../src/why/table.js';

const LESSONS = new Set(['mtls-basics', 'mtls-kubernetes', 'x509-and-trust', 'handshake', 'identity-and-rotation', 'troubleshooting', 'istio-authorization']);
// Lessons may name TLS labs and the prepared policy scenarios (lessons/policy/), as the build checks.
const check = { labIds: new Set([...knownLabIds(), ...scenarioIds(loadScenarioDir(join(shippedLessonsDir(), 'policy')).data)]), lessonIds: LESSONS };
const shipped = join(shippedLessonsDir(), 'errors');

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A copy of the shipped table with one file edited. */
function edited(file: string, edit: (yaml: string) => string): string {
  const dir = mkdtempSync(join(tmpdir(), 'mtls-errors-'));
  dirs.push(dir);
  cpSync(shipped, dir, { recursive: true });
  writeFileSync(join(dir, file), edit(readFileSync(join(shipped, file), 'utf8')));
  return dir;
}

const problems = (dir: string) => loadErrorTable(dir, check).errors.map(formatError);

describe('the shipped table', () => {
  const { table, errors } = loadErrorTable(shipped, check);

  it('is valid: every lab and lesson exists, every example is recognised as its own signature', () => {
    expect(errors.map(formatError)).toEqual([]);
  });

  it('holds at least 60 signatures across at least 7 stacks, each with a source', () => {
    expect(table.signatures.length).toBeGreaterThanOrEqual(60);
    const stacks = new Set(table.signatures.map((s) => s.stack));
    expect([...stacks].sort()).toEqual(['curl', 'envoy', 'go', 'grpc', 'java', 'node', 'openssl', 'python']);
    for (const s of table.signatures) expect(s.sources.length, s.id).toBeGreaterThan(0);
  });

  it('names a lab that reproduces most of them', () => {
    const withLab = table.signatures.filter((s) => s.lab !== undefined).length;
    expect(withLab / table.signatures.length).toBeGreaterThan(0.8);
  });

  it.each([
    ['node', 'ERR_TLS_CERT_ALTNAME_INVALID'],
    ['node', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'],
    ['node', 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED'],
    ['node', 'CERT_HAS_EXPIRED'],
    ['node', 'DEPTH_ZERO_SELF_SIGNED_CERT'],
    ['node', 'SELF_SIGNED_CERT_IN_CHAIN'],
    ['openssl', 'verify error:num=20:unable to get local issuer certificate'],
    ['openssl', 'sslv3 alert bad certificate'],
    ['curl', 'curl: (35) OpenSSL SSL_connect: SSL_ERROR_SYSCALL in connection to x:443'],
    ['curl', 'curl: (52) Empty reply from server'],
    ['curl', 'curl: (56) Recv failure: Connection reset by peer'],
    ['curl', "curl: (58) unable to set private key file: 'k.pem' type PEM"],
    ['curl', 'curl: (60) SSL certificate problem: unable to get local issuer certificate'],
    ['go', 'x509: certificate signed by unknown authority'],
    ['go', 'remote error: tls: bad certificate'],
    ['go', 'x509: certificate is valid for a, not b'],
    ['java', 'PKIX path building failed'],
    ['java', 'Received fatal alert: bad_certificate'],
    ['java', 'Received fatal alert: certificate_unknown'],
    ['python', '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get local issuer certificate (_ssl.c:1006)'],
    ['python', '[SSL: TLSV13_ALERT_CERTIFICATE_REQUIRED] tlsv13 alert certificate required (_ssl.c:2580)'],
    ['grpc', 'rpc error: code = Unavailable desc = connection closed before server preface received'],
    ['envoy', 'upstream connect error or disconnect/reset before headers. reset reason: connection termination'],
    ['envoy', '"GET / HTTP/1.1" 503 UF upstream_reset_before_response_started{connection_failure}'],
    ['envoy', '"GET / HTTP/1.1" 503 UC upstream_reset_before_response_started{connection_termination}'],
    ['envoy', '"GET / HTTP/1.1" 503 URX - "-"'],
    ['envoy', '"- - -" 0 NR filter_chain_not_found'],
    ['envoy', 'RBAC: access denied'],
  ])('knows the %s text %j', async (stack, text) => {
    const { matchError } = await import('../../src/why/match.js');
    const first = matchError(text, table).matches[0];
    expect(first?.signature.stack).toBe(stack);
  });
});

describe('checking the table', () => {
  it('names file, line and field of a schema problem', () => {
    const dir = edited('go.yaml', (y) => y.replace('rejectedBy: client', 'rejectedBy: the-moon'));
    expect(problems(dir)).toEqual(
      expect.arrayContaining([expect.stringMatching(/go\.yaml:\d+: signatures\[\d+\]\.rejectedBy: rejectedBy must be one of client, server/)]),
    );
  });

  it('refuses an unknown lab and an unknown lesson', () => {
    const dir = edited('node.yaml', (y) => y.replace('lab: server-name-mismatch', 'lab: no-such-lab').replace('lesson: handshake', 'lesson: no-such-lesson'));
    const found = problems(dir);
    expect(found).toEqual(expect.arrayContaining([expect.stringMatching(/node\.yaml:\d+: signatures\[0\]\.lab: unknown lab 'no-such-lab'/)]));
    expect(found).toEqual(expect.arrayContaining([expect.stringMatching(/node\.yaml:\d+: signatures\[\d+\]\.lesson: unknown lesson 'no-such-lesson'/)]));
  });

  it('refuses a duplicate id across files', () => {
    const dir = edited('go.yaml', (y) => y.replace('id: go-legacy-common-name', 'id: envoy-flag-uc'));
    expect(problems(dir)).toEqual(
      expect.arrayContaining([expect.stringMatching(/go\.yaml:\d+: signatures\[\d+\]\.id: id 'envoy-flag-uc' is already used at .*envoy\.yaml:\d+/)]),
    );
  });

  it('refuses a regex that does not compile', () => {
    const dir = edited('envoy.yaml', (y) => y.replace(/(id: envoy-flag-uc\n(?:.*\n)*?    regexes:\n      - ).*/, "$1'(unclosed'"));
    expect(problems(dir)).toEqual(
      expect.arrayContaining([expect.stringMatching(/envoy\.yaml:\d+: signatures\[\d+\]\.regexes\[0\]: not a valid regular expression/)]),
    );
  });

  it('refuses an example that its own patterns do not recognise first', () => {
    const dir = edited('go.yaml', (y) => y.replace('"x509: certificate relies on legacy Common Name field, use SANs instead"\n    meaning', '"x509: relies on the legacy CN"\n    meaning'));
    expect(problems(dir)).toEqual(
      expect.arrayContaining([expect.stringMatching(/go\.yaml:\d+: signatures\[\d+\]\.examples\[0\]: not recognised by any pattern of this signature/)]),
    );
  });

  it('reports YAML that does not parse with its line, never throwing', () => {
    const dir = edited('java.yaml', (y) => `${y}\n  - id: [unclosed\n`);
    expect(problems(dir)).toEqual(expect.arrayContaining([expect.stringMatching(/java\.yaml:\d+: YAML does not parse/)]));
  });
});
