import { readFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { intFlag, parseFlags } from './args.js';
import { type CliIo, UsageError, UserError } from './io.js';
import { asksForHelp } from './subcommands.js';
import { parseTarget } from '../probe/target.js';

export const PROBE_HELP = `mtls-tutor probe — does your server really enforce mTLS?

Usage
  mtls-tutor probe HOST:PORT [--pki DIR] [--cert FILE --key FILE] [--ca FILE] [--servername NAME]
                   [--tls 1.2|1.3|both] [--timeout MS] [--json] [--force]
      Connect to your server as a series of clients, over TLS 1.2 and 1.3, each sending an HTTP request after
      the handshake: no certificate, a good one, a good one via an intermediate, expired, not yet valid,
      self-signed, from an untrusted CA, for servers only (EKU serverAuth), the right leaf without its
      intermediate, and a key that does not match (refused by the probe's own TLS stack: never sent). A table
      says what the server did (alert, close, HTTP status), what a correct mTLS server does, and the lab or
      lesson behind each ✗. Then what the server showed: whether it asks for a client certificate and which CA
      names it lists, its chain, its certificate's SAN against --servername, EKU, key and expiry, and the TLS
      versions and groups it accepts.
      --pki DIR: client certificates from a folder written by 'mtls-tutor lab export' (its ca.crt must be in
      the server's trusted client CAs). Without it the probe uses ./mtls-probe-pki, making it the first time
      (--force to replace a folder there that is not such a PKI). --cert/--key: your own good certificate.
      --ca FILE: the CA the probe checks the server's certificate with. --timeout: per connection (5000 ms).

Exit codes: 0 every case behaved as a correct mTLS server would; 1 not (or a case gave no verdict in time, or
the server could not be reached); 2 bad usage.
`;

/** HOST:PORT, [IPv6]:PORT. */
function target(raw: string): { host: string; port: number } {
  const parsed = parseTarget(raw);
  if ('error' in parsed) throw new UsageError(`probe: ${parsed.error}`);
  return parsed;
}

async function readText(flag: string, path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new UserError(`--${flag} ${path}: cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}

export async function run(argv: string[], io: CliIo): Promise<number> {
  if (asksForHelp(argv) || argv[0] === 'help') {
    io.out(PROBE_HELP);
    return 0;
  }
  const { values, positionals } = parseFlags('probe', argv, {
    pki: { type: 'string' },
    cert: { type: 'string' },
    key: { type: 'string' },
    ca: { type: 'string' },
    servername: { type: 'string' },
    tls: { type: 'string' },
    timeout: { type: 'string' },
    json: { type: 'boolean' },
    force: { type: 'boolean' },
  });
  if (positionals.length !== 1) throw new UsageError(`probe: give exactly one server, HOST:PORT.\nRun 'mtls-tutor probe --help' for usage.`);
  const { host, port } = target(positionals[0]!);
  if ((values.cert === undefined) !== (values.key === undefined)) throw new UsageError('probe: --cert and --key go together');
  const versions = values.tls === undefined || values.tls === 'both' ? (['1.2', '1.3'] as const) : values.tls === '1.2' || values.tls === '1.3' ? ([values.tls] as const) : null;
  if (!versions) throw new UsageError(`--tls must be 1.2, 1.3 or both, got '${values.tls}'`);
  const timeoutMs = intFlag('timeout', values.timeout, 100, 120_000) ?? 5000;
  if (values.servername !== undefined && isIP(values.servername)) throw new UsageError('--servername is a DNS name (SNI cannot carry an IP address); leave it out to check the IP you connect to');

  const { isLabPki, loadIdentities, PkiFolderError } = await import('../probe/identities.js');
  const { DEFAULT_PKI_FOLDER, ensureProbePki, PkiFolderTakenError } = await import('../probe/pki-folder.js');
  const dir = resolve(values.pki ?? DEFAULT_PKI_FOLDER);
  const say = (text: string) => (values.json ? io.err(text) : io.out(text));
  if (values.pki !== undefined) {
    if (!(await isLabPki(dir))) throw new UserError(`--pki ${dir}: not a PKI written by 'mtls-tutor lab export' (no ca.crt and clients/good.*). Make one with: mtls-tutor lab export ${values.pki}`);
  } else {
    try {
      if ((await ensureProbePki(dir, { force: values.force === true })).made)
        say(`Made a new client PKI in ${dir}. Add ${dir}/ca.crt to your server's trusted client CAs (and reload it), or the "good" cases cannot pass.`);
    } catch (error) {
      if (error instanceof PkiFolderTakenError)
        throw new UserError(`./${DEFAULT_PKI_FOLDER} exists and is not a probe PKI; move it away, name another folder with --pki, or pass --force to replace the lab files in it`);
      throw new UserError(`cannot write the probe PKI to ${dir}: ${(error as Error).message}`);
    }
  }
  let identities;
  try {
    const own = values.cert !== undefined ? { cert: await readText('cert', values.cert), key: await readText('key', values.key!), label: values.cert } : undefined;
    identities = await loadIdentities(dir, own);
  } catch (error) {
    if (error instanceof PkiFolderError) throw new UserError(error.message);
    throw error;
  }
  const ca = values.ca !== undefined ? { pem: await readText('ca', values.ca), label: values.ca } : undefined;
  if (ca && !ca.pem.includes('-----BEGIN CERTIFICATE-----')) throw new UserError(`--ca ${values.ca}: no PEM certificate in it`);

  const [{ runProbe, UnreachableError }, { probeLines }, { loadCourse }] = await Promise.all([
    import('../probe/probe.js'),
    import('../probe/report.js'),
    import('../content/course.js'),
  ]);
  let report;
  try {
    report = await runProbe({ host, port, versions: [...versions], timeoutMs, identities, ...(values.servername ? { servername: values.servername } : {}), ...(ca ? { ca } : {}) });
  } catch (error) {
    if (error instanceof UnreachableError) throw new UserError(error.message);
    throw error;
  }
  if (values.json) io.out(JSON.stringify(report, null, 2));
  else {
    const course = await loadCourse();
    const policy = new Set<string>(course.policyScenarios.peer.map((s) => s.id));
    io.out(
      probeLines(report, {
        lessonTitles: new Map(course.lessons.map((l) => [l.id, l.title])),
        labCommand: (id) => (policy.has(id) ? `mtls-tutor policy lab --scenario ${id}` : `mtls-tutor lab run ${id}`),
      }).join('\n'),
    );
  }
  return report.ok ? 0 : 1;
}
