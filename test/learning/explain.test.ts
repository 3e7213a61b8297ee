import { describe, expect, it } from 'vitest';
import type { ExplainPrompt, SynonymSets } from '../../src/content/schema.js';
import { scoreExplanation, scoreJson } from '../../src/learning/explain.js';
import { american, stem, words } from '../../src/learning/text.js';

const sets: SynonymSets = {
  client: ['client', 'caller', 'workload', 'service'],
  certificate: ['certificate', 'cert', 'chain'],
  send: ['send', 'present', 'provide'],
  verify: ['verify', 'validate', 'check'],
  ca: ['ca', 'certificate authority', 'root', 'trust anchor'],
  'trust-store': ['trust store', 'ca bundle', 'trust bundle'],
  reject: ['reject', 'refuse', 'abort', 'tear down', 'close', 'reset'],
  connection: ['connection', 'handshake'],
  not: ['not', 'no', 'never', 'without', 'doesnt', 'dont', 'isnt'],
  authorization: ['authorization', 'authz', 'permission'],
};

const prompt: ExplainPrompt = {
  id: 'why-mtls',
  prompt: 'Explain what mutual TLS adds to TLS and what the server checks.',
  hint: 'think about both sides',
  concepts: [
    {
      name: 'the client presents a certificate too',
      statements: [['@client', '@send', '@certificate']],
      says: 'The client sends its own certificate as well.',
      misconceptions: [
        { claim: 'only the server has a certificate', statements: [['only', 'server', '@certificate']], correction: 'In mTLS both sides present certificates.' },
      ],
    },
    {
      name: 'the server verifies it against a trusted CA',
      statements: [['@verify', '@ca | @trust-store']],
      says: 'The server checks the chain against the CAs it trusts.',
      misconceptions: [
        { claim: 'any certificate is accepted', statements: [['accept | accepts | accepted', 'any | every', '@certificate']], correction: 'Only chains ending at a trusted CA are accepted.' },
      ],
    },
    {
      name: 'a failed check closes the connection',
      statements: [['@reject', '@connection']],
      says: 'If a check fails, the handshake is aborted.',
    },
    {
      name: 'authorization is a separate step',
      statements: [['@authorization', 'separate | still | another']],
      says: 'Deciding what the caller may do is still a separate step.',
    },
  ],
  modelAnswer: 'The client presents a certificate too; the server verifies it against a trusted CA and aborts the handshake if that fails. Authorization is still a separate step.',
};

const score = (answer: string) => scoreExplanation(answer, prompt, sets);
const covered = (answer: string) => score(answer).covered.map((c) => c.concept.name);
const [PRESENTS, VERIFIES, CLOSES, AUTHZ] = prompt.concepts.map((c) => c.name) as [string, string, string, string];

describe('scoreExplanation: statements', () => {
  it('covers a concept when one sentence makes a statement, in any order and in other words', () => {
    expect(covered('The caller provides its own cert.')).toEqual([PRESENTS]);
    expect(covered('A certificate is presented by the client as well.')).toEqual([PRESENTS]);
    expect(covered('The server validates that chain against its CA bundle.')).toEqual([PRESENTS, VERIFIES].filter((n) => n === VERIFIES));
  });

  it('never credits one keyword, nor terms spread over two sentences', () => {
    expect(covered('Certificate.')).toEqual([]);
    expect(covered('The client is first. It is a certificate that matters.')).toEqual([]);
    expect(covered('The client logs in. Then it sends a request.')).toEqual([]);
  });

  it('quotes the learner’s own sentence as evidence', () => {
    const result = score('Hello there. The client presents its certificate, and the server checks it against the root CA it trusts!');
    expect(result.covered).toEqual([
      { concept: prompt.concepts[0], evidence: 'The client presents its certificate, and the server checks it against the root CA it trusts!' },
      { concept: prompt.concepts[1], evidence: 'The client presents its certificate, and the server checks it against the root CA it trusts!' },
    ]);
  });

  it('scores the model answer in full and an off-topic paragraph at nothing', () => {
    expect(score(prompt.modelAnswer)).toMatchObject({ score: 4, total: 4, missed: [], contradicted: [] });
    expect(score('I had pasta for lunch and then went for a long walk in the park with my dog.')).toMatchObject({ score: 0, notAnExplanation: false });
  });
});

