/**
 * Turns what the user gave `inspect` into certificates and keys with where each came from: PEM (any mix of
 * certificates and keys), DER, PKCS#12 (through openssl, see pkcs12.ts), a Kubernetes Secret (YAML or JSON, one
 * or many documents, or a List from `kubectl get secret -o yaml`), and the JSON of `istioctl proxy-config secret
 * POD -o json` (Envoy's secrets config dump). Key material stays in memory as KeyObjects and is never returned as
 * text. Pure apart from the PKCS#12 child process.
 */
import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { basename } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { children, readTlv, oidText } from '../x509/der-read.js';
import { openPkcs12 } from './pkcs12.js';

/** What a group of certificates is for, as its name or place says. */
export type GroupRole = 'identity' | 'ca' | 'unknown';
/** Which side of mTLS a certificate is meant for, as its name says ("client" in a file name, a Secret's name...). */
export type Usage = 'client' | 'server' | 'unknown';

export interface CertGroup {
  /** "tls.crt of Secret shop/orders-tls", "chain.pem": one file or one field. */
  label: string;
  role: GroupRole;
  usage: Usage;
  /** The certificates in their order, DER. */
  certs: Buffer[];
}

export interface KeyEntry {
  label: string;
  key: KeyObject | null;
  /** Why the key could not be read (encrypted without --password, redacted, damaged). */
  unreadable: string | null;
  /** Keys that belong with a certificate group of the same source (a Secret's tls.key, a .p12's key). */
  pairedWith: number | null;
}

/** One input (a file, or stdin) as found. */
export interface SourceResult {
  source: string;
  /** pem, der, pkcs12, kubernetes-secret, istio-secret-dump, unknown. */
  format: string;
  groups: CertGroup[];
  keys: KeyEntry[];
  /** Things worth saying about the input itself: skipped keys, redacted keys, unsupported blocks. */
  notes: string[];
  /** Set when nothing usable could be read: the input is then an error (exit 1). */
  error: string | null;
}

export interface ReadOptions {
  password?: string;
}

const MAX_ALIASES = 100;

/** A name's role: ca.crt / root / bundle / trust are CA bundles; everything else may be an identity. */
export function roleOfName(name: string): GroupRole {
  const base = basename(name).toLowerCase();
  if (/(^|[^a-z])(ca|cacert|cacerts|root|roots|trust|truststore|bundle|ca-bundle|rootca)([^a-z]|$)/.test(base)) return 'ca';
  if (/(^|[^a-z])(tls|cert|chain|fullchain|client|server|leaf|cert-chain)([^a-z]|$)/.test(base)) return 'identity';
  return 'unknown';
}

export function usageOfName(name: string): Usage {
  const lower = name.toLowerCase();
  if (/client/.test(lower)) return 'client';
  if (/server|ingress|gateway/.test(lower)) return 'server';
  return 'unknown';
}

interface PemBlock {
  label: string;
  body: Buffer;
  headers: string;
}

function pemBlocks(text: string): PemBlock[] {
  const blocks: PemBlock[] = [];
  const re = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n([\s\S]*?)-----END \1-----/g;
  for (const match of text.matchAll(re)) {
    const [, label, inside] = match;
    const headerEnd = /\r?\n\r?\n/.exec(inside!);
    const headers = inside!.includes(':') && headerEnd ? inside!.slice(0, headerEnd.index) : '';
    const base64 = (headers ? inside!.slice(headerEnd!.index) : inside!).replace(/[^A-Za-z0-9+/=]/g, '');
    blocks.push({ label: label!, body: Buffer.from(base64, 'base64'), headers });
  }
  return blocks;
}

function readKey(pem: string, password: string | undefined): { key: KeyObject | null; unreadable: string | null } {
  try {
    return { key: createPrivateKey(password === undefined ? pem : { key: pem, passphrase: password }), unreadable: null };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    if (/ENCRYPTED|Proc-Type: 4,ENCRYPTED/.test(pem) || /PASSPHRASE|BAD_DECRYPT/.test(code)) {
      return { key: null, unreadable: password === undefined ? 'encrypted: give --password to check it against the certificates' : 'encrypted, and the password given does not open it' };
    }
    return { key: null, unreadable: `not a readable private key (${code || (error as Error).message})` };
  }
}

