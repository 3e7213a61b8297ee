/**
 * What users have: `kubectl get ... -A -o yaml|json` exports (kind: List and typed lists), folders, standard input,
 * and workloads named from the same export. And exit codes scripts can trust: 0 all read and admitted, 1 something
 * unreadable or refused (verdict still printed, after a warning), 2 bad usage.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBundle } from './run-bundle.js';
import { policyCli } from './policy-cli.js';

const cli = policyCli;

/** What `kubectl get peerauthentication -A -o yaml` prints: a kind: List whose items carry their own kind. */
const KUBECTL_LIST_YAML = `apiVersion: v1
items:
- apiVersion: security.istio.io/v1
  kind: PeerAuthentication
  metadata:
    creationTimestamp: "2024-05-02T08:00:00Z"
    generation: 1
    name: default
    namespace: istio-system
    resourceVersion: "1234"
    uid: 5d1c2f9e-0000-4000-8000-000000000001
  spec:
    mtls:
      mode: STRICT
- apiVersion: security.istio.io/v1
  kind: PeerAuthentication
  metadata:
    creationTimestamp: "2024-05-02T08:05:00Z"
    name: legacy
    namespace: legacy
    uid: 5d1c2f9e-0000-4000-8000-000000000002
  spec:
    mtls:
      mode: PERMISSIVE
kind: List
metadata:
  resourceVersion: ""
`;

/** The same as the API returns it (kubectl get --raw): a typed list whose items leave out kind and apiVersion. */
const TYPED_LIST_JSON = JSON.stringify(
  {
    apiVersion: 'security.istio.io/v1',
    kind: 'PeerAuthenticationList',
    metadata: { resourceVersion: '99' },
    items: [
      { metadata: { name: 'default', namespace: 'istio-system', creationTimestamp: '2024-05-02T08:00:00Z' }, spec: { mtls: { mode: 'STRICT' } } },
      { metadata: { name: 'legacy', namespace: 'legacy' }, spec: { mtls: { mode: 'PERMISSIVE' } } },
    ],
  },
  null,
  4,
);

/** `kubectl get deploy,pods -n shop -o json`: a Deployment (pod template labels) and a Pod. */
const WORKLOADS_JSON = JSON.stringify(
  {
    apiVersion: 'v1',
    kind: 'List',
    items: [
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'cart', namespace: 'shop', labels: { team: 'checkout' } },
        spec: { template: { metadata: { labels: { app: 'cart', version: 'v2' } }, spec: { serviceAccountName: 'cart', containers: [] } } },
      },
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'cart-7d9f-x2x4q', namespace: 'shop', labels: { app: 'cart', version: 'v2', 'pod-template-hash': '7d9f' } },
        spec: { serviceAccountName: 'cart', containers: [] },
      },
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'legacy' }, spec: { template: { metadata: { labels: { app: 'web' } } } } },
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'shop' }, spec: { template: { metadata: { labels: { app: 'web' } } } } },
    ],
  },
  null,
  2,
);

const SHOP_WORKLOAD_PA = `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: cart-v2, namespace: shop}
spec:
  selector: {matchLabels: {app: cart, version: v2}}
  mtls: {mode: DISABLE}
`;