describe('scoreExplanation: negation', () => {
  it('does not credit a negated statement: not, never, n’t, no, without', () => {
    for (const answer of [
      'The client does not present a certificate.',
      'The client never sends its certificate.',
      "The client doesn't send a certificate.",
      'No certificate is sent by the client.',
      'The client connects without presenting a certificate.',
      'The handshake is not aborted when a check fails.',
    ]) {
      expect(covered(answer), answer).toEqual([]);
    }
  });

  it('scopes a negation to its own clause', () => {
    expect(covered('The server does not trust the network, so it verifies the chain against a trusted CA.')).toEqual([VERIFIES]);
    expect(covered('It is not optional: the client presents its certificate.')).toEqual([PRESENTS]);
    expect(covered('The client presents a certificate but the server does not verify it against the CA.')).toEqual([PRESENTS]);
  });

  it('reads a negation inside a condition as a case, not a denial', () => {
    expect(covered("If the chain isn't signed by a trusted CA, the connection is closed.")).toEqual([CLOSES]);
    expect(covered('Unless the certificate checks out, the handshake is aborted.')).toEqual([CLOSES]);
  });

  it('lets a statement name a negation itself ("instead of", "no"): then it is part of the claim', () => {
    const withNegation: ExplainPrompt = {
      ...prompt,
      concepts: [{ name: 'no trust by address', statements: [['@not | instead of', 'ip address']], says: 'Not by IP address.' }, prompt.concepts[0]!],
    };
    const names = (answer: string) => scoreExplanation(answer, withNegation, sets).covered.map((c) => c.concept.name);
    expect(names('Identity comes from keys instead of the IP address.')).toEqual(['no trust by address']);
    expect(names('Services are not trusted by IP address any more.')).toEqual(['no trust by address']);
    // The negation has to govern the term: far from it, it negates something else.
    expect(names('The client never forgets to rotate its short lived keys and it logs the IP address.')).toEqual([]);
  });

  it('treats "not only", notAfter and notNamespaces as no negation', () => {
    expect(covered('The client not only presents a certificate, it also proves its key.')).toEqual([PRESENTS]);
    expect(words('notAfter notNamespaces notPrincipals')).toEqual(['notafter', 'notnamespaces', 'notprincipals']);
  });
});

describe('scoreExplanation: misconceptions', () => {
  it('voids the concept, quotes the sentence and gives the correction', () => {
    const result = score('The client presents a certificate. Only the server has a certificate that counts, really.');
    expect(result.covered.map((c) => c.concept.name)).not.toContain(PRESENTS);
    expect(result.contradicted).toEqual([
      { concept: prompt.concepts[0], claim: 'Only the server has a certificate that counts, really.', misconception: prompt.concepts[0]!.misconceptions![0] },
    ]);
    expect(scoreJson('why-mtls', result).contradicted).toEqual([
      { concept: PRESENTS, claim: 'Only the server has a certificate that counts, really.', correction: 'In mTLS both sides present certificates.' },
    ]);
  });

  it('does not take a negated false claim for the claim', () => {
    expect(score('The server never accepts any certificate blindly.').contradicted).toEqual([]);
  });

  it('needs the false claim inside one clause: "X wins and the newer one is ignored" is not "the newer one wins"', () => {
    const order: ExplainPrompt = {
      ...prompt,
      concepts: [
        {
          name: 'oldest wins',
          statements: [['oldest', 'wins | used']],
          says: 'The oldest wins.',
          misconceptions: [{ claim: 'newest wins', statements: [['newest | newer', 'wins | used']], correction: 'The oldest wins.' }],
        },
        prompt.concepts[0]!,
      ],
    };
    const result = (answer: string) => scoreExplanation(answer, order, sets);
    expect(result('The oldest policy wins and the newer ones are ignored.')).toMatchObject({ score: 1, contradicted: [] });
    expect(result('The oldest one is ignored and the newer one wins.').contradicted).toHaveLength(1);
    expect(result('If two exist, the newer one is used.').contradicted).toHaveLength(1); // a condition joins its clause
  });
});

