/**
 * What the certificates and keys given to `inspect` say together: which certificate issued which, which key
 * belongs to which certificate, and the problems the lessons teach to spot, each with the lesson (and lab) that
 * explains it. Pure: takes what sources.ts read and the current time.
 */
import type { KeyObject, X509Certificate } from 'node:crypto';
import { certificateInfo, isWeakSignature, publicKeyInfo, type CertificateInfo, type PublicKeyInfo } from './certificate-info.js';
import type { CertGroup, GroupRole, KeyEntry, SourceResult, Usage } from './sources.js';

const DAY = 86_400_000;
/** "Expiring soon": the window the issue names, and what a daily rotation check should warn about. */
export const EXPIRING_DAYS = 7;

export type ProblemCode =
  | 'chain-out-of-order'
  | 'missing-intermediate'
  | 'leaf-in-ca-bundle'
  | 'ca-true-leaf'
  | 'no-san'
  | 'server-auth-only-as-client'
  | 'client-auth-missing'
  | 'expired'
  | 'expiring-soon'
  | 'not-yet-valid'
  | 'rsa-too-small'
  | 'sha1-signature'
  | 'key-mismatch'
  | 'ca-did-not-issue';

export type Severity = 'error' | 'warning';

export interface Problem {
  code: ProblemCode;
  severity: Severity;
  /** 1-based certificate number (as printed), when it is about one. */
  certificate: number | null;
  /** 1-based key number, when it is about one. */
  key: number | null;
  message: string;
  lesson: string;
  lab: string | null;
}

export interface CertReport extends CertificateInfo {
  /** 1-based, in input order. */
  number: number;
  source: string;
  group: string;
  position: number;
  role: GroupRole;
  usage: Usage;
  /** The number of the certificate in the input that issued it (signature checked); itself when self-signed. */
  issuedBy: number | null;
  /** Days from now to notAfter (negative: expired). */
  expiresInDays: number;
  /** The numbers of the keys that match it. */
  keys: number[];
}

export interface KeyReport {
  number: number;
  source: string;
  label: string;
  type: string | null;
  bits: number | null;
  curve: string | null;
  /** Why it could not be read, when it could not. */
  unreadable: string | null;
  /** Numbers of the certificates whose public key is this key's. */
  matches: number[];
  /** Given with --key. */
  given: boolean;
}

export interface InspectReport {
  inputs: { source: string; format: string; certificates: number; keys: number; notes: string[]; error: string | null }[];
  certificates: CertReport[];
  keys: KeyReport[];
  problems: Problem[];
  notes: string[];
}

interface Cert {
  report: CertReport;
  x509: X509Certificate;
  sourceIndex: number;
  groupKey: string;
}

/** Which lesson and lab explain each problem (lab null: none reproduces it, the lesson does). */
const EXPLAINED_BY: Record<ProblemCode, { lesson: string; lab: string | null }> = {
  'chain-out-of-order': { lesson: 'x509-and-trust', lab: null },
  'missing-intermediate': { lesson: 'x509-and-trust', lab: 'untrusted-server-ca' },
  'leaf-in-ca-bundle': { lesson: 'x509-and-trust', lab: null },
  'ca-true-leaf': { lesson: 'x509-and-trust', lab: null },
  'no-san': { lesson: 'x509-and-trust', lab: 'server-name-mismatch' },
  'server-auth-only-as-client': { lesson: 'x509-and-trust', lab: 'wrong-eku-client-cert' },
  'client-auth-missing': { lesson: 'x509-and-trust', lab: 'wrong-eku-client-cert' },
  expired: { lesson: 'identity-and-rotation', lab: 'expired-client-cert' },
  'expiring-soon': { lesson: 'identity-and-rotation', lab: 'expired-client-cert' },
  'not-yet-valid': { lesson: 'identity-and-rotation', lab: 'not-yet-valid-client-cert' },
  'rsa-too-small': { lesson: 'x509-and-trust', lab: null },
  'sha1-signature': { lesson: 'x509-and-trust', lab: null },
  'key-mismatch': { lesson: 'x509-and-trust', lab: null },
  'ca-did-not-issue': { lesson: 'x509-and-trust', lab: 'untrusted-client-ca' },
};

