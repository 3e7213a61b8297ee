/**
 * The "Your own setup" tools for the TUI: the same cores and the same report lines as `mtls-tutor why`,
 * `inspect` and `probe`, loaded only when used (none of it is on the start-up path). Pure of Ink.
 */
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { resolve } from 'node:path';
import type { Course } from '../../content/schema.js';
import type { OwnTool } from '../navigation.js';
import { fsErrorInWords } from '../../fs-words.js';

export interface ToolRun {
  lines: string[];
  /** The tool's verdict: recognised / no errors / a correct mTLS server. */
  ok: boolean;
}

/** The command that runs a lab from a shell: a prepared policy scenario of the course, or a TLS lab. */
function labCommand(course: Course): (id: string) => string {
  const policy = new Set<string>(course.policyScenarios.peer.map((s) => s.id));
  return (id) => (policy.has(id) ? `mtls-tutor policy lab --scenario ${id}` : `mtls-tutor lab run ${id}`);
}

const titles = (course: Course) => new Map(course.lessons.map((lesson) => [lesson.id, lesson.title]));

export async function runWhy(text: string, course: Course): Promise<ToolRun> {
  const [{ loadSignatures }, { matchError }, { whyLines }] = await Promise.all([
    import('../../why/load.js'),
    import('../../why/match.js'),
    import('../../why/report.js'),
  ]);
  const table = await loadSignatures();
  const result = matchError(text, table);
  return { lines: whyLines(result, table, { lessonTitles: titles(course), policyLabs: new Set<string>(course.policyScenarios.peer.map((s) => s.id)) }), ok: result.recognised };
}

/** Paths as typed: separated by spaces, ~ for the home folder, relative to where the tutor was started. */
export function pathsOf(entry: string): string[] {
  return entry
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map((path) => resolve(path.replace(/^~(?=$|\/)/, homedir())));
}

export async function runInspect(entry: string, course: Course): Promise<ToolRun> {
  const [{ readSource }, { analyse }, { inspectLines }] = await Promise.all([import('../../inspect/sources.js'), import('../../inspect/analyse.js'), import('../../inspect/report.js')]);
  const sources = [];
  for (const path of pathsOf(entry)) {
    try {
      sources.push(await readSource(path, await readFile(path)));
    } catch (error) {
      sources.push({ source: path, format: 'unreadable', groups: [], keys: [], notes: [], error: `cannot read: ${fsErrorInWords(error)}` });
    }
  }
  const report = analyse(sources);
  return {
    lines: inspectLines(report, { lessonTitles: titles(course), labCommand: labCommand(course) }),
    ok: !report.inputs.some((input) => input.error) && !report.problems.some((problem) => problem.severity === 'error'),
  };
}

export async function runProbeTool(entry: string, course: Course, onProgress: (done: number, total: number) => void): Promise<ToolRun> {
  const [{ parseTarget, isLoopback }, { DEFAULT_PKI_FOLDER, ensureProbePki }, { loadIdentities }, { runProbe }, { probeLines }] = await Promise.all([
    import('../../probe/target.js'),
    import('../../probe/pki-folder.js'),
    import('../../probe/identities.js'),
    import('../../probe/probe.js'),
    import('../../probe/report.js'),
  ]);
  const target = parseTarget(entry);
  if ('error' in target) throw new Error(target.error);
  // The in-process UI tests type random keys: a random HOST:PORT must never leave this machine, and no PKI folder
  // may appear in the project.
  if (process.env.VITEST && (!isLoopback(target.host) || !process.env.MTLS_TUTOR_PROBE_PKI))
    throw new Error('under test, only loopback targets are probed, with MTLS_TUTOR_PROBE_PKI set');
  // MTLS_TUTOR_PROBE_PKI names another folder (a PKI from `lab export` the server already trusts).
  const dir = resolve(process.env.MTLS_TUTOR_PROBE_PKI || DEFAULT_PKI_FOLDER);
  const { made } = await ensureProbePki(dir);
  const report = await runProbe({ ...target, versions: ['1.2', '1.3'], timeoutMs: 5000, identities: await loadIdentities(dir), onProgress });
  const lines = probeLines(report, { lessonTitles: titles(course), labCommand: labCommand(course) });
  if (made) lines.unshift(`Made a new client PKI in ${dir}: add ${dir}/ca.crt to the server's trusted client CAs, then probe again.`, '');
  return { lines, ok: report.ok };
}

export const TOOL_TEXT: Record<OwnTool, { title: string; prompt: string; placeholder: string; running: string }> = {
  why: {
    title: 'Decode an error',
    prompt: 'Paste an error line from a log (Node, OpenSSL, curl, Go, Java, Python, gRPC, Envoy/Istio): what it means, who refused, what to check.',
    placeholder: 'e.g. remote error: tls: bad certificate',
    running: 'Matching against the error signatures…',
  },
  inspect: {
    title: 'Inspect certificates',
    prompt: 'Files to read, separated by spaces: PEM or DER certificates and keys, a Kubernetes Secret (YAML/JSON), an istioctl secret dump.',
    placeholder: 'e.g. ./certs/tls.crt ./certs/ca.crt',
    running: 'Reading and checking…',
  },
  probe: {
    title: 'Probe a server',
    prompt: 'HOST:PORT of your server. The probe connects as good and bad clients over TLS 1.2 and 1.3, with certificates from ./mtls-probe-pki (made the first time: add its ca.crt to the server).',
    placeholder: 'e.g. 127.0.0.1:8443',
    running: 'Probing',
  },
};
