/**
 * AuthorizationPolicy admission, as the CRD schema (istio/api crd-all.gen.yaml: enums, maxItems, CEL rules) and
 * istiod's webhook do it (istio/istio pkg/config/validation/validation.go ValidateAuthorizationPolicy,
 * checkDryRunAnnotation; pkg/config/security/security.go for values), with their messages. Pure.
 */
import { isObj, selectorLabels, typeName, unknownField, unsupported, type Fail, type Obj, type Path } from '../admission.js';
import {
  AUTHZ_ACTIONS,
  OPERATION_FIELDS,
  SOURCE_FIELDS,
  type AuthzAction,
  type AuthzCondition,
  type AuthzOperation,
  type AuthzRule,
  type AuthzSource,
  type PolicyTargetRef,
} from './types.js';

export const AUTHORIZATION_POLICY_VERSIONS = ['security.istio.io/v1', 'security.istio.io/v1beta1'];
export const DRY_RUN_ANNOTATION = 'istio.io/dry-run';

const MAX_RULES = 512;
const MAX_FROM = 512;
const MAX_TARGET_REFS = 16;
/** Group and kind a targetRef may name (validation.go allowedTargetRefs); "" is the core group. */
const TARGET_KINDS: { group: string; kind: string }[] = [
  { group: '', kind: 'Service' },
  { group: 'networking.istio.io', kind: 'ServiceEntry' },
  { group: 'gateway.networking.k8s.io', kind: 'Gateway' },
  { group: 'gateway.networking.k8s.io', kind: 'GatewayClass' },
];
/** The `when` keys Istio knows (security.go ValidateAttribute); prefixed ones take a [name]. */
const KNOWN_KEYS = [
  'source.ip',
  'remote.ip',
  'source.namespace',
  'source.serviceAccount',
  'source.principal',
  'source.trustDomain',
  'request.auth.principal',
  'request.auth.audiences',
  'request.auth.presenter',
  'destination.ip',
  'destination.port',
  'connection.sni',
];
const MAP_KEYS = ['request.headers', 'request.auth.claims', 'experimental.envoy.filters.'];

/** Go's strconv.ParseBool, which istiod uses for the dry-run annotation. */
const GO_BOOLS: Record<string, boolean> = { '1': true, t: true, T: true, TRUE: true, true: true, True: true, '0': false, f: false, F: false, FALSE: false, false: false, False: false };

export interface ParsedAuthorizationSpec {
  selector: Record<string, string> | null;
  targetRefs: PolicyTargetRef[];
  action: AuthzAction;
  provider: string | null;
  rules: AuthzRule[];
  dryRun: boolean;
}

/** A list of strings at `path`, or undefined when absent; a wrong type is an error. */
function strings(value: unknown, path: Path, fail: Fail): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) {
    fail(path, `${path.join('.')} must be a list of strings, got ${typeName(value)}`);
    return undefined;
  }
  const out: string[] = [];
  value.forEach((item, i) => {
    if (typeof item === 'string') out.push(item);
    else fail([...path, i], `Invalid value: "${typeName(item)}": ${path.join('.')}[${i}] must be of type string${typeof item === 'number' ? ` (quote it: "${item}")` : ''}`);
  });
  return out;
}

function objectList(value: unknown, path: Path, fail: Fail): unknown[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) {
    fail(path, `${path.join('.')} must be a list, got ${typeName(value)}`);
    return undefined;
  }
  return value;
}

