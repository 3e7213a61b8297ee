/**
 * PeerAuthentication for ztunnel, checked against istiod's own golden files (istio/istio
 * pilot/pkg/serviceregistry/ambient/testdata/peer-authn-*-in.yaml and their outputs, run by ambientindex_test.go
 * TestRBACConvert the same way: one document alone, or the oldest mesh, namespace and workload policies).
 */
import { describe, expect, it } from 'vitest';
import { convertPeerAuthentication, type ZAuthorization } from '../../../src/policy/ambient/convert.js';
import { loadPolicies } from '../../../src/policy/parse.js';
import type { PeerAuthentication } from '../../../src/policy/types.js';

const ROOT = 'istio-system';

/** As TestRBACConvert picks the policies from one -in.yaml file. */
function convert(yaml: string): ZAuthorization | null {
  const set = loadPolicies([{ path: 'in.yaml', text: yaml }], { defaultNamespace: '' });
  expect(set.rejected).toEqual([]);
  const pols = set.peerAuthentications;
  if (pols.length === 1) return convertPeerAuthentication(ROOT, pols[0]!, null, null);
  let root: PeerAuthentication | null = null;
  let ns: PeerAuthentication | null = null;
  let workload: PeerAuthentication | null = null;
  for (const p of pols) {
    if (p.namespace === ROOT) root ??= p;
    else if (p.hasSelectorField) workload = p;
    else ns ??= p;
  }
  return workload ? convertPeerAuthentication(ROOT, workload, ns, root) : convertPeerAuthentication(ROOT, ns!, null, root);
}

const doc = (name: string, ns: string | null, spec: string) => `apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata:\n  name: ${name}\n${ns ? `  namespace: ${ns}\n` : ''}spec:\n${spec}`;
const mesh = (mode: string) => doc('default-mesh', 'istio-system', `  mtls:\n    mode: ${mode}\n`);
const nsPol = (mode: string) => doc('default-foo', 'foo', `  mtls:\n    mode: ${mode}\n`);
const workload = (name: string, ns: string | null, mode: string | null, ports: [number, string][]) =>
  doc(name, ns, `  selector:\n    matchLabels:\n      app: a\n${mode ? `  mtls:\n    mode: ${mode}\n` : ''}  portLevelMtls:\n${ports.map(([p, m]) => `    ${p}:\n      mode: ${m}\n`).join('')}`);

const NO_PEER = { notPrincipals: [{ presence: true as const }] };
const denyPort = (port: number) => ({ rules: [{ matches: [{ notPrincipals: [{ presence: true as const }], destinationPorts: [port] }] }] });
const out = (name: string, namespace: string, groups: ZAuthorization['groups']): ZAuthorization => ({
  name: `converted_peer_authentication_${name}`,
  namespace,
  scope: 'WORKLOAD_SELECTOR',
  action: 'DENY',
  groups,
});

