/**
 * `mtls-tutor probe`: plays a series of clients against the user's server (each over TLS 1.2 and 1.3), and reads
 * what the server showed of itself on the way (its certificate request, chain, versions and groups). Every
 * connection is bounded in time; a connection that gives no verdict in time is reported as such, never counted as
 * a refusal. Pure apart from the sockets it opens (and closes).
 */
import net from 'node:net';
import { X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import tls from 'node:tls';
import { analyse, type CertReport, type Problem } from '../inspect/analyse.js';
import { nameText } from '../inspect/certificate-info.js';
import { keyText } from '../inspect/report.js';
import { alertNumber } from '../lab/tls-facts.js';
import { isRefusalStatus, runAttempt, type Attempt, type AttemptSpec, type TlsVersionName } from './attempt.js';
import { PROBE_CASES, type CaseId, type ProbeCase } from './cases.js';
import type { ProbeIdentities } from './identities.js';
import { parseServerFlight, type ServerFlight } from './tls-records.js';

export type ProbeVersion = '1.2' | '1.3';
/** pass/fail: judged; local: the probe's own stack refused (not a server verdict); no-verdict: timeout or no connection. */
export type Verdict = 'pass' | 'fail' | 'local' | 'no-verdict' | 'n/a' | 'skipped';

export interface CaseResult {
  id: CaseId;
  title: string;
  tls: ProbeVersion;
  expect: ProbeCase['expect'];
  /** What the server did, in words. */
  did: string;
  outcome: Attempt['outcome'] | 'skipped';
  alert: { name: string; number: number } | null;
  httpStatus: number | null;
  afterHandshake: boolean;
  verdict: Verdict;
  correct: string;
  /** Why it is a ✗ (or why there is no verdict), when it is one. */
  explanation: string | null;
  lesson: string;
  lab: string | null;
  ms: number;
}

export interface Support {
  name: string;
  /** true accepted, false refused, null not testable / no verdict. */
  accepted: boolean | null;
  note: string | null;
}

export interface ServerReport {
  certificateRequest: { tls12: boolean | null; tls13: boolean | null; caNames: string[]; listsProbeCa: boolean | null; note: string | null };
  chain: {
    sent: number;
    rootIncluded: boolean | null;
    inOrder: boolean | null;
    /** Reaches a CA in --ca (null: no --ca given). */
    complete: boolean | null;
    certificates: CertReport[];
    problems: Problem[];
    notes: string[];
  };
  leaf: {
    subject: string;
    subjectAltNames: string[];
    servername: string;
    matchesServername: boolean | null;
    extendedKeyUsage: string[] | null;
    serverAuth: boolean;
    key: string;
    expiresInDays: number;
    /** The verification result against --ca: null ok or not checked, else the OpenSSL code. */
    verifyError: string | null;
    verified: boolean | null;
  } | null;
  versions: Support[];
  groups: Support[];
}

export interface ProbeReport {
  target: string;
  servername: string | null;
  /** The CA file the server must trust for the probe's client certificates. */
  clientCa: string;
  cases: CaseResult[];
  server: ServerReport;
  summary: { pass: number; fail: number; noVerdict: number; notApplicable: number };
  /** Every case behaved as a correct mTLS server would. */
  ok: boolean;
}

export interface ProbeOptions {
  host: string;
  port: number;
  servername?: string;
  /** The CA the probe trusts for the server's certificate (PEM), and its file name. */
  ca?: { pem: string; label: string };
  versions: ProbeVersion[];
  timeoutMs: number;
  identities: ProbeIdentities;
  concurrency?: number;
  onProgress?: (done: number, total: number) => void;
}

export class UnreachableError extends Error {
  override name = 'UnreachableError';
}

const VERSION_NAME: Record<ProbeVersion, TlsVersionName> = { '1.2': 'TLSv1.2', '1.3': 'TLSv1.3' };
/** Groups offered one at a time; the Node name for ecdhCurve first. */
const GROUPS: { name: string; curve: string }[] = [
  { name: 'X25519', curve: 'X25519' },
  { name: 'P-256', curve: 'prime256v1' },
  { name: 'P-384', curve: 'secp384r1' },
  { name: 'P-521', curve: 'secp521r1' },
  { name: 'X448', curve: 'X448' },
  { name: 'X25519MLKEM768', curve: 'X25519MLKEM768' },
];

/** Runs `tasks` with at most `limit` at once, keeping their order. */
async function pool<T>(tasks: (() => Promise<T>)[], limit: number, onDone?: () => void): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, tasks.length) }, async () => {
      while (next < tasks.length) {
        const index = next++;
        results[index] = await tasks[index]!();
        onDone?.();
      }
    }),
  );
  return results;
}

