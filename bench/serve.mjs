// `lab serve` under load: 200 concurrent mTLS clients from a loopback load generator (this process), against a
// bare Node https server with the same certificates as the baseline, each in its own process, alternating.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import tls from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { timeProcess } from './process.mjs';
import { printTable } from './stats.mjs';

const BARE_SERVER = `
const https = require('node:https'); const fs = require('node:fs'); const d = process.argv[1];
const s = https.createServer({ key: fs.readFileSync(d + '/server.key'), cert: fs.readFileSync(d + '/server.crt'),
  ca: fs.readFileSync(d + '/ca.crt'), requestCert: true, rejectUnauthorized: true },
  (req, res) => res.end('hello ' + req.socket.getPeerCertificate().subjectaltname + '\\n'));
s.listen(0, '127.0.0.1', () => console.log('Listening on https://localhost:' + s.address().port + '/'));
process.on('SIGTERM', () => s.close(() => process.exit(0)));`;

function startServer(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out}${err}`)), 10_000);
    child.once('exit', (code) => (clearTimeout(timer), reject(new Error(`server exited ${code} before listening: ${out}${err}`))));
    child.stdout.on('data', (d) => {
      out += d;
      const port = /https:\/\/localhost:(\d+)\//.exec(out)?.[1];
      if (port && timer) {
        clearTimeout(timer);
        child.stdout.removeAllListeners('data');
        child.stdout.resume(); // one line per connection: keep draining
        resolve({ port: Number(port), stop: () => new Promise((r) => (child.once('exit', r), child.kill('SIGINT'))) });
      }
    });
  });
}

/** `total` mTLS requests, `concurrency` at a time, each on a fresh connection (a full handshake). */
async function load(port, certs, { total, concurrency }) {
  // One client context for all requests: parsing keys per request would make the generator the bottleneck.
  const secureContext = tls.createSecureContext({
    ca: readFileSync(join(certs, 'ca.crt')), cert: readFileSync(join(certs, 'clients/good.crt')), key: readFileSync(join(certs, 'clients/good.key')),
  });
  const options = { host: '127.0.0.1', port, servername: 'localhost', path: '/', agent: false, secureContext };
  let started = 0;
  let ok = 0;
  let errors = 0;
  const one = () => new Promise((resolve) => {
    const req = https.get(options, (res) => {
      res.resume();
      res.on('end', () => ((res.statusCode === 200 ? ok++ : errors++), resolve()));
    });
    req.setTimeout(10_000, () => req.destroy(new Error('timeout')));
    req.on('error', () => (errors++, resolve()));
  });
  const worker = async () => {
    while (started < total) {
      started++;
      await one();
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - t0) / 1000;
  return { ok, errors, perSecond: ok / seconds };
}

export async function benchServe({ root, total = 2000, concurrency = 200, rounds = 3 }) {
  const certs = mkdtempSync(join(tmpdir(), 'mtls-serve-bench-'));
  const cli = join(root, 'bin/mtls-tutor.js');
  const exported = await timeProcess(process.execPath, [cli, 'lab', 'export', certs, '--force']);
  if (exported.code !== 0) throw new Error(`lab export failed: ${exported.stderr}`);
  const cases = [
    { name: 'bare Node https mTLS server', args: ['-e', BARE_SERVER, certs] },
    { name: 'mtls-tutor lab serve', args: [cli, 'lab', 'serve', '--port', '0', '--certs', certs] },
  ];
  const results = new Map(cases.map((c) => [c.name, []]));
  for (let i = 0; i < rounds; i++) {
    for (const c of cases) {
      const server = await startServer(c.args);
      try {
        results.get(c.name).push(await load(server.port, certs, { total, concurrency }));
      } finally {
        await server.stop();
      }
    }
  }
  rmSync(certs, { recursive: true, force: true });
  const summary = cases.map((c) => {
    const rs = results.get(c.name);
    return { name: c.name, rate: rs.map((r) => r.perSecond).sort((a, b) => a - b)[Math.floor(rs.length / 2)], errors: rs.reduce((n, r) => n + r.errors, 0), ok: rs.reduce((n, r) => n + r.ok, 0) };
  });
  printTable(`mTLS handshakes under load: ${total} requests x ${rounds} rounds, ${concurrency} concurrent, new connection each`, summary, [
    { label: 'server', get: (r) => r.name },
    { label: 'handshakes/s (median)', get: (r) => r.rate.toFixed(0) },
    { label: 'errors', get: (r) => r.errors },
    { label: 'x bare', get: (r) => (r.rate / summary[0].rate).toFixed(2) },
  ]);
  const ours = summary[1];
  return [{ name: `lab serve: ${concurrency} concurrent mTLS clients with zero errors`, ok: ours.errors === 0 && ours.ok === total * rounds, detail: `${ours.errors} errors, ${ours.rate.toFixed(0)} handshakes/s (${(ours.rate / summary[0].rate).toFixed(2)}x bare Node)` }];
}
