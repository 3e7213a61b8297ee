/** The SPIFFE ID in a certificate's subjectAltName, as Node prints it ("URI:spiffe://..., DNS:..."). Pure. */
const SPIFFE_URI = /URI:(spiffe:\/\/[^,\s]+)/;

export function identityFromSan(san: string | undefined): string | null {
  return san ? (SPIFFE_URI.exec(san)?.[1] ?? null) : null;
}