export function validateAuthorizationSpec(
  spec: Obj,
  annotations: Obj | undefined,
  fail: Fail,
  warnings: string[],
  ref: string,
  where: string,
  sourceOf: (path: Path) => string | undefined,
): ParsedAuthorizationSpec {
  for (const key of Object.keys(spec)) {
    if (!['selector', 'targetRef', 'targetRefs', 'action', 'provider', 'rules'].includes(key)) fail(['spec', key], unknownField(`spec.${key}`));
  }

  // action (the proto default, 0, is ALLOW)
  let action: AuthzAction = 'ALLOW';
  if (spec.action !== undefined && spec.action !== null) {
    if (typeof spec.action !== 'string' || !(AUTHZ_ACTIONS as readonly string[]).includes(spec.action)) fail(['spec', 'action'], unsupported(spec.action, AUTHZ_ACTIONS));
    else action = spec.action as AuthzAction;
  }

  // selector
  let selector: Record<string, string> | null = null;
  const sel = spec.selector;
  if (sel !== undefined && sel !== null) {
    if (!isObj(sel)) fail(['spec', 'selector'], `spec.selector must be an object, got ${typeName(sel)}`);
    else {
      for (const key of Object.keys(sel)) if (key !== 'matchLabels') fail(['spec', 'selector', key], unknownField(`spec.selector.${key}`));
      const labels = sel.matchLabels;
      if (labels !== undefined && labels !== null && !isObj(labels)) fail(['spec', 'selector', 'matchLabels'], `spec.selector.matchLabels must be an object, got ${typeName(labels)}`);
      selector = isObj(labels) ? selectorLabels(labels, fail, sourceOf) : {};
      if (Object.keys(selector).length === 0) warnings.push(`${where}: ${ref}: workload selector specified without labels (it selects every workload in scope)`);
    }
  }

  // targetRef / targetRefs
  const targetRefs: PolicyTargetRef[] = [];
  const readTargetRef = (value: unknown, path: Path) => {
    if (!isObj(value)) {
      fail(path, `${path.join('.')} must be an object with kind and name, got ${typeName(value)}`);
      return;
    }
    for (const key of Object.keys(value)) if (!['group', 'kind', 'name', 'namespace'].includes(key)) fail([...path, key], unknownField(`${path.join('.')}.${key}`));
    const group = typeof value.group === 'string' ? value.group : '';
    const kind = typeof value.kind === 'string' ? value.kind : '';
    const name = typeof value.name === 'string' ? value.name : '';
    if (name === '') fail([...path, 'name'], 'targetRef name must be set');
    if (kind === '') fail([...path, 'kind'], 'Required value: targetRef kind must be set');
    if (value.namespace !== undefined && value.namespace !== null && value.namespace !== '') {
      fail([...path, 'namespace'], 'cross namespace referencing is not currently supported');
    }
    const canonical = group === 'core' ? '' : group;
    if (kind !== '' && !TARGET_KINDS.some((t) => t.group === canonical && t.kind === kind)) {
      fail([...path, 'kind'], `targetRef must be to one of ${TARGET_KINDS.map((t) => `${t.group || 'core'}/${t.kind}`).join(', ')} but was ${group}/${kind}`);
    }
    targetRefs.push({ group: canonical, kind, name });
  };
  if (spec.targetRef !== undefined && spec.targetRef !== null) readTargetRef(spec.targetRef, ['spec', 'targetRef']);
  const refs = objectList(spec.targetRefs, ['spec', 'targetRefs'], fail);
  if (refs) {
    if (refs.length > MAX_TARGET_REFS) fail(['spec', 'targetRefs'], `Too many: ${refs.length}: must have at most ${MAX_TARGET_REFS} items`);
    refs.forEach((r, i) => readTargetRef(r, ['spec', 'targetRefs', i]));
  }
  const kindsSet = [sel !== undefined && sel !== null, spec.targetRef !== undefined && spec.targetRef !== null, !!refs && refs.length > 0].filter(Boolean).length;
  if (kindsSet > 1) fail(['spec'], 'only one of targetRefs or selector can be set');

  // provider
  let provider: string | null = null;
  if (spec.provider !== undefined && spec.provider !== null) {
    if (!isObj(spec.provider)) fail(['spec', 'provider'], `spec.provider must be an object such as {name: my-ext-authz}, got ${typeName(spec.provider)}`);
    else {
      for (const key of Object.keys(spec.provider)) if (key !== 'name') fail(['spec', 'provider', key], unknownField(`spec.provider.${key}`));
      provider = typeof spec.provider.name === 'string' ? spec.provider.name : '';
    }
    if (action !== 'CUSTOM') fail(['spec', 'provider'], `\`provider\` must not be with non CUSTOM action, found ${action}`);
  }

  // rules
  const rawRules = objectList(spec.rules, ['spec', 'rules'], fail);
  const rules: AuthzRule[] = [];
  if (rawRules && rawRules.length > MAX_RULES) fail(['spec', 'rules'], `Too many: ${rawRules.length}: must have at most ${MAX_RULES} items`);
  (rawRules ?? []).forEach((raw, i) => {
    const rule = validateRule(raw, i, action, fail, warnings, ref, where);
    if (rule) rules.push(rule);
  });
  // istiod decodes the object with protojson, where an empty list is no list: `rules: []` is "no rules".
  const noRules = rawRules === undefined || rawRules.length === 0;
  if (action === 'CUSTOM') {
    if (noRules) {
      fail(['spec', 'rules'], 'CUSTOM action without `rules` is meaningless as it will never be triggered, add an empty rule `{}` if you want it be triggered for every request');
    } else if (!provider) fail(['spec', 'provider', 'name'], '`provider.name` must not be empty');
  }
  if (action === 'DENY' && noRules) {
    fail(['spec', 'rules'], 'DENY action without `rules` is meaningless as it will never be triggered, add an empty rule `{}` if you want it be triggered for every request');
  }

  // istio.io/dry-run: ALLOW and DENY only, and a value Go's ParseBool reads.
  let dryRun = false;
  const value = annotations?.[DRY_RUN_ANNOTATION];
  if (value !== undefined) {
    const path = ['metadata', 'annotations', DRY_RUN_ANNOTATION];
    if (action !== 'ALLOW' && action !== 'DENY') fail(path, `the annotation ${DRY_RUN_ANNOTATION} currently only supports action ALLOW/DENY, found action ${action} in ${ref}`);
    else if (typeof value !== 'string' || !(value in GO_BOOLS)) fail(path, `${ref} has annotation ${DRY_RUN_ANNOTATION} with invalid value (${String(value)}): strconv.ParseBool: parsing "${String(value)}": invalid syntax`);
    else dryRun = GO_BOOLS[value]!;
  }
  return { selector, targetRefs, action, provider, rules, dryRun };
}