let dir: string;
const path = (name: string) => join(dir, name);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mtls-policy-inputs-'));
  await writeFile(path('pa-list.yaml'), KUBECTL_LIST_YAML);
  await writeFile(path('pa-typed.json'), TYPED_LIST_JSON);
  await writeFile(path('workloads.json'), WORKLOADS_JSON);
  await writeFile(path('shop-pa.yaml'), SHOP_WORKLOAD_PA);
  await writeFile(path('not-yaml.yaml'), 'mode = STRICT\n[mtls\n');
  await writeFile(path('strikt.yaml'), 'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: default, namespace: shop}\nspec: {mtls: {mode: STRIKT}}\n');
  await mkdir(path('cluster'));
  await writeFile(path('cluster/10-mesh.yaml'), KUBECTL_LIST_YAML);
  await writeFile(path('cluster/20-shop.yml'), SHOP_WORKLOAD_PA);
  await writeFile(path('cluster/30-workloads.json'), WORKLOADS_JSON);
  await writeFile(path('cluster/README.txt'), 'not a manifest: never read');
  await mkdir(path('cluster/sub'));
  await writeFile(path('cluster/sub/disable.yaml'), SHOP_WORKLOAD_PA.replace('cart-v2', 'never-read').replace('{app: cart, version: v2}', '{app: web}'));
  await mkdir(path('empty'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('kubectl exports', () => {
  it('kind: List from `kubectl get pa -A -o yaml`: every item counts (STRICT from the mesh policy), exit 0', async () => {
    const { code, out, err } = await cli(['explain', '-f', path('pa-list.yaml'), '-n', 'shop', '--json']);
    expect(err).toBe('');
    expect(code).toBe(0);
    const json = JSON.parse(out);
    expect(json).toMatchObject({ mode: 'STRICT', decidedBy: { mesh: 'istio-system/default' }, skipped: [], rejected: [] });
    expect(json.considered.map((c: { policy: string }) => c.policy)).toEqual(['istio-system/default', 'legacy/legacy']);
  });

  it('a typed PeerAuthenticationList in JSON whose items have no kind or apiVersion (the API\'s own list)', async () => {
    const { code, out } = await cli(['explain', '-f', path('pa-typed.json'), '-n', 'legacy', '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(out)).toMatchObject({ mode: 'PERMISSIVE', decidedBy: { mesh: 'istio-system/default', namespace: 'legacy/legacy' }, skipped: [] });
  });

  it('a refused item of a List is named by its place in the list and its own line in the file', async () => {
    const text = KUBECTL_LIST_YAML.replace('mode: PERMISSIVE', 'mode: permissive');
    const { code, out } = await cli(['explain', '-f', '-', '-n', 'legacy', '--json'], text);
    expect(code).toBe(1);
    const json = JSON.parse(out);
    expect(json.rejected).toEqual([expect.objectContaining({ policy: 'legacy/legacy', field: 'spec.mtls.mode', line: 24, file: '(stdin)' })]);
    expect(json.skipped).toEqual([{ file: '(stdin)', document: 'document 1, items[1]', reason: expect.stringMatching(/^line 24: legacy\/legacy spec\.mtls\.mode: Unsupported value: "permissive"/) }]);
    expect(json).toMatchObject({ mode: 'STRICT', decidedBy: { namespace: null } }); // the refused item takes no part
  });

  it('a List without items is refused; an empty List only warns', async () => {
    const noItems = await cli(['explain', '-f', '-', '-n', 'shop', '--json'], 'apiVersion: v1\nkind: List\nitems: {}\n');
    expect(noItems.code).toBe(1);
    expect(JSON.parse(noItems.out).skipped[0].reason).toMatch(/a List must have items: a list of objects/);
    const empty = await cli(['explain', '-f', '-', '-n', 'shop', '--json'], 'apiVersion: v1\nitems: []\nkind: List\nmetadata:\n  resourceVersion: ""\n');
    expect(empty.code).toBe(0);
    expect(JSON.parse(empty.out).warnings).toEqual(['(stdin): the List has no items (kubectl found nothing of that kind)']);
  });
});

describe('folders and standard input', () => {
  it('a folder: every .yaml, .yml and .json directly in it, in name order; not other files or subfolders', async () => {
    const { code, out } = await cli(['explain', '-f', path('cluster'), '--workload', 'deploy/cart', '--json']);
    expect(code).toBe(0);
    const json = JSON.parse(out);
    expect(json).toMatchObject({ mode: 'DISABLE', decidedBy: { mesh: 'istio-system/default', workload: 'shop/cart-v2' }, skipped: [] });
    expect(json.considered.map((c: { policy: string }) => c.policy)).not.toContain('shop/never-read');
  });

  it('a folder with no manifests is reported (exit 1), and the rest is still explained', async () => {
    const { code, out, err } = await cli(['explain', '-f', path('empty'), '-f', path('pa-list.yaml'), '-n', 'shop', '--json']);
    expect(code).toBe(1);
    expect(err).toMatch(/empty \(whole file\): a folder with no \.yaml, \.yml or \.json files/);
    expect(JSON.parse(out)).toMatchObject({ mode: 'STRICT', skipped: [{ file: path('empty'), document: '(whole file)' }] });
  });

  it('`-f -` reads standard input, through the real binary in a pipe', () => {
    const { code, stdout, stderr } = runBundle(['policy', 'explain', '-f', '-', '-n', 'shop'], {}, KUBECTL_LIST_YAML);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/Mode: STRICT\s+plaintext: rejected/);
  });

  it('stdin mixed with files', async () => {
    const { code, out } = await cli(['explain', '-f', path('pa-list.yaml'), '-f', '-', '--workload', 'cart', '-n', 'shop', '--json'], SHOP_WORKLOAD_PA + '---\n' + WORKLOADS_JSON);
    expect(code).toBe(0);
    expect(JSON.parse(out)).toMatchObject({ mode: 'DISABLE', workloadSource: { kind: 'Deployment', name: 'cart', file: '(stdin)' } });
  });
});

describe('the workload from the export', () => {
  it('--workload deploy/NAME: namespace and pod template labels from the Deployment', async () => {
    const { code, out } = await cli(['explain', '-f', path('workloads.json'), '-f', path('shop-pa.yaml'), '--workload', 'deploy/cart', '--json']);
    expect(code).toBe(0);
    const json = JSON.parse(out);
    // The Deployment's own label team=checkout is not a pod label; the template's are.
    expect(json.workload).toEqual({ namespace: 'shop', labels: { app: 'cart', version: 'v2' }, port: null });
    expect(json.workloadSource).toEqual({ kind: 'Deployment', name: 'cart', namespace: 'shop', serviceAccount: 'cart', file: path('workloads.json'), line: 5 }); // where the item's { opens
    expect(json).toMatchObject({ mode: 'DISABLE', decidedBy: { workload: 'shop/cart-v2' } });
  });

  it('--workload pod/NAME reads a Pod\'s own labels; the human output says where the workload came from', async () => {
    const { code, out } = await cli(['explain', '-f', path('workloads.json'), '-f', path('shop-pa.yaml'), '--workload', 'pod/cart-7d9f-x2x4q']);
    expect(code).toBe(0);
    expect(out).toMatch(/^Workload in shop \(Pod cart-7d9f-x2x4q, .*workloads\.json:\d+\) \{app=cart, version=v2, pod-template-hash=7d9f\}/);
    expect(out).toMatch(/Mode: DISABLE/);
  });

  it('a name in two namespaces needs --namespace; with it, the right one is chosen', async () => {
    const ambiguous = await cli(['explain', '-f', path('workloads.json'), '--workload', 'web']);
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.err).toMatch(/--workload web: 'web' matches 2 objects: Deployment legacy\/web .*, Deployment shop\/web .*; add --namespace NS or KIND\/NAME/);
    const chosen = await cli(['explain', '-f', path('workloads.json'), '--workload', 'web', '-n', 'legacy', '--json']);
    expect(chosen.code).toBe(0);
    expect(JSON.parse(chosen.out).workload).toMatchObject({ namespace: 'legacy', labels: { app: 'web' } });
  });

  it.each([
    [['--workload', 'nope'], /--workload nope: no Pod or workload controller named 'nope' in the input \(the input has: deployment\/cart in shop/],
    [['--workload', 'svc/cart'], /'svc' is not a workload kind/],
    [['--workload', 'cart', '--labels', 'app=x'], /give --labels or --workload, not both/],
    [['--workload', ''], /--workload must not be empty/],
    [['-f', '-', '-f', '-', '-n', 'shop'], /standard input\) can be given only once/],
  ])('usage errors exit 2: %j', async (extra, message) => {
    const { code, err } = await cli(['explain', '-f', path('workloads.json'), ...extra], '');
    expect(code).toBe(2);
    expect(err).toMatch(message);
  });
});

describe('exit codes scripts can trust', () => {
  it.each([
    ['a file that is not YAML', 'not-yaml.yaml', /not-yaml\.yaml document 1: /],
    ['mode: STRIKT', 'strikt.yaml', /strikt\.yaml document 1: line 4: shop\/default spec\.mtls\.mode: Unsupported value: "STRIKT"/],
    ['a missing file', 'missing.yaml', /missing\.yaml \(whole file\): no such file or folder/],
  ])('%s: the verdict is printed after a warning that names it, exit 1', async (_what, name, listed) => {
    const { code, out, err } = await cli(['explain', '-f', path('pa-list.yaml'), '-f', path(name), '-n', 'shop']);
    expect(code).toBe(1);
    expect(err).toMatch(/^warning: 1 (document was|documents were) not read or refused at admission; the verdict below is without it \(exit code 1\):\n/);
    expect(err).toMatch(listed);
    expect(out).toMatch(/Mode: STRICT/);
  });

  it('policy lab follows the same rule: a refused document makes it exit 1 even when every probe was as predicted', async () => {
    const { code, out } = await cli(['lab', '-f', path('pa-list.yaml'), '-f', path('strikt.yaml'), '-n', 'shop', '--json']);
    expect(code).toBe(1);
    const json = JSON.parse(out);
    expect(json.passed).toBe(true);
    expect(json.skipped).toHaveLength(1);
    const clean = await cli(['lab', '-f', path('workloads.json'), '-f', path('shop-pa.yaml'), '--workload', 'deploy/cart', '--json']);
    expect(clean.code).toBe(0);
    // The server's SPIFFE ID uses the service account of the named Deployment.
    expect(JSON.parse(clean.out).server.identity).toBe('spiffe://cluster.local/ns/shop/sa/cart');
  });
});
