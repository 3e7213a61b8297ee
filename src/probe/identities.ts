/**
 * The certificates the probe presents, from a folder written by `mtls-tutor lab export`: its CA signs the good
 * and the deliberately bad clients, so the user adds that one ca.crt to the server's trusted client CAs once.
 * `--cert/--key` replace the good identity with the user's own.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { IdentityName } from './cases.js';

export interface Identity {
  cert: string;
  key: string;
  /** Where it came from, for the report ("clients/expired.crt"). */
  label: string;
}

export interface ProbeIdentities {
  dir: string;
  /** The file the server must trust for client certificates. */
  caFile: string;
  caPem: string;
  identities: Partial<Record<IdentityName, Identity>>;
  /** Identities the folder lacks (an export from an older version has no chained clients). */
  missing: IdentityName[];
}

const FILES: Record<Exclude<IdentityName, 'mismatch'>, string> = {
  good: 'good',
  chained: 'chained',
  expired: 'expired',
  'not-yet-valid': 'not-yet-valid',
  'self-signed': 'self-signed',
  untrusted: 'untrusted',
  'wrong-eku': 'wrong-eku',
  'no-intermediate': 'no-intermediate',
};

export class PkiFolderError extends Error {
  override name = 'PkiFolderError';
}

/** Whether `dir` looks like a lab export (ca.crt and clients/good.*). */
export async function isLabPki(dir: string): Promise<boolean> {
  try {
    await Promise.all(['ca.crt', 'clients/good.crt', 'clients/good.key'].map((file) => readFile(join(dir, file))));
    return true;
  } catch {
    return false;
  }
}

export async function loadIdentities(dir: string, own?: { cert: string; key: string; label: string }): Promise<ProbeIdentities> {
  let caPem: string;
  try {
    caPem = await readFile(join(dir, 'ca.crt'), 'utf8');
  } catch (error) {
    throw new PkiFolderError(`${dir} is not a PKI written by 'mtls-tutor lab export' (${join(dir, 'ca.crt')}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  const identities: Partial<Record<IdentityName, Identity>> = {};
  const missing: IdentityName[] = [];
  for (const [name, file] of Object.entries(FILES) as [Exclude<IdentityName, 'mismatch'>, string][]) {
    try {
      const [cert, key] = await Promise.all([readFile(join(dir, `clients/${file}.crt`), 'utf8'), readFile(join(dir, `clients/${file}.key`), 'utf8')]);
      identities[name] = { cert, key, label: `clients/${file}.crt` };
    } catch {
      missing.push(name);
    }
  }
  if (own) identities.good = own;
  if (!identities.good) throw new PkiFolderError(`${dir} has no clients/good.crt and clients/good.key, and no --cert/--key were given`);
  // The good certificate with another identity's key: a pair no TLS stack should load.
  const otherKey = identities.expired?.key ?? identities.untrusted?.key ?? identities['wrong-eku']?.key;
  if (otherKey) identities.mismatch = { cert: identities.good.cert, key: otherKey, label: `${identities.good.label} with another key` };
  else missing.push('mismatch');
  return { dir, caFile: join(dir, 'ca.crt'), caPem, identities, missing };
}
