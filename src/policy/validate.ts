import { checkMetadata, isObj, refusals, selectorLabels, typeName, unknownField, unsupported, type Fail, type Obj, type Path } from './admission.js';
import type { RawDocument } from './parse.js';
import {
  CLIENT_TLS_MODES,
  PEER_MODES,
  type ClientTlsMode,
  type DestinationRule,
  type NamespaceObject,
  type PeerAuthentication,
  type PeerMode,
  type Rejection,
  type WorkloadObject,
} from './types.js';
import { validateNamespace, validateWorkload, WORKLOAD_KINDS } from './validate-workload.js';
import { AUTHORIZATION_POLICY_VERSIONS, validateAuthorizationSpec } from './authz/validate.js';
import type { AuthorizationPolicy } from './authz/types.js';

/**
 * Admission as the API server (CRD schema + CEL) and istiod's webhook do it, with their messages, so a learner
 * sees here what `kubectl apply` would print. A document with any error is refused as a whole.
 */

export const PEER_AUTHENTICATION_VERSIONS = ['security.istio.io/v1', 'security.istio.io/v1beta1'];
export const DESTINATION_RULE_VERSIONS = ['networking.istio.io/v1', 'networking.istio.io/v1beta1', 'networking.istio.io/v1alpha3'];

// Real Istio kinds that may sit in the same file: skipped with a warning, not refused.
const OTHER_ISTIO_KINDS = new Set([
  'RequestAuthentication', 'VirtualService', 'Gateway', 'ServiceEntry', 'Sidecar',
  'WorkloadEntry', 'WorkloadGroup', 'EnvoyFilter', 'Telemetry', 'ProxyConfig', 'WasmPlugin',
]);

export interface ValidationResult {
  resource?: PeerAuthentication | DestinationRule | AuthorizationPolicy;
  workload?: WorkloadObject;
  namespace?: NamespaceObject;
  /** A kind the policy lab does not read (Service, ConfigMap...): reported once per kind, not per document. */
  ignoredKind?: string;
  rejections: Rejection[];
  warnings: string[];
}

