/**
 * The inbound filter-chain model against istiod's own simulation test (istio/istio
 * pilot/pkg/networking/core/sidecar_simulation_test.go, TestInbound): a ServiceEntry with port 70 TCP, 80 HTTP and
 * 81 undeclared (auto), called with plaintext, TLS and mTLS carrying TCP or HTTP, under DISABLE, PERMISSIVE and
 * STRICT. The simulation's TLS call offers ALPN "http/1.1" for HTTP and none for TCP; its mTLS call offers
 * "istio-http/1.1" for HTTP and "istio" for TCP (simulation/traffic.go).
 */
import { describe, expect, it } from 'vitest';
import { inboundChains, inboundPath, matchChain, NON_MESH_HTTPS_ALPN, SIDECAR_HTTP11_ALPN, type InboundResult, type PortProtocol } from '../../src/policy/inbound-chains.js';

type Call = { port: PortProtocol; protocol: 'tcp' | 'http'; tls: 'plaintext' | 'tls' | 'mtls' };
const client = ({ protocol, tls }: Call) => ({
  tls: tls !== 'plaintext',
  clientCert: tls === 'mtls',
  http: protocol === 'http',
  alpn: tls === 'mtls' ? [protocol === 'http' ? 'istio-http/1.1' : 'istio'] : tls === 'tls' && protocol === 'http' ? ['http/1.1'] : [],
});

// name, call, DISABLE, PERMISSIVE, STRICT — success is written as what reaches the app.
const CASES: [string, Call, InboundResult, InboundResult, InboundResult][] = [
  ['tcp', { port: 'tcp', protocol: 'tcp', tls: 'plaintext' }, 'plaintext', 'plaintext', 'no-filter-chain'],
  ['http to tcp', { port: 'tcp', protocol: 'http', tls: 'plaintext' }, 'plaintext', 'plaintext', 'no-filter-chain'],
  ['tls to tcp', { port: 'tcp', protocol: 'tcp', tls: 'tls' }, 'passthrough', 'passthrough', 'mtls-refused'],
  ['https to tcp', { port: 'tcp', protocol: 'http', tls: 'tls' }, 'passthrough', 'passthrough', 'mtls-refused'],
  ['mtls tcp to tcp', { port: 'tcp', protocol: 'tcp', tls: 'mtls' }, 'passthrough', 'mtls', 'mtls'],
  ['mtls http to tcp', { port: 'tcp', protocol: 'http', tls: 'mtls' }, 'passthrough', 'mtls', 'mtls'],
  ['http', { port: 'http', protocol: 'http', tls: 'plaintext' }, 'plaintext', 'plaintext', 'no-filter-chain'],
  ['tls to http', { port: 'http', protocol: 'tcp', tls: 'tls' }, 'protocol-error', 'no-filter-chain', 'mtls-refused'],
  ['https to http', { port: 'http', protocol: 'http', tls: 'tls' }, 'protocol-error', 'no-filter-chain', 'mtls-refused'],
  ['mtls to http', { port: 'http', protocol: 'http', tls: 'mtls' }, 'protocol-error', 'mtls', 'mtls'],
  ['tcp to http', { port: 'http', protocol: 'tcp', tls: 'plaintext' }, 'protocol-error', 'protocol-error', 'no-filter-chain'],
  ['auto port http', { port: 'auto', protocol: 'http', tls: 'plaintext' }, 'plaintext', 'plaintext', 'no-filter-chain'],
  ['auto port tcp', { port: 'auto', protocol: 'tcp', tls: 'plaintext' }, 'plaintext', 'plaintext', 'no-filter-chain'],
  ['tls to auto port', { port: 'auto', protocol: 'tcp', tls: 'tls' }, 'passthrough', 'passthrough', 'mtls-refused'],
  ['https to auto port', { port: 'auto', protocol: 'http', tls: 'tls' }, 'passthrough', 'passthrough', 'mtls-refused'],
  ['mtls tcp to auto port', { port: 'auto', protocol: 'tcp', tls: 'mtls' }, 'passthrough', 'mtls', 'mtls'],
  ['mtls http to auto port', { port: 'auto', protocol: 'http', tls: 'mtls' }, 'passthrough', 'mtls', 'mtls'],
];