/** Certificates and keys in PEM text, as groups and keys labelled `label`. */
function fromPem(text: string, label: string, role: GroupRole, usage: Usage, options: ReadOptions, into: SourceResult, pairKeys: boolean): void {
  const certs: Buffer[] = [];
  const keys: KeyEntry[] = [];
  for (const block of pemBlocks(text)) {
    switch (block.label) {
      case 'CERTIFICATE':
      case 'X509 CERTIFICATE':
        certs.push(block.body);
        break;
      case 'TRUSTED CERTIFICATE': {
        // OpenSSL's form: the certificate followed by its trust settings; the first SEQUENCE is the certificate.
        const first = readTlv(block.body, 0);
        certs.push(block.body.subarray(0, first.next));
        break;
      }
      case 'PRIVATE KEY':
      case 'RSA PRIVATE KEY':
      case 'EC PRIVATE KEY':
      case 'ENCRYPTED PRIVATE KEY': {
        const pem = `-----BEGIN ${block.label}-----\n${block.headers ? `${block.headers}\n\n` : ''}${block.body.toString('base64').match(/.{1,64}/g)?.join('\n') ?? ''}\n-----END ${block.label}-----\n`;
        keys.push({ label: `${label} (private key)`, ...readKey(pem, options.password), pairedWith: null });
        break;
      }
      case 'EC PARAMETERS':
        break;
      case 'CERTIFICATE REQUEST':
      case 'NEW CERTIFICATE REQUEST':
        into.notes.push(`${label}: a certificate signing request (CSR), not a certificate: skipped`);
        break;
      case 'PUBLIC KEY':
        into.notes.push(`${label}: a public key on its own: skipped (give the certificate)`);
        break;
      default:
        into.notes.push(`${label}: a "${block.label}" block: not something inspect reads, skipped`);
    }
  }
  let groupIndex: number | null = null;
  if (certs.length > 0) {
    into.groups.push({ label, role: role === 'unknown' && keys.length > 0 ? 'identity' : role, usage, certs });
    groupIndex = into.groups.length - 1;
  }
  for (const key of keys) into.keys.push({ ...key, pairedWith: pairKeys || (keys.length > 0 && certs.length > 0) ? groupIndex : null });
}

/** A DER certificate, a DER private key, or a PKCS#12 file? */
function derKind(bytes: Buffer): 'certificate' | 'key' | 'pkcs12' | null {
  try {
    new X509Certificate(bytes);
    return 'certificate';
  } catch {}
  for (const type of ['pkcs8', 'pkcs1', 'sec1'] as const) {
    try {
      createPrivateKey({ key: bytes, format: 'der', type });
      return 'key';
    } catch {}
  }
  try {
    // PFX ::= SEQUENCE { version INTEGER (3), authSafe ContentInfo { contentType pkcs7-data|signedData ... }, ... }
    const outer = readTlv(bytes, 0);
    const [version, authSafe] = children(bytes, outer);
    if (version?.tag === 0x02 && bytes[version.start] === 3 && authSafe?.tag === 0x30) {
      const [type] = children(bytes, authSafe);
      if (type && /^1\.2\.840\.113549\.1\.7\.[12]$/.test(oidText(bytes, type))) return 'pkcs12';
    }
  } catch {}
  return null;
}