function validateRule(raw: unknown, i: number, action: AuthzAction, fail: Fail, warnings: string[], ref: string, where: string): AuthzRule | undefined {
  const path: Path = ['spec', 'rules', i];
  if (raw === null || raw === undefined) {
    fail(path, `\`rule\` must not be nil, found at rule ${i}`);
    return undefined;
  }
  if (!isObj(raw)) {
    fail(path, `spec.rules[${i}] must be an object with from, to and when, got ${typeName(raw)}`);
    return undefined;
  }
  for (const key of Object.keys(raw)) if (!['from', 'to', 'when'].includes(key)) fail([...path, key], unknownField(`spec.rules[${i}].${key}`));
  const rule: AuthzRule = { from: [], to: [], when: [] };
  let tcpInFrom = false;
  let tcpInTo = false;

  // `from: []` and `to: []` decode to no list at all (protojson), so they mean "any source" / "any operation";
  // the webhook's "must not be empty" checks only fire for objects built in Go.
  const froms = objectList(raw.from, [...path, 'from'], fail);
  if (froms && froms.length > MAX_FROM) fail([...path, 'from'], `Too many: ${froms.length}: must have at most ${MAX_FROM} items`);
  (froms ?? []).forEach((from, j) => {
    const at: Path = [...path, 'from', j];
    if (!isObj(from)) {
      fail(at, `\`from\` must not be nil, found at rule ${i}`);
      return;
    }
    for (const key of Object.keys(from)) if (key !== 'source') fail([...at, key], unknownField(`spec.rules[${i}].from[${j}].${key}`));
    if (!isObj(from.source)) {
      fail([...at, 'source'], `\`from.source\` must not be nil, found at rule ${i}`);
      return;
    }
    const src: AuthzSource = {};
    for (const key of Object.keys(from.source)) if (!(SOURCE_FIELDS as readonly string[]).includes(key)) fail([...at, 'source', key], unknownField(`spec.rules[${i}].from[${j}].source.${key}`));
    for (const field of SOURCE_FIELDS) {
      const values = strings(from.source[field], [...at, 'source', field], fail);
      if (values) src[field] = values;
    }
    const fieldPath = (field: string): Path => [...at, 'source', field];
    const has = (field: keyof AuthzSource) => (src[field]?.length ?? 0) > 0;
    if ((has('principals') || has('notPrincipals') || has('namespaces') || has('notNamespaces')) && (has('serviceAccounts') || has('notServiceAccounts'))) {
      fail([...at, 'source'], `cannot set serviceAccounts with namespaces or principals, found at rule ${i}`);
    }
    if (!SOURCE_FIELDS.some((f) => has(f))) fail([...at, 'source'], `\`from.source\` must not be empty, found at rule ${i}`);
    for (const field of ['ipBlocks', 'notIpBlocks', 'remoteIpBlocks', 'notRemoteIpBlocks'] as const) {
      for (const problem of ipProblems(src[field] ?? [])) fail(fieldPath(field), problem);
    }
    for (const field of ['principals', 'requestPrincipals', 'namespaces', 'ipBlocks', 'remoteIpBlocks', 'notPrincipals', 'notRequestPrincipals', 'notNamespaces', 'notIpBlocks', 'notRemoteIpBlocks'] as const) {
      const problem = emptyValue(cap(field), src[field]);
      if (problem) fail(fieldPath(field), problem);
    }
    for (const field of ['serviceAccounts', 'notServiceAccounts'] as const) {
      const problem = serviceAccountProblem(cap(field), src[field] ?? []);
      if (problem) fail(fieldPath(field), problem);
    }
    for (const field of ['trustDomains', 'notTrustDomains'] as const) {
      const problem = trustDomainProblem(cap(field), src[field] ?? []);
      if (problem) fail(fieldPath(field), problem);
    }
    // Only these survive on a TCP chain (validation.go tcpRulesInFrom): the others are HTTP attributes.
    if (['notPrincipals', 'principals', 'ipBlocks', 'notIpBlocks', 'namespaces', 'notNamespaces', 'remoteIpBlocks', 'notRemoteIpBlocks', 'serviceAccounts', 'notServiceAccounts'].some((f) => src[f as keyof AuthzSource] !== undefined)) {
      tcpInFrom = true;
    }
    if (action === 'CUSTOM') {
      for (const field of ['namespaces', 'notNamespaces', 'serviceAccounts', 'notServiceAccounts', 'trustDomains', 'notTrustDomains', 'principals', 'notPrincipals', 'requestPrincipals', 'notRequestPrincipals'] as const) {
        if (has(field)) fail(fieldPath(field), `From.${cap(field)} is currently not supported with CUSTOM action`);
      }
    }
    rule.from.push(src);
  });

  const tos = objectList(raw.to, [...path, 'to'], fail);
  (tos ?? []).forEach((to, j) => {
    const at: Path = [...path, 'to', j];
    if (!isObj(to)) {
      fail(at, `\`to\` must not be nil, found at rule ${i}`);
      return;
    }
    for (const key of Object.keys(to)) if (key !== 'operation') fail([...at, key], unknownField(`spec.rules[${i}].to[${j}].${key}`));
    if (!isObj(to.operation)) {
      fail([...at, 'operation'], `\`to.operation\` must not be nil, found at rule ${i}`);
      return;
    }
    const op: AuthzOperation = {};
    for (const key of Object.keys(to.operation)) if (!(OPERATION_FIELDS as readonly string[]).includes(key)) fail([...at, 'operation', key], unknownField(`spec.rules[${i}].to[${j}].operation.${key}`));
    for (const field of OPERATION_FIELDS) {
      const values = strings(to.operation[field], [...at, 'operation', field], fail);
      if (values) op[field] = values;
    }
    const fieldPath = (field: string): Path => [...at, 'operation', field];
    if (!OPERATION_FIELDS.some((f) => (op[f]?.length ?? 0) > 0)) fail([...at, 'operation'], `\`to.operation\` must not be empty, found at rule ${i}`);
    for (const field of ['ports', 'notPorts'] as const) for (const problem of portProblems(op[field] ?? [])) fail(fieldPath(field), problem);
    for (const field of OPERATION_FIELDS) {
      const problem = emptyValue(cap(field), op[field]);
      if (problem) fail(fieldPath(field), problem);
    }
    for (const field of ['paths', 'notPaths'] as const) {
      const problem = pathTemplateProblem(cap(field), op[field] ?? []);
      if (problem) fail(fieldPath(field), problem);
    }
    if (op.ports !== undefined || op.notPorts !== undefined) tcpInTo = true;
    rule.to.push(op);
  });

  const whens = objectList(raw.when, [...path, 'when'], fail);
  (whens ?? []).forEach((when, j) => {
    const at: Path = [...path, 'when', j];
    if (!isObj(when)) {
      fail(at, action === 'CUSTOM' ? 'when field cannot be nil' : `spec.rules[${i}].when[${j}] must be an object with key and values, got ${typeName(when)}`);
      return;
    }
    for (const key of Object.keys(when)) if (!['key', 'values', 'notValues'].includes(key)) fail([...at, key], unknownField(`spec.rules[${i}].when[${j}].${key}`));
    if (when.key === undefined || when.key === null) {
      fail([...at, 'key'], `Required value: spec.rules[${i}].when[${j}].key`);
      return;
    }
    if (typeof when.key !== 'string') {
      fail([...at, 'key'], `Invalid value: "${typeName(when.key)}": key must be of type string`);
      return;
    }
    const key = when.key;
    const values = strings(when.values, [...at, 'values'], fail) ?? [];
    const notValues = strings(when.notValues, [...at, 'notValues'], fail) ?? [];
    if (key === '') fail([...at, 'key'], '`key` must not be empty');
    else if (values.length === 0 && notValues.length === 0) fail(at, `at least one of \`values\` or \`notValues\` must be set for key ${key}`);
    else {
      const bad = attributeProblem(key, values);
      if (bad) fail([...at, 'values'], `invalid \`value\` for \`key\` ${key}: ${bad}`);
      const badNot = attributeProblem(key, notValues);
      if (badNot) fail([...at, 'notValues'], `invalid \`notValue\` for \`key\` ${key}: ${badNot}`);
    }
    if (action === 'CUSTOM' && (['source.namespace', 'source.serviceAccount', 'source.trustDomain', 'source.principal'].includes(key) || key.startsWith('request.auth.'))) {
      fail([...at, 'key'], `${key} is currently not supported with CUSTOM action`);
    }
    rule.when.push({ key, values, notValues } satisfies AuthzCondition);
  });

  const fromExists = rule.from.length > 0;
  const toExists = rule.to.length > 0;
  if (action === 'DENY' && ((fromExists && !toExists && !tcpInFrom) || (toExists && !tcpInTo))) {
    warnings.push(
      `${where}: ${ref}: spec.rules[${i}]: configured AuthorizationPolicy will deny all traffic to TCP ports under its scope due to the use of only HTTP attributes in a DENY rule; it is recommended to explicitly specify the port`,
    );
  }
  return rule;
}

