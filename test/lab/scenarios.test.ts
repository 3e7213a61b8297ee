import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { shippedLabTexts } from '../../src/content/course.js';
import { runScenarios } from '../../src/lab/runner.js';
import { SCENARIO_IDS, SCENARIOS, type ScenarioId } from '../../src/lab/scenarios.js';
import type { ScenarioResult } from '../../src/lab/types.js';

// Codes measured on Node 20 (OpenSSL 3.0) with these scenarios; the handshakes below are real.
const SERVER_REJECTS_CERT: Record<string, string> = {
  'expired-client-cert': 'CERT_HAS_EXPIRED',
  'not-yet-valid-client-cert': 'CERT_NOT_YET_VALID',
  'untrusted-client-ca': 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'self-signed-client-cert': 'DEPTH_ZERO_SELF_SIGNED_CERT',
  'wrong-eku-client-cert': 'INVALID_PURPOSE',
};
const CLIENT_REJECTS_SERVER: Record<string, string> = {
  'server-name-mismatch': 'ERR_TLS_CERT_ALTNAME_INVALID',
  'untrusted-server-ca': 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'expired-server-cert': 'CERT_HAS_EXPIRED',
};

function byId(results: ScenarioResult[]): Record<string, ScenarioResult> {
  return Object.fromEntries(results.map((r) => [r.id, r]));
}

describe('scenario catalogue', () => {
  it('has exactly the ids lessons rely on, each with the texts a learner needs (from lessons/labs/)', async () => {
    expect(SCENARIOS.map((s) => s.id)).toEqual([
      'good', 'no-client-cert', 'expired-client-cert', 'not-yet-valid-client-cert', 'untrusted-client-ca',
      'self-signed-client-cert', 'wrong-eku-client-cert', 'server-name-mismatch', 'untrusted-server-ca',
      'expired-server-cert', 'plaintext-to-mtls', 'ca-rotation', 'version-floor', 'alpn-mismatch',
      'root-rotation-both-trusted', 'root-rotation-old-dropped',
    ]);
    const texts = await shippedLabTexts();
    expect(Object.keys(texts).sort()).toEqual([...SCENARIO_IDS].sort());
    for (const id of SCENARIO_IDS) {
      const s = texts[id]!;
      expect(s.explanation.length, id).toBeGreaterThan(40);
      expect(s.fix.length, id).toBeGreaterThan(20);
      expect(s.commands.curl, id).toMatch(/^curl /);
      expect(s.commands.openssl, id).toMatch(/openssl s_client|nc /);
    }
  });

  it('a result carries its text: title, what the client presents, explanation, fix, commands, step labels', async () => {
    const texts = await shippedLabTexts();
    const [rotation] = await runScenarios(['ca-rotation'], { texts: { ...texts, 'ca-rotation': { ...texts['ca-rotation']!, title: 'Edited title', steps: ['one', 'two', 'three'] } } });
    expect(rotation!.title).toBe('Edited title');
    expect(rotation!.steps?.map((s) => s.label)).toEqual(['one', 'two', 'three']);
    expect(rotation!.label).toBe('three');
    expect(rotation!.commands).toEqual({ openssl: texts['ca-rotation']!.commands.openssl, curl: texts['ca-rotation']!.commands.curl, server: texts['ca-rotation']!.commands.server, note: texts['ca-rotation']!.commands.note ?? null });
    await expect(runScenarios(['good'], { texts: {} })).rejects.toThrow("no text for the lab 'good' (lessons/labs/good.yaml)");
  });

  it('imports nothing but types, so menus and lesson checks can list it without loading the PKI', () => {
    const source = readFileSync(new URL('../../src/lab/scenarios.ts', import.meta.url), 'utf8');
    const imports = source.split('\n').filter((line) => /^import /.test(line));
    for (const line of imports) expect(line).toMatch(/^import type /);
  });
});