const b64 = (value: unknown): Buffer | null => (typeof value === 'string' ? Buffer.from(value, 'base64') : null);
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A Kubernetes Secret's fields: tls.crt, tls.key, ca.crt, and any other field holding PEM. */
function fromSecret(secret: Record<string, unknown>, source: string, options: ReadOptions, into: SourceResult): void {
  const meta = isObject(secret.metadata) ? secret.metadata : {};
  const name = `${typeof meta.namespace === 'string' ? `${meta.namespace}/` : ''}${typeof meta.name === 'string' ? meta.name : '(unnamed)'}`;
  const usage = usageOfName(name);
  const fields = new Map<string, string>();
  for (const [field, value] of Object.entries(isObject(secret.data) ? secret.data : {})) {
    const bytes = b64(value);
    if (bytes) fields.set(field, bytes.toString('utf8'));
  }
  for (const [field, value] of Object.entries(isObject(secret.stringData) ? secret.stringData : {})) if (typeof value === 'string') fields.set(field, value);
  const before = into.groups.length;
  let skipped = 0;
  // tls.crt first, so tls.key pairs with it.
  const order = [...fields.keys()].sort((a, b) => rank(a) - rank(b));
  let identityGroup: number | null = null;
  for (const field of order) {
    const text = fields.get(field)!;
    if (!text.includes('-----BEGIN ')) {
      skipped++;
      continue;
    }
    const label = `${field} of Secret ${name}`;
    const role: GroupRole = field === 'tls.crt' || /cert-chain|ca-cert/.test(field) ? 'identity' : field === 'ca.crt' || /root/.test(field) ? 'ca' : roleOfName(field);
    const groupsBefore = into.groups.length;
    const keysBefore = into.keys.length;
    fromPem(text, label, role, usage, options, into, false);
    if (role === 'identity' && into.groups.length > groupsBefore && identityGroup === null) identityGroup = groupsBefore;
    for (let i = keysBefore; i < into.keys.length; i++) if (into.keys[i]!.pairedWith === null) into.keys[i]!.pairedWith = identityGroup;
  }
  if (skipped > 0) into.notes.push(`Secret ${name}: ${skipped} field${skipped === 1 ? '' : 's'} without PEM content skipped`);
  if (into.groups.length === before && !order.some((f) => fields.get(f)!.includes('PRIVATE KEY'))) into.notes.push(`Secret ${name}: no certificate in it`);
  void source;
}

function rank(field: string): number {
  return field === 'tls.crt' ? 0 : field === 'tls.key' ? 1 : field === 'ca.crt' ? 2 : 3;
}

/** Envoy's secrets config dump (istioctl proxy-config secret -o json), camelCase or snake_case, alone or in configs[]. */
function istioSecrets(doc: Record<string, unknown>): Record<string, unknown>[] | null {
  const lists = (object: Record<string, unknown>) =>
    ['dynamicActiveSecrets', 'dynamic_active_secrets', 'dynamicWarmingSecrets', 'dynamic_warming_secrets', 'staticSecrets', 'static_secrets']
      .map((key) => object[key])
      .filter(Array.isArray)
      .flat() as unknown[];
  let found = lists(doc);
  if (Array.isArray(doc.configs)) for (const config of doc.configs) if (isObject(config)) found = found.concat(lists(config));
  const hasKey = ['dynamicActiveSecrets', 'dynamic_active_secrets', 'staticSecrets', 'static_secrets', 'dynamicWarmingSecrets', 'dynamic_warming_secrets'].some((k) => k in doc) ||
    (Array.isArray(doc.configs) && doc.configs.some((c) => isObject(c) && String(c['@type'] ?? '').includes('SecretsConfigDump')));
  return hasKey ? (found.filter(isObject) as Record<string, unknown>[]) : null;
}

function pick(object: unknown, ...path: string[][]): unknown {
  let value: unknown = object;
  for (const names of path) {
    if (!isObject(value)) return undefined;
    value = names.map((name) => (value as Record<string, unknown>)[name]).find((v) => v !== undefined);
  }
  return value;
}

function inlineText(dataSource: unknown): string | null {
  if (!isObject(dataSource)) return null;
  const bytes = dataSource.inlineBytes ?? dataSource.inline_bytes;
  if (typeof bytes === 'string') return Buffer.from(bytes, 'base64').toString('utf8');
  const text = dataSource.inlineString ?? dataSource.inline_string;
  return typeof text === 'string' ? text : null;
}

function fromIstio(entries: Record<string, unknown>[], options: ReadOptions, into: SourceResult): void {
  for (const entry of entries) {
    const secret = isObject(entry.secret) ? entry.secret : entry;
    const name = String(entry.name ?? secret.name ?? '(unnamed)');
    const chain = inlineText(pick(secret, ['tlsCertificate', 'tls_certificate'], ['certificateChain', 'certificate_chain']));
    if (chain) {
      const groupsBefore = into.groups.length;
      fromPem(chain, `certificate chain of secret "${name}"`, 'identity', 'unknown', options, into, false);
      const key = inlineText(pick(secret, ['tlsCertificate', 'tls_certificate'], ['privateKey', 'private_key']));
      if (key !== null && !key.includes('PRIVATE KEY')) into.notes.push(`secret "${name}": its private key is redacted in the dump (as Envoy does); key checks skipped`);
      else if (key) {
        const keysBefore = into.keys.length;
        fromPem(key, `private key of secret "${name}"`, 'identity', 'unknown', options, into, false);
        for (let i = keysBefore; i < into.keys.length; i++) into.keys[i]!.pairedWith = into.groups.length > groupsBefore ? groupsBefore : null;
      }
    }
    const trusted = inlineText(pick(secret, ['validationContext', 'validation_context'], ['trustedCa', 'trusted_ca']));
    if (trusted) fromPem(trusted, `trusted CA of secret "${name}"`, 'ca', 'unknown', options, into, false);
    if (!chain && !trusted) into.notes.push(`secret "${name}": no certificate in it (not yet delivered by istiod?)`);
  }
}