function cap(field: string): string {
  return field.charAt(0).toUpperCase() + field.slice(1);
}

/** security.go CheckEmptyValues. */
function emptyValue(key: string, values: string[] | undefined): string | undefined {
  return values?.some((v) => v === '') ? `empty value not allowed, found in ${key}` : undefined;
}

/** security.go CheckWildcardValues. */
function wildcardProblem(key: string, values: string[]): string | undefined {
  const empty = emptyValue(key, values);
  if (empty) return empty;
  for (const value of values) {
    const count = value.split('*').length - 1;
    if (count > 1) return `at most one wildcard is allowed, found in ${key}: "${value}"`;
    if (count === 1 && value !== '*' && !value.startsWith('*') && !value.endsWith('*')) return `wildcard is only allowed at the start or end, found in ${key}: "${value}"`;
  }
  return undefined;
}

/** security.go CheckTrustDomainValues. */
function trustDomainProblem(key: string, values: string[]): string | undefined {
  const wildcard = wildcardProblem(key, values);
  if (wildcard) return wildcard;
  const slash = values.find((v) => v.includes('/'));
  return slash === undefined ? undefined : `trust domain must not contain '/', found in ${key}: "${slash}"`;
}

/** security.go CheckServiceAccount. */
function serviceAccountProblem(key: string, values: string[]): string | undefined {
  if (values.length > 16) return 'may not have more than 16 values';
  for (const value of values) {
    if (value === '') return `empty value not allowed, found in ${key}`;
    if (value.includes('*')) return `wildcard not allowed, found in ${key}`;
    const slashes = value.split('/').length - 1;
    if (slashes > 1) return `expected format 'serviceAccount' or 'namespace/serviceAccount', found "${value}" in ${key}`;
    if (value.length > 320) return `value cannot exceed 320 characters, found "${value}" in ${key}`;
    const [ns, sa] = value.split('/');
    if (slashes === 1 && ns === '') return `expected format 'serviceAccount' or 'namespace/serviceAccount', found empty namespace "${value}" in ${key}`;
    if (slashes === 1 && sa === '') return `expected format 'serviceAccount' or 'namespace/serviceAccount', found empty serviceAccount "${value}" in ${key}`;
  }
  return undefined;
}