describe('all scenarios over real sockets, TLS 1.3', async () => {
  const results = byId(await runScenarios(SCENARIO_IDS, { tls: '1.3' }));

  it('every scenario behaves as the lesson predicts', () => {
    for (const id of SCENARIO_IDS) expect(results[id]?.asExpected, id).toBe(true);
  });

  it('good: both sides verified, the server saw the SPIFFE identity', () => {
    const r = results.good!;
    expect(r.outcome).toBe('accepted');
    expect(r.rejectedBy).toBeNull();
    expect(r.protocol).toBe('TLSv1.3');
    expect(r.peerCertificate.seenByServer?.subjectAltNames).toContain('URI:spiffe://cluster.local/ns/shop/sa/orders');
    expect(r.peerCertificate.seenByClient?.subjectAltNames).toEqual(['DNS:localhost', 'IP Address:127.0.0.1']);
    expect(r.peerCertificate.seenByClient?.fingerprint256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(r.reason).toContain('spiffe://cluster.local/ns/shop/sa/orders');
    const events = r.timeline.map((e) => `${e.side} ${e.event}`);
    expect(events).toContain('client secureConnect');
    expect(events).toContain('server secureConnection');
    expect(events.at(-1)).toBe('client close');
  });

  it('no-client-cert: OpenSSL aborts with certificate_required (116), after the client saw secureConnect', () => {
    const r = results['no-client-cert']!;
    expect(r.outcome).toBe('rejected');
    expect(r.rejectedBy).toBe('server');
    expect(r.clientError?.code).toBe('ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED');
    expect(r.serverError?.code).toBe('ERR_SSL_PEER_DID_NOT_RETURN_A_CERTIFICATE');
    expect(r.alert).toEqual({ name: 'certificate_required', number: 116, sentBy: 'server' });
    expect(r.clientSawSecureConnect).toBe(true);
    expect(r.authorizationError).toBeNull();
    expect(r.peerCertificate.seenByServer).toBeNull();
  });

  it('bad client certs: the server refuses with the verification reason, sends no alert, the client sees a close', () => {
    for (const [id, reason] of Object.entries(SERVER_REJECTS_CERT)) {
      const r = results[id]!;
      expect(r.outcome, id).toBe('rejected');
      expect(r.rejectedBy, id).toBe('server');
      expect(r.authorizationError, id).toBe(reason);
      expect(r.serverError?.code, id).toBe('ECONNRESET');
      expect(r.clientError, id).toBeNull();
      expect(r.alert, id).toBeNull();
      expect(r.clientSawSecureConnect, id).toBe(true);
      expect(r.peerCertificate.seenByServer, id).not.toBeNull();
    }
    expect(results['self-signed-client-cert']!.peerCertificate.seenByServer?.issuer).toBe(
      results['self-signed-client-cert']!.peerCertificate.seenByServer?.subject,
    );
  });

  it('bad server certs: the client refuses before secureConnect', () => {
    for (const [id, code] of Object.entries(CLIENT_REJECTS_SERVER)) {
      const r = results[id]!;
      expect(r.outcome, id).toBe('rejected');
      expect(r.rejectedBy, id).toBe('client');
      expect(r.clientError?.code, id).toBe(code);
      expect(r.clientAuthorizationError, id).toBe(code);
      expect(r.clientSawSecureConnect, id).toBe(false);
      expect(r.peerCertificate.seenByClient, id).not.toBeNull();
    }
    expect(results['server-name-mismatch']!.peerCertificate.seenByClient?.subjectAltNames).toEqual(['DNS:wrong-host.example']);
  });

  it('plaintext-to-mtls: the server sees an HTTP request, the client reads nothing', () => {
    const r = results['plaintext-to-mtls']!;
    expect(r.outcome).toBe('rejected');
    expect(r.rejectedBy).toBe('server');
    expect(r.serverError?.code).toBe('ERR_SSL_HTTP_REQUEST');
    expect(r.timeline.find((e) => e.side === 'client' && e.event === 'end')?.detail).toContain('0 bytes');
  });

  it('ca-rotation: both clients get in while both roots are trusted, the old one is refused after', () => {
    const r = results['ca-rotation']!;
    expect(r.steps?.map((s) => s.outcome)).toEqual(['accepted', 'accepted', 'rejected']);
    const [oldClient, newClient, dropped] = r.steps!;
    expect(oldClient!.peerCertificate.seenByServer?.issuer).toContain('mtls-tutor lab CA');
    expect(newClient!.peerCertificate.seenByServer?.issuer).toContain('rotated');
    expect(dropped!.rejectedBy).toBe('server');
    expect(dropped!.authorizationError).toBe('SELF_SIGNED_CERT_IN_CHAIN');
    expect(r.outcome).toBe('rejected');
  });

  it('version-floor: no version in common, so OpenSSL in the server refuses the hello with protocol_version (70) before any certificate', () => {
    const r = results['version-floor']!;
    expect(r).toMatchObject({ outcome: 'rejected', rejectedBy: 'server', clientSawSecureConnect: false, authorizationError: null, protocol: null });
    expect(r.offered).toEqual({ client: { tls: '1.2', alpn: null }, server: { tls: '1.3', alpn: null } });
    expect(r.clientError?.code).toBe('ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION');
    expect(r.serverError?.code).toBe('ERR_SSL_UNSUPPORTED_PROTOCOL');
    expect(r.alert).toEqual({ name: 'protocol_version', number: 70, sentBy: 'server' });
    expect(r.peerCertificate).toEqual({ seenByClient: null, seenByServer: null });
    expect(r.reason).toBe('the server refused the client: the peer offered only TLS versions this side does not allow');
  });

  it('alpn-mismatch: an h2-only server refuses an http/1.1-only client with no_application_protocol (120)', () => {
    const r = results['alpn-mismatch']!;
    expect(r).toMatchObject({ outcome: 'rejected', rejectedBy: 'server', clientSawSecureConnect: false, authorizationError: null });
    expect(r.offered).toEqual({ client: { tls: '1.3', alpn: ['http/1.1'] }, server: { tls: '1.3', alpn: ['h2'] } });
    expect(r.clientError?.code).toBe('ERR_SSL_TLSV1_ALERT_NO_APPLICATION_PROTOCOL');
    expect(r.serverError?.code).toBe('ERR_SSL_NO_APPLICATION_PROTOCOL');
    expect(r.alert).toEqual({ name: 'no_application_protocol', number: 120, sentBy: 'server' });
  });

  it('root rotation: both roots trusted lets either client in; the old root dropped shuts the old client out', () => {
    const both = results['root-rotation-both-trusted']!;
    expect(both.steps?.map((s) => [s.label, s.outcome])).toEqual([
      ['old-root client, server trusts both roots', 'accepted'],
      ['new-root client, server trusts both roots', 'accepted'],
    ]);
    expect(both.steps?.map((s) => s.peerCertificate.seenByServer?.issuer)).toEqual(['CN=mtls-tutor lab CA', 'CN=mtls-tutor lab CA 2 (rotated)']);
    const dropped = results['root-rotation-old-dropped']!;
    expect(dropped).toMatchObject({ outcome: 'rejected', rejectedBy: 'server', authorizationError: 'SELF_SIGNED_CERT_IN_CHAIN', alert: null });
  });
});

describe('the same scenarios over TLS 1.2, where rejections surface differently', async () => {
  const ids: ScenarioId[] = ['good', 'no-client-cert', 'expired-client-cert', 'wrong-eku-client-cert', 'server-name-mismatch', 'version-floor', 'alpn-mismatch'];
  const results = byId(await runScenarios(ids, { tls: '1.2' }));

  it('behaves as predicted', () => {
    for (const id of ids) expect(results[id]?.asExpected, id).toBe(true);
    expect(results.good!.protocol).toBe('TLSv1.2');
  });

  it('a missing cert is a handshake_failure (40), and the client never sees secureConnect', () => {
    const r = results['no-client-cert']!;
    expect(r.clientError?.code).toBe('ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE');
    expect(r.alert).toEqual({ name: 'handshake_failure', number: 40, sentBy: 'server' });
    expect(r.clientSawSecureConnect).toBe(false);
  });

  it('a refused client cert resets the connection before the client finishes', () => {
    for (const id of ['expired-client-cert', 'wrong-eku-client-cert']) {
      const r = results[id]!;
      expect(r.rejectedBy, id).toBe('server');
      expect(r.clientSawSecureConnect, id).toBe(false);
      expect(r.clientError?.code, id).toBe('ECONNRESET');
    }
    expect(results['expired-client-cert']!.authorizationError).toBe('CERT_HAS_EXPIRED');
  });

  it('version-floor pins its own versions whatever the run asks; ALPN is refused in TLS 1.2 as in 1.3', () => {
    expect(results['version-floor']!.offered).toEqual({ client: { tls: '1.2', alpn: null }, server: { tls: '1.3', alpn: null } });
    expect(results['version-floor']!.alert?.number).toBe(70);
    expect(results['alpn-mismatch']!.alert?.number).toBe(120);
  });

  it('a client refusing the server leaves the server with a connection it had already accepted', () => {
    const r = results['server-name-mismatch']!;
    expect(r.rejectedBy).toBe('client');
    expect(r.timeline.map((e) => `${e.side} ${e.event}`)).toContain('server secureConnection');
  });
});
