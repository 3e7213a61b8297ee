/**
 * Runs lab scenarios over real sockets. One PKI per call, shared by all scenarios; scenarios run concurrently
 * (each has its own server on an ephemeral port), steps of a multi-step scenario run in order.
 */
import { shippedLabTexts } from '../content/course.js';
import type { LabText, LabTexts } from '../content/lab-texts.js';
import { createContextCache, type ContextCache } from './contexts.js';
import { runHandshake, type HandshakeSpec } from './handshake.js';
import { createLabPki, trustBundle, type LabPki } from './lab-pki.js';
import { startNodeServer } from './node-server.js';
import { startOpensslServer } from './openssl-server.js';
import { getScenario, type Scenario, type ScenarioId, type StepSetup } from './scenarios.js';
import type { Offered, ScenarioResult, ServerKind, StepResult, TimelineEvent, TlsVersion } from './types.js';
import type { WireCapture } from '../wire/types.js';

export interface RunOptions {
  /** TLS version both sides are pinned to (default 1.3, Node's default). */
  tls?: TlsVersion;
  /**
   * Who plays the server (default 'node'). 'openssl' runs `openssl s_server`, which refuses a bad client
   * certificate during the handshake with an alert, as Envoy does; the caller checks it is installed.
   */
  server?: ServerKind;
  /** Reuse a PKI across calls (e.g. a screen running one scenario at a time); default: a fresh one per call. */
  pki?: LabPki;
  /** The scenarios' texts (title, explanation, fix, commands); default: the shipped ones (lessons/labs/). */
  texts?: LabTexts;
  /** Per-step time limit in ms (default 3000). */
  timeoutMs?: number;
  /** Live events, for a screen that draws the timeline as it happens. `step` counts from 0. */
  onEvent?: (scenarioId: ScenarioId, step: number, event: TimelineEvent) => void;
  /**
   * Capture the wire: every handshake goes through a recording relay and each step's bytes and key log lines are
   * handed here when the step ends. Absent (the default): no relay, nothing recorded.
   */
  capture?: (scenarioId: ScenarioId, step: number, capture: WireCapture) => void;
}

/** Runs the given scenarios (all when `ids` is empty is NOT implied: pass SCENARIO_IDS) and returns results in order. */
export async function runScenarios(ids: readonly ScenarioId[], options: RunOptions = {}): Promise<ScenarioResult[]> {
  const pki = options.pki ?? createLabPki();
  const texts = options.texts ?? (await shippedLabTexts());
  // Node's servers live in this process and cost next to nothing; each openssl s_server is a process of its own,
  // so a few at a time keep a small machine responsive (and every handshake within its time limit).
  const parallel = options.server === 'openssl' ? 4 : ids.length;
  return mapLimited(ids, parallel, (id) => runScenario(id, { ...options, pki, texts }));
}

/** `items.map(fn)` with at most `limit` calls pending at once; results keep the order of `items`. */
async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

const contextCaches = new WeakMap<LabPki, ContextCache>();

function contextsFor(pki: LabPki): ContextCache {
  let cache = contextCaches.get(pki);
  if (!cache) {
    cache = createContextCache(pki);
    contextCaches.set(pki, cache);
  }
  return cache;
}

/** Runs one scenario; multi-step scenarios report their last step at the top level and every step in `steps`. */
export async function runScenario(id: ScenarioId, options: RunOptions = {}): Promise<ScenarioResult> {
  const scenario = getScenario(id);
  const text = textOf(options.texts ?? (await shippedLabTexts()), id);
  const pki = options.pki ?? createLabPki();
  const tlsVersion = options.tls ?? '1.3';
  const serverKind = options.server ?? 'node';
  const contexts = contextsFor(pki);
  const steps: StepResult[] = [];
  for (const [index, step] of scenario.steps.entries()) {
    // Each side speaks the run's TLS version unless the scenario pins it (a server with a 1.3 floor, say).
    const clientTls = step.client.tls ?? tlsVersion;
    const serverTls = step.server.tls ?? tlsVersion;
    const [serverCert, clientCert, clientContext] = await Promise.all([
      pki.get(step.server.cert),
      step.client.cert ? pki.get(step.client.cert) : Promise.resolve(undefined),
      contexts.get(step.client.cert, step.client.trusts, clientTls),
    ]);
    const offered: Offered = {
      client: { tls: step.client.plaintext ? null : clientTls, alpn: step.client.alpn ?? null },
      server: { tls: serverTls, alpn: step.server.alpn ?? null },
    };
    const start = serverStarter(serverKind, step.server, serverTls, pki, contexts);
    const { onEvent, capture } = options;
    steps.push(
      await runHandshake({
        label: text.steps?.[index] ?? text.title,
        expected: step.expected,
        tls: tlsVersion,
        server: { cert: serverCert, start },
        client: {
          ...(clientCert ? { cert: clientCert } : {}),
          context: clientContext,
          servername: step.client.servername ?? 'localhost',
          plaintext: step.client.plaintext ?? false,
        },
        ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
        offered,
        ...(onEvent ? { onEvent: (event: TimelineEvent) => onEvent(id, index, event) } : {}),
        ...(capture ? { capture: (wire: WireCapture) => capture(id, index, wire) } : {}),
      }),
    );
  }
  return toResult(scenario, text, tlsVersion, serverKind, steps);
}

/** A scenario's text; the build checks every scenario has one, so a missing one is a broken install or test set-up. */
function textOf(texts: LabTexts, id: ScenarioId): LabText {
  const text = texts[id];
  if (!text) throw new Error(`no text for the lab '${id}' (lessons/labs/${id}.yaml)`);
  return text;
}

/** How to start the server of one step: Node's, from a cached context, or s_server, from the PEM files. */
function serverStarter(kind: ServerKind, server: StepSetup['server'], tls: TlsVersion, pki: LabPki, contexts: ContextCache): HandshakeSpec['server']['start'] {
  if (kind === 'openssl')
    return async ({ note, onChange }) =>
      startOpensslServer({ identity: await pki.get(server.cert), trusts: await trustBundle(pki, server.trusts), tls, alpn: server.alpn ?? null, note, onChange });
  return async (hooks) => startNodeServer({ context: await contexts.get(server.cert, server.trusts, tls), tls, alpn: server.alpn ?? null, ...hooks });
}

function toResult(scenario: Scenario, text: LabText, tlsVersion: TlsVersion, server: ServerKind, steps: StepResult[]): ScenarioResult {
  const last = steps[steps.length - 1];
  if (!last) throw new Error(`scenario '${scenario.id}' has no steps`);
  const result: ScenarioResult = {
    id: scenario.id,
    title: text.title,
    tls: tlsVersion,
    server,
    presents: text.presents,
    ...last,
    asExpected: steps.every((step) => step.asExpected),
    timedOut: steps.some((step) => step.timedOut),
    durationMs: Math.round(steps.reduce((sum, step) => sum + step.durationMs, 0) * 10) / 10,
    explanation: text.explanation,
    fix: text.fix,
    commands: { openssl: text.commands.openssl, curl: text.commands.curl, server: text.commands.server, note: text.commands.note ?? null },
  };
  if (steps.length > 1) result.steps = steps;
  return result;
}