export function validateDocument(doc: RawDocument, defaultNamespace: string): ValidationResult {
  const warnings: string[] = [];
  const errors: { path: Path; reason: string }[] = [];
  const fail = (path: Path, reason: string) => errors.push({ path, reason });
  const where = `${doc.file}:${doc.line}`;

  const v = doc.value;
  if (!isObj(v)) {
    return refuse(doc, `${doc.file} (${doc.document})`, [
      { path: [], reason: `not a Kubernetes object: expected a mapping with apiVersion and kind, got ${typeName(v)}` },
    ]);
  }

  // --- kind and apiVersion ---
  const kind = v.kind;
  const apiVersion = v.apiVersion;
  const metadata = isObj(v.metadata) ? v.metadata : undefined;
  const rawName = metadata?.name;
  const rawNs = metadata?.namespace;
  const nsForRef = typeof rawNs === 'string' && rawNs !== '' ? rawNs : defaultNamespace;
  const nameForRef = typeof rawName === 'string' && rawName !== '' ? rawName : '(unnamed)';
  const ref = `${nsForRef}/${nameForRef}`;

  if (typeof kind !== 'string' || kind === '') return refuse(doc, ref, [{ path: ['kind'], reason: "Object 'Kind' is missing" }]);
  if (typeof apiVersion !== 'string' || apiVersion === '') {
    return refuse(doc, ref, [{ path: ['apiVersion'], reason: "Object 'apiVersion' is missing" }]);
  }
  const noMatch = `no matches for kind "${kind}" in version "${apiVersion}"`;
  const servedAs = (versions: readonly string[]) => refuse(doc, ref, [{ path: ['apiVersion'], reason: `${noMatch} (served: ${versions.join(', ')})` }]);
  let isPeer: boolean;
  let isAuthz = false;
  if (kind === 'AuthorizationPolicy') {
    if (!AUTHORIZATION_POLICY_VERSIONS.includes(apiVersion)) return servedAs(AUTHORIZATION_POLICY_VERSIONS);
    isPeer = false;
    isAuthz = true;
  } else if (kind === 'PeerAuthentication') {
    if (!PEER_AUTHENTICATION_VERSIONS.includes(apiVersion)) return servedAs(PEER_AUTHENTICATION_VERSIONS);
    isPeer = true;
  } else if (kind === 'DestinationRule') {
    if (!DESTINATION_RULE_VERSIONS.includes(apiVersion)) return servedAs(DESTINATION_RULE_VERSIONS);
    isPeer = false;
  } else if (Object.hasOwn(WORKLOAD_KINDS, kind) || kind === 'Namespace') {
    const versions = kind === 'Namespace' ? ['v1'] : WORKLOAD_KINDS[kind]!;
    if (!versions.includes(apiVersion)) return servedAs(versions);
    const result = kind === 'Namespace' ? validateNamespace(doc, v) : validateWorkload(doc, v, kind, defaultNamespace);
    return result.errors.length ? refuse(doc, ref, result.errors) : { ...result.value, rejections: [], warnings: [] };
  } else if (OTHER_ISTIO_KINDS.has(kind)) {
    warnings.push(`${where}: ${kind} ${ref} skipped: the policy lab reads only PeerAuthentication, DestinationRule and AuthorizationPolicy`);
    return { rejections: [], warnings };
  } else if (!apiVersion.split('/')[0]!.endsWith('istio.io')) {
    return { ignoredKind: kind, rejections: [], warnings };
  } else {
    return refuse(doc, ref, [{ path: ['kind'], reason: noMatch }]);
  }

  for (const key of Object.keys(v)) {
    if (!['apiVersion', 'kind', 'metadata', 'spec', 'status'].includes(key)) fail([key], unknownField(key));
  }
  const { createdAt } = checkMetadata(doc, v, fail);

  const source = { file: doc.file, line: doc.line };
  const spec = v.spec;
  if (spec !== undefined && spec !== null && !isObj(spec)) fail(['spec'], `spec must be an object, got ${typeName(spec)}`);
  const specObj = isObj(spec) ? spec : {};

  if (isAuthz) {
    const annotations = isObj(metadata?.annotations) ? metadata.annotations : undefined;
    const parsed = validateAuthorizationSpec(specObj, annotations, fail, warnings, ref, where, (path) => doc.sourceOf?.(path));
    if (errors.length) return refuse(doc, ref, errors, warnings);
    const resource: AuthorizationPolicy = { kind: 'AuthorizationPolicy', name: rawName as string, namespace: nsForRef, ref, createdAt, ...parsed, source };
    return { resource, rejections: [], warnings };
  }

  if (isPeer) {
    const parsed = validatePeerSpec(specObj, fail, warnings, ref, where, (path) => doc.sourceOf?.(path));
    if (errors.length) return refuse(doc, ref, errors, warnings);
    const resource: PeerAuthentication = {
      kind: 'PeerAuthentication',
      name: rawName as string,
      namespace: nsForRef,
      ref,
      createdAt,
      ...parsed,
      source,
    };
    return { resource, rejections: [], warnings };
  }

  const parsed = validateDestinationRuleSpec(specObj, fail, warnings, ref, where);
  if (errors.length) return refuse(doc, ref, errors, warnings);
  const resource: DestinationRule = {
    kind: 'DestinationRule',
    name: rawName as string,
    namespace: nsForRef,
    ref,
    createdAt,
    host: parsed.host,
    tlsMode: parsed.tlsMode,
    source,
  };
  return { resource, rejections: [], warnings };
}

