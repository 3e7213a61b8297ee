/**
 * The folder of client certificates the probe presents when the user names none: ./mtls-probe-pki, written by
 * `lab export` the first time and reused afterwards (the user has added its ca.crt to the server by then). A folder
 * there that is not such a PKI is never overwritten unless asked (--force).
 */
import { DirectoryNotEmptyError, exportLab } from '../lab/export.js';
import { isLabPki } from './identities.js';

export const DEFAULT_PKI_FOLDER = 'mtls-probe-pki';

export class PkiFolderTakenError extends Error {
  override name = 'PkiFolderTakenError';
}

/** Makes sure `dir` holds a probe PKI; says whether it was made now. */
export async function ensureProbePki(dir: string, { force = false }: { force?: boolean } = {}): Promise<{ made: boolean }> {
  if (await isLabPki(dir)) return { made: false };
  try {
    await exportLab(dir, { force });
  } catch (error) {
    if (error instanceof DirectoryNotEmptyError) throw new PkiFolderTakenError(`${dir} exists and is not a probe PKI`);
    throw error;
  }
  return { made: true };
}