function issued(child: X509Certificate, parent: X509Certificate): boolean {
  try {
    return child.checkIssued(parent) && child.verify(parent.publicKey);
  } catch {
    return false;
  }
}

function keyMatches(x509: X509Certificate, key: KeyObject): boolean {
  try {
    return x509.checkPrivateKey(key);
  } catch {
    return false;
  }
}

/** "in 29 days", "3 days ago", "in 5 hours". */
export function relativeDays(ms: number): string {
  const abs = Math.abs(ms);
  const [amount, unit] = abs >= 2 * DAY ? [Math.floor(abs / DAY), 'day'] : abs >= 2 * 3_600_000 ? [Math.floor(abs / 3_600_000), 'hour'] : [Math.max(1, Math.floor(abs / 60_000)), 'minute'];
  const words = `${amount} ${unit}${amount === 1 ? '' : 's'}`;
  return ms >= 0 ? `in ${words}` : `${words} ago`;
}

export function analyse(sources: SourceResult[], options: { now?: Date; givenKey?: SourceResult } = {}): InspectReport {
  const now = options.now?.getTime() ?? Date.now();
  const certs: Cert[] = [];
  const notes: string[] = [];
  const groupCerts = new Map<string, Cert[]>();
  const groupsBySource: { group: CertGroup; key: string; sourceIndex: number }[] = [];

  sources.forEach((source, sourceIndex) => {
    source.groups.forEach((group, groupIndex) => {
      const key = `${sourceIndex}:${groupIndex}`;
      groupsBySource.push({ group, key, sourceIndex });
      group.certs.forEach((der, position) => {
        try {
          const { info, x509 } = certificateInfo(der);
          const report: CertReport = {
            ...info,
            number: certs.length + 1,
            source: source.source,
            group: group.label,
            position,
            role: group.role,
            usage: group.usage,
            issuedBy: null,
            expiresInDays: Math.floor((Date.parse(info.validTo) - now) / DAY),
            keys: [],
          };
          const cert = { report, x509, sourceIndex, groupKey: key };
          certs.push(cert);
          groupCerts.set(key, [...(groupCerts.get(key) ?? []), cert]);
        } catch (error) {
          source.notes.push(`${group.label}: certificate ${position + 1} could not be read (${(error as Error).message})`);
        }
      });
    });
  });

  // Who issued whom: prefer the next certificate of the same chain, then any other in the input.
  for (const cert of certs) {
    if (cert.report.selfIssued && issued(cert.x509, cert.x509)) {
      cert.report.issuedBy = cert.report.number;
      continue;
    }
    const sameGroup = groupCerts.get(cert.groupKey) ?? [];
    const candidates = [...sameGroup.filter((c) => c.report.position === cert.report.position + 1), ...sameGroup, ...certs];
    const parent = candidates.find((candidate) => candidate !== cert && issued(cert.x509, candidate.x509));
    cert.report.issuedBy = parent?.report.number ?? null;
  }

  // Keys: those of the inputs, then the one given with --key.
  const keyEntries: { entry: KeyEntry; source: SourceResult; sourceIndex: number; given: boolean }[] = [];
  sources.forEach((source, sourceIndex) => source.keys.forEach((entry) => keyEntries.push({ entry, source, sourceIndex, given: false })));
  if (options.givenKey) for (const entry of options.givenKey.keys) keyEntries.push({ entry, source: options.givenKey, sourceIndex: -1, given: true });
  const keys: KeyReport[] = keyEntries.map(({ entry, source, given }, i) => {
    const info: PublicKeyInfo | null = entry.key ? publicKeyInfo(entry.key) : null;
    const matches = entry.key ? certs.filter((cert) => keyMatches(cert.x509, entry.key!)).map((cert) => cert.report.number) : [];
    for (const number of matches) certs[number - 1]!.report.keys.push(i + 1);
    return { number: i + 1, source: source.source, label: entry.label, type: info?.type ?? null, bits: info?.bits ?? null, curve: info?.curve ?? null, unreadable: entry.unreadable, matches, given };
  });

  const problems: Problem[] = [];
  const flag = (code: ProblemCode, severity: Severity, message: string, where: { certificate?: number; key?: number; lab?: string | null } = {}) => {
    const explained = EXPLAINED_BY[code];
    problems.push({ code, severity, certificate: where.certificate ?? null, key: where.key ?? null, message, lesson: explained.lesson, lab: where.lab === undefined ? explained.lab : where.lab });
  };
  const name = (cert: Cert) => `certificate ${cert.report.number} (${cert.report.commonName ? `CN=${cert.report.commonName}` : cert.report.subject})`;
  const byNumber = (n: number | null) => (n === null ? undefined : certs[n - 1]);

  // The certificates that identify someone: the first of an identity chain, any leaf, any certificate a key matches.
  const pairedKeyMatches = new Set<number>();
  keys.forEach((key, i) => {
    if (!keyEntries[i]!.given && keyEntries[i]!.entry.pairedWith !== null) for (const number of key.matches) pairedKeyMatches.add(number);
  });
  const identity = new Set<Cert>();
  // A CA certificate first in a chain that also holds a leaf is a chain out of order, not a CA used as an identity.
  const groupHasLeaf = (cert: Cert) => (groupCerts.get(cert.groupKey) ?? []).some((other) => !other.report.isCa);
  for (const cert of certs) {
    const first = cert.report.position === 0 && cert.report.role !== 'ca';
    if ((first && (!cert.report.isCa || (cert.report.role === 'identity' && !groupHasLeaf(cert)))) || (!cert.report.isCa && cert.report.role !== 'ca') || pairedKeyMatches.has(cert.report.number)) identity.add(cert);
    if (first && cert.report.isCa && cert.report.role === 'unknown' && cert.report.subjectAltNames.some((san) => /^(DNS|IP|URI):/.test(san))) identity.add(cert);
  }

  for (const cert of certs) {
    const r = cert.report;
    const validFrom = Date.parse(r.validFrom);
    const validTo = Date.parse(r.validTo);
    if (validTo < now) flag('expired', 'error', `${name(cert)} expired ${relativeDays(validTo - now).replace(/ ago$/, '')} ago (notAfter ${r.validTo}).`, { certificate: r.number, lab: r.usage === 'server' ? 'expired-server-cert' : 'expired-client-cert' });
    else if (validFrom > now) flag('not-yet-valid', 'error', `${name(cert)} is not valid yet: it starts ${relativeDays(validFrom - now)} (notBefore ${r.validFrom}). Check the clocks of the issuer and of the verifiers.`, { certificate: r.number });
    else if (validTo - now < EXPIRING_DAYS * DAY) flag('expiring-soon', 'warning', `${name(cert)} expires ${relativeDays(validTo - now)}: is its rotation running?`, { certificate: r.number });

    if (r.publicKey.type === 'rsa' && r.publicKey.bits !== null && r.publicKey.bits < 2048)
      flag('rsa-too-small', 'error', `${name(cert)} has an RSA key of ${r.publicKey.bits} bits; verifiers refuse fewer than 2048 (OpenSSL's default security level 1 refuses under 1024, level 2 under 2048).`, { certificate: r.number });
    const root = r.issuedBy === r.number;
    if (isWeakSignature(r.signatureAlgorithm))
      flag('sha1-signature', root ? 'warning' : 'error', root
        ? `${name(cert)} is a root signed with ${r.signatureAlgorithm}. A root's own signature is not checked by verifiers, so this is harmless there, but it is a sign of an old CA.`
        : `${name(cert)} is signed with ${r.signatureAlgorithm}: SHA-1 collisions are practical, and current TLS stacks refuse such signatures.`, { certificate: r.number });

    if (identity.has(cert)) {
      if (r.isCa) flag('ca-true-leaf', 'error', `${name(cert)} is used as an identity (a server or client certificate) but has CA:TRUE: it could sign other certificates, and strict verifiers refuse a CA certificate as a peer (openssl req -x509 adds CA:TRUE by default).`, { certificate: r.number });
      if (!r.hasSan) flag('no-san', 'error', `${name(cert)} has no subjectAltName: its name is only in the CN${r.commonName ? ` ("${r.commonName}")` : ''}. Go and browsers ignore the CN; an Istio identity lives in a URI SAN.`, { certificate: r.number });
      const eku = r.extendedKeyUsage;
      if (eku && !eku.includes('clientAuth') && !eku.includes('anyExtendedKeyUsage')) {
        if (r.usage === 'client' && eku.length === 1 && eku[0] === 'serverAuth')
          flag('server-auth-only-as-client', 'error', `${name(cert)} is meant as a client certificate (${r.group}) but its extended key usage is serverAuth only: OpenSSL, Go and Java servers refuse it as a client (alert 43 / 46 / 42).`, { certificate: r.number });
        // Only where it is known to act as a client: named so, or a mesh workload (client and server both).
        else if (r.usage === 'client' || (r.spiffe && r.usage !== 'server'))
          flag('client-auth-missing', 'error', `${name(cert)} lacks clientAuth in its extended key usage (${eku.join(', ')}): it cannot be the client side of mTLS${r.spiffe ? '; a mesh workload certificate is used as both client and server' : ''}.`, { certificate: r.number });
      }
    }
  }

  // Chains: order, and gaps.
  const anchors = certs.filter((cert) => cert.report.role === 'ca' || (cert.report.isCa && cert.report.issuedBy === cert.report.number));
  for (const { group, key, sourceIndex } of groupsBySource) {
    const chain = groupCerts.get(key) ?? [];
    if (group.role === 'ca') {
      for (const cert of chain)
        if (!cert.report.isCa)
          flag('leaf-in-ca-bundle', 'error', `${group.label} is a CA bundle, but ${name(cert)} in it is not a CA (CA:FALSE): trusting a leaf lets it vouch only for itself, and hides which CA should be trusted.`, { certificate: cert.report.number });
      continue;
    }
    // A chain: a group (not a CA bundle) that holds an identity, the leaf normally first.
    const leaf = chain.find((cert) => identity.has(cert));
    if (!leaf) continue;
    for (let i = 0; i < chain.length - 1; i++) {
      const parent = byNumber(chain[i]!.report.issuedBy);
      if (parent && parent !== chain[i] && parent.groupKey === key && parent.report.position !== i + 1) {
        flag('chain-out-of-order', 'error', `${group.label} is out of order: ${name(chain[i]!)} is at position ${i + 1}, but its issuer, ${name(parent)}, is at position ${parent.report.position + 1} instead of ${i + 2}. TLS sends the chain leaf first, each certificate followed by its issuer.`, { certificate: chain[i]!.report.number });
        break;
      }
    }
    if (chain.slice(1).some((cert) => !cert.report.isCa) && chain[0]!.report.isCa)
      flag('chain-out-of-order', 'error', `${group.label} starts with a CA certificate and has the leaf after it: the leaf must come first.`, { certificate: chain[0]!.report.number });

    // Walk up from the leaf through every certificate given.
    let top = leaf;
    const seen = new Set<Cert>([top]);
    for (let parent = byNumber(top.report.issuedBy); parent && !seen.has(parent); parent = byNumber(top.report.issuedBy)) {
      seen.add(parent);
      top = parent;
    }
    const sourceCas = certs.filter((cert) => cert.sourceIndex === sourceIndex && cert.report.role === 'ca');
    const complete = top.report.issuedBy === top.report.number;
    if (complete) {
      if (sourceCas.length > 0 && !sourceCas.some((ca) => ca.report.fingerprint256 === top.report.fingerprint256))
        flag('ca-did-not-issue', 'error', `The ${sourceCas[0]!.report.group.split(' of ')[0]} given with ${group.label} did not issue it: the chain ends at ${name(top)}, which is not in ${sourceCas[0]!.report.group}. Peers trusting that bundle will refuse this certificate.`, { certificate: leaf.report.number });
      continue;
    }
    const missing = `"${top.report.issuer}"`;
    const gap = chain.some((cert) => !seen.has(cert));
    if (gap)
      flag('missing-intermediate', 'error', `${group.label} has a gap: ${name(top)} was issued by ${missing}, which is not in the chain, though certificates above it are. Add that intermediate right after ${name(top)}.`, { certificate: top.report.number });
    else if (sourceCas.length > 0)
      flag('ca-did-not-issue', 'error', `${sourceCas[0]!.report.group} did not issue ${group.label}: the chain ends at ${name(top)}, issued by ${missing}, and ${sourceCas[0]!.report.group} holds ${sourceCas.map((ca) => `"${ca.report.subject}"`).join(', ')}. Either it is another CA's bundle, or the intermediate ${missing} is missing from the chain.`, { certificate: leaf.report.number });
    else if (anchors.some((anchor) => anchor.sourceIndex !== sourceIndex))
      flag('missing-intermediate', 'error', `${name(top)} was issued by ${missing}, which is in neither its chain nor the CA certificates given. If ${missing} is an intermediate CA, the chain needs it (a server must send it); if it is a root, the CA file given is not this chain's.`, { certificate: top.report.number });
    else notes.push(`${name(top)} was issued by ${missing}, which is not in the input: give that CA's file too to check the chain.`);
  }

  // Keys against their certificates.
  keyEntries.forEach(({ entry, given }, i) => {
    const report = keys[i]!;
    if (!entry.key) return;
    if (given) {
      const leaves = certs.filter((cert) => identity.has(cert));
      if (leaves.length > 0 && !report.matches.some((number) => leaves.some((leaf) => leaf.report.number === number))) {
        const other = report.matches.map((number) => certs[number - 1]!).map(name);
        flag('key-mismatch', 'error', `The key given with --key (${report.source}) is not the private key of ${leaves.map(name).join(', ')}${other.length > 0 ? `; it belongs to ${other.join(', ')}` : ''}.`, { key: report.number });
      }
      return;
    }
    if (entry.pairedWith === null) return;
    const source = keyEntries[i]!.source;
    const sourceIndex = keyEntries[i]!.sourceIndex;
    const groupKey = `${sourceIndex}:${entry.pairedWith}`;
    const leaf = groupCerts.get(groupKey)?.[0];
    if (leaf && !report.matches.includes(leaf.report.number))
      flag('key-mismatch', 'error', `${entry.label} does not belong to ${name(leaf)} of ${source.source}: its public key is another one. A server or client loading this pair fails at start ("key values mismatch").`, { key: report.number, certificate: leaf.report.number });
  });

  const severityOrder = { error: 0, warning: 1 };
  problems.sort((a, b) => severityOrder[a.severity] - severityOrder[b.severity] || (a.certificate ?? 0) - (b.certificate ?? 0));
  return {
    inputs: sources.map((source) => ({
      source: source.source,
      format: source.format,
      certificates: certs.filter((cert) => cert.report.source === source.source).length,
      keys: source.keys.length,
      notes: source.notes,
      error: source.error,
    })),
    certificates: certs.map((cert) => cert.report),
    keys,
    problems,
    notes,
  };
}
