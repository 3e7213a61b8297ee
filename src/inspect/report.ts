/**
 * `inspect`'s report as text lines, in the lessons' words (the CLI prints them, the TUI shows them). Pure.
 */
import { relativeDays, type CertReport, type InspectReport, type KeyReport, type Problem } from './analyse.js';

const EKU_WORDS: Record<string, string> = {
  serverAuth: 'serverAuth (may be a TLS server)',
  clientAuth: 'clientAuth (may be a TLS client)',
  anyExtendedKeyUsage: 'any purpose',
};

export function keyText(key: { type: string | null; bits: number | null; curve: string | null }): string {
  if (!key.type) return 'unknown';
  if (key.type === 'ec') return `EC ${key.curve === 'prime256v1' ? 'P-256' : key.curve === 'secp384r1' ? 'P-384' : key.curve === 'secp521r1' ? 'P-521' : (key.curve ?? '')} (${key.bits ?? '?'} bits)`;
  if (key.type === 'rsa' || key.type === 'rsa-pss') return `RSA ${key.bits ?? '?'} bits`;
  return key.type;
}

function roleText(cert: CertReport): string {
  if (cert.issuedBy === cert.number && cert.isCa) return 'root CA (self-signed): a trust anchor, trusted because it is in a trust store, not because of its signature';
  if (cert.issuedBy === cert.number) return 'self-signed, not a CA: it vouches only for itself';
  if (cert.isCa) return `intermediate CA: it signs certificates and is signed by another CA`;
  return 'leaf (end-entity): it identifies a server or client and cannot sign certificates';
}

function certLines(cert: CertReport, now: number): string[] {
  const lines = [`Certificate ${cert.number} — ${cert.group}${cert.position > 0 ? `, #${cert.position + 1}` : ''}`];
  const row = (label: string, value: string) => lines.push(`  ${label.padEnd(15)}${value}`);
  row('Subject', cert.subject);
  row('Issuer', cert.issuer);
  row('Role', roleText(cert));
  if (cert.spiffe)
    row('SPIFFE ID', cert.spiffe.namespace !== null
      ? `trust domain ${cert.spiffe.trustDomain}, namespace ${cert.spiffe.namespace}, service account ${cert.spiffe.serviceAccount} (Istio's form)`
      : `trust domain ${cert.spiffe.trustDomain}, path ${cert.spiffe.path || '/'}`);
  row('Names (SAN)', cert.hasSan ? cert.subjectAltNames.join(', ') || '(empty)' : cert.isCa ? 'none (usual for a CA: it is not a peer)' : 'none — the name is only in the subject CN');
  const validTo = Date.parse(cert.validTo);
  const validFrom = Date.parse(cert.validFrom);
  const state = validTo < now ? `EXPIRED ${relativeDays(validTo - now)}` : validFrom > now ? `NOT VALID YET: starts ${relativeDays(validFrom - now)}` : `expires ${relativeDays(validTo - now)}`;
  row('Valid', `${cert.validFrom.slice(0, 16).replace('T', ' ')} → ${cert.validTo.slice(0, 16).replace('T', ' ')} UTC (${state})`);
  row('Key', keyText(cert.publicKey));
  row('Key usage', cert.keyUsage ? cert.keyUsage.join(', ') : 'not set (any)');
  row('Extended use', cert.extendedKeyUsage ? cert.extendedKeyUsage.map((eku) => EKU_WORDS[eku] ?? eku).join(', ') : 'not set (any purpose)');
  row('Constraints', cert.hasBasicConstraints ? (cert.isCa ? `CA:TRUE${cert.pathLength === null ? ', no path length limit' : `, path length ${cert.pathLength} (${cert.pathLength === 0 ? 'may sign leaves only' : `at most ${cert.pathLength} intermediate${cert.pathLength === 1 ? '' : 's'} below it`})`}` : 'CA:FALSE') : 'no basicConstraints (not a CA)');
  row('Issued by', cert.issuedBy === cert.number ? 'itself (self-signed)' : cert.issuedBy !== null ? `certificate ${cert.issuedBy} in this input (signature checked)` : 'a CA that is not in this input');
  if (cert.subjectKeyId || cert.authorityKeyId) row('Key IDs', [cert.subjectKeyId && `SKI ${cert.subjectKeyId}`, cert.authorityKeyId && `AKI ${cert.authorityKeyId}`].filter(Boolean).join('  '));
  row('Signature', cert.signatureAlgorithm);
  if (cert.keys.length > 0) row('Private key', `key ${cert.keys.join(', ')} matches it`);
  row('SHA-256', cert.fingerprint256);
  return lines;
}

function keyLines(key: KeyReport): string[] {
  const what = key.unreadable ? `could not be read: ${key.unreadable}` : `${keyText(key)}; ${key.matches.length > 0 ? `matches certificate ${key.matches.join(', ')}` : 'matches none of the certificates given'}`;
  return [`Key ${key.number} — ${key.label}${key.given ? ' (--key)' : ''}: ${what}`];
}

export function problemLine(problem: Problem, lessonTitles: ReadonlyMap<string, string>, labCommand: (id: string) => string): string[] {
  const see = [`lesson "${lessonTitles.get(problem.lesson) ?? problem.lesson}"`, problem.lab ? `lab: ${labCommand(problem.lab)}` : null].filter(Boolean).join('; ');
  return [`${problem.severity === 'error' ? '✗' : '!'} ${problem.code}: ${problem.message}`, `    see ${see}`];
}

export function inspectLines(report: InspectReport, context: { now?: Date; lessonTitles: ReadonlyMap<string, string>; labCommand: (id: string) => string }): string[] {
  const now = context.now?.getTime() ?? Date.now();
  const lines: string[] = [];
  for (const input of report.inputs) {
    const what = input.error ? `✗ ${input.error}` : `${input.format}: ${input.certificates} certificate${input.certificates === 1 ? '' : 's'}, ${input.keys} key${input.keys === 1 ? '' : 's'}`;
    lines.push(`${input.source} — ${what}`);
    for (const note of input.notes) lines.push(`  note: ${note}`);
  }
  for (const cert of report.certificates) lines.push('', ...certLines(cert, now));
  if (report.keys.length > 0) lines.push('', ...report.keys.flatMap(keyLines), '  (key material is never printed)');
  for (const note of report.notes) lines.push('', `note: ${note}`);
  lines.push('');
  if (report.problems.length === 0) lines.push(report.certificates.length > 0 ? '✓ No problems found.' : 'Nothing to check.');
  else {
    const errors = report.problems.filter((p) => p.severity === 'error').length;
    lines.push(`Problems: ${errors} error${errors === 1 ? '' : 's'}, ${report.problems.length - errors} warning${report.problems.length - errors === 1 ? '' : 's'}`);
    for (const problem of report.problems) lines.push(...problemLine(problem, context.lessonTitles, context.labCommand));
  }
  return lines;
}
