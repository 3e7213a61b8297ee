/**
 * The lab scenario catalogue: plain data, no heavy imports, so lesson checks and menus can list ids cheaply.
 * Each scenario names the PKI items each side uses; the runner turns that into real sockets. The expected
 * outcome is the lesson's prediction; the real outcome always comes from the TLS stack.
 */
import type { Outcome } from './types.js';

/** Certificates and CAs the lab PKI can make (see lab-pki.ts). */
export type PkiItem =
  | 'root-ca'
  | 'other-ca'
  | 'new-ca'
  | 'server'
  | 'server-wrong-san'
  | 'server-expired'
  | 'server-other-ca'
  | 'client-good'
  | 'client-expired'
  | 'client-not-yet-valid'
  | 'client-other-ca'
  | 'client-self-signed'
  | 'client-wrong-eku'
  | 'client-new-ca';

export interface StepSetup {
  label: string;
  expected: Outcome;
  server: { cert: PkiItem; trusts: PkiItem[] };
  /** `cert` absent: the client presents no certificate. `plaintext`: it speaks HTTP without TLS. */
  client: { cert?: PkiItem; trusts: PkiItem[]; servername?: string; plaintext?: boolean };
}

export interface Scenario {
  id: ScenarioId;
  title: string;
  /** For multi-step scenarios: the last step's expectation. */
  expected: Outcome;
  presents: string;
  explanation: string;
  fix: string;
  /** Equivalent commands against `mtls-tutor lab serve --port 8443 --certs DIR`, run inside DIR. */
  commands: { openssl: string; curl: string };
  steps: StepSetup[];
}

export const SCENARIO_IDS = [
  'good',
  'no-client-cert',
  'expired-client-cert',
  'not-yet-valid-client-cert',
  'untrusted-client-ca',
  'self-signed-client-cert',
  'wrong-eku-client-cert',
  'server-name-mismatch',
  'untrusted-server-ca',
  'expired-server-cert',
  'plaintext-to-mtls',
  'ca-rotation',
] as const;

export type ScenarioId = (typeof SCENARIO_IDS)[number];

const SERVER = { cert: 'server', trusts: ['root-ca'] } as const satisfies StepSetup['server'];
const TRUSTS_ROOT: PkiItem[] = ['root-ca'];

const s = (client: string) =>
  `openssl s_client -connect 127.0.0.1:8443 -servername localhost -CAfile ca.crt${client} -verify_return_error -brief </dev/null`;
const c = (client: string, extra = '') => `curl --cacert ca.crt${client}${extra} https://localhost:8443/`;
const withCert = (name: string) => ` -cert clients/${name}.crt -key clients/${name}.key`;
const curlCert = (name: string) => ` --cert clients/${name}.crt --key clients/${name}.key`;

function single(
  base: Omit<Scenario, 'steps'>,
  client: StepSetup['client'],
  server: StepSetup['server'] = SERVER,
): Scenario {
  return { ...base, steps: [{ label: base.title, expected: base.expected, server, client }] };
}

