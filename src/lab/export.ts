/**
 * Writes a lab PKI to a directory so learners can try it with openssl, curl and kubectl: a CA, a server cert
 * for localhost / 127.0.0.1, good and deliberately bad client certs, a kubernetes.io/tls Secret per identity,
 * and a README of commands. Keys are written mode 0600, in directories it creates mode 0700. Every file is a new
 * one it creates itself: a symbolic link (or anything but a regular file) at one of its paths is refused, so a
 * private key can never be written through a link to somewhere else.
 */
import { constants } from 'node:fs';
import { lstat, mkdir, open, readdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { CLIENT_IDENTITY, createLabPki } from './lab-pki.js';
import { issueIntermediate, issueWorkloadCert, type PemIdentity } from './pki.js';
import type { PkiItem } from './scenarios.js';

/** Client identities written to clients/<name>.crt|.key: the lab's own certificates, under names for people. */
const EXPORTED_ITEMS = {
  good: 'client-good',
  expired: 'client-expired',
  'not-yet-valid': 'client-not-yet-valid',
  untrusted: 'client-other-ca',
  'self-signed': 'client-self-signed',
  'wrong-eku': 'client-wrong-eku',
  'new-root': 'client-new-ca',
} as const satisfies Record<string, PkiItem>;
export type ExportedClient = keyof typeof EXPORTED_ITEMS;
export const EXPORTED_CLIENTS = Object.keys(EXPORTED_ITEMS) as ExportedClient[];

/**
 * The same good client identity issued by an intermediate CA (signed by ca.crt): `chained` is sent with its
 * intermediate (leaf first), `no-intermediate` is the same leaf alone, which a server trusting only ca.crt must
 * refuse. mtls-tutor probe uses both.
 */
export const CHAINED_CLIENTS = ['chained', 'no-intermediate'] as const;

/** Thrown when DIR holds files and `force` was not given. */
export class DirectoryNotEmptyError extends Error {
  override name = 'DirectoryNotEmptyError';
  constructor(readonly dir: string) {
    super(`${dir} is not empty; choose an empty directory or pass --force to overwrite the lab files in it`);
  }
}

/** Thrown when a path lab export would write is a symbolic link, a directory or another non-regular file. */
export class UnsafePathError extends Error {
  override name = 'UnsafePathError';
  constructor(
    readonly path: string,
    why: string,
  ) {
    super(`refusing to write ${path}: it ${why}. lab export writes only regular files it creates itself; remove it or choose another directory`);
  }
}

export interface ExportResult {
  dir: string;
  /** Paths relative to `dir`, in the order written. */
  files: string[];
}

const DAY = 86_400_000;

async function isNonEmptyDir(dir: string): Promise<boolean> {
  try {
    return (await readdir(dir)).length > 0;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

function secretManifest(name: string, identity: PemIdentity, caPem: string): string {
  const b64 = (text: string) => Buffer.from(text).toString('base64');
  return [
    'apiVersion: v1',
    'kind: Secret',
    'metadata:',
    `  name: mtls-tutor-${name}`,
    '  labels:',
    '    app.kubernetes.io/part-of: mtls-tutor',
    'type: kubernetes.io/tls',
    'data:',
    `  tls.crt: ${b64(identity.cert)}`,
    `  tls.key: ${b64(identity.key)}`,
    `  ca.crt: ${b64(caPem)}`,
    '',
  ].join('\n');
}

/** Writes the lab PKI into `dir` (created if missing). Certificates stay valid for 30 days (the bad ones stay bad). */
export async function exportLab(dir: string, options: { force?: boolean } = {}): Promise<ExportResult> {
  if (!options.force && (await isNonEmptyDir(dir))) throw new DirectoryNotEmptyError(dir);

  const pki = createLabPki({ notAfter: new Date(Date.now() + 30 * DAY) });
  const [ca, newRoot, server, expiredServer, ...clients] = await Promise.all([
    pki.ca('root-ca'),
    pki.ca('new-ca'),
    pki.get('server'),
    pki.get('server-expired'),
    ...EXPORTED_CLIENTS.map((name) => pki.get(EXPORTED_ITEMS[name])),
  ]);

  const plan: { path: string; content: string; secret: boolean }[] = [
    { path: 'ca.crt', content: ca.cert, secret: false },
    // A root rotation: the new root, and the bundle a server trusts while both are in use.
    { path: 'new-root-ca.crt', content: newRoot.cert, secret: false },
    { path: 'old-and-new-roots.crt', content: `${ca.cert.trimEnd()}\n${newRoot.cert}`, secret: false },
    { path: 'server.crt', content: server.cert, secret: false },
    { path: 'server.key', content: server.key, secret: true },
    { path: 'server-expired.crt', content: expiredServer.cert, secret: false },
    { path: 'server-expired.key', content: expiredServer.key, secret: true },
    { path: 'kubernetes/server.yaml', content: secretManifest('server', server, ca.cert), secret: true },
  ];
  for (const [index, name] of EXPORTED_CLIENTS.entries()) {
    const identity = clients[index];
    if (!identity) throw new Error(`client certificate '${name}' missing`);
    plan.push(
      { path: `clients/${name}.crt`, content: identity.cert, secret: false },
      { path: `clients/${name}.key`, content: identity.key, secret: true },
      { path: `kubernetes/${name}.yaml`, content: secretManifest(name, identity, ca.cert), secret: true },
    );
  }
  const intermediate = await issueIntermediate(ca, 'mtls-tutor lab intermediate CA', { notAfter: new Date(Date.now() + 30 * DAY) });
  const viaIntermediate = await issueWorkloadCert(intermediate, CLIENT_IDENTITY, { notAfter: new Date(Date.now() + 30 * DAY) });
  const chains: Record<(typeof CHAINED_CLIENTS)[number], PemIdentity> = {
    chained: { cert: viaIntermediate.cert + intermediate.cert, key: viaIntermediate.key },
    'no-intermediate': viaIntermediate,
  };
  for (const name of CHAINED_CLIENTS)
    plan.push(
      { path: `clients/${name}.crt`, content: chains[name].cert, secret: false },
      { path: `clients/${name}.key`, content: chains[name].key, secret: true },
      { path: `kubernetes/${name}.yaml`, content: secretManifest(name, chains[name], ca.cert), secret: true },
    );
  plan.push({ path: 'README.md', content: readme(), secret: false });

  await mkdir(dir, { recursive: true, mode: 0o700 });
  await realDirectory(join(dir, 'clients'));
  await realDirectory(join(dir, 'kubernetes'));
  // Every path is checked before the first write, so a refusal writes no file at all.
  for (const file of plan) await regularFileOrNothing(join(dir, file.path));
  for (const file of plan) await writeNewFile(join(dir, file.path), file.content, file.secret ? 0o600 : 0o644);
  return { dir, files: plan.map((file) => file.path) };
}

/** Creates `path` as a directory (mode 0700), or accepts an existing real directory; a link is refused. */
async function realDirectory(path: string): Promise<void> {
  try {
    await mkdir(path, { mode: 0o700 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const stats = await lstat(path);
    if (stats.isSymbolicLink()) throw new UnsafePathError(path, 'is a symbolic link');
    if (!stats.isDirectory()) throw new UnsafePathError(path, 'exists and is not a directory');
  }
}

async function regularFileOrNothing(path: string): Promise<void> {
  let stats;
  try {
    stats = await lstat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if (stats.isSymbolicLink()) throw new UnsafePathError(path, 'is a symbolic link');
  if (!stats.isFile()) throw new UnsafePathError(path, 'is not a regular file');
}

/**
 * Replaces whatever regular file is at `path` by a new one with exactly `mode`. O_EXCL|O_NOFOLLOW: if a link
 * appears at the path after the checks, the open fails instead of following it; a new inode also means an old
 * file's hard links and looser mode do not carry over. The mode is set again on the descriptor, past the umask.
 */
async function writeNewFile(path: string, content: string, mode: number): Promise<void> {
  await unlink(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
  });
  const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0);
  let handle;
  try {
    handle = await open(path, flags, mode);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' || code === 'ELOOP') throw new UnsafePathError(path, 'appeared while writing (a symbolic link or another file)');
    throw error;
  }
  try {
    await handle.writeFile(content);
    await handle.chmod(mode);
  } finally {
    await handle.close();
  }
}

function readme(): string {
  const curl = (name: string) => `curl --cacert ca.crt --cert clients/${name}.crt --key clients/${name}.key https://localhost:8443/`;
  // A request, and -ign_eof to wait for the answer: a TLS 1.3 server that refuses the client certificate after the
  // handshake (as lab serve does) would otherwise often go unseen, s_client quitting first with exit 0.
  const ossl = (name: string) =>
    `printf 'GET / HTTP/1.0\\r\\n\\r\\n' | openssl s_client -connect 127.0.0.1:8443 -servername localhost -CAfile ca.crt -cert clients/${name}.crt -key clients/${name}.key -brief -ign_eof`;
  return `# mtls-tutor lab certificates

Made by \`mtls-tutor lab export\`: ECDSA P-256, valid 30 days. Client certs carry the SPIFFE identity
\`${CLIENT_IDENTITY}\`.

| file | what it is |
|---|---|
| ca.crt | the lab CA: the server trusts clients it signed, clients trust the server it signed |
| new-root-ca.crt | a second root, for a root rotation |
| old-and-new-roots.crt | ca.crt and new-root-ca.crt in one bundle: what a server trusts during the rotation |
| server.crt / server.key | the server: DNS:localhost, IP:127.0.0.1, EKU serverAuth |
| server-expired.crt / .key | the same server, expired yesterday |
| clients/good.* | a valid client cert (EKU clientAuth) |
| clients/expired.* | expired yesterday |
| clients/not-yet-valid.* | valid from tomorrow |
| clients/untrusted.* | signed by another CA the server does not trust |
| clients/self-signed.* | signed by its own key |
| clients/wrong-eku.* | EKU serverAuth only: not allowed as a client cert |
| clients/new-root.* | a valid client cert issued by the new root |
| clients/chained.* | a valid client cert issued by an intermediate CA, sent with that intermediate |
| clients/no-intermediate.* | the same client cert without its intermediate: a server trusting ca.crt cannot verify it |
| kubernetes/*.yaml | a kubernetes.io/tls Secret per identity (tls.crt, tls.key, ca.crt) |

Keys are mode 0600. They are lab keys: never use them for anything real.

## Try it

Start a server that requires client certificates, in this directory:

    mtls-tutor lab serve --port 8443 --certs .

Then, from another terminal in this directory:

    ${curl('good')}
    ${curl('expired')}
    ${curl('untrusted')}
    curl --cacert ca.crt https://localhost:8443/            # no client certificate
    curl http://localhost:8443/                              # plain HTTP to the mTLS port
    curl --cert clients/good.crt --key clients/good.key https://localhost:8443/   # client does not trust the server

    ${ossl('good')}
    ${ossl('wrong-eku')}
    ${ossl('self-signed')}

s_client sends a request and waits for the answer (-ign_eof): the server's reply proves the client certificate
was accepted. "Verification: OK" is only s_client's check of the server's certificate. lab serve checks the
client certificate after the handshake, and in TLS 1.3 s_client's handshake is over by then, so with </dev/null
instead of a request it would often quit with exit 0 before the refusal arrives. With the request, a refused
certificate gets no answer: "unexpected eof while reading" (or "CONNECTION CLOSED BY SERVER" for a reset) and
a non-zero exit (add -tls1_2 to see it in the handshake).

Servers that lab serve cannot play, with openssl s_server (it checks the client certificate during the
handshake and answers a bad one with a TLS alert):

    openssl s_server -accept 127.0.0.1:8443 -cert server.crt -key server.key -CAfile ca.crt -Verify 1 -verify_return_error -www -tls1_3      # TLS 1.3 only
    openssl s_server -accept 127.0.0.1:8443 -cert server.crt -key server.key -CAfile ca.crt -Verify 1 -verify_return_error -www -alpn h2     # HTTP/2 only
    openssl s_server -accept 127.0.0.1:8443 -cert server.crt -key server.key -CAfile old-and-new-roots.crt -Verify 1 -verify_return_error -www   # mid rotation
    openssl s_server -accept 127.0.0.1:8443 -cert server-expired.crt -key server-expired.key -CAfile ca.crt -Verify 1 -verify_return_error -www

\`mtls-tutor lab run <id>\` prints the clients to try against each (\`mtls-tutor lab list\` names the scenarios).

Inspect a certificate:

    openssl x509 -in clients/good.crt -noout -text

Load a Secret into a cluster:

    kubectl apply -f kubernetes/good.yaml
`;
}