function tcpReachable(host: string, port: number, timeoutMs: number): Promise<string | null> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const timer = setTimeout(() => done(`no TCP answer within ${timeoutMs} ms`), timeoutMs);
    const done = (problem: string | null) => {
      clearTimeout(timer);
      socket.destroy();
      socket.once('close', () => resolve(problem));
      if (socket.closed) resolve(problem);
    };
    socket.once('connect', () => done(null));
    socket.once('error', (error: NodeJS.ErrnoException) => done(error.code ?? error.message));
  });
}

function describe(attempt: Attempt, timeoutMs: number): string {
  const when = attempt.handshakeDone ? 'after the handshake' : 'during the handshake';
  switch (attempt.outcome) {
    case 'alert':
      return `alert ${attempt.alert!.number} ${attempt.alert!.name} ${when}`;
    case 'closed':
      return `closed the connection without an alert ${when}`;
    case 'reset':
      return `reset the connection ${when}`;
    case 'response':
      if (attempt.httpStatus === null) return `answered: ${JSON.stringify(attempt.httpStatusLine ?? '')}`;
      return isRefusalStatus(attempt.httpStatus) ? `HTTP ${attempt.httpStatus} after the handshake (refused at the HTTP layer)` : `HTTP ${attempt.httpStatus}`;
    case 'timeout':
      return `no verdict: nothing conclusive within ${timeoutMs} ms`;
    case 'local': {
      const reason = (attempt.error?.message ?? attempt.error?.code ?? '').split(':').filter(Boolean).pop()?.trim();
      return `nothing sent: the probe's own TLS stack refused the pair (${reason})`;
    }
    case 'connect-failed':
      return `could not connect (${attempt.error?.code ?? 'error'})`;
    case 'tls-error':
      return `TLS error ${attempt.error?.code ?? ''}`.trim();
  }
}

function judge(testCase: ProbeCase, attempt: Attempt, versionSupported: boolean | null): { verdict: Verdict; explanation: string | null } {
  if (testCase.expect === 'local') return attempt.outcome === 'local' ? { verdict: 'local', explanation: null } : { verdict: 'fail', explanation: testCase.wrong };
  if (attempt.outcome === 'timeout') return { verdict: 'no-verdict', explanation: 'the server gave no answer in time: this says nothing about how it treats this certificate (raise --timeout?)' };
  if (attempt.outcome === 'connect-failed') return { verdict: 'no-verdict', explanation: 'the connection could not be made' };
  const protocolAlert = attempt.alert?.number === alertNumber('protocol_version');
  if (!attempt.handshakeDone && (versionSupported === false || protocolAlert || (attempt.outcome === 'tls-error' && /UNSUPPORTED_PROTOCOL|NO_PROTOCOLS|VERSION/.test(attempt.error?.code ?? ''))))
    return { verdict: 'n/a', explanation: 'the server does not speak this TLS version' };
  if (attempt.outcome === 'tls-error') return { verdict: 'no-verdict', explanation: `the connection failed for another reason (${attempt.error?.code}): the port may not speak TLS` };
  const accepted = attempt.outcome === 'response' && !isRefusalStatus(attempt.httpStatus);
  if (testCase.expect === 'accept') return accepted ? { verdict: 'pass', explanation: null } : { verdict: 'fail', explanation: testCase.wrong };
  return accepted ? { verdict: 'fail', explanation: testCase.wrong } : { verdict: 'pass', explanation: null };
}

