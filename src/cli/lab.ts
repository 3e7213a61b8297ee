import { rmSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { intFlag, parseFlags } from './args.js';
import { type CliIo, signalExitCode, UsageError, UserError } from './io.js';
import { runSubcommand } from './subcommands.js';
import type { WireDecode } from '../wire/types.js';
import { attachWire, checkWireFiles, createWireRecorder, formatWire, writeWireFiles, type WireOptions } from './lab-wire.js';
import { isScenarioId, SCENARIO_IDS, SCENARIOS, type ScenarioId } from '../lab/scenarios.js';
import type { ConnectionReport } from '../lab/serve.js';
import { connectionLabel, stepsOf, type ScenarioResult, type ServerKind, type StepResult, type TimelineEvent, type TlsVersion } from '../lab/types.js';

export const LAB_HELP = `mtls-tutor lab — mutual TLS with good and bad certificates, as real handshakes on 127.0.0.1

Usage
  mtls-tutor lab list [--json]
      The scenarios and what each is predicted to do.
  mtls-tutor lab run <id>... | --all [--json] [--tls 1.2|1.3|both] [--server node|openssl|both] [--verbose]
                     [--wire] [--pcap FILE] [--keylog FILE] [--force]
      Run scenarios over real sockets and report what each side saw. --tls both runs each scenario over
      TLS 1.2 and 1.3 (the rejection surfaces differently). --server openssl puts \`openssl s_server\` in the
      server's place (needs an openssl binary): it refuses a bad client certificate during the handshake with
      an alert (45, 48...), as Envoy does, where Node's server closes without one. Exit 0 only when every one
      behaved as predicted.
      --wire captures each handshake through a relay on 127.0.0.1 and prints its records and messages,
      decrypted with the session keys (with --json: a "wire" array on each step, one object per message:
      t, from, record, encrypted, type, fields, bytes). --pcap FILE writes the capture for Wireshark (the
      server shown on port 443) and --keylog FILE its SSLKEYLOGFILE; neither overwrites a file without --force.
  mtls-tutor lab cost [--seconds N] [--json]
      What a mutual TLS 1.3 handshake costs here with ECDSA P-256 and with RSA-2048 certificates: full
      handshakes between a Node server and client in this process on 127.0.0.1, N seconds per key type
      (default 2, 1 to 60) in alternating rounds, with the CPU time per handshake and the signatures alone.
  mtls-tutor lab export DIR [--force]
      Write ca.crt, server.crt/.key, clients/<name>.crt/.key (good, expired, not-yet-valid, untrusted,
      self-signed, wrong-eku), a kubernetes.io/tls Secret per identity and a README of commands to try.
  mtls-tutor lab serve [--port N] [--certs DIR] [--handshake-timeout MS] [--idle-timeout MS]
      An HTTPS server on 127.0.0.1 (default port 8443) that requires a client certificate. Without --certs it
      makes a fresh PKI, prints where, and deletes it when it stops. One line per connection: accepted (a
      verified client sent a request), rejected (cut off in the handshake), or handshake done but no request
      (the client left, refused our certificate, or sent nothing for --idle-timeout, default 30000 ms).
      Ctrl+C stops it.

Exit codes: 0 ok / all as predicted; 1 a scenario differed or a problem you can fix; 2 bad usage;
130, 143, 129 stopped by Ctrl+C, SIGTERM, SIGHUP (every lab server and key it made is removed first).
`;

export async function run(argv: string[], io: CliIo): Promise<number> {
  return runSubcommand('lab', argv, io, LAB_HELP, { list: listCommand, run: runCommand, cost: costCommand, export: exportCommand, serve: serveCommand });
}

async function listCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseFlags('lab list', argv, { json: { type: 'boolean' } });
  if (positionals.length > 0) throw new UsageError(`lab list takes no arguments, got '${positionals.join(' ')}'`);
  const { shippedLabTexts } = await import('../content/course.js');
  const texts = await shippedLabTexts();
  const scenarios = SCENARIOS.map(({ id, expected }) => ({ id, title: texts[id]?.title ?? id, expected }));
  if (values.json) {
    io.out(JSON.stringify({ scenarios }, null, 2));
    return 0;
  }
  const width = Math.max(...scenarios.map((s) => s.id.length));
  for (const s of scenarios) io.out(`${s.id.padEnd(width)}  ${s.expected.padEnd(8)}  ${s.title}`);
  io.out(`\nRun one with 'mtls-tutor lab run <id>', or all with 'mtls-tutor lab run --all'.`);
  return 0;
}

