/**
 * Misbehaving clients for fault tests of our listeners (lab serve, the policy enforcement listener). Each one
 * connects to 127.0.0.1, misbehaves, and resolves once its socket is closed (by the server, or by the bound),
 * so a test leaves no socket behind.
 */
import net from 'node:net';
import tls from 'node:tls';

export interface FaultOutcome {
  /** 'server': the server closed the connection; 'bound': the test gave up first and closed it; 'client': the client reset it itself. */
  closedBy: 'server' | 'bound' | 'client';
  /** Milliseconds from connect to close. */
  ms: number;
  /** What the server sent back. */
  received: Buffer;
  /** The client's port: the server's report for this connection names 127.0.0.1:<localPort>. */
  localPort: number | null;
}

export type FaultKind = 'silent' | 'garbage' | 'garbage-tls-header' | 'plain-http' | 'truncated-hello' | 'reset-mid-handshake' | 'trickle-hello' | 'stalled-hello';

/** silent: connects, sends nothing. garbage: random bytes. garbage-tls-header: a TLS record header, then random bytes.
 *  plain-http: an HTTP request to the TLS port. truncated-hello: half a ClientHello, then FIN.
 *  reset-mid-handshake: a whole ClientHello, then a TCP RST as soon as the server answers.
 *  trickle-hello: a ClientHello one byte every 100 ms (never idle long enough for an idle timer to fire).
 *  stalled-hello: half a ClientHello, then nothing (the connection stays open). */
export const FAULT_KINDS: readonly FaultKind[] = [
  'silent',
  'garbage',
  'garbage-tls-header',
  'plain-http',
  'truncated-hello',
  'reset-mid-handshake',
  'trickle-hello',
  'stalled-hello',
];

/** Deterministic bytes (xorshift32), so a failure can be replayed. */
export function garbage(length: number, seed = 0x9e3779b9): Buffer {
  const out = Buffer.alloc(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = x & 0xff;
  }
  // Not a TLS handshake record (0x16): the first byte is what a TLS inspector looks at.
  if (out[0] === 0x16) out[0] = 0x17;
  return out;
}

let helloCache: Promise<Buffer> | undefined;

/** A real ClientHello (SNI localhost) as Node's TLS client sends it, captured from a throwaway local listener. */
export function clientHello(): Promise<Buffer> {
  helloCache ??= new Promise<Buffer>((resolve, reject) => {
    let client: tls.TLSSocket | undefined;
    const timer = setTimeout(() => done(new Error('no ClientHello within 2 s')), 2000);
    const done = (error: Error | null, hello?: Buffer) => {
      clearTimeout(timer);
      client?.destroy();
      // Settle once the capture listener is really gone, so a handle count taken next does not see it.
      capture.close(() => (error ? reject(error) : resolve(hello!)));
    };
    const capture = net.createServer((socket) => {
      let bytes = Buffer.alloc(0);
      socket.on('error', () => {});
      socket.on('data', (chunk: Buffer) => {
        bytes = Buffer.concat([bytes, chunk]);
        // One TLS record: a 5-byte header, then the length it announces.
        if (bytes.length >= 5 && bytes.length >= 5 + bytes.readUInt16BE(3)) {
          socket.destroy();
          done(null, bytes.subarray(0, 5 + bytes.readUInt16BE(3)));
        }
      });
    });
    capture.listen(0, '127.0.0.1', () => {
      client = tls.connect({ host: '127.0.0.1', port: (capture.address() as net.AddressInfo).port, servername: 'localhost' });
      client.on('error', () => {});
    });
  });
  return helloCache;
}

/** Runs one misbehaving client against 127.0.0.1:port; never rejects; resolves within `boundMs` plus a little. */
export async function faultClient(kind: FaultKind, port: number, boundMs = 3000): Promise<FaultOutcome> {
  const hello = kind === 'truncated-hello' || kind === 'reset-mid-handshake' || kind === 'trickle-hello' || kind === 'stalled-hello' ? await clientHello() : Buffer.alloc(0);
  return new Promise<FaultOutcome>((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    const start = performance.now();
    const received: Buffer[] = [];
    let closedBy: FaultOutcome['closedBy'] = 'server';
    let trickle: NodeJS.Timeout | undefined;
    let localPort: number | null = null;
    const bound = setTimeout(() => {
      closedBy = 'bound';
      socket.destroy();
    }, boundMs);
    socket.on('error', () => {}); // resets are what some of these clients cause or expect
    socket.on('data', (chunk: Buffer) => {
      received.push(chunk);
      if (kind === 'reset-mid-handshake' && closedBy === 'server') {
        // The server has answered the ClientHello: the handshake is under way. Cut it with a TCP RST.
        closedBy = 'client';
        socket.resetAndDestroy();
      }
    });
    socket.on('close', () => {
      clearTimeout(bound);
      clearInterval(trickle);
      resolve({ closedBy, ms: performance.now() - start, received: Buffer.concat(received), localPort });
    });
    socket.on('connect', () => {
      localPort = socket.localPort ?? null;
      switch (kind) {
        case 'silent':
          break;
        case 'garbage':
          socket.write(garbage(1024));
          break;
        case 'garbage-tls-header':
          // Looks like a TLS handshake record to a first-byte inspector, then is nonsense.
          socket.write(Buffer.concat([Buffer.from([0x16, 0x03, 0x01, 0x02, 0x00]), garbage(512, 7)]));
          break;
        case 'plain-http':
          socket.write('GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n');
          break;
        case 'truncated-hello':
          // Half a ClientHello, then the client hangs up (FIN).
          socket.end(hello.subarray(0, Math.floor(hello.length / 2)));
          break;
        case 'reset-mid-handshake':
          socket.write(hello);
          break;
        case 'stalled-hello':
          socket.write(hello.subarray(0, Math.floor(hello.length / 2)));
          break;
        case 'trickle-hello': {
          let sent = 0;
          trickle = setInterval(() => {
            if (sent < hello.length) socket.write(hello.subarray(sent, ++sent));
          }, 100);
          break;
        }
      }
    });
  });
}
