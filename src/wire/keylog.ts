/**
 * The NSS key log format (SSLKEYLOGFILE), which Node's `keylog` event, OpenSSL, curl, browsers and Wireshark all
 * speak: one `LABEL <client_random hex> <secret hex>` per line. TLS 1.2 logs CLIENT_RANDOM (the master secret);
 * TLS 1.3 logs CLIENT_/SERVER_HANDSHAKE_TRAFFIC_SECRET, CLIENT_/SERVER_TRAFFIC_SECRET_0, EXPORTER_SECRET...
 */

/** Secrets by label, for one connection (keyed by its ClientHello random). */
export type ConnectionSecrets = Map<string, Buffer>;

const LINE = /^([A-Z0-9_]+) ([0-9a-fA-F]{64}) ([0-9a-fA-F]+)$/;

/** Secrets by client random (lowercase hex). Lines that are not key log lines (comments, junk) are skipped. */
export function parseKeyLog(lines: readonly string[]): Map<string, ConnectionSecrets> {
  const byConnection = new Map<string, ConnectionSecrets>();
  for (const raw of lines) {
    const match = LINE.exec(raw.trim());
    if (!match) continue;
    const [, label, random, secret] = match as unknown as [string, string, string, string];
    const key = random.toLowerCase();
    let secrets = byConnection.get(key);
    if (!secrets) byConnection.set(key, (secrets = new Map()));
    secrets.set(label, Buffer.from(secret, 'hex'));
  }
  return byConnection;
}

/** An SSLKEYLOGFILE's text: each distinct line once, in first-seen order, newline-terminated. */
export function formatKeyLog(lines: Iterable<string>): string {
  const seen = new Set<string>();
  for (const line of lines) {
    const trimmed = line.trim();
    if (LINE.test(trimmed)) seen.add(trimmed);
  }
  return [...seen].map((line) => `${line}\n`).join('');
}
