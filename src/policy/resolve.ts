import type {
  Consideration,
  EffectiveMode,
  Level,
  PeerAuthentication,
  PeerMode,
  Resolution,
  Workload,
} from './types.js';

/**
 * Which PeerAuthentication mode a sidecar enforces for one workload port, following Istio's source step by step
 * (section 2 of shared/reference/istio-peer-authentication.md; rules R1..R13 are cited inline). Pure.
 */

export const DEFAULT_ROOT_NAMESPACE = 'istio-system';

export interface ResolveOptions {
  /** meshConfig.rootNamespace; default istio-system. */
  rootNamespace?: string;
}

/** True when the policy has no selector or one without labels (mesh or namespace level). */
function isSelectorless(p: PeerAuthentication): boolean {
  return p.selector === null || Object.keys(p.selector).length === 0;
}

/** Step 2: creationTimestamp, then name, then namespace. A missing timestamp counts as "just applied". */
export function compareByCreation(a: PeerAuthentication, b: PeerAuthentication): number {
  const ta = a.createdAt ?? Number.POSITIVE_INFINITY;
  const tb = b.createdAt ?? Number.POSITIVE_INFINITY;
  if (ta !== tb) return ta < tb ? -1 : 1;
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  if (a.namespace !== b.namespace) return a.namespace < b.namespace ? -1 : 1;
  return 0;
}

/** Why `winner` sorted before `loser`, in words; also says when a name (not time) decided it. */
function olderBecause(winner: PeerAuthentication, loser: PeerAuthentication): { phrase: string; warning?: string } {
  const tw = winner.createdAt;
  const tl = loser.createdAt;
  if (tw !== undefined && tl !== undefined && tw < tl) return { phrase: `newer than ${winner.ref}` };
  if (tw !== undefined && tl === undefined) {
    return {
      phrase: `newer than ${winner.ref} (it has no creationTimestamp, so it counts as just applied)`,
      warning: `${loser.ref} has no metadata.creationTimestamp: treated as applied now, after every dated policy (R5/R6)`,
    };
  }
  const why = tw === undefined ? 'neither has a creationTimestamp, so they count as created at the same time' : 'created in the same second';
  const by = winner.name !== loser.name ? `name "${winner.name}" sorts before "${loser.name}"` : `namespace "${winner.namespace}" sorts first`;
  return {
    phrase: `ties with ${winner.ref} (${why}) and ${by}`,
    warning: `${winner.ref} and ${loser.ref}: ${why}; Istio then orders by name, then namespace, so ${winner.ref} wins (R5b)`,
  };
}

function matchFailure(selector: Record<string, string>, labels: Record<string, string>): string | null {
  for (const [key, want] of Object.entries(selector)) {
    const have = labels[key];
    if (have === undefined) return `missing label ${key}=${want}`;
    if (have !== want) return `label ${key}=${have} is not ${key}=${want} (exact, case-sensitive match)`;
  }
  return null;
}

function overrides(mode: PeerMode | undefined): mode is EffectiveMode {
  return mode !== undefined && mode !== 'UNSET';
}

export function acceptance(mode: EffectiveMode): { plaintextAccepted: boolean; mtlsAccepted: boolean } {
  return { plaintextAccepted: mode !== 'STRICT', mtlsAccepted: mode !== 'DISABLE' };
}

function modeText(mode: PeerMode | undefined): string {
  return mode === undefined ? 'no mode (UNSET)' : mode;
}