export const SCENARIOS: readonly Scenario[] = [
  single(
    {
      id: 'good',
      title: 'Valid client certificate from the trusted CA',
      expected: 'accepted',
      presents: 'a current workload cert (spiffe://cluster.local/ns/shop/sa/orders, EKU clientAuth) signed by the lab CA',
      explanation:
        'Both sides prove who they are: the server checks the client chain to the CA it trusts, the client checks the server chain and that "localhost" is in its SANs. The server can now read the caller identity from the URI SAN.',
      fix: 'Nothing to fix: this is what mutual TLS looks like when it works.',
      commands: { openssl: s(withCert('good')), curl: c(curlCert('good')) },
    },
    { cert: 'client-good', trusts: TRUSTS_ROOT },
  ),
  single(
    {
      id: 'no-client-cert',
      title: 'Client presents no certificate',
      expected: 'rejected',
      presents: 'nothing: the client answers the server certificate request with an empty list',
      explanation:
        'The server asked for a certificate and requires one, so OpenSSL itself aborts the handshake and sends an alert: handshake_failure (40) in TLS 1.2, certificate_required (116) in TLS 1.3. In TLS 1.3 the client has already finished its side, so it first thinks it is connected and only then reads the alert.',
      fix: 'Give the client a certificate and key (curl --cert/--key, openssl -cert/-key, or an Istio sidecar that does it for you).',
      commands: { openssl: s(''), curl: c('') },
    },
    { trusts: TRUSTS_ROOT },
  ),
  single(
    {
      id: 'expired-client-cert',
      title: 'Client certificate has expired',
      expected: 'rejected',
      presents: 'a workload cert signed by the lab CA whose notAfter is yesterday',
      explanation:
        'The chain is fine but the validity window is over, so verification fails with CERT_HAS_EXPIRED. A Node server verifies the client cert after the handshake and then just closes the connection: no alert, so the client sees a reset or a silent close. A server that verifies during the handshake (OpenSSL, or Envoy in a mesh) tells the client instead, with the alert certificate_expired (45). See it with: mtls-tutor lab run expired-client-cert --server openssl.',
      fix: 'Issue a new certificate (and automate rotation: Istio renews workload certs long before they expire). Check clocks too.',
      commands: { openssl: s(withCert('expired')), curl: c(curlCert('expired')) },
    },
    { cert: 'client-expired', trusts: TRUSTS_ROOT },
  ),
  single(
    {
      id: 'not-yet-valid-client-cert',
      title: 'Client certificate is not valid yet',
      expected: 'rejected',
      presents: 'a workload cert signed by the lab CA whose notBefore is tomorrow',
      explanation:
        'Verification fails with CERT_NOT_YET_VALID. In real life this is almost always clock skew: the issuer\'s clock is ahead of the verifier\'s. TLS has no alert for "not yet valid": OpenSSL\'s server sends bad_certificate (42).',
      fix: 'Fix the clocks (NTP) and backdate notBefore a few minutes when issuing, as most CAs do.',
      commands: { openssl: s(withCert('not-yet-valid')), curl: c(curlCert('not-yet-valid')) },
    },
    { cert: 'client-not-yet-valid', trusts: TRUSTS_ROOT },
  ),
  single(
    {
      id: 'untrusted-client-ca',
      title: 'Client certificate from a CA the server does not trust',
      expected: 'rejected',
      presents: 'a well-formed workload cert signed by a different CA ("other CA")',
      explanation:
        'The server cannot build a chain from the client cert to any CA in its trust bundle, so verification fails: Node says UNABLE_TO_VERIFY_LEAF_SIGNATURE, OpenSSL\'s s_server UNABLE_TO_GET_ISSUER_CERT_LOCALLY, and a handshake-time verifier sends the alert unknown_ca (48). Typical of two meshes or two clusters with different roots.',
      fix: 'Issue the client cert from the CA the server trusts, or add the other CA to the server trust bundle (federation).',
      commands: { openssl: s(withCert('untrusted')), curl: c(curlCert('untrusted')) },
    },
    { cert: 'client-other-ca', trusts: TRUSTS_ROOT },
  ),
  single(
    {
      id: 'self-signed-client-cert',
      title: 'Self-signed client certificate',
      expected: 'rejected',
      presents: 'a cert the client signed with its own key (issuer = subject)',
      explanation:
        'A self-signed cert vouches only for itself; it is not in the server trust bundle, so verification fails with DEPTH_ZERO_SELF_SIGNED_CERT.',
      fix: 'Get the cert issued by the CA the server trusts instead of making one with openssl req -x509.',
      commands: { openssl: s(withCert('self-signed')), curl: c(curlCert('self-signed')) },
    },
    { cert: 'client-self-signed', trusts: TRUSTS_ROOT },
  ),
  single(
    {
      id: 'wrong-eku-client-cert',
      title: 'Client certificate not allowed for client authentication',
      expected: 'rejected',
      presents: 'a cert from the lab CA whose extended key usage is serverAuth only',
      explanation:
        'The chain and dates are fine, but the certificate is only allowed for TLS servers. OpenSSL checks the purpose and fails with INVALID_PURPOSE ("unsupported certificate purpose").',
      fix: 'Issue client certs with extendedKeyUsage clientAuth (workload certs usually carry both serverAuth and clientAuth).',
      commands: { openssl: s(withCert('wrong-eku')), curl: c(curlCert('wrong-eku')) },
    },
    { cert: 'client-wrong-eku', trusts: TRUSTS_ROOT },
  ),
  single(
    {
      id: 'server-name-mismatch',
      title: 'Server certificate does not name the host the client dialled',
      expected: 'rejected',
      presents: 'a good client cert; the server presents a cert for wrong-host.example while the client asked for localhost',
      explanation:
        'The server chain is trusted, but hostname verification fails (ERR_TLS_CERT_ALTNAME_INVALID): the name the client dialled is not in the SANs. This time it is the client that refuses, and the server only sees the connection drop.',
      fix: 'Put every name clients use in the server cert SANs (DNS and IP), or dial the name the cert was issued for.',
      commands: {
        openssl: `openssl s_client -connect 127.0.0.1:8443 -servername wrong-host.example -verify_hostname wrong-host.example -CAfile ca.crt${withCert('good')} -verify_return_error -brief </dev/null`,
        curl: `curl --cacert ca.crt${curlCert('good')} --resolve wrong-host.example:8443:127.0.0.1 https://wrong-host.example:8443/`,
      },
    },
    { cert: 'client-good', trusts: TRUSTS_ROOT },
    { cert: 'server-wrong-san', trusts: TRUSTS_ROOT },
  ),
  single(
    {
      id: 'untrusted-server-ca',
      title: 'Server certificate from a CA the client does not trust',
      expected: 'rejected',
      presents: 'a good client cert; the server presents a cert signed by "other CA"',
      explanation:
        'Mutual TLS is mutual: the client verifies the server too. It cannot chain the server cert to its own trust bundle, so the client aborts.',
      fix: 'Give the client the right CA bundle (curl --cacert, openssl -CAfile) or issue the server cert from the CA clients trust.',
      commands: {
        openssl: `openssl s_client -connect 127.0.0.1:8443 -servername localhost${withCert('good')} -verify_return_error -brief </dev/null`,
        curl: `curl${curlCert('good')} https://localhost:8443/`,
      },
    },
    { cert: 'client-good', trusts: TRUSTS_ROOT },
    { cert: 'server-other-ca', trusts: TRUSTS_ROOT },
  ),
  single(
    {
      id: 'expired-server-cert',
      title: 'Server certificate has expired',
      expected: 'rejected',
      presents: 'a good client cert; the server presents a cert whose notAfter is yesterday',
      explanation:
        'The client checks the server validity window just as the server checks the client: CERT_HAS_EXPIRED, and the client closes the connection.',
      fix: 'Renew the server certificate, and alert on expiry well before it happens.',
      commands: {
        openssl: `${s(withCert('good'))}   # against a server whose cert expired`,
        curl: `${c(curlCert('good'))}   # against a server whose cert expired`,
      },
    },
    { cert: 'client-good', trusts: TRUSTS_ROOT },
    { cert: 'server-expired', trusts: TRUSTS_ROOT },
  ),
  single(
    {
      id: 'plaintext-to-mtls',
      title: 'Plain HTTP to a port that requires mutual TLS',
      expected: 'rejected',
      presents: 'no TLS at all: an HTTP request in clear text',
      explanation:
        'The server expects a TLS ClientHello and gets "GET / HTTP/1.1" instead (ERR_SSL_HTTP_REQUEST). It closes without a word; the client reads 0 bytes. This is what a STRICT Istio workload does to a caller without a sidecar.',
      fix: 'Speak TLS with a client cert (https:// plus --cert/--key), or, during a migration, let the server accept both (Istio PERMISSIVE).',
      commands: {
        openssl: `printf 'GET / HTTP/1.1\\r\\nHost: localhost\\r\\n\\r\\n' | nc 127.0.0.1 8443`,
        curl: 'curl http://localhost:8443/',
      },
    },
    { trusts: TRUSTS_ROOT, plaintext: true },
  ),
  {
    id: 'ca-rotation',
    title: 'CA rotation: trust old and new roots, then drop the old one',
    expected: 'rejected',
    presents: 'a client cert from the old CA and one from the new CA, against a server whose trust bundle changes',
    explanation:
      'While the server trusts a bundle with both roots, clients of either CA get in, so workloads can be re-issued one by one. Once the old root leaves the bundle, any client still holding an old cert is rejected: here SELF_SIGNED_CERT_IN_CHAIN, because the client sends its old root along and the server no longer trusts it.',
    fix: 'Rotate in three moves: add the new root to every trust bundle, re-issue every leaf from the new CA, and only then remove the old root.',
    commands: {
      openssl: s(withCert('good')),
      curl: c(curlCert('good')),
    },
    steps: [
      {
        label: 'old-CA client, server trusts old + new',
        expected: 'accepted',
        server: { cert: 'server', trusts: ['root-ca', 'new-ca'] },
        client: { cert: 'client-good', trusts: TRUSTS_ROOT },
      },
      {
        label: 'new-CA client, server trusts old + new',
        expected: 'accepted',
        server: { cert: 'server', trusts: ['root-ca', 'new-ca'] },
        client: { cert: 'client-new-ca', trusts: TRUSTS_ROOT },
      },
      {
        label: 'old-CA client, old CA dropped',
        expected: 'rejected',
        server: { cert: 'server', trusts: ['new-ca'] },
        client: { cert: 'client-good', trusts: TRUSTS_ROOT },
      },
    ],
  },
];

export function isScenarioId(id: string): id is ScenarioId {
  return (SCENARIO_IDS as readonly string[]).includes(id);
}

export function getScenario(id: ScenarioId): Scenario {
  const scenario = SCENARIOS.find((candidate) => candidate.id === id);
  if (!scenario) throw new Error(`no scenario '${id}'`);
  return scenario;
}

/** The short list used by `lab list` and menus. */
export function listScenarios(): Array<{ id: ScenarioId; title: string; expected: Outcome }> {
  return SCENARIOS.map(({ id, title, expected }) => ({ id, title, expected }));
}
