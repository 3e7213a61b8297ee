/**
 * Every lab scenario, in both TLS versions and against both servers (openssl when installed), captured and
 * decoded: no unknown record, nothing left encrypted, every Finished verified against the transcript, and the
 * decoded messages agree with what the TLS stacks reported (the alert, the empty client Certificate).
 */
import { describe, expect, it } from 'vitest';
import { createLabPki } from '../../src/lab/lab-pki.js';
import { opensslSupport } from '../../src/lab/openssl-server.js';
import { runScenarios } from '../../src/lab/runner.js';
import { SCENARIO_IDS } from '../../src/lab/scenarios.js';
import { stepsOf, type ServerKind, type TlsVersion } from '../../src/lab/types.js';
import { decodeCapture } from '../../src/wire/decode.js';
import type { WireCapture } from '../../src/wire/types.js';

const servers: ServerKind[] = opensslSupport().ok ? ['node', 'openssl'] : ['node'];
const pki = createLabPki();

describe.each(servers.flatMap((server) => (['1.2', '1.3'] as TlsVersion[]).map((tls) => ({ server, tls }))))('$server server, TLS $tls', ({ server, tls }) => {
  it('decodes every scenario without an unknown, unopened or malformed record', async () => {
    const captures = new Map<string, WireCapture>();
    const results = await runScenarios(SCENARIO_IDS, { pki, tls, server, capture: (id, step, capture) => captures.set(`${id}/${step}`, capture) });
    for (const result of results) {
      for (const [index, step] of stepsOf(result).entries()) {
        const where = `${result.id} step ${index + 1}`;
        const decoded = decodeCapture(captures.get(`${result.id}/${index}`)!);
        const { messages } = decoded;
        expect(messages.length, where).toBeGreaterThan(0);
        expect(messages.filter((m) => m.record === 'unknown' || ['Unknown', 'EncryptedRecord', 'TruncatedRecord'].includes(m.type) || m.problem), where).toEqual([]);
        if (result.id === 'plaintext-to-mtls') {
          expect(messages.map((m) => [m.from, m.record, m.fields['looks_like']]), where).toEqual([['client', 'not_tls', 'an HTTP request']]);
          continue;
        }
        const types = messages.map((m) => `${m.from} ${m.type}`);
        if (!types.includes('server ServerHello')) {
          // Refused at the hello (a version floor, no common ALPN protocol): the ClientHello, then the server's alert.
          expect(types, where).toEqual(['client ClientHello', 'server Alert']);
          expect(messages[1]!.fields['description'], where).toBe(step.alert?.name);
          continue;
        }
        // Each side speaks the run's version unless the scenario pins it.
        expect(decoded.version, where).toBe(step.offered.client.tls ?? tls);
        expect(types.slice(0, 2), where).toEqual(['client ClientHello', 'server ServerHello']);
        // The mutual half starts on every lab server: it always asks for a client certificate.
        expect(types, where).toContain('server CertificateRequest');
        for (const finished of messages.filter((m) => m.type === 'Finished')) expect(finished.fields['verify_data_check'], `${where}: ${finished.from} Finished`).toBe('matches the transcript');
        // What the stacks said, the wire shows.
        if (step.alert) {
          const alert = messages.find((m) => m.type === 'Alert' && m.from === step.alert!.sentBy && m.fields['level'] === 'fatal');
          expect(alert?.fields['description'], where).toBe(step.alert.name);
        }
        const clientCertificate = messages.find((m) => m.from === 'client' && m.type === 'Certificate');
        if (result.id === 'no-client-cert') expect(clientCertificate?.fields['count'], where).toBe(0);
        else if (clientCertificate && step.peerCertificate.seenByServer)
          expect((clientCertificate.fields['certificates'] as { subject: string }[])[0]?.subject, where).toBe(step.peerCertificate.seenByServer.subject);
        if (tls === '1.3') expect(messages.filter((m) => m.encrypted).every((m) => m.type !== 'ClientHello' && m.type !== 'ServerHello'), where).toBe(true);
      }
    }
  }, 60_000);
});
