import { describe, expect, it } from 'vitest';
import { cleanText, containsPhrase, matchError, normalise } from '../../src/why/match.js';
import type { ErrorTable } from '../../src/why/types.js';

const signature = (id: string, patterns: string[], extra: Partial<ErrorTable['signatures'][number]> = {}) => ({
  id,
  stack: 'node' as const,
  title: id,
  patterns,
  regexes: [],
  context: [],
  meaning: 'm',
  rejectedBy: 'client' as const,
  side: 's',
  causes: ['c'],
  checks: ['k'],
  lesson: 'handshake',
  sources: [{ title: 't' }],
  examples: ['e'],
  ...extra,
});

const table: ErrorTable = {
  stacks: [{ stack: 'node', name: 'Node', hints: ['at TLSSocket'] }],
  signatures: [
    signature('expired', ['CERT_HAS_EXPIRED']),
    signature('self-signed', ['self-signed certificate']),
    signature('in-chain', ['self-signed certificate in certificate chain']),
    signature('flag-uf', [], { regexes: ['" \\d{3} (?:[A-Z]+,)*UF(?:,[A-Z]+)* '] }),
    signature('wrapper-specific', ['reset reason: connection termination'], { context: ['upstream connect error'] }),
    signature('wrapper-generic', ['upstream connect error']),
  ],
};

describe('normalising text', () => {
  it('ignores case, dashes, underscores, white space, colours and JSON escapes', () => {
    expect(normalise('Self-Signed\n   CERT_HAS_EXPIRED')).toBe('self signed cert has expired');
    expect(cleanText('\u001b[31merror\u001b[0m: \\"x\\"\\n  y')).toBe('error: "x" y');
  });

  it('finds a phrase only on word boundaries', () => {
    expect(containsPhrase('code: cert has expired.', 'cert has expired')).toBe(true);
    expect(containsPhrase('xcert has expired', 'cert has expired')).toBe(false);
    expect(containsPhrase('ssl alert number 40', 'ssl alert number 4')).toBe(false);
  });
});

describe('matching', () => {
  it('finds a code inside a stack trace, a JSON log line, or text broken over lines', () => {
    for (const text of [
      "Error: certificate has expired\n    at TLSSocket.onConnectSecure (node:_tls_wrap:1674:34) {\n  code: 'CERT_HAS_EXPIRED'\n}",
      '{"level":"error","time":"2026-12-06T10:00:00Z","err":{"code":"CERT_HAS_EXPIRED"}}',
      '10:00:01 \u001b[33mWARN\u001b[0m cert_has_expired',
    ]) {
      expect(matchError(text, table).matches[0]?.signature.id, text).toBe('expired');
    }
  });

  it('puts the longer, more specific signature first, and lists the others', () => {
    const result = matchError('verify error: self-signed certificate in certificate chain', table);
    expect(result.matches.map((m) => m.signature.id)).toEqual(['in-chain', 'self-signed']);
  });

  it('matches a regex on the text as written (an Envoy flag), and only there', () => {
    expect(matchError('"GET / HTTP/1.1" 503 UF,URX upstream_reset', table).matches[0]?.signature.id).toBe('flag-uf');
    expect(matchError('the UFO landed with 503 UF', table).recognised).toBe(false);
  });

  it('lets context phrases raise a specific signature, never match on their own', () => {
    expect(matchError('upstream connect error. reset reason: connection termination', table).matches[0]?.signature.id).toBe('wrapper-specific');
    expect(matchError('upstream connect error. reset reason: overflow', table).matches.map((m) => m.signature.id)).toEqual(['wrapper-generic']);
  });

  it('says "not recognised" for unknown text and offers only close signatures', () => {
    const unknown = matchError('the coffee machine is out of beans', table);
    expect(unknown.recognised).toBe(false);
    expect(unknown.closest).toEqual([]);
    const near = matchError('certificate chain looks self signed to me', table);
    expect(near.recognised).toBe(false);
    expect(near.closest[0]?.signature.id).toBe('in-chain');
  });
});