describe('inbound filter chains, as istiod simulates them', () => {
  it.each(CASES)('%s: DISABLE %s, PERMISSIVE %s, STRICT %s', (_name, call, disable, permissive, strict) => {
    expect(inboundPath('DISABLE', call.port, client(call)).result).toBe(disable);
    expect(inboundPath('PERMISSIVE', call.port, client(call)).result).toBe(permissive);
    expect(inboundPath('STRICT', call.port, client(call)).result).toBe(strict);
  });

  it('on an auto port, the ALPN picks the chain: istio-http/1.1 the mTLS HTTP chain, istio the mTLS TCP chain', () => {
    const chains = inboundChains('PERMISSIVE', 'auto');
    const http = matchChain(chains, 'PERMISSIVE', { tls: true, alpn: SIDECAR_HTTP11_ALPN, http: true });
    expect([http.chain?.name, http.matchedAlpn]).toEqual(['mTLS HTTP', 'istio-http/1.1']);
    const tcp = matchChain(chains, 'PERMISSIVE', { tls: true, alpn: ['istio-peer-exchange', 'istio'], http: false });
    expect([tcp.chain?.name, tcp.matchedAlpn]).toEqual(['mTLS TCP', 'istio-peer-exchange']);
    // The client's order decides, as in Envoy: the first of its values that some chain lists.
    const first = matchChain(chains, 'PERMISSIVE', { tls: true, alpn: ['istio', 'istio-http/1.1'], http: true });
    expect(first.chain?.name).toBe('mTLS TCP');
  });

  it('every Istio ALPN value is terminated on a declared port; curl\'s h2, http/1.1 is not', () => {
    for (const value of ['istio', 'istio-peer-exchange', 'istio-http/1.0', 'istio-http/1.1', 'istio-h2']) {
      for (const port of ['http', 'tcp'] as const) expect(inboundPath('PERMISSIVE', port, { tls: true, alpn: [value], http: true, clientCert: true }).result).toBe('mtls');
    }
    const curl = { tls: true, alpn: NON_MESH_HTTPS_ALPN, http: true, clientCert: false };
    expect(inboundPath('PERMISSIVE', 'auto', curl)).toMatchObject({ result: 'passthrough', chain: { name: 'TLS passthrough' } });
    expect(inboundPath('PERMISSIVE', 'http', curl).result).toBe('no-filter-chain');
    expect(inboundPath('STRICT', 'auto', curl).result).toBe('mtls-refused');
  });

  it('a sidecar\'s mTLS without a certificate (DestinationRule SIMPLE offers no Istio ALPN) is passed through under PERMISSIVE', () => {
    expect(inboundPath('PERMISSIVE', 'auto', { tls: true, alpn: [], http: true, clientCert: false }).result).toBe('passthrough');
    expect(inboundPath('PERMISSIVE', 'auto', { tls: true, alpn: SIDECAR_HTTP11_ALPN, http: true, clientCert: false }).result).toBe('mtls-refused');
  });

  it('says why, naming the chain and the ALPN', () => {
    expect(inboundPath('PERMISSIVE', 'auto', { tls: true, alpn: SIDECAR_HTTP11_ALPN, http: true, clientCert: true }).why).toMatch(/mTLS HTTP chain \(ALPN "istio-http\/1\.1"\) terminates mTLS/);
    expect(inboundPath('PERMISSIVE', 'auto', { tls: true, alpn: NON_MESH_HTTPS_ALPN, http: true, clientCert: false }).why).toMatch(/TLS with ALPN h2, http\/1\.1 is not Istio mTLS; the TLS passthrough chain passes the bytes to the app unchanged/);
  });
});