/** security.go ValidateIPs: an IP address, or a CIDR range when there is a "/". */
export function ipProblems(values: string[]): string[] {
  const out: string[] = [];
  for (const v of values) {
    if (v.includes('/')) {
      if (!parseCidr(v)) out.push(`bad CIDR range (${v}): netip.ParsePrefix("${v}"): not a valid prefix`);
    } else if (!parseIp(v)) out.push(`bad IP address (${v})`);
  }
  return out;
}

/** security.go ValidatePorts: a decimal number up to 65535. */
export function portProblems(values: string[]): string[] {
  // istiod prints Go's error, which is <nil> for a number that parses but is above 65535.
  return values.filter((p) => !/^\d+$/.test(p) || Number(p) > 65535).map((p) => `bad port (${p}): ${/^\d+$/.test(p) ? '<nil>' : `strconv.ParseUint: parsing "${p}": invalid syntax`}`);
}

const MATCH_ONE = '{*}';
const MATCH_ANY = '{**}';
const VALID_LITERAL = /^[a-zA-Z0-9\-._~%!$&'()+,;:@=]+$/;

export function containsPathTemplate(value: string): boolean {
  return value.includes(MATCH_ONE) || value.includes(MATCH_ANY);
}

/** security.go CheckValidPathTemplate. */
function pathTemplateProblem(key: string, paths: string[]): string | undefined {
  for (const raw of paths) {
    const template = containsPathTemplate(raw);
    let anySeen = false;
    const path = raw.replace(/^\/+|\/+$/g, '');
    for (const glob of path.split('/')) {
      if (glob === MATCH_ONE && !anySeen) continue;
      if (glob === MATCH_ANY && !anySeen) {
        anySeen = true;
        continue;
      }
      if ((glob === MATCH_ANY || glob === MATCH_ONE) && anySeen) return `invalid or unsupported path ${path}, found in ${key}. {**} is not the last operator`;
      if (/[{}]/.test(glob)) return `invalid or unsupported path ${path}, found in ${key}. Contains '{' or '}' beyond a supported path template`;
      if (template && !VALID_LITERAL.test(glob)) return `invalid or unsupported path ${path}, found in ${key}. Contains segment ${glob} with invalid string literal`;
    }
  }
  return undefined;
}

/** security.go ValidateAttribute: the `when` keys and what their values must look like. */
function attributeProblem(key: string, values: string[]): string | undefined {
  const empty = emptyValue(key, values);
  if (empty) return empty;
  const mapKey = MAP_KEYS.find((prefix) => key.startsWith(prefix));
  if (mapKey) {
    const open = key.indexOf('[');
    return key.endsWith(']') && open > 0 && open < key.length - 2 ? undefined : `bad key (${key}): should have format a[b]`;
  }
  if (key === 'source.ip' || key === 'remote.ip' || key === 'destination.ip') return ipProblems(values)[0];
  if (key === 'destination.port') return portProblems(values)[0];
  if (key === 'source.serviceAccount') return serviceAccountProblem(key, values);
  if (key === 'source.trustDomain') return wildcardProblem(key, values);
  if (KNOWN_KEYS.includes(key)) return undefined;
  if (key === 'destination.namespace') return `attribute ${key} is replaced by the metadata.namespace`;
  if (key.startsWith('destination.labels')) return `attribute ${key} is replaced by the workload selector`;
  if (key === 'destination.name' || key === 'destination.user') return `deprecated attribute ${key}: only supported in v1alpha1`;
  return `unknown attribute: ${key}`;
}

/** An IPv4 or IPv6 address as Go's netip.ParseAddr reads it, as bytes; null when it is not one. */
export function parseIp(text: string): number[] | null {
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(text)) {
    const parts = text.split('.').map(Number);
    // netip rejects leading zeros ("010.0.0.1") as ambiguous.
    if (parts.some((p) => p > 255) || text.split('.').some((p) => p.length > 1 && p.startsWith('0'))) return null;
    return parts;
  }
  if (!text.includes(':') || /[^0-9a-fA-F:.%]/.test(text)) return null;
  const zone = text.indexOf('%');
  const addr = zone >= 0 ? text.slice(0, zone) : text;
  let tail: number[] = [];
  let head = addr;
  const lastColon = addr.lastIndexOf(':');
  if (addr.slice(lastColon + 1).includes('.')) {
    const v4 = parseIp(addr.slice(lastColon + 1));
    if (!v4) return null;
    tail = v4;
    head = `${addr.slice(0, lastColon + 1)}0:0`;
  }
  const halves = head.split('::');
  if (halves.length > 2) return null;
  const groups = (s: string) => (s === '' ? [] : s.split(':'));
  const left = groups(halves[0]!);
  const right = halves.length === 2 ? groups(halves[1]!) : [];
  if ([...left, ...right].some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return null;
  const missing = 8 - left.length - right.length;
  if ((halves.length === 1 && missing !== 0) || (halves.length === 2 && missing < 1)) return null;
  const words = [...left, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...right].map((g) => parseInt(g, 16));
  const bytes = words.flatMap((w) => [w >> 8, w & 0xff]);
  if (tail.length) bytes.splice(12, 4, ...tail);
  return bytes;
}

/** A CIDR range as netip.ParsePrefix reads it; null when it is not one. */
export function parseCidr(text: string): { bytes: number[]; bits: number } | null {
  const slash = text.indexOf('/');
  if (slash < 0) return null;
  const addr = text.slice(0, slash);
  const bitsText = text.slice(slash + 1);
  if (addr.includes('%')) return null; // zones are not allowed in a prefix
  const bytes = parseIp(addr);
  if (!bytes || !/^\d+$/.test(bitsText) || (bitsText.length > 1 && bitsText.startsWith('0'))) return null;
  const bits = Number(bitsText);
  return bits <= bytes.length * 8 ? { bytes, bits } : null;
}