function validatePeerSpec(spec: Obj, fail: Fail, warnings: string[], ref: string, where: string, sourceOf: (path: Path) => string | undefined) {
  for (const key of Object.keys(spec)) {
    if (!['selector', 'mtls', 'portLevelMtls'].includes(key)) {
      const hint = key === 'targetRef' || key === 'targetRefs' ? ' (PeerAuthentication has no targetRef; use selector.matchLabels)' : '';
      fail(['spec', key], unknownField(`spec.${key}`) + hint);
    }
  }

  // selector
  let selector: Record<string, string> | null = null;
  const sel = spec.selector;
  if (sel !== undefined && sel !== null) {
    if (!isObj(sel)) fail(['spec', 'selector'], `spec.selector must be an object, got ${typeName(sel)}`);
    else {
      for (const key of Object.keys(sel)) if (key !== 'matchLabels') fail(['spec', 'selector', key], unknownField(`spec.selector.${key}`));
      const labels = sel.matchLabels;
      if (labels !== undefined && labels !== null && !isObj(labels)) {
        fail(['spec', 'selector', 'matchLabels'], `spec.selector.matchLabels must be an object, got ${typeName(labels)}`);
      } else if (isObj(labels) && Object.keys(labels).length > 0) {
        selector = selectorLabels(labels, fail, sourceOf);
      } else {
        // istiod's webhook: valid, but it selects nothing in particular, so it acts as a namespace/mesh policy.
        warnings.push(`${where}: ${ref}: workload selector specified without labels (treated as no selector)`);
      }
    }
  }

  const mode = validateMtls(spec.mtls, ['spec', 'mtls'], fail);

  // portLevelMtls
  const portLevelMtls: Record<number, PeerMode | undefined> = {};
  const plm = spec.portLevelMtls;
  if (plm !== undefined && plm !== null) {
    if (!isObj(plm)) fail(['spec', 'portLevelMtls'], `spec.portLevelMtls must be an object keyed by port, got ${typeName(plm)}`);
    else {
      const keys = Object.keys(plm);
      if (keys.length === 0) fail(['spec', 'portLevelMtls'], 'spec.portLevelMtls in body should have at least 1 properties');
      for (const key of keys) {
        const path = ['spec', 'portLevelMtls', key];
        if (!/^-?\d+$/.test(key)) {
          fail(path, `type conversion error from "${key}" to port number: portLevelMtls keys must be numbers`);
          continue;
        }
        const port = Number(key);
        if (port < 1 || port > 65535) {
          fail(path, `port must be between 1-65535 (got ${key})`);
          continue;
        }
        portLevelMtls[port] = validateMtls(plm[key], path, fail);
      }
      // CRD CEL rule; istiod says "mesh/namespace peer authentication cannot have port level mTLS".
      if (selector === null) fail(['spec', 'portLevelMtls'], 'portLevelMtls requires selector');
    }
  }
  return { selector, hasSelectorField: sel !== undefined && sel !== null, mode, portLevelMtls };
}

function validateMtls(mtls: unknown, path: Path, fail: Fail): PeerMode | undefined {
  if (mtls === undefined || mtls === null) return undefined;
  if (!isObj(mtls)) {
    fail(path, `${path.join('.')} must be an object such as {mode: STRICT}, got ${typeName(mtls)}`);
    return undefined;
  }
  for (const key of Object.keys(mtls)) if (key !== 'mode') fail([...path, key], unknownField(`${path.join('.')}.${key}`));
  const mode = mtls.mode;
  if (mode === undefined || mode === null) return undefined;
  if (typeof mode !== 'string' || !(PEER_MODES as readonly string[]).includes(mode)) {
    fail([...path, 'mode'], unsupported(mode, PEER_MODES));
    return undefined;
  }
  return mode as PeerMode;
}

function validateDestinationRuleSpec(spec: Obj, fail: Fail, warnings: string[], ref: string, where: string) {
  const host = spec.host;
  if (typeof host !== 'string' || host.trim() === '') fail(['spec', 'host'], 'spec.host is required (the service the rule applies to)');
  let tlsMode: ClientTlsMode | undefined;
  const tp = spec.trafficPolicy;
  if (tp !== undefined && tp !== null) {
    if (!isObj(tp)) fail(['spec', 'trafficPolicy'], `spec.trafficPolicy must be an object, got ${typeName(tp)}`);
    else {
      const tls = tp.tls;
      if (tls !== undefined && tls !== null) {
        if (!isObj(tls)) fail(['spec', 'trafficPolicy', 'tls'], `spec.trafficPolicy.tls must be an object, got ${typeName(tls)}`);
        else {
          // A tls block without a mode means DISABLE (the proto default): it still overrides auto mTLS.
          const mode = tls.mode ?? 'DISABLE';
          if (typeof mode !== 'string' || !(CLIENT_TLS_MODES as readonly string[]).includes(mode)) {
            fail(['spec', 'trafficPolicy', 'tls', 'mode'], unsupported(mode, CLIENT_TLS_MODES));
          } else tlsMode = mode as ClientTlsMode;
        }
      }
      if (tp.portLevelSettings !== undefined) {
        warnings.push(`${where}: ${ref}: trafficPolicy.portLevelSettings is keyed by the Service port, which this lab does not model; only trafficPolicy.tls is used`);
      }
    }
  }
  if (Array.isArray(spec.subsets) && spec.subsets.some((s) => isObj(s) && s.trafficPolicy !== undefined)) {
    warnings.push(`${where}: ${ref}: subset trafficPolicy is not modelled; only the top-level trafficPolicy.tls is used`);
  }
  return { host: typeof host === 'string' ? host.trim() : '', tlsMode };
}

function refuse(doc: RawDocument, policy: string, errors: { path: Path; reason: string }[], warnings: string[] = []): ValidationResult {
  return { rejections: refusals(doc, policy, errors), warnings };
}
