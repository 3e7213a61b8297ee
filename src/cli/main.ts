import { type CliIo, UsageError, UserError } from './io.js';
import { VERSION } from '../version.js';

/** Every command group, listed in --help. Each group module exports `run(argv, io): Promise<number>`. */
export const HELP = `mtls-tutor ${VERSION} — learn mutual TLS, proven with real handshakes on your machine

Usage
  mtls-tutor                         open the tutor (needs an interactive terminal)

Lessons
  mtls-tutor lessons check [DIR]     validate lesson files (default: the shipped lessons)
  mtls-tutor lessons stats [--json]  count lessons, cards, questions, explain prompts and labs
  mtls-tutor lessons schema          print the lesson format as JSON Schema (for editors)

Explain it
  mtls-tutor explain list [--json]   the explain prompts, with their lesson
  mtls-tutor explain score ID [--json]  score an answer read from stdin, as the tutor does

Labs (real TLS handshakes on 127.0.0.1)
  mtls-tutor lab list [--json]                 the scenarios and what each should do
  mtls-tutor lab run <id>... | --all [--json]  run scenarios; exit 0 when all behave as predicted
  mtls-tutor lab cost [--seconds N] [--json]   ECDSA P-256 vs RSA-2048: mTLS handshakes per second here
  mtls-tutor lab run <id> --wire [--pcap FILE --keylog FILE]  ... and every TLS message, decrypted
  mtls-tutor lab export DIR [--force]          write a CA, server and client certs to try with openssl/curl
  mtls-tutor lab serve [--port N] [--certs DIR]  an HTTPS server that requires client certificates

Istio policy
  mtls-tutor policy explain -f FILE|DIR|-... (--namespace NS [--labels k=v,...] | --workload NAME)
                            [--port N] [--dataplane sidecar|ambient] [--root-namespace NS] [--json]
                                     which PeerAuthentication applies to a workload, and why
                                     (reads kubectl get -o yaml|json exports; exit 1 if any document
                                     was unreadable or refused)
  mtls-tutor policy lab -f FILE... (--namespace NS [--labels k=v,...] | --workload NAME) [--port N]
                        [--dataplane sidecar|ambient] [--json]
                                     enforce the resolved mode on a real listener and probe it
  mtls-tutor policy lab --scenario ID  run one of the prepared scenarios live
  mtls-tutor policy authz -f FILE... (--namespace NS [--labels k=v,...] | --workload NAME)
                          --from SPIFFE_ID|plaintext --method M --path P --port N [--json]
                                     which AuthorizationPolicies apply and what the proxy decides,
                                     proven live (403 RBAC: access denied); --scenario ID for lesson 7's
  mtls-tutor policy scenarios [--json] the prepared scenarios (namespace STRICT, migration, ...)

Your own setup
  mtls-tutor why "ERROR TEXT" [--json]  what an error message means: causes, who refused, checks, lab
  mtls-tutor why - [--json]             the same, reading a log excerpt from standard input
  mtls-tutor inspect FILE... [--json] [--password P] [--key FILE]
                                     explain certificates, keys, PKCS#12, Kubernetes Secrets and istioctl
                                     secret dumps, and flag what is wrong with them
  mtls-tutor probe HOST:PORT [--pki DIR] [--cert F --key F] [--ca FILE] [--servername NAME]
                   [--tls 1.2|1.3|both] [--json]
                                     play good and bad clients against your server: does it enforce mTLS?

Progress
  mtls-tutor progress [--json]       what you have studied
  mtls-tutor progress reset [--yes]  forget all progress (asks first)
  mtls-tutor progress export FILE [--force]  save progress to a file (an existing one only with --force)
  mtls-tutor progress import FILE    load progress from a file (validated first)

Options
  -h, --help      show this help (also after a command: mtls-tutor lab --help)
  -v, --version   print the version

Progress is stored in $MTLS_TUTOR_HOME when set, else in your OS config directory.
`;

type Group = { run(argv: string[], io: CliIo): Promise<number> };

// Loaded on demand so each command pays only for what it uses (the TUI never loads the lab PKI at start-up).
const GROUPS: Record<string, () => Promise<Group>> = {
  lessons: () => import('./lessons.js'),
  lab: () => import('./lab.js'),
  policy: () => import('./policy.js'),
  progress: () => import('./progress.js'),
  explain: () => import('./explain.js'),
  why: () => import('./why.js'),
  inspect: () => import('./inspect.js'),
  probe: () => import('./probe.js'),
};

/** Runs the command line; returns the exit code. `launchTui` is injected so tests need not start Ink. */
export async function main(argv: string[], io: CliIo, launchTui: () => Promise<number>): Promise<number> {
  const [first, ...rest] = argv;
  try {
    if (first === undefined) return await launchTui();
    if (first === 'help' && rest[0] !== undefined && Object.hasOwn(GROUPS, rest[0])) {
      // `mtls-tutor help lab run` is `mtls-tutor lab run --help`.
      return await (await GROUPS[rest[0]]!()).run([...rest.slice(1), '--help'], io);
    }
    if (first === '--help' || first === '-h' || first === 'help') {
      io.out(HELP);
      return 0;
    }
    if (first === '--version' || first === '-v') {
      io.out(VERSION);
      return 0;
    }
    const group = Object.hasOwn(GROUPS, first) ? GROUPS[first] : undefined;
    if (!group) {
      const what = first.startsWith('-') ? `unknown option '${first}'` : `unknown command '${first}'`;
      throw new UsageError(`${what}. Commands: ${Object.keys(GROUPS).join(', ')}. Run 'mtls-tutor --help'.`);
    }
    return await (await group()).run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`mtls-tutor: ${error.message}`);
      return 2;
    }
    if (error instanceof UserError) {
      io.err(`mtls-tutor: ${error.message}`);
      return error.exitCode;
    }
    throw error;
  }
}