export async function runProbe(options: ProbeOptions): Promise<ProbeReport> {
  const { host, port, timeoutMs, identities } = options;
  const servername = options.servername ?? (isIP(host) ? undefined : host);
  const target = `${host}:${port}`;
  const unreachable = await tcpReachable(host, port, timeoutMs);
  if (unreachable) throw new UnreachableError(`cannot connect to ${target}: ${unreachable}`);

  const base = (version: TlsVersionName): Omit<AttemptSpec, 'version'> & { version: TlsVersionName } => ({
    host,
    port,
    version,
    hostHeader: servername ?? host,
    timeoutMs,
    ...(servername ? { servername } : {}),
    ...(options.ca ? { ca: options.ca.pem } : {}),
  });
  const good = identities.identities.good!;

  // What versions and groups the server accepts: stop at the handshake, with the good certificate.
  const versionNames: TlsVersionName[] = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];
  const supportCurve = (curve: string) => {
    try {
      tls.createSecureContext({ ecdhCurve: curve });
      return true;
    } catch {
      return false;
    }
  };
  const caseRuns = PROBE_CASES.flatMap((testCase) => options.versions.map((version) => ({ testCase, tls: version })));
  const total = caseRuns.length + versionNames.length + GROUPS.length;
  let done = 0;
  const tick = () => options.onProgress?.(++done, total);
  const concurrency = options.concurrency ?? 4;

  const versionAttempts = await pool(
    versionNames.map((version) => () => runAttempt({ ...base(version), cert: good.cert, key: good.key, request: false })),
    concurrency,
    tick,
  );
  const versionFlights = versionAttempts.map((attempt) => parseServerFlight(attempt.received, attempt.serverHandshakeSecret ?? undefined));
  const versions: Support[] = versionNames.map((name, i) => {
    const attempt = versionAttempts[i]!;
    const flight = versionFlights[i]!;
    if (attempt.outcome === 'local') return { name, accepted: null, note: 'not testable here: this Node refuses to offer it' };
    if (attempt.outcome === 'timeout') return { name, accepted: null, note: `no answer within ${timeoutMs} ms` };
    return { name, accepted: flight.version === name, note: flight.version === name ? null : attempt.alert ? `alert ${attempt.alert.number} ${attempt.alert.name}` : null };
  });
  const supported = (version: ProbeVersion) => versions.find((v) => v.name === VERSION_NAME[version])?.accepted ?? null;

  const groupVersion: TlsVersionName = supported('1.3') ? 'TLSv1.3' : 'TLSv1.2';
  const groupAttempts = await pool(
    GROUPS.map((group) => async () => {
      if (!supportCurve(group.curve)) return null;
      return runAttempt({ ...base(groupVersion), cert: good.cert, key: good.key, ecdhCurve: group.curve, request: false });
    }),
    concurrency,
    tick,
  );
  const groups: Support[] = GROUPS.map((group, i) => {
    const attempt = groupAttempts[i];
    if (!attempt)
      return { name: group.name, accepted: null, note: `not testable here: this Node's OpenSSL (${process.versions.openssl}) cannot offer ${group.name}` };
    if (attempt.outcome === 'timeout') return { name: group.name, accepted: null, note: `no answer within ${timeoutMs} ms` };
    const flight = parseServerFlight(attempt.received, attempt.serverHandshakeSecret ?? undefined);
    const accepted = !flight.helloRetry && flight.group === group.name;
    return { name: group.name, accepted, note: accepted ? `over ${groupVersion}` : flight.helloRetry ? `over ${groupVersion}: asked for another group (HelloRetryRequest)` : attempt.alert ? `alert ${attempt.alert.number} ${attempt.alert.name}` : null };
  });

  const caseAttempts = await pool(
    caseRuns.map(({ testCase, tls }) => async () => {
      const identity = testCase.identity ? identities.identities[testCase.identity] : undefined;
      if (testCase.identity && !identity) return null;
      return runAttempt({ ...base(VERSION_NAME[tls]), ...(identity ? { cert: identity.cert, key: identity.key } : {}) });
    }),
    concurrency,
    tick,
  );

  const cases: CaseResult[] = caseRuns.map(({ testCase, tls }, i) => {
    const attempt = caseAttempts[i];
    const common = { id: testCase.id, title: testCase.title, tls, expect: testCase.expect, correct: testCase.correct, lesson: testCase.lesson, lab: testCase.lab };
    if (!attempt)
      return { ...common, did: 'not run', outcome: 'skipped', alert: null, httpStatus: null, afterHandshake: false, verdict: 'skipped', explanation: `the PKI folder has no ${testCase.identity} client (export it again with this version of mtls-tutor)`, ms: 0 };
    const { verdict, explanation } = judge(testCase, attempt, supported(tls));
    return {
      ...common,
      did: describe(attempt, timeoutMs),
      outcome: attempt.outcome,
      alert: attempt.alert ? { name: attempt.alert.name, number: attempt.alert.number } : null,
      httpStatus: attempt.httpStatus,
      afterHandshake: attempt.handshakeDone,
      verdict,
      explanation,
      ms: attempt.ms,
    };
  });

  // The server itself: its certificate request (from the no-certificate clients), and its chain.
  const flights: { tls: ProbeVersion; flight: ServerFlight; attempt: Attempt }[] = [];
  caseRuns.forEach(({ testCase, tls }, i) => {
    const attempt = caseAttempts[i];
    if (attempt && testCase.id === 'no-certificate') flights.push({ tls, flight: parseServerFlight(attempt.received, attempt.serverHandshakeSecret ?? undefined), attempt });
  });
  versionAttempts.forEach((attempt, i) => {
    const name = versionNames[i]!;
    if (name === 'TLSv1.2' || name === 'TLSv1.3') flights.push({ tls: name === 'TLSv1.2' ? '1.2' : '1.3', flight: versionFlights[i]!, attempt });
  });
  const server = serverReport(flights, identities, options, servername ?? host, versions, groups);

  const counted = cases.filter((c) => c.verdict === 'pass' || c.verdict === 'fail' || c.verdict === 'no-verdict');
  const summary = {
    pass: cases.filter((c) => c.verdict === 'pass').length,
    fail: cases.filter((c) => c.verdict === 'fail').length,
    noVerdict: cases.filter((c) => c.verdict === 'no-verdict').length,
    notApplicable: cases.filter((c) => c.verdict === 'n/a' || c.verdict === 'skipped' || c.verdict === 'local').length,
  };
  return {
    target,
    servername: servername ?? null,
    clientCa: identities.caFile,
    cases,
    server,
    summary,
    ok: counted.length > 0 && counted.every((c) => c.verdict === 'pass'),
  };
}


