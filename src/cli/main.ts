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

Labs (real TLS handshakes on 127.0.0.1)
  mtls-tutor lab list [--json]                 the scenarios and what each should do
  mtls-tutor lab run <id>... | --all [--json]  run scenarios; exit 0 when all behave as predicted
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

Progress
  mtls-tutor progress [--json]       what you have studied
  mtls-tutor progress reset [--yes]  forget all progress (asks first)
  mtls-tutor progress export FILE    save progress to a file
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
};

/** Runs the command line; returns the exit code. `launchTui` is injected so tests need not start Ink. */
export async function main(argv: string[], io: CliIo, launchTui: () => Promise<number>): Promise<number> {
  const [first, ...rest] = argv;
  try {
    if (first === undefined) return await launchTui();
    if (first === '--help' || first === '-h' || first === 'help') {
      io.out(HELP);
      return 0;
    }
    if (first === '--version' || first === '-v') {
      io.out(VERSION);
      return 0;
    }
    const group = GROUPS[first];
    if (!group) throw new UsageError(`unknown command '${first}'. Commands: ${Object.keys(GROUPS).join(', ')}. Run 'mtls-tutor --help'.`);
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