/** A flag that names one of two values, or both: the chosen values, in the pair's order. */
function oneOrBoth<T extends string>(flag: string, raw: string | undefined, pair: readonly [T, T], fallback: T): T[] {
  if (raw === undefined) return [fallback];
  if (raw === 'both') return [...pair];
  if ((pair as readonly string[]).includes(raw)) return [raw as T];
  throw new UsageError(`--${flag} must be ${pair[0]}, ${pair[1]} or both, got '${raw}'`);
}

async function runCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseFlags('lab run', argv, {
    all: { type: 'boolean' },
    json: { type: 'boolean' },
    tls: { type: 'string' },
    server: { type: 'string' },
    verbose: { type: 'boolean', short: 'v' },
    wire: { type: 'boolean' },
    pcap: { type: 'string' },
    keylog: { type: 'string' },
    force: { type: 'boolean' },
  });
  const versions = oneOrBoth<TlsVersion>('tls', values.tls, ['1.2', '1.3'], '1.3');
  const servers = oneOrBoth<ServerKind>('server', values.server, ['node', 'openssl'], 'node');
  if (values.all && positionals.length > 0) throw new UsageError('lab run: give scenario ids or --all, not both');
  if (!values.all && positionals.length === 0)
    throw new UsageError(`lab run: name at least one scenario, or --all. Scenarios: ${SCENARIO_IDS.join(', ')}`);
  const unknown = positionals.filter((id) => !isScenarioId(id));
  if (unknown.length > 0)
    throw new UsageError(`lab run: unknown scenario ${unknown.map((id) => `'${id}'`).join(', ')}. Valid ids: ${SCENARIO_IDS.join(', ')}`);
  const ids: readonly ScenarioId[] = values.all ? SCENARIO_IDS : (positionals as ScenarioId[]);
  const wire: WireOptions = { show: values.wire === true, force: values.force === true, ...(values.pcap !== undefined ? { pcap: values.pcap } : {}), ...(values.keylog !== undefined ? { keylog: values.keylog } : {}) };
  const capturing = wire.show || wire.pcap !== undefined || wire.keylog !== undefined;
  if (capturing) checkWireFiles(wire);
  // Only asked-for captures cost anything: without these flags no relay runs and no wire module loads.
  const recorder = capturing ? createWireRecorder() : undefined;

  if (servers.includes('openssl')) {
    const { opensslSupport } = await import('../lab/openssl-server.js');
    const support = opensslSupport();
    if (!support.ok)
      throw new UserError(`lab run --server ${values.server}: ${support.reason}. Install OpenSSL (apt install openssl, brew install openssl), or leave out --server to use Node's server.`);
  }
  const { runScenarios } = await import('../lab/runner.js');
  const { createLabPki } = await import('../lab/lab-pki.js');
  const { releaseAll } = await import('../lab/live-resources.js');
  const pki = createLabPki();
  const runs = servers.flatMap((server) => versions.map((tls) => ({ server, tls })));
  // A stop mid-run (Ctrl+C, SIGTERM, SIGHUP) ends every s_server and removes its key folder before exiting.
  const stop = io.interrupted?.then((signal) => ({ signal }));
  const work = Promise.all(runs.map(({ server, tls }, run) => runScenarios(ids, { tls, server, pki, ...(recorder ? { capture: recorder.hook(run) } : {}) })));
  const finished = await (stop ? Promise.race([work, stop]) : work);
  if ('signal' in finished) {
    releaseAll();
    io.err(`Stopped (${finished.signal}); no lab server or key is left behind.`);
    return signalExitCode(finished.signal);
  }
  const perRun = finished;
  // Side by side: for each scenario, its results in the order of the runs (node 1.2, node 1.3, openssl 1.2...).
  const results = ids.flatMap((_, index) => perRun.map((list) => list[index] as ScenarioResult));
  const captured = recorder ? await attachWire(perRun, recorder, wire.show) : undefined;

  if (values.json) io.out(JSON.stringify({ scenarios: results }, null, 2));
  else {
    const full = values.verbose === true || results.length <= 3;
    for (const result of results) {
      io.out(formatResult(result, full));
      if (wire.show && captured) io.out(await wireReport(result, captured.decodes));
    }
    const good = results.filter((r) => r.asExpected).length;
    io.out(`${good}/${results.length} behaved as predicted${good === results.length ? '.' : ' — see ✗ above.'}`);
    if (!full) io.out(`Details: 'mtls-tutor lab run <id>' (or --verbose) shows the timeline, explanation and fix.`);
  }
  if (captured && (wire.pcap !== undefined || wire.keylog !== undefined)) {
    const written = await writeWireFiles(wire, captured.captures);
    // With --json, stdout stays pure JSON.
    if (values.json) io.err(written);
    else io.out(written);
  }
  return results.every((r) => r.asExpected) ? 0 : 1;
}

