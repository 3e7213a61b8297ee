import { describe, expect, it } from 'vitest';
import { runScenarios } from '../../../src/lab/runner.js';
import { detailLines, serverLines, timelineLines } from '../../../src/ui/screens/lab-result.js';
import { textOf, type RichLine } from '../../../src/ui/text/rich.js';

// Real handshakes (Node's server, TLS 1.3), as the TLS lab screen shows them.
const results = Object.fromEntries((await runScenarios(['good', 'no-client-cert', 'expired-client-cert', 'plaintext-to-mtls', 'server-name-mismatch'])).map((r) => [r.id, r]));
const text = (rows: RichLine[]) => rows.map(textOf).join(' ').replace(/\s+/g, ' ');

describe('the TLS lab result, in words', () => {
  it("no client certificate: the alert shown is said to come from OpenSSL inside Node's server, not denied", () => {
    const r = results['no-client-cert']!;
    expect(r.alert).toMatchObject({ number: 116, sentBy: 'server' });
    const said = text(serverLines(r, false, 200));
    expect(said).toContain('This alert came from OpenSSL inside it, which refuses a handshake itself when the client sends no certificate at all');
    expect(said).toContain('A certificate the client did send is checked by Node after the handshake, and refused without an alert');
  });

  it("a refused certificate: Node's server closed without an alert; with openssl here, o is offered", () => {
    const r = results['expired-client-cert']!;
    expect(r.alert).toBeNull();
    expect(text(serverLines(r, false, 200))).toBe(" Server: Node's. It checked the client certificate after the handshake and closed the connection without an alert.");
    expect(text(serverLines(r, true, 200))).toContain('Press o to run the same handshake against openssl s_server');
  });

  it('nothing to say about the server when it refused nothing and openssl is not here', () => {
    expect(serverLines(results.good!, false, 80)).toEqual([]);
    expect(serverLines(results['server-name-mismatch']!, false, 80)).toEqual([]);
  });

  it('plain HTTP is not labelled TLS: the timeline says plain text went to a TLS 1.3 server', () => {
    const r = results['plaintext-to-mtls']!;
    expect(r.offered).toEqual({ client: { tls: null, alpn: null }, server: { tls: '1.3', alpn: null } });
    expect(textOf(timelineLines(r, 0, 80)[0]!)).toMatch(/^Timeline · plain text to a TLS 1\.3 server on 127\.0\.0\.1 · [\d.]+ ms$/);
    expect(textOf(timelineLines(results.good!, 0, 80)[0]!)).toMatch(/^Timeline · TLS 1\.3 on 127\.0\.0\.1 · /);
  });

  it('the commands to try come with their note: why s_client sends a request', () => {
    const said = text(detailLines(results['expired-client-cert']!, 200));
    expect(said).toContain("$ printf 'GET / HTTP/1.0\\r\\n\\r\\n' | openssl s_client -connect 127.0.0.1:8443");
    expect(said).toContain('-ign_eof');
    expect(said).toContain('"Verification: OK" (its own check of the server)');
    expect(said).not.toMatch(/-brief <\/dev\/null/);
  });
});
