/** AuthorizationPolicy as admitted (istio/api security/v1 authorization_policy.proto), and the request it is asked about. */
import type { SourceLocation } from '../types.js';

export const AUTHZ_ACTIONS = ['ALLOW', 'DENY', 'AUDIT', 'CUSTOM'] as const;
export type AuthzAction = (typeof AUTHZ_ACTIONS)[number];

export const SOURCE_FIELDS = [
  'principals',
  'notPrincipals',
  'requestPrincipals',
  'notRequestPrincipals',
  'namespaces',
  'notNamespaces',
  'serviceAccounts',
  'notServiceAccounts',
  'trustDomains',
  'notTrustDomains',
  'ipBlocks',
  'notIpBlocks',
  'remoteIpBlocks',
  'notRemoteIpBlocks',
] as const;
export type SourceField = (typeof SOURCE_FIELDS)[number];

export const OPERATION_FIELDS = ['hosts', 'notHosts', 'ports', 'notPorts', 'methods', 'notMethods', 'paths', 'notPaths'] as const;
export type OperationField = (typeof OPERATION_FIELDS)[number];

/** from[].source: only the fields that were written. */
export type AuthzSource = Partial<Record<SourceField, string[]>>;
/** to[].operation: only the fields that were written. */
export type AuthzOperation = Partial<Record<OperationField, string[]>>;

export interface AuthzCondition {
  key: string;
  values: string[];
  notValues: string[];
}

export interface AuthzRule {
  /** Empty: the rule does not look at the source (any source). */
  from: AuthzSource[];
  /** Empty: the rule does not look at the operation (any operation). */
  to: AuthzOperation[];
  when: AuthzCondition[];
}

export interface PolicyTargetRef {
  group: string;
  kind: string;
  name: string;
}

export interface AuthorizationPolicy {
  kind: 'AuthorizationPolicy';
  name: string;
  namespace: string;
  ref: string;
  createdAt: number | undefined;
  /** matchLabels; null when there is no selector. `{}` (a selector without labels) selects every workload. */
  selector: Record<string, string> | null;
  /** targetRef and targetRefs together (Istio reads the old single targetRef as a one-item list). */
  targetRefs: PolicyTargetRef[];
  /** spec.action; ALLOW when not written (the proto default). */
  action: AuthzAction;
  /** spec.provider.name for CUSTOM. */
  provider: string | null;
  /** spec.rules; empty when absent or `[]` (an ALLOW then matches nothing). */
  rules: AuthzRule[];
  /** metadata.annotations["istio.io/dry-run"] is true: evaluated and reported, never enforced. */
  dryRun: boolean;
  source: SourceLocation;
}

/** The request (and connection) a policy is asked about: what Envoy's RBAC filter sees. */
export interface AuthzRequest {
  /** The peer's SPIFFE ID (spiffe://...) from its verified certificate; null for plaintext. */
  principal: string | null;
  /** The JWT's iss/sub, when a RequestAuthentication validated one; null: no JWT (the lab has none). */
  requestPrincipal: string | null;
  /** source.ip: the connection's peer address. */
  sourceIp: string;
  /** remote.ip: the original client (X-Forwarded-For); the source IP when there is no proxy in front. */
  remoteIp: string;
  /** destination.ip: the workload's address. */
  destinationIp: string;
  /** destination.port: the workload (container) port. */
  port: number;
  /** connection.sni: the TLS server name the client sent; null for plaintext. */
  sni: string | null;
  method: string;
  /** The :path as sent (query string included); matched without the query, normalized as Envoy does. */
  path: string;
  /** The :authority (Host header). */
  host: string;
  /** Request headers, names in lower case. */
  headers: Record<string, string>;
  /** The connection is on a TCP filter chain: HTTP-only fields cannot be evaluated there. */
  tcp: boolean;
}
