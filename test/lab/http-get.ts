import http from 'node:http';
import https from 'node:https';

export type GetReply = { status: number | undefined; body: string; headers: Record<string, unknown> } | { error: string };

/** Settles a GET with its status, body and headers, or the error's code; never rejects; bounded by the request's timeout. */
function reply(request: http.ClientRequest, resolve: (reply: GetReply) => void): void {
  request.on('response', (response: http.IncomingMessage) => {
    let body = '';
    response.on('data', (chunk) => (body += chunk));
    response.on('end', () => resolve({ status: response.statusCode, body, headers: response.headers }));
  });
  request.on('timeout', () => request.destroy(new Error('timeout')));
  request.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
}

/** One HTTPS GET to 127.0.0.1 as `localhost`, with an optional client certificate; never rejects; bounded by `timeoutMs`. */
export function httpsGet(options: { port: number; ca: string | Buffer; cert?: string | Buffer; key?: string | Buffer; alpn?: string[]; path?: string; timeoutMs?: number }): Promise<GetReply> {
  return new Promise((resolve) =>
    reply(
      https.get({
        host: '127.0.0.1',
        servername: 'localhost',
        port: options.port,
        path: options.path ?? '/',
        ca: options.ca,
        ...(options.cert && options.key ? { cert: options.cert, key: options.key } : {}),
        ...(options.alpn ? { ALPNProtocols: options.alpn } : {}),
        agent: false,
        timeout: options.timeoutMs ?? 3000,
      }),
      resolve,
    ),
  );
}

/** One plain-HTTP GET to 127.0.0.1; never rejects; bounded (3 s). */
export function plainGet(port: number): Promise<GetReply> {
  return new Promise((resolve) => reply(http.get({ host: '127.0.0.1', port, path: '/', agent: false, timeout: 3000 }), resolve));
}