const GOLDEN: [string, string, ZAuthorization | null][] = [
  ['peer-authn-disable', doc('disable-mtls', null, '  mtls:\n    mode: DISABLE\n'), null],
  ['peer-authn-permissive', doc('permissive-mtls', null, '  mtls:\n    mode: PERMISSIVE\n'), null],
  ['peer-authn-strict', doc('strict-mtls', null, '  mtls:\n    mode: STRICT\n'), null],
  ['peer-authn-strict-workload', doc('strict-mtls', null, '  selector:\n    matchLabels:\n      app: a\n  mtls:\n    mode: STRICT\n'), null],
  ['peer-authn-disable-port-mtls-strict', workload('disable-strict-mtls', null, 'DISABLE', [[9090, 'STRICT']]), out('disable-strict-mtls', '', [denyPort(9090)])],
  ['peer-authn-permissive-port-mtls-strict', workload('permissive-strict-mtls', null, 'PERMISSIVE', [[9090, 'STRICT']]), out('permissive-strict-mtls', '', [denyPort(9090)])],
  [
    'peer-authn-permissive-port-mtls-strict-and-permissive',
    workload('permissive-strict-mtls', null, 'PERMISSIVE', [[9090, 'STRICT'], [8080, 'PERMISSIVE']]),
    out('permissive-strict-mtls', '', [denyPort(9090)]),
  ],
  [
    'peer-authn-strict-and-disable-port-mtls',
    workload('strict-and-disable-mtls', null, 'STRICT', [[9090, 'DISABLE']]),
    out('strict-and-disable-mtls', '', [{ rules: [{ matches: [NO_PEER] }, { matches: [{ notDestinationPorts: [9090] }] }] }]),
  ],
  [
    'peer-authn-strict-and-permissive-port-mtls',
    workload('strict-and-permissive-mtls', null, 'STRICT', [[9090, 'PERMISSIVE']]),
    out('strict-and-permissive-mtls', '', [{ rules: [{ matches: [NO_PEER] }, { matches: [{ notDestinationPorts: [9090] }] }] }]),
  ],
  ['peer-authn-strict-and-strict-port-mtls', workload('strict-mtls', null, 'STRICT', [[8080, 'STRICT']]), null],
  [
    'peer-authn-strict-port-mtls-strict-and-permissive',
    workload('permissive-strict-mtls', null, 'STRICT', [[9090, 'STRICT'], [8080, 'PERMISSIVE']]),
    out('permissive-strict-mtls', '', [{ rules: [{ matches: [NO_PEER] }, { matches: [{ notDestinationPorts: [8080] }] }] }]),
  ],
  ['peer-authn-unset-port-mtls-strict', workload('strict-mtls', null, 'UNSET', [[8080, 'STRICT']]), out('strict-mtls', '', [denyPort(8080)])],
  [
    'peer-authn-permissive-root-permissive-namespace-strict-workload-ports',
    [mesh('PERMISSIVE'), nsPol('PERMISSIVE'), workload('workload', 'foo', null, [[9090, 'STRICT'], [8080, 'STRICT']])].join('---\n'),
    out('workload', 'foo', [denyPort(8080), denyPort(9090)]),
  ],
  ['peer-authn-permissive-root-permissive-workload', [mesh('PERMISSIVE'), workload('workload', 'foo', null, [[9090, 'PERMISSIVE']])].join('---\n'), null],
  [
    'peer-authn-permissive-root-strict-namespace-permissive-workload',
    [mesh('PERMISSIVE'), nsPol('STRICT'), workload('workload', 'foo', null, [[9090, 'PERMISSIVE']])].join('---\n'),
    out('workload', 'foo', [{ rules: [{ matches: [{ notDestinationPorts: [9090] }] }, { matches: [NO_PEER] }] }]),
  ],
  [
    'peer-authn-permissive-root-unset-namespace-mixed-workload-ports',
    [mesh('PERMISSIVE'), nsPol('UNSET'), workload('workload', 'foo', null, [[9090, 'STRICT'], [8080, 'PERMISSIVE']])].join('---\n'),
    out('workload', 'foo', [denyPort(9090)]),
  ],
  [
    'peer-authn-strict-root-permissive-namespace-strict-workload',
    [mesh('STRICT'), nsPol('PERMISSIVE'), workload('workload', 'foo', null, [[9090, 'STRICT']])].join('---\n'),
    out('workload', 'foo', [denyPort(9090)]),
  ],
  [
    'peer-authn-strict-root-permissive-workload',
    [mesh('STRICT'), workload('workload', 'foo', null, [[9090, 'PERMISSIVE']])].join('---\n'),
    out('workload', 'foo', [{ rules: [{ matches: [{ notDestinationPorts: [9090] }] }, { matches: [NO_PEER] }] }]),
  ],
  [
    'peer-authn-strict-root-unset-workload-port-mtls-strict-and-permissive',
    [mesh('STRICT'), workload('workload', 'foo', null, [[9090, 'PERMISSIVE'], [8080, 'STRICT']])].join('---\n'),
    out('workload', 'foo', [{ rules: [{ matches: [{ notDestinationPorts: [9090] }] }, { matches: [NO_PEER] }] }]),
  ],
];

describe('convertPeerAuthentication against istiod\'s golden files', () => {
  it.each(GOLDEN)('%s', (_name, yaml, expected) => {
    expect(convert(yaml)).toEqual(expected);
  });
});