function serverReport(
  flights: { tls: ProbeVersion; flight: ServerFlight; attempt: Attempt }[],
  identities: ProbeIdentities,
  options: ProbeOptions,
  checkedName: string,
  versions: Support[],
  groups: Support[],
): ServerReport {
  const request = (tls: ProbeVersion) => {
    const seen = flights.filter((f) => f.tls === tls && f.flight.version === `TLSv${tls}`).map((f) => f.flight.certificateRequest);
    return seen.includes(true) ? true : seen.includes(false) ? false : null;
  };
  const withNames = flights.find((f) => f.flight.certificateRequest === true);
  const caNames = withNames ? withNames.flight.caNames.map(nameText) : [];
  const probeCa = (() => {
    try {
      return new X509Certificate(identities.caPem).subject.split('\n').join(', ');
    } catch {
      return null;
    }
  })();
  const unreadable = flights.map((f) => f.flight.unreadable).find((u) => u !== null) ?? null;
  const certificateRequest = {
    tls12: request('1.2'),
    tls13: request('1.3'),
    caNames,
    listsProbeCa: withNames && probeCa ? caNames.includes(probeCa) : null,
    note: withNames && caNames.length === 0 ? 'it lists no CA names, so clients may offer any certificate they have' : unreadable,
  };

  const chainFlight = flights.find((f) => f.flight.certificates.length > 0)?.flight;
  const sent = chainFlight?.certificates ?? [];
  const sources = [
    { source: 'the server', format: 'tls', groups: sent.length > 0 ? [{ label: 'the chain the server sent', role: 'identity' as const, usage: 'server' as const, certs: sent }] : [], keys: [], notes: [], error: null },
    ...(options.ca ? [{ source: options.ca.label, format: 'pem', groups: [{ label: options.ca.label, role: 'ca' as const, usage: 'unknown' as const, certs: pemCerts(options.ca.pem) }], keys: [], notes: [], error: null }] : []),
  ];
  const analysed = analyse(sources);
  const chainCerts = analysed.certificates.filter((c) => c.group === 'the chain the server sent');
  const leafInfo = chainCerts[0];
  let leaf: ServerReport['leaf'] = null;
  if (leafInfo) {
    const x509 = new X509Certificate(sent[0]!);
    const matches = isIP(checkedName) ? x509.checkIP(checkedName) !== undefined : x509.checkHost(checkedName) !== undefined;
    const verifyError = flights.map((f) => f.attempt.serverVerifyError).find((e) => e !== null) ?? null;
    const handshook = flights.some((f) => f.attempt.handshakeDone);
    leaf = {
      subject: leafInfo.subject,
      subjectAltNames: leafInfo.subjectAltNames,
      servername: checkedName,
      matchesServername: matches,
      extendedKeyUsage: leafInfo.extendedKeyUsage,
      serverAuth: !leafInfo.extendedKeyUsage || leafInfo.extendedKeyUsage.includes('serverAuth') || leafInfo.extendedKeyUsage.includes('anyExtendedKeyUsage'),
      key: keyText(leafInfo.publicKey),
      expiresInDays: leafInfo.expiresInDays,
      verifyError: options.ca ? verifyError : null,
      verified: options.ca && handshook ? verifyError === null : null,
    };
  }
  const last = chainCerts[chainCerts.length - 1];
  const inOrder = chainCerts.length === 0 ? null : !analysed.problems.some((p) => p.code === 'chain-out-of-order');
  const complete = !options.ca || chainCerts.length === 0 ? null : !analysed.problems.some((p) => p.code === 'missing-intermediate' || p.code === 'ca-did-not-issue') && leaf?.verified !== false;
  return {
    certificateRequest,
    chain: {
      sent: sent.length,
      rootIncluded: last ? last.issuedBy === last.number : null,
      inOrder,
      complete,
      certificates: chainCerts,
      problems: analysed.problems.filter((p) => p.certificate === null || chainCerts.some((c) => c.number === p.certificate)),
      notes: analysed.notes,
    },
    leaf,
    versions,
    groups,
  };
}

function pemCerts(pem: string): Buffer[] {
  return [...pem.matchAll(/-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g)].map((m) => Buffer.from(m[1]!.replace(/[^A-Za-z0-9+/=]/g, ''), 'base64'));
}