/** Reads one input. Never throws for bad content: what is wrong comes back as `error` or `notes`. */
export async function readSource(source: string, bytes: Buffer, options: ReadOptions = {}): Promise<SourceResult> {
  const result: SourceResult = { source, format: 'unknown', groups: [], keys: [], notes: [], error: null };
  const role = roleOfName(source);
  const usage = usageOfName(source);
  if (bytes.length === 0) {
    result.error = 'empty';
    return result;
  }
  const text = bytes.toString('utf8');
  if (text.includes('-----BEGIN ')) {
    result.format = 'pem';
    fromPem(text, basename(source), role, usage, options, result, true);
    if (result.groups.length === 0 && result.keys.length === 0) result.error = 'PEM blocks, but no certificate or private key among them';
    return result;
  }
  const kind = derKind(bytes);
  if (kind === 'certificate') {
    result.format = 'der';
    result.groups.push({ label: basename(source), role, usage, certs: [bytes] });
    return result;
  }
  if (kind === 'key') {
    result.format = 'der';
    for (const type of ['pkcs8', 'pkcs1', 'sec1'] as const) {
      try {
        result.keys.push({ label: `${basename(source)} (private key)`, key: createPrivateKey({ key: bytes, format: 'der', type }), unreadable: null, pairedWith: null });
        break;
      } catch {}
    }
    return result;
  }
  if (kind === 'pkcs12') {
    result.format = 'pkcs12';
    if (options.password === undefined) {
      result.error = 'a PKCS#12 file: give --password to open it (--password "" for none)';
      return result;
    }
    const opened = await openPkcs12(bytes, options.password);
    if (!opened.ok) {
      result.error = `a PKCS#12 file that could not be opened: ${opened.reason}`;
      return result;
    }
    fromPem(opened.pem, basename(source), 'identity', usage, {}, result, true);
    return result;
  }
  // Text that is not PEM: a Kubernetes Secret or an istioctl dump, in YAML or JSON.
  if (!/^[\s\x20-\x7e\u00a0-\uffff]*$/.test(text.slice(0, 4096))) {
    result.error = 'not a certificate, key or PKCS#12 file inspect can read (binary, but not DER)';
    return result;
  }
  let documents: unknown[];
  try {
    const parsed = parseAllDocuments(text, { prettyErrors: false, logLevel: 'silent' });
    const list = Array.isArray(parsed) ? parsed : [parsed];
    if (list.some((doc) => doc.errors.length > 0)) throw new Error('does not parse');
    documents = list.map((doc) => doc.toJS({ maxAliasCount: MAX_ALIASES }) as unknown);
  } catch {
    result.error = 'not PEM, DER, PKCS#12, a Kubernetes Secret or an istioctl secret dump';
    return result;
  }
  const secrets: Record<string, unknown>[] = [];
  for (const doc of documents) {
    if (!isObject(doc)) continue;
    const istio = istioSecrets(doc);
    if (istio) {
      result.format = 'istio-secret-dump';
      fromIstio(istio, options, result);
      continue;
    }
    if (doc.kind === 'Secret') secrets.push(doc);
    else if ((doc.kind === 'List' || doc.kind === 'SecretList') && Array.isArray(doc.items)) secrets.push(...doc.items.filter((item): item is Record<string, unknown> => isObject(item) && item.kind !== undefined ? item.kind === 'Secret' : isObject(item)));
  }
  if (secrets.length > 0) {
    result.format = 'kubernetes-secret';
    for (const secret of secrets) fromSecret(secret, source, options, result);
  }
  if (result.format === 'unknown') result.error = 'YAML or JSON, but neither a Kubernetes Secret (or List of them) nor an istioctl proxy-config secret dump';
  else if (result.groups.length === 0 && result.keys.length === 0) result.error = 'no certificate or key found in it';
  return result;
}
