import { describe, expect, it } from 'vitest';
import type { ExplainPrompt } from '../../src/content/schema.js';
import { scoreExplanation } from '../../src/learning/explain.js';
import { stem, words } from '../../src/learning/text.js';

const prompt: ExplainPrompt = {
  id: 'why-mtls',
  prompt: 'Explain what mutual TLS adds to TLS and what the server checks.',
  hint: 'think about both sides',
  concepts: [
    { name: 'the client proves its identity with a certificate', matches: ['client certificate', 'client authenticates', 'mTLS'] },
    { name: 'the server verifies it against a trusted CA', matches: ['trusted CA', 'verify against CA', 'trust store'] },
    { name: 'proof of the private key (CertificateVerify)', matches: ['CertificateVerify', 'private key signature'] },
    { name: 'validity dates are checked', matches: ['expire', 'not after'] },
  ],
  modelAnswer: 'In mTLS the client also presents a certificate ...',
};

const names = (concepts: { name: string }[]) => concepts.map((c) => c.name);

describe('scoreExplanation', () => {
  it('scores a realistic, well-rounded answer as covering every concept', () => {
    const answer =
      "With mutual TLS the client sends its own certificate too. The server verifies that certificate against the CA " +
      "bundle it trusts (its trust-store), checks the client's Certificate-Verify message proves it holds the private key, " +
      'and rejects certificates that have expired.';
    const result = scoreExplanation(answer, prompt);
    expect(result.score).toBe(4);
    expect(result.total).toBe(4);
    expect(result.missed).toEqual([]);
  });

  it('names what was covered and what was missed in a partial answer', () => {
    const result = scoreExplanation('In mTLS both sides show certificates, and the server checks the expiry date.', prompt);
    expect(names(result.covered)).toEqual(['the client proves its identity with a certificate', 'validity dates are checked']);
    expect(names(result.missed)).toEqual(['the server verifies it against a trusted CA', 'proof of the private key (CertificateVerify)']);
    expect(result.score).toBe(2);
    expect(result.evidence).toEqual(['mTLS', 'expire']);
  });

  it('ignores case, punctuation and word endings', () => {
    for (const answer of ['CLIENT CERTIFICATES!!', 'client-certificate', 'the client’s certificate', 'Client: Certificate.']) {
      expect(names(scoreExplanation(answer, prompt).covered), answer).toContain('the client proves its identity with a certificate');
    }
    for (const answer of ['it checks whether the cert expired', 'expiring certs fail', 'the expiry date', 'expiration']) {
      expect(names(scoreExplanation(answer, prompt).covered), answer).toEqual(['validity dates are checked']);
    }
  });

  it('matches CertificateVerify however it is written', () => {
    for (const answer of ['the CertificateVerify message', 'a certificate verify message', 'certificate-verify', 'certificateverify']) {
      expect(names(scoreExplanation(answer, prompt).covered), answer).toContain('proof of the private key (CertificateVerify)');
    }
  });

  it('matches mTLS run together or split up', () => {
    for (const answer of ['mtls', 'm-TLS', 'MTLS']) {
      expect(names(scoreExplanation(answer, prompt).covered), answer).toContain('the client proves its identity with a certificate');
    }
  });

  it('allows up to two extra words inside a phrase, not more', () => {
    expect(scoreExplanation('the server will verify it against the issuing CA', prompt).score).toBe(1); // verify [it] against [issuing] CA
    expect(scoreExplanation('the client then presents a certificate', prompt).score).toBe(1); // client [then presents] certificate
    expect(scoreExplanation('the client has many other things to do before sending any certificate', prompt).score).toBe(0);
  });

  it('needs the words of a phrase in order', () => {
    expect(scoreExplanation('the CA is trusted', prompt).score).toBe(0);
    expect(scoreExplanation('a trusted CA signs it', prompt).score).toBe(1);
  });

  it('covers nothing for unrelated text, and nothing for an empty answer', () => {
    expect(scoreExplanation('I had pasta for lunch and then went for a long walk in the park.', prompt)).toMatchObject({ score: 0, total: 4 });
    expect(scoreExplanation('', prompt)).toMatchObject({ score: 0, covered: [] });
    expect(scoreExplanation('?!.,', prompt).score).toBe(0);
  });

  it('never matches a short word inside another word ("ca" is not in "because")', () => {
    const caPrompt: ExplainPrompt = { ...prompt, concepts: [{ name: 'the CA', matches: ['CA'] }, { name: 'TLS', matches: ['tls'] }] };
    expect(scoreExplanation('because the cache is local; the ultlsx box', caPrompt).score).toBe(0);
    expect(names(scoreExplanation('the CAs sign it', caPrompt).covered)).toEqual(['the CA']);
    expect(names(scoreExplanation('a CA signs it', caPrompt).covered)).toEqual(['the CA']);
  });
});

describe('text normalisation', () => {
  it('stems the word families an answer is likely to use to one form', () => {
    const families = [
      ['verify', 'verifies', 'verified', 'verifying', 'verification'],
      ['expire', 'expired', 'expires', 'expiry', 'expiration', 'expiring'],
      ['authenticate', 'authenticated', 'authentication'],
      ['certificate', 'certificates'],
      ['rotate', 'rotated', 'rotation', 'rotating'],
      ['policy', 'policies'],
      ['identity', 'identities'],
      ['ca', 'cas'],
      ['apply', 'applies', 'applied', 'applying'],
      ['reply', 'replies', 'replied'],
      ['strict', 'strictly'],
    ];
    for (const family of families) expect(new Set(family.map(stem)), family.join(',')).toHaveProperty('size', 1);
    expect(stem('because')).not.toBe(stem('ca'));
  });

  it('splits camelCase but keeps an all-caps acronym whole', () => {
    expect(words('CertificateVerify mTLS PeerAuthentication ISTIO_MUTUAL X.509')).toEqual([
      'certificate', 'verify', 'mtls', 'peer', 'authentication', 'istio', 'mutual', 'x', '509',
    ]);
  });
});
