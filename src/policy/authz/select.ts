/**
 * Which AuthorizationPolicies a workload's proxy enforces (istio/istio pilot/pkg/model/authorization.go
 * ListAuthorizationPolicies and policyattachment.go ShouldAttachPolicy): only policies in the root namespace and in
 * the workload's namespace are looked at; a root-namespace policy applies mesh-wide (its selector, if any, is
 * matched against workloads in every namespace); a sidecar ignores any policy with targetRef(s); a Gateway API
 * gateway (label gateway.networking.k8s.io/gateway-name) takes the policies that target its Gateway, and otherwise
 * selector policies. Pure.
 */
import type { Workload } from '../types.js';
import type { AuthorizationPolicy } from './types.js';

export const GATEWAY_NAME_LABEL = 'gateway.networking.k8s.io/gateway-name';

export interface PolicySelection {
  policy: AuthorizationPolicy;
  applies: boolean;
  /** One sentence: why it applies or not. */
  reason: string;
}

/** model.sortConfigByCreationTime: oldest first, then by name, then namespace. */
export function byCreation(a: AuthorizationPolicy, b: AuthorizationPolicy): number {
  const ta = a.createdAt ?? Number.POSITIVE_INFINITY;
  const tb = b.createdAt ?? Number.POSITIVE_INFINITY;
  if (ta !== tb) return ta < tb ? -1 : 1;
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  return a.namespace < b.namespace ? -1 : a.namespace > b.namespace ? 1 : 0;
}

function labelMismatch(selector: Record<string, string>, labels: Record<string, string>): string | null {
  for (const [key, want] of Object.entries(selector)) {
    const have = labels[key];
    if (have === undefined) return `the workload has no label ${key}=${want}`;
    if (have !== want) return `label ${key}=${have} is not ${key}=${want} (exact, case-sensitive)`;
  }
  return null;
}

export function selectPolicies(policies: readonly AuthorizationPolicy[], workload: Pick<Workload, 'namespace' | 'labels'>, rootNamespace: string): PolicySelection[] {
  const gateway = workload.labels[GATEWAY_NAME_LABEL];
  return [...policies].sort(byCreation).map((policy) => {
    const no = (reason: string): PolicySelection => ({ policy, applies: false, reason });
    const yes = (reason: string): PolicySelection => ({ policy, applies: true, reason });
    const inRoot = policy.namespace === rootNamespace;
    if (!inRoot && policy.namespace !== workload.namespace) {
      return no(`in namespace ${policy.namespace}: only the workload's namespace (${workload.namespace}) and the root namespace (${rootNamespace}) are looked at`);
    }
    const scope = inRoot ? `in the root namespace (${rootNamespace}), so it applies mesh-wide` : `in the workload's namespace`;
    if (gateway === undefined) {
      if (policy.targetRefs.length > 0) {
        const target = policy.targetRefs.map((t) => `${t.kind}/${t.name}`).join(', ');
        return no(`it has targetRef(s) (${target}): a sidecar ignores such policies; they attach to gateways and waypoints`);
      }
    } else if (policy.targetRefs.length > 0) {
      const hit = policy.targetRefs.find((t) => t.group === 'gateway.networking.k8s.io' && t.kind === 'Gateway' && t.name === gateway);
      if (hit && policy.namespace === workload.namespace) return yes(`it targets Gateway ${gateway}, the gateway this workload runs`);
      return no(`its targetRef(s) do not name Gateway ${gateway} in ${workload.namespace}`);
    }
    if (policy.selector === null) return yes(`no selector, ${scope}: every workload ${inRoot ? 'in the mesh' : `in ${workload.namespace}`}`);
    if (Object.keys(policy.selector).length === 0) return yes(`a selector without labels, ${scope}: it selects every workload`);
    const miss = labelMismatch(policy.selector, workload.labels);
    if (miss) return no(`selector does not match: ${miss}`);
    const labels = Object.entries(policy.selector).map(([k, v]) => `${k}=${v}`).join(', ');
    return yes(`selector {${labels}} matches the workload's labels, ${scope}`);
  });
}
