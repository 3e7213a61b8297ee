/**
 * The server half of a lab handshake. Two kinds play it: Node's `tls` (node-server.ts), which verifies a client
 * certificate after the handshake and closes without an alert, and `openssl s_server` (openssl-server.ts), which
 * verifies during the handshake and sends the alert (42/45/48...) as Envoy's BoringSSL does.
 */
import type { CertSummary, ErrorInfo, Side } from './types.js';

/** Records one event of one side on the step's timeline. */
export type Note = (side: Side, event: string, detail?: string) => void;

/** What a step hands the server it starts. `keylog` is there only when the bytes are being captured. */
export interface ServerHooks {
  note: Note;
  /** Called when a connection closes, so the step can tell whether it is over. */
  onChange: () => void;
  handshakeTimeoutMs: number;
  /** NSS key log lines of the server side, for servers that can give them (Node's). */
  keylog?: (line: Buffer) => void;
}

/** What the server side reported about the connection. */
export interface ServerFacts {
  serverError: ErrorInfo | null;
  /** The server's verdict on the client certificate (Node's `authorizationError` names), when one was presented. */
  authorizationError: string | null;
  /** The client certificate as the server saw it, when it verified it. */
  seenByServer: CertSummary | null;
}

export interface HandshakeServer {
  /** Ephemeral port on 127.0.0.1. */
  port: number;
  facts: ServerFacts;
  /** Whether the server holds no connection now (none yet, or all closed). */
  idle(): boolean;
  /** Cuts every connection (the step's time limit passed). */
  abort(): void;
  /** Stops listening and frees everything; resolves when nothing is left. */
  close(): Promise<void>;
}

/** What the server writes first to a verified client; its arrival is the proof of acceptance. */
export const GREETING_PREFIX = 'hello ';
