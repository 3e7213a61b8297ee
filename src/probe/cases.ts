/**
 * The clients the probe plays, and what a server that really enforces mTLS does with each. Plain data.
 */

export type CaseId = 'no-certificate' | 'good' | 'good-chain' | 'expired' | 'not-yet-valid' | 'self-signed' | 'untrusted-ca' | 'wrong-eku' | 'no-intermediate' | 'key-mismatch';

/** Which certificate a case presents (a name in the probe's identity set). */
export type IdentityName = 'good' | 'chained' | 'expired' | 'not-yet-valid' | 'self-signed' | 'untrusted' | 'wrong-eku' | 'no-intermediate' | 'mismatch';

export interface ProbeCase {
  id: CaseId;
  title: string;
  /** null: no certificate at all. */
  identity: IdentityName | null;
  /** accept: the server must answer; reject: it must refuse; local: the probe's own TLS stack refuses first. */
  expect: 'accept' | 'reject' | 'local';
  /** What a server that enforces mTLS does, in a few words. */
  correct: string;
  /** What a ✗ means, in a sentence. */
  wrong: string;
  lesson: string;
  lab: string | null;
}

export const PROBE_CASES: readonly ProbeCase[] = [
  {
    id: 'no-certificate',
    title: 'no client certificate',
    identity: null,
    expect: 'reject',
    correct: 'refuse (alert 40 in TLS 1.2, 116 in 1.3)',
    wrong: 'accepted a client with no certificate: client certificates are optional on this server (verification "optional" or "request" instead of "require")',
    lesson: 'handshake',
    lab: 'no-client-cert',
  },
  {
    id: 'good',
    title: 'a good certificate',
    identity: 'good',
    expect: 'accept',
    correct: 'accept and answer',
    wrong: 'refused a valid client certificate: is the CA that issued it (the ca.crt the probe named) in the server\'s trusted client CAs?',
    lesson: 'mtls-basics',
    lab: 'good',
  },
  {
    id: 'good-chain',
    title: 'a good certificate from an intermediate CA, chain sent',
    identity: 'chained',
    expect: 'accept',
    correct: 'accept and answer',
    wrong: 'refused a valid client certificate sent with its intermediate: does it trust the ca.crt the probe named, and does its verify depth allow one intermediate (a depth of 0 allows none)?',
    lesson: 'x509-and-trust',
    lab: null,
  },
  {
    id: 'expired',
    title: 'an expired certificate',
    identity: 'expired',
    expect: 'reject',
    correct: 'refuse (alert 45, or close)',
    wrong: 'accepted an expired client certificate: it does not check validity',
    lesson: 'identity-and-rotation',
    lab: 'expired-client-cert',
  },
  {
    id: 'not-yet-valid',
    title: 'a certificate not valid yet',
    identity: 'not-yet-valid',
    expect: 'reject',
    correct: 'refuse (alert 42 or 45, or close)',
    wrong: 'accepted a client certificate that is not valid yet: it does not check validity',
    lesson: 'identity-and-rotation',
    lab: 'not-yet-valid-client-cert',
  },
  {
    id: 'self-signed',
    title: 'a self-signed certificate',
    identity: 'self-signed',
    expect: 'reject',
    correct: 'refuse (alert 48, or close)',
    wrong: 'accepted a self-signed client certificate: it does not verify the chain at all',
    lesson: 'x509-and-trust',
    lab: 'self-signed-client-cert',
  },
  {
    id: 'untrusted-ca',
    title: 'a certificate from an untrusted CA',
    identity: 'untrusted',
    expect: 'reject',
    correct: 'refuse (alert 48, or close)',
    wrong: 'accepted a client certificate from a CA it was never told to trust: it does not verify the chain',
    lesson: 'x509-and-trust',
    lab: 'untrusted-client-ca',
  },
  {
    id: 'wrong-eku',
    title: 'a certificate for servers only (EKU serverAuth)',
    identity: 'wrong-eku',
    expect: 'reject',
    correct: 'refuse (alert 43, or close)',
    wrong: 'accepted a certificate whose extended key usage does not allow client authentication: it does not check the purpose',
    lesson: 'x509-and-trust',
    lab: 'wrong-eku-client-cert',
  },
  {
    id: 'no-intermediate',
    title: 'the right chain without its intermediate',
    identity: 'no-intermediate',
    expect: 'reject',
    correct: 'refuse (alert 48, or close)',
    wrong: 'accepted a leaf without the intermediate that links it to the trusted CA: it trusts the intermediate directly, or does not verify',
    lesson: 'x509-and-trust',
    lab: 'untrusted-client-ca',
  },
  {
    id: 'key-mismatch',
    title: 'a certificate with a key that does not match',
    identity: 'mismatch',
    expect: 'local',
    correct: 'nothing to judge: the client\'s own TLS stack refuses the pair before connecting',
    wrong: 'the probe\'s TLS stack accepted a mismatched key (this should not happen)',
    lesson: 'x509-and-trust',
    lab: null,
  },
];
