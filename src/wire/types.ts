/**
 * Shapes of a captured TLS connection and of its decoded messages. Type-only, so lab results can name them cheaply.
 *
 * A capture is what a loopback relay between a lab's client and server saw: each side's bytes in the order they
 * arrived, when each side closed, and the NSS key log lines the TLS stacks reported. Decoding it (decode.ts) gives
 * the messages; `lab run --wire --json` prints them as `WireMessage`s.
 */

export type WireSide = 'client' | 'server';

/** Bytes one side sent, as one read of the relay; `t` is ms since the lab step started (the timeline's clock). */
export interface CapturedChunk {
  t: number;
  from: WireSide;
  data: Uint8Array;
}

/** One side ending its half of the TCP connection: a FIN, or a reset (RST). */
export interface CapturedClose {
  t: number;
  from: WireSide;
  how: 'fin' | 'rst';
}

export interface WireCapture {
  /** Epoch ms at t = 0 (for pcap timestamps). */
  startedAt: number;
  /** TCP ports as the relay saw them: the client's ephemeral port and the port it connected to. */
  clientPort: number;
  serverPort: number;
  chunks: CapturedChunk[];
  closes: CapturedClose[];
  /** NSS key log lines (SSLKEYLOGFILE format) from either side, without newlines. */
  keylog: string[];
}

/** The TLS record content type a message travelled in (its inner type when it was decrypted). */
export type RecordKind = 'handshake' | 'alert' | 'change_cipher_spec' | 'application_data' | 'heartbeat' | 'unknown' | 'not_tls';

/** A decoded field: JSON values only. */
export type FieldValue = string | number | boolean | null | FieldValue[] | { [key: string]: FieldValue };

/** One message as `lab run --wire --json` prints it. */
export interface WireMessage {
  /** ms since the step started, when the record holding it had fully arrived at the relay. */
  t: number;
  from: WireSide;
  record: RecordKind;
  /** Whether it travelled encrypted (and was decrypted with the logged secrets, unless its type is EncryptedRecord). */
  encrypted: boolean;
  /** ClientHello, CertificateRequest, Alert, ApplicationData... ; EncryptedRecord, TruncatedRecord, Unknown, PlainText. */
  type: string;
  fields: Record<string, FieldValue>;
  /** The message's own bytes in hex: for a handshake message its 4-byte header and body, decrypted. */
  bytes: string;
}

/** A byte range of a message with what it means, for the annotated hex view. `depth` nests (extension > field). */
export interface Span {
  start: number;
  end: number;
  depth: number;
  label: string;
  /** The decoded value in words, e.g. "TLS_AES_128_GCM_SHA256 (0x1301)". */
  value?: string;
}

/** A message with what the decoder knows beyond the JSON: byte annotations, the record, the transcript. */
export interface DecodedMessage extends WireMessage {
  /** Annotations of `bytes`, in byte order. */
  spans: Span[];
  /** The 5-byte header of the record that carried it (the first one, for a message spread over several), hex. */
  recordHeader: string;
  /** Counts records of the connection from 0: messages sharing a record share it. */
  recordIndex: number;
  /** Hex of the transcript hash after this handshake message (TLS 1.3, and 1.2 once the hash is known). */
  transcriptHash?: string;
  /** Why the bytes could not be fully decoded, when they could not. */
  problem?: string;
}

export interface WireDecode {
  /** The negotiated version as the ServerHello said it, or null when no ServerHello was seen. */
  version: '1.2' | '1.3' | null;
  cipherSuite: string | null;
  messages: DecodedMessage[];
  closes: CapturedClose[];
  /** Things the learner should know about the capture as a whole (no key for the connection...). */
  notes: string[];
}