export function resolve(policies: readonly PeerAuthentication[], workload: Workload, options: ResolveOptions = {}): Resolution {
  const root = options.rootNamespace ?? DEFAULT_ROOT_NAMESPACE;
  const warnings = new Set<string>();
  const lost = new Map<string, Consideration>();
  const chosen: Partial<Record<Level, PeerAuthentication>> = {};

  // Step 2: one total order for everything below.
  const sorted = [...policies].sort(compareByCreation);

  // Step 3 (R5): the oldest selector-less policy per namespace is kept; newer ones are ignored.
  const selectorlessByNs = new Map<string, PeerAuthentication>();
  const duplicateOf = new Map<string, PeerAuthentication>();
  for (const p of sorted) {
    if (!isSelectorless(p)) continue;
    const kept = selectorlessByNs.get(p.namespace);
    if (kept) duplicateOf.set(p.ref, kept);
    else selectorlessByNs.set(p.namespace, p);
  }

  // Steps 4-5: candidates and levels.
  const byLevel: Record<Level, PeerAuthentication[]> = { mesh: [], namespace: [], workload: [] };
  for (const p of sorted) {
    const searched = p.namespace === workload.namespace || p.namespace === root;
    if (!searched) {
      lost.set(p.ref, {
        policy: p.ref,
        outcome: 'lost',
        level: null,
        reason: `in another namespace (${p.namespace}): only the workload's namespace (${workload.namespace}) and the root namespace (${root}) are searched (R8)`,
      });
      continue;
    }
    const kept = duplicateOf.get(p.ref);
    if (kept) {
      const level: Level = p.namespace === root ? 'mesh' : 'namespace';
      const because = olderBecause(kept, p);
      if (because.warning) warnings.add(because.warning);
      lost.set(p.ref, {
        policy: p.ref,
        outcome: 'lost',
        level,
        reason: `${level}-level duplicate, ${because.phrase}: only the oldest policy without a selector in ${p.namespace} counts, newer ones are ignored (R5)`,
      });
      continue;
    }
    if (isSelectorless(p)) {
      byLevel[p.namespace === root ? 'mesh' : 'namespace'].push(p);
      continue;
    }
    if (p.namespace === root) {
      lost.set(p.ref, {
        policy: p.ref,
        outcome: 'lost',
        level: null,
        reason: `selector policy in the root namespace is ignored (${root} is the root namespace), whatever it selects (R7)`,
      });
      continue;
    }
    const failure = matchFailure(p.selector!, workload.labels);
    if (failure) {
      lost.set(p.ref, { policy: p.ref, outcome: 'lost', level: null, reason: `selector does not match: ${failure} (R9)` });
      continue;
    }
    byLevel.workload.push(p);
  }

  // Oldest wins within a level (R6); there is no "most specific" or "most secure" ranking.
  for (const level of ['mesh', 'namespace', 'workload'] as const) {
    const [winner, ...rest] = byLevel[level];
    if (!winner) continue;
    chosen[level] = winner;
    for (const p of rest) {
      const because = olderBecause(winner, p);
      if (because.warning) warnings.add(because.warning);
      const ports = Object.keys(p.portLevelMtls).length ? '; its portLevelMtls is ignored too' : '';
      lost.set(p.ref, {
        policy: p.ref,
        outcome: 'lost',
        level,
        reason: `${because.phrase} at the same level (${level}): the oldest matching policy wins (R6)${ports}`,
      });
    }
  }

  // Step 6 (R1, R3, R4): start PERMISSIVE, then mesh, namespace, workload; UNSET does not override.
  const explanation: string[] = [];
  let mode: EffectiveMode = 'PERMISSIVE';
  let decidingLevel: Resolution['decidingLevel'] = 'default';
  const chosenNotes = new Map<string, string>();
  if (!chosen.mesh && !chosen.namespace && !chosen.workload) {
    explanation.push('No PeerAuthentication applies to this workload, so the sidecar keeps its default: PERMISSIVE (R1).');
  } else {
    explanation.push('Start from the default, PERMISSIVE (R1).');
  }
  for (const level of ['mesh', 'namespace', 'workload'] as const) {
    const p = chosen[level];
    if (!p) continue;
    if (overrides(p.mode)) {
      const before = mode;
      mode = p.mode;
      decidingLevel = level;
      explanation.push(`${cap(level)} level: ${p.ref} sets ${p.mode}${before === p.mode ? ' (same as before)' : ''}.`);
      chosenNotes.set(p.ref, `chosen at ${level} level; sets ${p.mode}`);
    } else {
      explanation.push(`${cap(level)} level: ${p.ref} has ${modeText(p.mode)}, so it inherits ${mode} (R4).`);
      chosenNotes.set(p.ref, `chosen at ${level} level; ${modeText(p.mode)} inherits ${mode}`);
    }
  }
  if (chosen.workload) explanation.push(`Narrowest wins: workload beats namespace beats mesh (R3).`);
  const workloadMode = mode;

  // Steps 7-8 (R10, R11): port-level entries only from the chosen workload policy, keyed by the workload port.
  let port: number | null = null;
  const w = chosen.workload;
  const entryPorts = w ? Object.keys(w.portLevelMtls).map(Number) : [];
  if (w && entryPorts.length) {
    if (workload.port === undefined) {
      warnings.add(`${w.ref} has portLevelMtls for port ${entryPorts.join(', ')}; no --port was given, so the result is for the other ports`);
      explanation.push(`${w.ref} also sets port ${entryPorts.join(', ')}; the mode above is for other ports (no port given).`);
    } else if (workload.port in w.portLevelMtls) {
      const entry = w.portLevelMtls[workload.port];
      if (overrides(entry)) {
        mode = entry;
        port = workload.port;
        decidingLevel = 'port';
        explanation.push(`Port ${workload.port}: ${w.ref} sets ${entry} for this workload port (R10).`);
        chosenNotes.set(w.ref, `${chosenNotes.get(w.ref)}; port ${workload.port} sets ${entry}`);
      } else {
        explanation.push(`Port ${workload.port}: ${w.ref} lists it with ${modeText(entry)}, so it inherits ${mode} (R4).`);
      }
    } else {
      explanation.push(`Port ${workload.port} is not in ${w.ref}'s portLevelMtls (${entryPorts.join(', ')}), so the workload mode applies.`);
    }
  }
  const acc = acceptance(mode);
  explanation.push(
    mode === 'STRICT'
      ? 'Result STRICT: only mTLS gets in; plaintext finds no filter chain and is closed.'
      : mode === 'PERMISSIVE'
        ? 'Result PERMISSIVE: both plaintext and mTLS get in (plaintext carries no identity).'
        : 'Result DISABLE: plaintext only; the sidecar does not terminate mTLS.',
  );

  const considered: Consideration[] = sorted.map((p) => {
    const l = lost.get(p.ref);
    if (l) return l;
    const level = (['mesh', 'namespace', 'workload'] as const).find((lv) => chosen[lv] === p) ?? null;
    return { policy: p.ref, outcome: 'chosen', level, reason: chosenNotes.get(p.ref) ?? 'chosen' };
  });

  return {
    mode,
    ...acc,
    decidedBy: {
      mesh: chosen.mesh?.ref ?? null,
      namespace: chosen.namespace?.ref ?? null,
      workload: chosen.workload?.ref ?? null,
      port,
    },
    decidingLevel,
    workloadMode,
    considered,
    explanation,
    warnings: [...warnings],
  };
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
