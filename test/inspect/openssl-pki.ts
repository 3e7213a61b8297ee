/**
 * Certificates made with the openssl command, not with our own encoder, in a private temporary folder: what a
 * learner's own tooling produces. `openssl ca` is used throughout because only it can set arbitrary start and end
 * dates (expired, not yet valid) in OpenSSL 3.0.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function opensslAvailable(): boolean {
  return spawnSync('openssl', ['version'], { encoding: 'utf8' }).status === 0;
}

export interface CertOptions {
  subject: string;
  /** Extension lines for the certificate, e.g. ['basicConstraints=critical,CA:FALSE', 'subjectAltName=DNS:a']. */
  ext: string[];
  /** ec (P-256, default), or rsa:BITS. */
  key?: string;
  /** openssl ca -startdate / -enddate, YYYYMMDDHHMMSSZ. Default: from an hour ago for 30 days. */
  start?: Date;
  end?: Date;
  md?: string;
}

const stamp = (date: Date) => date.toISOString().replace(/[-:T]/g, '').slice(0, 14) + 'Z';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export class OpensslPki {
  readonly dir = mkdtempSync(join(tmpdir(), 'mtls-inspect-'));
  constructor() {
    mkdirSync(join(this.dir, 'db'));
    writeFileSync(join(this.dir, 'db/index.txt'), '');
    writeFileSync(join(this.dir, 'db/serial'), '1000\n');
    writeFileSync(
      join(this.dir, 'ca.cnf'),
      [
        '[ ca ]',
        'default_ca = CA_default',
        '[ CA_default ]',
        `database = ${join(this.dir, 'db/index.txt')}`,
        `new_certs_dir = ${join(this.dir, 'db')}`,
        `serial = ${join(this.dir, 'db/serial')}`,
        'default_md = sha256',
        'policy = policy_any',
        'unique_subject = no',
        'email_in_dn = no',
        '[ policy_any ]',
        'commonName = optional',
        'organizationName = optional',
        '[ req ]',
        'distinguished_name = dn',
        '[ dn ]',
        '',
      ].join('\n'),
    );
  }

  path(name: string): string {
    return join(this.dir, name);
  }

  read(name: string): string {
    return readFileSync(this.path(name), 'utf8');
  }

  private openssl(args: string[]): void {
    execFileSync('openssl', args, { cwd: this.dir, stdio: ['ignore', 'pipe', 'pipe'], timeout: 30_000 });
  }

  private newKey(name: string, type = 'ec'): string {
    const file = this.path(`${name}.key`);
    if (type === 'ec') this.openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', file]);
    else this.openssl(['genpkey', '-algorithm', 'RSA', '-pkeyopt', `rsa_keygen_bits:${type.split(':')[1] ?? '2048'}`, '-out', file]);
    return file;
  }

  /** Makes NAME.key and NAME.crt. `issuer` names an earlier certificate made here; omitted: self-signed. */
  cert(name: string, options: CertOptions, issuer?: string): string {
    const key = this.newKey(name, options.key);
    const csr = this.path(`${name}.csr`);
    this.openssl(['req', '-new', '-key', key, '-subj', options.subject, '-config', this.path('ca.cnf'), '-out', csr]);
    const extFile = this.path(`${name}.ext`);
    writeFileSync(extFile, `[ ext ]\n${options.ext.join('\n')}\n`);
    const start = options.start ?? new Date(Date.now() - HOUR);
    const end = options.end ?? new Date(Date.now() + 30 * DAY);
    const out = this.path(`${name}.crt`);
    this.openssl([
      'ca', '-batch', '-config', this.path('ca.cnf'), '-notext',
      '-in', csr, '-out', out,
      '-startdate', stamp(start), '-enddate', stamp(end),
      '-extfile', extFile, '-extensions', 'ext',
      '-md', options.md ?? 'sha256',
      ...(issuer ? ['-cert', this.path(`${issuer}.crt`), '-keyfile', this.path(`${issuer}.key`)] : ['-selfsign', '-keyfile', key]),
    ]);
    return out;
  }

  /** A root CA with the usual extensions. */
  root(name: string, subject = `/CN=${name}`): string {
    return this.cert(name, { subject, ext: ['basicConstraints=critical,CA:TRUE', 'keyUsage=critical,keyCertSign,cRLSign', 'subjectKeyIdentifier=hash'] });
  }

  intermediate(name: string, issuer: string, pathlen = 0): string {
    return this.cert(name, { subject: `/CN=${name}`, ext: [`basicConstraints=critical,CA:TRUE,pathlen:${pathlen}`, 'keyUsage=critical,keyCertSign,cRLSign', 'subjectKeyIdentifier=hash', 'authorityKeyIdentifier=keyid'] }, issuer);
  }

  /** A leaf with SAN and EKU (default: serverAuth and clientAuth). */
  leaf(name: string, issuer: string, options: Partial<CertOptions> & { san?: string | null; eku?: string | null } = {}): string {
    const ext = ['basicConstraints=critical,CA:FALSE', 'keyUsage=critical,digitalSignature', 'subjectKeyIdentifier=hash', 'authorityKeyIdentifier=keyid'];
    const san = options.san === undefined ? `DNS:${name}.example` : options.san;
    if (san) ext.push(`subjectAltName=${san}`);
    const eku = options.eku === undefined ? 'serverAuth,clientAuth' : options.eku;
    if (eku) ext.push(`extendedKeyUsage=${eku}`);
    return this.cert(name, { subject: `/CN=${name}`, ext: [...ext, ...(options.ext ?? [])], ...(options.key ? { key: options.key } : {}), ...(options.start ? { start: options.start } : {}), ...(options.end ? { end: options.end } : {}), ...(options.md ? { md: options.md } : {}) }, issuer);
  }

  /** Concatenates files made here into NAME. */
  bundle(name: string, parts: string[]): string {
    writeFileSync(this.path(name), parts.map((part) => this.read(part)).join(''));
    return this.path(name);
  }

  /** A kubernetes.io/tls Secret holding the named files. */
  secret(name: string, fields: Record<string, string>, format: 'yaml' | 'json' = 'yaml'): string {
    const data = Object.fromEntries(Object.entries(fields).map(([field, file]) => [field, Buffer.from(this.read(file)).toString('base64')]));
    const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace: 'shop' }, type: 'kubernetes.io/tls', data };
    const file = this.path(`${name}.${format}`);
    writeFileSync(file, format === 'json' ? JSON.stringify(secret, null, 2) : toYaml(secret));
    return file;
  }

  pkcs12(name: string, cert: string, key: string, password: string): string {
    const out = this.path(`${name}.p12`);
    execFileSync('openssl', ['pkcs12', '-export', '-in', this.path(cert), '-inkey', this.path(key), '-out', out, '-passout', `pass:${password}`], { stdio: 'ignore', timeout: 30_000 });
    return out;
  }

  der(name: string, pem: string): string {
    const out = this.path(name);
    this.openssl(['x509', '-in', this.path(pem), '-outform', 'DER', '-out', out]);
    return out;
  }

  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function toYaml(secret: { apiVersion: string; kind: string; metadata: { name: string; namespace: string }; type: string; data: Record<string, string> }): string {
  return [
    `apiVersion: ${secret.apiVersion}`,
    `kind: ${secret.kind}`,
    'metadata:',
    `  name: ${secret.metadata.name}`,
    `  namespace: ${secret.metadata.namespace}`,
    `type: ${secret.type}`,
    'data:',
    ...Object.entries(secret.data).map(([field, value]) => `  ${field}: ${value}`),
    '',
  ].join('\n');
}

export const inDays = (days: number) => new Date(Date.now() + days * DAY);