/** The decoded messages of each step of a scenario, under the step's label when there are several. */
async function wireReport(result: ScenarioResult, decodes: Map<object, WireDecode>): Promise<string> {
  const parts: string[] = [];
  for (const [index, step] of stepsOf(result).entries()) {
    const decoded = decodes.get(step);
    if (!decoded) continue;
    parts.push(result.steps ? `    step ${index + 1} (${step.label}):\n${await formatWire(decoded, '      ')}` : await formatWire(decoded));
  }
  return parts.join('\n');
}

function errorText(error: { code: string; message: string } | null): string {
  if (!error) return 'no error';
  return error.message && error.message !== error.code ? `${error.code} (${error.message})` : error.code;
}

function sidesLine(step: StepResult): string {
  const who =
    step.outcome === 'accepted'
      ? 'nobody rejected'
      : step.timedOut
        ? 'timed out (no verdict)'
        : `rejected by the ${step.rejectedBy ?? 'connection (unclear side)'}`;
  const server = step.authorizationError
    ? `${errorText(step.serverError)}, authorizationError ${step.authorizationError}`
    : errorText(step.serverError);
  const alert = step.alert ? ` · alert ${step.alert.name} (${step.alert.number}) from the ${step.alert.sentBy}` : '';
  const surfaced = step.outcome === 'rejected' && step.clientSawSecureConnect ? ' · client saw secureConnect first' : '';
  return `${who} · client: ${errorText(step.clientError)} · server: ${server}${alert}${surfaced}`;
}

function timelineLine(events: TimelineEvent[]): string {
  return events.map((e) => `${e.t.toFixed(1)}ms ${e.side} ${e.event}${e.detail ? ` [${e.detail}]` : ''}`).join('\n      ');
}

/** Human report of one scenario: a verdict line, then (full) who rejected, errors, reason, timeline, why and fix. */
export function formatResult(result: ScenarioResult, full: boolean): string {
  const { timedOut } = result;
  const mark = result.asExpected ? '✓ as predicted' : timedOut ? '✗ timed out' : '✗ NOT as predicted';
  const outcome = timedOut ? 'no verdict' : result.outcome;
  const against = result.server === 'openssl' ? ', openssl s_server' : '';
  const lines = [`${mark}  ${result.id} (${connectionLabel(result)}${against}): ${outcome}, predicted ${result.expected} — ${result.title}`];
  // s_server's lines reach us through a pipe: its events are timed when read, a little after they happened.
  const timelineHeading = result.server === 'openssl' ? 'timeline (server events: what s_server printed, timed when read)' : 'timeline';
  for (const step of stepsOf(result)) {
    const prefix = result.steps ? `  · ${step.label}: ${step.outcome}${step.asExpected ? '' : ' (NOT as predicted)'}\n    ` : '    ';
    lines.push(`${prefix}${sidesLine(step)}`);
    lines.push(`    reason: ${step.reason}`);
    if (full) lines.push(`    ${timelineHeading}:\n      ${timelineLine(step.timeline)}`);
  }
  if (full) {
    lines.push(`    presents: ${result.presents}`);
    lines.push(`    why: ${result.explanation}`);
    lines.push(`    fix: ${result.fix}`);
    lines.push(`    start: ${result.commands.server}   (in a folder from 'mtls-tutor lab export DIR')`);
    lines.push(`    try: ${result.commands.curl}`);
    lines.push(`         ${result.commands.openssl}`);
    if (result.commands.note) lines.push(`         (${result.commands.note})`);
  }
  return lines.join('\n');
}