describe('scoreExplanation: not an explanation', () => {
  it('scores a bare list of terms 0 and says why, whatever terms it names (the issue’s examples)', () => {
    for (const answer of [
      'server cert certificate request private key trust store reject',
      'banana server certificate purple certificaterequest private key trust store refused giraffe',
      'client cert, server cert, CA, trust bundle, verify, rejected, handshake, authorization',
      '- client certificate\n- trusted CA\n- handshake aborted\n- authorization',
      'The CA, the trust store, the client certificate, the handshake and the authorization.',
      'mTLS',
    ]) {
      const result = score(answer);
      expect(result, answer).toMatchObject({ score: 0, notAnExplanation: true, covered: [] });
      expect(result.reason).toContain('as you would explain it to a colleague');
    }
  });

  it('accepts terse sentences that really explain', () => {
    const result = score('Client presents cert. Server verifies it against the CA bundle; failure aborts the handshake. Authz is still separate.');
    expect(result).toMatchObject({ notAnExplanation: false, score: 4 });
  });

  it('gives a run of terms inside a real answer no credit', () => {
    expect(covered('Here is what happens. client presents certificate verifies CA bundle rejects connection authorization separate step.')).toEqual([]);
  });
});

describe('scoreExplanation: spelling, typos and forms', () => {
  it('reads British spellings as American ones', () => {
    expect(covered('Authorisation is still a separate step.')).toEqual([AUTHZ]);
    expect(american('authorisation')).toBe('authorization');
    expect(american('behaviour')).toBe('behavior');
    expect(american('licence')).toBe('license');
    expect(american('cancelled')).toBe('canceled');
  });

  it('forgives one typo in a longer word, never in a short one', () => {
    expect(covered('The client presents its certficate.')).toEqual([PRESENTS]);
    expect(covered('The server validtes the chain against its trust store.')).toEqual([VERIFIES]);
    expect(covered('The client presents its cart.')).toEqual([]); // "cert" is too short to guess at
  });

  it('ignores case, punctuation and word endings, and finds run-together spellings', () => {
    expect(covered('THE CLIENT PRESENTS ITS CERTIFICATE!!')).toEqual([PRESENTS]);
    expect(covered("The client's certificates were presented.")).toEqual([PRESENTS]);
    expect(covered('The server verifies the chain against its truststore.')).toEqual([VERIFIES]);
  });

  it('never matches a short word inside another word ("ca" is not in "because")', () => {
    expect(covered('The server verifies because it is careful.')).toEqual([]);
    expect(covered('The server verifies the chain up to the CAs.')).toEqual([VERIFIES]);
  });

  it('is fast: a long answer scores in well under a frame', () => {
    const long = Array.from({ length: 40 }, () => prompt.modelAnswer).join(' ');
    const started = performance.now();
    expect(score(long).score).toBe(4);
    expect(performance.now() - started).toBeLessThan(2000); // generous: a correctness guard, not a benchmark
  });
});

describe('text normalisation', () => {
  it('stems the word families an answer is likely to use to one form', () => {
    const families = [
      ['verify', 'verifies', 'verified', 'verifying', 'verification'],
      ['expire', 'expired', 'expires', 'expiry', 'expiration', 'expiring'],
      ['authenticate', 'authenticated', 'authentication'],
      ['authorize', 'authorise', 'authorization', 'authorisation'],
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