async function costCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseFlags('lab cost', argv, { seconds: { type: 'string' }, json: { type: 'boolean' } });
  if (positionals.length > 0) throw new UsageError(`lab cost takes no arguments, got '${positionals.join(' ')}'`);
  const seconds = intFlag('seconds', values.seconds, 1, 60) ?? 2;
  const { measureHandshakeCost } = await import('../lab/cost.js');
  // Ctrl+C (SIGTERM, SIGHUP) ends the rounds; every server and socket is closed before the command exits.
  const controller = new AbortController();
  let signal: NodeJS.Signals | undefined;
  void io.interrupted?.then((received) => {
    signal = received;
    controller.abort();
  });
  if (!values.json) io.err(`Measuring for about ${seconds * 2} s (RSA-2048 keys take a moment to make first)…`);
  const report = await measureHandshakeCost({ seconds, signal: controller.signal });
  if (signal) {
    io.err(`Stopped (${signal}); no lab server or socket is left behind.`);
    return signalExitCode(signal);
  }
  if (values.json) {
    io.out(JSON.stringify(report, null, 2));
    return 0;
  }
  const [ecdsa, rsa] = report.results as [CostRow, CostRow];
  const rows = [['key type', 'handshakes/s', 'CPU/handshake', 'signs/s', 'verifies/s', 'keys made in'], ...report.results.map((r) => [r.name, String(r.perSecond), r.cpuMsPerHandshake === null ? '-' : `${r.cpuMsPerHandshake.toFixed(2)} ms`, String(r.signaturesPerSecond), String(r.verificationsPerSecond), `${r.setupMs} ms`])];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  io.out(`Mutual TLS 1.3 handshakes on this machine, both ends in this process on 127.0.0.1, ${seconds} s per key type in alternating rounds:\n`);
  for (const row of rows) io.out(row.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd());
  const times = (a: number, b: number) => `${(a / b).toFixed(1)}x`;
  io.out(
    `\n${ecdsa.name} did ${report.ecdsaOverRsa ?? '-'}x the handshakes of ${rsa.name}. The signature alone: ${rsa.name} is ${times(ecdsa.signaturesPerSecond, rsa.signaturesPerSecond)} slower to make and ${times(rsa.verificationsPerSecond, ecdsa.verificationsPerSecond)} faster to check; each side of a mutual handshake makes one and checks two, among much other work. Handshakes per second follow the machine's load; the CPU time per handshake is the steadier figure.`,
  );
  return 0;
}

type CostRow = Awaited<ReturnType<typeof import('../lab/cost.js').measureHandshakeCost>>['results'][number];

async function exportCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseFlags('lab export', argv, { force: { type: 'boolean' } });
  if (positionals.length !== 1) throw new UsageError('lab export: give exactly one directory, e.g. mtls-tutor lab export ./mtls-lab');
  const dir = resolve(positionals[0] as string);
  const { exportLab, DirectoryNotEmptyError, UnsafePathError } = await import('../lab/export.js');
  try {
    const result = await exportLab(dir, { force: values.force === true });
    io.out(`Wrote ${result.files.length} files to ${dir} (keys mode 0600). See ${join(dir, 'README.md')} for commands to try.`);
    return 0;
  } catch (error) {
    if (error instanceof DirectoryNotEmptyError || error instanceof UnsafePathError) throw new UserError(error.message);
    if ((error as NodeJS.ErrnoException).code) throw new UserError(`cannot write to ${dir}: ${(error as Error).message}`);
    throw error;
  }
}

function connectionLine(report: ConnectionReport): string {
  const time = new Date().toISOString().slice(11, 19);
  if (report.verdict === 'accepted') return `${time} ${report.remote} accepted ${report.identity ?? ''}`.trimEnd();
  if (report.verdict === 'no-request') return `${time} ${report.remote} ${report.reason}${report.identity ? ` (${report.identity})` : ''}`;
  const codes = report.authorizationError ? `${report.code}, ${report.authorizationError}` : report.code;
  return `${time} ${report.remote} rejected: ${report.reason} (${codes})`;
}

async function serveCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseFlags('lab serve', argv, {
    port: { type: 'string', short: 'p' },
    certs: { type: 'string' },
    'handshake-timeout': { type: 'string' },
    'idle-timeout': { type: 'string' },
  });
  if (positionals.length > 0) throw new UsageError(`lab serve takes no arguments, got '${positionals.join(' ')}'`);
  const port = intFlag('port', values.port, 0, 65535) ?? 8443;
  const handshakeTimeoutMs = intFlag('handshake-timeout', values['handshake-timeout'], 100, 600_000) ?? 5000;
  const idleTimeoutMs = intFlag('idle-timeout', values['idle-timeout'], 100, 3_600_000) ?? 30_000;
  const { loadServeCerts, startLabServer, PortInUseError } = await import('../lab/serve.js');

  // Listening for Ctrl+C (and SIGTERM, SIGHUP) from the start: a stop during set-up must clean up too, not kill.
  const stopped = io.interrupted ?? new Promise<NodeJS.Signals>((done) => process.once('SIGINT', () => done('SIGINT')));
  // Without --certs: a throwaway PKI in a private temporary directory (mode 0700), deleted when the server stops,
  // so no private key outlives the command.
  const throwaway = values.certs === undefined ? await mkdtemp(join(tmpdir(), 'mtls-tutor-lab-')) : undefined;
  const dir = throwaway ?? resolve(values.certs as string);
  // Also when the process is ended at once (a second Ctrl+C while stopping): 'exit' handlers run synchronously.
  const removeThrowaway = () => throwaway && rmSync(throwaway, { recursive: true, force: true });
  process.once('exit', removeThrowaway);
  let signal: NodeJS.Signals;
  try {
    if (throwaway) {
      const { exportLab } = await import('../lab/export.js');
      await exportLab(throwaway);
    }
    let certs;
    try {
      certs = await loadServeCerts(dir);
    } catch (error) {
      throw new UserError((error as Error).message);
    }

    let server;
    try {
      server = await startLabServer({
        port,
        ...certs,
        handshakeTimeoutMs,
        idleTimeoutMs,
        onConnection: (r) => io.out(connectionLine(r)),
        onServerError: (e) => io.err(`mtls-tutor lab serve: server error, still listening: ${e.message}`),
      });
    } catch (error) {
      if (error instanceof PortInUseError) throw new UserError(error.message);
      if ((error as NodeJS.ErrnoException).code === 'EACCES')
        throw new UserError(`--port ${port}: not allowed to listen on this port (below 1024 needs privileges); use a port above 1023, or --port 0 for any free port`);
      throw error;
    }
    if (throwaway) io.out(`Made a fresh lab PKI in ${dir} (deleted when the server stops; 'mtls-tutor lab export DIR' makes one to keep)`);
    const url = `https://localhost:${server.port}/`;
    io.out(`Listening on ${url} (127.0.0.1), client certificate required. Ctrl+C to stop.`);
    io.out(`Try: curl --cacert ${join(dir, 'ca.crt')} --cert ${join(dir, 'clients/good.crt')} --key ${join(dir, 'clients/good.key')} ${url}`);
    signal = await stopped;
    await server.close();
  } finally {
    // Synchronous, so a second Ctrl+C cannot cut it short (and the 'exit' clean-up stays until it is done).
    removeThrowaway();
    process.off('exit', removeThrowaway);
  }
  io.out('Stopped.');
  return signalExitCode(signal);
}
